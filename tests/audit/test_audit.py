"""The audit of issue #6 in CI: scripts/audit.py over the sample site, once per test module.

Lighthouse SEO, Accessibility and Best Practices must be 100 on every page type on mobile, and
Accessibility 100 on desktop too (the 404 page: no SEO target; it is noindex by design), the Nu
HTML Checker must find no error in any HTML file of the build, and structured-data-testing-tool
no failure with the Google, Twitter and Facebook presets (plus Google's documented
Article/Event/ProfilePage properties). Performance on mobile must be at least 95 on every page
type issue #17 names (the site served with gzip, as GitHub Pages does; scripts/audit.py serves it
so). The performance score is computed from timings the machine's load moves (the same page
scored 96 and 90 on one machine), so a page below the target is measured again, up to five runs,
and its best run counts (Lighthouse CI's "optimistic" aggregation); every run is in the message.

Needs Debian's Chromium, Node.js, Java and audit/node_modules (`make test` installs them through
scripts/ensure-audit-tools.sh). Without them the tests fail on CI (CI=true) and skip elsewhere
with the reason; they never install anything or touch the network themselves.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AUDIT = REPO / "scripts" / "audit.py"
CHROMIUM = Path("/usr/bin/chromium")

# Every page type the issue names, as scripts/audit.py keys them. Missing ones fail (the audit
# command only prints a note): a page type that disappears from the sample must be noticed.
PAGE_TYPES = [
    "home",
    "article-rant",
    "article-case-study",
    "article-speaker",
    "listing",
    "topic",
    "topics-index",
    "archive",
    "around-the-web",
    "subscribe",
    "hire-me",
    "talk",
    "appearances",
    "page",
    "404",
]
LIGHTHOUSE = {"seo": "SEO", "accessibility": "Accessibility", "best-practices": "Best Practices"}


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (bash scripts/ensure-chromium.sh)")
    for tool in ("node", "java"):
        if shutil.which(tool) is None:
            missing.append(f"{tool} (bash scripts/ensure-audit-tools.sh)")
    check = subprocess.run(
        ["bash", str(REPO / "scripts" / "ensure-audit-tools.sh"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if check.returncode != 0:
        missing.append(
            check.stderr.strip() or "audit/node_modules (bash scripts/ensure-audit-tools.sh)"
        )
    return missing


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    missing = _missing_tools()
    if missing:
        message = "the audit toolchain is incomplete: " + "; ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("audit") / "audit.json"
    result = subprocess.run(
        [sys.executable, str(AUDIT), "--no-install", "--desktop", "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    # 0: every target met, 1: some target missed (the tests below say which); 2: could not run.
    assert result.returncode in (0, 1), (
        f"scripts/audit.py could not run:\n{result.stdout}\n{result.stderr}"
    )
    assert out.is_file(), f"scripts/audit.py wrote no JSON report:\n{result.stderr}"
    data = json.loads(out.read_text())
    data["_output"] = result.stdout
    return data


def _page(report: dict, page_type: str) -> dict:
    pages = {page["type"]: page for page in report["pages"]}
    assert page_type in pages, (
        f"no page of type {page_type!r} was found in the sample build; audited: {sorted(pages)}; "
        f"notes: {report['notes']}"
    )
    return pages[page_type]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
def test_lighthouse_scores(report, page_type, form_factor):
    """Mobile: SEO, accessibility, best practices. Desktop (tabs, sidebars, wider grids):
    accessibility again."""
    page = _page(report, page_type)
    run = page["lighthouse"].get(form_factor)
    assert run, f"{page['url']}: Lighthouse ({form_factor}) did not run"
    assert not run.get("error"), f"{page['url']}: Lighthouse ({form_factor}) failed: {run['error']}"
    judged = [
        category
        for category in LIGHTHOUSE
        if category in page["judged"] and category in run["scores"]
    ]
    expected = {"mobile": 3 if "seo" in page["judged"] else 2, "desktop": 1}[form_factor]
    assert len(judged) == expected, (
        f"{page_type} ({form_factor}): judged {judged}, scores {run['scores']}"
    )
    below = {}
    for category in judged:
        score = run["scores"][category]
        if score != 100:
            failed = [
                f"{f['id']} ({f['title']}): {f['items']}"
                for f in run["failed"]
                if f["category"] == category
            ]
            below[f"{LIGHTHOUSE[category]} {score}"] = failed
    assert not below, (
        f"{page_type} {page['url']} ({form_factor}): Lighthouse below 100:"
        f" {json.dumps(below, indent=1)}"
    )


# Issue #17: Lighthouse mobile performance at least 95 on each of these page types.
PERFORMANCE_TYPES = [
    "home", "article-rant", "article-case-study", "article-speaker", "topic", "topics-index",
    "hire-me", "talk", "appearances", "subscribe", "around-the-web", "archive",
]  # fmt: skip
PERFORMANCE_TARGET = 95


@pytest.mark.parametrize("page_type", PERFORMANCE_TYPES)
def test_mobile_performance(report, page_type):
    page = _page(report, page_type)
    run = page["lighthouse"].get("mobile")
    assert run and not run.get("error"), f"{page['url']}: Lighthouse (mobile) did not run"
    score = run["scores"].get("performance")
    assert score is not None, f"{page['url']}: no performance score: {run['scores']}"
    slow = [f for f in run["failed"] if f["category"] == "performance"]
    assert score >= PERFORMANCE_TARGET, (
        f"{page_type} {page['url']}: mobile performance {score} < {PERFORMANCE_TARGET} (best of"
        f" the runs {run.get('performance_runs', [score])}); failed audits:"
        f" {json.dumps(slow, indent=1)}"
    )


@pytest.mark.parametrize("page_type", [t for t in PAGE_TYPES if t != "404"])
def test_structured_data(report, page_type):
    page = _page(report, page_type)
    sdtt = page["sdtt"]
    assert sdtt is not None, f"{page['url']}: structured-data-testing-tool did not run"
    assert sdtt["passed"] > 0, (
        f"{page['url']}: structured-data-testing-tool ran no test that passed"
    )
    assert not sdtt["failed"], (
        f"{page_type} {page['url']}: structured-data failures:"
        f" {json.dumps(sdtt['failed'], indent=1)}"
    )


def test_structured_data_types(report):
    """The graph carries what rich results need: BlogPosting on articles, Event on talk and
    appearances pages, ProfilePage on the speaker page (sdtt only tests types it finds)."""
    schemas = {page["type"]: set(page["sdtt"]["schemas"]) for page in report["pages"]}
    for article in ("article-rant", "article-case-study", "article-speaker"):
        assert "BlogPosting" in schemas[article], f"{article}: {sorted(schemas[article])}"
    assert "Event" in schemas["appearances"], sorted(schemas["appearances"])
    assert "ProfilePage" in schemas["hire-me"], sorted(schemas["hire-me"])


def test_html_valid_in_the_whole_site(report):
    vnu = report["vnu"]
    assert vnu is not None, "the Nu HTML Checker did not run"
    assert report["html_files"] > len(PAGE_TYPES), f"only {report['html_files']} HTML files built"
    errors = [
        f"{path}:{message['line']}: {message['message']} [{message['extract']}]"
        for path, entry in sorted(vnu["files"].items())
        for message in entry["messages"]
        if message["level"] == "error"
    ]
    assert vnu["errors"] == len(errors)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_audit_prints_the_table(report):
    """The command's own output: one row per audited page type, the scores in it."""
    lines = report["_output"].splitlines()
    header = next((line for line in lines if line.startswith("page type")), None)
    assert header is not None, report["_output"][-2000:]
    for column in ("SEO", "A11y", "BP", "vnu e/w", "sdtt p/f/w"):
        assert column in header
    for page in report["pages"]:
        assert any(line.startswith(page["label"]) and page["url"] in line for line in lines), page[
            "label"
        ]
