"""Fixtures shared by all of Soapbox's tests. The helpers themselves live in tests/harness.py."""

from __future__ import annotations

import contextlib
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.register_assert_rewrite("harness")

import harness  # noqa: E402  (after register_assert_rewrite on purpose)

TESTS = Path(__file__).resolve().parent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
UNROUTED_SCHEMES = frozenset({"data", "blob", "about"})


def pytest_report_header(config):
    versions = []
    for dist in ("mkdocs", "mkdocs-material", "properdocs", "playwright"):
        try:
            versions.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    return "soapbox deps: " + ", ".join(versions)


def pytest_collection_modifyitems(config, items):
    """Tests under tests/unit, tests/build, tests/browser, tests/net and tests/audit get that
    folder's marker."""
    for item in items:
        try:
            rel = Path(item.path).resolve().relative_to(TESTS)
        except ValueError:
            continue
        if len(rel.parts) > 1 and rel.parts[0] in ("unit", "build", "browser", "net", "audit"):
            item.add_marker(getattr(pytest.mark, rel.parts[0]))


# --- network --------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _no_network():
    """The test process may only connect to loopback or AF_UNIX (see harness.block_network).
    Subprocesses (builds, Chromium) are not patched; the `page` fixture blocks Chromium's
    non-local requests itself."""
    with harness.block_network():
        yield


# --- local server ---------------------------------------------------------------------------


@pytest.fixture
def serve():
    """serve(directory) -> base URL ('http://127.0.0.1:PORT/'); every server started through
    it is shut down when the test ends."""
    with contextlib.ExitStack() as stack:

        def start(directory: Path) -> str:
            return stack.enter_context(harness.serve(directory))

        yield start


# --- browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (/usr/bin/chromium), headless, driven by Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make test` (it runs scripts/ensure-chromium.sh) or `apt-get install -y "
            "chromium`. "
            "Do not run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context.

    page.console_errors: console.error messages and uncaught page errors, as strings.
    page.blocked_requests: URLs of requests aborted because their host is not 127.0.0.1 or
    localhost (a blocked request also shows up as a console error when the page notices).
    """
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []
    page.blocked_requests = []

    def on_console(message):
        if message.type == "error":
            where = message.location or {}
            at = f" ({where.get('url')}:{where.get('lineNumber')})" if where.get("url") else ""
            page.console_errors.append(f"console.error: {message.text}{at}")

    def on_page_error(error):
        page.console_errors.append(f"pageerror: {error}")

    def route_local_only(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in UNROUTED_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            page.blocked_requests.append(url)
            route.abort("blockedbyclient")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    context.route("**/*", route_local_only)
    try:
        yield page
    finally:
        context.close()


# --- the soapbox command ------------------------------------------------------------------------


@pytest.fixture
def soapbox(capsys):
    """soapbox(*argv) -> (exit code, stdout, stderr), running `soapbox` in this process; a user
    mistake must never surface as a traceback."""
    from soapbox.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run
