"""`soapbox init` on a copy of the repository's sample: the author's site builds --strict with no
warning (with and without a hire-me page), the sample moves to sample/ and still builds, nothing
is overwritten without --force, and bad answers get clear messages."""

from __future__ import annotations

import shutil

import pytest
import yaml

import harness

NOW = "2026-01-15T12:00:00+00:00"
FLAGS = ["--name", "Ana Ruiz", "--url", "https://ana.example.org", "--author", "Ana Ruiz",
         "--timezone", "Europe/Madrid", "--language", "es"]  # fmt: skip


@pytest.fixture
def checkout(tmp_path):
    """A copy of the repository's sample site: mkdocs.yml and posts/."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy(harness.REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(harness.REPO / "posts", root / "posts")
    return root


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


@pytest.mark.parametrize("speaker", [True, False])
def test_init_gives_a_strict_clean_site_of_the_authors_own(checkout, tmp_path, soapbox, speaker):
    sample_posts = harness.snapshot_tree(checkout / "posts")
    flag = "--speaker" if speaker else "--no-speaker"
    code, out, err = soapbox("init", *FLAGS, flag, "--yes", "-f", str(checkout / "mkdocs.yml"))
    assert (code, err) == (0, "")
    assert "Moved the sample site to sample/" in out
    assert harness.snapshot_tree(checkout / "sample/posts") == sample_posts  # moved, not changed
    pages = sorted(p.name for p in (checkout / "posts").iterdir())
    assert pages == (
        ["about.md", "hire-me.md", "index.md"] if speaker else ["about.md", "index.md"]
    )

    config = yaml.safe_load((checkout / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["site_name"], config["site_url"]) == ("Ana Ruiz", "https://ana.example.org/")
    assert config["theme"]["language"] == "es"
    options = config["plugins"][1]["soapbox"]
    assert options["content"]["timezone"] == "Europe/Madrid"
    assert options["engagement"]["comments"]["enabled"] is False
    assert options["engagement"]["newsletter"]["enabled"] is False
    assert options["aggregator"]["sources"] == []
    text = (checkout / "mkdocs.yml").read_text(encoding="utf-8")
    assert "https://giscus.app" in text and "# sources:" in text  # what to fill in, commented

    result = harness.build(checkout / "mkdocs.yml", tmp_path / "site", now=NOW).assert_ok()
    assert _warnings(result.output) == []
    home = result.html("")
    assert home.select_one("h1").get_text(strip=True) == "Ana Ruiz"
    assert home.select_one("html")["lang"] == "es"
    assert "maren" not in result.text("index.html").lower()
    assert (home.select_one(".sb-announce") is not None) is speaker
    assert result.path("hire-me/").exists() is speaker
    code, out, _ = soapbox("check", "--strict", "-f", str(checkout / "mkdocs.yml"))
    assert code == 0, out

    sample = harness.build(checkout / "sample/mkdocs.yml", tmp_path / "sample-site", now=NOW)
    sample.assert_ok()
    assert _warnings(sample.output) == []


def test_no_sample_deletes_it_and_a_second_init_overwrites_nothing(checkout, tmp_path, soapbox):
    config = str(checkout / "mkdocs.yml")
    code, out, _ = soapbox("init", *FLAGS, "--no-speaker", "--no-sample", "--yes", "-f", config)
    assert code == 0
    assert not (checkout / "sample").exists()
    assert sorted(p.name for p in (checkout / "posts").iterdir()) == ["about.md", "index.md"]
    (checkout / "posts/about.md").write_text("---\ntitle: Mine\n---\nMy words.\n", encoding="utf-8")
    before = harness.snapshot_tree(checkout)

    code, out, err = soapbox("init", "--name", "Other", "--url", "https://o.example.org/",
                             "--yes", "-f", config)  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "soapbox init: nothing was changed; these would be overwritten:\n"
        f"  {config} (a site that is not the sample)\n"
        "Move them away, or run again with --force to replace them.\n"
    )
    assert harness.snapshot_tree(checkout) == before

    code, out, _ = soapbox("init", "--name", "Other", "--url", "https://o.example.org/",
                           "--speaker", "--yes", "--force", "-f", config)  # fmt: skip
    assert code == 0
    assert "Kept your posts/about.md" in out and "Wrote posts/hire-me.md" in out
    assert "My words." in (checkout / "posts/about.md").read_text(encoding="utf-8")
    assert "site_name: Other" in (checkout / "mkdocs.yml").read_text(encoding="utf-8")
    harness.build(checkout / "mkdocs.yml", tmp_path / "site", now=NOW).assert_ok()


def test_an_existing_sample_folder_is_not_replaced_without_force(checkout, soapbox):
    (checkout / "sample").mkdir()
    (checkout / "sample/notes.txt").write_text("mine", encoding="utf-8")
    before = harness.snapshot_tree(checkout)
    code, _, err = soapbox("init", *FLAGS, "--yes", "-f", str(checkout / "mkdocs.yml"))
    assert code == 1
    assert "  sample/ (where the sample would move)\n" in err
    assert harness.snapshot_tree(checkout) == before


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--url", "ana.example.org", "soapbox init: error: --url: 'ana.example.org' is not a web"
         " address; write the address the site will have, with https://"),
        ("--timezone", "Europe/Berlinn", "soapbox init: error: --timezone: unknown time zone"
         " 'Europe/Berlinn'; use an IANA name like Europe/Berlin"),
        ("--language", "klingon", "soapbox init: error: --language: 'klingon' is not a language"
         " code like en, de or pt-BR; the theme knows af, ar,"),
        ("--name", "   ", "soapbox init: error: --name: the name is empty"),
    ],
)  # fmt: skip
def test_bad_answers_are_usage_errors_that_change_nothing(checkout, soapbox, flag, value, message):
    before = harness.snapshot_tree(checkout)
    args = dict(zip(FLAGS[::2], FLAGS[1::2], strict=True))
    args[flag] = value
    argv = [item for pair in args.items() for item in pair]
    code, out, err = soapbox("init", *argv, "--yes", "-f", str(checkout / "mkdocs.yml"))
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert harness.snapshot_tree(checkout) == before


def test_yes_needs_the_answers_without_defaults(checkout, soapbox):
    code, _, err = soapbox("init", "--name", "Ana", "--yes", "-f", str(checkout / "mkdocs.yml"))
    assert code == 2
    assert "--url is required with --yes" in err


def test_questions_are_asked_again_until_the_answer_is_valid(checkout, soapbox, monkeypatch):
    answers = iter(["Ana Ruiz", "not a url", "https://ana.example.org/", "", "Nowhere/City",
                    "Europe/Madrid", "", "y"])  # fmt: skip
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    code, out, err = soapbox("init", "-f", str(checkout / "mkdocs.yml"))
    assert code == 0, err
    assert "'not a url' is not a web address" in err
    assert "unknown time zone 'Nowhere/City'" in err
    config = yaml.safe_load((checkout / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_author"] == "Ana Ruiz"  # the default: the site's name
    assert config["theme"]["language"] == "en"
    assert (checkout / "posts/hire-me.md").exists()
