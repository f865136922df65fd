"""The hire-me page in headless Chromium: validation, a real submission to a local endpoint, the
honeypot, the mailto fallback, pre-filled calls to action, the click-to-load video."""

from __future__ import annotations

import contextlib
import http.server
import threading
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
VALUES = {
    "name": "Bo O'Hara",
    "email": "bo@example.com",
    "organisation": "Acme & <Events>",
    "event_name": "SKO 2027",
    "event_date": "2027-03-04",
    "event_end_date": "2027-03-05",
    "location_type": "hybrid",
    "location": "Leeds, Corn Exchange",
    "audience_size": "250",
    "audience": "AEs and SDRs; mostly mid-market",
    "format": "keynote",
    "length": "45 minutes",
    "talk": "cold-calls",
    "topic": "Openers",
    "budget": "5,000 to 10,000",
    "travel_covered": "yes",
    "message": "Line one\nLine two",
    "heard": "A colleague",
}
# What an organiser knows at first contact; the rest is optional (it was twelve fields).
REQUIRED = ["name", "email", "organisation", "event_name", "message"]


def hire_me(booking: str) -> str:
    return f"""---
title: Hire me
speaker:
  name: Ana Ruiz
  talks:
    - {{title: Price Is a Feeling, abstract: Discounts are a habit., topics: [pricing]}}
    - {{title: Cold Calls Return, slug: cold-calls, abstract: Openers., topics: [cold calling]}}
  reel: {{youtube: Xk3pQ9vLr2A, title: Reel, poster: images/ana.png}}
  appearances:
    - {{date: 2027-02-24, event: RevOps Con, city: Chicago, talk: cold-calls}}
  booking: {booking}
---
Why book me.
"""


POSTS = {
    "rants/pricing.md": (
        "---\ntitle: On pricing\ndate: 2025-01-02\ntopics: [pricing]\n---\n\nText.\n"
    ),
    "rants/ops.md": "---\ntitle: On ops\ndate: 2025-01-03\ntopics: [R&D ops]\n---\n\nText.\n",
}


@contextlib.contextmanager
def recorder():
    """A form endpoint on 127.0.0.1: records each POST body and redirects to its `_next`."""
    received: list[dict[str, list[str]]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the base class's naming
            length = int(self.headers.get("Content-Length", 0))
            fields = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
            received.append(fields)
            self.send_response(303)
            self.send_header("Location", fields.get("_next", ["/"])[0])
            self.end_headers()

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/inquiries", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def build(root, booking: str):
    posts = {**POSTS, "hire-me.md": hire_me(booking)}
    config = harness.write_site(
        root / "src", posts, {}, {"theme": {"name": "material", "font": False}}
    )
    (root / "src" / "posts" / "images").mkdir()
    (root / "src" / "posts" / "images" / "ana.png").write_bytes(
        (harness.REPO / "posts" / "images" / "speaker-headshot.png").read_bytes()
    )
    return harness.build(config, root / "out", now=NOW).assert_ok()


@pytest.fixture(scope="module")
def endpoint():
    with recorder() as (url, received):
        yield url, received


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, endpoint):
    result = build(
        tmp_path_factory.mktemp("booking"), f"{{provider: url, endpoint: '{endpoint[0]}'}}"
    )
    with harness.serve(result.site) as url:
        yield url


@pytest.fixture(scope="module")
def mailto_url(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("mailto"), "{provider: mailto, email: ana@example.com}")
    with harness.serve(result.site) as url:
        yield url


def fill(page) -> None:
    form = page.locator("#booking-form")
    for name, value in VALUES.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator('[name="dates_flexible"]').check()


