"""The network stages as one call: snapshot -> fetch (concurrent, bounded) -> parse -> normalise
-> snapshot. Used by `soapbox fetch` and by the build when the snapshot is older than the
refresh interval.

    report = refresh(sources, cache_dir, now, user_agent=user_agent(__version__, site_url))
    report.snapshot          what to render (always usable, also when nothing was reached)
    report.outcomes          one SourceOutcome per configured source, in config order
    report.warnings          snapshot problems (corrupt file, lock, unwritable folder)

Rules:
- One overall deadline (`deadline_s`): sources not finished by then keep their last good items
  and are reported as "skipped: overall deadline"; `refresh` returns on time whatever the
  servers do (fetches run in daemon threads that end by their own per-source deadline).
- Concurrency is bounded: at most `concurrency` fetches make progress at once. A fetch that has
  run for `slow_after` seconds (a server that hangs or drips) stops holding its slot, so ten
  dead servers cannot starve ninety live ones; the hard cap is `4 * concurrency` connections.
- A failure, an unparseable body or an empty feed keeps the last good items; a 304 keeps them
  too. Nothing a server does raises out of here.
- Politeness: a source whose `not_before` (Retry-After, backoff on 429/503) is in the future is
  not asked; neither is one asked less than `min_interval` ago (unless `force`).
- `now` is passed in; the only clock read here is time.monotonic() for the deadlines.

Offline: `offline_reason()` says whether the network may be used (SOAPBOX_OFFLINE=1, or the
`aggregator.offline` option); `needs_refresh()` whether the snapshot is too old.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from . import local, normalise, parse, snapshot
from .fetch import DEFAULT_MAX_BYTES, Limits, fetch
from .model import FetchResult, Item, Snapshot, Source, SourceState

OFFLINE_ENV = "SOAPBOX_OFFLINE"
_TRUE = {"1", "true", "yes", "on"}
BACKOFF_BASE = timedelta(minutes=30)  # 429/503 without Retry-After: 30 min, 1 h, 2 h ... 24 h
BACKOFF_MAX = timedelta(hours=24)
FIRST_SEEN_KEEP = 2000  # first-seen times remembered per source (newest kept)

# Outcome statuses
OK, NOT_MODIFIED, FAILED, SKIPPED, DEFERRED = "ok", "not modified", "failed", "skipped", "deferred"


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What this run did with one source (a row of `soapbox fetch`'s summary table)."""

    name: str
    feed_url: str
    status: str  # ok | not modified | failed | skipped | deferred
    items: int  # items kept for the source after this run
    new_items: int  # items not in the snapshot before
    elapsed: float  # seconds spent fetching (0 when not fetched)
    note: str = ""  # the error, the reason for skipping, or a warning
    reached: bool = False  # the server answered with HTTP (any status)


@dataclass(slots=True)
class RefreshReport:
    snapshot: Snapshot
    outcomes: list[SourceOutcome]
    warnings: list[str] = field(default_factory=list)
    saved: bool = False
    had_snapshot: bool = False  # a snapshot in which some source had worked existed before this run
    elapsed: float = 0.0

    @property
    def reached(self) -> int:
        return sum(1 for o in self.outcomes if o.reached)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


# --- decisions --------------------------------------------------------------------------------


def offline_reason(option: bool = False, environ: Mapping[str, str] | None = None) -> str:
    """Why the network must not be used ("" when it may): the environment variable
    SOAPBOX_OFFLINE (1/true/yes/on) wins, then the `aggregator.offline` option."""
    env = os.environ if environ is None else environ
    if env.get(OFFLINE_ENV, "").strip().lower() in _TRUE:
        return f"{OFFLINE_ENV}={env[OFFLINE_ENV].strip()}"
    if option:
        return "aggregator.offline: true"
    return ""


def needs_refresh(
    snapshot_: Snapshot, now: datetime, interval: timedelta, sources: Iterable[Source] = ()
) -> bool:
    """True when the snapshot was never completed, is at least `interval` old, is dated in the
    future (a clock change), or lacks a configured source (one just added)."""
    if snapshot_.fetched_at is None:
        return True
    age = now - snapshot_.fetched_at
    if age >= interval or age < timedelta(0):
        return True
    return any(s.feed_url not in snapshot_.sources for s in sources)


