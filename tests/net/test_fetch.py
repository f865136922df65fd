"""fetch() against real HTTP servers on 127.0.0.1 (tests/feedserver.py): conditional GET,
content codings, redirects, error statuses, Retry-After, slow and silent servers, huge bodies,
gzip bombs, HTML instead of a feed. Deadlines are small (1-2 s) so the run stays short; every
call also runs under a hang guard (`within`) far above its deadline."""

from __future__ import annotations

import gzip
import socket
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from feedserver import (
    FeedServer,
    drip,
    endless,
    feed,
    gzip_bomb,
    hang,
    html_page,
    redirect,
    respond,
    rss_feed,
    status,
    within,
)
from soapbox.core.aggregator.answers import parse_retry_after
from soapbox.core.aggregator.discover import discover_feed
from soapbox.core.aggregator.fetch import Limits, fetch, user_agent

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
AGENT = user_agent("9.9.9", "https://maren.example/")
LIMITS = Limits.for_deadline(2.0)
GUARD = 20  # seconds: only a broken deadline gets near this
BODY = rss_feed(3)
MB = 1024 * 1024


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def get(url: str, limits: Limits = LIMITS, **kwargs):
    result = within(GUARD, fetch, url, now=NOW, user_agent=AGENT, limits=limits, **kwargs)
    assert result.feed_url == url
    assert (result.body is None) == bool(result.error or result.not_modified)
    assert "\n" not in result.error
    return result


# --- the happy path and politeness --------------------------------------------------------------


def test_a_feed_arrives_with_its_headers_and_a_polite_user_agent(server):
    url = server.route("/feed.xml", feed(BODY, "application/rss+xml; charset=utf-8", etag='"v1"'))
    result = get(url)
    assert (result.status, result.body, result.error) == (200, BODY, "")
    assert result.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert result.final_url == url and result.etag == '"v1"'
    sent = server.requests("/feed.xml")[0].headers
    assert (
        sent["user-agent"]
        == "Soapbox/9.9.9 (+https://maren.example/; feed aggregator; polite: conditional GET)"
    )
    assert sent["accept-encoding"] == "gzip, deflate"
    assert "application/atom+xml" in sent["accept"] and "application/feed+json" in sent["accept"]
    assert "if-none-match" not in sent and "if-modified-since" not in sent


