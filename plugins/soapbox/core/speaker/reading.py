"""Reading the `speaker:` front matter into a `Speaker`, validated like a post: every problem is
`posts/<file>.md:<line>: speaker.<field>: <what to do>`, nested fields named like
`speaker.talks[2].title` (items counted from 1)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..content import Reporter, is_absolute_url, kind_of, quoted, split_front_matter, suggest
from ..problems import Problem, Severity
from ..urls import is_valid_slug, slugify
from .model import (
    BIO_RANGE,
    BIO_WORDS,
    DEFAULT_THANKS,
    FORMATS,
    KEY,
    PROVIDERS,
    STATUSES,
    Appearance,
    Bio,
    Booking,
    Fee,
    Image,
    Reel,
    Speaker,
    SpeakerSettings,
    Talk,
    Testimonial,
)

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class _At:
    """One value in the speaker data, with its dotted name and file line, reporting its problems."""

    def __init__(self, value: Any, path: tuple[str | int, ...], report: Reporter, lines: Mapping):
        self.value, self.path, self.report, self.lines = value, path, report, lines

    @property
    def name(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    @property
    def line(self) -> int:
        for end in range(len(self.path), 0, -1):
            if self.path[:end] in self.lines:
                return self.lines[self.path[:end]]
        return self.report.default_line

    def __getitem__(self, key: str | int) -> _At:
        value = self.value.get(key) if isinstance(self.value, dict) else None
        if isinstance(key, int) and isinstance(self.value, list):
            value = self.value[key]
        return _At(value, (*self.path, key), self.report, self.lines)

    def error(self, message: str) -> None:
        self.report.error(self.name, message, line=self.line)

    def warn(self, message: str) -> None:
        self.report.warn(self.name, message, line=self.line)

    @property
    def missing(self) -> bool:
        return self.value is None

    def mapping(self, shape: str, keys: Iterable[str]) -> bool:
        """A mapping with only known keys (unknown ones are warned about with a suggestion)."""
        if not isinstance(self.value, dict):
            self.error(
                f"must be a mapping like {shape}, got {kind_of(self.value)} {quoted(self.value)}"
            )
            return False
        known = list(keys)
        for key in self.value:
            if key not in known:
                self[str(key)].warn(
                    f"is not a field Soapbox knows here{suggest(str(key), known)}; use"
                    f" {', '.join(known)}"
                )
        return True

    def items(self, example: str) -> list[_At]:
        """A list (a single value counts as a list of one)."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            if isinstance(self.value, (str, int, float)) and not isinstance(self.value, bool):
                return [_At(self.value, self.path, self.report, self.lines)]
            self.error(f"must be a list like {example}, got {kind_of(self.value)}")
            return []
        return [self[i] for i in range(len(self.value))]

    def text(self, *, required: bool = False, what: str = "a value") -> str:
        value = self.value
        if value is None:
            if required:
                self.error(f"is missing; add {what}")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(f"must be text, got {kind_of(value)} {quoted(value)}")
            return ""
        value = " ".join(value.split())
        if not value and required:
            self.error(f"is empty; add {what}")
        return value

    def paragraphs(self, *, required: bool = False, what: str = "a value") -> tuple[str, ...]:
        if isinstance(self.value, str):
            blocks = re.split(r"\n\s*\n", self.value.strip())
            found = tuple(" ".join(b.split()) for b in blocks if b.strip())
            if found or not required:
                return found
        raw = self.text(required=required, what=what)
        return (raw,) if raw else ()

    def texts(self, example: str) -> tuple[str, ...]:
        found: list[str] = []
        for item in self.items(example):
            value = item.text(required=True, what="text")
            if value and value not in found:
                found.append(value)
        return tuple(found)

    def flag(self) -> bool:
        if self.value is None:
            return False
        if isinstance(self.value, bool):
            return self.value
        self.error(
            "must be true or false (without quotes), got"
            f" {kind_of(self.value)} {quoted(self.value)}"
        )
        return False

    def url(self) -> str:
        value = self.text()
        if value and not is_absolute_url(value):
            self.error(
                f"{quoted(value)} must be a full http(s) URL, like https://example.com/event"
            )
            return ""
        return value

    def choice(self, choices: Iterable[str], default: str) -> str:
        value = self.text()
        options = list(choices)
        if not value:
            return default
        normal = value.lower().replace(" ", "-")
        if normal not in options:
            self.error(
                f"{quoted(value)} is not one of {', '.join(options)}{suggest(normal, options)}"
            )
            return default
        return normal

    def whole(self) -> int | None:
        if self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            self.error(
                "must be a whole number without currency or separators, like 7500, got"
                f" {quoted(self.value)}"
            )
            return None
        return self.value

    def image(self, settings: SpeakerSettings, page_uri: str, *, local_only: bool = False) -> str:
        value = self.text(required=True, what="a path next to your posts, like images/me.png")
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            if local_only:
                self.error(
                    f"{quoted(value)} must be a file next to your posts, not a URL: the page"
                    " shows it before the visitor chose to load anything from another site"
                )
                return ""
            return value
        if parts.scheme or value.startswith("//"):
            self.error(f"{quoted(value)} must be a path next to your posts or an https URL")
            return ""
        resolved = (
            value.lstrip("/")
            if value.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), value))
        )
        if resolved.startswith("../"):
            self.error(f"{quoted(value)} points outside the posts folder")
            return ""
        if settings.known_files and resolved not in settings.known_files:
            self.warn(
                f"{quoted(value)} was not found (looked for"
                f" {settings.display_root}/{resolved}); the path is relative to this page"
            )
        return resolved


