"""HTTP transport: one polite, bounded, conditional GET of a URL -> FetchResult.

This is the only module of Soapbox that opens network connections (the fetch stage, `fetch.py`,
judges what came back: a feed, or a web page pointing to one). It never raises for anything
the network or a server does: every failure becomes `FetchResult.error`, one line that names the
URL and says what to do.

Why the standard library (`http.client` over sockets we open ourselves) and not requests/urllib3:
a feed fetch must be bounded in *wall time*, and both libraries only offer per-socket-operation
timeouts: a server that drips one byte a second, or sends its headers slowly, keeps them busy
forever. Owning the socket lets us (1) resolve the host name under a timeout, (2) connect under
the connect timeout, (3) re-arm the read timeout before every read with what is left of the
whole-transfer deadline, and (4) arm a watchdog that shuts the socket down at the deadline,
which interrupts a read blocked anywhere (even inside `http.client`'s header parsing). We also
need full control of redirects (loop detection, the permanent target to report), of content
decoding (a byte cap on the *decompressed* size: gzip bombs) and of conditional headers.
`http.client` still does the HTTP/1.1 framing (status line, headers, chunked encoding), which is
the part worth not rewriting.

Limits (per source, see `Limits`): DNS + connect, each read, and the whole transfer including
redirects; `max_bytes` on the wire and after decompression; at most `MAX_REDIRECTS` redirects.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urljoin, urlsplit

from .answers import fresh_until, parse_retry_after, status_error
from .model import FetchResult

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-source bounds. `total` covers everything: name lookup, every redirect hop, the body."""

    connect: float = 5.0  # seconds for the name lookup + TCP (+ TLS) connection of one hop
    read: float = 10.0  # seconds one read may wait for the next bytes
    total: float = 15.0  # seconds for the whole transfer
    max_bytes: int = DEFAULT_MAX_BYTES  # received and decompressed body size

    @classmethod
    def for_deadline(cls, seconds: float, max_bytes: int = DEFAULT_MAX_BYTES) -> Limits:
        """Limits derived from one per-source deadline."""
        return cls(
            connect=min(5.0, seconds), read=min(10.0, seconds), total=seconds, max_bytes=max_bytes
        )


# --- errors that end a fetch ------------------------------------------------------------------


class _Stop(Exception):
    """Ends the fetch with `message` (a full sentence naming the URL)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _s(seconds: float) -> str:
    return f"{seconds:.3g} s"


# --- public entry point -----------------------------------------------------------------------


def get(
    url: str,
    *,
    now: datetime,
    user_agent: str,
    accept: str,
    etag: str = "",
    last_modified: str = "",
    limits: Limits = Limits(),
) -> FetchResult:
    """GET `url` (following up to MAX_REDIRECTS redirects) within `limits`, asking for `accept`;
    conditional when `etag` / `last_modified` are given. `now` (aware) dates a Retry-After
    answer. Never raises for network or server behaviour."""
    started = time.monotonic()
    request = _Request(user_agent, accept, etag, last_modified)
    return _Fetcher(url, now, request, limits, started).run()


@dataclass(frozen=True, slots=True)
class _Request:
    """What the client says in every hop's request headers."""

    agent: str
    accept: str
    etag: str
    last_modified: str


