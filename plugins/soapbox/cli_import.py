"""`soapbox import wordpress|feed|folder`: bring a blog from another platform.

    soapbox import wordpress EXPORT.xml   a WordPress export (Tools -> Export -> All content)
    soapbox import feed URL|FILE          any RSS, Atom or JSON feed (Ghost, Medium, Substack ...)
    soapbox import folder PATH            a Jekyll, Hugo or Material-blog posts folder

Each writes ordinary posts into the docs folder (by content type folder), downloads the images
they show into `images/`, records old addresses as `aliases:` (the build redirects them), adds
new topics to the vocabulary in mkdocs.yml and prints a summary. A re-run skips what it imported
before and never overwrites a file. An adapter like `cli`: the work is in `core.importer`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.importer.model import ImportFailed, ReadResult

if TYPE_CHECKING:
    from .cli_site import Site
    from .core.importer.writer import Fetcher, Summary

# The readers and the writer (markdownify, BeautifulSoup, nh3) are imported when a command runs:
# registering the sub-commands must not slow down every other `soapbox` command.

IMAGE_LIMIT_BYTES = 25 * 1024 * 1024
IMAGE_DEADLINE = 30.0  # seconds for one image, redirects included


def add_parser(commands: Any, config_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `soapbox import` and its three sources on the main parser's sub-commands."""
    parser = commands.add_parser(
        "import",
        help="bring posts from WordPress, a feed or another generator's folder",
        description="Import posts into the docs folder: a WordPress export, any RSS/Atom/JSON"
        " feed, or a Jekyll/Hugo/Material-blog folder. Images are downloaded, old addresses"
        " redirect, new topics join the vocabulary. Re-running skips what was imported before.",
    )
    sources = parser.add_subparsers(dest="source", metavar="<source>", required=True)
    wordpress = sources.add_parser(
        "wordpress",
        help="a WordPress export file (WXR)",
        description="Import posts and pages of a WordPress export (Tools -> Export -> All"
        " content): drafts stay drafts, scheduled posts stay scheduled, private and trashed"
        " items are skipped; categories and tags become topics; approved comments are kept as a"
        " static block.",
        epilog="example: soapbox import wordpress blog.WordPress.2026-11-20.xml --type rant"
        " --map-category 'Case studies=case-study'",
    )
    wordpress.add_argument("export", metavar="EXPORT.xml", help="the exported file")
    _common(wordpress, config_option)
    wordpress.add_argument("--no-comments", action="store_true", help="leave readers' comments out")
    wordpress.set_defaults(run=run_wordpress)

    feed = sources.add_parser(
        "feed",
        help="any RSS, Atom or JSON feed (URL or file)",
        description="Import the entries of a feed (Ghost, Medium, Substack, Blogger, Wix,"
        " Squarespace ...) with the aggregator's polite fetch and hardened parse; the full text"
        " when the feed has it, else its summary (the post says so).",
    )
    feed.add_argument("source", metavar="URL|FILE", help="the feed's address or a saved file")
    _common(feed, config_option)
    feed.set_defaults(run=run_feed)

    folder = sources.add_parser(
        "folder",
        help="a Jekyll, Hugo or Material-blog posts folder",
        description="Import Markdown posts of another generator: Jekyll's _posts"
        " (YYYY-MM-DD-slug.md), Hugo's content/posts or Material's blog/posts. Front matter is"
        " mapped; Liquid and Hugo shortcodes are flagged for you to replace.",
    )
    folder.add_argument("path", metavar="PATH", help="the folder holding the posts")
    _common(folder, config_option)
    folder.set_defaults(run=run_folder)


def _common(parser: argparse.ArgumentParser, config_option: Callable[..., None]) -> None:
    parser.add_argument(
        "--type", dest="type_key", metavar="TYPE",
        help="content type of the imported posts (default: the first listed type, e.g. rant)",
    )  # fmt: skip
    parser.add_argument(
        "--map-category", action="append", default=[], metavar="CAT=TYPE",
        help="posts in category CAT become TYPE (repeatable), e.g. 'Case studies=case-study'",
    )  # fmt: skip
    parser.add_argument(
        "--no-images", action="store_true",
        help="do not download images (posts keep the old image addresses)",
    )  # fmt: skip
    config_option(parser)


