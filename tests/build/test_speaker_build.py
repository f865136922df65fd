"""Real `mkdocs build --strict` runs of a speaker site: the hire-me page, talk pages, appearances,
the calendar, JSON-LD, the booking form per provider, calls to action, escaping and errors."""

from __future__ import annotations

import json
from datetime import datetime

import icalendar
import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
HOSTILE = 'R&D <script>alert("x")</script> “quoted”'
URL_BOOKING = "{provider: url, endpoint: 'https://forms.example.test/in', email: ana@example.com}"
CHICAGO = (  # one line of YAML: the line numbers in the messages below count on it
    '{date: "2027-02-24 14:00", timezone: America/Chicago, event: RevOps Con, city: Chicago,'
    " country: US, talk: cold-calls}"
)


def hire_me(
    booking: str = URL_BOOKING,
    extra: str = "",
) -> str:
    return f"""---
title: Hire me
speaker:
  name: Ana Ruiz
  tagline: '{HOSTILE}'
  headshots: [{{image: images/ana.png, alt: "Ana, smiling"}}]
  bios:
    short: {" ".join(["Short"] * 50)}
    medium: {" ".join(["Medium"] * 100)}
  talks:
    - title: Price Is a Feeling
      abstract: Discounts are a habit. </script><b>bold</b>
      formats: [keynote]
      durations: [45]
      outcomes: [Trade instead of conceding]
      topics: [pricing]
    - title: Cold Calls Return
      slug: cold-calls
      abstract: Openers that work.
      topics: [cold calling]
  reel: {{youtube: Xk3pQ9vLr2A, title: Reel, poster: images/ana.png}}
  testimonials: [{{quote: "Best session.", name: Bo, role: Chair, organisation: SalesConf}}]
  clients: [Acme, Globex]
  appearances:
    - {{date: 2025-05-01, event: Past Summit, city: Leeds, talk: price-is-a-feeling}}
    - {CHICAGO}
    - {{date: 2027-05-12, end: 2027-05-13, event: Online Week, virtual: true, url: "https://week.example.test/"}}
  booking: {booking}
{extra}---
Why book me.
"""


def article(title: str, topics: str) -> str:
    return f"---\ntitle: {title}\ndate: 2025-01-02\ntype: rant\ntopics: {topics}\n---\n\nText.\n"


PNG = (harness.REPO / "posts" / "images" / "speaker-headshot.png").read_bytes()


def site(tmp_path, hire: str, *, strict: bool = True, plugin: dict | None = None):
    posts = {
        "hire-me.md": hire,
        "rants/pricing.md": article("On pricing", "[Pricing]"),
        "rants/ops.md": article("On ops", "[R&D ops]"),
    }
    config = harness.write_site(
        tmp_path / "src", posts, plugin or {}, {"theme": {"name": "material", "font": False}}
    )
    (tmp_path / "src" / "posts" / "images").mkdir()
    (tmp_path / "src" / "posts" / "images" / "ana.png").write_bytes(PNG)
    return harness.build(config, tmp_path / "out", now=NOW, strict=strict)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("speaker")
    result = site(tmp_path, hire_me())
    result.assert_ok()
    result.source = tmp_path / "src"
    return result


def test_strict_build_is_clean_and_posts_stay_untouched(built):
    assert [line for line in built.output.splitlines() if line.startswith("WARNING")] == []
    posts = built.source / "posts"
    assert sorted(p.relative_to(posts).as_posix() for p in posts.rglob("*")) == [
        "hire-me.md", "images", "images/ana.png", "rants", "rants/ops.md", "rants/pricing.md",
    ]  # fmt: skip


