"""The `soapbox` console command, run in-process on small sites in tmp_path: `new` writes posts
that `check` and a real build accept, `check` reports like the build, every error has its exit
code (0 ok, 1 content problems, 2 usage or configuration errors) and none is a traceback."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import harness

article = harness.article

NOW = "2026-11-22T12:00:00+00:00"  # 13:00 in Berlin
AUTHORS = {"authors": {"ana": {"name": "Ana Ruiz"}}}
BERLIN = {**AUTHORS, "content": {"timezone": "Europe/Berlin"}}


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", harness.source_date_epoch(NOW))


def make_site(tmp_path: Path, posts=None, plugin=None, mkdocs=None) -> str:
    return str(
        harness.write_site(
            tmp_path / "site", posts or {}, BERLIN if plugin is None else plugin, mkdocs
        )
    )


# --- soapbox new --------------------------------------------------------------------------------


def test_new_page_goes_to_the_docs_root_without_a_date(tmp_path, soapbox):
    config = make_site(tmp_path)
    code, out, _ = soapbox("new", "Über mich", "--type", "page", "-f", config)
    assert code == 0
    assert out.splitlines() == [
        "Created posts/uber-mich.md",
        "URL: https://example.test/uber-mich/",
        "Draft: 'mkdocs serve' previews it; builds leave it out until you replace the placeholder"
        " text and delete the line 'draft: true'.",
    ]
    text = (tmp_path / "site/posts/uber-mich.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Über mich\ntype: page\n# description:")


def test_new_with_date_slug_and_draft(tmp_path, soapbox):
    config = make_site(tmp_path)
    code, out, _ = soapbox(
        "new", "Next week", "--type", "case-study", "--date", "2026-12-01 09:30", "-f", config
    )
    assert code == 0
    assert out.splitlines() == [
        "Created posts/case-studies/next-week.md",
        "URL: https://example.test/next-week/",
        "Draft: 'mkdocs serve' previews it; builds leave it out until you replace the placeholder"
        " text and delete the line 'draft: true'.",
        "Scheduled: once published, it goes live on 2026-12-01 09:30+01:00 (the first build"
        " after that time publishes it).",
    ]
    code, out, _ = soapbox(
        "new",
        "Anything",
        "--type",
        "speaker",
        "--slug",
        "2024-05-01-keynote",
        "--draft",
        "-f",
        config,
    )
    assert code == 0
    assert out.splitlines() == [
        "Created posts/speaking/2024-05-01-keynote.md",
        "URL: https://example.test/2024-05-01-keynote/",
        "Draft: 'mkdocs serve' previews it; builds leave it out until you replace the placeholder"
        " text and delete the line 'draft: true'.",
    ]
    text = (tmp_path / "site/posts/speaking/2024-05-01-keynote.md").read_text(encoding="utf-8")
    assert "\nslug: 2024-05-01-keynote\n" in text  # the file name alone would drop the date prefix
    assert "\ndraft: true\n---\n" in text
    code, out, _ = soapbox("new", "Dated", "--type", "rant", "--date", "2025-01-31", "-f", config)
    assert code == 0
    assert "\ndate: 2025-01-31\n" in (tmp_path / "site/posts/rants/dated.md").read_text(
        encoding="utf-8"
    )


def test_new_never_overwrites(tmp_path, soapbox):
    mine = "---\ntitle: Mine\ndate: 2024-01-01\n---\nKeep me.\n"
    config = make_site(tmp_path, {"rants/stop-demoing.md": mine})
    code, out, err = soapbox("new", "Stop Demoing", "--type", "rant", "-f", config)
    assert (code, out) == (1, "")
    assert err == (
        "soapbox new: posts/rants/stop-demoing.md already exists and was left untouched; choose"
        " another title or --slug\n"
    )
    assert (tmp_path / "site/posts/rants/stop-demoing.md").read_text(encoding="utf-8") == mine


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["   "],
            'soapbox new: error: the title is empty; write it in quotes: soapbox new "My '
            'title" --type rant',
        ),
        (
            ["🎤!"],
            "soapbox new: error: cannot make a slug from the title '🎤!'; choose one with "
            "--slug my-post",
        ),
        (
            ["T", "--slug", "My Slug"],
            "soapbox new: error: --slug 'My Slug' can only use a-z, 0-9 "
            "and single hyphens; try 'my-slug'",
        ),
        (
            ["T", "--date", "2024-02-30"],
            "soapbox new: error: --date '2024-02-30' is not a real "
            "date (day is out of range for month); fix the day or month",
        ),
        (
            ["T", "--date", "next tuesday"],
            "soapbox new: error: --date 'next tuesday' is not a "
            "date; write it like 2024-03-12 or 2024-03-12 09:30",
        ),
    ],
)
def test_new_rejects_bad_arguments(tmp_path, soapbox, args, message):
    config = make_site(tmp_path)
    code, out, err = soapbox("new", *args, "--type", "rant", "-f", config)
    assert (code, out, err) == (2, "", message + "\n")
    assert not list((tmp_path / "site/posts").rglob("*.md"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "T"], "soapbox new: error: the following arguments are required: --type"),
        (
            ["new", "T", "--type", "opinion"],
            "soapbox new: error: argument --type: invalid choice: 'opinion'",
        ),
        (["check", "--stict"], "soapbox: error: unrecognized arguments: --stict"),
        (["publish"], "soapbox: error: argument <command>: invalid choice: 'publish'"),
    ],
)
def test_usage_errors_exit_2_with_argparse_message(soapbox, argv, message):
    code, out, err = soapbox(*argv)
    assert (code, out) == (2, "")
    assert message in err
    assert err.startswith("usage: soapbox")


def test_no_command_prints_help_and_exits_2(soapbox):
    code, out, err = soapbox()
    assert (code, out) == (2, "")
    assert "new" in err and "check" in err and err.startswith("usage: soapbox")


@pytest.mark.parametrize(
    "argv", [["--help"], ["new", "--help"], ["check", "--help"], ["init", "--help"], ["--version"]]
)
def test_every_command_has_help(soapbox, argv):
    code, out, err = soapbox(*argv)
    assert (code, err) == (0, "")
    assert out.startswith("usage: soapbox") or out.startswith("soapbox 0.")


# --- configuration errors (both commands) -------------------------------------------------------


def _config_cases(tmp_path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (mkdocs.yml path, lines expected on stderr)"""
    missing = str(tmp_path / "nowhere" / "mkdocs.yml")
    broken = tmp_path / "broken" / "mkdocs.yml"
    broken.parent.mkdir()
    broken.write_text("site_name: [unclosed\n", encoding="utf-8")
    return {
        "missing file": (
            missing,
            [
                f"error: cannot find {missing}; run soapbox in the folder that holds your site's "
                "mkdocs.yml, or pass it with -f path/to/mkdocs.yml"
            ],
        ),
        "not YAML": (
            str(broken),
            [
                "error: " + str(broken) + ": MkDocs encountered an error "
                "parsing the configuration file"
            ],
        ),
        "bad plugin option": (
            make_site(tmp_path / "tz", plugin={"content": {"timezone": "Mars/Olympus"}}),
            [
                "ERROR   -  Config value 'plugins': Plugin 'soapbox' option 'content': Sub-option "
                "'timezone': unknown time zone 'Mars/Olympus'; use an IANA name like "
                "'Europe/Berlin', 'America/New_York' or 'UTC'",
                ": Aborted with a configuration error!",
            ],
        ),
        "bad default author": (
            make_site(tmp_path / "author", plugin={**AUTHORS, "default_author": "bob"}),
            [
                "mkdocs.yml: soapbox: default_author 'bob' is not one of the authors declared "
                "under "
                "plugins -> soapbox -> authors (ana)"
            ],
        ),
        "no soapbox plugin": (
            make_site(tmp_path / "none", mkdocs={"plugins": ["search"]}),
            ["mkdocs.yml does not use the soapbox plugin; add '- soapbox' under 'plugins:'"],
        ),
        "other theme": (
            make_site(tmp_path / "theme", mkdocs={"theme": {"name": "mkdocs"}}),
            ["theme 'mkdocs' is not supported; set 'theme: name: material' in"],
        ),
    }