def test_second_fetch_is_conditional_and_gets_304(server):
    modified = "Sat, 21 Nov 2026 10:00:00 GMT"
    url = server.route("/feed.xml", feed(BODY, etag='"v1"', last_modified=modified))
    first = get(url)
    second = get(url, etag=first.etag, last_modified=first.last_modified)
    assert (second.status, second.not_modified, second.body) == (304, True, None)
    assert (second.etag, second.last_modified) == ('"v1"', modified)
    sent = server.requests("/feed.xml")[1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == modified


def test_last_modified_alone_also_gets_304(server):
    modified = "Sat, 21 Nov 2026 10:00:00 GMT"
    url = server.route("/feed.xml", feed(BODY, last_modified=modified))
    result = get(url, last_modified=modified)
    assert (
        result.not_modified
        and server.requests("/feed.xml")[0].headers["if-modified-since"] == modified
    )


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_decoded(server, encoding):
    url = server.route("/feed.xml", feed(BODY, encoding=encoding))
    result = get(url)
    assert result.body == BODY and result.error == ""
    assert "content-encoding" not in result.headers  # the body handed on is decoded


def test_a_gzip_file_served_without_content_encoding_is_decoded(server):
    url = server.route("/feed.xml.gz", feed(gzip.compress(BODY), "application/octet-stream"))
    assert get(url).body == BODY


def test_a_coding_soapbox_did_not_ask_for_is_an_error(server):
    url = server.route("/feed.xml", feed(BODY, encoding="br"))
    result = get(url)
    assert result.error == (
        f"{url} sent its feed encoded as 'br', which Soapbox did not ask for (it accepts gzip and "
        "deflate);"
        " tell the site's owner"
    )


def test_a_path_with_spaces_and_unicode_is_encoded(server):
    url = server.route("/f%C3%BCr%20alle.xml", feed(BODY))
    assert get(server.url("/für alle.xml")).body == BODY
    assert get(url).body == BODY


# --- redirects --------------------------------------------------------------------------------


def test_redirect_chain_reports_the_permanent_part(server):
    server.route("/old.xml", redirect("/moved.xml", 301))
    server.route("/moved.xml", redirect("/today.xml", 302))
    final = server.route("/today.xml", feed(BODY))
    result = get(server.url("/old.xml"))
    assert (result.status, result.body, result.final_url) == (200, BODY, final)
    assert result.permanent_redirect == server.url(
        "/moved.xml"
    )  # the 302 is temporary: not in the config


def test_permanent_redirects_all_the_way(server):
    server.route("/a", redirect("/b", 308))
    server.route("/b", redirect(server.url("/c"), 301))
    server.route("/c", feed(BODY))
    assert get(server.url("/a")).permanent_redirect == server.url("/c")


def test_a_temporary_redirect_first_reports_nothing(server):
    server.route("/a", redirect("/b", 307))
    server.route("/b", redirect("/c", 301))
    server.route("/c", feed(BODY))
    assert get(server.url("/a")).permanent_redirect == ""


def test_five_redirects_are_followed_six_are_not(server):
    for n in range(6):
        server.route(f"/r{n}", redirect(f"/r{n + 1}", 302))
    server.route("/r6", feed(BODY))
    assert get(server.url("/r1")).body == BODY  # r1 -> ... -> r6: five redirects
    result = get(server.url("/r0"))
    assert result.error == (
        f"{server.url('/r0')} redirects more than 5 times (last: {server.url('/r6')}); put the "
        "final feed URL"
        " in the source's 'feed'"
    )


def test_a_redirect_loop_is_detected(server):
    server.route("/a", redirect("/b", 301))
    server.route("/b", redirect("/a", 302))
    result = get(server.url("/a"))
    assert result.error.startswith(
        f"{server.url('/a')} redirects in a loop ({server.url('/b')} -> {server.url('/a')})"
    )
    assert len(server.requests()) == 2
    assert result.permanent_redirect == ""


def test_a_redirect_to_another_scheme_is_refused(server):
    server.route("/a", redirect("file:///etc/passwd", 302))
    result = get(server.url("/a"))
    assert "redirects to file:///etc/passwd, which Soapbox cannot fetch" in result.error


def test_only_http_urls_are_fetched():
    for url in (
        "ftp://example.com/feed.xml",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "example.com/feed",
    ):
        result = fetch(url, now=NOW, user_agent=AGENT)
        assert result.status is None and result.body is None
        assert "is not an http(s) URL" in result.error or "has no host name" in result.error


# --- error statuses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, message",
    [
        (404, "answered 404 Not Found: the feed was not found: check the URL (the blog may have moved its feed)"),
        (410, "answered 410 Gone: the feed is gone for good: remove the source"),
        (500, "answered 500 Internal Server Error: a problem on the site's side; Soapbox keeps the last items"
              " and tries again next time"),
        (403, "answered 403 Forbidden: the server refuses Soapbox"),
        (429, "answered 429 Too Many Requests: the server asks Soapbox to slow down; Soapbox backs off before"
              " trying again"),
    ],
)  # fmt: skip
def test_error_statuses_say_what_to_do(server, code, message):
    url = server.route("/feed.xml", status(code))
    result = get(url)
    assert result.status == code and result.body is None
    assert result.error.startswith(f"{url} {message}")
    assert result.retry_after is None


def test_503_with_retry_after_seconds(server):
    url = server.route("/feed.xml", status(503, {"Retry-After": "120"}))
    result = get(url)
    assert result.retry_after == NOW + timedelta(seconds=120)
    assert result.error == (
        f"{url} answered 503 Service Unavailable: the server is temporarily unavailable; Soapbox "
        "waits until"
        " 2026-11-22 12:02 UTC before trying again"
    )


