"""Build the benchmark sites, measure each build, print the table and the target checks.

Every build is `python -m mkdocs build -q -f <variant>.yml -d <out>` in a fresh process, reaped
with `os.wait4`, so its CPU time (user + system) and peak RSS are that build's alone. Setups are
interleaved run by run (Soapbox cold, Soapbox warm, Material, blog, then again), so a burst of
load from elsewhere on the machine spreads over all of them instead of one; the table shows the
median of the runs. Ratios are taken within one invocation, never across machines.

    python scripts/bench.py --sizes 100,1000,5000 --runs 3        (or: soapbox bench ...)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import site as sites

REFERENCE = 1000  # the size the ratio targets are stated at
LARGE = 5000  # the size the growth and memory targets are stated at

# The project's targets (issue "Performance"), checked on every run.
MAX_VS_MATERIAL = 1.0  # Soapbox, warm caches, at most this times plain Material at 1,000 posts
MAX_COLD_VS_MATERIAL = 1.5  # Soapbox, empty caches, at most this times plain Material
MIN_VS_BLOG = 3.5  # ... and at least this many times faster than blog + tags + rss
MAX_GROWTH = 5.5  # 5,000 posts at most this times 1,000 posts
MAX_PEAK_MB = 1024  # peak memory of any Soapbox build
MAX_COLD_CARDS = 1.3  # cold social cards at most this times the warm build

SETUP_TITLES = {
    "soapbox-cold": "Soapbox, cold caches",
    "soapbox-cold-alone": "Soapbox, cold, one process",
    "soapbox": "Soapbox, warm caches",
    "soapbox-nocache": "Soapbox, no render or page cache",
    "material": "Plain Material, short nav",
    "material-autonav": "Plain Material, auto nav",
    "blog": "Material blog+tags+rss",
}


#: The cold setups and the config each builds (its caches are emptied before every run).
COLD_CONFIG = {"soapbox-cold": "soapbox", "soapbox-cold-alone": "soapbox-alone"}


@dataclass
class Measurement:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build process and its children
    peak_mb: float  # peak resident memory


@dataclass
class Result:
    setup: str
    posts: int
    pages: int = 0  # HTML pages written
    runs: list[Measurement] = field(default_factory=list)
    error: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(m, attr) for m in self.runs) if self.runs else float("nan")

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.error


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SOURCE_DATE_EPOCH=str(int(sites.NOW.timestamp())),
        NO_MKDOCS_2_WARNING="true",  # mkdocs-material's end-of-life banner
        DISABLE_MKDOCS_2_WARNING="true",
        SOAPBOX_OFFLINE="1",  # the aggregator renders from its snapshot, never fetches
        PYTHONDONTWRITEBYTECODE="",
    )
    return env


def measure(argv: Sequence[str], *, cwd: Path, log: Path, env: dict[str, str]) -> Measurement:
    """Run one process to completion and return its own wall time, CPU time and peak RSS."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        raise BuildFailed(
            f"exit code {proc.returncode}; last lines of {log}:\n  " + "\n  ".join(tail)
        )
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class BuildFailed(Exception):
    pass


def mkdocs_argv(config: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)]


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def blog_available() -> str:
    """Why the blog setup cannot run, or "" when it can."""
    import importlib.util

    missing = [
        m
        for m in ("mkdocs_rss_plugin", "material.plugins.blog")
        if importlib.util.find_spec(m) is None
    ]
    return f"not installed: {', '.join(missing)}" if missing else ""


# -- optional Soapbox features --------------------------------------------------------------------


def card_cache_dirs(site: sites.Site) -> list[Path]:
    """Where a build keeps what it reuses (social cards, converted Markdown): removed before
    every cold run."""
    cache = site.root / ".cache" / "soapbox"
    return [cache / "cards", cache / "render"]


