"""The sample site's output matches the committed golden files (tests/golden/).

A refactor must not change what the sample publishes. When a change is intended, update the
golden with `make golden` (tests/golden.py --update) in a commit of its own that says why."""

from __future__ import annotations

import golden


def test_sample_output_matches_the_golden_files(tmp_path):
    golden.build_sample(tmp_path / "site")
    expected = golden.committed()
    assert expected, "tests/golden/ is empty: run `make golden` and commit the files"
    diff = golden.differences(expected, golden.snapshot(tmp_path / "site"))
    assert not diff, (
        "the sample's output differs from tests/golden/ (update it with `make golden` only if "
        "the change is intended):\n" + diff
    )


def test_normalise_masks_only_what_varies():
    page = (
        '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.7.0">\n'
        '<link rel="stylesheet" href="assets/stylesheets/main.57a0d79d.min.css">  \n'
        '<script type="application/ld+json">{"b": 1, "a": [2]}</script>\n'
        '<img src="a.png" alt="&quot;kept&quot;">'
    )
    assert golden.normalise("x/index.html", page).splitlines() == [
        '<meta name="generator" content="GENERATOR">',
        '<link rel="stylesheet" href="assets/stylesheets/main.HASH.min.css">',
        '<script type="application/ld+json">',
        "{",
        ' "b": 1,',
        ' "a": [',
        "  2",
        " ]",
        "}",
        "</script>",
        '<img src="a.png" alt="&quot;kept&quot;">',
    ]
    assert golden.differences({"a": "x\n"}, {"a": "x\n"}) == ""
    assert "-x" in golden.differences({"a": "x\n"}, {"a": "y\n"})
    assert "no longer built" in golden.differences({"a": "x\n"}, {})