def fingerprint(source: Source, *, excerpt_words: int, max_entries: int, extra: str = "") -> str:
    """A short hash of everything that shapes a source's items; when it changes, the stored
    items are stale even if the feed is not, so the next fetch is unconditional."""
    settings = {
        # Not the topic hints: classification happens at render time, not in to_items.
        "source": [source.name, source.site_url, source.max_items, source.max_age_days,
                   list(source.include), list(source.exclude)],
        "excerpt_words": excerpt_words,
        "max_entries": max_entries,
        "extra": extra,
    }  # fmt: skip
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def moved_note(configured: str, target: str) -> str:
    """What to change in mkdocs.yml for a feed that moved permanently."""
    return (
        f"moved permanently: set its feed to {target}"
        f" (mkdocs.yml: replace `feed: {configured}` with `feed: {target}`)"
    )


def backoff(failures: int) -> timedelta:
    """Wait before asking a server that answered 429/503 without Retry-After again."""
    return min(BACKOFF_BASE * (2 ** max(0, failures - 1)), BACKOFF_MAX)


# --- refresh ----------------------------------------------------------------------------------


def refresh(
    sources: Sequence[Source],
    cache_dir: str | os.PathLike,
    now: datetime,
    *,
    user_agent: str,
    deadline_s: float = 30.0,
    concurrency: int = 8,
    connections: int = 16,
    per_host: int = 2,
    min_share: float = 1.0,
    per_source_timeout: float = 15.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = 200,
    excerpt_words: int = 60,
    min_interval: timedelta = timedelta(minutes=5),
    slow_after: float = 1.0,
    force: bool = False,
    fingerprint_extra: str = "",
    progress: Callable[[SourceOutcome, int, int], None] | None = None,
    configured: Sequence[Source] | None = None,
    mark_fetched: bool = True,
) -> RefreshReport:
    """Fetch every due source and save the updated snapshot; see the module docstring.
    `configured` (default: `sources`) are all the site's sources: the snapshot keeps their stored
    state (in their order) and drops the rest; only `sources` are fetched. `mark_fetched` False
    leaves the snapshot's `fetched_at` as it was (a run that read local files only)."""
    started = time.monotonic()
    cache_dir = Path(cache_dir)
    sources = _unique(sources)
    before, warnings = snapshot.load(cache_dir)
    had_snapshot = any(st.last_success is not None for st in before.sources.values())
    total = len(sources)
    outcomes: dict[str, SourceOutcome] = {}
    updated: dict[str, SourceState] = {}
    done = 0

    def report(outcome: SourceOutcome) -> None:
        nonlocal done
        outcomes[outcome.feed_url] = outcome
        done += 1
        if progress is not None:
            progress(outcome, done, total)

    due: list[tuple[Source, SourceState]] = []
    for source in sources:
        state = before.sources.get(source.feed_url) or SourceState(feed_url=source.feed_url)
        why = not_due(state, now, min_interval, force)
        if why:
            report(
                SourceOutcome(source.name, source.feed_url, DEFERRED, len(state.items), 0, 0.0, why)
            )
        else:
            due.append((source, state))

    # Each source's share of the overall deadline: enough for every due source to have its turn
    # even if all of them hang, never less than `min_share` nor more than `per_source_timeout`.
    connections = max(1, connections)
    share = deadline_s * connections / max(1, len(due))
    per_source = min(per_source_timeout, max(min_share, share))
    due.sort(key=lambda pair: _tier(pair[1], now))  # stable: config order within a tier
    finished = _fetch_all(
        due,
        now=now,
        user_agent=user_agent,
        overall_end=started + deadline_s,
        per_source_timeout=per_source,
        max_bytes=max_bytes,
        concurrency=concurrency,
        connections=connections,
        per_host=max(1, per_host),
        slow_after=slow_after,
        excerpt_words=excerpt_words,
        max_entries=max_entries,
        fingerprint_extra=fingerprint_extra,
        on_result=lambda o: report(o),
        into=updated,
    )
    for source, state in due:
        if source.feed_url not in finished:
            report(
                SourceOutcome(
                    source.name, source.feed_url, SKIPPED, len(state.items), 0, 0.0,
                    f"skipped: overall deadline ({deadline_s:g} s) reached before "
                    f"{source.feed_url} finished;"
                    " its last items are kept",
                )
            )  # fmt: skip

    everything = _unique([*(configured or ()), *sources])
    keys = {s.feed_url for s in everything}

    def merge(latest: Snapshot) -> Snapshot:
        # `latest` may hold another process's newer results: ours win only for what we fetched.
        merged = {url: st for url, st in latest.sources.items() if url in keys}
        for url in keys:
            if url in updated:
                merged[url] = updated[url]
            elif url not in merged and url in before.sources:
                merged[url] = before.sources[url]
        ordered = {s.feed_url: merged[s.feed_url] for s in everything if s.feed_url in merged}
        return Snapshot(fetched_at=now if mark_fetched else latest.fetched_at, sources=ordered)

    final, more, saved = snapshot.update(cache_dir, merge)
    warnings += more
    ordered_outcomes = [outcomes[s.feed_url] for s in sources]
    return RefreshReport(
        final, ordered_outcomes, warnings, saved, had_snapshot, time.monotonic() - started
    )