def prepare_aggregator(site: sites.Site) -> int:
    """Write the aggregator's snapshot from the site's pre-written RSS documents (sources/*.xml),
    offline, through the aggregator's own parse/normalise stages (`pipeline.apply_result` on the
    bytes a fetch would have returned), so the build renders real items. Returns the item count."""
    import logging
    import re

    from mkdocs.config import load_config

    from ..core.aggregator import pipeline, snapshot
    from ..core.aggregator.model import FetchResult, Snapshot, SourceState
    from ..mkdocs.plugin import SoapboxPlugin

    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)  # loading the config logs INFO lines the table does not need
    try:
        # The generated site is known to be valid: MkDocs' own loader is enough (the CLI's
        # load_site adds user-facing messages; importing it would make cli <-> bench a circle).
        config = load_config(config_file=str(site.configs["soapbox"]))
        plugin = config.plugins["soapbox"]
        assert isinstance(plugin, SoapboxPlugin)
        plugin.on_config(config)
    finally:
        mkdocs_log.setLevel(level)
    options = plugin.config.aggregator
    states: dict[str, SourceState] = {}
    for source in plugin.aggregator_sources():
        number = re.search(r"source-(\d+)\.", source.feed_url)
        if number is None:
            continue
        body = (site.root / "sources" / f"source-{number.group(1)}.xml").read_bytes()
        result = FetchResult(
            feed_url=source.feed_url,
            final_url=source.feed_url,
            status=200,
            body=body,
            headers={"content-type": "application/rss+xml; charset=utf-8"},
        )
        key = pipeline.fingerprint(source, excerpt_words=options.excerpt_words, max_entries=200)
        state, outcome = pipeline.apply_result(
            source,
            SourceState(feed_url=source.feed_url),
            result,
            sites.NOW,
            key=key,
            excerpt_words=options.excerpt_words,
        )
        if outcome.status == pipeline.FAILED:
            raise BuildFailed(f"the aggregator could not read {source.feed_url}: {outcome.note}")
        states[source.feed_url] = state
    snapshot.save(Snapshot(fetched_at=sites.NOW, sources=states), plugin.aggregator_cache_dir())
    return sum(len(state.items) for state in states.values())


# -- the run --------------------------------------------------------------------------------------


@dataclass
class Options:
    sizes: tuple[int, ...] = (100, 1000, 5000)
    runs: int = 3
    seed: int = 2026
    skip_blog: bool = False
    skip_material: bool = False
    autonav: bool = False
    profile: bool = False
    features: dict[str, bool] = field(default_factory=dict)
    cache: Path | None = None
    json_path: Path | None = None


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_benchmark(options: Options) -> list[Result]:
    env = build_env()
    results: list[Result] = []
    blog_missing = "" if options.skip_blog else blog_available()
    for size in options.sizes:
        started = time.perf_counter()
        spec = sites.Spec(size, seed=options.seed)
        site = sites.ensure(spec, root=options.cache, features=options.features)
        progress(f"{size} posts: site ready in {site.root} ({time.perf_counter() - started:.1f} s)")
        if options.features.get("aggregator"):
            items = prepare_aggregator(site)
            progress(
                f"{size} posts: aggregator snapshot written offline ({items} items from 50 sources)"
            )
        setups = []
        if options.features.get("seo"):
            setups.append("soapbox-cold")
        setups.append("soapbox")  # right after the cold build of the same config: its caches
        if options.features.get("seo") and "soapbox-alone" in site.configs:
            setups.append("soapbox-cold-alone")  # workers: 1, what the worker processes save
        if options.features.get("render_cache"):
            setups.append("soapbox-nocache")
        if not options.skip_material:
            setups.append("material")
            if options.autonav:
                setups.append("material-autonav")
        if not options.skip_blog:
            setups.append("blog")
        by_setup = {s: Result(s, size) for s in setups}
        if blog_missing:
            by_setup["blog"].error = blog_missing
        for run in range(1, options.runs + 1):
            for setup in setups:
                result = by_setup[setup]
                if result.error:
                    continue
                variant = COLD_CONFIG.get(setup, setup)
                out = site.root / "out" / setup
                shutil.rmtree(out, ignore_errors=True)  # not part of the timed build
                if setup in COLD_CONFIG:
                    for folder in card_cache_dirs(site):
                        shutil.rmtree(folder, ignore_errors=True)
                log = site.root / f"{setup}.log"
                try:
                    m = measure(
                        mkdocs_argv(site.configs[variant], out), cwd=site.root, log=log, env=env
                    )
                except BuildFailed as exc:
                    result.error = str(exc)
                    progress(f"{size} posts: {setup} FAILED: {exc}")
                    continue
                result.runs.append(m)
                result.pages = count_pages(out)
                progress(
                    f"{size} posts: {setup} run {run}/{options.runs}: {m.wall:.1f} s wall,"
                    f" {m.cpu:.1f} s CPU, {m.peak_mb:.0f} MB"
                )
        results += by_setup.values()
        if options.profile:
            profile(site, size, env)
    return results


