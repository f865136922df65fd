"""The call to action and the booking form: the `?talk=`/`?topic=` link, the fields and what
each form provider needs (action, hidden inputs, attributes, honeypot)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from ..urls import slugify
from .model import FORMATS, Speaker


def booking_query(
    speaker: Speaker, topics: Iterable[str], *, canonical: Callable[[str], str] = slugify
) -> str:
    """`?talk=<slug>` for the first talk sharing one of `topics` (names, in the order given), else
    `?topic=<first topic>`, else ""; the caller adds the page URL and `#booking`. `canonical` maps
    a topic name to a key, so that two spellings of one topic match."""
    return booking_queries(speaker, canonical=canonical)(topics)


def booking_queries(
    speaker: Speaker, *, canonical: Callable[[str], str] = slugify
) -> Callable[[Iterable[str]], str]:
    """`booking_query` for many lists of topics: the talks' topics are keyed once."""
    by_topic: dict[str, str] = {}
    for talk in speaker.talks:
        for topic in talk.topics:
            by_topic.setdefault(canonical(topic), talk.slug)

    def query(topics: Iterable[str]) -> str:
        names = [t for t in topics if t and t.strip()]
        for name in names:
            key = canonical(name)
            if key in by_topic:
                return f"?talk={quote(by_topic[key], safe='')}"
        return f"?topic={quote(names[0], safe='')}" if names else ""

    return query


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
