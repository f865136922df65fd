"""Helpers shared by Soapbox's tests: fixture sites, real builds, file snapshots, a local HTTP
server and the guard that keeps the test process off the network.

Import it as ``import harness`` (pytest.ini puts tests/ on sys.path); the matching pytest
fixtures live in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import yaml

REPO = Path(__file__).resolve().parents[1]
# Real-world feeds for the aggregator's tests: shared/ sits beside the repository (CI clones the
# repository next to it); SOAPBOX_FEEDS_CORPUS points elsewhere.
FEEDS_CORPUS = Path(
    os.environ.get("SOAPBOX_FEEDS_CORPUS") or REPO.parent / "shared" / "feeds-corpus"
)

#: Environment every build gets: silences mkdocs-material's end-of-life banner
#: (material/templates/__init__.py reads NO_MKDOCS_2_WARNING) and ProperDocs' "switch to
#: ProperDocs" notice (properdocs/replacement_warning.py reads DISABLE_MKDOCS_2_WARNING).
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "true", "DISABLE_MKDOCS_2_WARNING": "true"}

BUILD_TIMEOUT = 300  # seconds


# --- fixture sites ------------------------------------------------------------------------------


def write_site(
    root: Path,
    posts: Mapping[str, str],
    plugin: dict | None = None,
    mkdocs: dict | None = None,
) -> Path:
    """Write a small MkDocs site under ``root`` and return its mkdocs.yml.

    ``posts`` maps paths relative to ``root/posts`` (the docs_dir) to file contents. ``plugin``
    is the ``soapbox`` plugin's config; ``mkdocs`` adds or replaces top-level mkdocs.yml keys.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    config: dict = {
        "site_name": "Fixture",
        "site_url": "https://example.test/",
        "docs_dir": "posts",
        "theme": {"name": "material"},
        "plugins": ["search", {"soapbox": dict(plugin or {})}],
    }
    config.update(mkdocs or {})
    config_file = root / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    docs = root / "posts"
    docs.mkdir(exist_ok=True)
    for rel, text in posts.items():
        target = docs / _safe_relpath(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return config_file


def article(
    title: str, date: str, type_: str = "rant", *extra: str, body: str = "Some words here."
) -> str:
    """A post's source: front matter (title quoted as JSON, which YAML reads) plus a body."""
    lines = [
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"date: {date}",
        f"type: {type_}",
        *extra,
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def _safe_relpath(rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"post path must be relative and stay inside posts/: {rel!r}")
    return Path(*pure.parts)


# --- builds -------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout and stderr, interleaved
    site: Path
    args: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def assert_ok(self) -> BuildResult:
        if self.returncode != 0:
            raise AssertionError(
                f"build failed with exit code {self.returncode}: {' '.join(self.args)}\n"
                f"--- output ---\n{self.output}"
            )
        return self

    def path(self, rel: str) -> Path:
        """site/rel; a folder (or a path ending in '/') means its index.html."""
        inner = rel.lstrip("/")
        target = self.site / _safe_relpath(inner) if inner.strip("/") else self.site
        if rel.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def html(self, rel: str):
        """BeautifulSoup (lxml parser) of site/rel."""
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.path(rel).read_bytes(), "lxml")


def source_date_epoch(now: datetime | str) -> str:
    """SOURCE_DATE_EPOCH for a pinned "now": an aware datetime or an ISO 8601 string with offset."""
    when = datetime.fromisoformat(now) if isinstance(now, str) else now
    if not isinstance(when, datetime):
        raise TypeError(f"now must be an aware datetime or ISO string, not {type(now).__name__}")
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"now must carry a UTC offset (a naive time is ambiguous): {now!r}")
    return str(int(when.timestamp()))


