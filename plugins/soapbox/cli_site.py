"""What every `soapbox` sub-command shares: exit codes, the usage error, and loading the site
through MkDocs itself (so the plugin's options are validated by the same code as in a build).

A module of its own so that the sub-command modules (`cli_init`, `cli_import`) and `cli` import it
without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from .core.content import ContentSettings
from .core.publication import build_now
from .core.version import package_version

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .mkdocs.plugin import SoapboxPlugin

OK, CONTENT_PROBLEMS, USAGE_ERROR = 0, 1, 2
DEFAULT_CONFIG = "mkdocs.yml"


class UsageError(Exception):
    """A mistake in the command line or the configuration: exit 2 with this message."""


@dataclass(frozen=True)
class Site:
    config: MkDocsConfig
    plugin: SoapboxPlugin
    settings: ContentSettings

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    def display(self, src_uri: str) -> str:
        """How messages name a file in the docs folder: `posts/rants/x.md`."""
        return f"{self.settings.display_root}/{src_uri}"

    def public_url(self, url: str) -> str:
        site_url = self.config.site_url
        return urljoin(site_url, url) if site_url else f"/{url}"


def _version() -> str:
    return package_version()


def load_site(config_file: str, *, strict: bool = False) -> Site:
    """mkdocs.yml -> validated config, the soapbox plugin and its content settings.

    MkDocs validates everything, including the plugin's options; MkDocs is imported here, not at
    the top, so that `soapbox --help` stays instant."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not Path(config_file).is_file():
        raise UsageError(
            f"cannot find {config_file}; run soapbox in the folder that holds your site's"
            " mkdocs.yml, or pass it with -f path/to/mkdocs.yml"
        )
    try:
        config = load_config(config_file=config_file, strict=strict)
    except MkDocsException as exc:  # ConfigurationError, and Abort (a SystemExit!)
        raise UsageError(f"{config_file}: {exc.format_message()}") from None
    plugin = config.plugins.get("soapbox")
    if plugin is None:
        raise UsageError(
            f"{config_file} does not use the soapbox plugin; add '- soapbox' under 'plugins:'"
        )
    try:
        plugin.on_config(config)  # the build's own checks of the theme and of option combinations
    except MkDocsException as exc:  # PluginError: an option that only makes sense with others
        raise UsageError(f"{config_file}: {exc.format_message()}") from None
    return Site(config, plugin, plugin.settings)


def _now(settings: ContentSettings) -> datetime:
    try:
        return build_now(tz=settings.timezone)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def counted(n: int, noun: str) -> str:
    """ "1 file", "2 files": a count with its noun."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
