"""The incremental preview's core: digests of template inputs, the records a template reads,
and when a kept output may be printed again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from soapbox.core import incremental as core


@dataclass
class Record:
    key: str
    title: str
    hidden: str = field(default="", compare=False)


@dataclass
class Plan:
    now: datetime
    records: list[Record]


class Opaque:
    pass


def _ref(value):
    return value.key if isinstance(value, Record) else None


def _hasher(skip=frozenset()):
    return core.Hasher(lambda value: NotImplemented, _ref, skip_fields=skip)


def test_equal_inputs_digest_equal_and_any_change_shows():
    one = {"title": "A", "n": 1, "items": [1.5, None, True], "tags": {"b", "a"}}
    two = {"title": "A", "n": 1, "items": [1.5, None, True], "tags": {"a", "b"}}
    assert _hasher().digest(one) == _hasher().digest(two)
    assert _hasher().digest(one) != _hasher().digest({**one, "n": 2})
    assert _hasher().digest(["1"]) != _hasher().digest([1])  # a type is part of the digest
    assert _hasher().digest(["ab", "c"]) != _hasher().digest(["a", "bc"])


def test_a_record_in_the_context_counts_by_its_identity_and_digests_whole_on_demand():
    hasher = _hasher()
    before = hasher.digest({"post": Record("a.md", "Old")})
    assert hasher.ref_digest("a.md") is not None
    other = _hasher()
    assert other.digest({"post": Record("a.md", "New")}) == before  # identity only
    assert other.ref_digest("a.md") != hasher.ref_digest("a.md")  # the record itself differs
    assert other.ref_digest("missing.md") is None


def test_fields_outside_equality_and_the_clock_are_left_out():
    hasher = _hasher(core.CLOCK_FIELDS)
    early = Plan(datetime(2026, 1, 1, tzinfo=UTC), [Record("a.md", "A", hidden="x")])
    late = Plan(datetime(2026, 2, 1, tzinfo=UTC), [Record("a.md", "A", hidden="y")])
    assert hasher.digest(early) == _hasher(core.CLOCK_FIELDS).digest(late)
    assert _hasher().digest(early) != _hasher().digest(late)  # a template naming `now`


def test_an_unknown_object_or_a_cycle_is_never_guessed():
    with pytest.raises(core.Unhashable):
        _hasher().digest({"x": Opaque()})
    loop: list = []
    loop.append(loop)
    with pytest.raises(core.Unhashable):
        _hasher().digest(loop)


def test_the_recorder_counts_records_read_and_lists_but_not_a_map_read_whole():
    recorder = core.Recorder(_ref)
    a, b, c = Record("a.md", "A"), Record("b.md", "B"), Record("c.md", "C")
    recorder.read({"x": 1}, a)  # outside a render: nothing is recorded
    with recorder.recording() as shown:
        recorder.read({"post": a}, a)
        recorder.read(object(), [(2025, b)])  # two levels deep
        recorder.read(object(), {"c.md": [c]})  # the related-posts map of every post
    assert shown == {"a.md", "b.md"}


def test_a_kept_output_is_printed_only_while_every_record_it_showed_is_the_same():
    pages = core.Pages()
    hasher = _hasher()
    hasher.digest([Record("a.md", "A"), Record("b.md", "B")])
    pages.keep("post.html\0a/", "fp", {"a.md"}, "<html>A</html>", hasher)
    assert pages.lookup("post.html\0a/", "fp", hasher) == "<html>A</html>"
    assert pages.lookup("post.html\0a/", "other", hasher) is None
    edited = _hasher()
    edited.digest([Record("a.md", "A, edited"), Record("b.md", "B")])
    assert pages.lookup("post.html\0a/", "fp", edited) is None
    unrelated = _hasher()
    unrelated.digest([Record("a.md", "A"), Record("b.md", "B, edited")])
    assert pages.lookup("post.html\0a/", "fp", unrelated) == "<html>A</html>"
    gone = _hasher()
    assert pages.lookup("post.html\0a/", "fp", gone) is None  # the post was deleted


class Template:
    name = "page.html"

    def __init__(self) -> None:
        self.calls = 0

    def render(self, context):
        self.calls += 1
        return f"<p>{context['page'].title}</p>"


@dataclass
class FakePage:
    url: str
    title: str


def test_a_session_renders_once_and_prints_the_kept_output_while_nothing_changed(tmp_path):
    session = core.Session(lambda v: NotImplemented, _ref, lambda p: {"url": p.url, "t": p.title})
    template = Template()
    for title, calls in (("A", 1), ("A", 1), ("B", 2)):
        session.begin([str(tmp_path)], "config")
        page = FakePage("a/", title)
        assert session.render(template, {"page": page, "site": "S"}) == f"<p>{title}</p>"
        assert template.calls == calls
    assert session.summary()[0] == "incremental preview: 0 pages kept, 1 rendered again"


def test_under_serve_the_entries_reach_the_disk_after_the_build(tmp_path):
    """A serve build writes its page-cache entries once it ends (while the browser reloads); a
    new process then finds them. A build outside serve writes each entry at once."""
    from soapbox.core.page_cache import Finished, Store

    def build(retain: bool) -> tuple[core.Session, Store]:
        session = core.Session(lambda v: NotImplemented, _ref, lambda p: {"url": p.url})
        store = Store(tmp_path / ("serve" if retain else "build"))
        session.begin([str(tmp_path / "theme")], "config", store=store, retain=retain)
        output = session.render(Template(), {"page": FakePage("a/", "A")})
        session.keep_finished("a/", output, Finished("k", "<p>A!</p>", [], []))
        return session, store

    (tmp_path / "theme").mkdir()
    serve, store = build(retain=True)
    assert store.written == 0 and not list(store.folder.rglob("*.*"))
    assert "1 written" in serve.summary()[0]
    serve.end()
    assert serve.writer is not None
    serve.writer.join()
    assert store.written == 1
    (name,) = [f.name for f in store.folder.rglob("*") if f.is_file()]
    _, built = build(retain=False)
    assert built.written == 1  # at once
    assert sorted(f.name for f in built.folder.rglob("*") if f.is_file()) == [name]


def test_templates_naming_the_clock_keep_it_in_the_digest(tmp_path):
    (tmp_path / "main.html").write_text("{{ build_date_utc }} {{ soapbox.publication.now }}")
    session = core.Session(lambda v: NotImplemented, _ref, lambda p: None)
    session.begin([str(tmp_path)])
    assert session.keep_build_date and session.hasher and session.hasher.skip_fields == frozenset()
    (tmp_path / "main.html").write_text("{{ page.title }}")
    session.begin([str(tmp_path)])
    assert not session.keep_build_date and session.hasher.skip_fields == core.CLOCK_FIELDS
    # The words in a template's text are not code: "right now" does not make every page's
    # fingerprint change with the clock (no page would ever be kept between two builds).
    (tmp_path / "main.html").write_text("<p>No dates right now.</p>{# build_date_utc #}")
    session.begin([str(tmp_path)])
    assert not session.keep_build_date and session.hasher.skip_fields == core.CLOCK_FIELDS
    (tmp_path / "main.html").write_text("{% if x.now > y %}{{ 'now' }}{% endif %}")
    session.begin([str(tmp_path)])
    assert session.hasher.skip_fields == frozenset()


def test_names_in_template_code_only():
    assert core.named_in_code("{{ now }}", "now")
    assert core.named_in_code("{%- set t = soapbox.now -%}", "now")
    assert core.named_in_code("{{\n  build_date_utc\n}}", "build_date_utc")
    assert not core.named_in_code("right now {# now #}", "now")
    assert not core.named_in_code("{{ nowhere }} {{ known }}", "now")


def test_outputs_of_pages_the_last_build_did_not_render_are_dropped(tmp_path):
    session = core.Session(lambda v: NotImplemented, _ref, lambda p: {"url": p.url})
    template = Template()
    session.begin([str(tmp_path)])
    for url in ("a/", "b/"):
        session.render(template, {"page": FakePage(url, url)})
    session.begin([str(tmp_path)])
    session.render(template, {"page": FakePage("a/", "a/")})  # b/ is gone (a deleted post)
    session.begin([str(tmp_path)])
    assert [key.split("\0")[1] for key in session.pages.kept] == ["a/"]


@dataclass
class Shelf:
    """A watched record: a page counts only what it reads of it."""

    of_post: dict
    title: str


def _watched(value):
    return "shelf" if isinstance(value, Shelf) else None


def test_a_watched_record_counts_by_what_a_page_reads_of_it():
    old = Shelf({"a.md": ("x",), "b.md": ("y",)}, "Shelf")
    hasher = core.Hasher(
        lambda v: NotImplemented, _ref, skip_fields=frozenset(), watched_of=_watched
    )
    new = Shelf({"a.md": ("x",), "b.md": ("z",)}, "Shelf")
    other = core.Hasher(
        lambda v: NotImplemented, _ref, skip_fields=frozenset(), watched_of=_watched
    )
    assert hasher.digest({"shelf": old}) == other.digest({"shelf": new})  # by its name only
    recorder = core.Recorder(_ref, _watched)
    with recorder.recording() as shown:
        chips = recorder.read(old, old.of_post, "of_post")
        assert chips.get("a.md") == ("x",) and "c.md" not in chips
        assert recorder.read(old, old.title, "title") == "Shelf"
    assert shown == {
        core.watched_ref("shelf", "of_post", "a.md"),
        core.watched_ref("shelf", "of_post", "c.md"),
        core.watched_ref("shelf", "title"),
    }
    same = {ref: hasher.ref_digest(ref) for ref in shown}
    assert {ref: other.ref_digest(ref) for ref in shown} == same  # b.md was not read
    with recorder.recording() as whole:
        assert dict(recorder.read(old, old.of_post, "of_post").items()) == old.of_post
    assert whole == {core.watched_ref("shelf", "of_post")}
    assert hasher.ref_digest(core.watched_ref("shelf", "of_post")) != other.ref_digest(
        core.watched_ref("shelf", "of_post")
    )
    gone = core.Hasher(lambda v: NotImplemented, _ref, skip_fields=frozenset(), watched_of=_watched)
    with pytest.raises(core.Unhashable):  # not in this build's context: never vouched for
        gone.ref_digest(core.watched_ref("shelf", "title"))


@dataclass
class NavPage:
    """A nav entry: digested as usual, except its front matter (`meta`), which counts by what
    a page reads of it."""

    src: str
    title: str
    meta: dict


def _parts(value):
    return (f"page:{value.src}", frozenset({"meta"})) if isinstance(value, NavPage) else None


def _nav_hasher():
    project = lambda v: {"title": v.title} if isinstance(v, NavPage) else NotImplemented  # noqa: E731
    return core.Hasher(project, _ref, skip_fields=frozenset(), parts_of=_parts)


def test_a_nav_entry_counts_its_front_matter_by_the_keys_a_page_reads():
    hire = NavPage("hire-me.md", "Hire me", {"icon": "mic", "speaker": {"talks": 3}})
    edited = NavPage("hire-me.md", "Hire me", {"icon": "mic", "speaker": {"talks": 4}})
    before, after = _nav_hasher(), _nav_hasher()
    assert before.digest([hire]) == after.digest([edited])  # the title counts, the meta not
    assert before.digest([hire]) != _nav_hasher().digest([NavPage("hire-me.md", "Book me", {})])
    recorder = core.Recorder(_ref, parts_of=_parts)
    with recorder.recording() as shown:
        meta = recorder.read(hire, hire.meta, "meta")
        assert meta and meta.get("icon") == "mic"
        assert recorder.read(hire, hire.title, "title") == "Hire me"  # not watched: digested
    assert shown == {
        core.watched_ref("page:hire-me.md", "meta", core.NONEMPTY),
        core.watched_ref("page:hire-me.md", "meta", "icon"),
    }
    assert all(before.ref_digest(ref) == after.ref_digest(ref) for ref in shown)
    speaker = core.watched_ref("page:hire-me.md", "meta", "speaker")
    assert before.ref_digest(speaker) != after.ref_digest(speaker)
    with recorder.recording(whole=hire) as own:  # the page itself: digested whole already
        assert recorder.read(hire, hire.meta, "meta") is hire.meta
    assert own == set()


def test_the_templates_soapbox_ships_read_watched_records_attribute_by_attribute():
    """A watched record handed whole to a filter or a macro would be read unseen: the shipped
    templates read its attributes, or name it (`{% set view = soapbox.speaker %}`) to read them."""
    root = Path(core.__file__).resolve().parents[1] / "templates"
    text = "\n".join(p.read_text() for p in sorted(root.rglob("*.html")))
    code = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)  # comments are not code
    whole = r"(soapbox\.(topics|speaker|publication)|\bview)"
    assert re.search(r"soapbox\.(topics|speaker|publication)\.", code)
    assert not re.search(whole + r"\s*\|", code)  # given to a filter
    assert not re.search(whole + r"\s*[,)]", code)  # given to a macro or a function
    assert not re.search(r"\bview\s*(==|!=|~)", code)