def build(
    config_file: Path,
    out_dir: Path,
    *,
    now: datetime | str,
    strict: bool = True,
    tool: str = "mkdocs",
    env: Mapping[str, str] | None = None,
) -> BuildResult:
    """Run ``python -m <tool> build`` on config_file into out_dir, in a subprocess.

    ``now`` pins the build's clock through SOURCE_DATE_EPOCH. ``tool`` is "mkdocs" or
    "properdocs". ``env`` adds or overrides environment variables. Never raises on a failed
    build: check ``.returncode`` or call ``.assert_ok()``.

    Builds are offline (SOAPBOX_OFFLINE=1): the subprocess is not under the test's network guard,
    and a site with aggregator sources (the sample's are real blogs) would fetch them. A test
    that fetches from its own 127.0.0.1 server passes ``env={"SOAPBOX_OFFLINE": "0"}``.
    """
    config_file = Path(config_file).resolve()
    out_dir = Path(out_dir).resolve()
    args = [sys.executable, "-m", tool, "build", "-f", str(config_file), "-d", str(out_dir)]
    if strict:
        args.append("--strict")
    run_env = dict(os.environ)
    run_env.update(QUIET_ENV)
    run_env["SOURCE_DATE_EPOCH"] = source_date_epoch(now)
    run_env["SOAPBOX_OFFLINE"] = "1"
    run_env.update(env or {})
    docs_dir = _docs_dir(config_file)
    docs_before = snapshot_tree(docs_dir) if docs_dir.is_dir() else {}
    try:
        proc = subprocess.run(
            args,
            cwd=config_file.parent,
            env=run_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=BUILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        out = (
            exc.output
            if isinstance(exc.output, str)
            else (exc.output or b"").decode(errors="replace")
        )
        raise AssertionError(
            f"build timed out after {BUILD_TIMEOUT}s: {' '.join(args)}\n--- output ---\n{out}"
        ) from None
    result = BuildResult(proc.returncode, proc.stdout, out_dir, args)
    problems = []
    if docs_dir.is_dir() and snapshot_tree(docs_dir) != docs_before:
        problems.append(f"the build wrote into the docs folder {docs_dir}")
    if result.ok:
        problems += check_site(out_dir, site_url=_site_url(config_file), links=strict)
    if problems:
        raise AssertionError(
            f"build invariants broken ({' '.join(args)}):\n  " + "\n  ".join(problems)
        )
    return result


# --- build invariants ---------------------------------------------------------------------------
# Every build the harness runs is checked by check_site (and for an unchanged docs folder): a
# regression anywhere (an unescaped attribute, a dangling link, a feed that no reader parses)
# fails the test that built it, whatever that test asserts itself.


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, tolerating MkDocs' custom tags (!ENV, !relative, !!python/name)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


def _config(config_file: Path) -> dict:
    try:
        data = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _docs_dir(config_file: Path) -> Path:
    return Path(config_file).parent / str(_config(config_file).get("docs_dir") or "docs")


def _site_url(config_file: Path) -> str:
    return str(_config(config_file).get("site_url") or "")


#: Attributes holding one URL, and the ones holding a srcset list.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
#: Links checked for resolving to a file (form actions and <link rel=preconnect> are not pages).
RESOLVED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
            "iframe": "src", "video": "poster", "audio": "src"}  # fmt: skip
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms", "webcal", "ftp", "irc"})
FEED_NAMES = ("feed.xml", "atom.xml", "rss.xml", "index.xml")
#: html5lib follows a 2014 draft of the HTML parsing rules; these codes are no errors under the
#: current standard (an "&" not followed by a known entity name and ";" is plain text, like the
#: "&display=" of a query string or "R&D").
OBSOLETE_PARSE_ERRORS = frozenset({"expected-named-entity"})


