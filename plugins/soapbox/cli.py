"""The `soapbox` console command: author tools over the core, run without building the site.

    soapbox new "Title" --type rant     create a draft post with valid front matter
    soapbox check [--strict]            validate mkdocs.yml and every post; list scheduled posts
    soapbox init [--name ... --yes]     make this checkout your own site (moves the sample away)
    soapbox fetch [--force] [--strict]  fetch the "Around the web" feeds into the snapshot
    soapbox bench [--sizes 100,1000]    benchmark builds against mkdocs-material and its blog plugin
    soapbox import wordpress|feed|folder  bring posts from another platform (see cli_import.py)

Like `soapbox.mkdocs`, this is an adapter: it reads mkdocs.yml through MkDocs itself (so the
plugin's options are validated by the same code as in a build) and hands the posts to the core.

Exit codes: 0 ok, 1 problems in the content (or a file that already exists), 2 usage or
configuration errors. An author's mistake ends in a message, never in a traceback.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .cli_site import (
    CONTENT_PROBLEMS,
    DEFAULT_CONFIG,
    OK,
    USAGE_ERROR,
    Site,
    UsageError,
    _now,
    _version,
    counted,
    load_site,
)
from .core.content import (
    DEFAULT_TYPES,
    NEW_POST_BODY,
    Post,
    parse_datetime,
    parse_post,
)
from .core.problems import Problem, Severity
from .core.publication import Publication
from .core.urls import is_valid_slug, slug_from_filename, slugify

TYPE_KEYS = tuple(t.key for t in DEFAULT_TYPES)
_DAY_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


# --- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error argparse has already printed (2)
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    if args.command is None:
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    with _mkdocs_log_to_stderr():
        try:
            return args.run(args)
        except UsageError as exc:
            print(f"soapbox {args.command}: error: {exc}", file=sys.stderr)
            return USAGE_ERROR
        except KeyboardInterrupt:
            return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="soapbox",
        description="Author tools for a Soapbox site: create posts and check them before you push.",
        epilog="Run 'soapbox <command> --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="<command>")

    new = commands.add_parser(
        "new",
        help="create a draft post with valid front matter",
        description="Create a post with valid front matter and a short skeleton. The file goes to"
        " <docs_dir>/<type folder>/<slug>.md (pages to <docs_dir>/<slug>.md); an existing file"
        " is never overwritten.",
        epilog='example: soapbox new "Stop demoing" --type rant --topics discovery,demos',
    )
    new.add_argument("title", help="the post's title (quote it)")
    new.add_argument(
        "--type", required=True, choices=TYPE_KEYS, dest="type_key", help="content type"
    )
    new.add_argument(
        "--topics", default="", help="comma-separated topics, e.g. pricing,negotiation"
    )
    new.add_argument(
        "--date",
        help="publication date 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM' in the site's time zone"
        " (default: now; a future date schedules the post)",
    )
    new.add_argument(
        "--draft", action="store_true",
        help="accepted for old scripts: every new post starts as 'draft: true' (previewed by"
        " 'mkdocs serve', left out of builds until you delete that line)",
    )  # fmt: skip
    new.add_argument("--slug", help="URL slug and file name (default: from the title)")
    _config_option(new)
    new.set_defaults(run=run_new)

    check = commands.add_parser(
        "check",
        help="validate mkdocs.yml and every post without building",
        description="Validate mkdocs.yml and every post with the same code as the build, print each"
        " problem as 'file:line: field: message', and list scheduled posts and drafts. Exit code 1"
        " when there are errors (or, with --strict, warnings), 2 when the configuration is broken.",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="warnings fail the check too (like 'mkdocs build --strict')",
    )
    _config_option(check)
    check.set_defaults(run=run_check)

    from . import cli_fetch  # `soapbox fetch`: the aggregator's refresh, its own module

    cli_fetch.add_parser(commands, _config_option)

    from .cli_init import add_init_parser  # `soapbox init`: its own module

    add_init_parser(commands)

    from .bench import run as bench  # argparse and the standard library only; no MkDocs import

    bench_parser = commands.add_parser(
        "bench",
        help="benchmark Soapbox against plain mkdocs-material and Material's blog plugin",
        description="Generate a deterministic synthetic site of N posts, build it with Soapbox,"
        " plain mkdocs-material and Material's blog + tags + mkdocs-rss-plugin (each build in a"
        " fresh process), and print wall time, CPU time, peak memory, pages/s, the ratios and the"
        " project's performance targets. Progress goes to stderr. Same as scripts/bench.py.",
        epilog="example: soapbox bench --sizes 100,1000,5000 --runs 3",
    )
    bench.add_arguments(bench_parser)
    bench_parser.set_defaults(run=bench.run)

    from . import cli_import  # the core's importer behind `soapbox import`; no MkDocs import

    cli_import.add_parser(commands, _config_option)
    return parser


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", default=DEFAULT_CONFIG, metavar="FILE",
        help=f"the site's MkDocs configuration (default: {DEFAULT_CONFIG})",
    )  # fmt: skip


# --- loading the site ---------------------------------------------------------------------------


class _mkdocs_log_to_stderr:
    """Show MkDocs' own warnings and errors (e.g. which config value is wrong) as MkDocs would."""

    def __enter__(self) -> None:
        self.handler = logging.StreamHandler(sys.stderr)
        self.handler.setLevel(logging.WARNING)
        self.handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logging.getLogger("mkdocs").addHandler(self.handler)

    def __exit__(self, *exc_info: Any) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)