class _Fetcher:
    def __init__(self, url, now, request: _Request, limits, started):
        self.url = url
        self.now = now
        self.request = request
        self.etag = request.etag
        self.last_modified = request.last_modified
        self.limits = limits
        self.started = started
        self.deadline = started + limits.total
        self.current = url
        self.fired = threading.Event()  # the watchdog shut the socket down
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()
        self.answered = False  # a status line and headers arrived
        self.status: int | None = None

    # -- helpers

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _timeout(self, cap: float) -> float:
        left = self.remaining()
        if left <= 0:
            raise self._deadline_error()
        return max(0.001, min(cap, left))

    def _expired(self) -> bool:
        return self.fired.is_set() or self.remaining() <= 0.01

    def _deadline_error(self) -> _Stop:
        if not self.answered:
            return _Stop(
                f"{self.current} did not answer within {_s(self.limits.total)}; the site may be "
                "down or"
                " overloaded: Soapbox keeps the last items and tries again on the next fetch"
            )
        return _Stop(
            f"{self.current} did not finish sending the feed within {_s(self.limits.total)} (too "
            "slow or"
            " stalled); Soapbox keeps the last items and tries again on the next fetch"
        )

    def _result(self, **fields) -> FetchResult:
        fields.setdefault("final_url", self.current)
        if fields.get("status") is None:
            fields["status"] = self.status
        fields.setdefault("body", None)
        return FetchResult(feed_url=self.url, elapsed=time.monotonic() - self.started, **fields)

    def _watch(self) -> None:
        """Runs at the deadline (timer thread): interrupts whatever read or connect is blocked."""
        with self.lock:
            self.fired.set()
            sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the fd-level call, also for TLS

    # -- the fetch

    def run(self) -> FetchResult:
        problem = _check_url(self.url)
        if problem:
            return self._result(error=problem)
        timer = threading.Timer(max(0.0, self.remaining()), self._watch)
        timer.daemon = True
        timer.start()
        try:
            return self._follow()
        except _Stop as stop:
            message, status = stop.message, stop.status
            if self.fired.is_set():
                message = self._deadline_error().message
            return self._result(error=message, status=status or self.status)
        except Exception as exc:  # noqa: BLE001 - the contract: a fetch never raises
            if self._expired():
                return self._result(error=self._deadline_error().message)
            return self._result(error=_describe(self.current, exc, self.limits))
        finally:
            timer.cancel()
            self._close()

    def _close(self) -> None:
        with self.lock:
            sock, self.sock = self.sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    def _follow(self) -> FetchResult:
        seen = {self.current}
        permanent = ""
        all_permanent = True
        for hop in range(MAX_REDIRECTS + 1):
            response, conn = self._request(self.current)
            status = response.status
            if status in _REDIRECTS:
                location = response.getheader("location", "").strip()
                response.close()
                conn.close()
                self._close()
                if not location:
                    raise _Stop(
                        f"{self.current} answered {status} (redirect) without a Location header;"
                        " ask the site's owner for the feed's address",
                        status=status,
                    )
                target = urljoin(self.current, location)
                problem = _check_url(target)
                if problem:
                    raise _Stop(
                        f"{self.current} redirects to {target}, which Soapbox cannot fetch: "
                        f"{problem}"
                    )
                if target in seen:
                    raise _Stop(
                        f"{self.url} redirects in a loop ({self.current} -> {target}); the site is "
                        "misconfigured:"
                        " check the feed URL in a browser, or remove the source",
                        status=status,
                    )
                if hop == MAX_REDIRECTS:
                    raise _Stop(
                        f"{self.url} redirects more than {MAX_REDIRECTS} times (last: {target}); "
                        "put the"
                        " final feed URL in the source's 'feed'",
                        status=status,
                    )
                all_permanent = all_permanent and status in _PERMANENT
                if all_permanent:
                    permanent = target
                seen.add(target)
                self.current = target
                continue
            try:
                return self._answer(response, permanent)
            finally:
                response.close()
                conn.close()
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, url: str) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        sock = self._connect(host, port)
        if parts.scheme == "https":
            context = ssl.create_default_context()
            sock.settimeout(self._timeout(self.limits.connect))
            try:
                sock = context.wrap_socket(sock, server_hostname=host)
            except ssl.SSLCertVerificationError as exc:
                raise _Stop(
                    f"{url}: the site's TLS certificate is not valid ({exc.verify_message}); tell "
                    "the site's"
                    " owner, or remove the source"
                ) from None
            with self.lock:
                self.sock = sock
                if self.fired.is_set():
                    raise self._deadline_error()
        conn = http.client.HTTPConnection(host, port)
        conn.sock = sock  # already connected (and wrapped): http.client only frames HTTP on it
        target = _request_target(parts)
        sock.settimeout(self._timeout(self.limits.read))
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.putheader("User-Agent", self.request.agent)
        conn.putheader("Accept", self.request.accept)
        conn.putheader("Accept-Encoding", "gzip, deflate")
        conn.putheader("Connection", "close")
        if self.etag:
            conn.putheader("If-None-Match", self.etag)
        if self.last_modified:
            conn.putheader("If-Modified-Since", self.last_modified)
        conn.endheaders()
        sock.settimeout(self._timeout(self.limits.read))
        try:
            response = conn.getresponse()
        except TimeoutError:
            if self._expired():
                raise self._deadline_error() from None
            raise _Stop(
                f"{url} did not answer within {_s(self.limits.read)}; the site may be down or "
                "overloaded:"
                " Soapbox keeps the last items and tries again on the next fetch"
            ) from None
        self.answered = True
        self.status = response.status
        return response, conn

    def _connect(self, host: str, port: int) -> socket.socket:
        addresses = _resolve(host, port, self._timeout(self.limits.connect))
        if addresses is None:
            raise _Stop(
                f"{self.current}: looking up {host} took longer than {_s(self.limits.connect)}; "
                "check your"
                " network (or set SOAPBOX_OFFLINE=1 to build from the snapshot)"
            )
        last: OSError | None = None
        for family, socktype, proto, _, address in addresses:
            sock = socket.socket(family, socktype, proto)
            with self.lock:
                self.sock = sock
            if self.fired.is_set():
                raise self._deadline_error()
            sock.settimeout(self._timeout(self.limits.connect))
            try:
                sock.connect(address)
                return sock
            except TimeoutError:
                last = TimeoutError(f"no connection within {_s(self.limits.connect)}")
            except OSError as exc:
                last = exc
            self._close()
        if isinstance(last, TimeoutError):
            raise _Stop(
                f"{self.current}: {host} did not accept a connection within "
                f"{_s(self.limits.connect)}; the"
                " site may be down: Soapbox keeps the last items and tries again on the next fetch"
            )
        raise last or OSError(f"no address for {host}")

    def _answer(self, response: http.client.HTTPResponse, permanent: str) -> FetchResult:
        status = response.status
        headers = _headers(response)
        etag = headers.get("etag", "")
        last_modified = headers.get("last-modified", "")
        if status == 304:
            return self._result(
                status=304, headers=headers, not_modified=True, permanent_redirect=permanent,
                etag=etag or self.etag, last_modified=last_modified or self.last_modified,
                fresh_until=fresh_until(headers, self.now),
            )  # fmt: skip
        if status not in (200, 203):
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(headers.get("retry-after", ""), self.now)
            return self._result(
                status=status, headers=headers, retry_after=retry_after,
                error=status_error(self.current, status, response.reason, retry_after),
            )  # fmt: skip
        body, truncated = self._read_body(response, headers)
        for name in ("content-encoding", "content-length", "transfer-encoding"):
            headers.pop(name, None)  # the body handed on is decoded
        return self._result(
            status=status, body=body, headers=headers, permanent_redirect=permanent,
            etag=etag, last_modified=last_modified, truncated=truncated,
            fresh_until=fresh_until(headers, self.now),
        )  # fmt: skip

    def _read_body(
        self, response: http.client.HTTPResponse, headers: dict[str, str]
    ) -> tuple[bytes, str]:
        """The decoded body, and "" or the sentence saying it stopped at the byte cap (a long
        feed is read up to the cap, never rejected for its length: its first entries are kept)."""
        cap = self.limits.max_bytes
        cut = (
            f"{self.current} sent more than {_mb(cap)}, the limit for one feed; Soapbox read it up "
            "to"
            " the limit and kept the complete entries before it"
        )
        encoding = headers.get("content-encoding", "identity").strip().lower()
        decoder = _Decoder(encoding, cap, self.current)
        received = 0
        truncated = ""
        while True:
            if self.remaining() <= 0:
                raise self._deadline_error()
            sock = self.sock
            if sock is not None:
                sock.settimeout(self._timeout(self.limits.read))
            try:
                chunk = response.read1(CHUNK)
            except TimeoutError:
                if self._expired():
                    raise self._deadline_error() from None
                raise _Stop(
                    f"{self.current} stopped sending for more than {_s(self.limits.read)} in the "
                    "middle of the"
                    " feed; Soapbox keeps the last items and tries again on the next fetch"
                ) from None
            except http.client.IncompleteRead:
                raise _cut_off(self.current) from None
            if not chunk:
                break
            if received + len(chunk) > cap:
                chunk = chunk[: cap - received]
                truncated = cut
            received += len(chunk)
            try:
                decoder.feed(chunk)
            except _TooBig:
                truncated = cut
            if truncated:
                break
        if self.fired.is_set():
            raise self._deadline_error()
        if response.length and not truncated:  # Content-Length promised more than arrived
            raise _cut_off(self.current)
        try:
            body = decoder.finish(partial=bool(truncated))
        except _TooBig:
            body, truncated = bytes(decoder.out), cut
        if body[:2] == b"\x1f\x8b":  # gzip sent without Content-Encoding (a stored .gz): decode it
            sniffed = _Decoder("gzip", cap, self.current)
            try:
                sniffed.feed(body)
                body = sniffed.finish(partial=bool(truncated))
            except _TooBig:
                body, truncated = bytes(sniffed.out), cut
            except _Stop:
                pass  # not gzip after all: hand on the bytes as they came
        return body, truncated


