"""schema.org JSON-LD of the speaker: the profile (`ProfilePage`/`Person`) and one `Event` per
appearance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from ..urls import is_web_url, slugify
from .model import STATUSES, Appearance, Speaker, Talk
from .schedule import Schedule


def profile_jsonld(
    speaker: Speaker,
    schedule: Schedule,
    *,
    page_url: str,
    site_url: str,
    same_as: Iterable[str] = (),
    knows_about: Iterable[str] = (),
) -> dict[str, Any]:
    """schema.org `ProfilePage` with the speaker as `Person`, and an `Event` per upcoming
    appearance. URLs are made absolute against `site_url` when it is set."""

    def absolute(url: str) -> str:
        return urljoin(site_url, url) if site_url else url

    page = absolute(page_url)
    person_id = f"{page}#speaker"
    person: dict[str, Any] = {
        "@type": "Person",
        "@id": person_id,
        "name": speaker.name,
        "url": page,
    }
    if speaker.tagline:
        person["jobTitle"] = speaker.tagline
    short = speaker.bio("short") or speaker.bio("medium")
    if short:
        person["description"] = short.text
    if speaker.headshots:
        person["image"] = absolute(speaker.headshots[0].src)
    topics: dict[str, str] = {}  # one entry per topic, the caller's spelling first
    for name in (*knows_about, *speaker.topics):
        topics.setdefault(slugify(name), name)
    if topics:
        person["knowsAbout"] = list(topics.values())
    links = [u for u in dict.fromkeys(same_as) if is_web_url(u)]
    if links:
        person["sameAs"] = links
    graph: list[dict[str, Any]] = [
        {
            "@type": "ProfilePage",
            "@id": page,
            "url": page,
            "name": f"{speaker.name}: speaker",
            "mainEntity": {"@id": person_id},
        },
        person,
    ]
    talks = speaker.talk_by_slug
    for appearance in schedule.upcoming:
        graph.append(
            event_jsonld(
                appearance,
                talks.get(appearance.talk or ""),
                page=page,
                performer={"@id": person_id},
            )
        )
    return {"@context": "https://schema.org", "@graph": graph}


def event_jsonld(
    appearance: Appearance, talk: Talk | None, *, page: str, performer: dict[str, Any]
) -> dict[str, Any]:
    """schema.org `Event` of one appearance; `page` (absolute) stands in for an online event's
    URL."""
    event: dict[str, Any] = {
        "@type": "Event",
        "name": f"{appearance.event}: {talk.title}" if talk else appearance.event,
        "startDate": appearance.start.isoformat(),
        "eventStatus": f"https://schema.org/{STATUSES[appearance.status][0]}",
        "performer": performer,
    }
    if appearance.end is not None:
        event["endDate"] = appearance.end.isoformat()
    places: list[dict[str, Any]] = []
    if appearance.city:
        address = {"@type": "PostalAddress", "addressLocality": appearance.city}
        if appearance.country:
            address["addressCountry"] = appearance.country
        places.append(
            {"@type": "Place", "name": appearance.venue or appearance.city, "address": address}
        )
    if appearance.virtual:
        places.append({"@type": "VirtualLocation", "url": appearance.url or page})
    mode = (
        "Mixed"
        if appearance.city and appearance.virtual
        else "Online"
        if appearance.virtual
        else "Offline"
    )
    event["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    event["location"] = places[0] if len(places) == 1 else places
    if appearance.url:
        event["url"] = appearance.url
    if talk:
        event["description"] = talk.summary
    return event
