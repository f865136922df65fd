"""Soapbox's scripts on every page, where Material's instant navigation keeps them.

With `navigation.instant` Material swaps only the page's content in: a script that a template
puts in one page's `scripts` block never runs when a visitor arrives there by a click. So every
script the build ships (`assets/soapbox/*.js`: engagement, subscribe page, booking form, river
filter) is a deferred `extra_javascript` entry, printed at the end of every page's body; each one
binds the page in view through Material's `document$` (see the scripts themselves)."""

from __future__ import annotations

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

FOLDER = "assets/soapbox/"


def load_everywhere(files: Files, config: MkDocsConfig) -> None:
    """Add each Soapbox script among `files` (only the enabled features ship theirs) to
    `config.extra_javascript`, deferred: it never delays the first paint. An entry the site
    already lists is left as the author wrote it."""
    listed = {str(script) for script in config.extra_javascript}
    shipped = sorted(
        file.src_uri
        for file in files
        if file.src_uri.startswith(FOLDER) and file.src_uri.endswith(".js")
    )
    for uri in shipped:
        if uri not in listed:
            script = ExtraScriptValue(uri)
            script.defer = True
            config.extra_javascript.append(script)