def _unique(sources: Sequence[Source]) -> list[Source]:
    seen: set[str] = set()
    out = []
    for source in sources:
        if source.feed_url not in seen:
            seen.add(source.feed_url)
            out.append(source)
    return out


def _tier(state: SourceState, now: datetime) -> int:
    """Who is asked first: sources that work (0), new ones (1), ones failing since today (2),
    ones failing for a day or more (3); a few hundred dead blogs never delay the live ones."""
    if not state.last_error:
        return 0 if state.last_success is not None else 1
    if state.failing_since is not None and now - state.failing_since >= timedelta(days=1):
        return 3
    return 2


def not_due(state: SourceState, now: datetime, min_interval: timedelta, force: bool) -> str:
    """Why the source is not asked in this run ("" when it is): the server asked to wait
    (Retry-After: even `force` respects that), it answered 410 Gone, its last answer is still
    fresh (Cache-Control/Expires), or it was asked less than `min_interval` ago."""
    if state.not_before is not None and state.not_before > now:
        return (
            f"deferred: the server asked to wait until {state.not_before:%Y-%m-%d %H:%M} UTC"
            f" ({state.last_error or 'Retry-After'}); last items kept"
        )
    if force:
        return ""
    if state.gone is not None:
        return (
            f"gone: {state.feed_url} answered 410 Gone on {state.gone:%Y-%m-%d}, so Soapbox no "
            "longer"
            " asks it; remove the source from mkdocs.yml (its last items stay until they age out)"
        )
    if state.fresh_until is not None and state.fresh_until > now:
        return (
            "deferred: the server said its feed stays fresh until "
            f"{state.fresh_until:%Y-%m-%d %H:%M}"
            " UTC (Cache-Control/Expires); last items kept"
        )
    if state.last_attempt is not None and timedelta(0) <= now - state.last_attempt < min_interval:
        minutes = round((now - state.last_attempt).total_seconds() / 60)
        ago = f"{minutes} min ago" if minutes else "moments ago"
        return (
            f"deferred: fetched {ago} (minimum interval {min_interval.total_seconds() / 60:g} min;"
            " use --force to fetch anyway)"
        )
    return ""


def jitter(url: str, now: datetime, wait: timedelta) -> timedelta:
    """Up to a tenth of `wait` (at most an hour) added to a wait, different per source and run,
    so that sources told to come back at the same moment do not all come back at once."""
    digest = hashlib.sha256(f"{url}\x1f{now.isoformat()}".encode()).digest()
    fraction = int.from_bytes(digest[:4], "big") / 2**32
    return min(wait / 10, timedelta(hours=1)) * fraction


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).lower()


