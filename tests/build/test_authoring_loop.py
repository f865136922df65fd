"""The authoring loop: every problem of every file in one pass (a bad date does not hide a
duplicate URL), and `mkdocs serve` showing a build error in the browser until it is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"


def test_a_bad_date_does_not_hide_a_duplicate_url_or_a_series_clash(tmp_path, soapbox):
    posts = {
        "rants/good.md": article("Good", "2024-01-02", "rant", "slug: same"),
        "rants/broken.md": article(
            "Broken", "2024-02-30", "rant", "slug: same", 'series: {name: "S", part: 1}'
        ),
        "rants/other.md": article("Other", "2024-01-03", "rant", 'series: {name: "S", part: 1}'),
        "rants/typo.md": article("Typo", "2024-01-04", "rant", "topcis: [x]"),
        "rants/clash.md": article("Clash", "2024-13-01", "rant", "slug: archive"),
    }
    config = harness.write_site(tmp_path / "src", posts)
    expected = [
        "posts/rants/broken.md:3: date: '2024-02-30' is not a real date",
        "posts/rants/good.md: slug: gives the URL '/same/', which posts/rants/broken.md already"
        " has",
        "posts/rants/other.md: series: part 1 of 'S' is already posts/rants/broken.md",
        "posts/rants/typo.md:5: topcis: is not a field Soapbox knows",
        "posts/rants/clash.md:3: date: '2024-13-01' is not a real date",
        "posts/rants/clash.md: slug: gives the URL '/archive/', which is reserved for the"
        " generated page 'Archive'",
    ]
    result = harness.build(config, tmp_path / "site", now=NOW)
    assert result.returncode == 1
    assert "5 problems in your content must be fixed" in result.output
    for line in expected:
        assert line in result.output
    code, out, _ = soapbox("check", "-f", str(config))
    assert code == 1
    for line in expected:
        assert line in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, log: Path, wanted: str) -> str:
    """The page at `url` once it contains `wanted` (polled until a 60 s deadline)."""
    deadline = time.monotonic() + 60
    body = ""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode()
        except OSError:
            body = ""
        if wanted in body:
            return body
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, (
            f"{url} never showed {wanted!r}\n{body[:2000]}\n{log.read_text()}"
        )
        time.sleep(0.2)


def test_mkdocs_serve_shows_a_build_error_in_the_browser_until_it_is_fixed(tmp_path):
    good = article("Visible Post", "2024-01-02", "rant", body="Readable text.")
    config = harness.write_site(tmp_path / "src", {"rants/a.md": good})
    post = tmp_path / "src/posts/rants/a.md"
    port = _free_port()
    env = {**os.environ, **harness.QUIET_ENV, "SOURCE_DATE_EPOCH": harness.source_date_epoch(NOW)}
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=config.parent, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/a/"
        first = _wait_for(url, server, log, "Readable text.")
        assert "livereload" in first

        post.write_text(good.replace("2024-01-02", "2024-02-30"), encoding="utf-8")
        broken = _wait_for(url, server, log, "sb-build-errors")
        assert "posts/rants/a.md:3" in broken
        assert "is not a real date (day is out of range for month); fix the day or month" in broken
        assert "Readable text." not in broken  # not the old page
        assert "livereload" in broken  # the live server's script: it reloads once fixed
        # Every other page says so too (the home page, the type index).
        assert "sb-build-errors" in _wait_for(
            f"http://127.0.0.1:{port}/", server, log, "sb-build-errors"
        )

        post.write_text(good.replace("Readable text.", "Fixed text."), encoding="utf-8")
        fixed = _wait_for(url, server, log, "Fixed text.")
        assert "sb-build-errors" not in fixed
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text()
    assert "ERROR" in output and "posts/rants/a.md:3: date:" in output