def profile(site: sites.Site, size: int, env: dict[str, str]) -> Path:
    """The Soapbox build under pyinstrument (cProfile when it is missing); returns the report."""
    import importlib.util

    folder = site.root.parent / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    out = site.root / "out" / "profile"
    shutil.rmtree(out, ignore_errors=True)
    build = ["-m", "mkdocs", "build", "-q", "-f", str(site.configs["soapbox"]), "-d", str(out)]
    if importlib.util.find_spec("pyinstrument"):
        report = folder / f"soapbox-{size}.txt"
        html = folder / f"soapbox-{size}.html"
        base = [sys.executable, "-m", "pyinstrument", "--show-all", "-i", "0.005"]
        subprocess.run(
            [*base, "-r", "text", "-o", str(report), *build], cwd=site.root, env=env, check=True
        )
        subprocess.run(
            [*base, "-r", "html", "-o", str(html), *build], cwd=site.root, env=env, check=True
        )
    else:
        stats = folder / f"soapbox-{size}.pstats"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(stats), *build],
            cwd=site.root,
            env=env,
            check=True,
        )
        report = folder / f"soapbox-{size}.txt"
        code = (
            f"import pstats; pstats.Stats({str(stats)!r}).sort_stats('cumulative').print_stats(60)"
        )
        with open(report, "w") as fh:
            subprocess.run([sys.executable, "-c", code], stdout=fh, check=True)
    progress(f"{size} posts: profile of the Soapbox build written to {report}")
    return report


# -- report ---------------------------------------------------------------------------------------