def test_an_empty_submit_is_blocked_with_visible_messages(page, site_url, endpoint):
    before = len(endpoint[1])
    page.goto(site_url + "hire-me/")
    page.get_by_role("button", name="Send inquiry").click()
    errors = page.locator(".sbs-field__error:visible")
    assert errors.count() == len(REQUIRED)
    assert (
        page.locator("#bk-email-error").inner_text()
        == "Please enter an email address like name@company.com."
    )
    assert page.locator(".sbs-form__summary").inner_text() == (
        f"{len(REQUIRED)} fields need your attention before the inquiry can be sent."
    )
    assert page.evaluate("document.activeElement.name") == "name"
    assert page.locator("#bk-name").get_attribute("aria-invalid") == "true"
    page.locator("#bk-email").fill("not an email")
    page.locator("#bk-name").fill("Bo")
    assert page.locator("#bk-name-error").is_hidden()  # fixed fields clear their message at once
    assert page.locator("#bk-email-error").is_visible()
    assert page.url == site_url + "hire-me/"
    assert len(endpoint[1]) == before
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_a_filled_form_sends_every_field_and_lands_on_the_thank_you_page(page, site_url, endpoint):
    page.goto(site_url + "hire-me/")
    fill(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send inquiry").click()
    assert page.url == site_url + "hire-me/thanks/"
    assert page.locator("h1").inner_text() == "Thank you"
    fields = endpoint[1][-1]
    sent = {k: v[0] for k, v in fields.items()}
    assert sent == {
        **VALUES,
        "message": "Line one\r\nLine two",  # forms send CRLF
        "dates_flexible": "yes",
        "_gotcha": "",
        "_subject": "Speaking inquiry: SKO 2027",  # the event's name, for the organiser's inbox
        "_next": site_url + "hire-me/thanks/",  # rewritten to where the site is served
    }
    assert page.locator(".sb-announce").count() == 0  # no "hire me" bar after an inquiry
    assert page.locator("main a.md-button--primary").count() == 0
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_the_honeypot_is_present_and_hidden(page, site_url):
    page.goto(site_url + "hire-me/")
    trap = page.locator('#booking-form input[name="_gotcha"]')
    assert trap.count() == 1
    assert trap.is_hidden()
    assert trap.get_attribute("tabindex") == "-1"


def test_the_mailto_fallback_carries_every_field(page, mailto_url):
    page.goto(mailto_url + "hire-me/")
    assert page.locator("#booking-form").get_attribute("data-provider") == "mailto"
    plain = page.locator(".sbs-form__alt a")
    assert plain.get_attribute("href") == "mailto:ana@example.com?subject=Speaking%20inquiry"
    fill(page)
    page.get_by_role("button", name="Send inquiry").click()
    link = page.locator("#booking-mailto")
    link.wait_for(state="visible")
    parts = urlsplit(link.get_attribute("href"))
    assert parts.scheme == "mailto" and parts.path == "ana@example.com"
    query = {k: unquote(v) for k, v in (p.split("=", 1) for p in parts.query.split("&"))}
    assert query["subject"] == "Speaking inquiry: SKO 2027"
    shown = {
        "location_type": "Hybrid",
        "format": "Keynote",
        "talk": "Cold Calls Return",
        "travel_covered": "Yes",
    }  # selects carry their visible label
    labels = page.eval_on_selector_all(
        "#booking-form [data-label]", "els => els.map(el => [el.name, el.dataset.label])"
    )
    expected = [
        f"{label}: {'yes' if name == 'dates_flexible' else shown.get(name, VALUES.get(name))}"
        for name, label in labels
    ]
    assert query["body"] == "\r\n".join(expected)
    assert (
        expected[0] == "Your name: Bo O'Hara"
        and expected[-1] == "How did you hear about me?: A colleague"
    )
    assert len(labels) == len(VALUES) + 1  # every field, the checkbox included
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_calls_to_action_pre_fill_the_talk_or_the_topic(page, site_url):
    page.goto(site_url + "pricing/")
    page.locator(".sbs-cta a").click()
    page.wait_for_load_state()
    assert page.url == site_url + "hire-me/?talk=price-is-a-feeling#booking"
    assert page.locator("#bk-talk").input_value() == "price-is-a-feeling"
    page.goto(site_url + "ops/")
    page.locator(".sbs-cta a").click()
    page.wait_for_load_state()
    assert page.locator("#bk-topic").input_value() == "R&D ops"
    assert page.locator("#bk-talk").input_value() == ""
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_the_video_loads_only_after_a_click(page, site_url):
    page.goto(site_url + "hire-me/")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert page.blocked_requests == []  # nothing from YouTube (or anyone else) so far
    assert page.console_errors == []
    page.get_by_role("link", name="Play: Reel").click()
    frame = page.locator(".sbs-video iframe")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/Xk3pQ9vLr2A"
    )


