"""refresh() end to end against local servers, with the real parse and normalise stages: every
hostile server behaviour keeps the last good items, 304s reuse them, Retry-After defers the
next run, huge and odd feeds stay bounded, and the snapshot on disk always matches."""

from __future__ import annotations

from contextlib import ExitStack
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
    rss_feed,
    sequence,
    status,
    within,
)
from soapbox.core.aggregator import pipeline, snapshot
from soapbox.core.aggregator.model import Source

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GUARD = 30
MB = 1024 * 1024
FAST = dict(
    user_agent="Soapbox/test", deadline_s=10, per_source_timeout=1.5, max_bytes=2 * MB, force=True
)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def run(sources, cache, now=NOW, **options):
    report = within(GUARD, pipeline.refresh, sources, cache, now, **{**FAST, **options})
    assert report.saved and report.warnings == []
    assert snapshot.load(cache) == (report.snapshot, [])  # what was returned is what was saved
    assert [o.feed_url for o in report.outcomes] == [s.feed_url for s in sources]
    return report


def recent_feed(count: int) -> bytes:
    """RSS with `count` posts dated in the days before NOW (within the default max age)."""
    return rss_feed(
        {
            "title": f"Post {n}",
            "link": f"https://blog.example/post-{n}/",
            "guid": f"post-{n}",
            "date": NOW - timedelta(days=n),
            "description": f"<p>Body {n}</p>",
        }
        for n in range(1, count + 1)
    )


def ids(report, source):
    return [item.id for item in report.snapshot.sources[source.feed_url].items]


# --- 304 --------------------------------------------------------------------------------------


