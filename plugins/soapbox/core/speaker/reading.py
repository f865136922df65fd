"""Reading the `speaker:` front matter into a `Speaker`, validated like a post: every problem is
`posts/<file>.md:<line>: speaker.<field>: <what to do>`, nested fields named like
`speaker.talks[2].title` (items counted from 1)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from ..fields import Field, Reporter, quoted
from ..frontmatter import FrontMatter, split_front_matter
from ..problems import Problem, Severity
from ..urls import is_valid_slug, slugify
from .model import (
    BIO_RANGE,
    BIO_WORDS,
    DEFAULT_THANKS,
    FORMATS,
    KEY,
    PROVIDERS,
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
from .reading_appearances import EXAMPLE_URL, read_appearances

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
    if matter is None:
        return None, report.problems
    report.lines = matter.lines
    return read_speaker(src_uri, matter, settings, report)


def read_speaker(
    src_uri: str, matter: FrontMatter, settings: SpeakerSettings, report: Reporter | None = None
) -> tuple[Speaker | None, list[Problem]]:
    """The `speaker:` data of a page already read (a post's `source`), through the same field
    reader as the post's own fields: (None, []) when the page has none. `report`: where the
    reading of the file has reported so far (its problems come first)."""
    if matter.data.get(KEY) is None:
        return None, []
    if report is None:
        report = Reporter(posixpath.join(settings.display_root, src_uri), matter.lines)
    root = matter.fields(report)[KEY]
    if not root.mapping("'speaker: {name: ..., talks: [...]}'", FIELDS):
        return None, report.problems

    name = root["name"].text(required=True, what="your name as event programmes print it")
    headshots = tuple(
        Image(
            _image(item["image"], settings, src_uri),
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
        appearances=read_appearances(root["appearances"], slugs, settings),
        booking=_booking(root["booking"]),
    )
    if any(p.severity is Severity.ERROR for p in report.problems):
        return None, report.problems
    return speaker, report.problems


def _image(at: Field, settings: SpeakerSettings, page_uri: str, *, local_only: bool = False) -> str:
    """A picture next to the posts (resolved against the page, warned about when missing) or,
    unless `local_only`, an http(s) URL."""
    value = at.text(required=True, what="a path next to your posts, like images/me.png")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        if local_only:
            at.error(
                f"{quoted(value)} must be a file next to your posts, not a URL: the page"
                " shows it before the visitor chose to load anything from another site"
            )
            return ""
        return value
    if parts.scheme or value.startswith("//"):
        at.error(f"{quoted(value)} must be a path next to your posts or an https URL")
        return ""
    resolved = (
        value.lstrip("/")
        if value.startswith("/")
        else posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), value))
    )
    if resolved.startswith("../"):
        at.error(f"{quoted(value)} points outside the posts folder")
        return ""
    if settings.known_files and resolved not in settings.known_files:
        at.warn(
            f"{quoted(value)} was not found (looked for"
            f" {settings.display_root}/{resolved}); the path is relative to this page"
        )
    return resolved


def _bios(at: Field) -> tuple[Bio, ...]:
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


def _talks(at: Field, settings: SpeakerSettings) -> tuple[Talk, ...]:
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


def _reel(at: Field, settings: SpeakerSettings, page_uri: str) -> Reel | None:
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
    poster = _image(at["poster"], settings, page_uri, local_only=True)
    alt = at["poster_alt"].text() or title
    return Reel("youtube" if youtube else "vimeo", youtube or vimeo, title, Image(poster, alt))


def _testimonials(at: Field) -> tuple[Testimonial, ...]:
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


def _fee(at: Field) -> Fee | None:
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


def _booking(at: Field) -> Booking:
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
    endpoint = at["endpoint"].url(EXAMPLE_URL) if provider == "url" else at["endpoint"].text()
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