# --- soapbox new --------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError(
            'the title is empty; write it in quotes: soapbox new "My title" --type rant'
        )
    slug = _new_slug(args.slug, title)
    site = load_site(args.config_file)
    content_type = next(t for t in site.settings.types if t.key == args.type_key)
    date = _new_date(args.date, content_type.key, site)
    topics = [" ".join(t.split()) for t in args.topics.split(",") if t.strip()]
    src_uri = f"{content_type.folder}/{slug}.md" if content_type.folder else f"{slug}.md"
    source = new_post_source(
        title, content_type.key, date=date, topics=topics, draft=True,
        slug=slug if slug_from_filename(slug) != slug else None,
    )  # fmt: skip

    # The same parser as the build: the file we are about to write must be valid, and it says
    # which URL the post will have.
    post, problems = parse_post(src_uri, source, site.settings)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if post is None or errors:  # pragma: no cover - a bug in new_post_source, not a user mistake
        raise RuntimeError(
            "soapbox new produced invalid front matter:\n" + "\n".join(map(str, problems))
        )
    if not _write_new(site, src_uri, source):
        return CONTENT_PROBLEMS

    print(f"Created {site.display(src_uri)}")
    print(f"URL: {site.public_url(post.url)}")
    print(
        "Draft: 'mkdocs serve' previews it; builds leave it out until you replace the placeholder"
        " text and delete the line 'draft: true'."
    )
    if post.date is not None and post.is_scheduled(_now(site.settings)):
        print(
            f"Scheduled: once published, it goes live on {_when(post)} (the first build after"
            " that time publishes it)."
        )
    return OK


def _new_slug(chosen: str | None, title: str) -> str:
    """`--slug` when it is a valid slug, else the title's slug; UsageError when neither is."""
    if chosen is not None and not is_valid_slug(chosen):
        raise UsageError(
            f"--slug '{chosen}' can only use a-z, 0-9 and single hyphens; try"
            f" '{slugify(chosen) or 'my-post'}'"
        )
    slug = chosen or slugify(title)
    if not slug:
        raise UsageError(
            f"cannot make a slug from the title '{title}'; choose one with --slug my-post"
        )
    return slug


def _new_date(chosen: str | None, type_key: str, site: Site) -> str | None:
    """The `date:` to write: `--date` as typed (a day, or a day and time), else now; None for
    a page (About, Hire me are not dated)."""
    if chosen is not None:
        moment, problem = parse_datetime(chosen, site.settings.timezone)
        if problem:
            raise UsageError(f"--date {problem}")
        assert moment is not None
        return moment.strftime("%Y-%m-%d" if _DAY_ONLY.match(chosen.strip()) else "%Y-%m-%d %H:%M")
    if type_key == "page":
        return None
    return _now(site.settings).strftime("%Y-%m-%d %H:%M")


def _write_new(site: Site, src_uri: str, source: str) -> bool:
    """Write the new post, never over an existing file (False, said on stderr, when one is
    there)."""
    target = site.docs_dir / src_uri
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(source)
    except FileExistsError:
        print(
            f"soapbox new: {site.display(src_uri)} already exists and was left untouched; choose"
            " another title or --slug",
            file=sys.stderr,
        )
        return False
    except OSError as exc:
        raise UsageError(f"cannot write {site.display(src_uri)}: {exc.strerror or exc}") from None
    return True


