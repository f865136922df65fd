"""A small iCalendar (RFC 5545) writer: events in, text out, escaping and folding done here.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values
escape backslash, semicolon, comma and newlines. Timed events carry either a TZID, with a
VTIMEZONE built from the zone's real transitions in the years used, or UTC ("Z"). All-day events
are VALUE=DATE with an exclusive end. `DTSTAMP` is the caller's "now" (the build's, so a pinned
build gives byte-identical output).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

CRLF = "\r\n"
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    summary: str
    start: date | datetime  # a date: all day; an aware datetime: timed
    end: date | datetime | None = None  # all day: the last day (inclusive); timed: the end
    tzid: str | None = None  # timed events: an IANA zone name; None writes UTC
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash first, then ; , and every kind of newline."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; continuations start with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    start, limit = 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # inside a UTF-8 character
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space of a continuation counts
    return (CRLF + " ").join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _offset(delta: timedelta | None) -> str:
    seconds = int((delta or timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _when(name: str, value: date | datetime, tzid: str | None) -> str:
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"
    if tzid:
        return f"{name};TZID={tzid}:{_local(value.astimezone(ZoneInfo(tzid)))}"
    return f"{name}:{_utc(value)}"


def vtimezone(tzid: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE for `tzid` with one observance per real offset change in the years given,
    plus the offset in force at their start (so events before the first change resolve too)."""
    zone = ZoneInfo(tzid)
    begin = datetime(first_year, 1, 1, tzinfo=UTC)
    finish = datetime(last_year + 1, 1, 1, tzinfo=UTC)

    def offset(moment: datetime) -> timedelta:
        return moment.astimezone(zone).utcoffset() or timedelta()

    observances: list[tuple[str, datetime, timedelta, timedelta, str]] = []
    first = begin.astimezone(zone)
    kind = "DAYLIGHT" if first.dst() else "STANDARD"
    observances.append(
        (kind, datetime(1970, 1, 1), offset(begin), offset(begin), first.tzname() or tzid)
    )
    day = begin
    while day < finish:
        following = day + timedelta(days=1)
        before, after = offset(day), offset(following)
        if before != after:  # a change within this day: find its minute
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            moment = high.replace(second=0, microsecond=0)
            local = high.astimezone(zone)
            kind = "DAYLIGHT" if local.dst() else "STANDARD"
            wall = (moment + before).replace(tzinfo=None)  # DTSTART is in the old offset
            observances.append((kind, wall, before, after, local.tzname() or tzid))
        day = following
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for kind, wall, before, after, name in observances:
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_local(wall)}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{escape_text(name)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def calendar(events: Iterable[Event], *, prodid: str, name: str, now: datetime) -> str:
    """The whole VCALENDAR as text with CRLF line ends; `now` becomes every DTSTAMP (in UTC)."""
    events = list(events)
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    years: dict[str, set[int]] = {}
    for event in events:
        if event.tzid:
            for moment in (event.start, event.end):
                if isinstance(moment, datetime):
                    years.setdefault(event.tzid, set()).add(
                        moment.astimezone(ZoneInfo(event.tzid)).year
                    )
    for tzid in sorted(years):
        lines += vtimezone(tzid, min(years[tzid]), max(years[tzid]))
    for event in events:
        if event.status not in STATUSES:
            raise ValueError(f"unknown STATUS {event.status!r}; use one of {', '.join(STATUSES)}")
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}"]
        lines.append(_when("DTSTART", event.start, event.tzid))
        if isinstance(event.start, datetime):
            end = event.end if isinstance(event.end, datetime) else event.start + timedelta(hours=1)
            lines.append(_when("DTEND", end, event.tzid))
        else:
            last = (
                event.end
                if isinstance(event.end, date) and not isinstance(event.end, datetime)
                else event.start
            )
            lines.append(_when("DTEND", last + timedelta(days=1), None))  # exclusive
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += [f"STATUS:{event.status}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
