"""The upcoming appearances as iCalendar events (the writer is `soapbox.core.ics`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from .. import ics
from .model import STATUSES, Appearance, Speaker
from .schedule import Schedule


def calendar_events(
    speaker: Speaker, appearances: Iterable[Appearance], *, host: str, site_url: str
) -> list[ics.Event]:
    talks = speaker.talk_by_slug
    events = []
    for appearance in appearances:
        talk = talks.get(appearance.talk or "")
        summary = f"{speaker.name} at {appearance.event}"
        description = f"{talk.title}\n\n{talk.summary}" if talk else ""
        link = appearance.url or (urljoin(site_url, talk.url) if talk and site_url else "")
        events.append(
            ics.Event(
                uid=f"{appearance.key}@{host}",
                summary=summary,
                start=appearance.start,
                end=appearance.end,
                tzid=appearance.tzid,
                description=description,
                location=appearance.place,
                url=link,
                status=STATUSES[appearance.status][1],
            )
        )
    return events


def appearances_ics(
    speaker: Speaker, schedule: Schedule, *, now: datetime, site_url: str, site_name: str
) -> str:
    host = urlsplit(site_url).hostname or "soapbox.invalid"
    events = calendar_events(speaker, schedule.upcoming, host=host, site_url=site_url)
    return ics.calendar(
        events,
        prodid="-//Soapbox//Speaker appearances//EN",
        name=f"{speaker.name}: appearances",
        now=now,
    )
