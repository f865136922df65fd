"""The benchmark's synthetic site: N posts of realistic size and shape, written deterministically.

One seeded `random.Random` drives everything, dates count back from a fixed "now", and nothing is
read from the network or the clock, so the same parameters always give byte-identical files. Three
variants of the same markdown are written side by side:

    soapbox.yml   every Soapbox feature on (the optional ones when this Soapbox has them)
    material.yml  plain mkdocs-material on the same `docs/` (MkDocs' default plugins: search),
                  with a short nav; material-autonav.yml the same with MkDocs' automatic nav
    blog.yml      Material's blog + tags plugins and mkdocs-rss-plugin on `blog-docs/`, a copy
                  converted to what the blog plugin needs (posts under blog/posts/, date, tags)

A site is cached under `cache_root()/<key>/` by its parameters and the generator's version, and
written into a temporary folder first, so an interrupted run never leaves half a site behind.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import json
import os
import random
import shutil
import struct
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

GENERATOR_VERSION = 6  # bump when the output changes: it is part of the cache key
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # the builds' SOURCE_DATE_EPOCH
SITE_URL = "https://bench.example.com/"
SITE_NAME = "Rowan Vale"
AUTHOR = "rowan"
YEARS = 10  # posts spread over this many years before NOW

# Front matter keys only Soapbox reads; the blog copy drops or converts them.
SOAPBOX_ONLY = (
    "type",
    "topics",
    "image",
    "image_alt",
    "image_credit",
    "series",
    "featured",
    "updated",
    "author",
)

# (slug, title, parent, synonyms): 12 broad topics with 4 subtopics each, 60 in all.
TOPICS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("prospecting", "Prospecting", None, ("outbound",)),
    ("cold-calling", "Cold calling", "prospecting", ("cold calls", "phone prospecting")),
    ("cold-email", "Cold email", "prospecting", ("outbound email",)),
    ("social-selling", "Social selling", "prospecting", ("linkedin selling",)),
    ("account-research", "Account research", "prospecting", ("target accounts",)),
    ("discovery", "Discovery", None, ("discovery calls",)),
    ("discovery-questions", "Discovery questions", "discovery", ("open questions",)),
    ("qualification", "Qualification", "discovery", ("meddic", "bant")),
    ("pain-mapping", "Pain mapping", "discovery", ("cost of inaction",)),
    ("stakeholder-mapping", "Stakeholder mapping", "discovery", ("org charts",)),
    ("buyers-side", "The buyer's side", None, ("buyer enablement",)),
    ("buyers-journey", "Buyer's journey", "buyers-side", ("buying process",)),
    ("buying-committee", "Buying committee", "buyers-side", ("decision makers",)),
    ("procurement", "Procurement", "buyers-side", ("purchasing",)),
    ("business-case", "Business case", "buyers-side", ("roi case",)),
    ("negotiation", "Negotiation", None, ("negotiating",)),
    ("pricing", "Pricing", "negotiation", ("price increases",)),
    ("contract-terms", "Contract terms", "negotiation", ("redlines",)),
    ("concessions", "Concessions", "negotiation", ("trading concessions",)),
    ("multi-year-deals", "Multi-year deals", "negotiation", ("long contracts",)),
    ("sales-leadership", "Sales leadership", None, ("sales management",)),
    ("hiring", "Hiring", "sales-leadership", ("recruiting",)),
    ("coaching", "Coaching", "sales-leadership", ("deal coaching",)),
    ("compensation", "Compensation", "sales-leadership", ("commission plans",)),
    ("sales-culture", "Sales culture", "sales-leadership", ("team culture",)),
    ("pipeline", "Pipeline", None, ("pipeline management",)),
    ("forecasting", "Forecasting", "pipeline", ("forecast calls",)),
    ("deal-reviews", "Deal reviews", "pipeline", ("pipeline reviews",)),
    ("crm-hygiene", "CRM hygiene", "pipeline", ("crm data",)),
    ("stage-definitions", "Stage definitions", "pipeline", ("exit criteria",)),
    ("sales-enablement", "Sales enablement", None, ("enablement",)),
    ("onboarding", "Onboarding", "sales-enablement", ("ramp time",)),
    ("roleplays", "Roleplays", "sales-enablement", ("practice calls",)),
    ("playbooks", "Playbooks", "sales-enablement", ("sales playbooks",)),
    ("call-reviews", "Call reviews", "sales-enablement", ("call recordings",)),
    ("remote-selling", "Remote selling", None, ("virtual selling",)),
    ("video-calls", "Video calls", "remote-selling", ("zoom calls",)),
    ("async-selling", "Async selling", "remote-selling", ("async video",)),
    ("virtual-events", "Virtual events", "remote-selling", ("webinars",)),
    ("distributed-teams", "Distributed teams", "remote-selling", ("remote teams",)),
    ("public-speaking", "Public speaking", None, ("speaking",)),
    ("keynotes", "Keynotes", "public-speaking", ("keynote talks",)),
    ("workshops", "Workshops", "public-speaking", ("training days",)),
    ("panels", "Panels", "public-speaking", ("panel discussions",)),
    ("stagecraft", "Stagecraft", "public-speaking", ("stage presence",)),
    ("customer-success", "Customer success", None, ("account management",)),
    ("renewals", "Renewals", "customer-success", ("renewal calls",)),
    ("expansion", "Expansion", "customer-success", ("upsell",)),
    ("churn", "Churn", "customer-success", ("customer attrition",)),
    ("customer-onboarding", "Customer onboarding", "customer-success", ("implementation",)),
    ("sales-tech", "Sales technology", None, ("sales tools",)),
    ("sales-automation", "Sales automation", "sales-tech", ("sequences",)),
    ("ai-in-sales", "AI in sales", "sales-tech", ("sales ai",)),
    ("conversation-intelligence", "Conversation intelligence", "sales-tech", ("call analytics",)),
    ("sales-engagement", "Sales engagement platforms", "sales-tech", ("engagement platforms",)),
    ("demos", "Demos", None, ("product demos",)),
    ("demo-design", "Demo design", "demos", ("demo scripts",)),
    ("proof-of-concept", "Proof of concept", "demos", ("pilots",)),
    ("storytelling", "Storytelling", "demos", ("customer stories",)),
    ("objection-handling", "Objection handling", "demos", ("objections",)),
)

# content type key -> (folder, share of posts)
TYPES = (
    ("rant", "rants", 0.55),
    ("case-study", "case-studies", 0.25),
    ("speaker", "speaking", 0.20),
)

COMMON = [
    "time",
    "year",
    "people",
    "way",
    "day",
    "team",
    "week",
    "call",
    "deal",
    "buyer",
    "seller",
    "customer",
    "account",
    "manager",
    "rep",
    "question",
    "answer",
    "meeting",
    "number",
    "price",
    "budget",
    "quarter",
    "target",
    "problem",
    "plan",
    "process",
    "change",
    "decision",
    "risk",
    "cost",
    "value",
    "result",
    "reason",
    "story",
    "email",
    "phone",
    "room",
    "stage",
    "slide",
    "talk",
    "client",
    "company",
    "market",
    "product",
    "demo",
    "pipeline",
    "forecast",
    "contract",
    "renewal",
    "partner",
    "leader",
    "coach",
    "hire",
    "training",
    "habit",
    "mistake",
    "lesson",
    "pattern",
    "signal",
    "metric",
    "review",
    "report",
    "note",
    "list",
    "step",
    "idea",
    "point",
    "case",
    "example",
    "room",
    "first",
    "last",
    "next",
    "best",
    "better",
    "worse",
    "real",
    "hard",
    "easy",
    "simple",
    "clear",
    "honest",
    "quick",
    "slow",
    "early",
    "late",
    "open",
    "closed",
    "small",
    "large",
    "new",
    "old",
    "good",
    "bad",
    "right",
    "wrong",
    "short",
    "long",
    "whole",
    "half",
    "weekly",
    "monthly",
    "every",
    "most",
    "write",
    "read",
    "ask",
    "tell",
    "show",
    "hear",
    "learn",
    "think",
    "know",
    "want",
    "need",
    "use",
    "find",
    "give",
    "take",
    "keep",
    "start",
    "stop",
    "run",
    "build",
    "break",
    "fix",
    "test",
    "try",
    "miss",
    "win",
    "lose",
    "lead",
    "follow",
    "sell",
    "buy",
    "pay",
    "spend",
    "save",
    "move",
    "push",
    "pull",
    "work",
    "talk",
    "listen",
    "wait",
    "plan",
    "measure",
    "track",
    "coach",
    "hire",
    "train",
    "explain",
    "decide",
    "agree",
    "argue",
    "change",
    "trust",
]
CONNECTORS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "that",
    "it",
    "for",
    "on",
    "with",
    "as",
    "at",
    "by",
    "from",
    "this",
    "but",
    "or",
    "not",
    "is",
    "was",
    "be",
    "have",
    "are",
    "will",
    "can",
    "what",
    "when",
    "which",
    "their",
    "they",
    "you",
    "we",
    "our",
    "your",
    "more",
    "than",
    "only",
    "just",
    "also",
    "because",
    "so",
    "if",
    "then",
    "there",
    "about",
    "into",
    "after",
    "before",
    "while",
]
SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ten",
    "sal",
    "ver",
    "dor",
    "lin",
    "pra",
    "qua",
    "ble",
    "nor",
    "fin",
    "tra",
    "cel",
    "mon",
    "gar",
    "pel",
    "sto",
    "vin",
    "dra",
    "mer",
]

HEADINGS = (
    "What {a} gets wrong about {b}",
    "Why {a} matters more than {b}",
    "The {b} problem",
    "A better way to run {a}",
    "Where {a} breaks",
    "What changed",
    "The numbers",
    "What I tell teams now",
    "How to start on Monday",
    "Three mistakes with {a}",
    "The objection you will hear",
    "What the buyer sees",
)
TITLES = (
    "Stop {verb} {thing} Before {event}",
    "Why {topic} Is Not About {thing}",
    "{n} Lessons From {event}",
    "The {adj} Truth About {topic}",
    "What {role} Get Wrong About {topic}",
    "{topic} Without the {thing}",
    "How One Team Fixed {topic} in {n} Weeks",
    "Notes From {event}: {topic} on Stage",
    "The Case Against {thing}",
    "{topic}, Revisited",
    "A Field Guide to {topic}",
    "When {thing} Kills the Deal",
)
ROLES = (
    "Sales Leaders",
    "SDRs",
    "Account Executives",
    "Founders",
    "CFOs",
    "Buyers",
    "Managers",
    "Trainers",
)
ADJECTIVES = (
    "Uncomfortable",
    "Boring",
    "Expensive",
    "Quiet",
    "Simple",
    "Hidden",
    "Real",
    "Awkward",
)
EVENTS = (
    "the Kickoff",
    "the Demo",
    "the First Call",
    "Procurement",
    "the Renewal",
    "the Summit",
    "Q4",
    "the Pilot",
)
CITIES = (
    ("Leeds", "UK"),
    ("Berlin", "DE"),
    ("Rotterdam", "NL"),
    ("Chicago", "US"),
    ("Lyon", "FR"),
    ("Oslo", "NO"),
)


@dataclass(frozen=True)
class Spec:
    """What to generate. Every field is part of the cache key."""

    posts: int
    seed: int = 2026
    sources: int = 50  # aggregated sources (used when this Soapbox has an aggregator)
    shared_images: int = 12

    @property
    def key(self) -> str:
        raw = json.dumps({**dataclasses.asdict(self), "v": GENERATOR_VERSION}, sort_keys=True)
        return f"n{self.posts}-s{self.seed}-" + hashlib.sha256(raw.encode()).hexdigest()[:10]


@dataclass
class GeneratedPost:
    src_uri: str  # "rants/why-pricing-is-not-about-discounts.md"
    type: str
    title: str
    date: datetime
    topics: list[str]  # as spelled in front matter (slug, title or a synonym)
    topic_slugs: list[str]
    front: dict
    body: str


@dataclass
class Site:
    """A generated site on disk: where each variant's config is, and what it holds."""

    root: Path
    spec: Spec
    posts: int  # articles written (incl. drafts and scheduled)
    pages: int  # plain pages (home, about, hire-me)
    configs: dict[str, Path] = field(default_factory=dict)  # variant -> mkdocs.yml

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def cache_root() -> Path:
    return Path(
        os.environ.get("SOAPBOX_BENCH_CACHE") or Path(tempfile.gettempdir()) / "soapbox-bench"
    )


