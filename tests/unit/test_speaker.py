"""The speaker core: validation messages verbatim, appearances split by a pinned date, the booking
form per provider, call-to-action links, JSON-LD, and an ICS that `icalendar` reads back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from soapbox.core import ics
from soapbox.core.problems import Severity
from soapbox.core.speaker import (
    SpeakerSettings,
    appearances_ics,
    booking_form,
    booking_query,
    needs_provider_warning,
    parse_speaker,
    profile_jsonld,
    split_appearances,
)

BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = SpeakerSettings(timezone=BERLIN, known_files=frozenset({"images/me.png", "hire-me.md"}))
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
WORDS = " ".join(["word"] * 50)
THANKS = "https://ex.test/hire-me/thanks/"

GOOD = """---
title: Hire me
speaker:
  name: Ana Ruiz
  tagline: Pricing & negotiation <keynotes>
  headshots:
    - {image: images/me.png, alt: Ana on stage}
  bios:
    short: "<50 words>"
  talks:
    - title: Price Is a Feeling
      abstract: |-
        First paragraph, with a comma; and a semicolon.

        Second paragraph.
      formats: [keynote, Virtual]
      durations: [45, half day]
      outcomes: [Trade, don't discount]
      topics: [pricing, Negotiation]
    - title: "Cold Calls: The Return"
      slug: cold-calls
      abstract: Openers.
      topics: [cold calling]
  reel: {youtube: Xk3pQ9vLr2A, title: Reel, poster: images/me.png}
  testimonials:
    - {quote: "Great.", name: Bo, role: Chair, organisation: SalesConf}
  clients: [Acme, Acme, Globex]
  fee: {from: 5000, to: 9000, currency: eur}
  appearances:
    - {date: 2025-05-01, event: Past Day, city: Leeds, talk: price-is-a-feeling}
    - {date: 2026-11-22, event: Today All Day, city: Berlin}
    - {date: "2026-11-22 10:00", event: This Morning, city: Berlin}
    - {date: "2027-02-24 14:00", end: "2027-02-24 15:30", timezone: America/Chicago,
       event: "Chicago, IL; RevOps", city: Chicago, talk: cold-calls}
    - {date: 2027-03-18T17:00:00Z, event: Webinar, virtual: true, url: "https://example.com/w",
       status: moved-online}
    - {date: 2027-05-12, end: 2027-05-13, event: Festival, city: Copenhagen, country: DK}
  booking: {provider: url, endpoint: "https://forms.example.com/in", email: ana@example.com}
---
Intro text.
""".replace("<50 words>", WORDS)


def parse(source: str):
    return parse_speaker("hire-me.md", source, SETTINGS)


def messages(source: str) -> list[str]:
    return [str(p) for p in parse(source)[1]]


def speaker_doc(*lines: str) -> str:
    return (
        "---\ntitle: Hire me\nspeaker:\n  name: Ana\n"
        + "".join(f"  {line}\n" for line in lines)
        + "---\nBody\n"
    )


def test_a_good_speaker_is_read_completely():
    speaker, problems = parse(GOOD)
    assert problems == []
    assert speaker.name == "Ana Ruiz"
    assert speaker.tagline == "Pricing & negotiation <keynotes>"  # kept as text; templates escape
    first, second = speaker.talks
    assert first.slug == "price-is-a-feeling" and first.url == "talks/price-is-a-feeling/"
    assert first.abstract == (
        "First paragraph, with a comma; and a semicolon.",
        "Second paragraph.",
    )
    assert first.formats == ("keynote", "virtual")
    assert first.durations == ("45 min", "half day")
    assert second.slug == "cold-calls"
    assert speaker.clients == ("Acme", "Globex")
    assert speaker.fee.text == "EUR 5,000–9,000"
    assert speaker.reel.embed_url.startswith("https://www.youtube-nocookie.com/embed/Xk3pQ9vLr2A")
    assert speaker.reel.poster.src == "images/me.png"
    chicago = speaker.appearances[3]
    assert chicago.start == datetime(2027, 2, 24, 14, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert chicago.tzid == "America/Chicago"
    webinar = speaker.appearances[4]
    assert webinar.tzid is None and webinar.start.utcoffset().total_seconds() == 0
    assert speaker.appearances[5].start == date(2027, 5, 12) and speaker.appearances[5].all_day


def test_no_speaker_key_means_no_speaker_and_no_problems():
    assert parse("---\ntitle: Hire me\n---\nText\n") == (None, [])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["talks:", "  - title: One", "    abstract: A.", "    formats: [keynote, tedtalk]"],
            "posts/hire-me.md:8: speaker.talks[1].formats[2]: 'tedtalk' is not one of keynote,"
            " workshop, panel, virtual",
        ),
        (
            ["talks:", "  - title: One"],
            "posts/hire-me.md:6: speaker.talks[1].abstract: is missing; add a paragraph or two on"
            " what the talk is about",
        ),
        (
            [
                "talks:",
                "  - {title: One, abstract: A.}",
                "  - {title: One, abstract: B.}",
            ],
            "posts/hire-me.md:7: speaker.talks[2].title: gives the talk URL 'talks/one/', which"
            " talk 1 already has; set a different 'slug:'",
        ),
        (
            ["appearances:", "  - {date: 2027-02-30, event: X, city: Y}"],
            "posts/hire-me.md:6: speaker.appearances[1].date: '2027-02-30' is not a real date or"
            " time (day is out of range for month); write it like 2027-03-04 or 2027-03-04 09:30",
        ),
        (
            ["appearances:", "  - {date: 2027-02-03, event: X}"],
            "posts/hire-me.md:6: speaker.appearances[1]: needs a 'city:' or 'virtual: true'",
        ),
        (
            [
                "talks: [{title: One, abstract: A.}]",
                "appearances:",
                "  - date: 2027-02-03",
                "    event: X",
                "    city: Y",
                "    talk: onee",
            ],
            "posts/hire-me.md:10: speaker.appearances[1].talk: unknown talk 'onee'; use the slug of"
            " one of the talks above: one (did you mean 'one'?)",
        ),
        (
            ["appearances:", "  - {date: 2027-02-03, event: X, city: Y, url: example.com}"],
            "posts/hire-me.md:6: speaker.appearances[1].url: 'example.com' must be a full http(s)"
            " URL, like https://example.com/event",
        ),
        (
            ["reel: {youtube: https://youtu.be/x, title: R, poster: images/me.png}"],
            "posts/hire-me.md:5: speaker.reel.youtube: 'https://youtu.be/x' is not a YouTube video"
            " id; copy the 11 characters after 'v=' in the video's address",
        ),
        (
            ["reel: {vimeo: '123456', title: R, poster: 'https://cdn.example.com/p.png'}"],
            "posts/hire-me.md:5: speaker.reel.poster: 'https://cdn.example.com/p.png' must be a"
            " file next to your posts, not a URL: the page shows it before the visitor chose to"
            " load anything from another site",
        ),
        (
            ["booking: {provider: formspree}"],
            "posts/hire-me.md:5: speaker.booking.provider: 'formspree' needs 'form_id:' too; copy"
            " it from the formspree dashboard",
        ),
        (
            ["booking: {provider: mailto}"],
            "posts/hire-me.md:5: speaker.booking.email: is missing; without a form provider the"
            " inquiry is sent by email, so add 'email:'",
        ),
        (
            ["booking: {provider: formspre, form_id: abc}"],
            "posts/hire-me.md:5: speaker.booking.provider: 'formspre' is not one of formspree,"
            " netlify, basin, web3forms, url, mailto, none (did you mean 'formspree'?)",
        ),
        (
            ["fee: {from: '5k'}"],
            "posts/hire-me.md:5: speaker.fee.from: must be a whole number without currency or"
            " separators, like 7500, got '5k'",
        ),
    ],
)
def test_errors_name_file_line_field_and_fix(lines, expected):
    speaker, problems = parse(speaker_doc(*lines))
    assert speaker is None
    assert expected in [str(p) for p in problems]


def test_warnings_keep_the_speaker():
    source = speaker_doc(
        "bios:",
        "  short: Too short.",
        "  long: |-",
        "    " + " ".join(["word"] * 400),
        "headshots: [{image: images/missing.png, alt: A}]",
        "tagine: typo",
    )
    speaker, problems = parse(source)
    assert speaker is not None
    assert [str(p) for p in problems] == [
        "posts/hire-me.md:10: speaker.tagine: is not a field Soapbox knows here (did you mean"
        " 'tagline'?); use name, tagline, location, headshots, bios, talks, reel, testimonials,"
        " clients, fee, travel, appearances, booking",
        "posts/hire-me.md:9: speaker.headshots[1].image: 'images/missing.png' was not found (looked"
        " for posts/images/missing.png); the path is relative to this page",
        "posts/hire-me.md:6: speaker.bios.short: has 2 words; a short bio reads best at about 50"
        " (between 30 and 75), because organisers paste it into programmes with that much room",
        "posts/hire-me.md:7: speaker.bios.long: has 400 words; a long bio reads best at about 250"
        " (between 150 and 375), because organisers paste it into programmes with that much room",
    ]
    assert all(p.severity is Severity.WARNING for p in problems)


def test_a_missing_provider_warns_in_production_and_mailto_does_not():
    none, _ = parse(speaker_doc("booking: {email: a@example.com}"))
    assert str(needs_provider_warning(none, "posts")) == (
        "posts/hire-me.md: speaker.booking.provider: no form provider is set, so inquiries open the"
        " visitor's email app; set 'provider:' to formspree, netlify, basin, web3forms or url, or"
        " to 'mailto' to choose email on purpose"
    )
    chosen, _ = parse(speaker_doc("booking: {provider: mailto, email: a@example.com}"))
    assert needs_provider_warning(chosen, "posts") is None
    assert booking_form(chosen, thanks_url="t/", thanks_page="t/").provider == "mailto"


def test_appearances_split_by_the_pinned_now():
    speaker, _ = parse(GOOD)
    schedule = split_appearances(speaker.appearances, NOW, BERLIN)  # 13:00 in Berlin
    # An all-day appearance stays upcoming until its day is over; a timed one until it ends.
    assert [a.event for a in schedule.upcoming] == [
        "Today All Day", "Chicago, IL; RevOps", "Webinar", "Festival",
    ]  # fmt: skip
    assert [a.event for a in schedule.past] == ["This Morning", "Past Day"]
    late = split_appearances(
        speaker.appearances, datetime(2026, 11, 22, 23, 30, tzinfo=UTC), BERLIN
    )
    assert "Today All Day" in [a.event for a in late.past]


@pytest.mark.parametrize(
    ("provider", "extra", "action", "hidden", "attributes", "honeypot"),
    [
        ("formspree", "form_id: xyzabcd", "https://formspree.io/f/xyzabcd",
         {"_subject": "Speaking inquiry", "_next": THANKS}, {}, "_gotcha"),
        ("netlify", "", "hire-me/thanks/", {"form-name": "booking", "subject": "Speaking inquiry"},
         {"data-netlify": "true", "netlify-honeypot": "bot-field"}, "bot-field"),
        ("basin", "form_id: abc123", "https://usebasin.com/f/abc123", {}, {}, "_gotcha"),
        ("web3forms", "access_key: 0000-key", "https://api.web3forms.com/submit",
         {"access_key": "0000-key", "redirect": THANKS, "subject": "Speaking inquiry",
          "from_name": "Ana"}, {}, "botcheck"),
        ("url", "endpoint: 'https://forms.example.com/x'", "https://forms.example.com/x",
         {"_subject": "Speaking inquiry", "_next": THANKS}, {}, "_gotcha"),
    ],
)  # fmt: skip
def test_each_provider_gets_its_action_hidden_fields_and_honeypot(
    provider, extra, action, hidden, attributes, honeypot
):
    body = f"booking: {{provider: {provider}{', ' + extra if extra else ''}}}"
    speaker, problems = parse(speaker_doc(body))
    assert problems == []
    form = booking_form(
        speaker, thanks_url="https://ex.test/hire-me/thanks/", thanks_page="hire-me/thanks/"
    )
    assert form.action == action
    assert dict(form.hidden) == hidden
    assert dict(form.attributes) == {"name": "booking", **attributes}
    assert form.honeypot == honeypot
    names = [f.name for f in form.fields]
    assert names == [
        "name", "email", "organisation", "event_name", "message", "event_date", "event_end_date",
        "dates_flexible", "location_type", "location", "audience_size", "audience", "format",
        "length", "talk", "topic", "budget", "travel_covered", "heard",
    ]  # fmt: skip
    assert all(f.message for f in form.fields if f.required)
    subject = {
        "formspree": "_subject",
        "url": "_subject",
        "netlify": "subject",
        "web3forms": "subject",
    }
    assert form.subject_field == subject.get(provider, "")
    assert form.subject_field == "" or form.subject_field in dict(form.hidden)


def test_a_first_inquiry_requires_only_what_an_organiser_knows_at_first_contact():
    """Twelve required fields (budget band, travel, audience ...) for a first inquiry: now five,
    and every optional field sits in a group whose legend says it is optional."""
    speaker, _ = parse(speaker_doc("booking: {provider: mailto, email: a@example.com}"))
    form = booking_form(speaker, thanks_url="t/", thanks_page="t/", today=date(2026, 11, 22))
    required = [f.name for f in form.fields if f.required]
    assert required == ["name", "email", "organisation", "event_name", "message"]
    for group in form.groups:
        assert group.optional == (not any(f.required for f in group.fields)), group.id
    dates = {f.name: f for f in form.fields if f.kind == "date"}
    assert {f.min for f in dates.values()} == {"2026-11-22"}
    assert all("in the past" in f.min_message for f in dates.values())
    end = dates["event_end_date"]
    assert end.not_before == "event_date" and "{start}" in end.order_message
    assert all(f.min == "" for f in booking_form(speaker, thanks_url="t/", thanks_page="t/").fields)


def test_call_to_action_prefers_a_matching_talk_then_the_topic():
    speaker, _ = parse(GOOD)
    assert booking_query(speaker, ["Leadership", "negotiation"]) == "?talk=price-is-a-feeling"
    assert booking_query(speaker, ["Cold Calling"]) == "?talk=cold-calls"
    assert booking_query(speaker, ["R&D / Ops"]) == "?topic=R%26D%20%2F%20Ops"
    assert booking_query(speaker, []) == ""
    # Two spellings of one site topic match through `canonical`.
    synonyms = {"cold-calls": "cold-calling"}
    assert (
        booking_query(
            speaker,
            ["Cold calls"],
            canonical=lambda n: synonyms.get(
                n.lower().replace(" ", "-"), n.lower().replace(" ", "-")
            ),
        )
        == "?talk=cold-calls"
    )


def test_jsonld_profile_person_and_upcoming_events():
    speaker, _ = parse(GOOD)
    schedule = split_appearances(speaker.appearances, NOW, BERLIN)
    data = profile_jsonld(
        speaker, schedule, page_url="hire-me/", site_url="https://ex.test/",
        same_as=["https://www.linkedin.com/in/ana", "javascript:alert(1)"], knows_about=["Pricing"],
    )  # fmt: skip
    page, person, *events = data["@graph"]
    assert page["@type"] == "ProfilePage" and page["mainEntity"] == {
        "@id": "https://ex.test/hire-me/#speaker"
    }
    assert person["knowsAbout"] == ["Pricing", "Negotiation", "cold calling"]
    assert person["sameAs"] == ["https://www.linkedin.com/in/ana"]
    assert person["image"] == "https://ex.test/images/me.png"
    assert [e["name"] for e in events] == [
        "Today All Day", "Chicago, IL; RevOps: Cold Calls: The Return", "Webinar", "Festival",
    ]  # fmt: skip
    chicago, webinar = events[1], events[2]
    assert chicago["startDate"] == "2027-02-24T14:00:00-06:00"
    assert chicago["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert chicago["location"]["@type"] == "Place" and chicago["performer"] == {
        "@id": person["@id"]
    }
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://example.com/w"}
    assert webinar["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    json.dumps(data)  # serialisable as is


# --- ICS ---------------------------------------------------------------------------------------


def test_text_escaping_and_folding_follow_rfc_5545():
    assert ics.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    line = "SUMMARY:" + "é" * 60  # 8 + 120 octets
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_the_calendar_round_trips_through_icalendar():
    speaker, _ = parse(GOOD)
    schedule = split_appearances(speaker.appearances, NOW, BERLIN)
    text = appearances_ics(speaker, schedule, now=NOW, site_url="https://ex.test/", site_name="Ana")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert list(events) == [
        "Ana Ruiz at Today All Day", "Ana Ruiz at Chicago, IL; RevOps", "Ana Ruiz at Webinar",
        "Ana Ruiz at Festival",
    ]  # fmt: skip
    for event in events.values():
        assert event["DTSTAMP"].dt == NOW  # the build's now, not the wall clock
    chicago = events["Ana Ruiz at Chicago, IL; RevOps"]
    start, end = chicago["DTSTART"].dt, chicago["DTEND"].dt
    assert start == datetime(2027, 2, 24, 20, 0, tzinfo=UTC)
    assert (
        str(start.tzinfo) in ("America/Chicago", "CST")
        and start.utcoffset().total_seconds() == -6 * 3600
    )
    assert end - start == timedelta(minutes=90)
    assert str(chicago["UID"]) == "2027-02-24-chicago-il-revops@ex.test"
    assert str(chicago["DESCRIPTION"]).startswith("Cold Calls: The Return\n\nOpeners.")
    webinar = events["Ana Ruiz at Webinar"]
    assert webinar["DTSTART"].dt == datetime(2027, 3, 18, 17, 0, tzinfo=UTC)
    assert webinar["DTSTART"].dt.utcoffset().total_seconds() == 0
    festival = events["Ana Ruiz at Festival"]
    assert festival["DTSTART"].dt == date(2027, 5, 12)
    assert festival["DTEND"].dt == date(2027, 5, 14)  # exclusive
    today = events["Ana Ruiz at Today All Day"]
    assert (today["DTSTART"].dt, today["DTEND"].dt) == (date(2026, 11, 22), date(2026, 11, 23))


def test_vtimezone_carries_the_real_transitions():
    lines = ics.vtimezone("Europe/Berlin", 2027, 2027)
    assert "DTSTART:20270328T020000" in lines and "DTSTART:20271031T030000" in lines
    assert lines.count("TZOFFSETTO:+0200") == 1


def test_the_same_input_gives_the_same_bytes():
    speaker, _ = parse(GOOD)
    schedule = split_appearances(speaker.appearances, NOW, BERLIN)
    first = appearances_ics(
        speaker, schedule, now=NOW, site_url="https://ex.test/", site_name="Ana"
    )
    again = appearances_ics(
        speaker, schedule, now=NOW, site_url="https://ex.test/", site_name="Ana"
    )
    assert first == again
