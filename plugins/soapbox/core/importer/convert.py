"""Foreign HTML -> clean Markdown, and reader comments -> a static Markdown block.

Why markdownify: it is maintained, small (BeautifulSoup underneath, which MkDocs' ecosystem already
ships), converts every common element (headings, lists, tables, code, images, links) and lets a
subclass decide how text is escaped. html2text targets e-mail-style plain text and wraps lines;
pandoc is an external binary. Before conversion the HTML goes through the aggregator's nh3
allow-list (`sanitize.clean_html`): scripts, iframes, event handlers and `javascript:` URLs never
reach a post. Text is escaped for Markdown, including `{` and `}` (attr_list could otherwise add
attributes such as `onclick` to a paragraph) and `<` (raw HTML).

WordPress specifics handled here: block-editor comments (`<!-- wp:paragraph -->`) are dropped,
`<!--more-->` becomes Soapbox's `<!-- more -->`, text without `<p>` gets WordPress' automatic
paragraphs, and shortcodes: `[caption]` becomes the image with its caption (credits kept),
`[embed]`/`[video]`/`[audio]` a link, `[gallery]` a note; other shortcodes lose their brackets and
are flagged for the author.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import nh3
from markdownify import MarkdownConverter

from ..aggregator.sanitize import _PIXEL as TRACKING_PIXEL  # the aggregator's list of trackers
from ..aggregator.sanitize import ATTRIBUTES, DROP_WITH_CONTENT, SCHEMES, TAGS, safe_url
from .model import Comment

MORE = "<!-- more -->"
COMMENTS_HEADING = "Comments from the earlier site"
MAX_COMMENT_DEPTH = 3  # deeper replies are shown at this depth

_MORE_TOKEN = "SOAPBOXMOREMARKER"
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_MORE_COMMENT = re.compile(r"<!--\s*more\b[^>]*-->", re.I)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
_HAS_BLOCKS = re.compile(r"<(?:p|div|h[1-6]|ul|ol|pre|blockquote|table|figure)[\s>]", re.I)
_STARTS_BLOCK = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|pre|blockquote|table|figure|hr)[\s>/]", re.I
)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
_CAPTION_ATTR = re.compile(r'caption="([^"]*)"', re.I)
_MEDIA_PAIRED = re.compile(r"\[(embed|video|audio)([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_MEDIA_SRC = re.compile(
    r"\[(?:embed|video|audio|youtube|vimeo)\b[^\]]*?(?:src|url)=\"?([^\"\s\]]+)\"?[^\]]*\]", re.I
)
_YOUTUBE = re.compile(r"\[(youtube|vimeo)\s+(https?://[^\]\s]+)\s*\]", re.I)
_GALLERY = re.compile(r"\[gallery\b[^\]]*\]", re.I)
_PAIRED = re.compile(r"\[([a-z][a-z0-9_-]*)(\s[^\]]*)?\](.*?)\[/\1\]", re.S | re.I)
_WITH_ATTRIBUTES = re.compile(r"\[([a-z][a-z0-9_-]*)\s+[a-z_-]+=[^\]]*\]", re.I)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_AFTER_IMAGE = re.compile(r"^(.*(?:<img\b[^>]*>\s*(?:</a>)?))(.*)$", re.S | re.I)

GALLERY_NOTE = (
    "(A gallery from the earlier site was here; add the images you want to keep by hand.)"
)


_ESCAPE_ALWAYS = re.compile(r"([\\`*_{}\[\]])")
_ESCAPE_LINE_START = re.compile(r"(^|\n)([ \t]*)([#+-]|\d+(?=\.))", re.M)


class _Converter(MarkdownConverter):
    """markdownify, with text escaped for Python-Markdown: the characters it can escape get a
    backslash (`{` and `}` too: attr_list must not read foreign text as attributes), `<`, `>`
    and `&` become entities (a backslash before `<` would be printed)."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if not text or "_noformat" in parent_tags:
            return text
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = _ESCAPE_ALWAYS.sub(r"\\\1", text)
        return _ESCAPE_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    """`# x`, `- x`, `+ x` and `1. x` at the start of a line stay text, not a heading or list."""
    lead, mark = match.group(1) + match.group(2), match.group(3)
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def _markdown(markup: str) -> str:
    converter = _Converter(heading_style="ATX", bullets="-", strip=["span", "div"])
    return converter.convert(markup)


def sanitize(markup: str, base_url: str = "") -> str:
    """The aggregator's allow-list (sanitize.py) plus images of any size."""
    base = safe_url(base_url)
    return nh3.clean(
        markup,
        tags=set(TAGS) | {"img"},
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={**ATTRIBUTES, "img": {"src", "alt", "title"}},
        url_schemes=set(SCHEMES),
        link_rel=None,
        url_relative=("rewrite_with_base", base) if base else "deny",
        strip_comments=True,
    )


def autop(text: str) -> str:
    """WordPress' automatic paragraphs: text stored without `<p>` gets them at display time."""
    if _HAS_BLOCKS.search(text):
        return text
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "\n".join(
        b if _STARTS_BLOCK.match(b) else "<p>" + b.replace("\n", "<br>\n") + "</p>" for b in blocks
    )


