"""What an HTTP answer's status and headers mean for a feed reader: the one-line error for a
status that is not a feed, when a server allows the next try (Retry-After), and until when its
answer stays fresh (Cache-Control / Expires). Pure functions: no network here."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

MAX_RETRY_AFTER = timedelta(
    days=7
)  # a server asking for more is capped (a typo must not silence a source)


def _phrase(status: int) -> str:
    """The standard reason phrase of `status` ("" for a code HTTP does not name)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


_STATUS_ADVICE = {
    400: "the server rejected the request; check the URL",
    401: "the feed needs a login; Soapbox only reads public feeds: remove the source",
    403: (
        "the server refuses Soapbox (it may block feed readers); check the URL in a browser, or "
        "remove the source"
    ),
    404: "the feed was not found: check the URL (the blog may have moved its feed)",
    410: "the feed is gone for good: remove the source",
    429: "the server asks Soapbox to slow down",
    451: "the feed is unavailable for legal reasons: remove the source",
}


def status_error(url: str, status: int, reason: str, retry_after: datetime | None = None) -> str:
    """The one-line message for an HTTP status that is not a feed."""
    reason = " ".join((reason or "").split()) or _phrase(status)
    head = f"{url} answered {status} {reason}".rstrip()
    if status in (429, 503):
        advice = _STATUS_ADVICE[429] if status == 429 else "the server is temporarily unavailable"
        when = (
            f"; Soapbox waits until {retry_after:%Y-%m-%d %H:%M} UTC before trying again"
            if retry_after
            else ("; Soapbox backs off before trying again")
        )
        return f"{head}: {advice}{when}"
    if status in _STATUS_ADVICE:
        return f"{head}: {_STATUS_ADVICE[status]}"
    if 500 <= status < 600:
        return (
            f"{head}: a problem on the site's side; Soapbox keeps the last items and tries again "
            "next time"
        )
    return f"{head}: not a feed; check the URL"


def parse_retry_after(value: str, now: datetime) -> datetime | None:
    """Retry-After as seconds ("120") or an HTTP date, as an aware UTC time no later than
    now + MAX_RETRY_AFTER; None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        when = now + timedelta(seconds=int(value[:9]))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    when = max(now, min(when, now + MAX_RETRY_AFTER))
    return when.astimezone(UTC)


_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.I)
MAX_FRESH = timedelta(days=1)  # a feed is asked at least daily, whatever its headers say


def fresh_until(headers: dict[str, str], now: datetime) -> datetime | None:
    """Until when the server says its answer stays fresh (`Cache-Control: max-age`, less `Age`;
    else `Expires`), at most MAX_FRESH ahead; None when it says nothing, `no-cache`/`no-store`,
    or a time already past."""
    control = headers.get("cache-control", "")
    if re.search(r"(?:^|,)\s*(?:no-cache|no-store)\b", control, re.I):
        return None
    until: datetime | None = None
    found = _MAX_AGE.search(control)
    if found:
        age = headers.get("age", "").strip()
        seconds = int(found.group(1)[:9]) - (int(age[:9]) if age.isdigit() else 0)
        until = now + timedelta(seconds=seconds)
    elif headers.get("expires", "").strip():
        try:
            until = email.utils.parsedate_to_datetime(headers["expires"].strip())
        except (TypeError, ValueError, IndexError):
            return None  # "0", "-1": already expired, as RFC 9111 says
        if until is None:
            return None
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
    if until is None or until <= now:
        return None
    return min(until, now + MAX_FRESH).astimezone(UTC)