def check_site(site: Path, *, site_url: str = "", links: bool = True) -> list[str]:
    """The invariants every built site keeps; returns one line per violation ([] when clean).

    - every HTML file parses as HTML5 without a parse error;
    - no element carries an ``on*`` event attribute, and no URL attribute holds a
      ``javascript:``/``data:``/``vbscript:`` URL (Soapbox's templates use neither, so any such
      attribute came from content or config);
    - every internal link and asset (a, link, img, script, source, srcset, sitemap <loc>)
      resolves to a file of the site (``links=False`` skips this for non-strict builds);
    - every RSS/Atom feed parses with feedparser without a bozo error, every JSON Feed is JSON
      with a version and items, every other XML file (sitemap, OPML) is well-formed XML.
    """
    import html5lib

    site = Path(site)
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        tree = parser.parse(page.read_bytes())
        errors = [e for e in parser.errors if e[1] not in OBSOLETE_PARSE_ERRORS]
        for (line, col), code, data in errors[:3]:
            problems.append(f"{rel}:{line}:{col}: HTML parse error {code} {data or ''}".rstrip())
        page_url = base + rel
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.rsplit("}", 1)[-1]
            for name, value in element.attrib.items():
                name = name.rsplit("}", 1)[-1].lower()
                if name.startswith("on"):
                    problems.append(f"{rel}: <{tag} {name}=...> event attribute: {value[:60]!r}")
                urls = _urls(name, value)
                for url in urls:
                    if _scheme(url) in ("javascript", "data", "vbscript"):
                        problems.append(f"{rel}: <{tag} {name}> holds a {_scheme(url)}: URL")
                if links and (RESOLVED.get(tag) == name or name in SRCSET_ATTRIBUTES):
                    for url in urls:
                        missing = _unresolved(site, base, site_url, page_url, url)
                        if missing:
                            problems.append(f"{rel}: <{tag} {name}={url!r}> {missing}")
    problems += _check_feeds_and_xml(site, base, site_url, links)
    return problems


def _urls(name: str, value: str) -> list[str]:
    if name in SRCSET_ATTRIBUTES:
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    if name in URL_ATTRIBUTES or name == "href":
        return [value.strip()]
    return []


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    head, sep, _ = cleaned.partition(":")
    return head if sep and "/" not in head else ""


def _unresolved(site: Path, base: str, site_url: str, page_url: str, url: str) -> str:
    """'' when url is external or resolves to a file under site; else what is wrong."""
    if not url or url.startswith("#"):
        return ""
    if site_url and url.startswith(site_url):
        url = base + url[len(site_url) :]
    parts = urlsplit(url)
    if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
        return ""
    if parts.scheme:
        return ""  # other schemes are judged by the scheme check above
    path = unquote(urlsplit(urljoin(page_url, url)).path)
    if not path.startswith(base):
        return f"points outside the site ({path})"
    rel = path[len(base) :]
    target = site / rel if rel else site
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return "" if target.is_file() else f"does not resolve ({target.relative_to(site).as_posix()})"


def _check_feeds_and_xml(site: Path, base: str, site_url: str, links: bool) -> list[str]:
    import feedparser
    from lxml import etree

    problems: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.name in FEED_NAMES:
            parsed = feedparser.parse(path.read_bytes())
            if parsed.bozo or not parsed.version:
                problems.append(f"{rel}: feed does not parse: {parsed.get('bozo_exception')}")
        elif path.name == "feed.json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                problems.append(f"{rel}: JSON Feed is not JSON: {exc}")
                continue
            if not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
                problems.append(f"{rel}: JSON Feed without a jsonfeed.org version")
            if not isinstance(data.get("items"), list):
                problems.append(f"{rel}: JSON Feed without an items list")
        if path.suffix in (".xml", ".opml") and path.name not in FEED_NAMES:
            try:
                root = etree.fromstring(path.read_bytes())
            except etree.XMLSyntaxError as exc:
                problems.append(f"{rel}: not well-formed XML: {exc}")
                continue
            if links and path.name == "sitemap.xml":
                for loc in root.iter("{*}loc"):
                    missing = _unresolved(site, base, site_url, base, (loc.text or "").strip())
                    if missing:
                        problems.append(f"{rel}: <loc>{loc.text}</loc> {missing}")
    return problems


# --- snapshots ----------------------------------------------------------------------------------


