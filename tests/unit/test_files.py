"""core.files.atomic_write: the old file or the new one, never a part, and no temporary left."""

from __future__ import annotations

import pytest

from soapbox.core.files import atomic_write, write_files


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