FIELDS = (
    "name", "tagline", "location", "headshots", "bios", "talks", "reel", "testimonials", "clients",
    "fee", "travel", "appearances", "booking",
)  # fmt: skip


def parse_speaker(
    src_uri: str, source: str, settings: SpeakerSettings
) -> tuple[Speaker | None, list[Problem]]:
    """The `speaker:` data in one page's front matter: (None, []) when the page has none."""
    report = Reporter(posixpath.join(settings.display_root, src_uri))
    matter = split_front_matter(source, report)
    if matter is None or matter.data.get(KEY) is None:
        return None, report.problems if matter is None else []
    report.lines = matter.lines
    root = _At(matter.data[KEY], (KEY,), report, matter.paths)
    if not root.mapping("'speaker: {name: ..., talks: [...]}'", FIELDS):
        return None, report.problems

    name = root["name"].text(required=True, what="your name as event programmes print it")
    headshots = tuple(
        Image(
            item["image"].image(settings, src_uri),
            item["alt"].text(
                required=True, what="a sentence describing the photo for screen readers"
            ),
            item["credit"].text(),
        )
        for item in root["headshots"].items("[{image: images/me.png, alt: ...}]")
        if item.mapping("{image: images/me.png, alt: ..., credit: ...}", ("image", "alt", "credit"))
    )
    talks = _talks(root["talks"], settings)
    slugs = {t.slug for t in talks}
    speaker = Speaker(
        src_uri=src_uri,
        name=name,
        tagline=root["tagline"].text(),
        location=root["location"].text(),
        headshots=tuple(h for h in headshots if h.src),
        bios=_bios(root["bios"]),
        talks=talks,
        reel=_reel(root["reel"], settings, src_uri),
        testimonials=_testimonials(root["testimonials"]),
        clients=root["clients"].texts("[Northwind Freight, Halden Bank]"),
        fee=_fee(root["fee"]),
        travel=root["travel"].text(),
        appearances=_appearances(root["appearances"], slugs, settings),
        booking=_booking(root["booking"]),
    )
    if any(p.severity is Severity.ERROR for p in report.problems):
        return None, report.problems
    return speaker, report.problems


