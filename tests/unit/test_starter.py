"""`soapbox init`'s answers are validated with messages that say what to type (core/starter.py)."""

from __future__ import annotations

import pytest
import yaml

from soapbox.core.starter import (
    Answers,
    check_language,
    check_name,
    check_timezone,
    check_url,
    render_config,
    starter_pages,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://ana.example.org", "https://ana.example.org/"),
        (" https://ana.github.io/blog/ ", "https://ana.github.io/blog/"),
        ("http://localhost:8000/", "http://localhost:8000/"),
    ],
)
def test_good_urls_get_a_trailing_slash(value, expected):
    assert check_url(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ana.example.org", "'ana.example.org' is not a web address; write the address the site"),
        ("ftp://x.org/", "is not a web address"),
        ("https://", "is not a web address"),
        ("https://x.org/?p=1", "has a '?' or '#' part"),
    ],
)
def test_bad_urls_say_what_to_write(value, message):
    with pytest.raises(ValueError, match=message.replace("?", r"\?")):
        check_url(value)


def test_time_zone_language_and_names():
    assert check_timezone(" Europe/Berlin ") == "Europe/Berlin"
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'; use an IANA name"):
        check_timezone("Mars/Olympus")
    assert check_language("pt-br", ["en", "pt-BR"]) == "pt-BR"
    with pytest.raises(ValueError, match="'xx' is not a language code like en.*the theme knows en"):
        check_language("xx", ["en"])
    assert check_language("de") == "de"  # no list known: any well-formed code
    with pytest.raises(ValueError, match="not a language code"):
        check_language("English")
    assert check_name("  Ana   Ruiz ", "name") == "Ana Ruiz"
    with pytest.raises(ValueError, match="the author is empty"):
        check_name("  ", "author")


HOSTILE = Answers(
    name="Ümit's \"notes\": #1 & <b>", url="https://u.example.org/", author="Ümit O'Brien: PhD",
    timezone="Europe/Istanbul", language="tr", speaker=True,
)  # fmt: skip


def test_the_config_and_pages_read_back_exactly_whatever_the_answers():
    config = yaml.safe_load(render_config(HOSTILE))
    assert config["site_name"] == HOSTILE.name
    assert config["site_author"] == HOSTILE.author
    assert config["theme"]["language"] == "tr"
    soapbox = config["plugins"][1]["soapbox"]
    assert soapbox["authors"] == {"umit-obrien-phd": {"name": HOSTILE.author, "url": "about/"}}
    assert soapbox["hire_me"]["enabled"] is True
    engagement = soapbox["engagement"]
    assert (
        engagement["comments"]["enabled"] is False and engagement["newsletter"]["enabled"] is False
    )
    assert soapbox["aggregator"]["sources"] == []
    pages = starter_pages(HOSTILE)
    assert sorted(pages) == ["about.md", "hire-me.md", "index.md"]
    front = yaml.safe_load(pages["index.md"].split("---\n")[1])
    assert front["title"] == HOSTILE.name
    no_speaker = Answers(**{**HOSTILE.__dict__, "speaker": False})
    assert "hire-me.md" not in starter_pages(no_speaker)
    assert yaml.safe_load(render_config(no_speaker))["plugins"][1]["soapbox"]["hire_me"] == {
        "enabled": False
    }