# --- the three sources ---------------------------------------------------------------------------


def run_wordpress(args: argparse.Namespace) -> int:
    from .cli_site import UsageError
    from .core.importer.wordpress import read_wordpress

    site, choose = _prepare(args)
    path = Path(args.export)
    if not path.is_file():
        raise UsageError(f"cannot find {args.export}; pass the .xml file WordPress exported")
    try:
        result = read_wordpress(
            path.read_bytes(), label=str(args.export), timezone=site.settings.timezone,
            now=_now(site), comments=not args.no_comments, type_for=choose,
        )  # fmt: skip
    except ImportFailed as exc:
        print(f"soapbox import: {exc}; nothing was imported", file=sys.stderr)
        return 1
    return _finish(site, args, result, choose)


def run_feed(args: argparse.Namespace) -> int:
    from .core.importer.feed import read_feed

    site, choose = _prepare(args)
    try:
        result = read_feed(
            args.source, now=_now(site), user_agent=_agent(site), type_for=choose,
        )  # fmt: skip
    except ImportFailed as exc:
        print(f"soapbox import: {exc}; nothing was imported", file=sys.stderr)
        return 1
    return _finish(site, args, result, choose)


def run_folder(args: argparse.Namespace) -> int:
    from .cli_site import UsageError
    from .core.importer.folder import read_folder

    site, choose = _prepare(args)
    path = Path(args.path)
    if not path.is_dir():
        raise UsageError(f"{args.path} is not a folder; pass the folder that holds the posts")
    if (
        path.resolve() == site.docs_dir.resolve()
        or site.docs_dir.resolve() in path.resolve().parents
    ):
        raise UsageError(f"{args.path} is inside the docs folder; import from another folder")
    try:
        result = read_folder(path, timezone=site.settings.timezone, type_for=choose)
    except ImportFailed as exc:
        print(f"soapbox import: {exc}; nothing was imported", file=sys.stderr)
        return 1
    return _finish(site, args, result, choose)


# --- shared steps --------------------------------------------------------------------------------


class TypeChooser:
    """--type and --map-category: the content type of an imported post, from its categories."""

    def __init__(self, default: str | None, mapping: dict[str, str]):
        self.default = default
        self.mapping = mapping  # casefolded category -> type key

    def __call__(self, kind: str, categories: tuple[str, ...]) -> str | None:
        for category in categories:
            if category.casefold() in self.mapping:
                return self.mapping[category.casefold()]
        return self.default

    def topics(self, topics: tuple[str, ...]) -> tuple[str, ...]:
        """A category mapped to a content type is that type now, not also a topic."""
        return tuple(t for t in topics if t.casefold() not in self.mapping)


def _prepare(args: argparse.Namespace) -> tuple[Site, TypeChooser]:
    """Load the site; check --type and --map-category against its content types."""
    from .cli_site import UsageError, load_site

    site = load_site(args.config_file)
    keys = [t.key for t in site.settings.types]
    if args.type_key is not None and args.type_key not in keys:
        raise UsageError(
            f"--type {args.type_key!r} is not a content type; use one of {', '.join(keys)}"
        )
    mapping: dict[str, str] = {}
    for entry in args.map_category:
        category, sep, type_key = entry.rpartition("=")
        if not sep or not category.strip() or type_key.strip() not in keys:
            raise UsageError(
                f"--map-category {entry!r} must look like 'Category name=TYPE' with TYPE one of"
                f" {', '.join(keys)}"
            )
        mapping[" ".join(category.split()).casefold()] = type_key.strip()
    return site, TypeChooser(args.type_key, mapping)


def _now(site: Site) -> Any:
    from .cli_site import _now as now

    return now(site.settings)


def _agent(site: Site) -> str:
    from .cli_site import _version
    from .core.aggregator.fetch import user_agent

    return user_agent(_version(), site.config.site_url or "")


