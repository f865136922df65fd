"""Golden files of the sample site: a normalised copy of selected pages, every feed, the sitemap,
topics.json and the other generated files, committed under tests/golden/.

The golden test (tests/build/test_golden.py) builds the sample with a pinned clock and offline,
normalises the output the same way and diffs it against these files. Update them only on purpose:

    make golden            # or: .venv/bin/python tests/golden.py --update

and commit the change with a message that says why the output changed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import harness

GOLDEN = Path(__file__).resolve().parent / "golden"
#: The pinned "now" of the golden build (the sample's scheduled post stays in the future).
NOW = "2026-11-22T12:00:00+00:00"

#: Selected HTML pages: home, an article, a topic, hire-me, the river, subscribe.
PAGES = (
    "index.html",
    "forecast-theater/index.html",
    "topics/discovery/index.html",
    "hire-me/index.html",
    "around-the-web/index.html",
    "subscribe/index.html",
)
#: Every other generated text file that is not a page: feeds, sitemap, topics.json, OPML, ICS.
EXTRA_PATTERNS = (
    "**/feed.xml",
    "**/atom.xml",
    "**/feed.json",
    "**/*.opml",
    "**/*.ics",
    "sitemap.xml",
    "topics.json",
    "robots.txt",
)

# Material's bundles carry a content hash in their names (it changes with the theme's version).
_ASSET_HASH = re.compile(
    r"(assets/(?:javascripts|stylesheets)/(?:workers/)?[\w-]+)\.[0-9a-f]{8}(\.min\.(?:js|css))"
)
_GENERATOR = re.compile(r'(<meta name="generator" content=")[^"]*(")')
_JSON_SCRIPT = re.compile(
    r'(<script (?:type="application/ld\+json"|id="__config" type="application/json")>)'
    r"(.*?)(</script>)",
    re.S,
)


def _pretty_json_script(match: re.Match[str]) -> str:
    """JSON in a <script> printed one member a line, so a change shows as a readable diff."""
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return match.group(0)
    return (
        match.group(1)
        + "\n"
        + json.dumps(data, indent=1, ensure_ascii=False)
        + "\n"
        + match.group(3)
    )


def normalise(rel: str, text: str) -> str:
    """What varies between machines and theme versions is masked; nothing else changes."""
    text = _ASSET_HASH.sub(r"\1.HASH\2", text)
    if rel.endswith(".html"):
        text = _GENERATOR.sub(r"\1GENERATOR\2", text)
        text = _JSON_SCRIPT.sub(_pretty_json_script, text)
    elif rel.endswith(".json"):
        text = json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def selected(site: Path) -> Iterator[str]:
    """The relative paths under site that the golden covers, sorted."""
    rels = set(PAGES)
    for pattern in EXTRA_PATTERNS:
        rels.update(p.relative_to(site).as_posix() for p in site.glob(pattern) if p.is_file())
    yield from sorted(rels)


def snapshot(site: Path) -> dict[str, str]:
    """{relative path: normalised text} of a built site; a selected page that is missing is an
    error (the golden would otherwise shrink silently)."""
    missing = [rel for rel in PAGES if not (site / rel).is_file()]
    if missing:
        raise AssertionError(f"the sample build lacks the golden pages {missing}")
    return {rel: normalise(rel, (site / rel).read_text(encoding="utf-8")) for rel in selected(site)}


def committed() -> dict[str, str]:
    """The golden files as committed."""
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }


def build_sample(out: Path) -> harness.BuildResult:
    return harness.build(harness.REPO / "mkdocs.yml", out, now=NOW).assert_ok()


def differences(expected: dict[str, str], actual: dict[str, str], limit: int = 400) -> str:
    """A unified diff of every file that differs, appears or disappears ('' when equal)."""
    out: list[str] = []
    for rel in sorted(set(expected) | set(actual)):
        old, new = expected.get(rel), actual.get(rel)
        if old == new:
            continue
        if old is None:
            out.append(f"+++ new file tests/golden/{rel} (not in the golden)")
            continue
        if new is None:
            out.append(f"--- tests/golden/{rel} is no longer built")
            continue
        out.extend(
            difflib.unified_diff(
                old.splitlines(),
                new.splitlines(),
                f"golden/{rel}",
                f"build/{rel}",
                n=2,
                lineterm="",
            )
        )
    if len(out) > limit:
        out = [*out[:limit], f"... {len(out) - limit} more diff lines"]
    return "\n".join(out)


def update(site: Path) -> int:
    """Replace tests/golden/ with the normalised output of site; returns the file count."""
    files = snapshot(site)
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, text in files.items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--update", action="store_true", help="rewrite tests/golden/ from a fresh build"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soapbox-golden-") as tmp:
        site = Path(tmp) / "site"
        build_sample(site)
        if args.update:
            count = update(site)
            print(
                f"tests/golden/: {count} files written; review `git diff tests/golden` and commit"
            )
            return 0
        diff = differences(committed(), snapshot(site))
        print(diff or "golden files match the build")
        return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
