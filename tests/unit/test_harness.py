"""The harness itself: the network guard, fixture sites, snapshots, the local server."""

import socket
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

import harness


def test_guard_is_installed_for_the_whole_session():
    assert harness.network_guard_active()
    assert getattr(socket.socket.connect, "__soapbox_guard__", False)
    assert getattr(socket.socket.connect_ex, "__soapbox_guard__", False)


def test_guard_blocks_remote_connect_immediately():
    # Checked first so that a missing guard can never let a packet out.
    assert getattr(socket.socket.connect, "__soapbox_guard__", False)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        started = time.monotonic()
        with pytest.raises(harness.NetworkBlockedError, match="10.255.255.1"):
            sock.connect(("10.255.255.1", 9))
        assert time.monotonic() - started < 0.5
    assert harness.blocked_attempts[-1] == (socket.AF_INET, ("10.255.255.1", 9))


@pytest.mark.parametrize(
    "family, address",
    [
        (socket.AF_INET, ("10.255.255.1", 9)),
        (socket.AF_INET, ("example.com", 80)),  # names other than localhost are never resolved
        (socket.AF_INET6, ("2001:db8::1", 9, 0, 0)),
    ],
)
def test_guard_blocks_connect_ex_too(family, address):
    assert getattr(socket.socket.connect_ex, "__soapbox_guard__", False)
    with (
        socket.socket(family, socket.SOCK_STREAM) as sock,
        pytest.raises(harness.NetworkBlockedError),
    ):
        sock.connect_ex(address)


@pytest.mark.parametrize(
    "family, address, local",
    [
        (socket.AF_INET, ("127.0.0.1", 80), True),
        (socket.AF_INET, ("127.8.9.10", 80), True),
        (socket.AF_INET, ("localhost", 80), True),
        (socket.AF_INET6, ("::1", 80, 0, 0), True),
        (socket.AF_INET6, ("::ffff:127.0.0.1", 80, 0, 0), True),
        (socket.AF_UNIX, "/tmp/some.sock", True),
        (socket.AF_INET, ("192.168.1.1", 80), False),
        (socket.AF_INET, ("8.8.8.8", 53), False),
        (socket.AF_INET, ("localhost.example.com", 80), False),
        (socket.AF_INET6, ("::ffff:10.0.0.1", 80, 0, 0), False),
    ],
)
def test_is_local_address(family, address, local):
    assert harness.is_local_address(family, address) is local


def test_guard_allows_a_loopback_server(tmp_path: Path):
    (tmp_path / "hello.txt").write_text("hello", encoding="utf-8")
    with harness.serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "hello.txt", timeout=5) as response:
            assert response.read() == b"hello"
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        with socket.create_connection(("localhost", port), timeout=5):
            pass
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) == 0