def test_hire_me_page_has_every_section_and_escapes_front_matter(built):
    page = built.html("hire-me/")
    assert page.select_one("h1").get_text() == "Ana Ruiz"
    assert page.select_one(".sbs-hero__tagline").get_text() == HOSTILE  # shown as text
    raw = built.text("hire-me/")
    assert "<script>alert" not in raw and "<b>bold</b>" not in raw
    assert [a.get_text() for a in page.select(".sbs-talk__title a")] == [
        "Price Is a Feeling",
        "Cold Calls Return",
    ]
    assert page.select_one(".sbs-talk__title a")["href"] == "../talks/price-is-a-feeling/"
    assert [li.get_text() for li in page.select(".sbs-clients__list li")] == ["Acme", "Globex"]
    assert "Best session." in page.select_one(".sbs-quote").get_text()
    upcoming = [
        li.select_one(".sbs-appearance__event").get_text(strip=True)
        for li in page.select("#upcoming ~ ul li")
    ]
    assert upcoming == ["RevOps Con", "Online Week"]
    assert "Why book me." in page.select_one(".sbs-about").get_text()
    assert page.select_one('a[href="../appearances.ics"]') is not None


def test_the_video_loads_nothing_from_youtube_before_a_click(built):
    page = built.html("hire-me/")
    assert page.select("iframe") == []
    video = page.select_one("[data-sbs-video]")
    assert video["data-embed"].startswith("https://www.youtube-nocookie.com/embed/Xk3pQ9vLr2A")
    assert video.select_one("img")["src"] == "../images/ana.png"
    for tag, attr in (("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src")):
        for element in page.select(f"{tag}[{attr}]"):
            assert "youtube" not in element[attr], element


