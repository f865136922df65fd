"""Feeds read from files instead of the network: a source whose `feed` is a path (relative to
mkdocs.yml) reads that file on every build, offline too. Useful for a site's sample content (a
fresh clone shows a river before anything was fetched), for testing a feed before publishing it,
and for feeds produced by another tool of the same build.

At the boundary (the adapter) a path becomes a `file://` URL, the source's key from then on;
`read(url)` turns the file into the same FetchResult a network fetch produces, so parse,
normalise and snapshot treat both alike. Never raises.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .model import FetchResult

SCHEME = "file"
MAX_BYTES = 5 * 1024 * 1024
_JSON = (".json",)


def is_local(url: str) -> bool:
    return url.startswith(f"{SCHEME}:")


def looks_like_path(value: str) -> bool:
    """A `feed` setting that names a file rather than a URL (no scheme, or file:)."""
    scheme = urlsplit(value).scheme
    return scheme == SCHEME or (scheme == "" and bool(value.strip()))


def to_url(value: str, base_dir: Path) -> str:
    """A path as written in the config (relative to `base_dir`, the folder of mkdocs.yml) ->
    the source's `file://` URL."""
    if value.startswith(f"{SCHEME}:"):
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    return path.resolve().as_uri() if path.is_absolute() else f"{SCHEME}://{quote(str(path))}"


def path_of(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def read(url: str, *, max_bytes: int = MAX_BYTES) -> FetchResult:
    """The file behind a `file://` source as a fetch result (status 200), or an error naming the
    path. A file longer than `max_bytes` is read up to it, as a long feed is over the network."""
    started = time.monotonic()
    path = path_of(url)
    kind = "application/feed+json" if path.suffix.lower() in _JSON else "application/xml"
    try:
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return _failed(
            url, f"{path}: no such file; a local feed's path is relative to mkdocs.yml", started
        )
    except OSError as exc:
        return _failed(url, f"{path}: cannot read the feed file ({exc.strerror or exc})", started)
    truncated = ""
    if len(body) > max_bytes:
        body = body[:max_bytes]
        truncated = (
            f"{path} is longer than {max_bytes / (1024 * 1024):g} MB, the limit for one feed; "
            "Soapbox"
            " read it up to the limit and kept the complete entries before it"
        )
    return FetchResult(
        feed_url=url,
        final_url=url,
        status=200,
        body=body,
        headers={"content-type": kind},
        truncated=truncated,
        elapsed=time.monotonic() - started,
    )


def _failed(url: str, message: str, started: float) -> FetchResult:
    return FetchResult(url, url, None, None, error=message, elapsed=time.monotonic() - started)
