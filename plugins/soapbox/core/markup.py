"""Valid, accessible HTML from mkdocs-material's page skeleton.

Material renders a few elements outside any template block, so no template override can reach
them; this module corrects them in each page's final HTML (the plugin's `on_post_page`):

- the drawer and search toggles are `<input type="checkbox" autocomplete="off">`: HTML allows
  `autocomplete` on text-like inputs only (the Nu HTML Checker reports an error on every page).
  The attribute is dropped (it only stops Firefox from restoring the toggles' state on reload).
- the search overlay is `role="dialog"` without a name (Lighthouse/axe "aria-dialog-name"): it
  gets the accessible name Material's search box already carries (translated: the theme's
  language), as `aria-label`.

Each correction matches Material's exact markup; when a Material release changes it, the
correction stops applying and tests/build/test_markup.py says which one.
"""

from __future__ import annotations

import html
import re

_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
    r'id="__(?:drawer|search)")'
    r' autocomplete="off">'
)
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_NAME = re.compile(
    r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"'
)


def fix_material_markup(page_html: str) -> str:
    """page_html with the corrections above applied (unchanged where Material's markup differs)."""
    page_html = _TOGGLE.sub(r"\1>", page_html)
    if _DIALOG in page_html:
        found = _SEARCH_NAME.search(page_html)
        # The captured label is already escaped HTML; unescape + escape keeps it so, whatever it
        # holds.
        name = html.escape(html.unescape(found.group(1)), quote=True) if found else "Search"
        page_html = page_html.replace(_DIALOG, _DIALOG[:-1] + f' aria-label="{name}">', 1)
    return page_html
