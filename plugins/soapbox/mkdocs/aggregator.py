"""MkDocs glue for "Around the web": the options and the command go to `core.plan_river`, which
decides everything (sources, when to fetch, the river, its feeds, the health policy); this module
logs its lines (under `mkdocs serve`, once per session) and adds the filter script."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.plan import PlannedPage
from ..core.plan_river import Aggregator, cache_folder, head_links, plan_river, sources_or_raise
from ..core.problems import Severity
from .context import site_context

log = get_plugin_logger(__name__)

SCRIPT = "assets/soapbox/around-the-web.js"
_SAID_IN_SERVE: set[str] = set()  # what this `mkdocs serve` session has already logged


def plan(
    options: Any, topics_options: Any, config: MkDocsConfig, *, now: datetime, command: str,
    topics_view: Any, topic_pages: Mapping[str, PlannedPage], feed_stylesheet: str = "",
) -> Aggregator:  # fmt: skip
    river = plan_river(
        options, topics_options, site_context(config), site_author=config.site_author or "",
        config_file=str(Path(config.config_file_path or "mkdocs.yml").resolve()), now=now,
        command=command, topics_view=topics_view, topic_pages=topic_pages,
        feed_stylesheet=feed_stylesheet,
    )  # fmt: skip
    for line in river.log:
        if _first_time(line, command):
            log.info(line)
    river.problems = [
        p for p in river.problems if p.severity is Severity.ERROR or _first_time(str(p), command)
    ]
    return river


def _first_time(message: str, command: str) -> bool:
    """Under `mkdocs serve`, True once per message per session (every rebuild reads the same
    snapshot); always True for other commands."""
    if command != "serve":
        return True
    if message in _SAID_IN_SERVE:
        return False
    _SAID_IN_SERVE.add(message)
    return True


def add_files(aggregator: Aggregator, files: Files, config: MkDocsConfig) -> None:
    """The river's filter script (its feeds and blogroll are in `aggregator.files`)."""
    if aggregator.view is not None:
        package = Path(__file__).resolve().parents[1]
        script = str(package / "assets" / "around-the-web.js")
        files.append(File.generated(config, SCRIPT, abs_src_path=script))


__all__ = ["Aggregator", "add_files", "cache_folder", "head_links", "plan", "sources_or_raise"]
