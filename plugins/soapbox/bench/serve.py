"""`bench --serve`: the time from saving an edit to the browser's reload under `mkdocs serve`.

For each size, Soapbox and plain mkdocs-material serve the same markdown at the same time (each
from its own copy of the generated `docs/`, so the cached site is never edited). After the first
builds, each edit kind (a body, a title, a topic, a new post) is saved `runs` times, each a
different change, to one server and then the other, and the time from the save to livereload's
"Reloading browsers" line is measured. The table shows the
median and the ratio to plain Material's rebuild of the same edit.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import site as sites

EDITS = ("body", "title", "topic", "new post")
SETUPS = ("soapbox", "material")
TARGETS = {"body": 0.33, "title": 0.5, "topic": 0.5}  # Soapbox at most this times plain Material
FIRST_BUILD_TIMEOUT = 900.0
REBUILD_TIMEOUT = 600.0
RELOADED = "Reloading browsers"


@dataclass
class ServeResult:
    setup: str
    posts: int
    first_build: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)  # edit -> seconds per run
    error: str = ""

    def median(self, edit: str) -> float:
        runs = self.times.get(edit) or []
        return statistics.median(runs) if runs else float("nan")


class Server:
    """One `mkdocs serve` process whose output lines arrive on a queue."""

    def __init__(self, config: Path, env: dict[str, str], log: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        argv = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
        self.process = subprocess.Popen(
            [*argv, "-a", f"127.0.0.1:{port}"],
            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log = open(log, "w", encoding="utf-8")  # noqa: SIM115  # closed in stop()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.write(line)
            self.lines.put(line)
        self.lines.put(None)

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()

    def wait_for(self, text: str, timeout: float) -> float:
        """Seconds until a line containing `text` arrives (raises RuntimeError on exit/timeout)."""
        start = time.perf_counter()
        while True:
            left = timeout - (time.perf_counter() - start)
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise RuntimeError(f"no '{text}' within {timeout:.0f} s") from None
            if line is None:
                raise RuntimeError(f"mkdocs serve exited (code {self.process.wait()})")
            if text in line:
                return time.perf_counter() - start

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


# -- edits: each takes the docs folder and the run number and saves one change ------------------


def _post(docs: Path) -> Path:
    """The post every edit changes: one in the middle of the oldest type's folder."""
    posts = sorted((docs / "rants").glob("*.md"))
    return posts[len(posts) // 2]


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def edit_body(docs: Path, run: int) -> None:
    path = _post(docs)
    text = path.read_text(encoding="utf-8")
    marker = "\n\n## "
    added = f" A sentence added in edit {run} changes the body."
    at = text.find(marker)
    _save(path, text[:at] + added + text[at:] if at > 0 else text + added + "\n")


def edit_title(docs: Path, run: int) -> None:
    path = _post(docs)
    text = path.read_text(encoding="utf-8")
    _save(path, re.sub(r"(?m)^title: (.*)$", rf"title: \1 (revision {run})", text, count=1))


def edit_topic(docs: Path, run: int) -> None:
    path = _post(docs)
    text = path.read_text(encoding="utf-8")
    topics = ["negotiation", "discovery", "onboarding", "prospecting"]
    topic = f"topics:\n- {topics[run % 4]}\n"
    _save(path, re.sub(r"(?m)^topics:\n(- .*\n)+", topic, text, count=1))


def edit_new_post(docs: Path, run: int) -> None:
    template = _post(docs).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: A New Post Number {run}", template, count=1)
    _save(docs / "rants" / f"a-new-post-number-{run}.md", text)


EDITORS: dict[str, Callable[[Path, int], None]] = {
    "body": edit_body,
    "title": edit_title,
    "topic": edit_topic,
    "new post": edit_new_post,
}


# -- the run ---------------------------------------------------------------------------------------


def _workspace(site: sites.Site, setup: str) -> Path:
    """A copy of the site's docs and config for one setup, in a folder of its own (two runs at
    once never edit each other's copy); the caches are shared (warm)."""
    (site.root / "serve").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{setup}-", dir=site.root / "serve"))
    shutil.copytree(site.docs, work / "docs")
    cache = site.root / ".cache"
    cache.mkdir(exist_ok=True)
    (work / ".cache").symlink_to(cache, target_is_directory=True)
    config = yaml.safe_load(site.configs[setup].read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    (work / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return work


def _edit(server: Server, work: Path, edit: str, run: int) -> float:
    time.sleep(1.0)  # let the watcher settle after the last reload
    server.drain()
    EDITORS[edit](work / "docs", run)
    return server.wait_for(RELOADED, REBUILD_TIMEOUT)


def measure_serve(
    site: sites.Site, runs: int, env: dict[str, str], progress: Callable[[str], None]
) -> list[ServeResult]:
    """Both setups serve at once and take turns, edit by edit (Soapbox's body edit, then plain
    Material's, ...), so a burst of load from elsewhere on the machine hits both of them."""
    posts = site.spec.posts
    results = {setup: ServeResult(setup, posts) for setup in SETUPS}
    servers: dict[str, tuple[Server, Path]] = {}
    setup = SETUPS[0]
    try:
        for setup in SETUPS:
            work = _workspace(site, setup)
            server = Server(work / "mkdocs.yml", env, site.root / f"serve-{setup}.log")
            servers[setup] = (server, work)
            results[setup].first_build = server.wait_for("Serving on", FIRST_BUILD_TIMEOUT)
            progress(
                f"{posts} posts: {setup} serve: first build {results[setup].first_build:.1f} s"
            )
        for edit in EDITS:
            for run in range(1, runs + 1):
                for setup in SETUPS:
                    seconds = _edit(*servers[setup], edit, run)
                    results[setup].times.setdefault(edit, []).append(seconds)
                    progress(f"{posts} posts: {setup} serve: {edit} edit {run}: {seconds:.2f} s")
    except RuntimeError as exc:
        results[setup].error = f"{exc} (log: {site.root / f'serve-{setup}.log'})"
        progress(f"{posts} posts: {setup} serve FAILED: {results[setup].error}")
    finally:
        for server, work in servers.values():
            server.stop()
            shutil.rmtree(work, ignore_errors=True)
    return list(results.values())


def run_serve(
    sizes: Sequence[int],
    runs: int,
    *,
    seed: int,
    features: dict[str, bool],
    cache: Path | None,
    env: dict[str, str],
    prepare: Callable[[sites.Site], object],
    progress: Callable[[str], None],
) -> list[ServeResult]:
    results = []
    for size in sizes:
        site = sites.ensure(sites.Spec(size, seed=seed), root=cache, features=features)
        prepare(site)
        results += measure_serve(site, runs, env, progress)
    return results


def _rows(result: ServeResult, base: ServeResult | None) -> list[tuple[str, ...]]:
    """One size's rows: the first build and each edit, against plain Material."""
    posts = f"{result.posts:,}"
    first = base.first_build if base else float("nan")
    ratio = result.first_build / first
    rows: list[tuple[str, ...]] = [
        ("first build", posts, f"{result.first_build:.2f}", f"{first:.2f}", f"{ratio:.2f}", "", "")
    ]
    for edit in EDITS:
        mine = result.median(edit)
        ratio = mine / (theirs := base.median(edit) if base else float("nan"))
        limit = TARGETS.get(edit)
        verdict = "" if limit is None else ("PASS" if ratio <= limit else "FAIL")
        target = f"≤ {limit}" if limit else ""
        rows.append((edit, posts, f"{mine:.2f}", f"{theirs:.2f}", f"{ratio:.2f}", target, verdict))
    return rows


def _markdown(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths))
    lines = []
    for row in rows:
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return [lines[0], f"|{rule}|", *lines[1:]]


def serve_table(results: Sequence[ServeResult], runs: int) -> str:
    plain = {r.posts: r for r in results if r.setup == "material" and not r.error}
    rows: list[tuple[str, ...]] = [
        ("edit", "posts", "Soapbox s", "Material s", "×plain", "target", "")
    ]
    for r in results:
        if r.setup == "soapbox":
            rows += _rows(r, plain.get(r.posts))
    failed = [f"- {r.setup}, {r.posts} posts: {r.error}" for r in results if r.error]
    note = (
        f"`mkdocs serve`, seconds from saving the edit to livereload's '{RELOADED}', median of"
        f" {runs} edit(s); ×plain = ratio to plain mkdocs-material serving the same markdown."
    )
    lines = _markdown(rows)
    return "\n".join([*lines, "", note, *(["", "Not measured:", *failed] if failed else [])])