def table(results: Sequence[Result], runs: int) -> str:
    plain = {r.posts: r for r in results if r.setup == "material" and r.ok}
    header = (
        "setup",
        "posts",
        "pages",
        "wall s",
        "CPU s",
        "peak MB",
        "pages/s",
        "wall ×plain",
        "CPU ×plain",
    )
    rows = [header]
    for r in results:
        if not r.ok:
            rows.append((SETUP_TITLES[r.setup], str(r.posts), "-", "-", "-", "-", "-", "-", "-"))
            continue
        wall, cpu, peak = r.median("wall"), r.median("cpu"), r.median("peak_mb")
        base = plain.get(r.posts)
        rows.append(
            (
                SETUP_TITLES[r.setup],
                f"{r.posts:,}",
                f"{r.pages:,}",
                f"{wall:.2f}",
                f"{cpu:.2f}",
                f"{peak:.0f}",
                f"{r.pages / wall:.0f}",
                f"{wall / base.median('wall'):.2f}" if base else "-",
                f"{cpu / base.median('cpu'):.2f}" if base else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append(
                "|"
                + "|".join(
                    "-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)
                )
                + "|"
            )
    failed = [
        f"- {SETUP_TITLES[r.setup]}, {r.posts} posts: {r.error.splitlines()[0]}"
        for r in results
        if r.error
    ]
    note = (
        f"Median of {runs} run(s) per row; pages = HTML files written; ×plain = ratio to plain"
        " mkdocs-material with a short nav at the same size (the same markdown, MkDocs' default"
        " search plugin)."
    )
    return "\n".join([*lines, "", note, *(["", "Not measured:", *failed] if failed else [])])


@dataclass
class Check:
    target: str
    value: str
    verdict: str  # PASS | FAIL | n/a


def checks(results: Sequence[Result]) -> list[Check]:
    found = {(r.setup, r.posts): r for r in results if r.ok}

    def get(setup: str, posts: int) -> Result | None:
        return found.get((setup, posts))

    out: list[Check] = []

    def ratio_check(
        target: str, a: Result | None, b: Result | None, limit: float, *, at_most: bool, why: str
    ) -> None:
        if a is None or b is None:
            out.append(Check(target, f"not measured ({why})", "n/a"))
            return
        wall = a.median("wall") / b.median("wall")
        cpu = a.median("cpu") / b.median("cpu")
        passed = wall <= limit if at_most else wall >= limit
        out.append(
            Check(target, f"{wall:.2f}× wall ({cpu:.2f}× CPU)", "PASS" if passed else "FAIL")
        )

    warm, plain, blog = (
        get("soapbox", REFERENCE),
        get("material", REFERENCE),
        get("blog", REFERENCE),
    )
    need = f"needs --sizes with {REFERENCE}"
    ratio_check(
        f"{REFERENCE:,} posts, warm: Soapbox ≤ {MAX_VS_MATERIAL}× plain Material",
        warm,
        plain,
        MAX_VS_MATERIAL,
        at_most=True,
        why=need if warm is None else "plain Material skipped or failed",
    )
    ratio_check(
        f"{REFERENCE:,} posts: blog+tags+rss ≥ {MIN_VS_BLOG}× Soapbox (Soapbox {MIN_VS_BLOG}× "
        "faster)",
        blog,
        warm,
        MIN_VS_BLOG,
        at_most=False,
        why=need if warm is None else "blog setup skipped, missing or failed",
    )
    ratio_check(
        f"{LARGE:,} posts ≤ {MAX_GROWTH}× {REFERENCE:,} posts (Soapbox, warm)",
        get("soapbox", LARGE),
        warm,
        MAX_GROWTH,
        at_most=True,
        why=f"needs --sizes with {REFERENCE} and {LARGE}",
    )
    soapbox_runs = [r for r in results if r.setup.startswith("soapbox") and r.ok]
    if soapbox_runs:
        worst = max(soapbox_runs, key=lambda r: r.median("peak_mb"))
        peak = worst.median("peak_mb")
        out.append(
            Check(
                f"peak memory < {MAX_PEAK_MB} MB (largest Soapbox build)",
                f"{peak:.0f} MB at {worst.posts:,} posts"
                + ("" if worst.posts >= LARGE else f" (not {LARGE:,})"),
                "PASS" if peak < MAX_PEAK_MB else "FAIL",
            )
        )
    else:
        out.append(Check(f"peak memory < {MAX_PEAK_MB} MB", "not measured", "n/a"))
    cold = get("soapbox-cold", REFERENCE)
    ratio_check(
        f"{REFERENCE:,} posts, cold: Soapbox ≤ {MAX_COLD_VS_MATERIAL}× plain Material",
        cold,
        plain,
        MAX_COLD_VS_MATERIAL,
        at_most=True,
        why=need if cold is None else "plain Material skipped or failed",
    )
    # A cold run empties the render cache too: its cards' cost shows against the warm build that
    # converts every page as well (warm cards, no render cache), when the benchmark ran it.
    converting = get("soapbox-nocache", REFERENCE) or warm
    ratio_check(
        f"{REFERENCE:,} posts: cold social cards ≤ +{round((MAX_COLD_CARDS - 1) * 100)}% over warm",
        cold,
        converting,
        MAX_COLD_CARDS,
        at_most=True,
        why="this Soapbox has no social cards (SEO feature) yet"
        if cold is None and warm is not None
        else need,
    )
    return out


def _ratio_lines(results: Sequence[Result], setup: str, against: str, text: str) -> list[str]:
    """Per size, `setup` against `against` (both measured): `text` with `{posts}`, `{wall}`,
    `{cpu}` filled in."""
    found = {(r.setup, r.posts): r for r in results if r.ok}
    lines = []
    for posts in sorted({p for s, p in found if s == setup}):
        base = found.get((against, posts))
        if base is None:
            continue
        mine = found[(setup, posts)]
        wall = mine.median("wall") / base.median("wall")
        cpu = mine.median("cpu") / base.median("cpu")
        lines.append(text.format(posts=f"{posts:,}", wall=f"{wall:.2f}", cpu=f"{cpu:.2f}"))
    return lines


def render_cache_lines(results: Sequence[Result]) -> list[str]:
    """What the render and page caches save: the warm build against the one without, per size."""
    return _ratio_lines(
        results, "soapbox", "soapbox-nocache",
        "Render and page caches, {posts} posts: the warm build takes {wall}× the wall time"
        " ({cpu}× the CPU time) of the same build without it",
    )  # fmt: skip


def workers_lines(results: Sequence[Result]) -> list[str]:
    """What the worker processes save: the cold build against the same with `workers: 1`."""
    return _ratio_lines(
        results, "soapbox-cold", "soapbox-cold-alone",
        "Worker processes, {posts} posts: the cold build takes {wall}× the wall time"
        " ({cpu}× the CPU time) of the same build in one process (workers: 1)",
    )  # fmt: skip


def format_checks(found: Sequence[Check]) -> str:
    width = max(len(c.target) for c in found)
    return "\n".join(f"  {c.verdict:4}  {c.target.ljust(width)}  {c.value}" for c in found)


def environment() -> dict[str, str]:
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "?"
    import material  # type: ignore[import-untyped]
    import mkdocs

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}",
        "python": platform.python_version(),
        "mkdocs": mkdocs.__version__,
        "material": getattr(material, "__version__", "?"),
        "load average at start": load,
    }


