"""The WordPress import fixture as a site: shared by the import build and browser tests.

    site = wordpress_site(tmp_path)           # mkdocs.yml with comments, the export, image server
    code, out, err = soapbox("import", "wordpress", str(site.export), "-f", str(site.config), ...)

Images of `tests/fixtures/import/wordpress.xml` are served from 127.0.0.1 (the export is
rewritten to point there); `missing-chart.png` is left out on purpose (a 404).
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import harness

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
OLD_UPLOADS = "https://old-blog.example/wp-content/uploads/"
NOW = "2026-11-22T12:00:00+00:00"
IMAGES = ("2019/05/whiteboard.png", "2019/05/question-board.png")

CONFIG = """\
site_name: Ana's notes
site_url: https://ana.example/
docs_dir: posts
theme:
  name: material
  font: false   # no font CDN: nothing leaves 127.0.0.1
plugins:
  - search
  - soapbox:
      authors:
        ana:
          name: Ana Ruiz
      content:
        timezone: Europe/Berlin
      topics:
        # The author's own note about topics: an import must keep it.
        vocabulary:
          discovery:
            title: Discovery
          cold-calling:
            title: Cold calling
            synonyms: [cold calls]   # keep this comment too
"""
HOME = "---\ntitle: Home\n---\n\nWelcome to the new site.\n"


@dataclass
class WordPressSite:
    root: Path
    config: Path
    docs: Path
    export: Path
    images_url: str


def png(width: int = 4, height: int = 3) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 90, 40)).save(out, format="PNG")
    return out.getvalue()


@contextlib.contextmanager
def wordpress_site(root: Path, *, sample: bool = False):
    """A fresh site (or a copy of the repository's sample site), the export (pointing at a
    127.0.0.1 image server) and that server."""
    uploads = root / "old-server"
    for rel in IMAGES:
        target = uploads / "wp-content" / "uploads" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png())
    site = root / "site"
    if sample:
        shutil.copytree(harness.REPO / "posts", site / "posts")
        shutil.copy(harness.REPO / "mkdocs.yml", site / "mkdocs.yml")
    else:
        (site / "posts").mkdir(parents=True)
        (site / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        (site / "posts" / "index.md").write_text(HOME, encoding="utf-8")
    with harness.serve(uploads) as base:
        export = root / "export.xml"
        text = (FIXTURES / "wordpress.xml").read_text(encoding="utf-8")
        export.write_text(text.replace(OLD_UPLOADS, f"{base}wp-content/uploads/"), encoding="utf-8")
        yield WordPressSite(root, site / "mkdocs.yml", site / "posts", export, base)
