"""MkDocs glue for the speaker feature: the hire-me page's file text and the known files go to
`soapbox.core.speaker.site`, which plans the speaker's pages and files; this module adds the
speaker's assets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.publication import Publication
from ..core.speaker import KEY, SpeakerSettings
from ..core.speaker.site import SpeakerView, Speaking, folder, plan_speaking
from .config import SpeakerOptions
from .context import site_context

PACKAGE = Path(__file__).resolve().parents[1]
STYLESHEET = "assets/soapbox/speaker.css"
SCRIPT = "assets/soapbox/booking.js"


def plan(
    options: SpeakerOptions,
    publication: Publication,
    files: Files,
    config: MkDocsConfig,
    *,
    display_root: str,
    timezone: Any,
    is_serve: bool,
    date_format: str = "%B %-d, %Y",
    topics: Any = None,
) -> Speaking:
    file = files.get_file_from_path(options.page)
    if not options.enabled or file is None or options.page not in publication.posts:
        return Speaking()
    settings = SpeakerSettings(
        display_root=display_root,
        timezone=timezone,
        talks_path=folder(options.talks_path),
        known_files=frozenset(f.src_uri for f in files),
    )
    return plan_speaking(
        options, publication, file.content_string, settings, site_context(config),
        is_serve=is_serve, date_format=date_format, topics=topics,
    )  # fmt: skip


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """The stylesheet (every page: the call to action sits on articles) and the form's script."""
    for uri, name in ((STYLESHEET, "speaker.css"), (SCRIPT, "booking.js")):
        files.append(File.generated(config, uri, abs_src_path=str(PACKAGE / "assets" / name)))


__all__ = ["KEY", "Speaking", "SpeakerView", "add_assets", "plan"]