@pytest.mark.parametrize("command", [["check"], ["new", "Title", "--type", "rant"]])
def test_configuration_errors_exit_2_with_the_reason(tmp_path, soapbox, command):
    for name, (config, expected) in _config_cases(tmp_path).items():
        code, out, err = soapbox(*command, "-f", config)
        assert (code, out) == (2, ""), name
        assert err.startswith(f"soapbox {command[0]}: error: ") or err.startswith("ERROR"), name
        for line in expected:
            assert line in err, name
    assert not list(tmp_path.rglob("title.md"))


def test_config_warnings_fail_only_strict_checks(tmp_path, soapbox):
    config = make_site(tmp_path, mkdocs={"bogus_key": 1})
    code, out, err = soapbox("check", "-f", config)
    assert code == 0
    assert (
        err == "WARNING -  Config value 'bogus_key': Unrecognised configuration name: bogus_key\n"
    )
    code, out, err = soapbox("check", "--strict", "-f", config)
    assert (code, out) == (2, "")
    assert err.endswith(": Aborted with 1 configuration warnings in 'strict' mode!\n")


def test_invalid_source_date_epoch_is_a_usage_error(tmp_path, soapbox, monkeypatch):
    config = make_site(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tuesday")
    code, _, err = soapbox("check", "-f", config)
    assert code == 2
    assert err == (
        "soapbox check: error: SOURCE_DATE_EPOCH='tuesday' is not a Unix timestamp in seconds;"
        " unset it or use e.g. SOURCE_DATE_EPOCH=$(date +%s)\n"
    )


# --- soapbox check ------------------------------------------------------------------------------


def test_check_reports_every_problem_like_the_build(tmp_path, soapbox):
    posts = {
        "index.md": "# Home\n",
        "rants/good.md": article("Good", "2024-01-02"),
        "rants/colon.md": "---\ntitle: Broken: colon\ndate: 2024-01-02\n---\nText\n",
        "rants/bad-date.md": article("Bad date", "2024-02-30"),
        "rants/who.md": article("Who", "2024-01-03", "rant", "author: bob"),
        "rants/typo.md": article("Typo", "2024-01-02", "rant", "topcis: [pricing]"),
        "archive.md": "---\ntitle: Archive clash\n---\ntext\n",
        # Goes live next month with a URL that is taken: the unattended build would fail then.
        "case-studies/later.md": article("Later", "2026-12-24", "case-study", "slug: good"),
    }
    config = make_site(tmp_path, posts)
    (tmp_path / "site/posts/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    code, out, err = soapbox("check", "-f", config)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "Errors (6, the build stops on these):",
        "posts/latin1.md: is not UTF-8 text (invalid continuation byte at byte 14); save it as "
        "UTF-8",
        "posts/rants/bad-date.md:3: date: '2024-02-30' is not a real date (day is out of range for "
        "month); fix the day or month",
        "posts/rants/colon.md:2: front matter: is not valid YAML (mapping values are not allowed "
        "here); check quotes and indentation, and put values that contain ': ' or start with a "
        "quote, '[' or '{' inside double quotes",
        "posts/rants/who.md:5: author: unknown author 'bob'; use one of the keys declared in "
        "mkdocs.yml: ana",
        "posts/archive.md: slug: gives the URL '/archive/', which is reserved for the generated "
        "page 'Archive'; set another 'slug:'",
        # found by looking ahead to the day the scheduled post goes live
        "posts/rants/good.md: slug: gives the URL '/good/', which posts/case-studies/later.md "
        "already has; set a different 'slug:' in one of them",
        "Warnings (1, 'mkdocs build --strict' stops on these):",
        "posts/rants/typo.md:5: topcis: is not a field Soapbox knows (did you mean 'topics'?); fix "
        "the spelling or remove it (custom data goes under 'extra:')",
        "Scheduled (1):",
        "  2026-12-24 00:00+01:00  posts/case-studies/later.md  'Later' -> /good/",
        "soapbox check: 9 files, 6 errors, 1 warning; 2 published, 1 scheduled, 0 drafts",
    ]


def test_warnings_fail_only_strict_checks(tmp_path, soapbox):
    config = make_site(
        tmp_path, {"rants/typo.md": article("Typo", "2024-01-02", "rant", "image: missing.png")}
    )
    expected = [
        "Warnings (2, {}):",
        "posts/rants/typo.md:5: image: 'missing.png' was not found (looked for "
        "posts/rants/missing.png); the path is relative to this post",
        "posts/rants/typo.md:5: image_alt: is missing; describe the image in a sentence for "
        "readers using screen readers",
        "soapbox check: 1 file, 0 errors, 2 warnings; 1 published, 0 scheduled, 0 drafts",
    ]
    code, out, _ = soapbox("check", "-f", config)
    assert code == 0
    assert out.splitlines() == [
        expected[0].format("'mkdocs build --strict' stops on these"),
        *expected[1:],
    ]
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 1
    assert out.splitlines() == [
        expected[0].format("they fail the check with --strict"),
        *expected[1:],
    ]


def test_check_lists_scheduled_posts_and_drafts_against_the_pinned_now(
    tmp_path, soapbox, monkeypatch
):
    posts = {
        "rants/now.md": article("Already out", "2026-11-22 13:00"),
        "rants/tuesday.md": article("Tuesday Post", "2026-12-01 09:00"),
        "speaking/later.md": article("Keynote notes", "2027-01-15", "speaker"),
        "rants/wip.md": article("Half done", "2026-01-01", "rant", "draft: true"),
    }
    config = make_site(tmp_path, posts)
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 0
    assert out.splitlines() == [
        "Scheduled (2):",
        "  2026-12-01 09:00+01:00  posts/rants/tuesday.md  'Tuesday Post' -> /tuesday/",
        "  2027-01-15 00:00+01:00  posts/speaking/later.md  'Keynote notes' -> /later/",
        "Drafts (1):",
        "  posts/rants/wip.md  'Half done'",
        "soapbox check: 4 files, 0 errors, 0 warnings; 1 published, 2 scheduled, 1 draft",
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", harness.source_date_epoch("2026-12-01T08:00:00+00:00"))
    code, out, _ = soapbox("check", "-f", config)
    assert code == 0
    assert (
        "  2026-12-01 09:00+01:00  posts/rants/tuesday.md  'Tuesday Post' -> /tuesday/" not in out
    )
    assert out.endswith("; 2 published, 1 scheduled, 1 draft\n")


def test_core_never_imports_the_cli():
    core = Path(__file__).resolve().parents[2] / "plugins" / "soapbox" / "core"
    offenders = []
    for path in sorted(core.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                names = [module] + [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            offenders += [
                f"{path.name}: {n}" for n in names if n.startswith(("soapbox.cli", "..cli"))
            ]
    assert offenders == []
