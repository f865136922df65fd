"""Builds a site the way `mkdocs serve` does, in this one process: the config is loaded again for
every build (MkDocs keeps the plugin instances), `on_startup` runs once with "serve", and every
build goes to the same site folder with the preview's serve URL. Not a test: the incremental
preview's tests run it as a subprocess.

    python serve_driver.py WORK OUT STEP [STEP ...]

Before build N, the files of folder STEP N (its mkdocs.yml and posts/) replace WORK's; the
built site is copied to OUT/N.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def main(work: Path, out: Path, steps: list[Path]) -> None:
    site = out / "site"
    for n, step in enumerate(steps):
        shutil.rmtree(work / "posts", ignore_errors=True)
        shutil.copytree(step / "posts", work / "posts")
        shutil.copy(step / "mkdocs.yml", work / "mkdocs.yml")
        config = load_config(config_file=str(work / "mkdocs.yml"), site_dir=str(site))
        if n == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
        shutil.copytree(site, out / str(n))
        print(f"build {n} done", flush=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
    work, out, *steps = (Path(arg) for arg in sys.argv[1:])
    main(work, out, steps)
