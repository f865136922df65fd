"""The aggregator's on-disk cache: one JSON file with every source's HTTP state and last good items.

    <cache_dir>/snapshot.json    the snapshot (format "soapbox-aggregator-snapshot", version 1)
    <cache_dir>/snapshot.lock    fcntl lock around read-modify-write (two builds at once)
    <cache_dir>/.gitignore       "*": the cache never ends up in a commit

Guarantees:
- Writes are atomic: a temporary file in the same folder, fsync, os.replace. A reader sees the
  old file or the new one, never half of one; a fetch killed at any moment leaves the last
  complete snapshot (at worst a stray temporary file, removed by a later save).
- `update()` holds an exclusive lock while it re-reads the newest snapshot, applies a change and
  writes it back, so two concurrent refreshes both land and neither loses the other's sources.
- A corrupt, truncated or unknown-version file is discarded with a warning (returned, never
  printed or raised): the build goes on as if there were no snapshot.

Datetimes are stored as ISO 8601 in UTC; every record of model.py round-trips exactly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
import time
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from .model import Snapshot, SourceState

try:  # POSIX; elsewhere concurrent builds are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "snapshot.json"
LOCK_NAME = "snapshot.lock"
FORMAT = "soapbox-aggregator-snapshot"
VERSION = 1
_TMP_PREFIX = ".snapshot-"
_TMP_SUFFIX = ".tmp"
_STALE_TMP = 3600.0  # seconds: a temporary file this old belongs to a killed writer


def snapshot_path(cache_dir: str | os.PathLike) -> Path:
    return Path(cache_dir) / FILE_NAME


# --- reading ----------------------------------------------------------------------------------


def load(cache_dir: str | os.PathLike) -> tuple[Snapshot, list[str]]:
    """The snapshot in `cache_dir` and warnings. No file: an empty snapshot, no warning. An
    unreadable file: an empty snapshot and a warning naming the file. Never raises."""
    path = snapshot_path(cache_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Snapshot(fetched_at=None), []
    except OSError as exc:
        return Snapshot(fetched_at=None), [
            f"{path}: cannot read the aggregator snapshot ({exc.strerror or exc});"
            " building without it"
        ]
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Snapshot(fetched_at=None), [
            f"{path} is corrupt ({exc}); discarded: the next fetch rebuilds it (sources show no "
            "items until then)"
        ]
    return from_json(data, where=str(path))


def from_json(data: object, *, where: str = FILE_NAME) -> tuple[Snapshot, list[str]]:
    """A snapshot from its JSON form; a bad source entry is dropped (with a warning), a bad or
    foreign document gives an empty snapshot (with a warning)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Snapshot(fetched_at=None), [
            f"{where} is not a Soapbox aggregator snapshot; discarded"
        ]
    version = data.get("version")
    if version != VERSION:
        return Snapshot(fetched_at=None), [
            f"{where} has snapshot version {version!r}, this Soapbox reads version {VERSION}; "
            "discarded: the next"
            " fetch rebuilds it"
        ]
    warnings: list[str] = []
    try:
        fetched_at = _decode(data.get("fetched_at"), datetime | None, "fetched_at")
        sources_data = data.get("sources", {})
        if not isinstance(sources_data, dict):
            raise _Corrupt("sources: expected an object")
    except _Corrupt as exc:
        return Snapshot(fetched_at=None), [
            f"{where} is corrupt ({exc}); discarded: the next fetch rebuilds it"
        ]
    sources: dict[str, SourceState] = {}
    for url, state_data in sources_data.items():
        try:
            state = typing.cast(SourceState, _decode(state_data, SourceState, f"sources[{url!r}]"))
        except _Corrupt as exc:
            warnings.append(
                f"{where}: the saved state of {url} is corrupt ({exc}); dropped, the next fetch "
                "rebuilds it"
            )
            continue
        if state.feed_url != url:
            warnings.append(f"{where}: the saved state under {url} names {state.feed_url}; dropped")
            continue
        sources[url] = state
    return Snapshot(fetched_at=typing.cast(datetime | None, fetched_at), sources=sources), warnings


# --- writing ----------------------------------------------------------------------------------


def to_json(snapshot: Snapshot) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "fetched_at": _encode(snapshot.fetched_at),
        "sources": {url: _encode(state) for url, state in sorted(snapshot.sources.items())},
    }


