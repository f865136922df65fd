"""Local feed files are read on every build; they count as read when they last changed (never
later than the build's clock), so two builds of unchanged files show the same "last reached"."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from types import SimpleNamespace

from soapbox.core.aggregator import local, river


def _source(path):
    return SimpleNamespace(feed_url=local.to_url(str(path), path.parent))


def test_local_files_count_as_read_when_they_last_changed(tmp_path):
    old, new = tmp_path / "old.xml", tmp_path / "new.xml"
    for path, moment in ((old, 1_700_000_000), (new, 1_750_000_000)):
        path.write_text("<rss/>", encoding="utf-8")
        os.utime(path, (moment, moment))
    files = [_source(old), _source(new)]
    changed = datetime.fromtimestamp(1_750_000_000, UTC)
    later, sooner = datetime(2027, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
    assert river._files_read_at(files, later) == changed  # the same for every later build
    assert river._files_read_at(files, sooner) == sooner  # never after the build's clock
    assert river._files_read_at([_source(tmp_path / "gone.xml")], later) == later
