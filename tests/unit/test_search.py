"""soapbox.core.search: entries for what Material's search plugin cannot see."""

from __future__ import annotations

from datetime import date

from soapbox.core import search
from soapbox.core.speaker import Appearance, Reel, Schedule, Speaker, Talk


def speaker() -> Speaker:
    abstract = ("Openers that work.", "Second paragraph.")
    talks = (
        Talk("cold", "Cold <Calls> & You", abstract, ("keynote",), ("45 min",),
             ("Better openers",), ("Cold calling",), "talks/cold/"),
    )  # fmt: skip
    reel = Reel("youtube", "abc", "Showreel: on stage", None)  # type: ignore[arg-type]
    appearance = Appearance("a1", "RevOps Con", date(2027, 2, 24), city="Chicago", talk="cold")
    return Speaker(
        "hire-me.md",
        "Ana Ruiz",
        tagline="Sales trainer",
        talks=talks,
        reel=reel,
        appearances=(appearance,),
    )


def test_talks_appearances_and_the_hire_me_page_become_searchable():
    ana = speaker()
    schedule = Schedule(upcoming=ana.appearances, past=())
    docs, additions = search.speaker_docs(
        ana, schedule, page_url="hire-me/", appearances_url="appearances/"
    )
    entries = {d.location: d.entry() for d in docs}
    talk = entries["talks/cold/"]
    assert talk["title"] == "Cold &lt;Calls&gt; &amp; You"  # escaped: the index text is HTML
    assert "<p>Openers that work.</p><p>Second paragraph.</p>" in talk["text"]
    assert "Keynote" in talk["text"] and "45 min" in talk["text"] and "Cold calling" in talk["text"]
    assert talk["description"] == "Openers that work."  # its summary, a field of its own
    assert (
        "Upcoming: RevOps Con, Chicago, Cold &lt;Calls&gt; &amp; You"
        in entries["appearances/"]["text"]
    )
    assert additions["hire-me/"].split("\n\n") == [
        "Sales trainer",
        "Cold <Calls> & You. Openers that work.",
        "Showreel: on stage",
    ]


def test_augment_adds_replaces_and_prefixes_without_touching_the_config():
    index = {
        "config": {"lang": ["en"], "pipeline": ["stopWordFilter"]},
        "docs": [
            {"location": "post/", "title": "Post", "text": "<p>Body</p>"},
            {"location": "post/#part", "title": "Part", "text": "<p>More</p>"},
            {"location": "talks/cold/", "title": "Old", "text": ""},
        ],
    }
    docs = [search.SearchDoc("talks/cold/", "Cold", "New text", boost=2.0)]
    result = search.augment(index, docs, {"post/": search.article_text("Less & more", ["Pricing"])})
    assert result["config"] == index["config"]
    by_location = {d["location"]: d for d in result["docs"]}
    assert (
        by_location["post/"]["text"] == "<p>Less &amp; more</p><p>Topics: Pricing.</p><p>Body</p>"
    )
    assert by_location["post/#part"]["text"] == "<p>More</p>"
    assert by_location["talks/cold/"] == {
        "location": "talks/cold/",
        "title": "Cold",
        "text": "<p>New text</p>",
        "boost": 2.0,
    }
    assert len(result["docs"]) == 3
    assert index["docs"][0]["text"] == "<p>Body</p>"  # the input is not changed
    assert search.article_text("", []) == ""


def test_descriptions_are_a_field_weighted_like_the_title():
    index = {
        "config": {"fields": {"title": {"boost": 500.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "post/", "title": "Post", "text": "<p>Body</p>"},
            {"location": "post/#part", "title": "Part", "text": "<p>More</p>"},
            {"location": "plain/", "title": "Plain", "text": "<p>Body</p>"},
        ],
    }
    result = search.augment(index, descriptions={"post/": "Less <b> & more"})
    by_location = {d["location"]: d for d in result["docs"]}
    assert by_location["post/"]["description"] == "Less &lt;b&gt; &amp; more"
    assert "description" not in by_location["post/#part"]  # sections keep their own text
    assert "description" not in by_location["plain/"]
    assert result["config"]["fields"]["description"] == {"boost": 500.0}  # the title's weight
    assert "description" not in index["config"]["fields"]  # the input is not changed


def test_a_description_weight_the_site_set_is_kept_and_none_is_added_without_descriptions():
    fields = {"title": {"boost": 1000.0}, "description": {"boost": 3.0}}
    index = {"config": {"fields": fields}, "docs": [{"location": "a/", "title": "A", "text": ""}]}
    kept = search.augment(index, descriptions={"a/": "About A"})
    assert kept["config"]["fields"]["description"] == {"boost": 3.0}
    plain = {"config": {"fields": {"title": {"boost": 1000.0}}}, "docs": index["docs"]}
    assert search.augment(plain)["config"] == plain["config"]
