"""Reading a speaker's `appearances:` (part of the `speaker:` front matter, see reading.py):
dates or times with their time zone, the end after the start, a city or `virtual: true`, a known
talk, one id per appearance."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..fields import Field, kind_of, quoted, suggest
from ..urls import slugify
from .model import STATUSES, Appearance, SpeakerSettings

_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
EXAMPLE_URL = "https://example.com/event"  # in the message for a URL that is not one


def _moment(
    at: Field, tz_name: str | None, settings: SpeakerSettings
) -> tuple[date | datetime | None, str | None]:
    """(value, tzid): a date for all-day, an aware datetime for timed (tzid None: written in
    UTC)."""
    value = at.value
    if isinstance(value, datetime):
        raw = value.isoformat()
    elif isinstance(value, date):
        return value, None
    elif isinstance(value, str) and value.strip():
        raw = value.strip()
    else:
        at.error(
            "must be a date like 2027-03-04 or a time like 2027-03-04 09:30, got"
            f" {kind_of(value)} {quoted(value)}"
        )
        return None, None
    try:
        if _DATE_ONLY.match(raw):
            return date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-"))), None
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        at.error(
            f"{quoted(raw)} is not a real date or time ({exc}); write it like 2027-03-04 or"
            " 2027-03-04 09:30"
        )
        return None, None
    if parsed.tzinfo is None:
        zone_name = tz_name or settings.timezone.key
        return parsed.replace(tzinfo=ZoneInfo(zone_name)), zone_name
    return parsed, None


def _time_zone(at: Field) -> str | None:
    """An appearance's `timezone:` when it names a real IANA zone, else None (and a problem)."""
    tz_name = at.text() or None
    if tz_name:
        try:
            ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            at.error(
                f"unknown time zone {quoted(tz_name)}; use an IANA name like 'America/Chicago'"
            )
            return None
    return tz_name


def _end(
    at: Field, start: date | datetime | None, tz_name: str | None, settings: SpeakerSettings
) -> date | datetime | None:
    """An appearance's `end:`, read even when the start is broken (so both are reported); None
    (and a problem) when it is not the same kind as the start or lies before it."""
    end, _ = _moment(at, tz_name, settings) if not at.missing else (None, None)
    if end is None or start is None:
        return end
    if isinstance(start, datetime) != isinstance(end, datetime):
        at.error("must be a date when 'date' is a date, and a time when 'date' is a time")
        return None
    if end < start:
        at.error(f"{end} is before the start {start}")
        return None
    return end


def read_appearances(
    at: Field, talks: set[str], settings: SpeakerSettings
) -> tuple[Appearance, ...]:
    keys = (
        "id",
        "date",
        "end",
        "timezone",
        "event",
        "city",
        "country",
        "venue",
        "virtual",
        "url",
        "talk",
        "status",
    )
    found: list[Appearance] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(at.items("[{date: 2027-03-04, event: ..., city: ...}]")):
        if not item.mapping("{date: 2027-03-04, event: ..., city: Leeds}", keys):
            continue
        event = item["event"].text(required=True, what="the event's name")
        tz_name = _time_zone(item["timezone"])
        if item["date"].missing:
            item.error("needs a 'date:' like 2027-03-04 (all day) or 2027-03-04 09:30")
            continue
        start, tzid = _moment(item["date"], tz_name, settings)
        end = _end(item["end"], start, tz_name, settings)
        if start is None:
            continue
        city, virtual = item["city"].text(), item["virtual"].flag()
        if not city and not virtual:
            item.error("needs a 'city:' or 'virtual: true'")
        talk = item["talk"].text() or None
        if talk and talk not in talks:
            item["talk"].error(
                f"unknown talk {quoted(talk)}; use the slug of one of the talks above:"
                f" {', '.join(sorted(talks)) or 'none defined'}{suggest(talk, talks)}"
            )
        key = item["id"].text() or f"{start.isoformat()[:10]}-{slugify(event) or 'appearance'}"
        if key in seen:
            item.error(
                f"has the same id '{key}' as appearance {seen[key]} (same date and event); add a"
                " distinct 'id:' to one of them"
            )
        seen.setdefault(key, index + 1)
        found.append(
            Appearance(
                key=key,
                event=event,
                start=start,
                end=end,
                tzid=tzid if isinstance(start, datetime) else None,
                city=city,
                country=item["country"].text(),
                venue=item["venue"].text(),
                virtual=virtual,
                url=item["url"].url(EXAMPLE_URL),
                talk=talk,
                status=item["status"].choice(STATUSES, "scheduled"),
            )
        )
    return tuple(found)
