#!/usr/bin/env python3
"""Profile one `mkdocs serve` rebuild of the benchmark site: build once as serve does, save a
body edit, then build again with the same plugin instances under cProfile.

    .venv/bin/python scripts/bench_serve_profile.py [--posts 1000] [--edit body] [--top 40]
    .venv/bin/python scripts/bench_serve_profile.py --phases   # wall time per build phase

Writes the stats to $TMPDIR/soapbox-bench/profiles/serve-<posts>.pstats and prints the top
functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from soapbox.bench import run, serve, site  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edit", choices=sorted(serve.EDITORS), default="body")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true", help="time both builds only")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="no profiler: the rebuild's wall time per MkDocs step and plugin event",
    )
    args = parser.parse_args()
    os.environ.update(run.build_env())
    features = run.resolve_features("auto")
    generated = site.ensure(site.Spec(args.posts), features=features)
    if features.get("aggregator"):
        run.prepare_aggregator(generated)
    work = serve._workspace(generated, "soapbox")  # a copy: the cached site is never edited
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="soapbox-serve-profile-")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    for name in ("mkdocs.structure.pages", "mkdocs.plugins.soapbox"):
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.getLogger("mkdocs.plugins.soapbox").setLevel(logging.INFO)
    os.chdir(work)

    def build_once() -> float:
        config = load_config(config_file=str(work / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = SERVE_URL
        start = time.perf_counter()
        build(config, serve_url=SERVE_URL)
        return time.perf_counter() - start

    first = load_config(config_file=str(work / "mkdocs.yml"), site_dir=site_dir)
    first.plugins.on_startup(command="serve", dirty=False)
    print(f"first build: {build_once():.2f} s", flush=True)
    serve.EDITORS[args.edit](work / "docs", 1)
    if args.phases:
        spent = _timed_phases()
        print(f"rebuild after a {args.edit} edit: {build_once():.2f} s; by phase (nested):")
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            print(f"  {seconds:7.3f} s  {name}")
        return 0
    if args.no_profile:
        print(f"rebuild after a {args.edit} edit: {build_once():.2f} s")
        return 0
    profiler = cProfile.Profile()
    profiler.enable()
    seconds = build_once()
    profiler.disable()
    print(f"rebuild after a {args.edit} edit: {seconds:.2f} s (under cProfile)")
    folder = site.cache_root() / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    stats_file = folder / f"serve-{args.posts}.pstats"
    profiler.dump_stats(str(stats_file))
    stats = pstats.Stats(str(stats_file))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _timed_phases() -> dict[str, float]:
    """Wrap MkDocs' build steps, every plugin event and Soapbox's per-page view and fingerprint
    so that each adds its wall time to the returned dict (nested: a page's events are inside
    `_build_page`)."""
    from mkdocs import plugins
    from mkdocs.commands import build as steps

    from soapbox.core import incremental
    from soapbox.mkdocs import views

    spent: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return run

    run_event = plugins.PluginCollection.run_event

    def event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        return timed(f"on_{name} (every plugin)", run_event)(self, name, item, **kwargs)

    plugins.PluginCollection.run_event = event  # type: ignore[method-assign]
    for name in ("_populate_page", "_build_page", "get_navigation"):
        setattr(steps, name, timed(f"MkDocs {name}", getattr(steps, name)))
    for name in ("write_file", "clean_directory"):
        setattr(steps.utils, name, timed(f"MkDocs {name}", getattr(steps.utils, name)))
    incremental.Session.fingerprint = timed(  # type: ignore[method-assign]
        "Soapbox fingerprints", incremental.Session.fingerprint
    )
    views.page = timed("Soapbox views.page (incl. SEO head)", views.page)
    return spent


if __name__ == "__main__":
    sys.exit(main())