def _fetch_all(
    due: list[tuple[Source, SourceState]],
    *,
    now: datetime,
    user_agent: str,
    overall_end: float,
    per_source_timeout: float,
    max_bytes: int,
    concurrency: int,
    connections: int,
    per_host: int,
    slow_after: float,
    excerpt_words: int,
    max_entries: int,
    fingerprint_extra: str,
    on_result: Callable[[SourceOutcome], None],
    into: dict[str, SourceState],
) -> set[str]:
    """Fetch, parse and normalise each source in a daemon thread of its own (parsing one feed
    overlaps with waiting for the others); return the feed URLs finished before the deadline.
    At most `concurrency` fetches make progress at once (one running `slow_after` seconds stops
    counting), at most `connections` are open at all, at most `per_host` to one host; `due` is
    taken in its order, skipping over sources whose host is busy. `apply_result` is pure, so
    the threads share nothing but the queue; `into` and `on_result` are used in this thread."""
    concurrency = max(1, concurrency)
    results: queue.Queue = queue.Queue()
    pending = list(due)
    running: dict[str, tuple[float, str]] = {}  # feed_url -> (monotonic start, host)
    finished: set[str] = set()

    def work(source: Source, state: SourceState, limits: Limits, key: str) -> None:
        url = state.permanent_redirect or source.feed_url  # a remembered 301/308
        # The validators of the last answer, also of one that could not be read: an unchanged
        # broken feed costs a 304, not its whole body again. Changed settings: a full GET.
        conditional = state.fingerprint == key
        result = None
        try:
            if local.is_local(url):
                result = local.read(url, max_bytes=max_bytes)
            else:
                result = fetch(
                    url, now=now, user_agent=user_agent, limits=limits,
                    etag=state.etag if conditional else "",
                    last_modified=state.last_modified if conditional else "",
                )  # fmt: skip
            if url != source.feed_url:
                result = replace(result, feed_url=source.feed_url)
            new_state, outcome = apply_result(
                source,
                state,
                result,
                now,
                key=key,
                excerpt_words=excerpt_words,
                max_entries=max_entries,
            )
        except Exception as exc:  # noqa: BLE001 - a bug for one source must not end (or hang) the run
            new_state = state
            note = (
                f"{source.feed_url}: internal error ({type(exc).__name__}: {exc}); please report it"
            )
            elapsed = result.elapsed if result is not None else 0.0
            outcome = SourceOutcome(
                source.name, source.feed_url, FAILED, len(state.items), 0, elapsed, note
            )
        results.put((source, new_state, outcome))

    def next_startable(busy: dict[str, int]) -> int | None:
        for index, (source, state) in enumerate(pending):
            if busy.get(_host(state.permanent_redirect or source.feed_url), 0) < per_host:
                return index
        return None

    while pending or running:
        clock = time.monotonic()
        if clock >= overall_end:
            break
        fast = sum(1 for t, _ in running.values() if clock - t < slow_after)
        busy: dict[str, int] = {}
        for _, host in running.values():
            busy[host] = busy.get(host, 0) + 1
        while pending and fast < concurrency and len(running) < connections:
            index = next_startable(busy)
            if index is None:
                break
            source, state = pending.pop(index)
            host = _host(state.permanent_redirect or source.feed_url)
            # The full per-source deadline even near the overall one: a fetch cut short by the
            # overall deadline is "skipped" (not waited for), never recorded as the source's
            # failure.
            limits = Limits.for_deadline(per_source_timeout, max_bytes)
            key = fingerprint(
                source,
                excerpt_words=excerpt_words,
                max_entries=max_entries,
                extra=fingerprint_extra,
            )
            running[source.feed_url] = (clock, host)
            busy[host] = busy.get(host, 0) + 1
            fast += 1
            threading.Thread(
                target=work,
                args=(source, state, limits, key),
                name=f"soapbox-fetch-{len(running)}",
                daemon=True,
            ).start()
        # Wake up for a result, for the next slot to free up by slowness, or for the deadline.
        wake = overall_end - clock
        if running and pending:
            oldest_fast = [
                t + slow_after - clock for t, _ in running.values() if clock - t < slow_after
            ]
            if oldest_fast:
                wake = min(wake, max(0.01, min(oldest_fast)))
        try:
            source, new_state, outcome = results.get(timeout=max(0.005, wake))
        except queue.Empty:
            continue
        running.pop(source.feed_url, None)
        if time.monotonic() > overall_end:
            break  # too late: reported as skipped by the caller
        into[source.feed_url] = new_state
        finished.add(source.feed_url)
        on_result(outcome)
    return finished


# --- one result -> the new state --------------------------------------------------------------


