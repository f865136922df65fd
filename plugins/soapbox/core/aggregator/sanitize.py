"""Sanitise every foreign string before it can reach a page (nh3 with explicit allow-lists).

Policy, in one place:

- **Markup** (`clean_html`): only the tags in `TAGS` survive, with only the attributes in
  `ATTRIBUTES`; `script`, `style`, `iframe`, `object`/`embed`, `svg`/`math`, `form` and its
  controls, media and `template` go *with their content* (`DROP_WITH_CONTENT`); every other tag
  goes and its text stays. No `style`, `class`, `id` or event-handler attribute exists in the
  allow-list, so none survives. Links keep only `http`/`https` (no `javascript:`, `data:`,
  `vbscript:`, `mailto:` ...); relative links are made absolute against the entry's URL; every
  link gets `rel="nofollow noopener ugc"` (no `target`: a reader decides where a link opens).
- **Images**: excerpts carry none by default. A remote image on the page would be loaded from the
  other blog's server by every visitor (a tracking pixel is just the smallest case of that), so
  the river shows text only. `images=True` keeps an image only with an http(s) `src` that matches
  no known pixel pattern and an explicit `width` and `height` both greater than 1.
- **Titles, authors, names** (`plain_text`): text only. HTML titles lose their tags (and the
  content of script/style); entity references are decoded once, also in titles declared as text,
  because feeds routinely escape titles twice (`&amp;amp;`, JSON Feed titles with `&#8211;`).
  Control characters go, whitespace collapses, length is capped. Templates still escape them.
- **Excerpts** (`excerpt`): cut after N words on a word boundary, never inside a tag; open tags are
  closed; headings become paragraphs. `excerpt_text` is the same excerpt as plain text.
"""

from __future__ import annotations

import html
import ipaddress
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import nh3

LINK_REL = "nofollow noopener ugc"
SCHEMES = frozenset({"http", "https"})
TAGS = frozenset(
    {"p", "br", "a", "strong", "b", "em", "i", "u", "code", "kbd", "samp", "pre", "blockquote", "q",
     "cite", "abbr", "sub", "sup", "s", "del", "ins", "small", "mark", "ul", "ol", "li", "dl", "dt",
     "dd", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "table",
     "thead", "tbody", "tr", "td", "th", "hr"}
)  # fmt: skip
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet",
     "svg", "math", "noscript", "noembed", "template", "form", "input", "textarea", "select",
     "option", "button", "audio", "video", "canvas", "head", "title", "xmp", "plaintext", "dialog",
     "picture", "map", "portal", "slot", "meta", "link", "base"}
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "blockquote": {"cite"}, "q": {"cite"}}
IMAGE_ATTRIBUTES = {"img": {"src", "alt", "width", "height"}}
# What a person can read in an excerpt; the structure tags of TAGS become word boundaries.
EXCERPT_TAGS = frozenset(
    {"p", "br", "a", "strong", "b", "em", "i", "u", "code", "kbd", "samp", "pre", "blockquote", "q",
     "cite", "abbr", "sub", "sup", "s", "del", "ins", "small", "mark", "ul", "ol", "li"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset({"p", "br", "pre", "blockquote", "ul", "ol", "li", "div", "dl", "dt", "dd",
                     "figure", "figcaption", "table", "tr", "td", "th", "hr",
                     *_HEADINGS})  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "wbr"})
