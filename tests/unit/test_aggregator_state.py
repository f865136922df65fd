"""The aggregator's state without a network: the snapshot file (round trip, corruption, crashes,
two writers at once), the refresh decisions (offline, refresh interval, Retry-After, backoff,
minimum interval, overall deadline) and the health report. Fetches are replaced by fakes here;
tests/net/ runs the real ones against local servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from soapbox.core.aggregator import health, pipeline, snapshot
from soapbox.core.aggregator.model import (
    FetchResult,
    Item,
    ParsedFeed,
    RawEntry,
    Snapshot,
    Source,
    SourceState,
)
from soapbox.core.aggregator.river import RiverSettings, build_river

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def item(n: int, *, source: str = "https://a.example/feed.xml", days_old: float = 1.0) -> Item:
    return Item(
        id=f"https://a.example/post-{n}/",
        source=source,
        source_name="A & <B> “blog”",
        source_site="https://a.example/",
        title=f"Post {n}: <script>alert(1)</script> & ünïcödé 🚀 עברית",
        link=f"https://a.example/post-{n}/",
        author="Ana",
        published=NOW - timedelta(days=days_old, microseconds=123456),
        date_estimated=n % 2 == 0,
        excerpt_html="<p>Words &amp; more</p>",
        excerpt_text="Words & more",
        categories=("sales", "pricing"),
        topics=("pricing",),
        image="",
    )


def state(url: str = "https://a.example/feed.xml", **fields) -> SourceState:
    return SourceState(feed_url=url, **fields)


def full_snapshot() -> Snapshot:
    url = "https://a.example/feed.xml"
    return Snapshot(
        fetched_at=NOW,
        sources={
            url: state(
                url,
                etag='W/"abc"',
                last_modified="Sat, 21 Nov 2026 10:00:00 GMT",
                last_attempt=NOW,
                last_success=NOW - timedelta(hours=1),
                last_error="",
                failing_since=None,
                not_before=NOW + timedelta(minutes=5),
                fetches=7,
                not_modified=5,
                failures=0,
                errors=2,
                fingerprint="0123abcd",
                warnings=["a warning"],
                first_seen={"https://a.example/post-2/": NOW - timedelta(days=3)},
                items=[item(1), item(2)],
            ),
            "https://b.example/atom": state(
                "https://b.example/atom", last_error="down", failing_since=NOW
            ),
        },
    )


# --- the snapshot file ------------------------------------------------------------------------


def test_snapshot_round_trips_exactly(tmp_path):
    original = full_snapshot()
    path = snapshot.save(original, tmp_path)
    loaded, warnings = snapshot.load(tmp_path)
    assert warnings == []
    assert loaded == original
    assert loaded.sources["https://a.example/feed.xml"].items[0].published.utcoffset() == timedelta(
        0
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "soapbox-aggregator-snapshot" and data["version"] == 1
    assert data["fetched_at"] == "2026-11-22T12:00:00+00:00"
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_snapshot_stores_utc_whatever_the_zone(tmp_path):
    berlin = timezone(timedelta(hours=1))
    snapshot.save(Snapshot(fetched_at=NOW.astimezone(berlin)), tmp_path)
    assert (
        json.loads(snapshot.snapshot_path(tmp_path).read_text())["fetched_at"]
        == "2026-11-22T12:00:00+00:00"
    )
    assert snapshot.load(tmp_path)[0].fetched_at == NOW


def test_no_snapshot_is_empty_without_warning(tmp_path):
    loaded, warnings = snapshot.load(tmp_path / "missing")
    assert loaded == Snapshot(fetched_at=None) and warnings == []


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "is corrupt"),
        (b'{"format": "soapbox-aggregator-snapshot", "version": 1, "sources": {', "is corrupt"),
        (b"\xff\xfe\x00garbage", "is corrupt"),
        (b"[1, 2, 3]", "is not a Soapbox aggregator snapshot"),
        (b'{"format": "something-else"}', "is not a Soapbox aggregator snapshot"),
        (
            b'{"format": "soapbox-aggregator-snapshot", "version": 99, "sources": {}}',
            "has snapshot version 99",
        ),
        (
            b'{"format": "soapbox-aggregator-snapshot", "version": 1, "fetched_at": "yesterday"}',
            "is corrupt",
        ),
        (b'{"format": "soapbox-aggregator-snapshot", "version": 1, "sources": []}', "is corrupt"),
    ],
)
def test_a_corrupt_snapshot_is_discarded_with_a_warning(tmp_path, content, expected):
    snapshot.snapshot_path(tmp_path).write_bytes(content)
    loaded, warnings = snapshot.load(tmp_path)
    assert loaded == Snapshot(fetched_at=None)
    assert len(warnings) == 1 and expected in warnings[0]
    assert str(snapshot.snapshot_path(tmp_path)) in warnings[0]


def test_one_corrupt_source_is_dropped_the_others_kept(tmp_path):
    data = snapshot.to_json(full_snapshot())
    data["sources"]["https://a.example/feed.xml"]["items"][0]["published"] = (
        "2026-11-22T12:00:00"  # no offset
    )
    data["sources"]["https://c.example/x"] = {"feed_url": "https://c.example/x", "fetches": "many"}
    snapshot.snapshot_path(tmp_path).write_text(json.dumps(data), encoding="utf-8")
    loaded, warnings = snapshot.load(tmp_path)
    assert list(loaded.sources) == ["https://b.example/atom"]
    assert loaded.fetched_at == NOW
    assert len(warnings) == 2
    assert (
        "https://a.example/feed.xml is corrupt" in warnings[0]
        and "has no UTC offset" in warnings[0]
    )
    assert (
        "https://c.example/x is corrupt" in warnings[1] and "expected int, got str" in warnings[1]
    )


def test_unknown_fields_are_ignored_and_missing_ones_defaulted(tmp_path):
    data = snapshot.to_json(full_snapshot())
    entry = data["sources"]["https://b.example/atom"]
    entry["from_a_newer_soapbox"] = [1, 2]
    del entry["fetches"]
    snapshot.snapshot_path(tmp_path).write_text(json.dumps(data), encoding="utf-8")
    loaded, warnings = snapshot.load(tmp_path)
    assert warnings == []
    assert loaded.sources["https://b.example/atom"].fetches == 0


def test_a_crash_between_write_and_replace_keeps_the_old_snapshot(tmp_path, monkeypatch):
    old = full_snapshot()
    snapshot.save(old, tmp_path)

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.os, "replace", crash)
    with pytest.raises(OSError):
        snapshot.save(Snapshot(fetched_at=NOW + timedelta(days=1)), tmp_path)
    monkeypatch.undo()
    assert snapshot.load(tmp_path) == (old, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".gitignore",
        "snapshot.json",
    ]  # temp file removed


def test_update_reports_an_unwritable_snapshot_as_a_warning(tmp_path, monkeypatch):
    snapshot.save(full_snapshot(), tmp_path)

    def crash(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(snapshot.os, "replace", crash)
    changed, warnings, saved = snapshot.update(
        tmp_path, lambda s: Snapshot(fetched_at=NOW + timedelta(days=1))
    )
    assert not saved and changed.fetched_at == NOW + timedelta(days=1)
    assert (
        "cannot save the aggregator snapshot (Permission denied); the previous one is kept"
        in warnings[0]
    )
    monkeypatch.undo()
    assert snapshot.load(tmp_path)[0].fetched_at == NOW


KILLED_WRITER = """
import os, signal, sys
from datetime import datetime, timezone
from soapbox.core.aggregator import snapshot
from soapbox.core.aggregator.model import Snapshot