def test_serve_shuts_down(tmp_path: Path):
    with harness.serve(tmp_path) as base:
        port = int(base.rstrip("/").rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_serve_fixture(tmp_path: Path, serve):
    (tmp_path / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    with urllib.request.urlopen(serve(tmp_path), timeout=5) as response:
        assert b"<p>hi</p>" in response.read()


def test_write_site(tmp_path: Path):
    config_file = harness.write_site(
        tmp_path,
        {"index.md": "# Home\n", "2025/hello.md": "---\ntitle: Hi\n---\nBody é\n"},
        plugin={"option": 1},
        mkdocs={"site_name": "Other", "nav": ["index.md"]},
    )
    assert config_file == tmp_path / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config == {
        "site_name": "Other",
        "site_url": "https://example.test/",
        "docs_dir": "posts",
        "theme": {"name": "material"},
        "plugins": ["search", {"soapbox": {"option": 1}}],
        "nav": ["index.md"],
    }
    assert (tmp_path / "posts/2025/hello.md").read_text(encoding="utf-8").endswith("Body é\n")
    with pytest.raises(ValueError):
        harness.write_site(tmp_path, {"../escape.md": "x"})


def test_snapshot_tree(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/b.md").write_bytes(b"one")
    (tmp_path / "c.md").write_bytes(b"two")
    before = harness.snapshot_tree(tmp_path)
    assert sorted(before) == ["a/b.md", "c.md"]
    assert harness.snapshot_tree(tmp_path) == before
    (tmp_path / "a/b.md").write_bytes(b"one ")
    assert harness.snapshot_tree(tmp_path) != before


def test_source_date_epoch():
    assert harness.source_date_epoch("2025-03-01T12:00:00+00:00") == "1740830400"
    assert harness.source_date_epoch("2025-03-01T12:00:00Z") == "1740830400"
    cet = timezone(timedelta(hours=1))
    assert harness.source_date_epoch(datetime(2025, 3, 1, 13, 0, tzinfo=cet)) == "1740830400"
    with pytest.raises(ValueError):
        harness.source_date_epoch("2025-03-01T12:00:00")
    with pytest.raises(ValueError):
        harness.source_date_epoch(datetime(2025, 3, 1, 12, 0))


def test_build_result_helpers(tmp_path: Path):
    site = tmp_path / "site"
    (site / "posts/hello").mkdir(parents=True)
    (site / "posts/hello/index.html").write_text("<h1 id='t'>Hello</h1>", encoding="utf-8")
    result = harness.BuildResult(0, "", site)
    assert result.assert_ok() is result
    assert result.html("posts/hello/").find(id="t").get_text() == "Hello"
    assert result.html("posts/hello").find("h1").get_text() == "Hello"
    failed = harness.BuildResult(1, "ERROR - something broke", site, ["mkdocs", "build"])
    with pytest.raises(AssertionError, match="something broke"):
        failed.assert_ok()


# --- the build-invariant checker ----------------------------------------------------------------


def _site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


PAGE = "<!doctype html><html lang=en><head><title>t</title></head><body>{}</body></html>"


def test_check_site_passes_a_clean_site(tmp_path: Path):
    site = _site(
        tmp_path,
        {
            "index.html": PAGE.format(
                '<a href="a/">a</a><a href="https://example.test/a/#x">abs</a>'
                '<a href="https://elsewhere.test/">ext</a><a href="mailto:a@b.test">m</a>'
                '<img src="img/p.png" srcset="img/p.png 1x, img/p.png 2x" alt="">'
            ),
            "a/index.html": PAGE.format('<a href="../">home</a><a href="#top">top</a>'),
            "img/p.png": "png",
            "feed.json": '{"version": "https://jsonfeed.org/version/1.1", "items": []}',
            "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>https://example.test/a/</loc></url></urlset>",
        },
    )
    assert harness.check_site(site, site_url="https://example.test/") == []


def test_check_site_names_every_broken_invariant(tmp_path: Path):
    site = _site(
        tmp_path,
        {
            "index.html": PAGE.format(
                '<img src="x.png&quot;" onerror="alert(1)" alt="">'
                '<a href=" JavaScript:alert(1)">j</a><img src="data:image/png;base64,AA" alt="">'
                '<a href="missing/">gone</a><img srcset="nope.png 2x" alt="">'
            ),
            "broken.html": "<!doctype html><p><b>unclosed</p></i>",
            "feed.xml": "<rss><channel><title>x</title>",
            "feed.json": '{"items": 3}',
            "sitemap.xml": "<urlset><url><loc>https://example.test/gone/</loc></url></urlset>",
        },
    )
    problems = "\n".join(harness.check_site(site, site_url="https://example.test/"))
    for expected in (
        "onerror=",
        "javascript: URL",
        "data: URL",
        "'missing/'> does not resolve (missing/index.html)",
        "'nope.png'> does not resolve",
        "broken.html:1:",
        "feed.xml: feed does not parse",
        "feed.json: JSON Feed without a jsonfeed.org version",
        "feed.json: JSON Feed without an items list",
        "<loc>https://example.test/gone/</loc> does not resolve",
    ):
        assert expected in problems, expected
    # Link resolution is skipped for non-strict builds; the other checks still run.
    relaxed = "\n".join(harness.check_site(site, site_url="https://example.test/", links=False))
    assert "does not resolve" not in relaxed and "onerror=" in relaxed


def test_build_refuses_a_site_that_breaks_an_invariant(tmp_path: Path):
    config = harness.write_site(
        tmp_path,
        {"index.md": '# Home\n\n<a href="#" onclick="alert(1)">raw html</a>\n'},
        mkdocs={"plugins": [], "theme": {"name": "mkdocs"}},
    )
    with pytest.raises(AssertionError, match="onclick"):
        harness.build(config, tmp_path / "out", now="2026-01-01T00:00:00+00:00")
