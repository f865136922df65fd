"""Adapter: hand the options that may still hold the sample site's values to the core check."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from ..core.problems import Problem
from ..core.samples import sample_value_problems


def problems(
    options: Any, speaking: Any, *, site_url: str | None, config_file: str, display_root: str
) -> list[Problem]:
    """Warnings for giscus ids, the newsletter form and the booking address left at the sample's
    values (only for features that are on)."""
    where = Path(config_file).name or "mkdocs.yml"
    values: dict[str, tuple[str, str]] = {}
    comments = options.engagement.comments
    if comments.enabled:
        for key in ("repo", "repo_id", "category_id"):
            values[f"engagement.comments.{key}"] = (where, comments[key])
    newsletter = options.engagement.newsletter
    if newsletter.enabled:
        values["engagement.newsletter.action"] = (where, newsletter.action)
    view = getattr(speaking, "view", None)
    if view is not None:
        speaker = view.speaker
        page = posixpath.join(display_root, speaker.src_uri)
        values["speaker.booking.email"] = (page, speaker.booking.email)
        values["speaker.booking.endpoint"] = (page, speaker.booking.endpoint)
    return sample_value_problems(values, site_url)
