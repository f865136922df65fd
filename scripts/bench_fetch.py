#!/usr/bin/env python3
"""Benchmark of the aggregator's network stages (issue 16): 500 sources on local servers spread
over 50 loopback addresses (hosts), of which 100 accept the connection and never answer, 50 drip
their feed one byte every half second, 20 answer 429/503 with Retry-After, 10 redirect
permanently, and the rest serve real-world files of the feeds corpus (with ETags). The misbehaving
sources are listed first, the worst case for the scheduler.

Two refreshes run into a temporary cache folder, exactly as `soapbox fetch --force` runs them:
  1. everything is new: every healthy source must be fetched within the overall deadline;
  2. immediately after: >= 99 % of the healthy sources answer 304, and no 429/503 source is
     asked again before the time its server gave.
Printed: healthy sources fetched, total time vs the deadline, peak memory (max RSS of this
process, servers included), the 304 share, and the 429/503 sources asked again too early.

    .venv/bin/python scripts/bench_fetch.py [--deadline 30] [--per-source 10]

Exit code 0 when every target is met, 1 otherwise. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # feedserver.py: the tests' programmable feed server
sys.path.insert(0, str(REPO / "plugins"))

from feedserver import FeedServer, drip, feed, hang, redirect, rss_feed, status  # noqa: E402
from soapbox.core.aggregator.model import Source  # noqa: E402
from soapbox.core.aggregator.pipeline import refresh  # noqa: E402

CORPUS = Path(os.environ.get("SOAPBOX_FEEDS_CORPUS") or REPO.parent / "shared" / "feeds-corpus")
SOURCES, HUNG, DRIPPING, LIMITED, MOVED = 500, 100, 50, 20, 10
HOSTS = 50
MIN_304 = 0.99


def corpus_routes() -> list:
    routes = []
    for path in sorted(CORPUS.glob("*")):
        if path.suffix not in (".xml", ".json", ".gz"):
            continue
        body, encoding = path.read_bytes(), None
        if path.suffix == ".gz":
            body, encoding = gzip.decompress(body), "gzip"
        kind = "application/feed+json" if ".json" in path.name else "application/xml"
        routes.append((path.name, body, kind, encoding))
    if not routes:
        raise SystemExit(f"bench_fetch: no corpus files in {CORPUS} (set SOAPBOX_FEEDS_CORPUS)")
    return routes


def _route(n: int, server: FeedServer, corpus: list) -> tuple[str, object]:
    """The kind of source `n` is (the misbehaving ones first) and the route that serves it."""
    if n < HUNG:
        return "hung", hang()
    if n < HUNG + DRIPPING:
        return "drip", drip(rss_feed(5), interval=0.5)
    if n < HUNG + DRIPPING + LIMITED:
        code = 429 if n % 2 else 503
        return "limited", status(code, {"Retry-After": "3600"})
    if n < HUNG + DRIPPING + LIMITED + MOVED:
        server.route(f"/{n}/moved.xml", feed(rss_feed(10, title=f"Moved {n}"), etag=f'"m{n}"'))
        return "moved", redirect(f"/{n}/moved.xml", 301)
    name, body, content_type, encoding = corpus[n % len(corpus)]
    return "healthy", feed(body, content_type, etag=f'"{n}-{name}"', encoding=encoding)


def _sources(servers: list[FeedServer], corpus: list) -> tuple[list[Source], dict]:
    """The SOURCES sources spread over the servers, and url -> (kind, server, path)."""
    sources, kinds = [], {}
    for n in range(SOURCES):
        server = servers[n % HOSTS]
        path = f"/{n}/feed.xml"
        kind, route = _route(n, server, corpus)
        url = server.route(path, route)
        kinds[url] = (kind, server, path)
        sources.append(Source(f"Blog {n}", url, max_age_days=None))
    return sources, kinds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--deadline", type=float, default=60.0, help="overall deadline (s)")
    parser.add_argument("--per-source", type=float, default=10.0, help="per-source cap (s)")
    parser.add_argument("--concurrency", type=int, default=8, help="fetches making progress")
    parser.add_argument("--connections", type=int, default=16, help="connections open at most")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    now = datetime.now(UTC).replace(microsecond=0)
    corpus = corpus_routes()
    with ExitStack() as stack:
        servers = [stack.enter_context(FeedServer(f"127.0.0.{101 + h}")) for h in range(HOSTS)]
        cache = stack.enter_context(tempfile.TemporaryDirectory(prefix="soapbox-bench-"))
        sources, kinds = _sources(servers, corpus)
        runs = []
        for label, when in (("first", now), ("second", now + timedelta(minutes=1))):
            started = time.monotonic()
            report = refresh(
                sources, cache, when, user_agent="Soapbox/bench (+http://127.0.0.1/)",
                deadline_s=args.deadline, per_source_timeout=args.per_source,
                concurrency=args.concurrency, connections=args.connections, force=True,
            )  # fmt: skip
            runs.append((label, time.monotonic() - started, report))
        early = sum(
            1
            for url, (kind, server, path) in kinds.items()
            if kind == "limited" and len(server.requests(path)) > 1
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    healthy = {url for url, (kind, _, _) in kinds.items() if kind in ("healthy", "moved")}
    print(
        f"{SOURCES} sources on {HOSTS} loopback hosts: {HUNG} never answer, {DRIPPING} drip,"
        f" {LIMITED} answer 429/503 + Retry-After, {MOVED} redirect 301 (all listed first),"
        f" {len(healthy) - MOVED} serve corpus files; deadline {args.deadline:g} s,"
        f" per-source cap {args.per_source:g} s, {args.concurrency} at once, {args.connections}"
        " connections, 2 per host"
    )
    passed = True
    for label, took, report in runs:
        passed = _print_run(label, took, report, healthy, args.deadline) and passed
    print(f"429/503 sources asked again before their Retry-After: {early} of {LIMITED}")
    print(f"peak memory (max RSS, servers included): {peak_mb:.0f} MB")
    passed = passed and early == 0
    print(
        f"targets: all healthy fetched within the deadline, >= {MIN_304:.0%} 304 on the second run,"
        f" no early retry -> {'met' if passed else 'NOT MET'}"
    )
    return 0 if passed else 1


def _print_run(label: str, took: float, report, healthy: set[str], deadline: float) -> bool:
    """One refresh's line; True when it met its targets (every healthy source fetched within
    the deadline; on the second run, at least MIN_304 of them answered 304)."""
    by_url = {o.feed_url: o for o in report.outcomes}
    fetched = sum(1 for url in healthy if by_url[url].reached and by_url[url].status != "skipped")
    answered = [by_url[url] for url in healthy if by_url[url].status in ("ok", "not modified")]
    not_modified = sum(1 for o in answered if o.status == "not modified")
    share = not_modified / len(answered) if answered else 0.0
    counts = ", ".join(
        f"{report.count(s)} {s}" for s in ("ok", "not modified", "failed", "skipped", "deferred")
    )
    print(
        f"{label} run: {took:.1f} s (deadline {deadline:g} s); healthy fetched"
        f" {fetched}/{len(healthy)}; 304 share of healthy {share:.1%}; {counts}"
    )
    met = fetched == len(healthy) and took <= deadline + 2
    return met and (label != "second" or share >= MIN_304)


if __name__ == "__main__":
    sys.exit(main())
