"""`soapbox fetch` on small sites whose sources are served on 127.0.0.1: the summary table, the
snapshot in the cache folder, exit codes, offline mode and progress lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import harness
from feedserver import FeedServer, feed, hang, redirect, rss_feed, status
from soapbox.core.aggregator import snapshot

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", harness.source_date_epoch(NOW))
    monkeypatch.delenv("SOAPBOX_OFFLINE", raising=False)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def body(count: int = 3) -> bytes:
    return rss_feed(
        {
            "title": f"Post {n}",
            "guid": f"p{n}",
            "link": f"https://blog.example/{n}/",
            "date": NOW - timedelta(days=n),
        }
        for n in range(1, count + 1)
    )


def site(tmp_path, sources, **aggregator) -> str:
    options = {"sources": sources, "cache_dir": "cache/feeds", "deadline": 5, **aggregator}
    return str(
        harness.write_site(tmp_path / "site", {"index.md": "# Home\n"}, {"aggregator": options})
    )


def test_fetch_prints_a_summary_and_saves_the_snapshot(tmp_path, server, soapbox):
    good = server.route("/good.xml", feed(body(3), etag='"1"'))
    moved = server.route("/moved.xml", redirect("/good2.xml", 301))
    server.route("/good2.xml", feed(body(2)))
    gone = server.route("/gone.xml", status(410))
    config = site(tmp_path, [
        {"name": "Good & <b>Co</b>", "feed": good, "site": "https://blog.example/", "topics": ["pricing"]},
        {"name": "Moved", "feed": moved},
        {"name": "Gone", "feed": gone},
    ])  # fmt: skip
    code, out, err = soapbox("fetch", "-f", config)
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].split() == ["Source", "Status", "New", "Time", "Note"]
    assert lines[1].startswith("Good & <b>Co</b>  ok") and " 3 " in lines[1]
    assert lines[2].startswith("Moved") and "moved permanently" in lines[2]
    assert lines[3].startswith("Gone") and "failed" in lines[3]
    assert (
        f"  Gone: {gone} answered 410 Gone: the feed is gone for good: remove the source" in lines
    )
    assert (
        f"  Moved: the feed moved permanently: set its feed to {server.url('/good2.xml')}" in lines
    )
    assert lines[-1].startswith(
        "soapbox fetch: 3 sources: 2 ok (0 not modified), 1 failed, 0 skipped, 0 deferred; 5 items;"
        f" snapshot saved to {tmp_path / 'site/cache/feeds/aggregator/snapshot.json'} in "
    )
    assert "[1/3] " in err and "[3/3] " in err  # plain progress lines: stderr is not a terminal
    saved, warnings = snapshot.load(tmp_path / "site/cache/feeds/aggregator")
    assert warnings == [] and saved.fetched_at == NOW
    assert [i.title for i in saved.sources[good].items] == ["Post 1", "Post 2", "Post 3"]
    agent = server.requests("/good.xml")[0].headers["user-agent"]
    assert agent.startswith("Soapbox/") and "+https://example.test/" in agent

    code, out, _ = soapbox("fetch", "--force", "-f", config)
    assert code == 0
    assert "1 ok (1 not modified)" not in out and "2 ok (1 not modified), 1 failed" in out
    assert server.requests("/good.xml")[1].headers["if-none-match"] == '"1"'

    code, out, _ = soapbox("fetch", "--strict", "-f", config)
    assert code == 1  # a failing source fails --strict (the others were fetched moments ago)
    assert "deferred: fetched moments ago" in out


def test_nothing_reached_and_no_snapshot_is_exit_1(tmp_path, server, soapbox):
    config = site(tmp_path, [{"name": "Silent", "feed": server.route("/x.xml", hang())}])
    code, out, err = soapbox("fetch", "--deadline", "1", "-f", config)
    assert code == 1
    assert "Silent" in out and "skipped: overall deadline (1 s)" in out
    assert "no source could be reached and there is no earlier snapshot; check your network" in err


def test_a_source_failing_after_a_good_fetch_is_exit_0(tmp_path, server, soapbox):
    url = server.route("/feed.xml", feed(body(2)))
    config = site(tmp_path, [{"name": "Blog", "feed": url}])
    assert soapbox("fetch", "-f", config)[0] == 0
    server.route("/feed.xml", status(500))
    code, out, _ = soapbox("fetch", "--force", "-f", config)
    assert code == 0
    assert (
        f"Blog: {url} answered 500 Internal Server Error" in out and "(kept 2 earlier items)" in out
    )


def test_offline_environment_fetches_nothing(tmp_path, server, soapbox, monkeypatch):
    config = site(tmp_path, [{"name": "Blog", "feed": server.route("/feed.xml", feed(body()))}])
    monkeypatch.setenv("SOAPBOX_OFFLINE", "1")
    code, out, _ = soapbox("fetch", "-f", config)
    assert code == 0
    assert out.startswith("soapbox fetch: offline (SOAPBOX_OFFLINE=1): nothing fetched;")
    assert "(there is none yet)" in out
    assert server.requests() == []


def test_the_offline_option_keeps_builds_off_the_network_but_not_this_command(
    tmp_path, server, soapbox
):
    config = site(
        tmp_path, [{"name": "Blog", "feed": server.route("/feed.xml", feed(body()))}], offline=True
    )
    code, out, _ = soapbox("fetch", "-f", config)
    assert code == 0 and "1 ok" in out and len(server.requests()) == 1


def test_no_sources(tmp_path, soapbox):
    code, out, _ = soapbox("fetch", "-f", site(tmp_path, []))
    assert code == 0
    assert (
        out
        == "soapbox fetch: no sources configured (soapbox.aggregator.sources in mkdocs.yml); nothing to fetch\n"
    )


def test_bad_deadline_is_a_usage_error(tmp_path, server, soapbox):
    config = site(tmp_path, [{"name": "Blog", "feed": server.route("/feed.xml", feed(body()))}])
    code, _, err = soapbox("fetch", "--deadline", "0", "-f", config)
    assert code == 2 and "--deadline must be a positive number of seconds, got 0" in err
