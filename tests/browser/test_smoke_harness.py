"""The browser harness works end to end: local server -> Debian's Chromium -> Playwright."""

from pathlib import Path

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness smoke</title></head>
<body>
  <p id="status">before</p>
  <button id="go" type="button">Go</button>
  <script>
    document.getElementById("go").addEventListener("click", () => {
      document.getElementById("status").textContent = "after";
    });
  </script>
</body>
</html>
"""


def test_click_changes_text(tmp_path: Path, serve, page):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    base = serve(tmp_path)

    response = page.goto(base)
    assert response is not None and response.ok, response

    assert page.title() == "Harness smoke"
    assert page.text_content("#status") == "before"
    page.click("#go")
    page.wait_for_function("document.getElementById('status').textContent === 'after'")
    assert page.text_content("#status") == "after"

    assert page.console_errors == []
    assert page.blocked_requests == []


def test_page_records_errors_and_blocks_remote_requests(tmp_path: Path, serve, page):
    # A page that throws, logs an error and asks for a remote image: all three are recorded,
    # and the remote request never leaves the browser.
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>x</title></head><body>"
        "<img src='https://example.test/pixel.png' alt=''>"
        "<script>console.error('boom-console'); setTimeout(() => { throw new Error('boom-page'); "
        "});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    with page.expect_event("pageerror"):  # the setTimeout throw, without a fixed sleep
        page.goto(serve(tmp_path))

    assert page.blocked_requests == ["https://example.test/pixel.png"]
    joined = "\n".join(page.console_errors)
    assert "boom-console" in joined
    assert "boom-page" in joined