def test_an_event_date_in_the_past_is_refused_with_a_reason(page, site_url, endpoint):
    before = len(endpoint[1])
    page.goto(site_url + "hire-me/")
    fill(page)
    today = page.evaluate("new Date().toLocaleDateString('en-CA')")  # the visitor's YYYY-MM-DD
    assert page.locator("#bk-event_date").get_attribute("min") == today
    page.locator("#bk-event_date").fill("2020-01-01")
    page.locator("#bk-event_end_date").fill("")
    page.get_by_role("button", name="Send inquiry").click()
    error = page.locator("#bk-event_date-error")
    assert error.inner_text() == (
        "This date is in the past: pick today or a later day (or leave it empty)."
    )
    assert page.evaluate("document.activeElement.id") == "bk-event_date"
    assert page.locator(".sbs-form__summary").inner_text() == (
        "One field needs your attention before the inquiry can be sent."
    )
    assert page.url == site_url + "hire-me/" and len(endpoint[1]) == before
    assert page.console_errors == []


def test_a_last_day_before_the_first_is_refused_and_named(page, site_url, endpoint):
    before = len(endpoint[1])
    page.goto(site_url + "hire-me/")
    fill(page)
    page.locator("#bk-event_date").fill("2027-03-04")
    page.locator("#bk-event_end_date").fill("2027-03-02")
    page.get_by_role("button", name="Send inquiry").click()
    error = page.locator("#bk-event_end_date-error")
    assert error.inner_text() == (
        "The last day is before the first day (2027-03-04): pick the first day or a later one."
    )
    assert page.evaluate("document.activeElement.id") == "bk-event_end_date"
    assert len(endpoint[1]) == before
    page.locator("#bk-event_date").fill("2027-03-01")  # moving the first day clears it
    page.locator("#bk-event_date").dispatch_event("change")
    assert error.is_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="Send inquiry").click()
    sent = {k: v[0] for k, v in endpoint[1][-1].items()}
    assert (sent["event_date"], sent["event_end_date"]) == ("2027-03-01", "2027-03-02")
    assert page.console_errors == []


def test_only_the_first_contact_fields_are_needed(page, site_url, endpoint):
    page.goto(site_url + "hire-me/")
    form = page.locator("#booking-form")
    values = {
        "name": "Bo",
        "email": "bo@example.com",
        "organisation": "Acme",
        "event_name": "Sales kickoff, spring 2027",
        "message": "Could you keynote?",
    }
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="Send inquiry").click()
    sent = {k: v[0] for k, v in endpoint[1][-1].items()}
    assert {k: sent[k] for k in values} == values
    assert sent["_subject"] == "Speaking inquiry: Sales kickoff, spring 2027"
    assert sent["event_date"] == "" and sent["budget"] == ""
    assert page.console_errors == []


def test_optional_groups_say_so_once(page, site_url):
    page.goto(site_url + "hire-me/")
    legends = page.locator("#booking-form legend").all_inner_texts()
    assert legends == [
        "About you",
        "Your inquiry",
        "Event details, if you know them (optional)",
        "The session, if you have one in mind (optional)",
        "Budget and travel, if known (optional)",
    ]
