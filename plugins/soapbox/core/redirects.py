"""Old URLs keep working: every alias of a post becomes a redirect.

A post's `aliases` (front matter `aliases:`, `redirect_from:`, a `permalink:` path, or recorded by
`soapbox import`) are old site-relative paths. For each one the build writes

- a small HTML page at the old path (`2019/05/my-post/index.html`, or `old/page.html` as is): a
  meta refresh, a canonical link and a plain link to the new address, and `noindex`, so that
  search engines move their ranking to the new page and drop the old one;
- one line in `_redirects` (the format Netlify and Cloudflare Pages read), so that hosts that
  support it answer with a real HTTP 301 before the page is ever served.

Redirect pages are files, not MkDocs pages: they are never in the sitemap, the search index or a
feed. An alias that is the address of a real page, or that two posts claim, is an error naming both
files. Framework-free: the adapter hands in the posts and the addresses already taken.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from .content import Post
from .problems import Problem, Severity

REDIRECTS_FILE = "_redirects"
_PAGE_SUFFIXES = (".html", ".htm")
MARK_BEGIN = "# soapbox: redirects from old addresses (aliases:), written by every build"
MARK_END = "# soapbox: end of redirects"


@dataclass(frozen=True, slots=True)
class Redirect:
    old: str  # site-relative path: "2019/05/my-post/" or "old/page.html"
    new: str  # the post's site-relative URL: "my-post/"
    src_uri: str  # the post that claims it

    @property
    def page(self) -> str | None:
        """The file written at the old path, or None when a static host cannot serve HTML there
        (`old/feed.php`): only `_redirects` covers those."""
        if self.old.endswith("/"):
            return f"{self.old}index.html"
        if self.old.lower().endswith(_PAGE_SUFFIXES):
            return self.old
        return None


def plan_redirects(
    posts: Iterable[Post], taken: Mapping[str, str], display_root: str
) -> tuple[list[Redirect], list[Problem]]:
    """One redirect per alias of the published `posts`, ordered by old path.

    `taken` maps every address a real page has ("my-post/", "", "about/index.html") to how to
    name its owner in a message (a file path or "the generated page 'Topics'")."""
    redirects: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for post in sorted(posts, key=lambda p: p.src_uri):
        where = f"{display_root}/{post.src_uri}"
        for old in post.aliases:
            forms = [old]  # "a/" and "a/index.html" are one address; so are "" and "index.html"
            if old == "index.html" or old.endswith("/index.html"):
                forms.append(old[: -len("index.html")])
            if old.endswith("/"):
                forms.append(f"{old}index.html")
            owner = next((taken[form] for form in forms if form in taken), None)
            if owner is not None:
                problems.append(
                    Problem(
                        where, None, "aliases",
                        f"the old address '/{old}' is the address of {owner}; a redirect there"
                        " would hide that page: remove the alias or move the page",
                        Severity.ERROR,
                    )
                )  # fmt: skip
                continue
            claimed = redirects.get(old)
            if claimed is not None and claimed.src_uri != post.src_uri:
                problems.append(
                    Problem(
                        where, None, "aliases",
                        f"the old address '/{old}' is also claimed by"
                        f" {display_root}/{claimed.src_uri}; one address can redirect to one"
                        " post only: remove it from one of the two",
                        Severity.ERROR,
                    )
                )  # fmt: skip
                continue
            redirects[old] = Redirect(old, post.url, post.src_uri)
    return [redirects[key] for key in sorted(redirects)], problems


def target_href(redirect: Redirect, *, use_directory_urls: bool = True) -> str:
    """The new address relative to the old page, so the redirect works under any base path."""
    new = redirect.new if use_directory_urls else f"{redirect.new}index.html"
    # the folder the old page lives in: 2019/05/my-post/index.html or old/page.html
    if redirect.old.endswith("/"):
        folder = redirect.old.rstrip("/")
    else:
        folder = posixpath.dirname(redirect.old)
    relative = posixpath.relpath(new or ".", folder or ".")
    if relative == ".":
        relative = "./"
    elif new.endswith("/") or not new:
        relative = relative.rstrip("/") + "/"
    return quote(relative, safe="/:@!$&'()*+,;=-._~%")


def redirect_page(redirect: Redirect, site_url: str, *, use_directory_urls: bool = True) -> str:
    """The HTML page at the old address; every value escaped."""
    href = target_href(redirect, use_directory_urls=use_directory_urls)
    new = redirect.new if use_directory_urls else f"{redirect.new}index.html"
    canonical = urljoin(site_url, quote(new, safe="/%")) if site_url else href
    href_attr, canonical_attr = html.escape(href, quote=True), html.escape(canonical, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical_attr}">\n'
        f'<meta http-equiv="refresh" content="0; url={href_attr}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{href_attr}">{html.escape(canonical)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirects_file(redirects: Iterable[Redirect], site_url: str, existing: str = "") -> str:
    """`_redirects` (Netlify / Cloudflare Pages): `/old/ /new/ 301` per alias, under the site's
    base path; an author's own `_redirects` (from the docs folder) is kept above ours."""
    base = urlsplit(site_url).path if site_url else "/"
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    lines = [
        f"{quote(base + r.old, safe='/%')} {quote(base + r.new, safe='/%')} 301" for r in redirects
    ]
    if not lines:
        return existing
    own = existing.rstrip("\n") + "\n\n" if existing.strip() else ""
    return own + "\n".join([MARK_BEGIN, *lines, MARK_END]) + "\n"


def write_redirects(
    site_dir: str | Path,
    redirects: list[Redirect],
    site_url: str,
    *,
    use_directory_urls: bool = True,
    existing: str = "",
) -> list[Redirect]:
    """Write every redirect page and `_redirects` into the built site. Never replaces a file the
    build wrote (404.html, sitemap.xml, a theme asset): returns those redirects, for a warning."""
    root = Path(site_dir)
    clashes: list[Redirect] = []
    for redirect in redirects:
        page = redirect.page
        if page is None:
            continue
        target = root.joinpath(*page.split("/"))
        if root.resolve() not in target.resolve().parents:
            continue  # normalise_alias refuses '..'; never write outside the site
        if target.exists():
            clashes.append(redirect)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            redirect_page(redirect, site_url, use_directory_urls=use_directory_urls),
            encoding="utf-8",
        )
    text = redirects_file([r for r in redirects if r not in clashes], site_url, existing)
    if text:
        (root / REDIRECTS_FILE).write_text(text, encoding="utf-8")
    return clashes


def clash_message(redirect: Redirect, display_root: str) -> str:
    return (
        f"{display_root}/{redirect.src_uri}: aliases: the old address '/{redirect.old}' is a file"
        " the build writes (a theme page, the sitemap, the search index ...); remove the alias"
    )