def _bios(at: _At) -> tuple[Bio, ...]:
    if at.missing or not at.mapping("{short: ..., medium: ..., long: ...}", BIO_WORDS):
        return ()
    bios = []
    for length, target in BIO_WORDS.items():
        entry = at[length]
        paragraphs = entry.paragraphs()
        if not paragraphs:
            continue
        bio = Bio(length, paragraphs)
        low, high = int(target * BIO_RANGE[0]), int(target * BIO_RANGE[1])
        if not low <= bio.words <= high:
            entry.warn(
                f"has {bio.words} words; a {length} bio reads best at about {target} (between {low}"
                f" and {high}), because organisers paste it into programmes with that much room"
            )
        bios.append(bio)
    return tuple(bios)


def _talks(at: _At, settings: SpeakerSettings) -> tuple[Talk, ...]:
    talks: list[Talk] = []
    seen: dict[str, int] = {}
    keys = ("title", "slug", "abstract", "formats", "durations", "outcomes", "topics")
    for index, item in enumerate(at.items("[{title: ..., abstract: ...}]")):
        if not item.mapping("{title: ..., abstract: ..., formats: [keynote]}", keys):
            continue
        title = item["title"].text(required=True, what="the talk's title")
        slug = item["slug"].text()
        if slug and not is_valid_slug(slug):
            item["slug"].error(
                f"{quoted(slug)} can only use a-z, 0-9 and single hyphens;"
                f" try '{slugify(slug) or 'my-talk'}'"
            )
        slug = slug or slugify(title)
        if slug in seen:
            (item["slug"] if not item["slug"].missing else item["title"]).error(
                f"gives the talk URL '{settings.talks_path}{slug}/', which talk {seen[slug]}"
                " already has; set a different 'slug:'"
            )
        seen.setdefault(slug, index + 1)
        abstract = item["abstract"].paragraphs(
            required=True, what="a paragraph or two on what the talk is about"
        )
        formats = []
        for entry in item["formats"].items("[keynote, workshop]"):
            value = entry.choice(FORMATS, "")
            if value and value not in formats:
                formats.append(value)
        durations = []
        for entry in item["durations"].items("[45 min, half day]"):
            value = entry.value
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                durations.append(f"{value} min")
            else:
                text = entry.text(required=True, what="a length like '45 min' or 'half day'")
                if text:
                    durations.append(text)
        talks.append(
            Talk(
                slug=slug,
                title=title,
                abstract=abstract,
                formats=tuple(formats),
                durations=tuple(durations),
                outcomes=item["outcomes"].texts("[Ask one better question]"),
                topics=item["topics"].texts("[discovery, pricing]"),
                url=f"{settings.talks_path}{slug}/",
            )
        )
    return tuple(talks)


def _reel(at: _At, settings: SpeakerSettings, page_uri: str) -> Reel | None:
    keys = ("youtube", "vimeo", "title", "poster", "poster_alt")
    if at.missing or not at.mapping(
        "{youtube: <video id>, title: ..., poster: images/reel.png}", keys
    ):
        return None
    youtube, vimeo = at["youtube"].text(), at["vimeo"].text()
    if bool(youtube) == bool(vimeo):
        at.error("needs exactly one of 'youtube: <11-character video id>' or 'vimeo: <numeric id>'")
        return None
    if youtube and not _YOUTUBE_ID.match(youtube):
        at["youtube"].error(
            f"{quoted(youtube)} is not a YouTube video id; copy the 11 characters after 'v=' in the"
            " video's address"
        )
    if vimeo and not _VIMEO_ID.match(vimeo):
        at["vimeo"].error(
            f"{quoted(vimeo)} is not a Vimeo video id; copy the number at the end of the video's"
            " address"
        )
    title = at["title"].text(required=True, what="a title such as 'Showreel: Maren on stage'")
    poster = at["poster"].image(settings, page_uri, local_only=True)
    alt = at["poster_alt"].text() or title
    return Reel("youtube" if youtube else "vimeo", youtube or vimeo, title, Image(poster, alt))


