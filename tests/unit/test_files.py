"""core.files.atomic_write: the old file or the new one, never a part, and no temporary left."""

from __future__ import annotations

import pytest

from soapbox.core.files import atomic_write


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
