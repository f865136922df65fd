"""MkDocs glue for responsive images: each finished page's local `<img>` tags get WebP/AVIF
variants, their size and eager/lazy loading (`soapbox.core.images.Images`). Runs in
`on_post_page`, so every template's images are covered."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ..core import images as core

log = get_plugin_logger("soapbox")
_known: dict[tuple[str, int, int], core.Variants | None] = {}  # kept across `serve` rebuilds


def page(output: str, page_url: str, config: MkDocsConfig) -> str:
    """`output` (a page's HTML at site-relative `page_url`) with responsive images."""
    return responsive(config).page(output, page_url)


def responsive(config: MkDocsConfig) -> core.Images:
    """The responsive images of one page of this site (`page`, or `replay` of a kept page)."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    return core.Images(
        Path(config.docs_dir), Path(config.site_dir), root / core.CACHE, _known, note=log.info
    )