def test_json_ld_is_valid_and_cannot_break_out_of_its_script(built):
    page = built.html("hire-me/")
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(
        scripts[0].string
    )  # the page's one graph (soapbox.core.seo) holds the speaker's nodes
    graph = data["@graph"]
    page_node = next(n for n in graph if n["@type"] == "ProfilePage")
    person = next(n for n in graph if n.get("@id") == page_node["mainEntity"]["@id"])
    events = [n for n in graph if n["@type"] == "Event"]
    assert person["name"] == "Ana Ruiz"
    assert person["jobTitle"] == HOSTILE
    assert person["knowsAbout"] == ["Pricing", "cold calling"]  # the site's title for a known topic
    assert [e["name"] for e in events] == ["RevOps Con: Cold Calls Return", "Online Week"]
    assert events[0]["startDate"] == "2027-02-24T14:00:00-06:00"
    assert events[1]["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert "</script>" not in scripts[0].string and "<script>" not in scripts[0].string


def test_booking_form_posts_to_the_url_provider_with_redirect_and_honeypot(built):
    form = built.html("hire-me/").select_one("form#booking-form")
    assert form["action"] == "https://forms.example.test/in"
    assert form["method"] == "post"
    hidden = {i["name"]: i["value"] for i in form.select('input[type="hidden"]')}
    assert hidden == {
        "_subject": "Speaking inquiry",
        "_next": "https://example.test/hire-me/thanks/",
    }
    assert form.select_one(".sbs-hp input")["name"] == "_gotcha"
    for element in form.select("input, select, textarea"):
        if element.get("type") == "hidden" or element.find_parent(class_="sbs-hp"):
            continue
        assert form.select_one(f'label[for="{element["id"]}"]') is not None, element["name"]
    required = [e["name"] for e in form.select("[required]")]
    assert "email" in required and all(
        form.select_one(f'[name="{n}"]')["data-message"] for n in required
    )
    assert [o["value"] for o in form.select('select[name="talk"] option')] == [
        "",
        "price-is-a-feeling",
        "cold-calls",
    ]


def test_talk_appearances_and_thanks_pages(built):
    talk = built.html("talks/cold-calls/")
    assert talk.select_one("h1").get_text() == "Cold Calls Return"
    assert talk.select_one(".sbs-cta a")["href"] == "../../hire-me/?talk=cold-calls#booking"
    assert "RevOps Con" in talk.select_one("#see-it-live").find_parent("section").get_text()
    appearances = built.html("appearances/")
    past = [
        li.select_one(".sbs-appearance__event").get_text(strip=True)
        for li in appearances.select(".sbs-appearances--past li")
    ]
    assert past == ["Past Summit"]
    thanks = built.html("hire-me/thanks/")
    assert thanks.select_one("h1").get_text() == "Thank you"
    assert thanks.select_one('meta[name="robots"]')["content"] == "noindex, follow"
    assert built.text("hire-me/ana-ruiz-bio-short.txt").startswith("Ana Ruiz\n\nShort Short")
    links = built.html("hire-me/").select(".sbs-press a[download]")
    assert [a["href"] for a in links] == [
        "ana-ruiz-bio-short.txt",
        "ana-ruiz-bio-medium.txt",
        "../images/ana.png",
    ]


def test_calendar_parses_and_is_stamped_with_the_build_date(built):
    raw = built.path("appearances.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
    cal = icalendar.Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Ana Ruiz at RevOps Con",
        "Ana Ruiz at Online Week",
    ]
    assert {e["DTSTAMP"].dt for e in events} == {datetime.fromisoformat(NOW)}
    assert str(events[0]["UID"]) == "2027-02-24-revops-con@example.test"


def test_posts_get_a_call_to_action_with_the_talk_or_the_topic(built):
    pricing = built.html("pricing/").select_one(".sbs-cta a")
    assert pricing.get_text() == "Book me to speak on this"
    assert pricing["href"] == "../hire-me/?talk=price-is-a-feeling#booking"
    assert (
        built.html("ops/").select_one(".sbs-cta a")["href"]
        == "../hire-me/?topic=R%26D%20ops#booking"
    )


def test_netlify_provider_and_missing_provider_warning(tmp_path):
    netlify = site(tmp_path / "netlify", hire_me("{provider: netlify, email: ana@example.com}"))
    netlify.assert_ok()
    form = netlify.html("hire-me/").select_one("form#booking-form")
    assert (form["data-netlify"], form["netlify-honeypot"], form["name"]) == (
        "true",
        "bot-field",
        "booking",
    )
    assert form["action"] == "thanks/"
    assert form.select_one('input[name="form-name"]')["value"] == "booking"

    missing = site(tmp_path / "missing", hire_me("{email: ana@example.com}"))
    assert missing.returncode == 1
    assert (
        "WARNING -  soapbox: posts/hire-me.md: speaker.booking.provider: no form provider is set,"
        " so inquiries open the visitor's email app; set 'provider:' to formspree, netlify, basin,"
        " web3forms or url, or to 'mailto' to choose email on purpose"
    ) in missing.output
    form = (
        site(tmp_path / "relaxed", hire_me("{email: ana@example.com}"), strict=False)
        .html("hire-me/")
        .select_one("form#booking-form")
    )
    assert form["action"].startswith("mailto:ana@example.com") and form["data-provider"] == "mailto"


def test_broken_speaker_data_stops_the_build_with_file_and_line(tmp_path):
    broken = hire_me().replace("talk: cold-calls}", "talk: cold-call}")
    result = site(tmp_path, broken)
    assert result.returncode == 1
    assert (
        "posts/hire-me.md:26: speaker.appearances[2].talk: unknown talk 'cold-call'; use the slug"
        " of one of the talks above: cold-calls, price-is-a-feeling (did you mean 'cold-calls'?)"
    ) in result.output


def test_speaker_styles_block_only_the_speaker_pages(built):
    """speaker.css was a render-blocking stylesheet on every page; only the speaker pages use it."""

    def sheets(path):
        return [link["href"] for link in built.html(path).select('head link[rel="stylesheet"]')]

    for path in ("hire-me/", "talks/cold-calls/", "appearances/", "hire-me/thanks/"):
        assert sum(href.endswith("assets/soapbox/speaker.css") for href in sheets(path)) == 1, path
    others = [p.parent for p in built.site.rglob("index.html")]
    others = [
        p.relative_to(built.site).as_posix() + "/"
        for p in others
        if not p.relative_to(built.site).as_posix().startswith(("hire-me", "talks", "appearances"))
    ]
    assert len(others) >= 3
    for path in others:
        path = "" if path == "./" else path
        assert not any(h.endswith("speaker.css") for h in sheets(path)), path
    assert built.path("assets/soapbox/speaker.css").exists()