def test_second_refresh_is_served_by_304_and_keeps_the_items(server, tmp_path):
    url = server.route(
        "/feed.xml",
        feed(recent_feed(4), etag='"v1"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT"),
    )
    source = Source("Blog", url)
    first = run([source], tmp_path)
    assert first.outcomes[0].status == "ok" and first.outcomes[0].new_items == 4
    items = first.snapshot.sources[url].items
    assert [i.title for i in items] == ["Post 1", "Post 2", "Post 3", "Post 4"]

    second = run([source], tmp_path, NOW + timedelta(hours=1))
    assert second.outcomes[0].status == "not modified" and second.outcomes[0].new_items == 0
    assert second.snapshot.sources[url].items == items
    state = second.snapshot.sources[url]
    assert (state.fetches, state.not_modified, state.last_success) == (
        2,
        1,
        NOW + timedelta(hours=1),
    )
    sent = server.requests("/feed.xml")[1].headers
    assert (
        sent["if-none-match"] == '"v1"'
        and sent["if-modified-since"] == "Sat, 21 Nov 2026 10:00:00 GMT"
    )


def test_changed_source_settings_force_a_full_fetch(server, tmp_path):
    url = server.route("/feed.xml", feed(recent_feed(6), etag='"v1"'))
    run([Source("Blog", url, max_items=2)], tmp_path)
    report = run([Source("Blog", url, max_items=5)], tmp_path)
    assert "if-none-match" not in server.requests("/feed.xml")[1].headers
    assert report.outcomes[0].status == "ok" and len(report.snapshot.sources[url].items) == 5


# --- hostile behaviours keep the last good items ----------------------------------------------

HOSTILE = {
    "404": (status(404), "answered 404 Not Found"),
    "410": (status(410), "answered 410 Gone: the feed is gone for good: remove the source"),
    "500": (status(500), "answered 500 Internal Server Error"),
    "503": (status(503, {"Retry-After": "600"}), "answered 503 Service Unavailable"),
    "429": (status(429), "answered 429 Too Many Requests"),
    "drip": (drip(recent_feed(3), interval=1.0), "did not finish sending the feed within 1.5 s"),
    "never answers": (hang(), "did not answer within 1.5 s"),
    "200 MB": (endless(200 * MB), "sent more than 2 MB, the limit for one feed"),
    "gzip bomb": (
        gzip_bomb(200 * MB),
        "sent more than 2 MB, the limit for one feed",
    ),  # no entry in it
    "html page": (
        feed(html_page(("application/rss+xml", "/real.xml")), "text/html"),
        "is a web page, not a feed",
    ),
    "garbage": (feed(b"\x00\x01 this is not a feed at all", "application/rss+xml"), ""),
    "empty body": (feed(b"", "application/rss+xml"), ""),
    "redirect loop": (redirect("/feed.xml", 302), "redirects in a loop"),
}


@pytest.mark.parametrize("behaviour", list(HOSTILE))
def test_a_failing_source_keeps_its_last_good_items(server, tmp_path, behaviour):
    hostile, message = HOSTILE[behaviour]
    url = server.route("/feed.xml", sequence(feed(recent_feed(3)), hostile))
    healthy = Source("Healthy", server.route("/other.xml", feed(recent_feed(2))))
    source = Source("Blog", url)
    first = run([source, healthy], tmp_path)
    good = first.snapshot.sources[url].items
    assert len(good) == 3

    report = run([source, healthy], tmp_path, NOW + timedelta(hours=1))
    outcome = report.outcomes[0]
    assert outcome.status == "failed", outcome
    assert message in outcome.note and url in outcome.note
    assert outcome.note.endswith("(kept 3 earlier items)")
    state = report.snapshot.sources[url]
    assert state.items == good
    assert (state.last_error, state.failing_since, state.last_success) == (
        outcome.note.removesuffix(" (kept 3 earlier items)"), NOW + timedelta(hours=1), NOW,
    )  # fmt: skip
    assert report.outcomes[1].status == "ok"  # one bad feed never stops the rest


def test_retry_after_defers_the_next_run_until_then(server, tmp_path):
    url = server.route(
        "/feed.xml",
        sequence(feed(recent_feed(2)), status(503, {"Retry-After": "1800"}), feed(recent_feed(3))),
    )
    source = Source("Blog", url)
    run([source], tmp_path)
    run([source], tmp_path, NOW + timedelta(minutes=10))
    # the wait the server asked for, plus up to a tenth of it (jitter)
    wait = report_not_before(tmp_path, url)
    assert NOW + timedelta(minutes=40) <= wait <= NOW + timedelta(minutes=43)

    deferred = run([source], tmp_path, NOW + timedelta(minutes=39))
    assert deferred.outcomes[0].status == "deferred"
    assert f"the server asked to wait until {wait:%Y-%m-%d %H:%M} UTC" in deferred.outcomes[0].note
    assert len(server.requests("/feed.xml")) == 2  # not asked while it said to wait
    assert len(deferred.snapshot.sources[url].items) == 2

    later = run([source], tmp_path, wait)
    assert later.outcomes[0].status == "ok" and later.outcomes[0].new_items == 1
    assert later.snapshot.sources[url].not_before is None


def report_not_before(cache, url):
    return snapshot.load(cache)[0].sources[url].not_before


def test_429_without_retry_after_backs_off(server, tmp_path):
    url = server.route("/feed.xml", status(429))
    run([Source("Blog", url)], tmp_path)
    first = report_not_before(tmp_path, url)
    assert NOW + timedelta(minutes=30) <= first <= NOW + timedelta(minutes=33)  # with jitter
    run([Source("Blog", url)], tmp_path, first)
    second = report_not_before(tmp_path, url)
    assert first + timedelta(minutes=60) <= second <= first + timedelta(minutes=66)  # doubled


def test_a_permanent_redirect_is_reported_for_the_config(server, tmp_path):
    server.route("/old.xml", redirect("/new.xml", 301))
    server.route("/new.xml", feed(recent_feed(2)))
    report = run([Source("Blog", server.url("/old.xml"))], tmp_path)
    assert report.outcomes[0].status == "ok"
    assert f"moved permanently: set its feed to {server.url('/new.xml')}" in report.outcomes[0].note
    assert report.snapshot.sources[server.url("/old.xml")].permanent_redirect == server.url(
        "/new.xml"
    )


def test_an_html_page_records_the_discovered_feed(server, tmp_path):
    url = server.route("/", feed(html_page(("application/atom+xml", "/atom.xml")), "text/html"))
    report = run([Source("Blog", url)], tmp_path)
    assert report.snapshot.sources[url].discovered_feed == server.url("/atom.xml")


# --- odd feeds stay bounded -------------------------------------------------------------------


def test_ten_thousand_entries_are_bounded(server, tmp_path, monkeypatch):
    seen = []
    real = pipeline.parse.parse_feed

    def spy(result, *, max_entries):
        parsed = real(result, max_entries=max_entries)
        seen.append((max_entries, len(parsed.entries)))
        return parsed

    monkeypatch.setattr(pipeline.parse, "parse_feed", spy)
    body = recent_feed(10_000)
    url = server.route("/big.xml", feed(body))
    report = run(
        [Source("Big", url, max_items=10, max_age_days=None)],
        tmp_path,
        max_entries=200,
        max_bytes=len(body),
    )
    assert report.outcomes[0].status == "ok", report.outcomes[0]
    assert seen == [(200, 200)]
    assert [i.title for i in report.snapshot.sources[url].items] == [
        f"Post {n}" for n in range(1, 11)
    ]


def test_duplicate_guids_become_one_item(server, tmp_path):
    body = rss_feed(
        [
            {
                "title": "First copy",
                "guid": "same",
                "link": "https://blog.example/a/",
                "date": NOW - timedelta(days=1),
            },
            {
                "title": "Second copy",
                "guid": "same",
                "link": "https://blog.example/a/",
                "date": NOW - timedelta(days=1),
            },
            {
                "title": "Other",
                "guid": "other",
                "link": "https://blog.example/b/",
                "date": NOW - timedelta(days=2),
            },
        ]
    )
    url = server.route("/feed.xml", feed(body))
    report = run([Source("Blog", url)], tmp_path)
    items = report.snapshot.sources[url].items
    assert len(items) == 2 and len({i.id for i in items}) == 2


def test_entries_without_dates_keep_their_first_seen_date(server, tmp_path):
    body = rss_feed(
        [{"title": "Undated", "guid": "u1", "link": "https://blog.example/u/", "date": None}]
    )
    url = server.route("/feed.xml", feed(body))  # no validators: every run is a full fetch
    first = run([Source("Blog", url)], tmp_path)
    (undated,) = first.snapshot.sources[url].items
    assert undated.published == NOW and undated.date_estimated
    later = run([Source("Blog", url)], tmp_path, NOW + timedelta(days=2))
    assert later.outcomes[0].status == "ok"
    assert later.snapshot.sources[url].items[0].published == NOW  # stable across runs


def test_future_dates_are_clamped_to_the_fetch_time(server, tmp_path):
    body = rss_feed([{"title": "From the future", "guid": "f", "link": "https://blog.example/f/",
                      "date": NOW + timedelta(days=365)}])  # fmt: skip
    url = server.route("/feed.xml", feed(body))
    (future,) = run([Source("Blog", url)], tmp_path).snapshot.sources[url].items
    assert future.published == NOW


# --- the overall deadline with real servers ---------------------------------------------------


def test_dead_servers_do_not_stall_the_run(server, tmp_path):
    with ExitStack() as stack:  # dead servers on hosts of their own (at most 2 connections a host)
        hosts = [stack.enter_context(FeedServer(f"127.0.0.{31 + n}")) for n in range(6)]
        _dead_servers_do_not_stall(server, hosts, tmp_path)


def _dead_servers_do_not_stall(server, hosts, tmp_path):
    dead = [
        Source(f"Dead {n}", host.route(f"/dead{n}.xml", hang())) for n, host in enumerate(hosts)
    ]
    live = [
        Source(f"Live {n}", server.route(f"/live{n}.xml", feed(recent_feed(2)))) for n in range(6)
    ]
    report = run(
        dead + live, tmp_path, deadline_s=1.0, per_source_timeout=5.0, concurrency=2, slow_after=0.1
    )
    assert {o.name: o.status for o in report.outcomes} == {
        **{s.name: "skipped" for s in dead}, **{s.name: "ok" for s in live},
    }  # fmt: skip
    assert all("skipped: overall deadline (1 s)" in o.note for o in report.outcomes[:6])
    assert report.reached == 6