def new_post_source(
    title: str,
    type_key: str,
    *,
    date: str | None,
    topics: Sequence[str] = (),
    draft: bool = False,
    slug: str | None = None,
) -> str:
    """The text of a new post: front matter every field of which parses, and a short skeleton.
    Values the author typed are written by yaml.safe_dump, so quotes, colons and '#' are safe."""
    lines = [_yaml_field("title", title)]
    if date is not None:
        lines.append(f"date: {date}")  # written by us, in the one shape parse_datetime reads
    lines.append(_yaml_field("type", type_key))
    if topics:
        lines.append(_yaml_field("topics", list(topics)))
    if slug:
        lines.append(_yaml_field("slug", slug))
    lines.append(
        "# description: One or two sentences for listings, search results and link previews."
    )
    if draft:
        lines.append("draft: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + NEW_POST_BODY


def _yaml_field(key: str, value: Any) -> str:
    """`key: value` on one line; a list of words in flow style: `topics: [pricing, demos]`."""
    flow = None if isinstance(value, list) else False  # None: flow only for the innermost list
    return yaml.safe_dump(
        {key: value}, allow_unicode=True, default_flow_style=flow, width=10**6
    ).rstrip("\n")


# --- soapbox check ------------------------------------------------------------------------------


@dataclass
class CheckResult:
    files: int
    publication: Publication  # as a build now would publish it
    problems: list[Problem]


def check_site(site: Site) -> CheckResult:
    """Every problem the build would report (the plugin's own `plan`, so the two cannot drift),
    plus those a scheduled post will cause on the day it goes live in a build nobody watches."""
    from mkdocs.structure.files import get_files

    now = _now(site.settings)
    files = get_files(site.config)  # the build's file list: honours exclude_docs and friends
    publication, problems = site.plugin.plan(files, site.config, now=now, preview=False)
    scheduled = [p for p in publication.withheld.values() if p.date and p.is_scheduled(now)]
    if scheduled:
        # The site as it will be once the last scheduled post is out. Drafts need a push to go
        # live, and that push is checked again.
        last = max(p.date for p in scheduled if p.date)
        _, later = site.plugin.plan(files, site.config, now=last, preview=False)
        seen = {str(p) for p in problems}
        problems += [p for p in later if str(p) not in seen]
    return CheckResult(len(files.documentation_pages()), publication, problems)


def run_check(args: argparse.Namespace) -> int:
    site = load_site(args.config_file, strict=args.strict)
    result = check_site(site)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    warnings = [p for p in result.problems if p.severity is Severity.WARNING]
    _print_problems(errors, warnings, strict=args.strict)
    _print_notes(result.problems)
    publication = result.publication
    scheduled, drafts = _withheld(publication)
    _print_withheld(site, scheduled, drafts)
    print(
        f"soapbox check: {counted(result.files, 'file')}, {counted(len(errors), 'error')},"
        f" {counted(len(warnings), 'warning')}; {len(publication.articles)} published,"
        f" {len(scheduled)} scheduled, {counted(len(drafts), 'draft')}"
    )
    failed = bool(errors) or (args.strict and bool(warnings))
    return CONTENT_PROBLEMS if failed else OK


def _print_problems(errors: list[Problem], warnings: list[Problem], *, strict: bool) -> None:
    """Errors, then warnings, each under a heading saying what it stops."""
    if errors:
        print(f"Errors ({len(errors)}, the build stops on these):")
        for problem in errors:
            print(problem)
    if warnings:
        consequence = (
            "they fail the check with --strict"
            if strict
            else "'mkdocs build --strict' stops on these"
        )
        print(f"Warnings ({len(warnings)}, {consequence}):")
        for problem in warnings:
            print(problem)


def _withheld(publication: Publication) -> tuple[list[Post], list[Post]]:
    """The posts a build leaves out: scheduled ones by date, drafts by file."""
    withheld = sorted(
        publication.withheld.values(), key=lambda p: (p.date or publication.now, p.src_uri)
    )
    scheduled = [p for p in withheld if publication.excluded[p.src_uri] == "scheduled"]
    drafts = sorted(
        (p for p in withheld if publication.excluded[p.src_uri] == "draft"), key=lambda p: p.src_uri
    )
    return scheduled, drafts


def _print_withheld(site: Site, scheduled: list[Post], drafts: list[Post]) -> None:
    if scheduled:
        print(f"Scheduled ({len(scheduled)}):")
        for post in scheduled:
            print(f"  {_when(post)}  {site.display(post.src_uri)}  '{post.title}' -> /{post.url}")
    if drafts:
        print(f"Drafts ({len(drafts)}):")
        for post in drafts:
            print(f"  {site.display(post.src_uri)}  '{post.title}'")


def _print_notes(problems: Sequence[Problem]) -> None:
    """How Soapbox read fields other generators use (`tags:`, `permalink:` ...): not problems."""
    notes = [p for p in problems if p.severity is Severity.NOTE]
    if notes:
        print(f"Notes ({len(notes)}, fields from other generators and how Soapbox reads them):")
        for problem in notes:
            print(problem)


def _when(post: Post) -> str:
    assert post.date is not None
    return post.date.isoformat(sep=" ", timespec="minutes")


if __name__ == "__main__":  # python -m soapbox.cli
    sys.exit(main())
