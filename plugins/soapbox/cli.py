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
from datetime import UTC
from pathlib import Path
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

    fetch = commands.add_parser(
        "fetch",
        help='fetch the "Around the web" feeds into the snapshot the build renders',
        description="Fetch every source of soapbox.aggregator (conditional GET, under one overall"
        " deadline) and save the snapshot the build renders from, then print a summary table."
        " Run it before 'mkdocs build' (e.g. in CI) to keep the network out of the build."
        " SOAPBOX_OFFLINE=1 disables it. Exit code 0 even when sources fail (their last items are"
        " kept), unless --strict; 1 when no source could be reached and there is no snapshot yet.",
    )
    fetch.add_argument(
        "--force", action="store_true",
        help="also fetch sources fetched within the last few minutes"
        " (a server's Retry-After is still honoured)",
    )  # fmt: skip
    fetch.add_argument(
        "--strict", action="store_true",
        help="exit 1 when any source is failing (also one not asked this time) or was skipped",
    )  # fmt: skip
    fetch.add_argument(
        "--deadline", type=float, metavar="SECONDS",
        help="overall deadline (default: aggregator.deadline, 30 s)",
    )  # fmt: skip
    _config_option(fetch)
    fetch.set_defaults(run=run_fetch)

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
        f"soapbox check: {_count(result.files, 'file')}, {_count(len(errors), 'error')},"
        f" {_count(len(warnings), 'warning')}; {len(publication.articles)} published,"
        f" {len(scheduled)} scheduled, {_count(len(drafts), 'draft')}"
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- soapbox fetch ------------------------------------------------------------------------------

DEFAULT_DEADLINE = 30.0


@dataclass(frozen=True)
class AggregatorSettings:
    """What `soapbox fetch` needs from `soapbox.aggregator` in mkdocs.yml."""

    sources: list[Any]  # core.aggregator.model.Source
    cache_dir: Path
    deadline: float


def aggregator_settings(site: Site) -> AggregatorSettings:
    """The aggregator's options, read the way the build reads them: the plugin's own
    `aggregator_sources()` and `aggregator_cache_dir()` (OPML import included), so that the
    command and the build cannot disagree."""
    try:
        sources = list(site.plugin.aggregator_sources())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    options = _option(site.plugin.config, "aggregator", None) or {}
    return AggregatorSettings(
        sources=sources,
        cache_dir=Path(site.plugin.aggregator_cache_dir()),
        deadline=float(_option(options, "deadline", None) or DEFAULT_DEADLINE),
    )


def _option(options: Any, key: str, default: Any) -> Any:
    """`options[key]` from a MkDocs Config (a mapping), a plain dict or an object."""
    if options is None:
        return default
    if hasattr(options, "get"):
        try:
            value = options.get(key, default)
        except Exception:  # noqa: BLE001 - a Config without that option
            value = default
        return default if value is None else value
    return getattr(options, key, default)


def run_fetch(args: argparse.Namespace) -> int:
    from .core.aggregator.fetch import user_agent
    from .core.aggregator.health import health_rows
    from .core.aggregator.pipeline import offline_reason, refresh

    site = load_site(args.config_file)
    settings = aggregator_settings(site)
    if not settings.sources:
        print(
            "soapbox fetch: no sources configured (soapbox.aggregator.sources in mkdocs.yml);"
            " nothing to fetch"
        )
        return OK
    # The option keeps builds off the network; this command is the explicit way to fetch, so
    # only the environment variable (no network at all) stops it.
    reason = offline_reason(False)
    if reason:
        _print_offline(reason, settings.cache_dir)
        return OK
    if args.deadline is not None and args.deadline <= 0:
        raise UsageError(f"--deadline must be a positive number of seconds, got {args.deadline:g}")
    deadline = args.deadline if args.deadline is not None else settings.deadline
    now = _now(site.settings).astimezone(UTC)

    progress = _FetchProgress(len(settings.sources), sys.stderr)
    report = refresh(
        settings.sources,
        settings.cache_dir,
        now,
        user_agent=user_agent(_version(), site.config.site_url or ""),
        deadline_s=deadline,
        force=args.force,
        progress=progress.update,
    )
    progress.close()

    _print_fetch_table(report.outcomes)
    problems = [o for o in report.outcomes if o.status in ("failed", "skipped")]
    rows = health_rows(settings.sources, report.snapshot, now)
    _print_fetch_advice(problems, rows, report.warnings)
    _print_fetch_summary(report, settings.cache_dir)
    if (
        report.reached == 0
        and not report.had_snapshot
        and report.count("deferred") < len(report.outcomes)
    ):
        print(
            "soapbox fetch: no source could be reached and there is no earlier snapshot;"
            " check your network"
            " (the build still works: the Around the web page says the sources were not reached)",
            file=sys.stderr,
        )
        return CONTENT_PROBLEMS
    if args.strict and (problems or any(row.status == "failing" for row in rows)):
        return CONTENT_PROBLEMS  # also a source deferred this time whose last attempt failed
    return OK


