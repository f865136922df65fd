"""MkDocs glue for reader engagement: share links, giscus comments, newsletter and promotion
(decided in `soapbox.core.engagement`); a configuration mistake stops the build."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from ..core.engagement import config_mistake, post_view

__all__ = ["SCRIPT", "check", "post_view"]

SCRIPT = "assets/soapbox/engagement.js"


def check(options: Any) -> None:
    """Configuration mistakes stop the build with the option's full name."""
    if mistake := config_mistake(options):
        raise PluginError(mistake)