def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)  # killed after the temporary file is complete

snapshot.os.replace = die
snapshot.save(Snapshot(fetched_at=datetime(2030, 1, 1, tzinfo=timezone.utc)), sys.argv[1])
"""


def test_a_killed_fetch_leaves_the_last_good_snapshot(tmp_path):
    old = full_snapshot()
    snapshot.save(old, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path)], timeout=60, capture_output=True
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert snapshot.load(tmp_path) == (old, [])
    leftovers = list(tmp_path.glob(".snapshot-*.tmp"))
    assert len(leftovers) == 1  # the killed writer's complete but never renamed file
    os.utime(leftovers[0], (0, 0))  # ... an hour later
    snapshot.save(old, tmp_path)
    assert list(tmp_path.glob(".snapshot-*.tmp")) == []


CONCURRENT_WRITER = """
import sys
from datetime import datetime, timezone
from soapbox.core.aggregator import snapshot
from soapbox.core.aggregator.model import Snapshot, SourceState

folder, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(rounds):
    def change(current, n=n):
        sources = dict(current.sources)
        sources[f"https://{name}.example/{n}"] = SourceState(feed_url=f"https://{name}.example/{n}", fetches=n)
        return Snapshot(fetched_at=datetime(2026, 11, 22, tzinfo=timezone.utc), sources=sources)
    _, warnings, saved = snapshot.update(folder, change, lock_timeout=60)
    assert saved and not warnings, warnings
