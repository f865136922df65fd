"""core.files.atomic_write: the old file or the new one, never a part, and no temporary left."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from soapbox.core.files import atomic_write, empty_soon, prune_unused, write_files


@pytest.mark.parametrize("durable", [False, True])
def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path, durable):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    atomic_write(target, b"new", durable=durable)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_write_files_creates_folders_and_keeps_what_the_build_wrote(tmp_path):
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "index.html").write_text("page", encoding="utf-8")
    write_files(str(tmp_path), {"a/b.xml": "<x/>", "c.bin": b"\x00"})
    write_files(str(tmp_path), {"kept/index.html": "error", "new/index.html": "error"}, keep=True)
    assert (tmp_path / "a" / "b.xml").read_text(encoding="utf-8") == "<x/>"
    assert (tmp_path / "c.bin").read_bytes() == b"\x00"
    assert (tmp_path / "kept" / "index.html").read_text(encoding="utf-8") == "page"
    assert (tmp_path / "new" / "index.html").read_text(encoding="utf-8") == "error"


def test_a_serve_site_folder_is_emptied_at_once_and_removed_beside_the_build(tmp_path):
    site = tmp_path / "mkdocs_site"
    (site / "2025" / "post").mkdir(parents=True)
    (site / "2025" / "post" / "index.html").write_text("<p>old</p>")
    (site / "index.html").write_text("<p>home</p>")
    (site / ".keep").write_text("hidden entries stay, as MkDocs' clean keeps them")
    thread = empty_soon(site)
    assert sorted(p.name for p in site.iterdir()) == [".keep"]
    assert thread is not None
    thread.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs_site"]  # the old files gone
    assert empty_soon(site) is None  # nothing left to move
    assert empty_soon(tmp_path / "missing") is None


def test_a_temporary_name_in_use_falls_back_to_a_random_one(tmp_path):
    """A temporary file left under this process's name (a process that died with the same id)
    neither blocks the write nor is touched."""
    target = tmp_path / "out.bin"
    left = tmp_path / f".tmp-out.bin.{os.getpid()}.tmp"
    left.write_bytes(b"someone else's")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert left.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([left.name, "out.bin"])


def test_a_folder_is_pruned_at_most_hourly_by_one_process_unless_nothing_is_kept(tmp_path):
    def entry(name: str, age_days: float) -> Path:
        path = tmp_path / name[:2] / f"{name[2:]}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text("{}", encoding="utf-8")
        then = time.time() - age_days * 86400
        os.utime(path, (then, then))
        return path

    now = time.time()
    old, used = entry("aa01", 8), entry("aa02", 8)
    assert prune_unused(tmp_path, {"aa02"}, suffix=".json", now=now, keep_days=7) == 1
    assert not old.exists() and used.exists()
    again = entry("bb01", 8)
    assert prune_unused(tmp_path, set(), suffix=".json", now=now + 60, keep_days=7) == 0
    assert again.exists()  # the same process pruned this folder a minute ago
    assert prune_unused(tmp_path, set(), suffix=".json", now=now + 3601, keep_days=7) == 2
    last = entry("cc01", 0)
    assert prune_unused(tmp_path, set(), suffix=".json", now=now + 3602, keep_days=0) == 1
    assert not last.exists()  # keep_days=0 (only the last answer kept): every time
