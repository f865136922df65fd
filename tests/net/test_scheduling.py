"""refresh() against local servers, issue 16: conditional GET after an unreadable answer, permanent
redirects remembered, 410 Gone, Cache-Control/Expires and Retry-After with jitter, at most two
connections per host and a bounded total, a per-source share of the overall deadline, and healthy
sources asked before ones failing for days. Separate hosts are separate loopback addresses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest

from feedserver import (
    FeedServer,
    feed,
    hang,
    held,
    http_date,
    redirect,
    rss_feed,
    status,
    within,
)
from soapbox.core.aggregator import pipeline, snapshot
from soapbox.core.aggregator.model import Item, Snapshot, Source, SourceState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
MB = 1024 * 1024
POLITE = dict(user_agent="Soapbox/test", deadline_s=10, per_source_timeout=2.0)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def hosts() -> Iterator[list[FeedServer]]:
    """Eight servers, each on its own loopback address (127.0.0.11 ... 127.0.0.18)."""
    with ExitStack() as stack:
        yield [stack.enter_context(FeedServer(f"127.0.0.{11 + n}")) for n in range(8)]


def run(sources, cache, now=NOW, **options):
    return within(60, pipeline.refresh, sources, cache, now, **{**POLITE, **options})


def recent(count: int = 3, prefix: str = "p") -> bytes:
    return rss_feed(
        {
            "title": f"Post {prefix}{n}",
            "link": f"https://blog.example/{prefix}{n}/",
            "guid": f"{prefix}{n}",
            "date": NOW - timedelta(days=n),
        }
        for n in range(1, count + 1)
    )


# --- conditional GET always ----------------------------------------------------------------------


def test_validators_are_sent_even_after_an_unreadable_answer(server, tmp_path):
    url = server.route("/feed.xml", feed(b"\x00\x01 this is not a feed", etag='"broken-1"'))
    source = Source("Broken", url)
    first = run([source], tmp_path)
    assert first.outcomes[0].status == "failed"
    second = run([source], tmp_path, NOW + timedelta(hours=1))
    sent = server.requests("/feed.xml")
    assert [r.headers.get("if-none-match") for r in sent] == [None, '"broken-1"']
    # the 304 does not make the feed readable: still failing, for the same reason
    assert second.outcomes[0].status == "failed"
    assert second.outcomes[0].note.startswith(first.outcomes[0].note.split(" (kept")[0])


# --- permanent redirects -------------------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 308])
def test_a_permanent_redirect_is_remembered_and_reported_once(server, tmp_path, code):
    old = server.route("/old.xml", redirect("/new.xml", code))
    new = server.route("/new.xml", feed(recent(2), etag='"n1"'))
    source = Source("Moved", old)
    first = run([source], tmp_path)
    note = first.outcomes[0].note
    assert first.outcomes[0].status == "ok" and f"set its feed to {new}" in note
    assert f"mkdocs.yml: replace `feed: {old}` with `feed: {new}`" in note
    second = run([source], tmp_path, NOW + timedelta(hours=1))
    assert len(server.requests("/old.xml")) == 1  # not asked again
    assert [r.headers.get("if-none-match") for r in server.requests("/new.xml")] == [None, '"n1"']
    assert second.outcomes[0].status == "not modified"
    assert "moved" not in second.outcomes[0].note  # reported once
    state = second.snapshot.sources[old]
    assert state.permanent_redirect == new and len(state.items) == 2  # the health report keeps it


# --- 410 Gone ------------------------------------------------------------------------------------


def test_410_gone_stops_asking_and_says_so(server, tmp_path):
    from feedserver import sequence

    url = server.route("/feed.xml", sequence(feed(recent(2)), status(410)))
    source = Source("Closed", url)
    run([source], tmp_path)
    gone = run([source], tmp_path, NOW + timedelta(hours=1))
    assert gone.outcomes[0].status == "failed" and "410 Gone" in gone.outcomes[0].note
    later = run([source], tmp_path, NOW + timedelta(days=3))
    assert len(server.requests("/feed.xml")) == 2  # never asked after the 410
    outcome = later.outcomes[0]
    assert outcome.status == "deferred" and outcome.items == 2
    assert "gone" in outcome.note and "remove the source" in outcome.note
    forced = run([source], tmp_path, NOW + timedelta(days=3), force=True)
    assert len(server.requests("/feed.xml")) == 3 and forced.outcomes[0].status == "failed"


# --- caching headers and Retry-After -------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Cache-Control": "public, max-age=7200"},
        {"Expires": http_date(NOW + timedelta(hours=2))},
        {"Cache-Control": "max-age=9000", "Age": "1800"},
    ],
)
def test_the_servers_freshness_is_honoured(server, tmp_path, headers):
    url = server.route("/feed.xml", feed(recent(2), etag='"f1"', extra_headers=headers))
    source = Source("Cached", url)
    first = run([source], tmp_path)
    fresh = first.snapshot.sources[url].fresh_until
    assert fresh is not None and NOW + timedelta(hours=2) <= fresh <= NOW + timedelta(hours=2.2)
    soon = run([source], tmp_path, NOW + timedelta(hours=1), min_interval=timedelta(0))
    assert soon.outcomes[0].status == "deferred" and "fresh until" in soon.outcomes[0].note
    assert len(server.requests("/feed.xml")) == 1
    later = run([source], tmp_path, NOW + timedelta(hours=3), min_interval=timedelta(0))
    assert later.outcomes[0].status == "not modified"


def test_no_cache_and_past_expiry_are_not_freshness(server, tmp_path):
    a = server.route(
        "/a.xml", feed(recent(1), extra_headers={"Cache-Control": "no-cache, max-age=600"})
    )
    b = server.route("/b.xml", feed(recent(1), extra_headers={"Expires": "0"}))
    report = run([Source("A", a), Source("B", b)], tmp_path)
    assert [st.fresh_until for st in report.snapshot.sources.values()] == [None, None]


def test_retry_after_is_honoured_with_jitter(server, tmp_path):
    sources = [
        Source(f"Busy {n}", server.route(f"/busy{n}.xml", status(503, {"Retry-After": "3600"})))
        for n in range(8)
    ]
    report = run(sources, tmp_path)
    waits = [report.snapshot.sources[s.feed_url].not_before for s in sources]
    assert all(
        w is not None and NOW + timedelta(hours=1) <= w <= NOW + timedelta(minutes=66)
        for w in waits
    )
    assert len(set(waits)) > 1  # spread out, not all at the same second
    again = run(sources, tmp_path, NOW + timedelta(minutes=59), force=True)
    assert {o.status for o in again.outcomes} == {"deferred"}
    assert all(len(server.requests(f"/busy{n}.xml")) == 1 for n in range(8))


# --- connections ---------------------------------------------------------------------------------


def test_at_most_two_connections_per_host(hosts, tmp_path):
    release = threading.Event()
    sources = [
        Source(
            f"Blog {h}-{n}",
            host.route(f"/{n}.xml", held(recent(1, f"h{h}n{n}-"), release, wait=0.3)),
        )
        for n in range(5)
        for h, host in enumerate(hosts[:3])
    ]
    report = run(sources, tmp_path, concurrency=8, connections=16)
    assert {o.status for o in report.outcomes} == {"ok"}
    assert [host.peak_in_flight for host in hosts[:3]] == [2, 2, 2]


def test_the_total_number_of_connections_is_bounded(hosts, tmp_path):
    lock = threading.Lock()
    active = [0, 0]  # now, peak

    def counted(body: bytes):
        inner = feed(body)

        def handle(handler) -> None:
            with lock:
                active[0] += 1
                active[1] = max(active[1], active[0])
            try:
                threading.Event().wait(0.3)  # the server is slow: connections pile up
                inner(handler)
            finally:
                with lock:
                    active[0] -= 1

        return handle

    sources = [
        Source(f"Blog {h}-{n}", host.route(f"/{n}.xml", counted(recent(1, f"h{h}n{n}-"))))
        for n in range(2)
        for h, host in enumerate(hosts)
    ]
    report = run(sources, tmp_path, concurrency=4, connections=6, slow_after=0.05)
    assert {o.status for o in report.outcomes} == {"ok"}
    assert active[1] == 6


# --- fairness ------------------------------------------------------------------------------------


def seeded(cache, states: list[SourceState]) -> None:
    snapshot.save(Snapshot(NOW - timedelta(days=1), {s.feed_url: s for s in states}), cache)


def test_healthy_sources_are_asked_before_ones_failing_for_days(server, tmp_path):
    sources = [
        Source(f"S{n}", server.route(f"/s{n}.xml", feed(recent(1, f"s{n}-")))) for n in range(8)
    ]
    states = []
    for n, source in enumerate(sources):
        if n < 4:  # listed first, failing for a week
            states.append(SourceState(source.feed_url, last_attempt=NOW - timedelta(days=1),
                                      last_error="down", failing_since=NOW - timedelta(days=7),
                                      failures=20, errors=20))  # fmt: skip
        else:
            states.append(SourceState(source.feed_url, last_attempt=NOW - timedelta(days=1),
                                      last_success=NOW - timedelta(days=1)))  # fmt: skip
    seeded(tmp_path, states)
    run(sources, tmp_path, concurrency=1, connections=1)
    order = [r.path for r in server.requests()]
    assert order == [f"/s{n}.xml" for n in (4, 5, 6, 7, 0, 1, 2, 3)]


def test_dead_servers_listed_first_get_only_their_share_of_the_deadline(hosts, server, tmp_path):
    dead = [
        Source(f"Dead {h}-{n}", host.route(f"/dead{n}.xml", hang()))
        for n in range(2)
        for h, host in enumerate(hosts[:6])
    ]
    live = [
        Source(f"Live {n}", server.route(f"/live{n}.xml", feed(recent(1, f"l{n}-"))))
        for n in range(4)
    ]
    report = run(dead + live, tmp_path, deadline_s=4.0, per_source_timeout=30.0,
                 concurrency=2, connections=4, slow_after=0.05)  # fmt: skip
    statuses = {o.name: o.status for o in report.outcomes}
    assert all(statuses[s.name] == "ok" for s in live), statuses
    assert all(statuses[s.name] == "failed" for s in dead)  # each gave up within its share
    assert all("did not answer within 1 s" in o.note for o in report.outcomes[:12])


# --- long feeds ----------------------------------------------------------------------------------


def test_a_feed_over_the_byte_cap_keeps_its_first_entries(server, tmp_path):
    entries = [
        {"title": f"Archive {n}", "link": f"https://blog.example/a{n}/", "guid": f"a{n}",
         "date": NOW - timedelta(hours=n), "description": "<p>" + "words " * 80 + "</p>"}
        for n in range(10_000)
    ]  # fmt: skip
    body = rss_feed(entries)
    assert len(body) > 5 * MB
    url = server.route("/archive.xml", feed(body))
    report = run([Source("Archive", url, max_items=20, max_age_days=None)], tmp_path)
    outcome = report.outcomes[0]
    assert outcome.status == "ok" and outcome.items == 20
    assert "sent more than 5 MB, the limit for one feed" in outcome.note
    kept: list[Item] = report.snapshot.sources[url].items
    assert [i.title for i in kept[:2]] == ["Archive 0", "Archive 1"]


# --- refresh: 0 and the build log ----------------------------------------------------------------


def test_refresh_zero_fetches_on_every_build_and_the_log_counts_deferred(server, tmp_path):
    from soapbox.core.aggregator.river import RiverSettings, prepare_snapshot

    good = server.route("/good.xml", feed(recent(2), etag='"g"'))
    busy = server.route("/busy.xml", status(503, {"Retry-After": "3600"}))
    sources = [Source("Good", good), Source("Busy", busy)]
    settings = RiverSettings(cache_dir=tmp_path, refresh_minutes=0, deadline=10)
    for minutes in (0, 1, 2):  # three builds a minute apart: each asks again (documented)
        stage = within(
            60, prepare_snapshot, settings, sources, NOW + timedelta(minutes=minutes),
            offline="", user_agent="Soapbox/test",
        )  # fmt: skip
        assert stage.fetched
    assert len(server.requests("/good.xml")) == 3
    assert len(server.requests("/busy.xml")) == 1  # Retry-After still holds
    assert "asked 1 of 2 sources" in stage.log[0] and "1 deferred" in stage.log[0]