def _testimonials(at: _At) -> tuple[Testimonial, ...]:
    found = []
    for item in at.items("[{quote: ..., name: ..., role: ..., organisation: ...}]"):
        if not item.mapping(
            "{quote: ..., name: ..., role: ..., organisation: ...}",
            ("quote", "name", "role", "organisation"),
        ):
            continue
        found.append(
            Testimonial(
                quote=item["quote"].text(required=True, what="the organiser's words"),
                name=item["name"].text(required=True, what="who said it"),
                role=item["role"].text(),
                organisation=item["organisation"].text(),
            )
        )
    return tuple(found)


def _fee(at: _At) -> Fee | None:
    if at.missing or not at.mapping(
        "{from: 7500, to: 15000, currency: EUR}", ("from", "to", "currency", "note")
    ):
        return None
    minimum, maximum = at["from"].whole(), at["to"].whole()
    currency = at["currency"].text() or "EUR"
    if minimum is None and maximum is None:
        at.error("needs 'from:', 'to:' or both, as whole numbers like 7500")
        return None
    if minimum is not None and maximum is not None and maximum < minimum:
        at["to"].error(f"{maximum} is less than 'from: {minimum}'")
    return Fee(minimum, maximum, currency.upper(), at["note"].text())


def _moment(
    at: _At, tz_name: str | None, settings: SpeakerSettings
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


def _time_zone(at: _At) -> str | None:
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
    at: _At, start: date | datetime | None, tz_name: str | None, settings: SpeakerSettings
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


def _appearances(at: _At, talks: set[str], settings: SpeakerSettings) -> tuple[Appearance, ...]:
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
                url=item["url"].url(),
                talk=talk,
                status=item["status"].choice(STATUSES, "scheduled"),
            )
        )
    return tuple(found)


def _booking(at: _At) -> Booking:
    keys = (
        "provider",
        "form_id",
        "endpoint",
        "access_key",
        "email",
        "subject",
        "form_name",
        "thanks",
        "budgets",
    )
    if at.missing:
        return Booking("none")
    if not at.mapping("{provider: formspree, form_id: xyzabcd, email: you@example.com}", keys):
        return Booking("none")
    provider = at["provider"].choice(PROVIDERS, "none")
    email = at["email"].text()
    if email and not _EMAIL.match(email):
        at["email"].error(f"{quoted(email)} is not an email address like bookings@example.com")
    needs = {
        "formspree": "form_id",
        "basin": "form_id",
        "url": "endpoint",
        "web3forms": "access_key",
    }
    if provider in needs and not at[needs[provider]].text():
        at["provider"].error(
            f"'{provider}' needs '{needs[provider]}:' too; copy it from the {provider} dashboard"
        )
    if provider in ("mailto", "none") and not email:
        at["email"].error(
            "is missing; without a form provider the inquiry is sent by email, so add 'email:'"
        )
    endpoint = at["endpoint"].url() if provider == "url" else at["endpoint"].text()
    form_id = at["form_id"].text()
    if form_id and not re.match(r"^[A-Za-z0-9_-]+$", form_id):
        at["form_id"].error(
            f"{quoted(form_id)} is not a form id; copy the letters and digits after '/f/'"
        )
    return Booking(
        provider=provider,
        form_id=form_id,
        endpoint=endpoint,
        access_key=at["access_key"].text(),
        email=email,
        subject=at["subject"].text() or "Speaking inquiry",
        form_name=at["form_name"].text() or "booking",
        thanks=at["thanks"].text() or DEFAULT_THANKS,
        budgets=at["budgets"].texts("[Under 5000, 5000-10000]"),
    )


def needs_provider_warning(speaker: Speaker, display_root: str) -> Problem | None:
    """A real build without a form provider: inquiries only work through the visitor's mail app."""
    if speaker.booking.provider != "none":
        return None
    return Problem(
        posixpath.join(display_root, speaker.src_uri), None, "speaker.booking.provider",
        "no form provider is set, so inquiries open the visitor's email app; set 'provider:' to"
        " formspree, netlify, basin, web3forms or url, or to 'mailto' to choose email on purpose",
        Severity.WARNING,
    )  # fmt: skip
