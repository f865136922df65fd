"""`soapbox fetch`: fetch the "Around the web" feeds into the snapshot the build renders.

An adapter like `cli.py`: it reads the aggregator's options through the plugin (the same code as a
build), runs the core's refresh (`core.aggregator.pipeline`) and prints what happened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from .cli_site import CONTENT_PROBLEMS, OK, Site, UsageError, _now, _version, counted, load_site


def add_parser(commands: Any, config_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """The `fetch` sub-command, with its options."""
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
    config_option(fetch)
    fetch.set_defaults(run=run_fetch)


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
        f"soapbox fetch: {counted(len(report.outcomes), 'source')}:"
        f" {counts['ok'] + counts['not modified']} ok"
        f" ({counts['not modified']} not modified), {counts['failed']} failed,"
        f" {counts['skipped']} skipped, {counts['deferred']} deferred;"
        f" {counted(items, 'item')}; snapshot {saved} in {report.elapsed:.1f} s"
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
