"""The deployment files: GitHub workflows (triggers, permissions, cache, check, strict build, the
Pages actions), the pre-commit hook, the GitLab and Netlify recipes; and a schema lint of each."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import harness

REPO = harness.REPO
WORKFLOWS = REPO / ".github" / "workflows"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def deploy() -> dict:
    return load(WORKFLOWS / "deploy.yml")


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def step_index(job: dict, predicate) -> int:
    matches = [i for i, s in enumerate(job["steps"]) if predicate(s)]
    assert len(matches) == 1, matches
    return matches[0]


def runs(text: str):
    return lambda step: text in step.get("run", "")


def test_deploy_triggers_on_push_schedule_and_by_hand(deploy):
    on = deploy["on"]
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons
    runs_per_day = 0
    for cron in crons:
        minute, hour, *rest = cron.split()
        assert rest == ["*", "*", "*"], cron
        assert minute.isdigit() and int(minute) not in (0, 30), f"{cron}: schedule off the hour"
        runs_per_day += len(hour.split(","))
    assert runs_per_day >= 3, "several runs a day for scheduled posts and fresh feeds"


def test_deploy_has_minimal_permissions_and_one_deployment_at_a_time(deploy):
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    for job in deploy["jobs"].values():
        assert "permissions" not in job  # nothing widens them per job


def test_deploy_build_installs_from_the_lock_checks_and_builds_strictly(deploy):
    build = deploy["jobs"]["build"]
    (python,) = steps_using(build, "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"
    install = step_index(build, runs("scripts/bootstrap.sh"))
    (cache,) = steps_using(build, "actions/cache")
    cache_at = build["steps"].index(cache)
    check = step_index(build, runs("soapbox check --strict"))
    build_at = step_index(build, runs("mkdocs build --strict --site-dir site"))
    configure = build["steps"].index(steps_using(build, "actions/configure-pages")[0])
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert install < check < build_at < configure < build["steps"].index(upload)
    assert cache_at < build_at
    assert upload["uses"] == "actions/upload-pages-artifact@v5"
    # /.well-known/ (WebFinger, atproto-did) is a dot folder: left out unless included.
    assert upload["with"] == {"path": "site", "include-hidden-files": True}
    # The aggregator's cache: a new key every run (so each run saves), the newest restored.
    assert cache["with"]["path"] == ".cache/soapbox"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert "${{ github.run_id }}" in key
    assert key.startswith(restore) and "${{" not in restore


def test_deploy_job_publishes_with_the_official_pages_actions(deploy):
    assert (
        steps_using(deploy["jobs"]["build"], "actions/configure-pages")[0]["uses"]
        == "actions/configure-pages@v5"
    )
    job = deploy["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = steps_using(job, "actions/deploy-pages")
    assert step == {"id": "deployment", "uses": "actions/deploy-pages@v4"}


def test_indexnow_is_planned_before_and_submitted_after_the_deploy(deploy):
    build, job = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    build_at = step_index(build, runs("mkdocs build --strict --site-dir site"))
    plan_at = step_index(build, runs("scripts/indexnow.py plan --site-dir site"))
    (upload,) = steps_using(build, "actions/upload-artifact")
    assert build_at < plan_at < build["steps"].index(upload)
    assert upload["with"]["name"] == "indexnow" and upload["with"]["path"] == "indexnow.json"
    deployed = job["steps"].index(steps_using(job, "actions/deploy-pages")[0])
    (download,) = steps_using(job, "actions/download-artifact")
    submit = step_index(job, runs("scripts/indexnow.py submit indexnow.json"))
    assert deployed < job["steps"].index(download) < submit


def test_ci_runs_the_test_suite_on_pull_requests():
    ci = load(WORKFLOWS / "ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["permissions"] == {"contents": "read"}
    (job,) = ci["jobs"].values()
    assert [s["run"] for s in job["steps"] if s.get("run", "").strip() == "make test"]


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_release_and_checkout_keeps_no_token(path):
    workflow = load(path)
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_pre_commit_hook_runs_the_strict_check_on_posts_and_config():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "soapbox-check"
    assert hook["entry"] == "soapbox check --strict"
    assert hook["language"] in ("python", "system")
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("posts/rants/stop-demoing.md", "posts/images/stage.png", "mkdocs.yml"):
        assert files.search(path), path
    for path in ("plugins/soapbox/cli.py", "README.md", "docs/mkdocs.yml.bak", "tests/posts/x.md"):
        assert not files.search(path), path


def test_gitlab_recipe_checks_builds_and_publishes_public():
    gitlab = yaml.safe_load((REPO / "deploy" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = gitlab["pages"]
    assert pages["script"] == [
        "scripts/bootstrap.sh",
        ".venv/bin/soapbox check --strict",
        ".venv/bin/mkdocs build --strict --site-dir public",
    ]
    assert pages["artifacts"] == {"paths": ["public"]}
    assert {"key": "soapbox-feeds", "paths": [".cache/soapbox"]} in pages["cache"]
    assert gitlab["image"].startswith("python:3.11")


def test_netlify_recipe_checks_builds_and_publishes_site():
    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    build = netlify["build"]
    assert build["publish"] == "site"
    assert build["command"].split(" && ") == [
        "scripts/bootstrap.sh",
        ".venv/bin/soapbox check --strict",
        ".venv/bin/mkdocs build --strict --site-dir site",
    ]
    assert build["environment"]["PYTHON_VERSION"] == "3.11"


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", sorted(WORKFLOWS.glob("*.yml"))),
        ("vendor.gitlab-ci", [REPO / "deploy" / "gitlab-ci.yml"]),
    ],
    ids=["github", "gitlab"],
)
def test_files_match_their_published_schema(schema, files):
    """check-jsonschema (a test dependency) validates against the schemas it ships: no network."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_netlify_serves_well_known_files_with_their_types():
    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    headers = {rule["for"]: rule["values"] for rule in netlify["headers"]}
    assert headers["/.well-known/webfinger"]["Content-Type"].startswith("application/jrd+json")
    assert headers["/.well-known/atproto-did"]["Content-Type"].startswith("text/plain")
