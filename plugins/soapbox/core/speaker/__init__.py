"""The speaker: profile, talks, appearances, testimonials and booking settings -> typed records.

The data lives under `speaker:` in the front matter of the hire-me page and is validated like a
post. The package is split along its seams; every name is re-exported here, so callers import
from `soapbox.core.speaker` and need not know the modules:

- `model`: the records (`Speaker`, `Talk`, `Appearance`, ...) and the vocabularies they use;
- `reading`: the `speaker:` front matter -> `Speaker`, with `file:line: speaker.<field>` problems;
- `schedule`: appearances split by the build's "now"; how a date reads;
- `calendar`: the upcoming appearances as iCalendar events (written by `soapbox.core.ics`);
- `booking`: the call-to-action link and the booking form each provider needs;
- `jsonld`: the profile and event JSON-LD.

Framework-free: no MkDocs.
"""

from __future__ import annotations

from .booking import (
    DEFAULT_BUDGETS,
    LENGTHS,
    BookingForm,
    FormField,
    FormGroup,
    booking_fields,
    booking_form,
    booking_query,
)
from .calendar import appearances_ics, calendar_events
from .jsonld import event_jsonld, profile_jsonld
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
from .reading import FIELDS, needs_provider_warning, parse_speaker
from .schedule import Schedule, split_appearances, when

__all__ = [
    "Appearance",
    "BIO_RANGE",
    "BIO_WORDS",
    "Bio",
    "Booking",
    "BookingForm",
    "DEFAULT_BUDGETS",
    "DEFAULT_THANKS",
    "FIELDS",
    "FORMATS",
    "Fee",
    "FormField",
    "FormGroup",
    "Image",
    "KEY",
    "LENGTHS",
    "PROVIDERS",
    "Reel",
    "STATUSES",
    "Schedule",
    "Speaker",
    "SpeakerSettings",
    "Talk",
    "Testimonial",
    "appearances_ics",
    "booking_fields",
    "booking_form",
    "booking_query",
    "calendar_events",
    "event_jsonld",
    "needs_provider_warning",
    "parse_speaker",
    "profile_jsonld",
    "split_appearances",
    "when",
]