def apply_result(
    source: Source,
    state: SourceState,
    result: FetchResult,
    now: datetime,
    *,
    key: str = "",
    excerpt_words: int = 60,
    max_entries: int = 200,
) -> tuple[SourceState, SourceOutcome]:
    """The source's new state after one fetch, and what to report. Pure: `state` is not changed.
    Parse and normalise run here (the content half); an exception there is a failure of this
    source, never of the run."""
    new = replace(state, first_seen=dict(state.first_seen), items=list(state.items), warnings=[])
    new.last_attempt = now
    old_ids = {item.id for item in state.items}
    reached = result.status is not None

    def failed(message: str, *, answered: bool = False) -> tuple[SourceState, SourceOutcome]:
        """`answered`: the server sent a body that could not be used; its validators are kept
        so that the next fetch is conditional (an unchanged broken feed costs a 304)."""
        new.last_error = message
        new.failing_since = state.failing_since or now
        new.failures = state.failures + 1
        new.errors = state.errors + 1
        new.discovered_feed = result.discovered_feed
        new.permanent_redirect = result.permanent_redirect or state.permanent_redirect
        new.fresh_until = None
        if answered:
            new.etag, new.last_modified = result.etag, result.last_modified
            new.fingerprint = key
            new.unreadable_validators = bool(result.etag or result.last_modified)
        if result.retry_after is not None:
            wait = result.retry_after - now
            new.not_before = result.retry_after + jitter(source.feed_url, now, wait)
        elif result.status in (429, 503):
            wait = backoff(new.failures)
            new.not_before = now + wait + jitter(source.feed_url, now, wait)
        else:
            new.not_before = None
        if result.status == 410:
            new.gone = now
        new.items = _retained(new.items, source, now)
        note = message + (f" (kept {len(new.items)} earlier items)" if new.items else "")
        return new, SourceOutcome(
            source.name, source.feed_url, FAILED, len(new.items), 0, result.elapsed, note, reached
        )

    if result.error:
        return failed(result.error)

    def succeeded(status: str, note: str) -> tuple[SourceState, SourceOutcome]:
        new.last_success = now
        new.last_error = ""
        new.failing_since = None
        new.failures = 0
        new.not_before = None
        new.gone = None
        new.unreadable_validators = False
        new.fetches = state.fetches + 1
        new.permanent_redirect = result.permanent_redirect or state.permanent_redirect
        new.discovered_feed = ""
        new.etag = result.etag
        new.last_modified = result.last_modified
        new.fingerprint = key
        new.fresh_until = None
        if result.fresh_until is not None:
            wait = result.fresh_until - now
            new.fresh_until = result.fresh_until + jitter(source.feed_url, now, wait)
        if new.permanent_redirect != state.permanent_redirect:  # reported once, when found
            note = "; ".join(
                filter(None, [note, moved_note(source.feed_url, new.permanent_redirect)])
            )
        fresh = sum(1 for item in new.items if item.id not in old_ids)
        return new, SourceOutcome(
            source.name, source.feed_url, status, len(new.items), fresh, result.elapsed, note, True
        )

    if result.not_modified:
        new.not_modified = state.not_modified + 1
        if state.unreadable_validators and state.last_error:
            return failed(state.last_error)  # the same unreadable document as last time
        new.items = _retained(new.items, source, now)
        new.warnings = list(state.warnings)
        return succeeded(NOT_MODIFIED, "")

    try:
        parsed = parse.parse_feed(result, max_entries=max_entries)
    except Exception as exc:  # noqa: BLE001 - one bad feed never stops the rest
        return failed(
            f"{source.feed_url}: the feed could not be read ({type(exc).__name__}: {exc}); please "
            "report it"
        )
    if parsed.error:
        return failed(parsed.error, answered=True)
    entry_warnings: list[str] = []
    try:
        items = normalise.to_items(
            parsed,
            source,
            first_seen=new.first_seen,
            now=now,
            excerpt_words=excerpt_words,
            warnings=entry_warnings,
        )
    except Exception as exc:  # noqa: BLE001
        return failed(
            f"{source.feed_url}: the entries could not be prepared ({type(exc).__name__}: {exc}); "
            "please report it"
        )
    new.warnings = list(parsed.warnings) + entry_warnings
    if not parsed.entries and state.items:
        new.items = _retained(new.items, source, now)
        note = f"the feed has no entries right now; kept the {len(new.items)} earlier items"
        new.warnings.append(f"{source.feed_url}: {note}")
        return succeeded(OK, note)
    new.items = list(items)
    _trim_first_seen(new.first_seen)
    return succeeded(OK, "; ".join(new.warnings[:1]))


def _retained(items: list[Item], source: Source, now: datetime) -> list[Item]:
    """Stored items still within the source's age and count limits (a 304 or a failure keeps
    items, but not forever)."""
    kept = items
    if source.max_age_days is not None:
        oldest = now - timedelta(days=source.max_age_days)
        kept = [item for item in kept if item.published >= oldest]
    return kept[: max(0, source.max_items)]


def _trim_first_seen(first_seen: dict[str, datetime]) -> None:
    if len(first_seen) > FIRST_SEEN_KEEP:
        keep = sorted(first_seen.items(), key=lambda kv: kv[1], reverse=True)[:FIRST_SEEN_KEEP]
        first_seen.clear()
        first_seen.update(keep)