_PIXEL = re.compile(
    r"(feeds\.feedburner\.com/~r/|/~ff/|feedburner\.com/~|/pixel|pixel\.|beacon|/stat\?|medium\.com/_/stat"
    r"|/track(ing)?[/?.]|/open\.gif|/wf/open|\bb\.gif|/1x1|spacer\.gif)",
    re.I,
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
MAX_TITLE = 300
MAX_NAME = 120
MAX_INPUT = 400_000  # characters of foreign HTML looked at (an excerpt needs far less)


def is_private_host(url: str) -> bool:
    """True for addresses only the author's machine or network can reach: `localhost`, `*.local`,
    loopback, private and link-local IP literals. A link to one of them on a public page is broken
    at best (a feed published with its development URL) and a probe of the visitor's network at
    worst."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if host in ("localhost", "0.0.0.0") or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
    )


def safe_url(value: str, base_url: str = "", *, private: bool = True) -> str:
    """An absolute http(s) URL, or "" (relative ones resolve against `base_url`). With
    `private=False`, addresses of private hosts (`is_private_host`) are refused too."""
    text = _CONTROL.sub("", value or "").strip()
    if not text:
        return ""
    try:
        absolute = urljoin(base_url, text) if base_url else text
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return ""
    if not private and is_private_host(absolute):
        return ""
    if any(c in absolute for c in ' "<>`'):
        absolute = (
            absolute.replace(" ", "%20")
            .replace('"', "%22")
            .replace("<", "%3C")
            .replace(">", "%3E")
            .replace("`", "%60")
        )
    return absolute


def plain_text(value: str, kind: str = "text", *, limit: int = MAX_TITLE) -> str:
    """Foreign text (a title, an author, a feed name) as plain text: no tags when it is HTML,
    entities decoded, no control characters, whitespace collapsed, at most `limit` characters."""
    text = value or ""
    if kind == "html" or ("<" in text and _looks_like_markup(text)):
        for _ in range(
            3
        ):  # markup hidden in raw-text elements (<noscript>, <title>) comes out as text
            text = nh3.clean(
                text[:MAX_INPUT], tags=set(), clean_content_tags={"script", "style"}, attributes={}
            )
            text = html.unescape(text)
            if "<" not in text or not _looks_like_markup(text):
                break
    else:
        text = html.unescape(html.unescape(text)) if "&amp;" in text else html.unescape(text)
    text = " ".join(_CONTROL.sub("", text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def tidy_text(value: str, *, limit: int = MAX_TITLE) -> str:
    """Text that is already plain (read back from the snapshot): no control characters, whitespace
    collapsed, at most `limit` characters; entities and tags are left alone (templates escape)."""
    text = " ".join(_CONTROL.sub("", value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MARKUP = re.compile(
    r"<\s*(script|style|iframe|svg|img|a|b|i|em|strong|span|p|br|div|object|embed|form)\b", re.I
)


def _looks_like_markup(text: str) -> bool:
    """A "text" title that carries tags anyway (feeds mislabel): treated as HTML when it contains
    a real tag, so `<script>` in a title never survives as visible code either."""
    return _MARKUP.search(text) is not None


def clean_html(
    markup: str, base_url: str = "", *, images: bool = False, private: bool = True
) -> str:
    """Foreign HTML reduced to the allow-list (see the module docstring). With `private=False`,
    links and images pointing at private hosts (`is_private_host`) lose their address."""
    base = safe_url(base_url)

    def no_private(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src", "cite") and is_private_host(value):
            return None
        return value

    attributes = {**ATTRIBUTES, **(IMAGE_ATTRIBUTES if images else {})}
    tags = set(TAGS) | ({"img"} if images else set())
    cleaned = nh3.clean(
        (markup or "")[:MAX_INPUT],
        tags=tags,
        clean_content_tags=set(DROP_WITH_CONTENT) | (set() if images else {"img"}),
        attributes=attributes,
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        url_relative=("rewrite_with_base", base) if base else "deny",
        strip_comments=True,
        attribute_filter=None if private else no_private,
    )
    if images:
        cleaned = _IMG.sub(_keep_image, cleaned)
    return _CONTROL.sub("", cleaned)


def _keep_image(match: re.Match) -> str:
    attrs = dict(_ATTR.findall(match.group(0)))
    src = html.unescape(attrs.get("src", ""))
    if not src or _PIXEL.search(src) or urlsplit(src).scheme not in SCHEMES:
        return ""
    for side in ("width", "height"):
        value = attrs.get(side, "")
        if not value.isdigit() or int(value) <= 1:
            return ""
    return match.group(0)


@dataclass(frozen=True, slots=True)
class Excerpt:
    html: str  # safe HTML, at most `words` words
    text: str  # the same as plain text
    truncated: bool


class _Cutter(HTMLParser):
    """Copies sanitised HTML until `words` words are written, then closes what is open."""

    def __init__(self, words: int, chars: int):
        super().__init__(convert_charrefs=True)
        self.budget = words
        self.chars = chars
        self.out: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.done = False
        self.truncated = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag in _HEADINGS:
            tag, attrs = "p", []
        if tag not in EXCERPT_TAGS and tag != "img":
            if tag in _BLOCKS:
                self.out.append(" ")  # a dropped block still separates words
            return
        if tag == "a" and not dict(attrs).get("href"):
            return  # a link whose address was unsafe is just text
        written = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        self.out.append(f"<{tag}{written}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in _BLOCKS:
            self.text.append(" ")
            if tag not in EXCERPT_TAGS and tag not in _HEADINGS:
                self.out.append(" ")
        if tag in _HEADINGS:
            tag = "p"
        if tag in self.open:
            while self.open:
                top = self.open.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.done or not data:
            return
        words = list(re.finditer(r"\S+", data))
        if not words:
            self.out.append(html.escape(data, quote=False))
            self.text.append(data)
            return
        if self.budget <= 0 or self.chars <= 0:
            self._stop()
            return
        kept, cut = data, False
        if len(words) > self.budget:
            kept, cut = data[: words[self.budget - 1].end()], True
        if len(kept) > self.chars:  # scripts without spaces (CJK): cut by characters too
            kept, cut = kept[: self.chars], True
        self.budget = max(self.budget - len(words), 0)
        self.chars -= len(kept)
        self.out.append(html.escape(kept, quote=False))
        self.text.append(kept)
        if cut:
            self._stop()

    def _stop(self) -> None:
        self.done = self.truncated = True
        # an element opened just before the cut would be empty: drop it, the ellipsis ends the text
        while self.open and self.out and self.out[-1].startswith(f"<{self.open[-1]}"):
            self.out.pop()
            self.open.pop()
        at = len(self.out)
        while at > 0 and self.out[at - 1].startswith("</"):
            at -= 1  # "…" inside the paragraph that just ended, not after it
        if at > 0 and not self.out[at - 1].startswith("<"):
            self.out[at - 1] = self.out[at - 1].rstrip()
        self.out.insert(at, "…")
        self.text.append("…")

    def result(self) -> tuple[str, str]:
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        text = " ".join("".join(self.text).split())
        if text.endswith(" …"):
            text = text[:-2] + "…"
        return "".join(self.out), text


def excerpt(
    markup: str, base_url: str = "", *, words: int = 60, images: bool = False, private: bool = True
) -> Excerpt:
    """The first `words` words of foreign HTML, sanitised, cut on a word boundary with every
    open tag closed again; also as plain text."""
    cleaned = clean_html(markup, base_url, images=images, private=private)
    cutter = _Cutter(max(words, 1), max(words, 1) * 12)
    cutter.feed(cleaned)
    cutter.close()
    body, text = cutter.result()
    # A second pass through the same allow-list: whatever the cut produced is valid, safe HTML.
    return Excerpt(reclean_excerpt(body, images=images), text, cutter.truncated)


def reclean_excerpt(markup: str, *, images: bool = False) -> str:
    """An excerpt through the excerpt allow-list again: run on what the cut produced, and on every
    excerpt read back from the snapshot (a file on disk, possibly written by an older Soapbox)."""
    final = nh3.clean(
        markup or "",
        tags=set(EXCERPT_TAGS) | ({"img"} if images else set()),
        clean_content_tags=set(DROP_WITH_CONTENT) | (set() if images else {"img"}),
        attributes={**ATTRIBUTES, **(IMAGE_ATTRIBUTES if images else {})},
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        url_relative="deny",
    )
    if images:
        final = _IMG.sub(_keep_image, final)
    return re.sub(r"<p>\s*</p>", "", final).strip()


def text_of(markup: str) -> str:
    """All the words of foreign HTML as one line of plain text (for keyword filters and topics)."""
    cleaned = nh3.clean(
        (markup or "")[:MAX_INPUT],
        tags=set(_BLOCKS),
        clean_content_tags=set(DROP_WITH_CONTENT) | {"img"},
        attributes={},
    )
    spaced = re.sub(r"<[^>]*>", " ", cleaned)
    return " ".join(html.unescape(spaced).split())
