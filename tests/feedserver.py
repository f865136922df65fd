"""A programmable HTTP server on 127.0.0.1 for the aggregator's network tests and benchmark.

    with FeedServer() as server:
        server.route("/feed.xml", feed(rss_feed(3), etag='"v1"'))
        server.route("/slow.xml", drip(b"<rss/>", interval=1.0))
        url = server.url("/feed.xml")
        ...
        server.requests("/feed.xml")  # what the client sent: [Request(path, headers)]

Each route is a callable `(handler) -> None` that writes a whole response; the factories below
cover the behaviours a feed server can have (conditional GET, gzip, redirects, errors with
Retry-After, dripping, hanging, endless bodies, gzip bombs, HTML pages). Nothing big is held in
memory: large bodies are generated while they are sent. Handlers that wait (hang, drip) stop as
soon as the client goes away or the server stops.

Import it as ``import feedserver`` (pytest.ini puts tests/ on sys.path); scripts/bench_fetch.py
uses it too.
"""

from __future__ import annotations

import email.utils
import gzip as gzip_module
import http.server
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

Route = Callable[["_Handler"], None]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.close_connection = True
        path = self.path.split("?", 1)[0]
        owner = self.server.owner
        owner._record(Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = owner.routes.get(path)
        owner._enter()
        try:
            if route is None:
                respond(self, 404, b"not found", {"Content-Type": "text/plain"})
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass  # the client gave up (as it should with drips, hangs and endless bodies)
        finally:
            owner._leave()

    @property
    def stopping(self) -> threading.Event:
        return self.server.owner.stopping

    def conditional(self) -> tuple[str, str]:
        return self.headers.get("If-None-Match", ""), self.headers.get("If-Modified-Since", "")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the benchmark opens dozens of connections at once
    owner: FeedServer


class FeedServer:
    """Threaded HTTP server on a free loopback port; a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # any loopback address (127.x.y.z): separate "hosts" for per-host limits
        self.routes: dict[str, Route] = {}
        self.stopping = threading.Event()
        self._log: list[Request] = []
        self._lock = threading.Lock()
        self._active = 0
        self._peak = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FeedServer:
        if not self.host.startswith("127."):
            raise ValueError(f"FeedServer serves on loopback only, not {self.host}")
        self._server = _Server((self.host, 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="feedserver",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    @property
    def in_flight(self) -> int:
        """Requests being answered right now."""
        with self._lock:
            return self._active

    @property
    def peak_in_flight(self) -> int:
        """The most requests answered at the same time since the server started."""
        with self._lock:
            return self._peak

    @property
    def base(self) -> str:
        assert self._server is not None, "use FeedServer as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Route) -> str:
        """Serve `handler` at `path`; returns the full URL."""
        self.routes[path] = handler
        return self.url(path)

    def _record(self, request: Request) -> None:
        with self._lock:
            self._log.append(request)

    def _enter(self) -> None:
        with self._lock:
            self._active += 1
            self._peak = max(self._peak, self._active)

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self._log if path is None or r.path.split("?", 1)[0] == path]


# --- responses --------------------------------------------------------------------------------


def respond(
    handler: _Handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    if body:
        handler.wfile.write(body)


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


def feed(
    body: bytes,
    content_type: str = "application/rss+xml; charset=utf-8",
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    encoding: str | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Route:
    """A feed document. With `etag` / `last_modified` it answers a matching conditional request
    with 304. `encoding` "gzip" / "deflate" / "raw-deflate" compresses the body on the wire
    (and sends Content-Encoding: gzip / deflate)."""
    wire = body
    headers = {"Content-Type": content_type, **(extra_headers or {})}
    if encoding == "gzip":
        wire, headers["Content-Encoding"] = gzip_module.compress(body), "gzip"
    elif encoding == "deflate":
        wire, headers["Content-Encoding"] = zlib.compress(body), "deflate"
    elif encoding == "raw-deflate":
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        wire, headers["Content-Encoding"] = (
            compressor.compress(body) + compressor.flush(),
            "deflate",
        )
    elif encoding:
        wire, headers["Content-Encoding"] = (
            body,
            encoding,
        )  # as if: a coding the client did not ask for
    if etag:
        headers["ETag"] = etag
    if last_modified:
        headers["Last-Modified"] = last_modified

    def handle(handler: _Handler) -> None:
        if_none_match, if_modified_since = handler.conditional()
        if (etag and if_none_match == etag) or (
            not etag and last_modified and if_modified_since == last_modified
        ):
            validators = {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}
            respond(handler, 304, b"", validators)
        else:
            respond(handler, 200, wire, headers)

    return handle


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Route:
    def handle(handler: _Handler) -> None:
        respond(handler, code, body, {"Content-Type": "text/plain", **(headers or {})})

    return handle


def redirect(location: str, code: int = 301) -> Route:
    return status(code, {"Location": location})


def sequence(*routes: Route) -> Route:
    """Answer with routes[0] the first time, routes[1] the second ... and the last one from then on."""
    calls = iter(range(10**9))

    def handle(handler: _Handler) -> None:
        routes[min(next(calls), len(routes) - 1)](handler)

    return handle


def drip(body: bytes, interval: float = 1.0, *, headers_too: bool = False) -> Route:
    """Send `body` one byte per `interval` seconds (with `headers_too`, the status line and
    headers as well). Stops when the client disconnects or the server stops."""

    def handle(handler: _Handler) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        if not headers_too:
            handler.wfile.write(head)
            handler.wfile.flush()
        for byte in head + body if headers_too else body:
            if handler.stopping.wait(interval):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return handle


def held(body: bytes, release: threading.Event, *, wait: float = 10.0) -> Route:
    """A feed answered only once `release` is set (or after `wait` seconds): lets a test see how
    many requests a client has in flight at once."""
    inner = feed(body)

    def handle(handler: _Handler) -> None:
        release.wait(wait)
        inner(handler)

    return handle


def hang() -> Route:
    """Accept the connection, read the request, never answer (until the server stops)."""

    def handle(handler: _Handler) -> None:
        handler.stopping.wait(120)

    return handle


def endless(
    size: int, content_type: str = "application/rss+xml", *, chunked: bool = False
) -> Route:
    """A body of `size` bytes generated while it is sent (never held in memory): an RSS prologue
    and then filler. With `chunked`, no Content-Length (Transfer-Encoding: chunked)."""

    def pieces() -> Iterator[bytes]:
        start = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
        yield start
        filler = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        left = size - len(start)
        while left > 0:
            piece = filler[:left]
            left -= len(piece)
            yield piece

    def handle(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Content-Length", str(size))
        handler.send_header("Connection", "close")
        handler.end_headers()
        for piece in pieces():
            if handler.stopping.is_set():
                return
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")

    return handle


def gzip_bomb(size: int, *, declare: bool = True) -> Route:
    """A gzip body that inflates to `size` bytes of zeros, compressed while it is sent. With
    `declare` False, no Content-Encoding header (a stored .gz served as is)."""

    def handle(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        if declare:
            handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.send_header("Connection", "close")
        handler.end_headers()
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1024 * 1024)
        for _ in range(size // len(zeros)):
            if handler.stopping.is_set():
                return
            piece = compressor.compress(zeros)
            if piece:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        tail = compressor.flush()
        handler.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))

    return handle


# --- documents --------------------------------------------------------------------------------


def rss_feed(
    items: int | Iterable[dict],
    *,
    title: str = "Local blog",
    link: str = "https://blog.example/",
) -> bytes:
    """An RSS 2.0 document. `items` is a count (item-1 ... item-N, dated a day apart, newest
    first) or mappings with any of: title, link, guid, date (datetime, or None for no pubDate),
    description."""
    if isinstance(items, int):
        count = items
        items = (
            {
                "title": f"Post {n}",
                "link": f"https://blog.example/post-{n}/",
                "guid": f"https://blog.example/post-{n}/",
                "date": datetime(2026, 11, 1, 12, tzinfo=UTC).replace(day=1 + (count - n) % 28),
                "description": f"<p>Body of post {n}.</p>",
            }
            for n in range(count, 0, -1)
        )
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>{escape(link)}</link><description>Test "
        "feed</description>",
    ]
    for item in items:
        out.append("<item>")
        out.append(f"<title>{escape(item.get('title', 'Untitled'))}</title>")
        if item.get("link"):
            out.append(f"<link>{escape(item['link'])}</link>")
        if item.get("guid"):
            out.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if item.get("date"):
            out.append(f"<pubDate>{http_date(item['date'])}</pubDate>")
        out.append(f"<description>{escape(item.get('description', '<p>Words.</p>'))}</description>")
        out.append("</item>")
    out.append("</channel></rss>\n")
    return "".join(out).encode("utf-8")


def html_page(*links: tuple[str, str], base: str | None = None, title: str = "A blog") -> bytes:
    """An HTML home page; `links` are (type, href) pairs announced as rel="alternate"."""
    head = [f"<title>{escape(title)}</title>", '<meta charset="utf-8">']
    if base:
        head.append(f'<base href="{escape(base)}">')
    head += [f'<link rel="alternate" type="{t}" title="Feed" href="{escape(h)}">' for t, h in links]
    return (
        "<!DOCTYPE html>\n<html><head>" + "".join(head) + "</head><body><h1>Welcome</h1>"
        '<link rel="alternate" type="application/rss+xml" href="/not-in-head.xml"></body></html>\n'
    ).encode("utf-8")


# --- hang guard -------------------------------------------------------------------------------


def within(seconds: float, call: Callable, *args, **kwargs):
    """Run `call` in a thread; its result, or AssertionError if it has not returned after
    `seconds` (a generous guard against a hang, not a performance assertion)."""
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = call(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, name="within", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise AssertionError(
            f"{getattr(call, '__name__', call)} did not return within {seconds:g} s: a deadline is "
            "not enforced"
        )
    if "error" in box:
        raise box["error"]
    return box["result"]
