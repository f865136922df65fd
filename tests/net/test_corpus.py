"""Every file of the shared feeds corpus (../shared/feeds-corpus, real-world feeds, see its
README) through the real fetch path from a local server: the bytes arrive unchanged, plain or
gzip-compressed on the wire, with their content-type passed on; and one refresh over all of
them gets every source through (parsed, or skipped with a message naming its URL), then a
second refresh is served by 304s. What the parser makes of each file is asserted by the content
half's tests (tests/unit/test_aggregator_parse*.py)."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedserver import FeedServer, feed, within
from harness import FEEDS_CORPUS
from soapbox.core.aggregator import pipeline, snapshot
from soapbox.core.aggregator.fetch import Limits, fetch
from soapbox.core.aggregator.model import Source

CORPUS = FEEDS_CORPUS
FILES = sorted(p for p in CORPUS.glob("*") if p.suffix in (".xml", ".json", ".gz"))
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
UNREADABLE = {
    "rss-broken-prolog-unbound-prefixes-unparseable.xml",
    "jsonfeed10-truncated-invalid.json",
}


def test_the_corpus_is_there_and_intact():
    assert len(FILES) == 60, f"expected the 60 feeds of {CORPUS} (see its README.md)"
    sums = dict(
        line.split()[::-1]
        for line in (CORPUS / "SHA256SUMS").read_text().splitlines()
        if line.strip()
    )
    for path in FILES:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name], (
            f"{path.name} was modified"
        )


def content_type(path: Path) -> str:
    name = path.name
    if name.endswith(".json"):
        return "application/feed+json"
    if name.startswith("atom-"):
        return "application/atom+xml"
    if name.startswith("rss1-"):
        return "application/rdf+xml"
    return "application/rss+xml"


def routes(server: FeedServer) -> dict[str, tuple[str, bytes, str]]:
    """url -> (file name, the bytes the parser must get, content-type). The stored .gz file is
    served as it is twice: declared (Content-Encoding: gzip) and mislabelled (no header)."""
    served = {}
    for path in FILES:
        raw = path.read_bytes()
        kind = content_type(path)
        tag = f'"{hashlib.sha1(raw).hexdigest()[:12]}"'
        if path.suffix == ".gz":
            plain = gzip.decompress(raw)
            url = server.route(
                f"/{path.name}",
                feed(raw, kind, etag=tag, extra_headers={"Content-Encoding": "gzip"}),
            )
            served[url] = (path.name, plain, kind)
            url = server.route(f"/mislabelled/{path.name}", feed(raw, kind, etag=tag))
            served[url] = (path.name + " (no Content-Encoding)", plain, kind)
        else:
            served[server.route(f"/{path.name}", feed(raw, kind, etag=tag))] = (
                path.name,
                raw,
                kind,
            )
            served[server.route(f"/gzip/{path.name}", feed(raw, kind, encoding="gzip"))] = (
                path.name + " (gzip)",
                raw,
                kind,
            )
    return served


def test_every_file_arrives_byte_identical_with_its_content_type():
    with FeedServer() as server:
        served = routes(server)
        assert len(served) == 2 * len(FILES)
        for url, (name, expected, kind) in served.items():
            result = within(
                30, fetch, url, now=NOW, user_agent="Soapbox/test", limits=Limits.for_deadline(10)
            )
            assert result.error == "", name
            assert result.body == expected, (
                f"{name}: {len(result.body or b'')} bytes instead of {len(expected)}"
            )
            assert result.headers["content-type"] == kind, name
            assert result.final_url == url


def test_one_refresh_gets_every_corpus_feed_through_and_the_second_is_all_304(tmp_path):
    concurrency = 8
    with FeedServer() as server:
        served = {url: v for url, v in routes(server).items() if "/gzip/" not in url}
        sources = [
            Source(name, url, max_items=50, max_age_days=None)
            for url, (name, _, _) in served.items()
        ]
        report = within(
            180, pipeline.refresh, sources, tmp_path, NOW, user_agent="Soapbox/test", deadline_s=120,
            per_source_timeout=20, concurrency=concurrency,
        )  # fmt: skip
        assert report.saved and report.warnings == []
        failed = {o.name for o in report.outcomes if o.status != "ok"}
        assert failed == UNREADABLE
        for outcome in report.outcomes:
            assert outcome.reached
            if outcome.status != "ok":
                assert outcome.feed_url in outcome.note and "\n" not in outcome.note
        empty = {o.name for o in report.outcomes if o.status == "ok" and o.items == 0}
        assert empty == {"rss-utf16le-bom-minimal.xml"}
        assert snapshot.load(tmp_path) == (report.snapshot, [])

        again = within(
            180, pipeline.refresh, sources, tmp_path, NOW + timedelta(hours=1), user_agent="Soapbox/test",
            deadline_s=120, per_source_timeout=20, concurrency=concurrency,
        )  # fmt: skip
        statuses = {o.name: o.status for o in again.outcomes}
        assert {n for n, s in statuses.items() if s == "not modified"} == {
            s.name for s in sources
        } - UNREADABLE
        # An unparseable body stored no validators: it is fetched in full again, and still failing.
        assert {n for n, s in statuses.items() if s == "failed"} == UNREADABLE
        for url in served:
            assert again.snapshot.sources[url].items == report.snapshot.sources[url].items
