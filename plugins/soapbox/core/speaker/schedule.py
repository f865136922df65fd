"""Appearances split by the build's pinned "now" into upcoming and past, and how a date reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .. import text as textutil
from .model import Appearance


@dataclass(frozen=True, slots=True)
class Schedule:
    upcoming: tuple[Appearance, ...]  # soonest first
    past: tuple[Appearance, ...]  # most recent first


def split_appearances(appearances: Iterable[Appearance], now: datetime, tz: ZoneInfo) -> Schedule:
    """Upcoming until the appearance is over (an all-day one until the end of its last day in
    `tz`); past afterwards. `now` is the build's pinned "now", never the wall clock."""
    upcoming: list[Appearance] = []
    past: list[Appearance] = []
    for appearance in appearances:
        (upcoming if appearance.last_moment(tz) > now else past).append(appearance)
    upcoming.sort(key=lambda a: (a.sort_moment(tz), a.key))
    past.sort(key=lambda a: (a.sort_moment(tz), a.key), reverse=True)
    return Schedule(tuple(upcoming), tuple(past))


def when(appearance: Appearance, date_format: str) -> str:
    """How an appearance's date reads on the page: "March 4, 2027", "March 4–5, 2027" is left to
    the format; a timed one adds its local time and zone: "March 4, 2027, 09:30 CST"."""
    start = appearance.start
    shown = textutil.format_date(start, date_format)
    end = appearance.end
    if appearance.all_day and end is not None and end != start:
        shown += f" – {textutil.format_date(end, date_format)}"
    if isinstance(start, datetime):
        shown += f", {start.strftime('%H:%M')} {start.tzname() or ''}".rstrip()
    return shown