print("done")
"""


def test_two_concurrent_writers_leave_a_valid_snapshot_with_both_results(tmp_path):
    rounds = 25
    procs = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(tmp_path), name, str(rounds)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name in ("one", "two")
    ]  # fmt: skip
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert out.decode().strip() == "done"
    loaded, warnings = snapshot.load(tmp_path)
    assert warnings == []
    assert len(loaded.sources) == 2 * rounds  # no writer lost the other's update


def test_readers_never_see_half_a_file(tmp_path):
    big = full_snapshot()
    big.sources["https://a.example/feed.xml"].items = [item(n) for n in range(300)]
    snapshot.save(big, tmp_path)
    stop = threading.Event()
    seen: list[str] = []

    def read_constantly():
        while not stop.is_set():
            _, warnings = snapshot.load(tmp_path)
            seen.extend(warnings)

    reader = threading.Thread(target=read_constantly)
    reader.start()
    try:
        for n in range(30):
            big.fetched_at = NOW + timedelta(minutes=n)
            snapshot.save(big, tmp_path)
    finally:
        stop.set()
        reader.join(timeout=30)
    assert seen == []


# --- decisions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, option, expected",
    [
        ({}, False, ""),
        ({"SOAPBOX_OFFLINE": "1"}, False, "SOAPBOX_OFFLINE=1"),
        ({"SOAPBOX_OFFLINE": " TRUE "}, False, "SOAPBOX_OFFLINE=TRUE"),
        ({"SOAPBOX_OFFLINE": "0"}, False, ""),
        ({"SOAPBOX_OFFLINE": ""}, True, "aggregator.offline: true"),
        ({"SOAPBOX_OFFLINE": "yes"}, True, "SOAPBOX_OFFLINE=yes"),
    ],
)
def test_offline_reason(env, option, expected):
    assert pipeline.offline_reason(option, env) == expected


def test_needs_refresh():
    hour = timedelta(hours=1)
    src = [Source("A", "https://a.example/feed.xml")]
    fresh = Snapshot(fetched_at=NOW - timedelta(minutes=59), sources={src[0].feed_url: state()})
    assert not pipeline.needs_refresh(fresh, NOW, hour, src)
    assert pipeline.needs_refresh(Snapshot(fetched_at=None), NOW, hour)
    assert pipeline.needs_refresh(replace(fresh, fetched_at=NOW - hour), NOW, hour)
    assert pipeline.needs_refresh(
        replace(fresh, fetched_at=NOW + hour), NOW, hour
    )  # clock went back
    assert pipeline.needs_refresh(
        fresh, NOW, hour, [*src, Source("New", "https://new.example/rss")]
    )


def test_backoff_doubles_up_to_a_day():
    assert [pipeline.backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=2),
    ]
    assert pipeline.backoff(30) == timedelta(hours=24)


# --- applying one result ----------------------------------------------------------------------

SOURCE = Source("A", "https://a.example/feed.xml", max_items=5, max_age_days=30)
GOOD = state(
    items=[item(1), item(2)], etag='"old"', last_success=NOW - timedelta(days=1), fetches=3
)


def result(**fields) -> FetchResult:
    base = dict(feed_url=SOURCE.feed_url, final_url=SOURCE.feed_url, status=200, body=b"<rss/>")
    base.update(fields)
    return FetchResult(**base)


def fake_parser(monkeypatch, entries: int = 3, error: str = "", raises: bool = False):
    def parse_feed(res, *, max_entries):
        if raises:
            raise RuntimeError("boom")
        raws = tuple(
            RawEntry(
                f"g{n}",
                f"https://a.example/post-{n}/",
                f"Post {n}",
                "text",
                "<p>x</p>",
                "",
                NOW,
                None,
            )
            for n in range(1, entries + 1)
        )
        return ParsedFeed("A", "https://a.example/", raws, ("a survivable warning",), error=error)

    def to_items(parsed, source, *, first_seen, now, excerpt_words, warnings):
        return [item(int(e.guid[1:])) for e in parsed.entries][: source.max_items]

    monkeypatch.setattr(pipeline.parse, "parse_feed", parse_feed)
    monkeypatch.setattr(pipeline.normalise, "to_items", to_items)


def test_a_good_answer_replaces_items_and_stores_validators(monkeypatch):
    fake_parser(monkeypatch, entries=3)
    new, outcome = pipeline.apply_result(
        SOURCE, GOOD, result(etag='"new"', last_modified="L"), NOW, key="k"
    )
    assert [i.id for i in new.items] == [item(n).id for n in (1, 2, 3)]
    assert (new.etag, new.last_modified, new.fingerprint, new.fetches) == ('"new"', "L", "k", 4)
    assert (outcome.status, outcome.new_items, outcome.items) == ("ok", 1, 3)
    assert new.warnings == ["a survivable warning"] and outcome.note == "a survivable warning"
    assert GOOD.items == [item(1), item(2)] and GOOD.etag == '"old"'  # the old state is untouched


@pytest.mark.parametrize(
    "fetched, parser, expected_note",
    [
        (result(status=None, body=None, error="https://a.example/feed.xml did not answer within 2 s"), {},
         "did not answer within 2 s (kept 2 earlier items)"),
        (result(status=500, body=None, error="https://a.example/feed.xml answered 500"), {}, "answered 500"),
        (result(), {"error": "https://a.example/feed.xml: not a feed"}, "not a feed (kept 2 earlier items)"),
        (result(), {"raises": True}, "the feed could not be read (RuntimeError: boom); please report it"),
    ],
)  # fmt: skip
def test_failures_keep_the_last_good_items(monkeypatch, fetched, parser, expected_note):
    fake_parser(monkeypatch, **parser)
    new, outcome = pipeline.apply_result(SOURCE, GOOD, fetched, NOW)
    assert new.items == GOOD.items
    if "error" in parser:  # an unreadable answer's validators are kept: the next GET is conditional
        assert new.etag == fetched.etag and new.unreadable_validators == bool(fetched.etag)
    else:  # no answer at all: the validators of the last one stay
        assert new.etag == '"old"'
    assert new.failing_since == NOW and new.failures == 1 and new.errors == 1
    assert new.last_success == GOOD.last_success and new.last_attempt == NOW
    assert outcome.status == "failed" and expected_note in outcome.note


def test_failing_since_is_the_first_failure(monkeypatch):
    earlier = replace(GOOD, failing_since=NOW - timedelta(days=4), failures=3, last_error="x")
    new, _ = pipeline.apply_result(
        SOURCE, earlier, result(status=None, body=None, error="again"), NOW
    )
    assert new.failing_since == NOW - timedelta(days=4) and new.failures == 4


def test_not_modified_keeps_items_and_counts(monkeypatch):
    aged = replace(GOOD, items=[item(1), item(2, days_old=45)])
    new, outcome = pipeline.apply_result(
        SOURCE, aged, result(status=304, body=None, not_modified=True, etag='"old"'), NOW, key="k"
    )
    assert new.items == [item(1)]  # still within max_age_days; the 45-day-old one ages out
    assert (new.fetches, new.not_modified, new.last_success) == (4, 1, NOW)
    assert outcome.status == "not modified" and outcome.new_items == 0


def test_an_empty_feed_keeps_the_earlier_items(monkeypatch):
    fake_parser(monkeypatch, entries=0)
    new, outcome = pipeline.apply_result(SOURCE, GOOD, result(), NOW)
    assert new.items == GOOD.items and outcome.status == "ok"
    assert "no entries right now; kept the 2 earlier items" in outcome.note


def test_retry_after_and_backoff_set_not_before(monkeypatch):
    later = NOW + timedelta(minutes=7)
    new, _ = pipeline.apply_result(
        SOURCE, GOOD, result(status=503, body=None, error="busy", retry_after=later), NOW
    )
    assert later <= new.not_before <= later + timedelta(minutes=7) / 10  # jitter: a tenth at most
    new, _ = pipeline.apply_result(
        SOURCE, GOOD, result(status=429, body=None, error="slow down"), NOW
    )
    assert NOW + timedelta(minutes=30) <= new.not_before <= NOW + timedelta(minutes=33)
    again, _ = pipeline.apply_result(
        SOURCE, new, result(status=429, body=None, error="slow down"), NOW
    )
    assert NOW + timedelta(hours=1) <= again.not_before <= NOW + timedelta(minutes=66)
    new, _ = pipeline.apply_result(SOURCE, GOOD, result(status=404, body=None, error="gone"), NOW)
    assert new.not_before is None


def test_a_permanent_redirect_is_reported(monkeypatch):
    fake_parser(monkeypatch)
    moved = "https://new.example/feed.xml"
    new, outcome = pipeline.apply_result(SOURCE, GOOD, result(permanent_redirect=moved), NOW)
    assert new.permanent_redirect == moved
    assert f"moved permanently: set its feed to {moved}" in outcome.note
    assert (
        health.health_row(SOURCE, new, NOW).advice()
        == f"the feed moved permanently: set its feed to {moved}"
    )


# --- refresh with a fake fetch ----------------------------------------------------------------


def test_refresh_defers_sources_the_server_asked_to_wait_for(tmp_path, monkeypatch):
    fake_parser(monkeypatch, entries=1)
    calls = []
    monkeypatch.setattr(
        pipeline,
        "fetch",
        lambda url, **kw: (calls.append(url), result(feed_url=url, final_url=url))[1],
    )
    waiting = replace(GOOD, not_before=NOW + timedelta(minutes=10), last_error="answered 503")
    recent = state(
        "https://b.example/rss", last_attempt=NOW - timedelta(minutes=2), items=[item(9)]
    )
    snapshot.save(
        Snapshot(NOW - timedelta(hours=2), {SOURCE.feed_url: waiting, recent.feed_url: recent}),
        tmp_path,
    )
    sources = [SOURCE, Source("B", recent.feed_url)]
    report = pipeline.refresh(sources, tmp_path, NOW, user_agent="t", force=True)
    assert calls == [recent.feed_url]  # forced past the minimum interval, never past Retry-After
    assert (
        report.outcomes[0].status == "deferred"
        and "2026-11-22 12:10 UTC" in report.outcomes[0].note
    )
    assert report.snapshot.sources[SOURCE.feed_url].items == GOOD.items
    fetched_items = report.snapshot.sources[recent.feed_url].items
    assert fetched_items == [item(1)]

    calls.clear()
    report = pipeline.refresh(sources, tmp_path, NOW, user_agent="t")
    assert calls == []
    assert "deferred: fetched moments ago (minimum interval 5 min" in report.outcomes[1].note
    report = pipeline.refresh(sources, tmp_path, NOW + timedelta(minutes=2), user_agent="t")
    assert calls == [] and "deferred: fetched 2 min ago" in report.outcomes[1].note
    assert report.snapshot.sources[recent.feed_url].items == fetched_items


def test_refresh_drops_sources_no_longer_configured(tmp_path, monkeypatch):
    fake_parser(monkeypatch)
    monkeypatch.setattr(pipeline, "fetch", lambda url, **kw: result(feed_url=url, final_url=url))
    old = state("https://old.example/rss", last_success=NOW - timedelta(days=1))
    snapshot.save(Snapshot(NOW, {old.feed_url: old}), tmp_path)
    report = pipeline.refresh([SOURCE], tmp_path, NOW, user_agent="t")
    assert list(snapshot.load(tmp_path)[0].sources) == [SOURCE.feed_url]
    assert report.saved and report.had_snapshot and report.outcomes[0].status == "ok"


def test_overall_deadline_and_slow_sources_do_not_hold_slots(tmp_path, monkeypatch):
    """Five servers that never answer come first; with two slots the fast ones still finish,
    and refresh returns at the overall deadline with the hung ones skipped."""
    fake_parser(monkeypatch, entries=1)
    release = threading.Event()

    def fake_fetch(url, **kw):
        if "hung" in url:
            release.wait(60)
        return result(feed_url=url, final_url=url)

    monkeypatch.setattr(pipeline, "fetch", fake_fetch)
    hung = [Source(f"H{n}", f"https://hung{n}.example/rss") for n in range(5)]
    fast = [Source(f"F{n}", f"https://fast{n}.example/rss") for n in range(6)]
    previous = {s.feed_url: state(s.feed_url, items=[item(7, source=s.feed_url)]) for s in hung}
    snapshot.save(Snapshot(NOW - timedelta(days=1), previous), tmp_path)
    try:
        report = pipeline.refresh(
            hung + fast,
            tmp_path,
            NOW,
            user_agent="t",
            deadline_s=1.5,
            concurrency=2,
            slow_after=0.05,
        )
    finally:
        release.set()
    statuses = {o.name: o.status for o in report.outcomes}
    assert statuses == {**{s.name: "skipped" for s in hung}, **{s.name: "ok" for s in fast}}
    assert "skipped: overall deadline (1.5 s)" in report.outcomes[0].note
    for s in hung:  # last good items kept
        assert report.snapshot.sources[s.feed_url].items == [item(7, source=s.feed_url)]
    assert snapshot.load(tmp_path)[0] == report.snapshot


def test_progress_is_called_once_per_source(tmp_path, monkeypatch):
    fake_parser(monkeypatch)
    monkeypatch.setattr(pipeline, "fetch", lambda url, **kw: result(feed_url=url, final_url=url))
    seen = []
    sources = [Source(f"S{n}", f"https://s{n}.example/rss") for n in range(4)]
    pipeline.refresh(
        sources, tmp_path, NOW, user_agent="t", progress=lambda o, d, t: seen.append((o.name, d, t))
    )
    assert sorted(seen) == [
        (f"S{n}", d, 4) for n, d in zip(range(4), sorted(d for _, d, _ in seen), strict=False)
    ]
    assert [d for _, d, _ in seen] == [1, 2, 3, 4]


# --- health -----------------------------------------------------------------------------------


def test_health_rows_json_and_broken_sources(tmp_path):
    snap = Snapshot(
        NOW,
        {
            "https://a.example/feed.xml": replace(GOOD, fetches=10, not_modified=9),
            "https://b.example/rss": state(
                "https://b.example/rss", last_attempt=NOW, last_error="https://b.example/rss answered 404",
                failing_since=NOW - timedelta(days=8, hours=1), errors=5, items=[item(3)],
                discovered_feed="https://b.example/feed.atom",
            ),
        },
    )  # fmt: skip
    sources = [SOURCE, Source("B", "https://b.example/rss"), Source("New", "https://c.example/rss")]
    rows = health.health_rows(sources, snap, NOW)
    assert [r.status for r in rows] == ["ok", "failing", "never fetched"]
    assert rows[0].not_modified_rate == 0.9 and rows[2].not_modified_rate is None
    assert rows[1].failing_days == 8
    assert [r.name for r in health.broken_for(rows, 7)] == ["B"]
    assert health.broken_for(rows, 9) == []
    data = health.health_json(rows, snap, NOW)
    assert json.loads(json.dumps(data)) == data
    assert data["summary"] == {
        "sources": 3, "ok": 1, "failing": 1, "never_fetched": 1, "items": 3, "not_modified_rate": 0.9,
    }  # fmt: skip
    assert data["sources"][1]["failing_since"] == "2026-11-14T11:00:00Z"
    assert data["sources"][1]["discovered_feed"] == "https://b.example/feed.atom"
    # the build log's lines come from the river (core.aggregator.river), command advice included
    settings = RiverSettings(cache_dir=tmp_path / "cache", title="Around the web")
    river = build_river(settings, sources, snap, NOW)
    assert river.log[1:] == [
        "Around the web: B is failing for 8 days: https://b.example/rss answered 404; showing its "
        "1 last good items",
        "Around the web: 1 sources have not been fetched yet (New); run 'soapbox fetch', or build "
        "with"
        " network access (without SOAPBOX_OFFLINE=1)",
    ]
    assert (
        json.loads((tmp_path / "cache" / "aggregator-health.json").read_text())["summary"][
            "failing"
        ]
        == 1
    )


def test_the_cli_module_keeps_the_aggregator_lazy():
    """`soapbox --help` must stay instant: the aggregator (feedparser, nh3) loads only for fetch."""
    code = (
        "import sys, soapbox.cli; print('feedparser' in sys.modules, "
        "'soapbox.core.aggregator.pipeline' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert out.stdout.split() == ["False", "False"], out.stderr
    assert textwrap.dedent(out.stderr) == ""


def test_problems_with_single_entries_reach_the_health_report(monkeypatch):
    fake_parser(monkeypatch, entries=2)

    def to_items(parsed, source, *, first_seen, now, excerpt_words, warnings):
        warnings.append(f"{source.feed_url}: entry 2 has no link; skipped")
        return [item(1)]

    monkeypatch.setattr(pipeline.normalise, "to_items", to_items)
    new, outcome = pipeline.apply_result(SOURCE, GOOD, result(), NOW, key="k")
    assert new.warnings == [
        "a survivable warning",
        f"{SOURCE.feed_url}: entry 2 has no link; skipped",
    ]
    assert [i.id for i in new.items] == [item(1).id]