# --- pieces -----------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return (
            f"'{url}' is not a valid URL; write the feed's full address, e.g. "
            "https://example.com/feed.xml"
        )
    if parts.scheme not in ("http", "https"):
        return f"'{url}' is not an http(s) URL; a feed's address starts with https:// or http://"
    if not parts.hostname:
        return (
            f"'{url}' has no host name; write the feed's full address, e.g. "
            "https://example.com/feed.xml"
        )
    return ""


def _request_target(parts) -> str:
    """Path and query, percent-encoded where needed (a non-ASCII path is legal in a config)."""
    safe = "/%:@!$&'()*+,;=-._~"
    target = quote(parts.path or "/", safe=safe)
    if parts.query:
        target += "?" + quote(parts.query, safe=safe + "?")
    return target


def _resolve(host: str, port: int, timeout: float) -> list | None:
    """getaddrinfo has no timeout of its own: run it in a daemon thread and stop waiting at
    `timeout` (None). Errors (unknown host) are raised here."""
    box: dict = {}

    def lookup() -> None:
        try:
            box["ok"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["error"] = exc

    thread = threading.Thread(target=lookup, name=f"soapbox-dns-{host}", daemon=True)
    thread.start()
    thread.join(timeout)
    if "error" in box:
        raise box["error"]
    return box.get("ok")


def _headers(response: http.client.HTTPResponse) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def _cut_off(url: str) -> _Stop:
    return _Stop(
        f"{url} closed the connection before the whole feed arrived; Soapbox keeps the last items "
        "and tries"
        " again on the next fetch",
        status=200,
    )


class _TooBig(Exception):
    pass


class _Decoder:
    """Content-Encoding decoding with the byte cap applied to the output (a gzip bomb stops at
    `cap`, however well it compresses)."""

    def __init__(self, encoding: str, cap: int, url: str):
        self.encoding = encoding
        self.cap = cap
        self.url = url
        self.out = bytearray()
        self.z = None
        self.started = False
        if encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding not in ("", "identity", "deflate"):
            raise _Stop(
                f"{url} sent its feed encoded as '{encoding}', which Soapbox did not ask for (it "
                "accepts gzip"
                " and deflate); tell the site's owner",
                status=200,
            )

    def _append(self, data: bytes) -> None:
        room = self.cap - len(self.out)
        if len(data) > room:
            self.out += data[:room]  # what fits is kept: a long feed is read up to the cap
            raise _TooBig
        self.out += data

    def feed(self, data: bytes) -> None:
        if self.encoding in ("", "identity"):
            self._append(data)
            return
        if self.z is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send it
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self.z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        try:
            while data:
                if self.z.eof:  # bytes after a complete stream
                    if self.encoding == "deflate" or data[:2] != b"\x1f\x8b":
                        return  # trailing junk: ignored, as browsers do
                    self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)  # another gzip member
                self._append(self.z.decompress(data, self.cap - len(self.out) + 1))
                data = self.z.unused_data if self.z.eof else self.z.unconsumed_tail
        except zlib.error as exc:
            raise _Stop(
                f"{self.url} sent a corrupt {self.encoding} body ({exc}); try again later, or tell "
                "the site's owner",
                status=200,
            ) from None

    def finish(self, *, partial: bool = False) -> bytes:
        """The decoded bytes; `partial`: the input stopped early on purpose (at the cap)."""
        if self.z is not None and not partial:
            # (flush of a decompressobj does not raise in practice)
            with contextlib.suppress(zlib.error):
                self._append(self.z.flush())
            if not self.z.eof and self.out:
                raise _Stop(
                    f"{self.url} sent a {self.encoding} body that was cut off; try again later",
                    status=200,
                )
        return bytes(self.out)


