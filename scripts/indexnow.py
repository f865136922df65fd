#!/usr/bin/env python3
"""Tell search engines (IndexNow: Bing, Yandex, Seznam, Naver ...) which pages a deploy changed.

Two steps, so the request is sent only once the new pages are live:

    # in the build, before the deploy: compare the new sitemap with the one now live
    python3 scripts/indexnow.py plan --site-dir site --out indexnow.json
    # after the deploy
    python3 scripts/indexnow.py submit indexnow.json

`plan` finds the key file the build wrote (`reach: {indexnow_key: ...}` in mkdocs.yml; no key file:
IndexNow is off and nothing is planned). The previous sitemap is the live one
(`<site>/sitemap.xml`, or `--previous URL`); when it cannot be fetched, the copy the last run kept
in `--cache` (default `.cache/soapbox/indexnow/sitemap.xml`); with neither (a first deploy), nothing
is sent. Every run logs what it compared and sent. Standard library only; exit code 0 unless the
arguments are wrong or the endpoint refuses the key (HTTP 403/422): an unreachable endpoint is
reported, never fails the deploy.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from soapbox.core.reach import indexnow  # noqa: E402  (standard library only)

FETCH_TIMEOUT = 20
DEFAULT_CACHE = ".cache/soapbox/indexnow/sitemap.xml"


def log(message: str) -> None:
    print(f"indexnow: {message}", flush=True)


def find_key(site_dir: Path) -> str | None:
    """The key whose proof file (`<key>.txt` containing the key) the build wrote."""
    for path in sorted(site_dir.glob("*.txt")):
        key = path.stem
        valid = indexnow.validate_key(key) is None
        if valid and path.read_text(encoding="utf-8", errors="replace").strip() == key:
            return key
    return None


def site_root(entries: dict[str, str]) -> str:
    """The site's address: the shortest URL of the sitemap (its home page)."""
    home = min(entries, key=len)
    parts = urlsplit(home)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "soapbox-indexnow"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        data: bytes = response.read(indexnow.MAX_SITEMAP_BYTES + 1)
        return data


def previous_sitemap(url: str, cache: Path) -> dict[str, str] | None:
    try:
        entries = indexnow.parse_sitemap(fetch(url))
        log(f"compared with the live sitemap {url} ({len(entries)} URLs)")
        return entries
    except (OSError, ValueError) as exc:
        log(f"could not read the live sitemap {url}: {exc}")
    if cache.is_file():
        try:
            entries = indexnow.parse_sitemap(cache.read_bytes())
            log(f"compared with the sitemap of the last run, {cache} ({len(entries)} URLs)")
            return entries
        except ValueError as exc:
            log(f"the cached sitemap {cache} {exc}")
    return None


def plan(args: argparse.Namespace) -> int:
    """Write the requests to send to `--out` (an empty list when there is nothing to send, so the
    step after the deploy always finds the file)."""
    site_dir = Path(args.site_dir)
    out = Path(args.out)
    out.write_text("[]\n", encoding="utf-8")
    key = find_key(site_dir)
    if key is None:
        log(f"off: the build wrote no key file in {site_dir}/ (set reach.indexnow_key)")
        return 0
    sitemap = site_dir / "sitemap.xml"
    try:
        current = indexnow.parse_sitemap(sitemap.read_bytes())
    except (OSError, ValueError) as exc:
        log(f"off: {sitemap} cannot be read ({exc}); IndexNow needs the sitemap")
        return 0
    if not current:
        log(f"{sitemap} lists no pages; nothing to send")
        return 0
    root = args.site_url or site_root(current)
    cache = Path(args.cache)
    previous = previous_sitemap(args.previous or f"{root}sitemap.xml", cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(sitemap.read_bytes())
    if previous is None:
        log("no previous sitemap (first deploy?): nothing to send this time")
        return 0
    urls = indexnow.changed(current, previous)
    submissions = indexnow.submissions(root, key, urls)
    if not submissions:
        log("no page changed since the last deploy: nothing to send")
        return 0
    out.write_text(
        json.dumps([json.loads(s.body()) for s in submissions], indent=2) + "\n", encoding="utf-8"
    )
    log(f"{len(urls)} changed URL(s) planned in {out}:")
    for url in urls:
        log(f"  {url}")
    return 0


def submit(args: argparse.Namespace) -> int:
    path = Path(args.plan)
    bodies = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    if not bodies:
        log(f"nothing to send ({path} plans no request: IndexNow is off or nothing changed)")
        return 0
    failed = False
    for body in bodies:
        data = json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            args.endpoint,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "soapbox"},
        )
        count = len(body["urlList"])
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                code = int(response.status)
        except urllib.error.HTTPError as exc:
            code = exc.code
        except OSError as exc:
            log(f"could not reach {args.endpoint}: {exc}; {count} URL(s) not sent")
            continue
        meaning = MEANINGS.get(code, "unexpected answer")
        log(f"sent {count} URL(s) for {body['host']} to {args.endpoint}: HTTP {code} ({meaning})")
        for url in body["urlList"]:
            log(f"  {url}")
        failed |= code in (403, 422)
    return 1 if failed else 0


MEANINGS = {
    200: "accepted",
    202: "accepted; the key is being checked",
    400: "bad request",
    403: "the key file was not found or does not match",
    422: "the URLs do not belong to the host, or the key does not match",
    429: "too many requests; try later",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    steps = parser.add_subparsers(dest="step", required=True)
    p = steps.add_parser("plan", help="compare the new sitemap with the live one")
    p.add_argument("--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--out", default="indexnow.json", help="the plan to submit later")
    p.add_argument("--site-url", default="", help="the site's address (default: from the sitemap)")
    p.add_argument("--previous", default="", help="URL of the live sitemap to compare with")
    p.add_argument("--cache", default=DEFAULT_CACHE, help=f"kept sitemap (default {DEFAULT_CACHE})")
    s = steps.add_parser("submit", help="send a plan after the deploy")
    s.add_argument("plan", nargs="?", default="indexnow.json")
    s.add_argument("--endpoint", default=indexnow.ENDPOINT, help="IndexNow endpoint")
    args = parser.parse_args(argv)
    return plan(args) if args.step == "plan" else submit(args)


if __name__ == "__main__":
    sys.exit(main())
