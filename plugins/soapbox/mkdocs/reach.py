"""Reach adapter: hands MkDocs' configuration to `soapbox.core.reach.plan` and writes its files.

`plan` runs once per build (after the publication and topics are planned); `write` puts the
files into the site folder after MkDocs (and the SEO feature's robots.txt) wrote theirs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..core.aggregator import pipeline
from ..core.aggregator.fetch import user_agent
from ..core.publication import Publication
from ..core.reach import plan as core
from .context import FETCH_COMMANDS, site_context, soapbox_version

log = get_plugin_logger(__name__)

Reach = core.Reach
page_view = core.page_view


def plan(
    options: Any,
    config: MkDocsConfig,
    files: Files,
    publication: Publication,
    topic_pages: dict[str, Any],
    *,
    show_hire_me: bool,
    command: str = "build",
    now: datetime | None = None,
) -> Reach:
    """Everything reach adds to this build; `options` is the plugin's whole config."""
    reach = core.plan(
        options, site_context(config), config.site_description or "", publication, topic_pages,
        show_hire_me=show_hire_me,
        own_robots_txt=files.get_file_from_path("robots.txt") is not None,
    )  # fmt: skip
    for note in reach.notes:
        log.warning(note)
    if options.reach.mentions:
        config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        offline = pipeline.offline_reason(options.aggregator.offline)
        reach.received, note = core.received_mentions(
            options.reach.mentions, config_dir / options.aggregator.cache_dir,
            may_fetch=command in FETCH_COMMANDS and not offline, now=now,
            user_agent=user_agent(soapbox_version(), config.site_url or ""),
        )  # fmt: skip
        if note:
            log.info(note)
    return reach


def write(reach: Reach, site_dir: str) -> None:
    root = Path(site_dir)
    for path, text in reach.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    target = root / "robots.txt"  # written by the SEO feature this build, or not at all
    written = target.read_text(encoding="utf-8") if target.exists() else None
    robots, warning = core.robots_txt(reach, written)
    if warning:
        log.warning(warning)
    if robots is not None:
        target.write_text(robots, encoding="utf-8")
