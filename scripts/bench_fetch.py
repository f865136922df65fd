#!/usr/bin/env python3
"""Benchmark of the aggregator's network stages (issue #10): 100 sources on a local server, of
which 10 accept the connection and never answer and 10 drip their feed one byte a second. They
are listed first, the worst case for the scheduler.

Two refreshes run into a temporary cache folder, exactly as `soapbox fetch` runs them:
  1. everything is new: the total must stay within the per-source deadline + 5 s;
  2. nothing changed: at least 95 % of the sources that answer must answer 304.

    .venv/bin/python scripts/bench_fetch.py [--per-source 5] [--concurrency 8]

Exit code 0 when both targets are met, 1 otherwise. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # feedserver.py: the tests' programmable feed server
sys.path.insert(0, str(REPO / "plugins"))

from feedserver import FeedServer, drip, feed, hang, rss_feed  # noqa: E402
from soapbox.core.aggregator.model import Source  # noqa: E402
from soapbox.core.aggregator.pipeline import refresh  # noqa: E402

SOURCES, HUNG, DRIPPING = 100, 10, 10
SLACK = 5.0  # seconds allowed beyond the per-source deadline
MIN_304 = 0.95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--per-source", type=float, default=5.0, help="per-source deadline in seconds (default 5)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="fetches making progress at once (default 8)"
    )
    args = parser.parse_args(argv)

    now = datetime.now(UTC).replace(microsecond=0)
    with FeedServer() as server, tempfile.TemporaryDirectory(prefix="soapbox-bench-") as cache:
        sources = []
        for n in range(SOURCES):
            if n < HUNG:
                route = hang()
            elif n < HUNG + DRIPPING:
                route = drip(rss_feed(20), interval=1.0)
            else:
                route = feed(
                    rss_feed(20, title=f"Blog {n}"),
                    etag=f'"v{n}"',
                    last_modified="Sat, 21 Nov 2026 10:00:00 GMT",
                )
            sources.append(
                Source(f"Blog {n}", server.route(f"/{n}/feed.xml", route), max_age_days=None)
            )

        runs = []
        for label, when in (
            ("first fetch (all new)", now),
            ("second fetch (unchanged)", now + timedelta(hours=1)),
        ):
            started = time.monotonic()
            report = refresh(
                sources, cache, when, user_agent="Soapbox/bench (+http://127.0.0.1/)",
                deadline_s=args.per_source + 60, per_source_timeout=args.per_source,
                concurrency=args.concurrency, force=True,
            )  # fmt: skip
            runs.append((label, time.monotonic() - started, report))

    limit = args.per_source + SLACK
    rows = [("run", "total", "limit", "ok", "304", "failed", "skipped", "304 share")]
    passed = True
    for label, took, report in runs:
        answered = report.count("ok") + report.count("not modified")
        share = report.count("not modified") / answered if answered else 0.0
        rows.append((
            label, f"{took:.2f} s", f"{limit:.0f} s", str(report.count("ok")), str(report.count("not modified")),
            str(report.count("failed")), str(report.count("skipped")), f"{share:.0%}",
        ))  # fmt: skip
        passed = passed and took <= limit
    _, _, second = runs[1]
    answered = second.count("ok") + second.count("not modified")
    share = second.count("not modified") / answered if answered else 0.0
    passed = passed and share >= MIN_304

    print(
        f"{SOURCES} sources on 127.0.0.1: {HUNG} never answer, {DRIPPING} drip 1 byte/s (listed first);"
        f" per-source deadline {args.per_source:g} s, concurrency {args.concurrency}"
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if j == 0 else cell.rjust(w)
                for j, (cell, w) in enumerate(zip(row, widths))
            )
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(
        f"targets: every run within per-source deadline + {SLACK:g} s; >= {MIN_304:.0%} of answering sources"
        f" 304 on the second fetch -> {'met' if passed else 'NOT MET'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
