"""The parse stage: every file of the shared feeds corpus, encodings, JSON Feed, entry caps and the
ways a hostile document could make the parser reach outside the bytes it was given."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import UTC, datetime

import feedparser
import pytest

from harness import FEEDS_CORPUS
from soapbox.core.aggregator import jsonfeed
from soapbox.core.aggregator.decode import decode
from soapbox.core.aggregator.model import FetchResult
from soapbox.core.aggregator.parse import fix_schemeless, parse_feed, truncate_entries

CORPUS = FEEDS_CORPUS
FEED_URL = "https://feeds.example.com/blog/feed.xml"


def corpus_bytes(name: str) -> bytes:
    data = (CORPUS / name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def fetched(body: bytes, *, url: str = FEED_URL, content_type: str = "") -> FetchResult:
    headers = {"content-type": content_type} if content_type else {}
    return FetchResult(url, url, 200, body, headers)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# name, entries read, entries without any date, unreadable, warnings (bozo, charset, cap ...)
CORPUS_TABLE = [
    ("atom-akamai-blog-xmlbase.xml", 1, 0, False, 0),
    (
        "atom-aws-blog-leading-blank-line-xmlbase.xml",
        10,
        0,
        False,
        0,
    ),  # leading blank line removed: not bozo
    ("atom-control-characters-in-content.xml", 40, 0, False, 1),
    ("atom-daringfireball-xmlbase-per-entry.xml", 48, 0, False, 0),
    ("atom-date-only-updated.xml", 18, 0, False, 0),
    ("atom-entry-missing-everything.xml", 1, 1, False, 0),
    ("atom-google-ads-developer-blog-blogger.xml", 25, 0, False, 0),
    ("atom-google-alerts-html-titles-redirect-links.xml", 20, 0, False, 0),
    ("atom-html-doctype-before-feed.xml", 75, 0, False, 0),
    ("atom-html5-entity-colon-undefined.xml", 56, 0, False, 1),
    ("atom-jekyll-localhost-links-double-escaped-title.xml", 10, 0, False, 0),
    ("atom-pathological-inline-css.xml", 15, 0, False, 0),
    ("atom-samruby-xhtml-relative-links.xml", 20, 0, False, 0),
    ("atom-staysaasy-xmlbase-scripts.xml", 25, 0, False, 0),
    ("atom-tpm-xmlbase-fragment-scripts-iframes.xml", 20, 0, False, 0),
    ("atom-typepad-news-xhtml-xmlbase.xml", 10, 0, False, 0),
    ("atom-undeclared-shift-jis.xml", 1, 1, False, 1),
    ("atom-youtube-media-group.xml", 15, 0, False, 0),
    ("jsonfeed10-html-and-text-content.json", 10, 0, False, 0),
    ("jsonfeed10-inessential.json", 20, 0, False, 0),
    ("jsonfeed10-truncated-invalid.json", 0, 0, True, 0),
    ("jsonfeed11-german-blog-authors-language.json", 20, 0, False, 0),
    ("jsonfeed11-influxdata-blog-entity-in-title.json", 3, 3, False, 0),
    ("rss-broken-prolog-unbound-prefixes-unparseable.xml", 0, 0, True, 0),
    ("rss-utf16le-bom-minimal.xml", 0, 0, False, 0),  # valid and empty: no error
    ("rss092-iso-8859-1-no-dates.xml", 2, 2, False, 0),
    ("rss1-biorxiv-date-only-dcdate.xml", 30, 0, False, 0),
    ("rss1-rdf-iso-8859-1-davidbau.xml", 15, 0, False, 1),  # declares iso-8859-1, bytes are UTF-8
    ("rss1-sciencemag-dcdate-69-items.xml", 69, 0, False, 0),
    ("rss2-1046-items-no-guids.xml", 200, 0, False, 1),  # capped
    (
        "rss2-almonitor-duplicate-guids-iso-pubdate.xml",
        20,
        0,
        False,
        0,
    ),  # duplicates go in normalise
    ("rss2-cloudflare-blog-long-entry.xml", 1, 0, False, 0),
    ("rss2-dbengines-blog-nbsp-undefined-entity.xml", 1, 0, False, 1),
    ("rss2-dcdate-unix-epoch-truncated.xml", 2, 0, False, 1),
    ("rss2-declares-utf16-but-is-utf8.xml", 59, 0, False, 1),
    ("rss2-feedburner-duplicate-guid-elements.xml", 1, 0, False, 0),
    ("rss2-gatsby-cdata-title-missing-dates-relative-links.xml", 17, 7, False, 0),
    ("rss2-gb2312-chinese-slash-dates.xml", 20, 0, False, 0),
    ("rss2-ghost-workingsoftware-media-cdata.xml", 15, 0, False, 0),
    ("rss2-google-cloud-blog-media.xml", 20, 0, False, 0),
    ("rss2-illegally-nested-items-pcmag.xml", 20, 10, False, 0),
    ("rss2-iso-8859-1-jornal-de-noticias.xml", 40, 0, False, 0),
    ("rss2-italian-pubdate.xml", 1, 1, False, 0),
    ("rss2-livemint-business-news-cdata.xml", 25, 0, False, 0),
    ("rss2-medium-hodlhodl-company-news.xml", 10, 0, False, 0),
    ("rss2-nshipster-invalid-chars.xml.gz", 25, 0, False, 0),
    ("rss2-podcast-giantbomb-730-items.xml", 200, 0, False, 1),  # capped
    ("rss2-pubdate-no-seconds-edt-nasa.xml", 1, 0, False, 0),
    ("rss2-pypy-blog-171kb-entry.xml", 10, 0, False, 0),
    ("rss2-schemeless-channel-link.xml", 10, 0, False, 0),
    ("rss2-stratechery-very-long-entries.xml", 10, 0, False, 0),
    ("rss2-techcrunch-media-cdata-leading-blank-line.xml", 20, 0, False, 0),
    ("rss2-two-digit-year-relative-links-no-base.xml", 2, 0, False, 0),
    ("rss2-unclosed-cdata.xml", 8, 0, False, 1),
    ("rss2-undeclared-latin1-portuguese-dates-uol.xml", 15, 15, False, 1),
    ("rss2-unescaped-ampersand-null-description.xml", 15, 0, False, 1),
    ("rss2-us-style-pubdate-ampm.xml", 1, 0, False, 0),
    ("rss2-windows-1251-cyrillic-news.xml", 10, 0, False, 0),
    ("rss2-wordpress-script-after-root-element.xml", 10, 0, False, 1),
    ("rss2-xmlbase-relative-urls.xml", 2, 0, False, 0),
]


def test_the_table_covers_every_corpus_file():
    files = {
        p.name for p in CORPUS.iterdir() if p.name not in ("README.md", "LICENSES.md", "SHA256SUMS")
    }
    assert files == {row[0] for row in CORPUS_TABLE}


@pytest.mark.parametrize(
    ("name", "entries", "undated", "unreadable", "warnings"),
    CORPUS_TABLE,
    ids=[r[0] for r in CORPUS_TABLE],
)
def test_corpus_file(name, entries, undated, unreadable, warnings):
    parsed = parse_feed(fetched(corpus_bytes(name)))
    assert len(parsed.entries) == entries
    assert sum(1 for e in parsed.entries if e.published is None and e.updated is None) == undated
    assert bool(parsed.error) == unreadable, parsed.error
    if unreadable:
        assert FEED_URL in parsed.error  # the message names the feed
    assert len(parsed.warnings) == warnings, parsed.warnings
    for warning in parsed.warnings:
        assert warning.startswith(FEED_URL)
    for entry in parsed.entries:
        for moment in (entry.published, entry.updated):
            assert moment is None or moment.utcoffset().total_seconds() == 0
        assert "\ufffd" not in entry.title or name == "rss1-rdf-iso-8859-1-davidbau.xml"


def entry(name: str, index: int = 0):
    return parse_feed(fetched(corpus_bytes(name))).entries[index]


@pytest.mark.parametrize(
    ("name", "title_part"),
    [
        ("rss2-iso-8859-1-jornal-de-noticias.xml", "Mãe de utente é a nova presidente"),
        ("rss2-windows-1251-cyrillic-news.xml", "В Бузулуке главные стройплощадки"),
        ("rss2-gb2312-chinese-slash-dates.xml", "建国35周年纪念"),
        ("atom-undeclared-shift-jis.xml", "記事投稿が反映されない"),
        ("rss2-undeclared-latin1-portuguese-dates-uol.xml", "Ibope: Bolsonaro perde de Haddad"),
        ("rss2-declares-utf16-but-is-utf8.xml", "So you want to parse a PDF?"),
        ("atom-pathological-inline-css.xml", "Невидимая броня"),
    ],
)
def test_encodings_are_right(name, title_part):
    assert title_part in entry(name).title


def test_undeclared_latin1_accents_survive():
    titles = " ".join(
        e.title
        for e in parse_feed(
            fetched(corpus_bytes("rss2-undeclared-latin1-portuguese-dates-uol.xml"))
        ).entries
    )
    assert any(ch in titles for ch in "ãçéáõ")
    assert "Ã" not in titles  # no UTF-8-as-Latin-1 mojibake


def test_charset_warnings_name_what_was_overruled():
    parsed = parse_feed(fetched(corpus_bytes("rss2-declares-utf16-but-is-utf8.xml")))
    assert "declares utf-16" in parsed.warnings[0] and "utf-8" in parsed.warnings[0]
    parsed = parse_feed(fetched(corpus_bytes("atom-undeclared-shift-jis.xml")))
    assert "no encoding is declared" in parsed.warnings[0] and "cp932" in parsed.warnings[0]


def test_utf16le_with_bom_transcoded_from_a_real_feed():
    text = corpus_bytes("rss2-xmlbase-relative-urls.xml").decode("utf-8")
    body = codecs.BOM_UTF16_LE + text.replace('encoding="utf-8"', 'encoding="utf-16"').encode(
        "utf-16-le"
    )
    parsed = parse_feed(fetched(body))
    assert not parsed.error and [e.title for e in parsed.entries] == [
        "Pareto-optimal compression",
        "Tracking leftover packages with pacman",
    ]
    assert parsed.entries[0].author == "Jonas Große Sundrup"  # the e-mail address is dropped


def test_header_charset_that_contradicts_the_bytes():
    utf8 = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title><item><title>Crème brûlée</title><link>https://b.example/1</link></item></channel></rss>'.encode()
    for header in (
        "application/rss+xml; charset=utf-16",
        "text/xml; charset=iso-8859-1",
        "text/xml; charset=nonsense",
    ):
        parsed = parse_feed(fetched(utf8, content_type=header))
        assert parsed.entries[0].title == "Crème brûlée", header
        assert parsed.title == "Café"
        assert parsed.warnings and "the server declares" in parsed.warnings[0]
    # a Latin-1 document served as UTF-8: the header is wrong, the declaration is right
    latin1 = utf8.decode().replace("utf-8", "iso-8859-1").encode("latin-1")
    parsed = parse_feed(fetched(latin1, content_type="application/xml; charset=utf-8"))
    assert parsed.entries[0].title == "Crème brûlée"
    # text/xml without a charset is not read as US-ASCII (RFC 3023's default breaks real feeds)
    parsed = parse_feed(fetched(utf8, content_type="text/xml"))
    assert parsed.entries[0].title == "Crème brûlée" and not parsed.warnings


def test_decode_prefers_the_byte_order_mark():
    body = codecs.BOM_UTF8 + "<rss>é</rss>".encode()
    decoded = decode(body, "text/xml; charset=iso-8859-1")
    assert (
        decoded.text == "<rss>é</rss>"
        and decoded.encoding == "utf-8"
        and "byte order mark" in decoded.warning
    )


def test_links_resolve_against_the_feed_url_and_xml_base():
    samruby = entry("atom-samruby-xhtml-relative-links.xml")
    assert (
        samruby.link == "https://feeds.example.com/blog/2012/07/16/Inhibiting-Suspend"
    )  # relative, no base
    relative = entry("rss2-two-digit-year-relative-links-no-base.xml")
    assert relative.link.startswith("https://feeds.example.com/en/games/neverwinter/news/detail/")
    assert relative.published == utc(2017, 12, 7, 18, 0, 29)  # "Thu, 07 Dec 17 10:00:29 -0800"
    typepad = entry("atom-typepad-news-xhtml-xmlbase.xml")
    assert 'href="http://www.typepad.com/showcase"' in typepad.content_html
    assert "http://everything.typepad.com/.a/" in typepad.content_html  # xml:base applied to a src
    ctoomey = entry("atom-date-only-updated.xml")  # relative video link, no xml:base
    assert "https://feeds.example.com/assets/videos/wvim.mp4" in ctoomey.content_html
    assert ctoomey.updated == utc(2021, 2, 3)  # a bare date is midnight UTC


def test_schemeless_links_get_a_scheme():
    parsed = parse_feed(fetched(corpus_bytes("rss2-schemeless-channel-link.xml")))
    assert parsed.site_url == "https://coghlan.me/"
    assert parsed.entries[0].link == "https://coghlan.me/12-days-of-agents/"
    assert (
        fix_schemeless("https://feeds.example.com/blog/post.html/x", FEED_URL)
        == "https://feeds.example.com/blog/post.html/x"
    )
    assert (
        fix_schemeless("https://feeds.example.com/blog/2024/post/", FEED_URL)
        == "https://feeds.example.com/blog/2024/post/"
    )


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("rss2-pubdate-no-seconds-edt-nasa.xml", utc(2019, 8, 1, 20, 15)),  # "16:15 EDT"
        (
            "rss2-almonitor-duplicate-guids-iso-pubdate.xml",
            utc(2026, 2, 17, 22, 36, 36),
        ),  # ISO, -0500
        (
            "atom-google-ads-developer-blog-blogger.xml",
            utc(2016, 6, 3, 14, 38),
        ),  # fractional seconds, -07:00
        ("jsonfeed11-german-blog-authors-language.json", utc(2020, 2, 21, 17, 8, 6)),
    ],
)
def test_dates_are_aware_utc(name, published):
    assert entry(name).published == published


def test_json_feed_fields():
    influx = parse_feed(fetched(corpus_bytes("jsonfeed11-influxdata-blog-entity-in-title.json")))
    first = influx.entries[0]
    assert first.link.startswith("https://www.influxdata.com/blog/") and first.published is None
    assert first.author == "Chris Churilo, Fake Author 1"
    assert "InfluxDB" in first.categories
    assert first.content_html.startswith("<p>")  # content_text becomes escaped paragraphs
    german = entry("jsonfeed11-german-blog-authors-language.json")
    assert german.author == "Frank Boës" and german.title == "Lecker, lecker"
    truncated = parse_feed(fetched(corpus_bytes("jsonfeed10-truncated-invalid.json")))
    assert truncated.error.startswith(FEED_URL) and "not valid JSON" in truncated.error


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("[]", "not a JSON Feed"),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "not a JSON Feed"),
        ('{"items": [1, {"id": "a", "url": "https://b.example/a", "title": "ok"}]}', None),
    ],
)
def test_json_feed_shapes(document, problem):
    parsed = jsonfeed.parse(document, FEED_URL)
    if problem:
        assert problem in parsed.error
    else:
        assert [e.title for e in parsed.entries] == ["ok"]  # the bad item is skipped, not the feed
        assert any("skipped item 1" in w for w in parsed.warnings)
        assert any("without a known 'version'" in w for w in parsed.warnings)


def test_json_feed_detection_by_type_or_brace():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "items": [{"id": "1", "content_text": "x", "url": "/a"}],
        }
    ).encode()
    for content_type in (
        "application/feed+json",
        "application/json; charset=utf-8",
        "text/plain",
        "",
    ):
        parsed = parse_feed(fetched(body, content_type=content_type))
        assert parsed.entries[0].link == "https://feeds.example.com/a", content_type


def rss_with(n: int) -> bytes:
    items = "".join(
        f"<item><title>Post {i}</title><link>https://b.example/{i}</link><guid>g{i}</guid>"
        "<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><description>Text "
        f"{i}</description></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title><link>https://b.example/</link>{items}</channel></rss>'.encode()


def test_ten_thousand_entries_are_cut_before_feedparser_sees_them(monkeypatch):
    seen: list[int] = []
    real = feedparser.parse

    def spy(stream, **kwargs):
        data = stream.read()
        seen.append(data.count(b"<item>"))
        import io

        return real(io.BytesIO(data), **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    parsed = parse_feed(fetched(rss_with(10_000)), max_entries=50)
    assert seen == [50]  # feedparser never saw entry 51
    assert [e.title for e in parsed.entries[:2]] == ["Post 0", "Post 1"] and len(
        parsed.entries
    ) == 50
    assert parsed.warnings == (f"{FEED_URL}: more than 50 entries; only the first 50 were read",)


def test_truncation_keeps_the_document_well_formed():
    for root, close in (
        ("rss", "</channel></rss>"),
        ("feed", "</feed>"),
        ("rdf:RDF", "</rdf:RDF>"),
    ):
        text = (
            "<!-- <feed> in a comment "
            f"--><{root}><channel><item>1</item><item>2</item><item>3</item>"
        )
        cut, found = truncate_entries(text, 2)
        assert found == 3 and cut.endswith("<item>2</item>" + close)
    atom = parse_feed(
        fetched(
            b'<feed xmlns="http://www.w3.org/2005/Atom">'
            + b"<entry><title>t</title><id>x</id></entry>" * 5
            + b"</feed>"
        ),
        max_entries=3,
    )
    assert len(atom.entries) == 3 and len(atom.warnings) == 1  # only the cap, not bozo


def test_external_entities_are_never_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>x</title><item><title>a &xxe; b</title>'
        "<link>https://b.example/1</link><description>&xxe;</description></item></channel></rss>"
    ).encode()
    parsed = parse_feed(fetched(body))
    assert "TOP-SECRET-VALUE" not in repr(parsed)


def test_entity_expansion_bomb_is_harmless():
    lol = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    body = f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss version="2.0"><channel><item><title>&i;</title><link>https://b.example/</link></item></channel></rss>'.encode()
    parsed = parse_feed(fetched(body))
    assert all(len(e.title) < 10_000 for e in parsed.entries)


def test_a_body_naming_a_local_file_is_not_opened(tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_bytes(rss_with(1))
    parsed = parse_feed(
        fetched(str(secret).encode())
    )  # feedparser.parse(bytes) would open this path
    assert parsed.entries == () and parsed.error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (
            b"<!DOCTYPE html><html><head><title>Blog</title></head><body>hi</body></html>",
            "is a web page, not a feed",
        ),
        (b"\x00\xff\xfe garbage \x89PNG", "is not an RSS, Atom or JSON feed"),
        (b"{not json", "not valid JSON"),
    ],
)
def test_unreadable_documents_are_errors_not_exceptions(body, message):
    parsed = parse_feed(fetched(body))
    assert message in parsed.error and parsed.error.startswith(FEED_URL)


def test_the_final_url_is_the_base():
    body = b'<rss version="2.0"><channel><item><title>t</title><link>/post/1</link></item></channel></rss>'
    result = FetchResult("http://old.example/feed", "https://new.example/blog/feed", 200, body, {})
    assert parse_feed(result).entries[0].link == "https://new.example/post/1"