def shortcodes(text: str) -> tuple[str, list[str]]:
    """WordPress shortcodes -> HTML; returns the text and what the author should look at."""
    flags: list[str] = []

    def caption(match: re.Match) -> str:
        attrs, inner = match.group(1), match.group(2)
        split = _AFTER_IMAGE.match(inner)
        image, words = (split.group(1), split.group(2)) if split else (inner, "")
        words = words.strip()
        if not words:
            attr = _CAPTION_ATTR.search(attrs)
            words = html.unescape(attr.group(1)) if attr else ""
        return f"<p>{image.strip()}</p>" + (f"<p><em>{words}</em></p>" if words else "")

    def media(url: str) -> str:
        safe = html.escape(url.strip(), quote=True)
        return f'<p><a href="{safe}">{safe}</a></p>'

    text = _CAPTION.sub(caption, text)
    text = _MEDIA_PAIRED.sub(
        lambda m: media(m.group(3)) if m.group(3).strip() else media(_src(m.group(2))), text
    )
    text = _MEDIA_SRC.sub(lambda m: media(m.group(1)), text)
    text = _YOUTUBE.sub(lambda m: media(m.group(2)), text)
    if _GALLERY.search(text):
        flags.append("a [gallery] was replaced by a note: add its images by hand")
        text = _GALLERY.sub(f"<p><em>{GALLERY_NOTE}</em></p>", text)

    def paired(match: re.Match) -> str:
        flags.append(f"the shortcode [{match.group(1)}] was removed (its text is kept)")
        return match.group(3)

    previous = None
    while previous != text:  # nested shortcodes: innermost first
        previous, text = text, _PAIRED.sub(paired, text)

    def single(match: re.Match) -> str:
        flags.append(f"the shortcode [{match.group(1)}] was removed")
        return ""

    return _WITH_ATTRIBUTES.sub(single, text), flags


def _src(attrs: str) -> str:
    found = re.search(r'(?:src|url|mp4|mp3)="([^"]+)"', attrs)
    return found.group(1) if found else ""


def html_to_markdown(
    markup: str, base_url: str = "", *, wordpress: bool = False
) -> tuple[str, list[str]]:
    """Foreign HTML -> (Markdown, flags). `<!-- more -->` survives as its own line."""
    flags: list[str] = []
    text = _BLOCK_COMMENT.sub("", markup or "")
    text = _NEXTPAGE.sub("", text)
    text = _MORE_COMMENT.sub(f"\n\n<p>{_MORE_TOKEN}</p>\n\n", text)
    if wordpress:
        text, flags = shortcodes(text)
        text = autop(text)
    cleaned = sanitize(text, base_url)
    cleaned = _IMG_TAG.sub(
        lambda m: "" if TRACKING_PIXEL.search(m.group(0)) else m.group(0), cleaned
    )
    # The title goes to the front matter and the template prints it as the page's one h1.
    cleaned = re.sub(r"<(/?)h1\b", r"<\1h2", cleaned, flags=re.I)
    markdown = _markdown(cleaned)
    lines = [line.rstrip() for line in markdown.split("\n")]
    markers = [i for i, line in enumerate(lines) if line.strip() == _MORE_TOKEN]
    for index in markers:  # only the first one ends the excerpt
        lines[index] = MORE if index == markers[0] else ""
    markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    missing_alt = markdown.count("![](")
    if missing_alt:
        flags.append(
            f"{missing_alt} image(s) without alt text: describe each inside the brackets,"
            " ![What it shows](...) (the build warns until then)"
        )
    return markdown + "\n" if markdown else "", list(dict.fromkeys(flags))


def plain_paragraphs(markup: str) -> list[str]:
    """A comment's HTML as plain-text paragraphs (links keep their words, not their address)."""
    text = nh3.clean(markup or "", tags={"p", "br"}, clean_content_tags=set(DROP_WITH_CONTENT))
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p\s*>|<p[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def comments_markdown(comments: Sequence[Comment], date_format: str = "%Y-%m-%d") -> str:
    """Approved comments as a static block: heading, then nested list items (name, date, text).
    Everything is escaped: a comment cannot add markup, links, attributes or HTML."""
    if not comments:
        return ""
    children: dict[str, list[Comment]] = {}
    keys = {c.key for c in comments}
    for comment in comments:
        parent = comment.parent if comment.parent in keys else ""
        children.setdefault(parent, []).append(comment)
    lines = [f"## {COMMENTS_HEADING}", ""]

    def walk(parent: str, depth: int, seen: set[str]) -> None:
        for comment in sorted(children.get(parent, []), key=_comment_order):
            if comment.key in seen:
                continue
            seen.add(comment.key)
            indent = "    " * min(depth, MAX_COMMENT_DEPTH)
            when = f" · {comment.date.strftime(date_format)}" if comment.date else ""
            lines.append(f"{indent}- **{_escape(comment.author or 'Anonymous')}**{when}")
            lines.append("")
            for paragraph in comment.text.split("\n\n"):
                if paragraph.strip():
                    lines.append(f"{indent}    {_escape(paragraph)}")
                    lines.append("")
            walk(comment.key, depth + 1, seen)

    walk("", 0, set())
    return "\n".join(lines).rstrip() + "\n"


def _comment_order(comment: Comment) -> tuple[float, str]:
    return (comment.date.timestamp() if comment.date else 0.0, comment.key)


def _escape(text: str) -> str:
    """Plain text that Markdown prints as it is."""
    escaped = _markdown(f"<p>{html.escape(' '.join(text.split()))}</p>").strip()
    return escaped.replace("\n", " ")