def snapshot_tree(path: Path) -> dict[str, str]:
    """{relative posix path: sha256 hex} of every file under path (to prove it is untouched)."""
    root = Path(path)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- local HTTP server --------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve directory on 127.0.0.1 (a free port, or ``port``) from a daemon thread; yields the
    base URL (ending in '/'), and shuts the server down on exit."""
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise FileNotFoundError(f"nothing to serve: {directory} is not a folder")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="harness-serve",
        daemon=True,
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (for a site whose site_url must name the
    port it is served on before it is built, e.g. for Material's instant navigation)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- network guard ------------------------------------------------------------------------------


class NetworkBlockedError(RuntimeError):
    """The test process tried to connect somewhere other than loopback."""


LOCAL_HOSTNAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_local_address(family: int, address) -> bool:
    """True for AF_UNIX, and for an IP literal in 127.0.0.0/8 or ::1, or 'localhost'.
    Other host names are not resolved (that would itself use the network): they are remote."""
    if getattr(socket, "AF_UNIX", None) is not None and family == socket.AF_UNIX:
        return True
    if family not in (socket.AF_INET, socket.AF_INET6):
        return False
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]")
    if host.lower() in LOCAL_HOSTNAMES:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


_guard_lock = threading.Lock()
_guard_state: dict = {"depth": 0, "originals": None}
#: Every refused attempt, as (family, address), for tests that want to look.
blocked_attempts: list[tuple[int, object]] = []


def _refuse(sock: socket.socket, address) -> None:
    blocked_attempts.append((sock.family, address))
    raise NetworkBlockedError(
        f"test tried to open a network connection to {address!r}; tests may only connect to "
        "loopback (127.0.0.0/8, ::1, localhost) or AF_UNIX sockets. Serve what you need "
        "locally (harness.serve) instead."
    )


def network_guard_active() -> bool:
    return _guard_state["depth"] > 0


@contextlib.contextmanager
def block_network() -> Iterator[None]:
    """Patch socket.socket.connect/connect_ex so that only loopback and AF_UNIX connect."""
    with _guard_lock:
        if _guard_state["depth"] == 0:
            original_connect = socket.socket.connect
            original_connect_ex = socket.socket.connect_ex

            def guarded_connect(self, address):
                if not is_local_address(self.family, address):
                    _refuse(self, address)
                return original_connect(self, address)

            def guarded_connect_ex(self, address):
                if not is_local_address(self.family, address):
                    _refuse(self, address)
                return original_connect_ex(self, address)

            guarded_connect.__soapbox_guard__ = True
            guarded_connect_ex.__soapbox_guard__ = True
            socket.socket.connect = guarded_connect
            socket.socket.connect_ex = guarded_connect_ex
            _guard_state["originals"] = (original_connect, original_connect_ex)
        _guard_state["depth"] += 1
    try:
        yield
    finally:
        with _guard_lock:
            _guard_state["depth"] -= 1
            if _guard_state["depth"] == 0:
                socket.socket.connect, socket.socket.connect_ex = _guard_state["originals"]
                _guard_state["originals"] = None


SERVE_DRIVER = Path(__file__).resolve().parent / "build" / "serve_driver.py"


def drive_serve(work: Path, out: Path, steps: list[Path], *, now: str) -> str:
    """Build each folder of `steps` in turn in one process, as `mkdocs serve` does after each
    save (`build/serve_driver.py`: the same plugin instances, the preview URL, drafts shown),
    from `work` into `out/0`, `out/1` ... Returns its log as one stream: each build's lines come
    before its "build N done"."""
    env = {**os.environ, **QUIET_ENV, "SOAPBOX_OFFLINE": "1"}
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(now)
    work.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, str(SERVE_DRIVER), str(work), str(out), *map(str, steps)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


def assert_same_files(mine: Path, fresh: Path, name: str) -> None:
    """`mine` (a cached or incremental build's site) holds exactly the bytes of `fresh` (a
    build with empty caches); `name` says after which edit."""
    ours, theirs = snapshot_tree(mine), snapshot_tree(fresh)
    assert ours, name
    differ = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
    assert differ == [], f"after {name}: {differ}"


def serve_against_fresh(
    tmp: Path, steps: list[tuple[str, Path]], *, now: str
) -> tuple[str, list[str]]:
    """Build the `(name, folder)` steps in one serve session, and each again in a serve process
    of its own; after every step both sites must hold the same bytes. Returns the session's log
    and each fresh build's log."""
    output = drive_serve(tmp / "work", tmp / "inc", [folder for _, folder in steps], now=now)
    fresh = []
    for n, (name, folder) in enumerate(steps):
        out = tmp / f"clean{n}"
        fresh.append(drive_serve(tmp / f"clean-work{n}", out, [folder], now=now))
        assert_same_files(tmp / "inc" / str(n), out / "0", name)
    return output, fresh