# -- command line ---------------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of post counts like 100,1000,5000"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(
            f"'{text}': every size must be a whole number of posts from 1"
        )
    return sizes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=(100, 1000, 5000),
        help="post counts (default: 100,1000,5000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="builds per setup and size; the median is shown (default: 3)",
    )
    parser.add_argument(
        "--seed", type=int, default=2026, help="seed of the synthetic site (default: 2026)"
    )
    parser.add_argument(
        "--skip-blog", action="store_true", help="do not build with Material's blog + tags + rss"
    )
    parser.add_argument(
        "--skip-material", action="store_true", help="do not build with plain mkdocs-material"
    )
    parser.add_argument(
        "--autonav",
        action="store_true",
        help="also build plain Material with its automatic nav of every page (slow: quadratic)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one Soapbox build per size (pyinstrument)",
    )
    parser.add_argument(
        "--features",
        default="auto",
        help="optional Soapbox features to switch on: 'auto' (every one this Soapbox has), 'none', "
        "or a"
        f" comma-separated list of {', '.join(sites.OPTIONAL_FEATURES)}",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="measure `mkdocs serve` instead: save each edit kind (body, title, topic, new post)"
        " and time it until the browser reloads, Soapbox against plain Material",
    )
    parser.add_argument(
        "--cache", type=Path, help="where generated sites are kept (default: $TMPDIR/soapbox-bench)"
    )
    parser.add_argument(
        "--json", type=Path, dest="json_path", help="also write the results as JSON to this file"
    )


