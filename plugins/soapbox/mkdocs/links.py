"""Adapter: the links Soapbox's templates print from mkdocs.yml must lead somewhere.

`plan` (once per build: `core.links.plan_links`) decides whether the hire-me call to action has
a page to lead to and which configured links the pages are checked for; each page's HTML is
scanned in `incremental.finish_page`; `report` warns after the build about every such link
that has no page (`--strict` fails).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

from ..core.links import LinkCheck, in_site, plan_links

__all__ = ["LinkCheck", "plan", "report"]

log = get_plugin_logger(__name__)


def plan(config: Any, known_urls: set[str]) -> tuple[bool, LinkCheck]:
    """(show the hire-me call to action?, the check of every configured link)."""
    show_hire_me, check, note = plan_links(config, known_urls)
    if note:
        log.info(note)
    return show_hire_me, check


def report(check: LinkCheck, site_dir: str) -> None:
    for problem in check.problems(in_site(Path(site_dir))):
        log.warning(str(problem))
