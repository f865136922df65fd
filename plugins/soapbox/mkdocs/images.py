"""MkDocs glue for responsive images: each finished page's local `<img>` tags get WebP/AVIF
variants, their size and eager/lazy loading (`soapbox.core.images.Images`). Runs in
`on_post_page`, so every template's images are covered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ..core import images as core

log = get_plugin_logger("soapbox")
_known: dict[tuple[str, int, int], core.Variants | None] = {}  # kept across `serve` rebuilds
_build: list[Any] = [None, None]  # the config of the build in progress, and its images


def responsive(config: MkDocsConfig) -> core.Images:
    """The responsive images of this build (`page`, or `replay` of a kept page): one per build,
    since MkDocs loads the config anew for each (every `serve` rebuild looks at the files again)."""
    if _build[0] is not config:
        cache = Path(config.config_file_path or "mkdocs.yml").resolve().parent / core.CACHE
        images = core.Images(Path(config.docs_dir), Path(config.site_dir), cache, _known, log.info)
        _build[:] = [config, images]
    return _build[1]
