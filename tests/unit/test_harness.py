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
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(harness.NetworkBlockedError):
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
