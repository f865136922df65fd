"""Take the README's screenshot: the sample site's home page in headless Chromium, saved as a
small palette PNG (docs/pages/images/home.png).

    .venv/bin/python scripts/screenshot.py [--site site/] [--out docs/pages/images/home.png]

Builds nothing: run `make site` first. The page is served from 127.0.0.1 and every request that
would leave the machine is refused, so the picture never depends on the network.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--out", type=Path, default=REPO / "docs/pages/images/home.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base) else route.abort()
                ),
            )
            page.emulate_media(color_scheme="light")
            page.goto(base, wait_until="networkidle")
            png = page.screenshot(full_page=False)
            browser.close()
    finally:
        server.shutdown()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.resize((args.width * 3 // 4, args.height * 3 // 4), Image.LANCZOS)
    small = small.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    small.save(args.out, optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
