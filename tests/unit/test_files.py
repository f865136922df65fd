"""core.files.atomic_write: the old file or the new one, never a part, and no temporary left."""

from __future__ import annotations

import pytest

from soapbox.core.files import atomic_write, empty_soon, write_files


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