def _print_offline(reason: str, cache_dir: Path) -> None:
    """Nothing is fetched offline: say so, and which snapshot builds use."""
    from .core.aggregator import snapshot

    existing, _ = snapshot.load(cache_dir)
    when = (
        f"from {existing.fetched_at:%Y-%m-%d %H:%M} UTC"
        if existing.fetched_at
        else "(there is none yet)"
    )
    print(
        f"soapbox fetch: offline ({reason}): nothing fetched; builds use the snapshot {when}"
        f" in {_shown_path(cache_dir)}"
    )


def _print_fetch_advice(
    problems: Sequence[Any], rows: Sequence[Any], warnings: Sequence[str]
) -> None:
    """The sources that failed or were skipped, what to change in mkdocs.yml, the warnings."""
    if problems:
        print(f"Problems ({len(problems)}; each source keeps its last good items):")
        for outcome in problems:
            print(f"  {outcome.name}: {outcome.note}")
    advice = [(row.name, row.advice()) for row in rows if row.advice()]
    if advice:
        print("To do in mkdocs.yml:")
        for name, text in advice:
            print(f"  {name}: {text}")
    for warning in warnings:
        print(f"Warning: {warning}")


def _print_fetch_summary(report: Any, cache_dir: Path) -> None:
    """One line: sources by outcome, items kept, where the snapshot went, time taken."""
    from .core.aggregator import snapshot

    counts = {
        status: report.count(status)
        for status in ("ok", "not modified", "failed", "skipped", "deferred")
    }
    items = sum(len(state.items) for state in report.snapshot.sources.values())
    saved = (
        f"saved to {_shown_path(snapshot.snapshot_path(cache_dir))}"
        if report.saved
        else "NOT saved"
    )
    print(
        f"soapbox fetch: {_count(len(report.outcomes), 'source')}:"
        f" {counts['ok'] + counts['not modified']} ok"
        f" ({counts['not modified']} not modified), {counts['failed']} failed,"
        f" {counts['skipped']} skipped, {counts['deferred']} deferred;"
        f" {_count(items, 'item')}; snapshot {saved} in {report.elapsed:.1f} s"
    )


class _FetchProgress:
    """A one-line progress bar on a terminal; one plain line per source otherwise (CI logs)."""

    def __init__(self, total: int, stream: Any):
        self.total = total
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.drawn = False

    def update(self, outcome: Any, done: int, total: int) -> None:
        if self.tty:
            width = 24
            filled = int(width * done / max(1, total))
            label = outcome.name[:40]
            self.stream.write(
                f"\r\033[K[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
            )
            self.drawn = True
        else:
            self.stream.write(
                f"[{done}/{total}] {outcome.status}: {outcome.name} ({outcome.elapsed:.1f} s)\n"
            )
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _print_fetch_table(outcomes: Sequence[Any]) -> None:
    import shutil

    rows = [
        (o.name, o.status, str(o.new_items) if o.status in ("ok", "not modified") else "-",
         f"{o.elapsed:.1f} s" if o.elapsed else "-", o.note)
        for o in outcomes
    ]  # fmt: skip
    header = ("Source", "Status", "New", "Time", "Note")
    widths = [min(32, max(len(r[i]) for r in [header, *rows])) for i in range(4)]
    room = max(20, shutil.get_terminal_size((120, 24)).columns - sum(widths) - 8)
    for row in [header, *rows]:
        cells = [
            _cut(cell, width).ljust(width) for cell, width in zip(row[:4], widths, strict=True)
        ]
        cells[2] = _cut(row[2], widths[2]).rjust(widths[2])
        cells[3] = _cut(row[3], widths[3]).rjust(widths[3])
        print("  ".join([*cells, _cut(row[4], room)]).rstrip())


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _shown_path(path: Path) -> str:
    """A path relative to the working folder when inside it (shorter messages)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # python -m soapbox.cli
    sys.exit(main())
