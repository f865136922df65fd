"""llms.txt (https://llmstxt.org): a Markdown map of the site for language models.

An H1 with the site's name, a blockquote with its description, then H2 sections of links, each
`- [title](url): description`. Everything here is plain text made safe for that Markdown: one line
per entry, brackets and parentheses that would end a link escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    url: str  # absolute
    description: str = ""


def _line(text: str) -> str:
    return " ".join(text.split())


def _label(text: str) -> str:
    text = _line(text).replace("\\", "\\\\")
    return text.replace("[", "\\[").replace("]", "\\]")


def _target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def llms_txt(name: str, description: str, sections: Iterable[tuple[str, Iterable[Entry]]]) -> str:
    lines = [f"# {_line(name) or 'Untitled site'}", ""]
    if _line(description):
        lines += [f"> {_line(description)}", ""]
    for title, entries in sections:
        items = [
            f"- [{_label(e.title)}]({_target(e.url)})"
            + (f": {_line(e.description)}" if _line(e.description) else "")
            for e in entries
        ]
        if items:
            lines += [f"## {_line(title)}", "", *items, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
