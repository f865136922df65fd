"""The speaker: profile, talks, appearances, testimonials and booking settings -> typed records.

The data lives under `speaker:` in the front matter of the hire-me page and is validated like a
post: every problem is `posts/<file>.md:<line>: speaker.<field>: <what to do>`, nested fields
named like `speaker.talks[2].title` (items counted from 1). Also here: appearances split by the
build's "now", the booking form each provider needs, the call-to-action links, the iCalendar
events and the JSON-LD dict. Framework-free: no MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import ics
from . import text as textutil
from .content import Reporter, is_absolute_url, kind_of, quoted, split_front_matter, suggest
from .problems import Problem, Severity
from .urls import is_valid_slug, slugify

KEY = "speaker"  # the front matter key
FORMATS = {
    "keynote": "Keynote",
    "workshop": "Workshop",
    "panel": "Panel",
    "virtual": "Virtual session",
}
PROVIDERS = ("formspree", "netlify", "basin", "web3forms", "url", "mailto", "none")
STATUSES = {
    "scheduled": ("EventScheduled", "CONFIRMED"),
    "cancelled": ("EventCancelled", "CANCELLED"),
    "postponed": ("EventPostponed", "TENTATIVE"),
    "rescheduled": ("EventRescheduled", "CONFIRMED"),
    "moved-online": ("EventMovedOnline", "CONFIRMED"),
}
BIO_WORDS = {"short": 50, "medium": 100, "long": 250}
BIO_RANGE = (0.6, 1.5)  # warn outside 60%..150% of the target length
DEFAULT_THANKS = (
    "Thank you. Your inquiry is on its way; expect a personal reply within two working days."
)
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


# --- the model -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Image:
    src: str  # docs-relative path of a local file, or an https URL
    alt: str
    credit: str = ""

    @property
    def is_local(self) -> bool:
        return not is_absolute_url(self.src)

    @property
    def filename(self) -> str:
        return posixpath.basename(urlsplit(self.src).path)


@dataclass(frozen=True, slots=True)
class Bio:
    length: str  # "short" | "medium" | "long"
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return textutil.word_count(self.text)


@dataclass(frozen=True, slots=True)
class Talk:
    slug: str
    title: str
    abstract: tuple[str, ...]  # paragraphs
    formats: tuple[str, ...] = ()  # keys of FORMATS
    durations: tuple[str, ...] = ()  # "45 min", "half day"
    outcomes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    url: str = ""  # site-relative: "talks/<slug>/"

    @property
    def summary(self) -> str:
        return self.abstract[0] if self.abstract else ""

    @property
    def format_labels(self) -> tuple[str, ...]:
        return tuple(FORMATS[f] for f in self.formats)


@dataclass(frozen=True, slots=True)
class Reel:
    provider: str  # "youtube" | "vimeo"
    id: str
    title: str
    poster: Image

    @property
    def embed_url(self) -> str:
        """Loaded only after the visitor clicks play (privacy-enhanced players)."""
        if self.provider == "vimeo":
            return f"https://player.vimeo.com/video/{self.id}?dnt=1&autoplay=1"
        return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1&rel=0"

    @property
    def watch_url(self) -> str:
        if self.provider == "vimeo":
            return f"https://vimeo.com/{self.id}"
        return f"https://www.youtube.com/watch?v={self.id}"


@dataclass(frozen=True, slots=True)
class Testimonial:
    quote: str
    name: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True, slots=True)
class Fee:
    minimum: int | None
    maximum: int | None
    currency: str
    note: str = ""

    @property
    def text(self) -> str:
        def money(amount: int) -> str:
            return f"{self.currency} {amount:,}"

        if self.minimum is not None and self.maximum is not None:
            return f"{money(self.minimum)}–{self.maximum:,}"
        if self.minimum is not None:
            return f"From {money(self.minimum)}"
        return f"Up to {money(self.maximum or 0)}"


@dataclass(frozen=True, slots=True)
class Appearance:
    key: str  # stable id: the UID of its calendar event
    event: str
    start: date | datetime  # a date: all day; a datetime: aware
    end: date | datetime | None = None
    tzid: str | None = None  # the zone a timed appearance was written in; None: UTC
    city: str = ""
    country: str = ""
    venue: str = ""
    virtual: bool = False
    url: str = ""
    talk: str | None = None  # a talk slug
    status: str = "scheduled"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def place(self) -> str:
        if self.virtual and not self.city:
            return "Online"
        parts = [p for p in (self.venue, self.city, self.country) if p]
        return ", ".join(parts) + (" and online" if self.virtual else "")

    def last_moment(self, tz: ZoneInfo) -> datetime:
        """When the appearance is over: the end of its last day, or its end time."""
        start = self.start
        if not isinstance(start, datetime):  # all day
            last = self.end if isinstance(self.end, date) else start
            return datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        if isinstance(self.end, datetime):
            return self.end
        return start + timedelta(hours=1)

    def sort_moment(self, tz: ZoneInfo) -> datetime:
        if isinstance(self.start, datetime):
            return self.start
        return datetime.combine(self.start, datetime.min.time(), tzinfo=tz)


@dataclass(frozen=True, slots=True)
class Booking:
    provider: str  # one of PROVIDERS; "none" falls back to mailto with a warning
    form_id: str = ""  # formspree, basin
    endpoint: str = ""  # url
    access_key: str = ""  # web3forms
    email: str = ""  # the mailto fallback and the plain link
    subject: str = "Speaking inquiry"
    form_name: str = "booking"  # netlify
    thanks: str = DEFAULT_THANKS
    budgets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    src_uri: str
    name: str
    tagline: str = ""
    headshots: tuple[Image, ...] = ()
    bios: tuple[Bio, ...] = ()
    talks: tuple[Talk, ...] = ()
    reel: Reel | None = None
    testimonials: tuple[Testimonial, ...] = ()
    clients: tuple[str, ...] = ()
    fee: Fee | None = None
    travel: str = ""
    location: str = ""  # where the speaker is based
    appearances: tuple[Appearance, ...] = ()
    booking: Booking = field(default_factory=lambda: Booking("none"))

    @property
    def talk_by_slug(self) -> dict[str, Talk]:
        return {t.slug: t for t in self.talks}

    def bio(self, length: str) -> Bio | None:
        return next((b for b in self.bios if b.length == length), None)

    @property
    def format_labels(self) -> tuple[str, ...]:
        """The formats of all talks, in FORMATS order: ("Keynote", "Workshop")."""
        used = {f for talk in self.talks for f in talk.formats}
        return tuple(label for key, label in FORMATS.items() if key in used)

    @property
    def topics(self) -> tuple[str, ...]:
        """Every topic of every talk, first spelling wins, in order."""
        seen: dict[str, str] = {}
        for talk in self.talks:
            for topic in talk.topics:
                seen.setdefault(slugify(topic), topic)
        return tuple(seen.values())


@dataclass(frozen=True)
class SpeakerSettings:
    display_root: str = "posts"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    talks_path: str = "talks/"
    known_files: frozenset[str] = frozenset()


# --- reading -------------------------------------------------------------------------------------


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
        tz_name = item["timezone"].text() or None
        if tz_name:
            try:
                ZoneInfo(tz_name)
            except (ZoneInfoNotFoundError, ValueError):
                item["timezone"].error(
                    f"unknown time zone {quoted(tz_name)}; use an IANA name like 'America/Chicago'"
                )
                tz_name = None
        if item["date"].missing:
            item.error("needs a 'date:' like 2027-03-04 (all day) or 2027-03-04 09:30")
            continue
        start, tzid = _moment(item["date"], tz_name, settings)
        end, _ = (
            _moment(item["end"], tz_name, settings) if not item["end"].missing else (None, None)
        )
        if start is None:
            continue
        if end is not None and isinstance(start, datetime) != isinstance(end, datetime):
            item["end"].error(
                "must be a date when 'date' is a date, and a time when 'date' is a time"
            )
            end = None
        elif end is not None and end < start:
            item["end"].error(f"{end} is before the start {start}")
            end = None
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


# --- appearances ---------------------------------------------------------------------------------


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


# --- the call to action --------------------------------------------------------------------------


def booking_query(
    speaker: Speaker, topics: Iterable[str], *, canonical: Callable[[str], str] = slugify
) -> str:
    """`?talk=<slug>` for the first talk sharing one of `topics` (names, in the order given), else
    `?topic=<first topic>`, else ""; the caller adds the page URL and `#booking`. `canonical` maps
    a topic name to a key, so that two spellings of one topic match."""
    names = [t for t in topics if t and t.strip()]
    by_topic: dict[str, str] = {}
    for talk in speaker.talks:
        for topic in talk.topics:
            by_topic.setdefault(canonical(topic), talk.slug)
    for name in names:
        if canonical(name) in by_topic:
            return f"?talk={quote(by_topic[canonical(name)], safe='')}"
    return f"?topic={quote(names[0], safe='')}" if names else ""


# --- the booking form ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    kind: str  # text | email | date | number | select | textarea | checkbox
    required: bool = False
    message: str = ""  # shown when the field is invalid
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label); value "" is the placeholder
    autocomplete: str = ""
    wide: bool = False  # spans both columns
    min: str = ""  # dates: the earliest allowed, ISO (the build's day; the page's script: today)
    min_message: str = ""  # shown for a date before `min`
    not_before: str = ""  # name of a date field this one may not precede (an end date's start)
    order_message: str = ""  # shown when it does: "{start}" is replaced by the start date


@dataclass(frozen=True, slots=True)
class FormGroup:
    id: str
    legend: str
    fields: tuple[FormField, ...]
    optional: bool = False  # every field in it is optional: the legend says so once


@dataclass(frozen=True, slots=True)
class BookingForm:
    provider: str  # after the fallback: "none" becomes "mailto"
    action: str
    action_is_page: bool  # `action` is a site-relative page URL (Netlify): print it through `|url`
    method: str
    enctype: str
    attributes: tuple[tuple[str, str], ...]  # extra <form> attributes
    hidden: tuple[tuple[str, str], ...]  # hidden inputs
    next_field: str  # the hidden input carrying the thank-you URL ("" when none)
    honeypot: str
    honeypot_is_checkbox: bool
    email: str
    subject: str
    groups: tuple[FormGroup, ...]
    subject_field: str = ""  # the hidden input carrying the subject; the script adds the event

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for g in self.groups for f in g.fields)


LENGTHS = (
    "30 minutes",
    "45 minutes",
    "60 minutes",
    "90 minutes",
    "Half day",
    "Full day",
    "Not sure yet",
)
DEFAULT_BUDGETS = (
    "Under 5,000",
    "5,000 to 10,000",
    "10,000 to 20,000",
    "Over 20,000",
    "Not sure yet",
)


def booking_fields(speaker: Speaker, today: date | None = None) -> tuple[FormGroup, ...]:
    """The inquiry form. Required is only what an organiser knows at first contact (who they are,
    the organisation, the event or a timeframe, a message); the rest is optional and grouped, so
    that nobody abandons a first inquiry over a budget band. Dates may not lie in the past
    (`today`: the build's day; the page's script moves it to the visitor's today) and the last day
    may not precede the first."""
    currency = f" ({speaker.fee.currency})" if speaker.fee else ""
    budgets = speaker.booking.budgets or DEFAULT_BUDGETS
    talks = tuple((t.slug, t.title) for t in speaker.talks)
    choose = ("", "Choose…")
    earliest = today.isoformat() if today else ""
    past = "This date is in the past: pick today or a later day (or leave it empty)."
    in_person = (choose, ("in person", "In person"), ("virtual", "Virtual"), ("hybrid", "Hybrid"))
    covered = (choose, ("yes", "Yes"), ("no", "No"), ("to be discussed", "To be discussed"))
    you = (
        FormField(
            "name", "Your name", "text", True,
            "Please tell me your name, so I know who to reply to.",
            autocomplete="name",
        ),
        FormField(
            "email", "Email", "email", True,
            "Please enter an email address like name@company.com.",
            autocomplete="email",
        ),
        FormField(
            "organisation", "Organisation", "text", True,
            "Please name the organisation behind the event.",
            autocomplete="organization",
        ),
    )  # fmt: skip
    inquiry = (
        FormField(
            "event_name", "Event or timeframe", "text", True,
            "Please name the event or when it might happen; 'Sales kickoff, spring 2027' is fine.",
            hint="A working title or a season is enough.", wide=True,
        ),
        FormField(
            "message", "Message", "textarea", True,
            "Please write a line or two: what the event is and what you have in mind.",
            hint="Goals for the session, the audience, questions.", wide=True,
        ),
    )  # fmt: skip
    event = (
        FormField("event_date", "First day", "date", min=earliest, min_message=past),
        FormField(
            "event_end_date", "Last day, if longer than one day", "date",
            min=earliest, min_message=past, not_before="event_date",
            order_message="The last day is before the first day ({start}):"
            " pick the first day or a later one.",
        ),
        FormField("dates_flexible", "The dates are flexible", "checkbox"),
        FormField("location_type", "In person or virtual", "select", options=in_person),
        FormField("location", "City and venue", "text", hint="Leave empty for a virtual event."),
        FormField(
            "audience_size", "Audience size", "number",
            message="Please give an approximate number of attendees (a whole number).",
        ),
        FormField(
            "audience", "Who is in the audience?", "textarea",
            hint="Roles, seniority, what they sell.", wide=True,
        ),
    )  # fmt: skip
    session = (
        FormField(
            "format", "Format", "select",
            options=(choose, *FORMATS.items(), ("not sure", "Not sure yet")),
        ),
        FormField(
            "length", "Length including Q&A", "select",
            options=(choose, *((v, v) for v in LENGTHS)),
        ),
        FormField(
            "talk", "Talk", "select", options=(("", "A custom topic / not sure yet"), *talks)
        ),
        FormField(
            "topic", "Topic or theme", "text",
            hint="What should the session be about, if none of the talks fits?",
        ),
    )  # fmt: skip
    budget = (
        FormField(
            "budget", f"Budget band{currency}", "select",
            options=(choose, *((v, v) for v in budgets)),
        ),
        FormField(
            "travel_covered", "Are travel and accommodation covered?", "select", options=covered
        ),
        FormField("heard", "How did you hear about me?", "text", wide=True),
    )  # fmt: skip
    return (
        FormGroup("you", "About you", you),
        FormGroup("inquiry", "Your inquiry", inquiry),
        FormGroup("event", "Event details, if you know them", event, optional=True),
        FormGroup("session", "The session, if you have one in mind", session, optional=True),
        FormGroup("budget", "Budget and travel, if known", budget, optional=True),
    )


def booking_form(
    speaker: Speaker, *, thanks_url: str, thanks_page: str, today: date | None = None
) -> BookingForm:
    """The form's action, attributes and hidden inputs for the configured provider.

    `thanks_url` is the absolute thank-you URL (providers redirect there; the page's script
    rewrites it to the address the site is actually served from); `thanks_page` is the same page
    site-relative (Netlify posts to it)."""
    b = speaker.booking
    provider = "mailto" if b.provider == "none" else b.provider
    attributes: list[tuple[str, str]] = []
    hidden: list[tuple[str, str]] = []
    honeypot, checkbox, next_field, subject_field = "_gotcha", False, "", ""
    method, enctype, action, action_is_page = "post", "application/x-www-form-urlencoded", "", False
    if provider == "formspree":
        action = f"https://formspree.io/f/{b.form_id}"
        hidden += [("_subject", b.subject), ("_next", thanks_url)]
        next_field, subject_field = "_next", "_subject"
    elif provider == "basin":
        action = (
            f"https://usebasin.com/f/{b.form_id}"  # the redirect is set in Basin's form settings
        )
    elif provider == "web3forms":
        action = "https://api.web3forms.com/submit"
        hidden += [
            ("access_key", b.access_key),
            ("subject", b.subject),
            ("from_name", speaker.name),
            ("redirect", thanks_url),
        ]
        honeypot, checkbox, next_field, subject_field = "botcheck", True, "redirect", "subject"
    elif provider == "netlify":
        action, action_is_page = thanks_page, True
        attributes += [("data-netlify", "true"), ("netlify-honeypot", "bot-field")]
        hidden += [("form-name", b.form_name), ("subject", b.subject)]
        honeypot, subject_field = "bot-field", "subject"
    elif provider == "url":
        action = b.endpoint
        hidden += [("_subject", b.subject), ("_next", thanks_url)]
        next_field, subject_field = "_next", "_subject"
    else:  # mailto: the page's script builds the message; without it, the browser's own mailto post
        action = f"mailto:{b.email}?subject={quote(b.subject)}"
        enctype = "text/plain"
    return BookingForm(
        provider=provider,
        action=action,
        action_is_page=action_is_page,
        method=method,
        enctype=enctype,
        attributes=(("name", b.form_name), *attributes),
        hidden=tuple(hidden),
        next_field=next_field,
        honeypot=honeypot,
        honeypot_is_checkbox=checkbox,
        email=b.email,
        subject=b.subject,
        groups=booking_fields(speaker, today),
        subject_field=subject_field,
    )


# --- structured data -----------------------------------------------------------------------------


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
    links = [u for u in dict.fromkeys(same_as) if is_absolute_url(u)]
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
