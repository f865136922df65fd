"""The checks the settings' types cannot express: each takes the typed value and returns it
(normalised) or raises `Invalid` saying what to write instead. Used by `core/settings.py`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .cards import parse_hex
from .reach import fediverse, indexnow, robots
from .seo import validate_robots, validate_title_pattern
from .settings_loader import Invalid
from .urls import is_web_url, validate_permalink

Check = Callable[[str], str | None]


def problem(check: Check, *, strip: bool = False, quoted: str = "") -> Callable[[str], str]:
    """A check from a core validator returning None or what is wrong; `quoted` puts the value
    in front of the message (`'{page} x' has ...`); empty values pass when `strip` is set."""

    def run(value: str) -> str:
        text = value.strip() if strip else value
        found = check(text) if text or not strip else None
        if found:
            raise Invalid(f"'{text}'{quoted}{found}" if quoted else found)
        return text

    return run


def each(check: Check) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """A check of every item of a list (the first problem wins)."""

    def run(values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            found = check(value.strip())
            if found:
                raise Invalid(found)
        return values

    return run


def reach(check: Check) -> Callable[[str], str]:
    """A reach option: empty is off; otherwise the stripped text must pass (value kept as is)."""

    def run(value: str) -> str:
        found = check(value.strip()) if value else None
        if found:
            raise Invalid(found)
        return value

    return run


def timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"unknown time zone '{value}'; use an IANA name like 'Europe/Berlin',"
            " 'America/New_York' or 'UTC'"
        ) from None
    return value


def time_of_day(raw: object) -> time | None:
    """`HH:MM` (24-hour clock) -> `datetime.time`; empty (or absent) stays None."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise Invalid(f"must be text, got {raw!r}")
    try:
        if len(raw) != len("HH:MM"):
            raise ValueError(raw)
        return time.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"{raw!r} is not a time of day; write it as HH:MM, e.g. '12:00'") from None


def at_least(minimum: int) -> Callable[[int], int]:
    def run(value: int) -> int:
        if value < minimum:
            raise Invalid(f"must be a whole number of at least {minimum}, got {value!r}")
        return value

    return run


def positive_seconds(value: float) -> float:
    if value <= 0:
        raise Invalid(f"must be a positive number of seconds, got {value!r}")
    return value


def hex_color(value: str) -> str:
    value = value.strip()
    if value and parse_hex(value) is None:
        raise Invalid(f"'{value}' is not a colour; write it like '#1b1d24' or '#fff'")
    return value


def handle(value: str) -> str:
    """A fediverse account `@name@server`; empty for none."""
    text = value.strip()
    found = fediverse.parse_account(text)[1] if text else None
    if found:
        raise Invalid(found)
    return text


permalink = problem(validate_permalink, quoted=" ")
title_pattern = problem(validate_title_pattern, quoted=": ")
robots_directives = problem(validate_robots, strip=True)
ai_crawlers = reach(robots.validate_preset)
rel_me = each(lambda url: fediverse.validate_url(url, "a profile page"))
webfinger = reach(lambda value: fediverse.parse_account(value)[1])
webfinger_actor = reach(fediverse.validate_actor_url)
atproto_did = reach(fediverse.validate_did)
webmention = reach(lambda url: fediverse.validate_url(url, "your Webmention endpoint"))
mentions = reach(lambda url: fediverse.validate_url(url, "a mentions API"))
indexnow_key = reach(indexnow.validate_key)


# --- an aggregator source (`aggregator.sources[i]`) ------------------------------------------


def _is_feed_path(value: str) -> bool:
    """A local feed file (read on every build, offline too): a path without a URL scheme."""
    return "://" not in value and not urlsplit(value).scheme.isalpha() or value.startswith("file:")


def _is_http_url(value: str) -> bool:
    return is_web_url(value) and " " not in value


def source_feed(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise Invalid("is required: the full address of the blog's RSS, Atom or JSON feed")
    feed = raw.strip()
    if not _is_http_url(feed) and not _is_feed_path(feed):
        raise Invalid(
            f"'{raw}' is not an http(s) address; use the feed's full URL (https://...), or the"
            " path of a feed file relative to mkdocs.yml (e.g. sample-feeds/blog.xml)"
        )
    return feed


def source_site(raw: object) -> str:
    site = raw or ""
    if not isinstance(site, str) or (site.strip() and not _is_http_url(site.strip())):
        raise Invalid(f"'{site}' is not an http(s) address; use the blog's home page (https://...)")
    return site.strip()


def source_name(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise Invalid("is required: the blog's name as visitors should see it")
    return " ".join(raw.split())


def words(raw: object) -> tuple[str, ...]:
    """A list of words (one word alone is fine); each stripped, none empty."""
    items = raw or []
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
        raise Invalid("must be a list of words, e.g. [pricing, negotiation]")
    return tuple(w.strip() for w in items)


def max_age_days(raw: object) -> int | None:
    """Days; null keeps items of any age."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise Invalid(f"must be a whole number of at least 0, got {raw!r}")
    return raw


def max_items(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise Invalid(f"must be a whole number of at least 1, got {raw!r}")
    return raw
