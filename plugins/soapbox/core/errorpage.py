"""The page `mkdocs serve` shows instead of the site while the content has errors.

A build error used to leave the browser on the last good page with no sign of it; the live
preview now shows every problem (file, line, field and what to do) on every page until the author
saves a fix, when the preview's own live reload brings the site back.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .problems import Problem

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff8f6;color:#1b1d24}
main{max-width:52rem;margin:3rem auto;padding:0 1.5rem}
h1{font-size:1.6rem;color:#b3261e;margin:0 0 .5rem}
ol{padding-left:1.2rem}li{margin:.8rem 0}
code{font:600 .95em ui-monospace,monospace;background:#fde7e3;padding:.1em .3em;border-radius:3px}
.fix{display:block;margin-top:.2rem}
p.note{color:#5c5f66}
"""


def error_page(problems: Sequence[Problem]) -> str:
    """A complete HTML document listing `problems`, everything escaped. The live server adds its
    reload script before `</body>`, so the page reloads when the site builds again."""
    count = len(problems)
    heading = "1 problem stops" if count == 1 else f"{count} problems stop"
    items = "\n".join(
        f"<li><code>{escape(_where(p))}</code>"
        + (f" <strong>{escape(p.field)}</strong>" if p.field else "")
        + f'<span class="fix">{escape(p.message)}</span></li>'
        for p in problems
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>Build error – {escape(heading)} the site</title>"
        f"<style>{_STYLE}</style></head>\n"
        '<body><main role="alert">'
        f"<h1>{escape(heading)} the site from building</h1>"
        "<p>Fix each one in your editor and save: this page reloads by itself and shows the site"
        " again once it builds.</p>"
        f'<ol class="sb-build-errors">\n{items}\n</ol>'
        '<p class="note">Shown only by <code>mkdocs serve</code>; <code>mkdocs build</code> stops'
        " on the same problems, and <code>soapbox check</code> lists them without building.</p>"
        "</main></body></html>\n"
    )


def _where(problem: Problem) -> str:
    return problem.path if problem.line is None else f"{problem.path}:{problem.line}"
