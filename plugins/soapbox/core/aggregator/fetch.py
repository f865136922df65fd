"""Fetch stage: one polite, bounded, conditional GET of a feed URL -> FetchResult.

The network is `transport.py`'s (the only module that opens connections); this stage says what a
feed reader asks for (the Accept header, who is asking) and judges the answer: a feed, or a web
page that is not one (with the feed it links to, when it links to one). Never raises for anything
the network or a server does: every failure is `FetchResult.error`, one line naming the URL and
saying what to do.
"""

from __future__ import annotations

from datetime import datetime

from .discover import discover_feed, looks_like_html
from .model import FetchResult
from .transport import DEFAULT_MAX_BYTES, Limits, get

__all__ = ["ACCEPT", "DEFAULT_MAX_BYTES", "Limits", "fetch", "user_agent"]

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, application/rdf+xml;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)

_PER_SOURCE = Limits()  # the default bounds of one source


def user_agent(version: str, site_url: str = "") -> str:
    """`Soapbox/<version> (+<site>; feed aggregator)`: publishers can see who fetches and why."""
    contact = f"+{site_url}; " if site_url else ""
    return f"Soapbox/{version} ({contact}feed aggregator; polite: conditional GET)"


def fetch(
    url: str,
    *,
    now: datetime,
    user_agent: str,
    etag: str = "",
    last_modified: str = "",
    limits: Limits = _PER_SOURCE,
) -> FetchResult:
    """GET the feed at `url` (redirects followed) within `limits`; conditional when `etag` /
    `last_modified` are given. `now` (aware) dates a Retry-After answer. Never raises for network
    or server behaviour."""
    answer = get(
        url,
        now=now,
        user_agent=user_agent,
        accept=ACCEPT,
        etag=etag,
        last_modified=last_modified,
        limits=limits,
    )
    return _web_page_instead_of_feed(answer) or answer


def _web_page_instead_of_feed(answer: FetchResult) -> FetchResult | None:
    """The error result when the body is an HTML page rather than a feed (naming the feed the
    page links to, if any); None when the answer is not such a page."""
    content_type = answer.headers.get("content-type", "")
    if answer.body is None or not looks_like_html(answer.body, content_type):
        return None
    found = discover_feed(answer.body, answer.final_url, content_type)
    if found:
        error = (
            f"{answer.final_url} is a web page, not a feed; it links to its feed {found}: put "
            "that URL in the source's 'feed'"
        )
    else:
        error = (
            f"{answer.final_url} is a web page, not a feed, and it links to no feed; find the "
            "blog's RSS, Atom or JSON Feed URL and put it in the source's 'feed'"
        )
    return FetchResult(
        feed_url=answer.feed_url,
        final_url=answer.final_url,
        status=answer.status,
        body=None,
        headers=answer.headers,
        error=error,
        discovered_feed=found,
        elapsed=answer.elapsed,
    )
