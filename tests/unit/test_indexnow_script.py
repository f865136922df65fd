"""scripts/indexnow.py against a local server on 127.0.0.1: the live sitemap it compares with, the
request it sends after the deploy, the cache it falls back on, and the log of what was sent."""

from __future__ import annotations

import http.server
import importlib.util
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import harness

KEY = "0123456789abcdef"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _load():
    spec = importlib.util.spec_from_file_location(
        "indexnow_script", harness.REPO / "scripts" / "indexnow.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load()


def sitemap(entries: dict[str, str]) -> bytes:
    urls = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in entries.items())
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{NS}">{urls}</urlset>'.encode()


class Endpoint:
    """A live site's sitemap and an IndexNow endpoint that records what it is sent."""

    def __init__(self, live: bytes | None, status: int = 200) -> None:
        self.live, self.status, self.posts = live, status, []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/sitemap.xml" and endpoint.live is not None:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/xml")
                    self.end_headers()
                    self.wfile.write(endpoint.live)
                else:
                    self.send_error(404)

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.posts.append((self.path, self.headers["Content-Type"], json.loads(body)))
                self.send_response(endpoint.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint(None)
    yield server
    server.close()


OLD = {
    "https://s.example/": "2026-01-01",
    "https://s.example/a/": "2026-01-01",
    "https://s.example/b/": "2026-01-01",
}
NEW = {**OLD, "https://s.example/b/": "2026-02-02", "https://s.example/c/": "2026-02-02"}


def _site(tmp_path: Path, *, key: bool = True) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_bytes(sitemap(NEW))
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    if key:
        (site / f"{KEY}.txt").write_text(KEY, encoding="utf-8")
    return site


def _plan(tmp_path: Path, site: Path, endpoint: Endpoint) -> int:
    return script.main([
        "plan", "--site-dir", str(site), "--out", str(tmp_path / "plan.json"),
        "--previous", endpoint.base + "sitemap.xml", "--cache", str(tmp_path / "cache.xml"),
    ])  # fmt: skip


def test_plan_then_submit_sends_only_the_changed_urls(tmp_path, endpoint, capsys):
    endpoint.live = sitemap(OLD)
    site = _site(tmp_path)
    assert _plan(tmp_path, site, endpoint) == 0
    code = script.main(["submit", str(tmp_path / "plan.json"), "--endpoint", endpoint.base + "in"])
    assert code == 0
    [(path, content_type, body)] = endpoint.posts
    assert path == "/in" and content_type == "application/json; charset=utf-8"
    assert body == {
        "host": "s.example",
        "key": KEY,
        "keyLocation": f"https://s.example/{KEY}.txt",
        "urlList": ["https://s.example/b/", "https://s.example/c/"],
    }
    log = capsys.readouterr().out
    assert "indexnow: compared with the live sitemap" in log and "(3 URLs)" in log
    assert "indexnow: 2 changed URL(s) planned" in log
    assert "sent 2 URL(s) for s.example to " in log and "HTTP 200 (accepted)" in log
    assert "indexnow:   https://s.example/c/" in log
    assert (tmp_path / "cache.xml").read_bytes() == sitemap(NEW)  # the next run's fallback


def test_falls_back_on_the_cached_sitemap_and_reports_a_refused_key(tmp_path, endpoint, capsys):
    (tmp_path / "cache.xml").write_bytes(sitemap({**NEW, "https://s.example/c/": "2025-12-31"}))
    site = _site(tmp_path)
    assert _plan(tmp_path, site, endpoint) == 0  # the live sitemap answers 404
    endpoint.status = 403
    assert script.main(["submit", str(tmp_path / "plan.json"), "--endpoint", endpoint.base]) == 1
    [(_, _, body)] = endpoint.posts
    assert body["urlList"] == ["https://s.example/c/"]
    log = capsys.readouterr().out
    assert "could not read the live sitemap" in log and "sitemap of the last run" in log
    assert "HTTP 403 (the key file was not found or does not match)" in log


def test_first_deploy_and_no_change_send_nothing(tmp_path, endpoint, capsys):
    site = _site(tmp_path)
    assert _plan(tmp_path, site, endpoint) == 0  # no live sitemap, no cache
    assert json.loads((tmp_path / "plan.json").read_text()) == []
    assert "first deploy?" in capsys.readouterr().out
    endpoint.live = sitemap(NEW)
    assert _plan(tmp_path, site, endpoint) == 0
    assert "no page changed since the last deploy" in capsys.readouterr().out
    assert script.main(["submit", str(tmp_path / "plan.json"), "--endpoint", endpoint.base]) == 0
    assert endpoint.posts == []
    assert "nothing to send" in capsys.readouterr().out


def test_off_without_a_key_file(tmp_path, endpoint, capsys):
    endpoint.live = sitemap(OLD)
    assert _plan(tmp_path, _site(tmp_path, key=False), endpoint) == 0
    assert json.loads((tmp_path / "plan.json").read_text()) == []
    assert "off: the build wrote no key file" in capsys.readouterr().out


def test_unreachable_endpoint_does_not_fail_the_deploy(tmp_path, endpoint, capsys):
    endpoint.live = sitemap(OLD)
    assert _plan(tmp_path, _site(tmp_path), endpoint) == 0
    endpoint.close()
    assert script.main(["submit", str(tmp_path / "plan.json"), "--endpoint", endpoint.base]) == 0
    assert "could not reach" in capsys.readouterr().out