def image_fetcher(agent: str, now: Any) -> Fetcher:
    """The aggregator's polite client (bounded time and size, one request at a time)."""
    from .core.aggregator.fetch import Limits, fetch

    limits = Limits.for_deadline(IMAGE_DEADLINE, max_bytes=IMAGE_LIMIT_BYTES)

    def get(url: str) -> tuple[bytes | None, str]:
        result = fetch(url, now=now, user_agent=agent, limits=limits)
        if result.status is not None and result.status not in (200, 203):
            return None, f"the server answered HTTP {result.status}"
        # The aggregator's messages name the URL first and end with advice for feeds.
        error = result.error.removeprefix(f"{url}: ").split("; ", 1)[0]
        return result.body, error

    return get


def _finish(site: Site, args: argparse.Namespace, result: ReadResult, choose: TypeChooser) -> int:
    """Write the posts, add new topics to mkdocs.yml, print the summary."""
    from .core.importer.vocabulary import add_to_config, new_topics, vocabulary_block
    from .core.importer.writer import Target, write_posts
    from .core.topic_plan import vocabulary_from

    settings = site.settings
    default_type = args.type_key or next(t.key for t in settings.types if t.listed)
    target = Target(
        docs_dir=site.docs_dir, display_root=settings.display_root, types=settings.types,
        default_type=default_type, permalink=settings.permalink,
        authors=frozenset(settings.authors),
    )  # fmt: skip
    config_file = Path(site.config.config_file_path or args.config_file)
    posts = [dataclasses.replace(p, topics=choose.topics(p.topics)) for p in result.posts]
    fetch = None if args.no_images else image_fetcher(_agent(site), _now(site))
    summary = write_posts(
        posts, target, fetch=fetch, staging_parent=config_file.resolve().parent,
        skipped=result.skipped, warnings=result.warnings, old_site=result.site_url,
    )  # fmt: skip
    unknown_authors = sorted(
        {p.author for p in result.posts if p.author and p.author not in settings.authors}
    )
    topics_options = site.plugin.config.topics
    vocabulary, _ = vocabulary_from(topics_options, str(config_file))
    added: list[str] = []
    if vocabulary:  # without a vocabulary every spelling is a topic: nothing to declare
        fresh = new_topics(summary.topics, vocabulary)
        if fresh:
            text = config_file.read_text(encoding="utf-8")
            changed = add_to_config(text, fresh)
            if changed is None:
                summary.warnings.append(
                    f"{config_file}: could not find 'topics: vocabulary:' to add the new topics;"
                    " paste these lines under it:\n" + "\n".join(vocabulary_block(fresh, "  "))
                )
            else:
                _replace_text(config_file, changed)
                added = [t.title for t in fresh]
    _print_summary(summary, added, unknown_authors, config_file)
    return 0


def _replace_text(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file beside it, then a rename)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _print_summary(
    summary: Summary, added: list[str], unknown_authors: list[str], config_file: Path
) -> None:
    if summary.imported:
        print(f"Imported ({len(summary.imported)}):")
        for label, path in summary.imported:
            print(f"  {label} -> {path}")
    if summary.skipped:
        print(f"Skipped ({len(summary.skipped)}):")
        for skipped in summary.skipped:
            print(f"  {skipped.label}: {skipped.reason}")
    if summary.warnings:
        print(f"Look at these ({len(summary.warnings)}):")
        for warning in summary.warnings:
            print(f"  {warning}")
    if added:
        from .core.importer.vocabulary import BEGIN

        print(
            f"Topics added to the vocabulary in {config_file.name} ({len(added)}, under '{BEGIN}'):"
        )
        print("  " + ", ".join(added))
    if unknown_authors:
        print(
            f"Authors not declared in {config_file.name} ({', '.join(unknown_authors)}): their"
            " posts use the default author; declare them under plugins -> soapbox -> authors and"
            " add 'author:' to the posts to credit them"
        )
    images = f"{summary.images} images fetched"
    if summary.images_failed:
        images += f" ({summary.images_failed} failed)"
    print(
        f"soapbox import: {len(summary.imported)} imported ({summary.drafts} as drafts),"
        f" {len(summary.skipped)} skipped, {images}, {len(added)} topics added,"
        f" {summary.redirects} redirects, {summary.comments} comments kept"
    )
