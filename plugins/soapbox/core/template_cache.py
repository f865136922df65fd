"""Compiled templates kept between builds: the engine makes a new Jinja environment for every
build (under `mkdocs serve`, for every save), which compiles the theme's templates again (about
50 for an article page, half a second at every build on this machine). Jinja's bytecode cache
asks for each template's compiled code under a key of its name and file, and itself checks the
source's checksum and the Python version before it uses the code; this store keeps that code in
memory for the process and, when given a folder, on disk for the next process.

The compiled code also depends on how the environment compiles (its delimiters, extensions and
whitespace options): those settings name the store's space (`namespace`), so a theme or engine
that changes them never reads another's code.

Framework-free: the adapter hands Jinja's buckets to `Compiled.get` and `Compiled.put`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from .files import atomic_write
from .render_cache import digest
from .version import package_version

#: The environment settings that shape the code Jinja compiles.
_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "optimized", "enable_async",
)  # fmt: skip


def namespace(env: Any) -> str:
    """The compile settings of the Jinja environment `env` (and Jinja's version) as a name."""
    settings = [f"{name}={getattr(env, name, None)!r}" for name in _SETTINGS]
    extensions = sorted(
        f"{type(e).__module__}.{type(e).__qualname__}" for e in env.extensions.values()
    )
    auto = env.autoescape
    escape = auto if isinstance(auto, bool) else getattr(auto, "__qualname__", "?")
    version = package_version("jinja2", missing="")
    return digest(version, *settings, *extensions, f"autoescape={escape!r}")[:16]


class Compiled:
    """Compiled code by key: in memory for the process (shared by the builds of a serve
    session) and, once attached to a folder, on disk."""

    def __init__(self) -> None:
        self.memory: dict[str, bytes] = {}
        self.space = ""
        self.folder: Path | None = None

    def attach(self, space: str, folder: Path | None) -> None:
        """Keep code of the environment settings `space`; `folder`: on disk too (None: memory
        only; a folder that cannot be made is left out)."""
        self.space, self.folder = space, None
        if folder is not None:
            with contextlib.suppress(OSError):
                (folder / space).mkdir(parents=True, exist_ok=True)
                self.folder = folder / space

    def get(self, key: str) -> bytes | None:
        data = self.memory.get(self.space + key)
        if data is None and self.folder is not None:
            with contextlib.suppress(OSError):
                data = self.memory[self.space + key] = (self.folder / key).read_bytes()
        return data

    def put(self, key: str, data: bytes) -> None:
        self.memory[self.space + key] = data
        if self.folder is not None:
            with contextlib.suppress(OSError):  # a full or read-only disk: compiled again
                atomic_write(self.folder / key, data)