def test_429_with_retry_after_date(server):
    url = server.route("/feed.xml", status(429, {"Retry-After": "Sun, 22 Nov 2026 15:30:00 GMT"}))
    assert get(url).retry_after == datetime(2026, 11, 22, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", NOW),
        ("3600", NOW + timedelta(hours=1)),
        (
            "999999999999",
            NOW + timedelta(days=7),
        ),  # capped: a typo must not silence a source for years
        ("Sun, 22 Nov 2026 11:00:00 GMT", NOW),  # in the past: now
        ("Sun, 22 Nov 2026 13:00:00 +0100", datetime(2026, 11, 22, 12, tzinfo=UTC)),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


def test_connection_refused():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    result = get(url)
    assert result.status is None
    assert (
        result.error
        == f"{url}: the server refused the connection; the site may be down: Soapbox tries again next time"
    )


def test_a_body_cut_short_is_an_error(server):
    def short(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(BODY[:100])

    url = server.route("/feed.xml", short)
    result = get(url)
    assert result.error == (
        f"{url} closed the connection before the whole feed arrived; Soapbox keeps the last items "
        "and tries"
        " again on the next fetch"
    )


# --- slow, silent and huge --------------------------------------------------------------------


def test_a_server_that_drips_one_byte_a_second_is_cut_off_at_the_deadline(server):
    url = server.route("/slow.xml", drip(BODY, interval=1.0))
    result = get(url, Limits.for_deadline(1.5))
    assert result.status == 200 and result.body is None
    assert result.error == (
        f"{url} did not finish sending the feed within 1.5 s (too slow or stalled); Soapbox keeps "
        "the last"
        " items and tries again on the next fetch"
    )


def test_a_server_that_drips_its_headers_is_cut_off_at_the_deadline(server):
    url = server.route("/slow.xml", drip(BODY, interval=0.2, headers_too=True))
    result = get(url, Limits(connect=1.0, read=1.0, total=1.5))  # each byte beats the read timeout
    assert result.status is None
    assert result.error.startswith(
        f"{url} did not answer within 1.5 s; the site may be down or overloaded"
    )


def test_a_server_that_accepts_and_never_answers(server):
    url = server.route("/silent.xml", hang())
    result = get(url, Limits.for_deadline(1.0))
    assert result.status is None
    assert result.error.startswith(f"{url} did not answer within 1 s;")


def test_a_server_that_stops_in_the_middle(server):
    def stall(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(BODY)))
        handler.end_headers()
        handler.wfile.write(BODY[:50])
        handler.wfile.flush()
        handler.stopping.wait(60)

    url = server.route("/stall.xml", stall)
    result = get(url, Limits(connect=1.0, read=0.5, total=3.0))
    assert result.error.startswith(
        f"{url} stopped sending for more than 0.5 s in the middle of the feed"
    )


@pytest.mark.parametrize("chunked", [False, True])
def test_a_200_mb_body_stops_at_the_byte_cap(server, chunked):
    url = server.route("/huge.xml", endless(200 * MB, chunked=chunked))
    result = get(url, Limits(connect=1, read=2, total=10, max_bytes=2 * MB))
    # read up to the cap, never rejected for its length: the parse stage keeps whole entries
    assert result.status == 200 and not result.error
    assert result.body is not None and len(result.body) == 2 * MB
    assert result.truncated.startswith(
        f"{url} sent more than 2 MB, the limit for one feed; Soapbox read it up to the limit"
    )


@pytest.mark.parametrize("declare", [True, False])
def test_a_gzip_bomb_stops_at_the_byte_cap_after_decompression(server, declare):
    url = server.route("/bomb.xml", gzip_bomb(200 * MB, declare=declare))
    result = get(url, Limits(connect=1, read=2, total=10, max_bytes=1 * MB))
    assert result.body is not None and len(result.body) == 1 * MB
    assert result.truncated.startswith(f"{url} sent more than 1 MB, the limit for one feed")


def test_a_body_just_under_the_cap_arrives(server):
    body = BODY + b"<!--" + b"x" * (64 * 1024) + b"-->"
    url = server.route("/feed.xml", feed(body, encoding="gzip"))
    whole = get(url, Limits(max_bytes=len(body)))
    assert whole.body == body and not whole.truncated
    cut = get(url, Limits(max_bytes=len(body) - 1))
    assert cut.body == body[:-1] and cut.truncated.startswith(f"{url} sent more than")


def test_a_corrupt_gzip_body_is_an_error(server):
    def corrupt(handler):
        respond(handler, 200, b"\x1f\x8b\x08\x00" + b"\x00" * 40, {"Content-Encoding": "gzip"})

    url = server.route("/corrupt.xml", corrupt)
    result = get(url)
    assert result.error.startswith(f"{url} sent a corrupt gzip body")


def test_a_truncated_gzip_body_is_an_error(server):
    def truncated(handler):
        respond(handler, 200, gzip.compress(BODY)[:-30], {"Content-Encoding": "gzip"})

    url = server.route("/feed.xml", truncated)
    assert get(url).error == f"{url} sent a gzip body that was cut off; try again later"


def test_trailing_junk_after_a_deflate_stream_is_ignored(server):
    def junk(handler):
        respond(handler, 200, zlib.compress(BODY) + b"junk", {"Content-Encoding": "deflate"})

    assert get(server.route("/feed.xml", junk)).body == BODY


# --- not a feed -------------------------------------------------------------------------------


def test_a_feed_served_with_the_wrong_content_type_is_still_a_feed(server):
    for path, kind in (
        ("/a", "text/html; charset=utf-8"),
        ("/b", "text/plain"),
        ("/c", "application/octet-stream"),
    ):
        result = get(server.route(path, feed(BODY, kind)))
        assert (result.body, result.error, result.headers["content-type"]) == (BODY, "", kind)


def test_a_feed_with_an_html_doctype_in_front_is_still_a_feed(server):
    body = b'<!DOCTYPE html>\n<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    assert get(server.route("/atom", feed(body, "text/html"))).body == body


def test_an_html_page_reports_the_feed_it_links_to(server):
    page = html_page(
        ("text/css", "/style.css"),
        ("application/atom+xml", "atom.xml"),
        ("application/rss+xml", "/rss"),
    )
    url = server.route("/blog/", feed(page, "text/html; charset=utf-8"))
    result = get(url)
    assert result.status == 200 and result.body is None
    assert result.discovered_feed == server.url("/blog/atom.xml")
    assert result.error == (
        f"{url} is a web page, not a feed; it links to its feed {server.url('/blog/atom.xml')}: "
        "put that URL"
        " in the source's 'feed'"
    )


def test_an_html_page_without_a_feed_link(server):
    url = server.route("/", feed(html_page(), "text/html"))
    result = get(url)
    assert result.discovered_feed == ""
    assert result.error == (
        f"{url} is a web page, not a feed, and it links to no feed; find the blog's RSS, Atom or "
        "JSON Feed URL"
        " and put it in the source's 'feed'"
    )


@pytest.mark.parametrize(
    "page, expected",
    [
        (html_page(("application/rss+xml", "feed/")), "https://blog.example/posts/feed/"),
        (html_page(("application/rss+xml", "feed/"), base="https://cdn.example/x/"), "https://cdn.example/x/feed/"),
        (html_page(("application/json", "/feed.json"), ("application/feed+json", "/jf.json")),
         "https://blog.example/jf.json"),
        (html_page(("application/json", "/feed.json")), "https://blog.example/feed.json"),
        (html_page(("application/rss+xml", "javascript:alert(1)"), ("application/atom+xml", "/a.xml")),
         "https://blog.example/a.xml"),
        (html_page(("application/rss+xml; charset=utf-8", "//other.example/rss")), "https://other.example/rss"),
        (html_page(), ""),  # the link in the body does not count
        (b"<html><head><link rel='alternate feed' type='APPLICATION/RSS+XML' href='/r'></head></html>",
         "https://blog.example/r"),
        (b"\xff\xfe not html at all <<<>>>", ""),
    ],
)  # fmt: skip
def test_autodiscovery(page, expected):
    assert discover_feed(page, "https://blog.example/posts/") == expected