def save(snapshot: Snapshot, cache_dir: str | os.PathLike) -> Path:
    """Write the snapshot atomically (temporary file + fsync + os.replace). Raises OSError when
    the folder is not writable; the previous snapshot is then untouched."""
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(folder)
    _remove_stale_temporaries(folder)
    payload = json.dumps(to_json(snapshot), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / FILE_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    return folder / FILE_NAME


@contextlib.contextmanager
def locked(cache_dir: str | os.PathLike, timeout: float = 10.0) -> Iterator[bool]:
    """Hold the snapshot's exclusive lock; yields False when another process kept it for
    `timeout` seconds (the caller then must not write)."""
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - Windows
        yield True
        return
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    acquired = False
    try:
        give_up = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                acquired = True
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    break
                time.sleep(0.02)
        yield acquired
    finally:
        if acquired:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def update(
    cache_dir: str | os.PathLike,
    change: Callable[[Snapshot], Snapshot],
    *,
    lock_timeout: float = 10.0,
) -> tuple[Snapshot, list[str], bool]:
    """Under the lock: load the newest snapshot, `change` it, save it. Returns (the changed
    snapshot, warnings, saved). Never raises for a filesystem problem: it becomes a warning and
    the snapshot on disk stays as it was."""
    folder = Path(cache_dir)
    try:
        with locked(folder, lock_timeout) as acquired:
            current, warnings = load(folder)
            changed = change(current)
            if not acquired:
                warnings.append(
                    f"{folder / LOCK_NAME}: another soapbox fetch or build kept the snapshot "
                    "locked for"
                    f" {lock_timeout:g} s; this run's results are used but not saved"
                )
                return changed, warnings, False
            try:
                save(changed, folder)
            except OSError as exc:
                warnings.append(
                    f"{snapshot_path(folder)}: cannot save the aggregator snapshot "
                    f"({exc.strerror or exc});"
                    " the previous one is kept. Check that the cache folder is writable"
                )
                return changed, warnings, False
            return changed, warnings, True
    except OSError as exc:  # the folder or the lock file cannot be created
        snap, warnings = load(folder)
        changed = change(snap)
        warnings.append(
            f"{folder}: cannot use the aggregator cache folder ({exc.strerror or exc}); this run's "
            "results are"
            " not saved. Check aggregator.cache_dir"
        )
        return changed, warnings, False


# --- helpers ----------------------------------------------------------------------------------


def _ignore_in_git(folder: Path) -> None:
    marker = folder / ".gitignore"
    if not marker.exists():
        with contextlib.suppress(OSError):
            marker.write_text("# Soapbox's fetch cache: never commit it\n*\n", encoding="utf-8")


def _remove_stale_temporaries(folder: Path) -> None:
    cutoff = time.time() - _STALE_TMP
    for leftover in folder.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Corrupt(Exception):
    pass


def _encode(value: object) -> object:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    raise TypeError(f"cannot store {type(value).__name__} in the snapshot")


_HINTS: dict[type, dict[str, object]] = {}


def _hints(cls: type) -> dict[str, object]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode(value: object, hint: object, where: str) -> object:
    """`value` (parsed JSON) as the type `hint` says, checked; _Corrupt naming `where` if not."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return _decode_optional(value, hint, where)
    if hint is datetime:
        return _decode_datetime(value, where)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_record(value, hint, where)
    if origin in (list, tuple):
        return _decode_sequence(value, hint, where)
    if origin is dict:
        return _decode_mapping(value, hint, where)
    if hint in (str, int, float, bool):
        return _decode_scalar(value, typing.cast(type, hint), where)
    if hint is object:
        return value
    raise _Corrupt(
        f"{where}: cannot read a value of type {hint!r}"
    )  # pragma: no cover - model change


def _decode_optional(value: object, hint: object, where: str) -> object:
    """`X | None`: None, or the value as X."""
    args = typing.get_args(hint)
    if value is None and type(None) in args:
        return None
    (inner,) = [a for a in args if a is not type(None)]
    return _decode(value, inner, where)


def _decode_datetime(value: object, where: str) -> datetime:
    """An ISO 8601 string with its UTC offset -> aware UTC datetime."""
    if not isinstance(value, str):
        raise _Corrupt(f"{where}: expected a date")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Corrupt(f"{where}: {value!r} is not an ISO 8601 date") from None
    if moment.tzinfo is None:
        raise _Corrupt(f"{where}: {value!r} has no UTC offset")
    return moment.astimezone(UTC)


def _decode_record(value: object, cls: type, where: str) -> object:
    """An object -> the dataclass `cls`; a field without a default must be present."""
    if not isinstance(value, dict):
        raise _Corrupt(f"{where}: expected an object")
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            kwargs[f.name] = _decode(value[f.name], hints[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _Corrupt(f"{where}: '{f.name}' is missing")
    return cls(**kwargs)


def _decode_sequence(value: object, hint: object, where: str) -> object:
    """A list -> `list[X]` or `tuple[X, ...]`, every item checked."""
    if not isinstance(value, list):
        raise _Corrupt(f"{where}: expected a list")
    args = typing.get_args(hint)
    inner = args[0] if args else object
    items = [_decode(v, inner, f"{where}[{i}]") for i, v in enumerate(value)]
    return tuple(items) if typing.get_origin(hint) is tuple else items


def _decode_mapping(value: object, hint: object, where: str) -> dict:
    """An object -> `dict[str, X]`, every value checked."""
    if not isinstance(value, dict):
        raise _Corrupt(f"{where}: expected an object")
    _, inner = typing.get_args(hint)
    return {k: _decode(v, inner, f"{where}[{k!r}]") for k, v in value.items()}


def _decode_scalar(value: object, hint: type, where: str) -> object:
    """str, int, float (an int is widened) or bool, exactly (a bool is not an int)."""
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        raise _Corrupt(f"{where}: expected {hint.__name__}, got {type(value).__name__}")
    return value
