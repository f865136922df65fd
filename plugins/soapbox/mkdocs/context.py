"""The boundary where MkDocs' configuration becomes the core's `SiteContext` (built once per
build by the plugin; every feature adapter reads it from there or calls this)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..core.kept import Shelf
from ..core.plan import SiteContext
from ..core.plan_river import FETCH_COMMANDS as FETCH_COMMANDS  # commands that may fetch
from ..core.version import package_version


def site_context(config: MkDocsConfig) -> SiteContext:
    """The site-wide facts of MkDocs' configuration, as the core's SiteContext."""
    site_url = config.site_url or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    social = [s for s in (config.extra.get("social") or []) if isinstance(s, Mapping)]
    return SiteContext(
        url=site_url,
        name=config.site_name,
        language=str(config.theme.get("language") or "en"),
        social=tuple(str(s.get("link", "")) for s in social),
        config_name=Path(config.config_file_path or "mkdocs.yml").name,
    )


def soapbox_version() -> str:
    """The installed package's version, for User-Agent strings and cache keys."""
    return package_version()


def shelf(plugin: Any, name: str) -> Shelf | None:
    """The folder under the render cache's where `name` keeps values between builds (None when
    the render cache is off: then nothing is kept on disk). `plugin`: the SoapboxPlugin."""
    options = plugin.config.performance
    if not options.render_cache:
        return None
    return Shelf(Path(plugin.config_file).parent / options.cache_dir / name)
