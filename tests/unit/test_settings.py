"""soapbox.core.settings: the plugin's options as engine-free dataclasses. The loader applies the
defaults, checks types, reports unknown names with their path, runs every custom check, and names
the option's full path and the fix in each error; the MkDocs glue words them as MkDocs did."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from datetime import time

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import harness
from soapbox.core.settings import Settings, SourceEntry, load_settings
from soapbox.core.settings_loader import SettingsError
from soapbox.mkdocs.config import SoapboxConfig


def _error(raw: dict) -> SettingsError:
    with pytest.raises(SettingsError) as caught:
        load_settings(raw)
    return caught.value


def test_empty_input_gives_every_default():
    settings, warnings = load_settings({})
    assert warnings == [] and settings == Settings() == load_settings(None)[0]
    assert settings.enabled is True and settings.default_author is None
    assert settings.content.timezone == "UTC" and settings.content.permalink == "{slug}/"
    assert settings.listings.page_size == 10 and settings.feeds.items == 20
    assert settings.feeds.formats == ("rss", "atom", "json") and settings.feeds.content == "full"
    assert settings.feeds.date_only_time is None
    assert settings.seo.cards.colors.background == "" and settings.seo.cards.avatar is None
    assert settings.aggregator.sources == () and settings.aggregator.deadline == 30
    assert settings.engagement.comments.types == ("rant", "case-study")


def test_values_are_typed_frozen_and_normalised():
    settings, _ = load_settings(
        {
            "authors": {"ana": {"name": "Ana", "fediverse": " @ana@social.example "}},
            "content": {"types": {"rant": {"plural": "Hot takes", "path": "takes/"}}},
            "feeds": {"date_only_time": "09:30", "formats": ["atom"]},
            "seo": {"cards": {"colors": {"background": " #fff "}}, "robots": {"default": " "}},
            "topics": {"vocabulary": {"pricing": {"synonyms": ["prices"]}}},
            "aggregator": {"deadline": 2.5, "sources": [{"name": " A \n B ", "feed": "f.xml"}]},
        }
    )
    assert settings.authors["ana"].fediverse == "@ana@social.example"
    assert settings.content.types["rant"].plural == "Hot takes"
    assert settings.content.types["rant"].label is None
    assert settings.feeds.date_only_time == time(9, 30) and settings.feeds.formats == ("atom",)
    assert settings.seo.cards.colors.background == "#fff" and settings.seo.robots.default == ""
    assert settings.topics.vocabulary["pricing"].synonyms == ("prices",)
    assert settings.aggregator.deadline == 2.5
    assert settings.aggregator.sources == (
        SourceEntry(name="A B", feed="f.xml", site="", topics=(), max_items=10, max_age_days=90),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.seo.enabled = False  # type: ignore[misc]


def test_null_means_the_default():
    settings, _ = load_settings({"seo": None, "feeds": {"title": None, "formats": None}})
    assert settings.seo == Settings().seo and settings.feeds.title == "Subscribe"
    assert settings.feeds.formats == ("rss", "atom", "json")


def test_unknown_names_are_warnings_with_their_path():
    settings, warnings = load_settings({"seo": {"cards": {"colour": "#fff"}}, "feeds": {"x": 1}})
    assert [(w.path, w.message) for w in warnings] == [
        ("feeds.x", "Unrecognised configuration name: x"),
        ("seo.cards.colour", "Unrecognised configuration name: colour"),
    ]
    assert settings.seo.cards.colors.background == ""


@pytest.mark.parametrize(
    ("raw", "path", "message"),
    [
        ({"enabled": "yes"}, "enabled", "must be true or false, got 'yes'"),
        ({"listings": {"page_size": True}}, "listings.page_size", "must be a whole number"),
        ({"listings": {"page_size": 0}}, "listings.page_size", "at least 1, got 0"),
        ({"seo": {"description_length": 49}}, "seo.description_length", "at least 50, got 49"),
        ({"seo": []}, "seo", "must be a mapping like {enabled: ...}"),
        ({"hire_me": {"url": 3}}, "hire_me.url", "must be text, got 3"),
        ({"feeds": {"content": "all"}}, "feeds.content", "'all' is not one of full, summary"),
        ({"feeds": {"formats": "rss"}}, "feeds.formats", "must be a list of items"),
        ({"feeds": {"formats": ["rss", "xml"]}}, "feeds.formats", "'xml' is not one of"),
        ({"feeds": {"date_only_time": "noon"}}, "feeds.date_only_time", "write it as HH:MM"),
        ({"feeds": {"date_only_time": "9:30"}}, "feeds.date_only_time", "not a time of day"),
        ({"content": {"timezone": "Mars/Olympus"}}, "content.timezone", "use an IANA name"),
        ({"content": {"permalink": "{slug"}}, "content.permalink", "'{slug' "),
        ({"content": {"permalink": "{title}/"}}, "content.permalink", "'{title}/' "),
        ({"authors": {"a": {"name": "A", "fediverse": "a@x"}}}, "authors.a.fediverse",
         "is not a fediverse handle"),
        ({"authors": {"a": {}}}, "authors.a.name", "is required"),
        ({"authors": ["a"]}, "authors", "must be a mapping"),
        ({"seo": {"cards": {"colors": {"background": "red"}}}}, "seo.cards.colors.background",
         "'red' is not a colour; write it like '#1b1d24' or '#fff'"),
        ({"seo": {"title_pattern": "{page} {nope}"}}, "seo.title_pattern", "'{page} {nope}': "),
        ({"seo": {"robots": {"default": "nofollow, bogus"}}}, "seo.robots.default", "bogus"),
        ({"reach": {"ai_crawlers": "block"}}, "reach.ai_crawlers", "is not a preset"),
        ({"reach": {"rel_me": ["https://ok.example/", "x"]}}, "reach.rel_me", "'x' is not"),
        ({"reach": {"indexnow_key": "a b"}}, "reach.indexnow_key", "is not an IndexNow key"),
        ({"aggregator": {"deadline": 0}}, "aggregator.deadline", "positive number of seconds"),
        ({"aggregator": {"deadline": True}}, "aggregator.deadline", "must be a number"),
        ({"aggregator": {"sources": [{"name": "A"}]}}, "aggregator.sources[0].feed",
         "is required: the full address of the blog's RSS, Atom or JSON feed"),
        ({"aggregator": {"sources": [{"name": "A", "feed": "https://a.example/f"},
                                     {"name": "B", "feed": "ftp://b.example/f"}]}},
         "aggregator.sources[1].feed", "'ftp://b.example/f' is not an http(s) address"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": " "}]}},
         "aggregator.sources[0].name", "is required"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": "A", "site": "x"}]}},
         "aggregator.sources[0].site", "'x' is not an http(s) address"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": "A", "tpoics": []}]}},
         "aggregator.sources[0].tpoics", "unknown field; a blog has name, feed, site"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": "A", "include": [""]}]}},
         "aggregator.sources[0].include", "must be a list of words"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": "A", "max_items": 0}]}},
         "aggregator.sources[0].max_items", "at least 1, got 0"),
        ({"aggregator": {"sources": [{"feed": "f.xml", "name": "A", "max_age_days": -1}]}},
         "aggregator.sources[0].max_age_days", "at least 0, got -1"),
        ({"aggregator": {"sources": ["https://a.example/f"]}}, "aggregator.sources[0]",
         "must be a mapping like {name: Example, feed: https://example.com/feed.xml}"),
        ({"aggregator": {"sources": "https://a.example/f"}}, "aggregator.sources",
         "must be a list of blogs"),
    ],
)  # fmt: skip
def test_each_mistake_names_its_full_path_and_the_fix(raw, path, message):
    error = _error(raw)
    assert error.problem.path == path
    assert message in error.problem.message
    assert str(error) == f"soapbox.{path}: {error.problem.message}"


def test_source_words_accept_one_word_and_null_age_keeps_everything():
    settings, _ = load_settings(
        {"aggregator": {"sources": [{"name": "A", "feed": "https://a.example/f",
                                     "topics": "pricing", "max_age_days": None}]}}
    )  # fmt: skip
    assert settings.aggregator.sources[0].topics == ("pricing",)
    assert settings.aggregator.sources[0].max_age_days is None


HOSTILE = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.text()),
)  # fmt: skip


@given(
    section=st.sampled_from([f.name for f in dataclasses.fields(Settings)]),
    key=st.text(max_size=20),
    value=HOSTILE,
)
def test_hostile_values_load_or_fail_with_a_path(section, key, value):
    """Whatever YAML can hold: either a Settings or a SettingsError naming a path under it."""
    for raw in ({section: value}, {section: {key: value}}):
        try:
            settings, warnings = load_settings(raw)
        except SettingsError as error:
            assert error.problem.path.split(".")[0].split("[")[0] == section
            assert error.problem.message
        else:
            assert isinstance(settings, Settings)
            assert all(w.path.startswith(section) for w in warnings)


def _mkdocs_errors(raw: dict) -> list[tuple[str, str]]:
    config = SoapboxConfig()
    config.load_dict(raw)
    failed, warnings = config.validate()
    return [(name, str(error)) for name, error in failed] + [
        (name, f"warning: {text}") for name, text in warnings
    ]


def test_the_mkdocs_glue_words_errors_as_mkdocs_did():
    assert _mkdocs_errors({"content": {"timezone": "Mars/Olympus"}}) == [
        ("content", "Sub-option 'timezone': unknown time zone 'Mars/Olympus'; use an IANA name"
                    " like 'Europe/Berlin', 'America/New_York' or 'UTC'"),
    ]  # fmt: skip
    [(name, text)] = _mkdocs_errors({"seo": {"cards": {"colors": {"accent": "blue"}}}})
    assert (name, text) == (
        "seo",
        "Sub-option 'cards': Sub-option 'colors': Sub-option 'accent': 'blue' is not a colour;"
        " write it like '#1b1d24' or '#fff'",
    )
    [(name, text)] = _mkdocs_errors({"aggregator": {"sources": [{"name": "A"}]}})
    assert text.startswith("Sub-option 'sources': soapbox.aggregator.sources[0].feed: is required")
    assert _mkdocs_errors({"seo": {"bogus": 1}}) == [
        ("seo", "warning: Sub-option 'bogus': Unrecognised configuration name: bogus")
    ]


def test_the_mkdocs_config_gives_back_the_core_dataclasses():
    config = SoapboxConfig()
    config.load_dict({"seo": {"tagline": "Hi"}, "authors": {"a": {"name": "A"}}})
    assert config.validate() == ([], [])
    assert config.seo.tagline == "Hi" and config.seo.cards.enabled is True
    assert (
        config.settings()
        == load_settings({"seo": {"tagline": "Hi"}, "authors": {"a": {"name": "A"}}})[0]
    )
    assert [name for name, _ in SoapboxConfig._schema] == [
        f.name for f in dataclasses.fields(Settings)
    ]


# The sample's own options, loaded from mkdocs.yml with MkDocs unimportable; the configuration
# reference renders there too (it reads the core dataclasses, not the engine's Config).
BLOCKED = textwrap.dedent(
    """
    import json, sys
    from importlib.abc import MetaPathFinder

    class Block(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("mkdocs", "material", "properdocs"):
                raise ModuleNotFoundError(f"blocked for this test: {name}")
            return None

    sys.meta_path.insert(0, Block())
    from soapbox import reference
    from soapbox.core.settings import load_settings

    settings, warnings = load_settings(json.loads(sys.argv[1]))
    print(json.dumps({
        "mkdocs_loaded": any(m.split(".")[0] == "mkdocs" for m in sys.modules),
        "timezone": settings.content.timezone,
        "authors": sorted(settings.authors),
        "page_size": settings.listings.page_size,
        "warnings": [str(w) for w in warnings],
        "reference": reference.render() == reference.PAGE.read_text(encoding="utf-8"),
    }))
    """
)


def test_the_sample_settings_load_without_mkdocs():
    site = yaml.safe_load((harness.REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    [raw] = [p["soapbox"] for p in site["plugins"] if isinstance(p, dict) and "soapbox" in p]
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED, json.dumps(raw)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {
        "mkdocs_loaded": False,
        "timezone": "Europe/Berlin",
        "authors": ["maren"],
        "page_size": 5,
        "warnings": [],
        "reference": True,
    }


def _load_site(tmp_path, monkeypatch, env: str | None):
    from mkdocs.config import load_config

    (tmp_path / "posts").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\ndocs_dir: posts\ntheme: {name: material}\nplugins:\n  - soapbox:\n"
        "      enabled: !ENV [SOAPBOX_SETTINGS_TEST, true]\n"
        "      seo: {tagline: Hi, cards: {colors: {accent: '#abc'}}}\n",
        encoding="utf-8",
    )
    if env is None:
        monkeypatch.delenv("SOAPBOX_SETTINGS_TEST", raising=False)
    else:
        monkeypatch.setenv("SOAPBOX_SETTINGS_TEST", env)
    return load_config(config_file=str(tmp_path / "mkdocs.yml")).plugins["soapbox"].config


def test_mkdocs_yml_with_env_tags_loads_fresh_each_time(tmp_path, monkeypatch):
    """`enabled: !ENV [...]` reaches the core loader as a boolean, and every load (as `mkdocs
    serve` does on each rebuild) gives a new, independent Settings tree."""
    first = _load_site(tmp_path, monkeypatch, None)
    assert first.enabled is True and first.seo.cards.colors.accent == "#abc"
    second = _load_site(tmp_path, monkeypatch, "false")
    assert second.enabled is False and first.enabled is True
    assert second.settings().seo == first.settings().seo