def resolve_features(text: str) -> dict[str, bool]:
    """`--features` -> {feature this Soapbox has: on?}."""
    have = sites.available()
    if text == "auto":
        return {name: True for name in have}
    wanted = {w.strip() for w in text.split(",") if w.strip() and w.strip() != "none"}
    unknown = wanted - set(sites.OPTIONAL_FEATURES)
    if unknown:
        raise ValueError(
            f"--features: unknown feature '{sorted(unknown)[0]}'; use "
            f"{', '.join(sites.OPTIONAL_FEATURES)}"
        )
    missing = sorted(wanted - set(have))
    if missing:
        raise ValueError(
            f"--features: this Soapbox has no '{missing[0]}' feature yet (its plugin has no such "
            "option)"
        )
    return {name: name in wanted for name in have}


def feature_summary(features: dict[str, bool]) -> str:
    on = [name for name, enabled in features.items() if enabled]
    off = [name for name, enabled in features.items() if not enabled]
    absent = [name for name in sites.OPTIONAL_FEATURES if name not in features]
    return (
        f"on: {', '.join(on) or 'none'}; switched off: {', '.join(off) or 'none'};"
        f" not in this Soapbox yet: {', '.join(absent) or 'none'}"
    )


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        print("soapbox bench: error: --runs must be at least 1", file=sys.stderr)
        return 2
    try:
        features = resolve_features(args.features)
    except ValueError as exc:
        print(f"soapbox bench: error: {exc}", file=sys.stderr)
        return 2
    options = Options(
        sizes=args.sizes,
        runs=args.runs,
        seed=args.seed,
        skip_blog=args.skip_blog,
        skip_material=args.skip_material,
        autonav=args.autonav,
        profile=args.profile,
        features=features,
        cache=args.cache,
        json_path=args.json_path,
    )
    env = environment()
    summary = feature_summary(options.features)
    progress(f"optional Soapbox features {summary}")
    if getattr(args, "serve", False):
        return run_serve(options, env, summary)
    results = run_benchmark(options)
    found = checks(results)
    print("Soapbox benchmark: " + "; ".join(f"{k} {v}" for k, v in env.items()))
    print(f"Optional Soapbox features {summary}")
    print()
    print(table(results, options.runs))
    for line in render_cache_lines(results) + workers_lines(results):
        print(line)
    print()
    print("Targets:")
    print(format_checks(found))
    if options.json_path:
        payload = {
            "environment": env,
            "features": options.features,
            "results": [
                {
                    **{k: v for k, v in dataclasses.asdict(r).items() if k != "runs"},
                    "runs": [dataclasses.asdict(m) for m in r.runs],
                }
                for r in results
            ],
            "checks": [dataclasses.asdict(c) for c in found],
        }
        options.json_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    # Exit 1 when a build failed (a missing optional blog setup is not a failure); targets that
    # are not met only show as FAIL in the report: timings are not a test.
    failed = [r for r in results if r.error and not r.error.startswith("not installed")]
    return 1 if failed else 0


def run_serve(options: Options, env: dict[str, str], summary: str) -> int:
    from . import serve

    def prepare(site: sites.Site) -> None:
        if options.features.get("aggregator"):
            prepare_aggregator(site)

    results = serve.run_serve(
        options.sizes, options.runs, seed=options.seed, features=options.features,
        cache=options.cache, env=build_env(), prepare=prepare, progress=progress,
    )  # fmt: skip
    print("Soapbox serve benchmark: " + "; ".join(f"{k} {v}" for k, v in env.items()))
    print(f"Optional Soapbox features {summary}")
    print()
    print(serve.serve_table(results, options.runs))
    return 1 if any(r.error for r in results) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench",
        description="Build a synthetic site of N posts with Soapbox, plain mkdocs-material and "
        "Material's"
        " blog + tags + mkdocs-rss-plugin; print wall time, CPU time, peak memory, pages/s, the "
        "ratios"
        " and the project's performance targets.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
