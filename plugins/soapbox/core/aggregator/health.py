"""Source health: for every configured source, when it last worked, what went wrong since, and
what the author should change (a permanent redirect to apply, the feed an HTML page links to).

    rows = health_rows(sources, snapshot, now)
    health_json(rows, snapshot, now)      -> the JSON file the build writes (a dict)
    broken_for(rows, days)                -> sources failing for at least `days` days

Pure data from the snapshot; nothing here fetches or prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from .model import Snapshot, Source, SourceState

# Row statuses
HEALTHY, FAILING, NEVER = "ok", "failing", "never fetched"
JSON_VERSION = 1


@dataclass(frozen=True, slots=True)
class SourceHealth:
    name: str
    url: str  # the configured feed URL
    status: str  # ok | failing | never fetched
    items: int
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str  # "" when the last attempt worked
    failing_since: datetime | None
    failing_days: int  # whole days since the first failure of the current run of failures; 0 if ok
    fetches: int  # attempts answered with a feed or a 304
    not_modified: int  # of those, 304s
    errors: int  # failed attempts in total
    permanent_redirect: str  # the URL to put in the config ("" if none)
    discovered_feed: str  # an HTML page came back; the feed it links to
    not_before: datetime | None  # the server asked Soapbox to wait until then
    warnings: tuple[str, ...]

    @property
    def not_modified_rate(self) -> float | None:
        """Share of answers that were 304 (None before the first answer)."""
        return self.not_modified / self.fetches if self.fetches else None

    def to_json(self) -> dict:
        rate = self.not_modified_rate
        return {
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "items": self.items,
            "last_success": _iso(self.last_success),
            "last_attempt": _iso(self.last_attempt),
            "last_error": self.last_error or None,
            "failing_since": _iso(self.failing_since),
            "failing_days": self.failing_days,
            "fetches": self.fetches,
            "not_modified": self.not_modified,
            "not_modified_rate": None if rate is None else round(rate, 3),
            "errors": self.errors,
            "permanent_redirect": self.permanent_redirect or None,
            "discovered_feed": self.discovered_feed or None,
            "retry_not_before": _iso(self.not_before),
            "warnings": list(self.warnings),
        }

    def advice(self) -> str:
        """What the author should do, or "" when nothing."""
        if self.permanent_redirect:
            return f"the feed moved permanently: set its feed to {self.permanent_redirect}"
        if self.discovered_feed:
            return f"the URL is a web page: set its feed to {self.discovered_feed}"
        return ""


def health_row(source: Source, state: SourceState | None, now: datetime) -> SourceHealth:
    if state is None:
        state = SourceState(feed_url=source.feed_url)
    if state.last_attempt is None and state.last_success is None:
        status = NEVER
    elif state.last_error:
        status = FAILING
    else:
        status = HEALTHY
    days = 0
    if state.last_error and state.failing_since is not None:
        days = max(0, (now - state.failing_since).days)
    return SourceHealth(
        name=source.name,
        url=source.feed_url,
        status=status,
        items=len(state.items),
        last_success=state.last_success,
        last_attempt=state.last_attempt,
        last_error=state.last_error,
        failing_since=state.failing_since if state.last_error else None,
        failing_days=days,
        fetches=state.fetches,
        not_modified=state.not_modified,
        errors=state.errors,
        permanent_redirect=state.permanent_redirect,
        discovered_feed=state.discovered_feed,
        not_before=state.not_before if state.not_before and state.not_before > now else None,
        warnings=tuple(state.warnings),
    )


def health_rows(sources: Iterable[Source], snapshot: Snapshot, now: datetime) -> list[SourceHealth]:
    """One row per configured source, in config order (sources without saved state too)."""
    return [health_row(s, snapshot.sources.get(s.feed_url), now) for s in sources]


def broken_for(rows: Iterable[SourceHealth], days: int) -> list[SourceHealth]:
    """Sources whose current run of failures started at least `days` days ago."""
    return [
        r
        for r in rows
        if r.status == FAILING and r.failing_since is not None and r.failing_days >= days
    ]


def health_json(rows: list[SourceHealth], snapshot: Snapshot, now: datetime) -> dict:
    """The health report as a JSON-able dict (the build writes it next to the page)."""
    answered = sum(r.fetches for r in rows)
    not_modified = sum(r.not_modified for r in rows)
    return {
        "version": JSON_VERSION,
        "generated": _iso(now),
        "fetched_at": _iso(snapshot.fetched_at),
        "summary": {
            "sources": len(rows),
            "ok": sum(1 for r in rows if r.status == HEALTHY),
            "failing": sum(1 for r in rows if r.status == FAILING),
            "never_fetched": sum(1 for r in rows if r.status == NEVER),
            "items": sum(r.items for r in rows),
            "not_modified_rate": round(not_modified / answered, 3) if answered else None,
        },
        "sources": [r.to_json() for r in rows],
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
