"""The speaker as typed records: profile, talks, appearances, testimonials, fee and booking
settings, plus the vocabularies they use (formats, providers, event statuses)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .. import text as textutil
from ..urls import is_web_url, slugify

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


@dataclass(frozen=True, slots=True)
class Image:
    src: str  # docs-relative path of a local file, or an https URL
    alt: str
    credit: str = ""

    @property
    def is_local(self) -> bool:
        return not is_web_url(self.src)

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
