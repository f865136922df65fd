"""Links Soapbox's own templates print from the configuration (the hire-me button, the promotion,
an author's profile ...): which of them point inside the site, and which of those lead nowhere.

A generated listing or topic link comes from the plan and resolves by construction; a link typed
into mkdocs.yml does not. The build checks the rendered HTML for every link of this set and names
the page, the link and the option to fix (`broken_link_problems`).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from .problems import Problem, Severity

_BASE = "http://soapbox.invalid/"
_HREF = re.compile(r"""href=["']([^"']*)""")  # as MkDocs and Material write attributes


def internal_target(url: str, page_url: str = "") -> str | None:
    """`url` as the site-relative path it leads to (no leading '/', no query or fragment), or None
    for a link that leaves the site (a scheme, `//host`, `mailto:`) or only jumps within the page.

    `page_url` is the page the link is printed on ("rants/x/"); relative links resolve from it."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    resolved = urlsplit(urljoin(_BASE + page_url.lstrip("/"), url))
    path = unquote(resolved.path)
    if not path.startswith("/"):
        return None
    normal = posixpath.normpath(path)
    if normal in ("/", "."):
        return ""
    target = normal.lstrip("/")
    return target + "/" if path.endswith("/") else target


def configured_links(options: Mapping[str, str]) -> dict[str, str]:
    """{site-relative target: option name} of the options whose value is an internal link;
    options that are empty or point elsewhere are left out. The first option wins a target."""
    targets: dict[str, str] = {}
    for option, value in options.items():
        target = internal_target(value) if value else None
        if target is not None:
            targets.setdefault(target, option)
    return targets


def page_exists(target: str, known: Collection[str]) -> bool:
    """Whether `target` ("hire-me/", "feed.xml") is one of the `known` site-relative URLs
    (pages with a trailing slash, files by their path; "" is the home page)."""
    if target in known:
        return True
    if target.endswith("index.html"):
        return target[: -len("index.html")] in known
    return (target + "/") in known if target and not target.endswith("/") else False


@dataclass
class LinkCheck:
    """Collects, page by page, the links of the configured set the rendered HTML holds."""

    targets: Mapping[str, str]  # target -> option name
    seen: dict[str, list[str]] = field(default_factory=dict)  # target -> pages printing it
    _needles: tuple[str, ...] = field(init=False, default=())
    _hrefs: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Every page is scanned, so the scan is cheap: a plain substring test for the targets'
        # last path segment first, then only the hrefs that hold one are resolved.
        names = {posixpath.basename(t.rstrip("/")) for t in self.targets}
        if "" in names:  # the home page is a target: any href may lead there
            self._needles, self._hrefs = ("",), _HREF
        elif names:
            self._needles = tuple(sorted(names))
            either = "|".join(re.escape(n) for n in self._needles)
            self._hrefs = re.compile(rf"""href=["']([^"']*(?:{either})[^"']*)""")

    def scan(self, html: str, page_url: str, page_name: str) -> list[str]:
        """Note the configured links `html` prints; returns them (in order, each once), so a
        page whose output is kept can `add` them again without scanning."""
        if self._hrefs is None or not any(n in html for n in self._needles):
            return []
        folder = page_url[: page_url.rfind("/") + 1]  # relative links resolve from here
        found: list[str] = []
        for match in self._hrefs.finditer(html):
            target = _resolve(match.group(1), folder)
            if target is not None and target in self.targets and target not in found:
                found.append(target)
        self.add(found, page_name)
        return found

    def add(self, found: list[str], page_name: str) -> None:
        """Note that the page `page_name` prints the configured links `found`."""
        for target in found:
            if target not in self.targets:  # kept from a build with other targets
                continue
            pages = self.seen.setdefault(target, [])
            if not pages or pages[-1] != page_name:  # a page is scanned once, in one go
                pages.append(page_name)

    @functools.cached_property
    def signature(self) -> str:
        """The configured targets as text: what a scan's result depends on besides the page."""
        return "\n".join(f"{target}\t{option}" for target, option in sorted(self.targets.items()))

    def problems(self, exists: Callable[[str], bool]) -> list[Problem]:
        """A warning per configured link that some page prints and that leads nowhere."""
        found = []
        for target, pages in sorted(self.seen.items()):
            if exists(target):
                continue
            option = self.targets[target]
            others = f" (and {_count(len(pages) - 1, 'other page')})" if len(pages) > 1 else ""
            found.append(
                Problem(
                    pages[0],
                    None,
                    None,
                    f"links to '/{target}'{others}, which is not a page of this site; the link"
                    f" comes from '{option}' in mkdocs.yml: create that page, point '{option}' at"
                    f" one that exists, or turn the feature off",
                    Severity.WARNING,
                )
            )
        return found


@functools.lru_cache(maxsize=4096)
def _resolve(href: str, folder: str) -> str | None:
    """`internal_target` of an href as printed in HTML, from a page in `folder` ("rants/x/");
    cached: most pages sit at the same depth and print the same links."""
    return internal_target(html.unescape(href), folder)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- the build's plan of configured links --------------------------------------------------------


def configured_options(config: Any, *, hire_me: bool) -> dict[str, str]:
    """{option name as written in mkdocs.yml: its link} for every link the templates print;
    `config` is the plugin's whole configuration (attribute access)."""
    options: dict[str, str] = {}
    if hire_me:
        options["hire_me.url"] = config.hire_me.url
    engagement = config.engagement
    if engagement.promo.enabled:
        options["engagement.promo.url"] = engagement.promo.url
    if engagement.newsletter.enabled:
        options["engagement.newsletter.link"] = engagement.newsletter.link
    options["feeds.email_signup_url"] = config.feeds.email_signup_url
    for key, author in config.authors.items():
        options[f"authors.{key}.url"] = author.url
    return {name: value for name, value in options.items() if value}


def hire_me_shown(hire_me: Any, known_urls: Collection[str]) -> tuple[bool, str]:
    """(is the hire-me call to action shown?, why not, for the log). It is when it is on and its
    link leads somewhere: a full URL, or a page of this site (no page, no button: an author who
    does not speak deletes `hire-me.md` and nothing links to it)."""
    if not hire_me.enabled:
        return False, ""
    target = internal_target(hire_me.url)
    if target is None or page_exists(target, known_urls):
        return True, ""
    return False, (
        f"hire_me: there is no page at '/{target}' (e.g. posts/hire-me.md), so no page shows the"
        " 'hire me' call to action; add the page or set 'hire_me: {enabled: false}' in mkdocs.yml"
    )


def plan_links(config: Any, known_urls: Collection[str]) -> tuple[bool, LinkCheck, str]:
    """(show the hire-me call to action?, the check of every configured link, a log note)."""
    show, note = hire_me_shown(config.hire_me, known_urls)
    return show, LinkCheck(configured_links(configured_options(config, hire_me=show))), note


def page_name(display_root: str, src_uri: str, url: str, *, generated: bool) -> str:
    """How a problem names a page: its file, or the URL of a generated page."""
    return f"the generated page '/{url}'" if generated else f"{display_root}/{src_uri}"


def in_site(root: Path) -> Callable[[str], bool]:
    """Whether a site-relative target exists in the built site folder `root`."""

    def exists(target: str) -> bool:
        path = root / target
        if target.endswith("/") or not target:
            return (path / "index.html").is_file()
        return path.is_file() or (path / "index.html").is_file()

    return exists
