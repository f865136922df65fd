"""Adapter: hand the options that may still hold the sample site's values to the core check."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from ..core.problems import Problem
from ..core.samples import sample_value_problems


def problems(
    options: Any,
    speaking: Any,
    *,
    site_url: str | None,
    config_file: str,
    display_root: str,
    docs_dir: str,
) -> list[Problem]:
    """Warnings for giscus ids, the newsletter form and the booking address left at the sample's
    values (only for features that are on)."""
    where = Path(config_file).name or "mkdocs.yml"
    files = {where: Path(config_file)}
    values: dict[str, tuple[str, str]] = {}
    comments = options.engagement.comments
    if comments.enabled:
        for key in ("repo", "repo_id", "category_id"):
            values[f"engagement.comments.{key}"] = (where, getattr(comments, key))
    newsletter = options.engagement.newsletter
    if newsletter.enabled:
        values["engagement.newsletter.action"] = (where, newsletter.action)
    view = getattr(speaking, "view", None)
    if view is not None:
        speaker = view.speaker
        page = posixpath.join(display_root, speaker.src_uri)
        values["speaker.booking.email"] = (page, speaker.booking.email)
        values["speaker.booking.endpoint"] = (page, speaker.booking.endpoint)
        files[page] = Path(docs_dir, speaker.src_uri)
    return sample_value_problems(values, site_url, lambda at, value: _line_of(files.get(at), value))


def _line_of(path: Path | None, value: str) -> int | None:
    """The first line of `path` holding `value`, for the message's file:line."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    index = text.find(value)
    return None if index < 0 else text.count("\n", 0, index) + 1
