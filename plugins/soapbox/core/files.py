"""Writing files safely: the one helper every feature uses to replace a file atomically, and the
one way a cache folder lets go of what no build uses."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Container, Mapping
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, prefix: str = ".tmp-", durable: bool = False) -> None:
    """Replace `path` with `data` so that a reader sees the old file or the new one, never a
    part: a temporary file in the same folder, then os.replace. `durable` also flushes it to
    disk first (for state that must survive a crash, like a snapshot; not needed for output
    that the next build writes again).

    The temporary file is named after `path` and this process (a cold build writes thousands of
    cache entries: `tempfile.mkstemp`'s random names cost as much as the writes); a name in use
    (another thread, or a process that died with this id) falls back to a random one."""
    temp = str(path.parent / f"{prefix}{path.name}.{os.getpid()}.tmp")
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    except FileExistsError:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation (as mkstemp)


def write_files(site_dir: str, files: Mapping[str, str | bytes], *, keep: bool = False) -> None:
    """Files made after the pages were rendered (the feeds), into the built site; with `keep`,
    files the build wrote already stay."""
    for path, content in files.items():
        target = Path(site_dir, path)
        if not (keep and target.exists()):  # `keep`: a page the build wrote stays
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode())


#: How often one process looks through a cache folder for old entries (`mkdocs serve` prunes
#: after every rebuild; an entry is only ever removed days after its last use).
PRUNE_EVERY = 3600.0
_pruned: dict[tuple[str, str], float] = {}  # (folder, suffix) -> when this process last pruned it


def prune_unused(
    folder: Path, used: Container[str], *, suffix: str, now: float, keep_days: float
) -> int:
    """Remove the files of a cache folder laid out as `<xx>/<rest><suffix>` whose name
    (`xx` + `rest`) is not in `used` and that were written more than `keep_days` ago; returns how
    many. A file gone already, or being replaced by another build, is left alone.

    With `keep_days` of a day or more, a folder this process pruned less than `PRUNE_EVERY`
    seconds ago is left alone: walking thousands of entries cost each serve rebuild about as
    much as rendering its edited page, to remove nothing an hour could not wait for."""
    removed = 0
    if not folder.is_dir():
        return 0
    last = (str(folder), suffix)
    if keep_days >= 1 and 0 <= now - _pruned.get(last, -PRUNE_EVERY) < PRUNE_EVERY:
        return 0
    _pruned[last] = now
    for path in folder.glob(f"*/*{suffix}"):
        if path.parent.name + path.name.removesuffix(suffix) in used:
            continue
        with contextlib.suppress(OSError):  # gone already, or another build's
            if now - path.stat().st_mtime > keep_days * 86400:
                path.unlink()
                removed += 1
    return removed


def empty_soon(folder: Path) -> threading.Thread | None:
    """Empty `folder` at once, of all but its hidden entries (as MkDocs' clean does, which then
    finds nothing to do): each entry is renamed into a new sibling folder, which a thread
    removes while the build goes on. A serve rebuild at 1,000 posts otherwise spends 0.5–2 s
    removing 1,700 page folders before it writes them again. An entry that cannot be moved is
    left for the engine's own clean. Returns the thread (None: nothing was moved)."""
    try:
        entries = [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]
    except OSError:
        return None
    if not entries:
        return None
    try:
        trash = Path(tempfile.mkdtemp(prefix=f"{folder.name}.old-", dir=folder.parent))
    except OSError:
        return None
    for entry in entries:
        with contextlib.suppress(OSError):
            os.rename(entry.path, trash / entry.name)
    thread = threading.Thread(target=shutil.rmtree, args=(trash, True), name="empty-site")
    thread.start()
    return thread