def _describe(url: str, exc: BaseException, limits: Limits) -> str:
    """One actionable line for an exception raised by the socket or http.client."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, socket.gaierror):
        return (
            f"{url}: the host name could not be found ({text}); check the URL, or your network (set"
            " SOAPBOX_OFFLINE=1 to build from the snapshot)"
        )
    if isinstance(exc, ConnectionRefusedError):
        return (
            f"{url}: the server refused the connection; the site may be down: Soapbox tries again "
            "next time"
        )
    if isinstance(exc, TimeoutError):
        return (
            f"{url} did not answer within {_s(limits.read)}; Soapbox keeps the last items and "
            "tries again next time"
        )
    if isinstance(exc, ssl.SSLError):
        return (
            f"{url}: the secure (TLS) connection failed ({text}); check the URL, or tell the "
            "site's owner"
        )
    if isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        return (
            f"{url}: the server closed the connection without answering; Soapbox tries again next "
            "time"
        )
    if isinstance(exc, http.client.HTTPException):
        return f"{url} did not answer with valid HTTP ({type(exc).__name__}: {text}); check the URL"
    if isinstance(exc, OSError):
        return (
            f"{url}: network error ({exc.strerror or text}); check your network, Soapbox tries "
            "again next time"
        )
    return (
        f"{url}: unexpected error while fetching ({type(exc).__name__}: {text}); please report it"
    )
