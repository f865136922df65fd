"""MkDocs glue for responsive images: each finished page's local `<img>` tags get WebP/AVIF
variants (made and cached by `soapbox.core.images`, copied into `assets/images/`), their size,
and eager/lazy loading. Runs in `on_post_page`, so every template's images are covered."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from PIL import Image

from ..core import images as core

CACHE = ".cache/soapbox/images"
log = get_plugin_logger("soapbox")
_known: dict[tuple[str, int, int], core.Variants | None] = {}  # (path, mtime_ns, size) -> variants


def page(output: str, page_url: str, config: MkDocsConfig) -> str:
    """`output` (a page's HTML at site-relative `page_url`) with responsive images."""
    docs = Path(config.docs_dir)
    site = Path(config.site_dir)
    cache = Path(config.config_file_path or "mkdocs.yml").resolve().parent / CACHE
    # The folder the page's relative URLs start from: "topics/pricing/", "" for the home page.
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    folder = folder.strip("/") + "/" if folder.strip("/") else ""

    def resolve(src: str) -> tuple[core.Variants, Callable[[core.Variant], str]] | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(urljoin("/" + folder, parts.path)).lstrip("/")
        source = docs / path
        if source.suffix.lower() not in core.RASTER or not source.is_file():
            return None
        stat = source.stat()
        key = (str(source), stat.st_mtime_ns, stat.st_size)
        if key not in _known:
            try:
                _known[key] = core.Variants.of(source, cache)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                # An image the browser may still show (or that the content check reports): it is
                # served as it is, without copies; the build goes on.
                log.info("images: %s is served as it is, without smaller copies: %s", path, error)
                _known[key] = None
        if _known[key] is None:
            return None

        def url_of(variant: core.Variant) -> str:
            published = core.publish(variant, site)
            return posixpath.relpath(published, folder.rstrip("/") or ".")

        variants = _known[key]
        assert variants is not None
        return variants, url_of

    return core.rewrite(output, resolve)