def ensure(
    spec: Spec, *, root: Path | None = None, features: dict[str, bool] | None = None
) -> Site:
    """The site for `spec`, generated on first use and reused afterwards (configs are rewritten
    every time: they depend on which optional features are switched on)."""
    base = root or cache_root()
    target = base / spec.key
    if not (target / ".complete").exists():
        base.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{spec.key}-", dir=base))
        try:
            generate(spec, scratch)
            (scratch / ".complete").write_text("ok\n", encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            scratch.rename(target)
        finally:
            if scratch.exists():
                shutil.rmtree(scratch, ignore_errors=True)
    meta = json.loads((target / "site.json").read_text(encoding="utf-8"))
    site = Site(target, spec, meta["posts"], meta["pages"])
    write_configs(site, features or {})
    return site


# -- text -----------------------------------------------------------------------------------------


class Words:
    """Zipf-distributed words: common English, connectors and invented terms (so the text has the
    long tail of rare words that related-article scoring sees in real writing)."""

    def __init__(self, rng: random.Random):
        invented = sorted({a + b + c for a, b, c in itertools.product(SYLLABLES, repeat=3)})
        rng.shuffle(invented)
        self.vocab = COMMON + invented[:2500]
        weights = [1.0 / (rank + 5) for rank in range(len(self.vocab))]
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    def take(self, n: int) -> list[str]:
        rng = self.rng
        picked = rng.choices(self.vocab, cum_weights=self.cum, k=n)
        # function words between content words, as in prose
        return [w if i % 2 else f"{w} {rng.choice(CONNECTORS)}" for i, w in enumerate(picked)]

    def sentence(self, lo: int = 6, hi: int = 18, phrase: str | None = None) -> str:
        parts = self.take(self.rng.randint(lo, hi) // 2 + 1)
        if phrase:
            parts.insert(self.rng.randrange(len(parts) + 1), phrase)
        text = " ".join(parts)
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def rare(self) -> str:
        """A name only a few posts use (a client, a product, a person): real writing has a long
        tail of such words that grows with the number of posts (Heaps' law)."""
        return "".join(self.rng.choices(SYLLABLES, k=4)).capitalize()

    def prose(self, count: int) -> str:
        """Sentences adding up to about `count` words (speaker bios are checked for length)."""
        out: list[str] = []
        while sum(s.count(" ") + 1 for s in out) < count:
            out.append(self.sentence())
        return " ".join(out)

    def topic_word(self, slug: str) -> str:
        return slug.replace("-", " ")


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny valid PNG of one colour (no Pillow needed)."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _dump(front: dict) -> str:
    return (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100) + "---\n\n"
    )


# -- the site -------------------------------------------------------------------------------------


def generate(spec: Spec, root: Path) -> None:
    rng = random.Random(spec.seed)
    words = Words(rng)
    docs = root / "docs"
    (docs / "images" / "posts").mkdir(parents=True)
    shared = []
    for i in range(spec.shared_images):
        name = f"images/shared-{i + 1:02d}.png"
        (docs / name).write_bytes(
            _png(120, 63, (40 + 17 * i % 200, 90 + 31 * i % 160, 140 + 13 * i % 110))
        )
        shared.append(name)
    for name in ("images/headshot.png", "images/reel.png", "images/book.png"):
        (docs / name).write_bytes(_png(120, 120, (200, 120, 80)))

    posts = _plan_posts(spec, rng, words)
    for post in posts:
        _write_body(post, posts, rng, words, shared, docs)
    for post in posts:
        target = docs / post.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(post.front) + post.body, encoding="utf-8")
    pages = _pages(rng, words)
    for src_uri, text in pages.items():
        (docs / src_uri).write_text(text, encoding="utf-8")
    _write_blog_copy(root, posts, pages)
    _write_sources(root, spec, rng, words)
    meta = {"posts": len(posts), "pages": len(pages), "spec": dataclasses.asdict(spec)}
    (root / "site.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _plan_posts(spec: Spec, rng: random.Random, words: Words) -> list[GeneratedPost]:
    cum = list(itertools.accumulate(share for _, _, share in TYPES))
    span = timedelta(days=365 * YEARS).total_seconds()
    titles: set[str] = set()
    slugs: set[str] = set()
    series_left: list[tuple[str, int]] = []  # an open series: (name, next part)
    posts: list[GeneratedPost] = []
    for i in range(spec.posts):
        kind = bisect.bisect_left(cum, rng.random() * cum[-1])
        type_key, folder, _ = TYPES[min(kind, len(TYPES) - 1)]
        age = span * (i + rng.random()) / max(spec.posts, 1)
        date = NOW - timedelta(seconds=age)
        date = date.replace(second=0, microsecond=0, minute=rng.choice((0, 15, 30, 45)))
        if i in (1, 2) and spec.posts >= 20:  # scheduled: in the future of the build
            date = NOW + timedelta(days=3 * i)
        chosen = rng.sample(TOPICS, rng.choice((1, 2, 2, 3, 3, 4)))
        spelled = [rng.choice((t[0], t[1], *t[3])) for t in chosen]
        spelled = [s.title() if rng.random() < 0.2 else s for s in spelled]
        title = _title(rng, chosen[0][1], titles)
        slug = _slug(title, slugs)
        front: dict = {"title": title, "date": date.strftime("%Y-%m-%d %H:%M")}
        if rng.random() < 0.15:
            front["type"] = type_key  # most posts take the type of their folder
        front["topics"] = spelled
        if rng.random() < 0.8:
            front["description"] = words.sentence(14, 26).replace('"', "")
        front["author"] = AUTHOR
        if rng.random() < 0.2:
            front["updated"] = min(date + timedelta(days=rng.randint(5, 400)), NOW).strftime(
                "%Y-%m-%d"
            )
        if i % 97 == 5:
            front["featured"] = True
        if series_left and rng.random() < 0.5:
            name, part = series_left.pop()
            front["series"] = {"name": name, "part": part}
            if part < 5:
                series_left.append((name, part + 1))
        elif rng.random() < 0.02:
            name = f"{chosen[0][1]} in practice {len(slugs)}"
            front["series"] = {"name": name, "part": 1}
            series_left.append((name, 2))
        if i % 211 == 17:
            front["draft"] = True
        posts.append(
            GeneratedPost(
                f"{folder}/{slug}.md",
                type_key,
                title,
                date,
                spelled,
                [t[0] for t in chosen],
                front,
                "",
            )
        )
    return posts


def _title(rng: random.Random, topic: str, taken: set[str]) -> str:
    for attempt in itertools.count():
        title = rng.choice(TITLES).format(
            verb=rng.choice(("Sending", "Pitching", "Demoing", "Discounting", "Forecasting")),
            thing=rng.choice(
                (
                    "Discounts",
                    "Slide Decks",
                    "Sequences",
                    "Demos",
                    "Scripts",
                    "Forecasts",
                    "Dashboards",
                )
            ),
            event=rng.choice(EVENTS),
            topic=topic.title() if topic.islower() else topic,
            n=rng.randint(3, 12),
            adj=rng.choice(ADJECTIVES),
            role=rng.choice(ROLES),
        )
        if attempt > 3:
            title = f"{title} ({rng.choice(('Part', 'Take', 'Round'))} {attempt})"
        if title not in taken:
            taken.add(title)
            return title
    raise AssertionError("unreachable")


def _slug(title: str, taken: set[str]) -> str:
    base = "".join(c if c.isalnum() else "-" for c in title.lower())
    base = "-".join(part for part in base.split("-") if part)[:60].strip("-")
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _write_body(
    post: GeneratedPost,
    posts: list[GeneratedPost],
    rng: random.Random,
    words: Words,
    shared: list[str],
    docs: Path,
) -> None:
    target_words = rng.randint(800, 1500)
    folder = post.src_uri.rsplit("/", 1)[0]
    phrases = [words.topic_word(s) for s in post.topic_slugs]
    names = [words.rare() for _ in range(rng.randint(4, 10))]
    out: list[str] = []
    count = 0

    def mention() -> str | None:
        roll = rng.random()
        return rng.choice(phrases) if roll < 0.3 else rng.choice(names) if roll < 0.45 else None

    def para(sentences: int) -> str:
        nonlocal count
        text = " ".join(words.sentence(phrase=mention()) for _ in range(sentences))
        count += text.count(" ") + 1
        return text

    def link() -> str:
        other = posts[rng.randrange(len(posts))]
        if other is post or other.front.get("draft") or other.date > NOW:
            return ""
        rel = other.src_uri if "/" not in other.src_uri else os.path.relpath(other.src_uri, folder)
        return f" See also [{other.title}]({rel.replace(os.sep, '/')})."

    out.append(para(rng.randint(3, 5)))
    image = None
    roll = rng.random()
    if roll < 0.3:
        image = f"images/posts/{post.src_uri.rsplit('/', 1)[1][:-3]}.png"
        (docs / image).write_bytes(
            _png(96, 50, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        )
    elif roll < 0.5:
        image = rng.choice(shared)
    if image:
        alt = words.sentence(5, 9).rstrip(".?!")
        post.front["image"] = f"../{image}"
        post.front["image_alt"] = alt.replace('"', "")
        out.append(f"![{alt}](../{image})")
    sections = 0
    while count < target_words:
        sections += 1
        heading = rng.choice(HEADINGS).format(a=rng.choice(phrases), b=rng.choice(words.vocab[:80]))
        out.append(f"## {heading[0].upper()}{heading[1:]}")
        for _ in range(rng.randint(2, 4)):
            out.append(para(rng.randint(2, 6)) + (link() if rng.random() < 0.35 else ""))
        shape = rng.random()
        if shape < 0.3:
            items = [f"- {words.sentence(4, 12)}" for _ in range(rng.randint(3, 6))]
            count += sum(i.count(" ") for i in items)
            out.append("\n".join(items))
        elif shape < 0.45:
            items = [
                f"{n}. **{words.sentence(2, 4).rstrip('.?!')}**: {words.sentence(6, 14)}"
                for n in range(1, 5)
            ]
            count += sum(i.count(" ") for i in items)
            out.append("\n".join(items))
        elif shape < 0.55:
            out.append(f"> {para(2)}")
        elif shape < 0.62:
            out.append(f'!!! tip "{words.sentence(2, 5).rstrip(".?!")}"\n\n    {para(2)}')
        elif shape < 0.66:
            out.append(f"![{words.sentence(4, 8).rstrip('.?!')}](../{rng.choice(shared)})")
        if sections > 12:
            break
    post.body = "\n\n".join(out) + "\n"


def _pages(rng: random.Random, words: Words) -> dict[str, str]:
    """Home, about and the hire-me page, with speaker data shaped like the sample's
    posts/hire-me.md."""
    home = _dump({"title": SITE_NAME, "type": "page", "description": "Field notes on B2B selling."})
    home += " ".join(words.sentence() for _ in range(4)) + "\n"
    about = _dump(
        {
            "title": f"About {SITE_NAME.split()[0]}",
            "type": "page",
            "description": words.sentence(10, 16),
        }
    )
    about += "\n\n".join(
        f"## {words.sentence(2, 4).rstrip('.?!')}\n\n" + words.sentence(30, 60) for _ in range(4)
    )
    talks = []
    for n in range(8):
        topic = TOPICS[(n * 7) % len(TOPICS)]
        talks.append(
            {
                "title": f"{topic[1]}: {words.sentence(3, 6).rstrip('.?!')}",
                "slug": f"talk-{n + 1}-{topic[0]}",
                "abstract": " ".join(words.sentence() for _ in range(5)),
                "formats": ["keynote", "workshop", "virtual"][: 1 + n % 3],
                "durations": [45, 60, "half day"][: 1 + n % 3],
                "outcomes": [words.sentence(5, 10) for _ in range(3)],
                "topics": [topic[0], TOPICS[(n * 7 + 1) % len(TOPICS)][1]],
            }
        )
    appearances = []
    for n in range(40):
        day = (NOW - timedelta(days=900) + timedelta(days=37 * n)).strftime("%Y-%m-%d")
        entry: dict = {
            "date": day,
            "event": f"{rng.choice(('Revenue', 'Sales', 'Growth'))} Summit {n + 1}",
        }
        if n % 5 == 0:
            entry["virtual"] = True
        else:
            city, country = CITIES[n % len(CITIES)]
            entry.update(city=city, country=country)
        entry["talk"] = talks[n % len(talks)]["slug"]
        appearances.append(entry)
    speaker = {
        "name": SITE_NAME,
        "tagline": "Sales trainer and keynote speaker on discovery, pricing and the buyer's side.",
        "location": "Leeds, UK",
        "headshots": [{"image": "images/headshot.png", "alt": "Portrait of the speaker, smiling."}],
        "bios": {
            "short": words.prose(50),
            "medium": words.prose(100),
            "long": words.prose(250),
        },
        "talks": talks,
        "reel": {
            "youtube": "Xk3pQ9vLr2A",
            "title": "Showreel",
            "poster": "images/reel.png",
            "poster_alt": "The speaker on stage in front of a full room.",
        },
        "testimonials": [
            {
                "quote": words.sentence(12, 20),
                "name": f"Organiser {n}",
                "role": "Head of Programme",
                "organisation": f"Summit {n}",
            }
            for n in range(1, 4)
        ],
        "clients": [f"Client {n} Ltd" for n in range(1, 7)],
        "fee": {"from": 6000, "to": 15000, "currency": "EUR"},
        "travel": "Based in Leeds; economy travel booked by you or reimbursed at cost.",
        "appearances": appearances,
        "booking": {
            "provider": "mailto",
            "email": "bookings@bench.example.com",
            "subject": "Speaking inquiry",
        },
    }
    hire = _dump(
        {
            "title": "Hire me to speak",
            "type": "page",
            "description": words.sentence(12, 20),
            "speaker": speaker,
        }
    )
    hire += "\n\n".join(" ".join(words.sentence() for _ in range(4)) for _ in range(3)) + "\n"
    return {"index.md": home, "about.md": about, "hire-me.md": hire}


def _write_blog_copy(root: Path, posts: list[GeneratedPost], pages: dict[str, str]) -> None:
    """The same markdown for Material's blog plugin: posts under blog/posts/ (same subfolders, so
    links between posts stay valid), `date` created/updated, topics as tags, the type as category,
    an excerpt marker after the first paragraph, and a tags index page."""
    docs = root / "blog-docs"
    shutil.copytree(root / "docs" / "images", docs / "images")
    titles = {t[0]: t[1] for t in TOPICS}
    for post in posts:
        front = {k: v for k, v in post.front.items() if k not in SOAPBOX_ONLY}
        front["date"] = {"created": datetime.strptime(post.front["date"], "%Y-%m-%d %H:%M")}
        if "updated" in post.front:
            front["date"]["updated"] = datetime.strptime(post.front["updated"], "%Y-%m-%d")
        front["categories"] = [
            dict((t[0], t[1].replace("-", " ").title()) for t in TYPES)[post.type]
        ]
        front["tags"] = [titles[s] for s in post.topic_slugs]
        front["authors"] = [AUTHOR]
        first, _, rest = post.body.partition("\n\n")
        body = f"{first}\n\n<!-- more -->\n\n{rest}".replace("](../images/", "](../../../images/")
        target = docs / "blog" / "posts" / post.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(front) + body, encoding="utf-8")
    for src_uri, text in pages.items():
        if src_uri == "hire-me.md":  # Material has no use for the speaker data: keep the text only
            head, _, body = text.partition("\n---\n")
            data = yaml.safe_load(head.removeprefix("---\n"))
            text = _dump({"title": data["title"], "description": data["description"]}) + body
        (docs / src_uri).write_text(text, encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "blog" / ".authors.yml").write_text(
        yaml.safe_dump(
            {
                "authors": {
                    AUTHOR: {
                        "name": SITE_NAME,
                        "description": "Sales trainer",
                        "avatar": "images/headshot.png",
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")


def _write_sources(root: Path, spec: Spec, rng: random.Random, words: Words) -> None:
    """`spec.sources` RSS documents, one per aggregated source, for the snapshot (see run.py)."""
    folder = root / "sources"
    folder.mkdir()
    for n in range(1, spec.sources + 1):
        items = []
        for k in range(20):
            when = NOW - timedelta(hours=7 * k + n)
            topic = TOPICS[(n * 3 + k) % len(TOPICS)]
            title = f"{topic[1]}: {words.sentence(4, 8).rstrip('.?!')}"
            link = f"https://source-{n:02d}.example.org/{k + 1}/"
            items.append(
                "<item>"
                f"<title>{_xml(title)}</title><link>{link}</link><guid>{link}</guid>"
                f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                f"<category>{_xml(topic[1])}</category>"
                f"<description>{_xml(_paragraph(words, 4))}</description>"
                "</item>"
            )
        rss = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Industry blog {n}</title><link>https://source-{n:02d}.example.org/</link>"
            "<description>Sales writing, source "
            f"{n}</description>{''.join(items)}</channel></rss>\n"
        )
        (folder / f"source-{n:02d}.xml").write_text(rss, encoding="utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- configs --------------------------------------------------------------------------------------

THEME = {
    "name": "material",
    "language": "en",
    "font": False,
    "features": ["navigation.tabs", "navigation.top", "search.suggest", "search.highlight"],
    "palette": {"scheme": "default", "primary": "deep orange", "accent": "indigo"},
}
MARKDOWN = ["attr_list", "admonition", {"toc": {"permalink": True}}]


def soapbox_options(features: dict[str, bool]) -> dict:
    """The `soapbox` plugin options of the benchmark site: every feature on, and each optional
    feature named in `features` (only those this Soapbox has) switched on or off."""
    vocabulary = {
        slug: {
            "title": title,
            **({"parent": parent} if parent else {}),
            "synonyms": list(synonyms),
            "description": f"Articles and talks on {title.lower()}.",
        }
        for slug, title, parent, synonyms in TOPICS
    }
    options: dict = {
        "authors": {AUTHOR: {"name": SITE_NAME, "bio": "trains B2B sales teams.", "url": "about/"}},
        "content": {
            "timezone": "Europe/Berlin",
            "types": {
                key: {"description": f"All the {folder.replace('-', ' ')}."}
                for key, folder, _ in TYPES
            },
        },
        "listings": {"page_size": 10, "home_featured": 3, "home_recent": 3},
        "hire_me": {"url": "hire-me/"},
        "engagement": {
            "share": {"networks": ["linkedin", "x", "bluesky", "mastodon", "email", "copy"]},
            "comments": {
                "enabled": True,
                "repo": "bench/comments",
                "repo_id": "R_bench",
                "category": "Comments",
                "category_id": "DIC_bench",
            },
            "newsletter": {"enabled": True, "action": "https://newsletter.example.com/subscribe"},
            "promo": {
                "enabled": True,
                "title": "The book",
                "text": "Out next spring.",
                "url": "hire-me/",
                "image": "images/book.png",
                "image_alt": "Cover of the book",
            },
        },
        "topics": {"vocabulary": vocabulary, "strict": True},
        "feeds": {},
        "speaker": {},
    }
    for name, enabled in features.items():
        on, off = OPTIONAL_FEATURES[name]
        options.update(on() if enabled else off)
    return options


def _aggregator_sources() -> dict:
    # The feeds are never fetched: run.prepare_aggregator writes the snapshot from sources/*.xml.
    return {
        "aggregator": {
            "sources": [
                {
                    "name": f"Industry blog {n}",
                    "feed": f"https://source-{n:02d}.example.org/feed.xml",
                }
                for n in range(1, 51)
            ]
        }
    }


def _page_cache_off() -> dict[str, bool]:
    """`page_cache: false` where this Soapbox has the option: the no-cache setup keeps nothing."""
    from ..core.settings import PerformanceOptions

    return {"page_cache": False} if "page_cache" in PerformanceOptions.__dataclass_fields__ else {}


_NO_PAGE_CACHE = _page_cache_off()

# Optional Soapbox features: name -> (options that switch it on, options that switch it off). The
# benchmark turns on every one this Soapbox has (see `available`); a feature that has not landed
# yet is left out of the config entirely (MkDocs would reject an unknown option).
OPTIONAL_FEATURES: dict[str, tuple] = {
    "seo": (lambda: {"seo": {"cards": {"enabled": True}}}, {"seo": {"enabled": False}}),
    "aggregator": (_aggregator_sources, {}),
    # The render cache (converted Markdown kept between builds); off: every page converts.
    "render_cache": (
        lambda: {"performance": {"render_cache": True}},
        {"performance": {"render_cache": False, **_NO_PAGE_CACHE}},
    ),
}
# The plugin option that tells whether this Soapbox has a feature, when it is not its name.
FEATURE_OPTION = {"render_cache": "performance"}


def available() -> list[str]:
    """The optional features this Soapbox has: a feature that has landed adds its options to the
    plugin's `SoapboxConfig`."""
    from ..mkdocs.config import SoapboxConfig

    names = {name for name, _ in SoapboxConfig._schema}
    return [name for name in OPTIONAL_FEATURES if FEATURE_OPTION.get(name, name) in names]


def has_workers() -> bool:
    """Whether this Soapbox converts pages in worker processes (`performance.workers`)."""
    from ..core.settings import PerformanceOptions

    return "workers" in PerformanceOptions.__dataclass_fields__


def alone_options(features: dict[str, bool]) -> dict:
    """The benchmark's options with `performance.workers: 1` (the build's own process alone)."""
    options = soapbox_options(features)
    options["performance"] = {**options.get("performance", {}), "workers": 1}
    return options


def write_configs(site: Site, features: dict[str, bool]) -> None:
    common = {
        "site_name": SITE_NAME,
        "site_url": SITE_URL,
        "site_description": "Field notes on B2B selling from a sales trainer and speaker.",
        "site_author": SITE_NAME,
        "theme": THEME,
        "markdown_extensions": MARKDOWN,
    }
    configs = {
        "soapbox": {
            **common,
            "docs_dir": "docs",
            "plugins": ["search", {"soapbox": soapbox_options(features)}],
        },
        # Plain mkdocs-material with MkDocs' default plugins (search), two ways: a short nav
        # (the reference: like Soapbox's default nav, it does not list every article) and the
        # automatic nav of every page, which Material renders on every page (quadratic growth).
        **(
            {  # the same build with the render cache off: what the cache saves
                "soapbox-nocache": {
                    **common,
                    "docs_dir": "docs",
                    "plugins": [
                        "search",
                        {"soapbox": soapbox_options({**features, "render_cache": False})},
                    ],
                }
            }
            if features.get("render_cache")
            else {}
        ),
        **(
            {  # the same build in one process: what the worker processes save (cold runs)
                "soapbox-alone": {
                    **common,
                    "docs_dir": "docs",
                    "plugins": ["search", {"soapbox": alone_options(features)}],
                }
            }
            if features.get("render_cache") and has_workers()
            else {}
        ),
        "material": {**common, "docs_dir": "docs", "nav": ["index.md", "about.md", "hire-me.md"]},
        "material-autonav": {**common, "docs_dir": "docs"},
        "blog": {
            **common,
            "docs_dir": "blog-docs",
            "plugins": [
                "search",
                {"blog": {"blog_dir": "blog", "post_url_format": "{slug}", "authors": True}},
                {"tags": {}},
                {
                    "rss": {
                        "match_path": "blog/posts/.*",
                        "use_git": False,
                        "date_from_meta": {
                            "as_creation": "date.created",
                            "as_update": "date.updated",
                        },
                        "cache_dir": str(site.root / ".cache" / "rss"),
                    }
                },
            ],
        },
    }
    for name, config in configs.items():
        path = site.root / f"{name}.yml"
        path.write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        site.configs[name] = path


def _paragraph(words: Words, sentences: int) -> str:
    """An HTML paragraph of random sentences."""
    return "<p>" + " ".join(words.sentence() for _ in range(sentences)) + "</p>"
