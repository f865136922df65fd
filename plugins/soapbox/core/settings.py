"""The `soapbox` plugin's options (`plugins: - soapbox:` in mkdocs.yml), grouped by feature, as
frozen dataclasses that know no engine. Each option says what it does in the docstring written
under it; docs/pages/configuration.md is generated from this file (make docs-reference).

`load_settings(raw)` turns the raw mapping into `Settings` (defaults applied, types and the
custom checks of `settings_checks` run; see `settings_loader`). The MkDocs adapter
(`mkdocs/config.py`) hands each section of its config to the same loader; another engine would
call `load_settings` on its own copy of the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import ClassVar, Literal

from . import settings_checks as checks
from .settings_loader import Entry, SettingProblem, load, option, section


@dataclass(frozen=True)
class SourceEntry(Entry):
    """One blog of `aggregator.sources`; see that option for what each field means."""

    NOUN: ClassVar[str] = "blog"
    EXAMPLE: ClassVar[str] = "{name: Example, feed: https://example.com/feed.xml}"

    name: str = option("", parse=checks.source_name, required="the blog's name")
    feed: str = option("", parse=checks.source_feed, required="the feed's address")
    site: str = option("", parse=checks.source_site)
    topics: tuple[str, ...] = option([], parse=checks.words)
    max_items: int = option(10, parse=checks.max_items)
    max_age_days: int | None = option(90, parse=checks.max_age_days)
    include: tuple[str, ...] = option([], parse=checks.words)
    exclude: tuple[str, ...] = option([], parse=checks.words)


@dataclass(frozen=True)
class AuthorOptions:
    name: str = option(required="the name shown in bylines")
    """Display name in bylines."""
    bio: str = ""
    """One or two sentences shown under articles."""
    url: str = ""
    """Profile page: a site-relative path like `about/` or a full URL."""
    avatar: str = ""
    """Portrait image, relative to the posts folder (e.g. `images/me.png`) or a full URL."""
    fediverse: str = option("", check=checks.handle)
    """The author's fediverse account, `@name@server` (e.g. `@maren@mastodon.social`): named as
    the author (`fediverse:creator`) when their articles are shared on Mastodon, and linked with
    `rel="me"` so the account can show the site as verified. Empty: neither."""


@dataclass(frozen=True)
class TypeOptions:
    label: str | None = None
    """Singular name shown on posts, e.g. "Rant"."""
    plural: str | None = None
    """Heading of the index page, e.g. "Rants"."""
    path: str | None = None
    """URL of the index page, e.g. `rants/`."""
    description: str = ""
    """Introduction shown at the top of the index page."""


@dataclass(frozen=True)
class ContentOptions:
    timezone: str = option("UTC", check=checks.timezone)
    """Time zone of front matter dates without an offset; also the zone dates are shown in."""
    permalink: str = option("{slug}/", check=checks.permalink)
    """URL pattern of articles: {slug}, {type}, {year}, {month}, {day}. Only {slug} keeps a URL
    stable when the date or type change, so the default uses only that."""
    preview: bool = True
    """`mkdocs serve` also shows drafts and scheduled posts, with a banner. A build never does."""
    types: Mapping[str, TypeOptions] = option({})
    """Rename content types or move their index pages: `rant: {plural: Hot takes, path: takes/}`."""
    date_format: str = "%B %-d, %Y"
    """How dates are shown (strftime codes; %-d is the day without a leading zero)."""


@dataclass(frozen=True)
class ListingOptions:
    page_size: int = option(10, check=checks.at_least(1))
    """Posts per page on type indexes and other paginated listings."""
    home_featured: int = option(3, check=checks.at_least(0))
    """Featured posts (`featured: true`) at the top of the home page; 0 hides the section."""
    home_recent: int = option(3, check=checks.at_least(0))
    """Most recent posts of each content type on the home page."""
    archive: bool = True
    """Generate the archive (`archive/`) and a page per year (`archive/2024/`)."""


@dataclass(frozen=True)
class HireMeOptions:
    enabled: bool = True
    """Show the "hire me" call to action."""
    url: str = "hire-me/"
    """Where it leads: a site-relative path or a full URL."""
    label: str = "Hire me to speak"
    """Button text."""
    text: str = "Bring these ideas to your team, conference or sales kickoff."
    """One sentence beside the button at the end of posts and on the home page."""
    banner: bool = True
    """Also show it in a slim bar above the header on every page."""


@dataclass(frozen=True)
class TopicOptions:
    """One topic of the vocabulary; its key under `vocabulary:` is its slug (URL
    `topics/<slug>/`)."""

    title: str | None = None
    """Display name on chips, pages and the index; defaults to the slug with spaces."""
    description: str = ""
    """One or two sentences at the top of the topic page, in the index and in its meta
    description."""
    parent: str | None = None
    """Slug of the broader topic; the topic page of a parent also lists its subtopics' articles."""
    synonyms: tuple[str, ...] = ()
    """Other spellings front matter may use for this topic, e.g. `[cold calls, outbound calls]`."""
    plurals: bool = True
    """Also match the singular/plural of the slug, title and synonyms ("cold call" and "cold
    calls").
    Turn it off for a topic whose plural means something else ("news" is not "new")."""


@dataclass(frozen=True)
class TopicsOptions:
    enabled: bool = True
    """Generate topic pages, topic chips, related articles and `topics.json`."""
    vocabulary: Mapping[str, TopicOptions] = option({})
    """The site's topics by slug, in the order the topics index shows them. Front matter `topics`
    match a topic by its slug, title or a synonym, ignoring case, punctuation and spacing. Without a
    vocabulary every spelling used in posts becomes a topic (titled as first written)."""
    strict: bool = False
    """Allow only vocabulary topics: an unknown topic stops the build instead of being a warning."""
    suggest: bool = True
    """With a vocabulary, warn about articles without topics and name the topics their text
    matches."""
    related: int = option(5, check=checks.at_least(0))
    """Most related articles shown at the end of each article (at least 3 when there are enough);
    0 hides them."""
    title: str = "Topics"
    """Heading of the topics index (`topics/`) and its entry in the default navigation."""
    description: str = "Every subject this site covers, with the articles on each."
    """Introduction of the topics index and its meta description."""


@dataclass(frozen=True)
class ShareOptions:
    enabled: bool = True
    """Share links under every article: plain links, no third-party script, nothing loads."""
    networks: tuple[Literal["linkedin", "x", "bluesky", "mastodon", "email", "copy"], ...] = (
        "linkedin", "x", "bluesky", "mastodon", "email", "copy",
    )  # fmt: skip
    """Which links, in this order."""


@dataclass(frozen=True)
class CommentsOptions:
    enabled: bool = False
    """Offer giscus comments (GitHub Discussions). Fill in the four ids from https://giscus.app."""
    repo: str = ""
    """`owner/name` of the public GitHub repository whose Discussions hold the comments."""
    repo_id: str = ""
    category: str = "Comments"
    category_id: str = ""
    mapping: Literal["pathname", "url", "title", "og:title"] = "pathname"
    """How a page finds its discussion."""
    reactions: bool = True
    types: tuple[str, ...] = ("rant", "case-study")
    """Content types that offer comments; front matter `comments: true/false` overrides per post."""
    language: str = "en"


@dataclass(frozen=True)
class NewsletterOptions:
    enabled: bool = False
    """Show a signup block under articles and on the subscribe page."""
    action: str = ""
    """The provider's form URL (Buttondown: https://buttondown.com/api/emails/embed-subscribe/<you>;
    Mailchimp: the `action` of its embed code). Empty: only `link` is shown."""
    email_field: str = "email"
    """Name of the email input the provider expects (Mailchimp: EMAIL)."""
    link: str = ""
    """A signup page to link to instead of (or besides) the form."""
    title: str = "Get the next one by email"
    text: str = "One email when a new article is out. No tracking, unsubscribe any time."
    button: str = "Subscribe"


@dataclass(frozen=True)
class PromoOptions:
    enabled: bool = False
    """A promotion (a book, a course, an offer) under articles of the chosen types."""
    types: tuple[str, ...] = ("rant", "case-study", "speaker")
    title: str = ""
    text: str = ""
    url: str = ""
    """Where the button leads: a site-relative path or a full URL."""
    label: str = "Learn more"
    image: str = ""
    """Cover image, relative to the posts folder (e.g. `images/book.png`)."""
    image_alt: str = ""


@dataclass(frozen=True)
class EngagementOptions:
    share: ShareOptions = section(ShareOptions)
    comments: CommentsOptions = section(CommentsOptions)
    newsletter: NewsletterOptions = section(NewsletterOptions)
    promo: PromoOptions = section(PromoOptions)


@dataclass(frozen=True)
class FeedsOptions:
    """RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, each content type and each topic."""

    enabled: bool = True
    """Write the feeds, link them from every page's head and generate the subscribe page
    (`subscribe/`) and `feeds.opml`. Feeds need `site_url`: readers only follow absolute links."""
    items: int = option(20, check=checks.at_least(1))
    """Newest articles per feed."""
    content: Literal["full", "summary"] = "full"
    """`full`: each item carries the whole article (links and images made absolute);
    `summary`: only the excerpt and a link to the article."""
    formats: tuple[Literal["rss", "atom", "json"], ...] = ("rss", "atom", "json")
    """Which formats to write: `rss` (`feed.xml`), `atom` (`atom.xml`), `json` (`feed.json`)."""
    email_signup_url: str = ""
    """A page where readers get new articles by email (an RSS-to-email service such as Buttondown
    or Mailchimp fed by `feed.xml`); shown on the subscribe page when set."""
    email_signup_label: str = "Get new articles by email"
    """Text of that link."""
    title: str = "Subscribe"
    """Heading of the subscribe page and its entry in the default navigation."""
    date_only_time: time | None = option(
        None, parse=checks.time_of_day, kind="time of day, `HH:MM`"
    )
    """Time of day (`HH:MM`, in the site's time zone) that feeds give a post dated by its day alone
    (`date: 2024-09-22`). Empty (the default): 11:00 UTC, which every reader from UTC-10 to
    UTC+12 sees on the post's own date; midnight would list it a day early west of the site."""


@dataclass(frozen=True)
class SpeakerOptions:
    """The speaker pages. The data itself (talks, appearances, booking ...) is front matter of
    `page` under `speaker:`; see docs/pages/speaker.md."""

    enabled: bool = True
    """Build the speaker page, talk pages, appearances page and calendar when `page` has
    `speaker:`."""
    page: str = "hire-me.md"
    """The markdown file (relative to the posts folder) whose front matter holds `speaker:`; it is
    shown with the speaker template, and its text becomes the introduction."""
    talks_path: str = "talks/"
    """URL folder of the talk pages: `talks/<slug>/`."""
    appearances_path: str = "appearances/"
    """URL of the appearances page (upcoming and past)."""
    calendar: bool = True
    """Publish `appearances.ics`, an iCalendar feed of upcoming appearances to subscribe to."""
    call_to_action: bool = True
    """Show "Book me to speak on this" on articles and topic pages, linking to the booking form
    with the matching talk (or the topic) filled in."""
    call_to_action_label: str = "Book me to speak on this"
    """Button text of that call to action."""


@dataclass(frozen=True)
class CardColorOptions:
    background: str = option("", check=checks.hex_color)
    """Card background; default: a very dark shade of the theme's primary colour."""
    foreground: str = option("", check=checks.hex_color)
    """Title and author; default: white or near-black, whichever reads better on the background."""
    accent: str = option("", check=checks.hex_color)
    """The label and the bar along the bottom; default: the theme's primary colour."""


@dataclass(frozen=True)
class CardOptions:
    enabled: bool = True
    """Draw a 1200x630 social card per page at build time (offline, cached): what LinkedIn, X,
    Slack and Mastodon show when a link is shared. Front matter `image` wins for its page."""
    colors: CardColorOptions = section(CardColorOptions)
    """Brand colours; each defaults to one derived from `theme.palette` (primary and accent)."""
    avatar: str | None = None
    """A portrait in a circle beside the author's name, relative to the posts folder; defaults to
    the author's `avatar` when that is a local image. `""` shows none."""
    cache_dir: str = ".cache/soapbox/cards"
    """Where drawn cards are kept between builds (relative to mkdocs.yml): unchanged cards are
    copied, not drawn again. Safe to delete."""


@dataclass(frozen=True)
class RobotsOptions:
    noindex_paginated: bool = True
    """`noindex, follow` on page 2, 3 ... of listings: search engines still follow their links to
    the articles but show only the first page."""
    noindex_404: bool = True
    """`noindex, follow` on the "page not found" page."""
    default: str = option("", check=checks.robots_directives)
    """Robots directives for every other page, e.g. `max-image-preview:large`; front matter
    `robots:` or `noindex: true` overrides it per page."""
    txt: bool = True
    """Write `robots.txt` with the sitemap's address, unless the posts folder has its own."""
    disallow: tuple[str, ...] = ()
    """Paths crawlers should skip, e.g. `[/drafts/]` (robots.txt `Disallow:` lines)."""


@dataclass(frozen=True)
class SeoOptions:
    """Titles, descriptions, canonical URLs, Open Graph, Twitter, JSON-LD, sitemap, robots and
    social cards; see docs/pages/seo.md."""

    enabled: bool = True
    """Print the SEO head (and the sitemap, robots.txt, cards and content checks below)."""
    title_pattern: str = option("{page} – {site}", check=checks.title_pattern)
    """`<title>` of every page but the home page: {page}, {site} and {tagline}."""
    home_title_pattern: str = option("{site} – {tagline}", check=checks.title_pattern)
    """`<title>` of the home page; just the site's name when `tagline` is empty."""
    tagline: str = ""
    """A few words after the site's name in the home page's title, e.g. "Sales trainer and
    keynote speaker"."""
    description_length: int = option(155, check=checks.at_least(50))
    """Longest meta description: a page without one uses its first paragraph, cut to this many
    characters on a word boundary; a longer front matter `description` is a warning."""
    default_image: str = ""
    """Image for pages without their own when cards are off: relative to the posts folder or a
    full URL (1200x630 works everywhere)."""
    default_image_alt: str = ""
    twitter: str = ""
    """The site's X/Twitter handle (`@maren`) for twitter:site and twitter:creator; defaults to an
    x.com or twitter.com link in `extra.social`."""
    organization: str = ""
    """Name of the organization that publishes the site (JSON-LD publisher); empty: the author."""
    organization_url: str = ""
    logo: str = ""
    """The publisher's logo in structured data (square, at least 112x112), relative to the posts
    folder or a full URL; default: the theme's `logo` image, else the author's `avatar`, else a
    monogram of the site's initials in the card colours."""
    robots: RobotsOptions = section(RobotsOptions)
    sitemap: bool = True
    """Rewrite `sitemap.xml` (and `.gz`): `lastmod` from front matter `updated`/`date`, without
    drafts, scheduled, noindex and paginated pages."""
    checks: bool = True
    """Warn about images without alt text, descriptions that are too long or missing, two pages
    with one title and a second level-1 heading (warnings fail `mkdocs build --strict`)."""
    cards: CardOptions = section(CardOptions)


@dataclass(frozen=True)
class AggregatorOptions:
    """ "Around the web": excerpts of the latest posts from blogs the author follows, with
    attribution and a link to each original. See docs/pages/around-the-web.md."""

    enabled: bool = True
    """Build the "Around the web" page, its feeds and blogroll when sources are configured."""
    sources: tuple[SourceEntry, ...] = option([], kind="sources")
    """The blogs: a list of `{name, feed, site, topics, max_items, max_age_days, include, exclude}`.
    `feed` (required) is the RSS/Atom/JSON Feed URL; `site` the blog's home page; `topics` slugs
    of the vocabulary that everything the blog writes belongs to; `max_items` (10) newest posts
    kept; `max_age_days` (90; null keeps all) drops older posts; `include`/`exclude` keep only
    posts mentioning one of these words / drop posts mentioning any."""
    opml: str = ""
    """An OPML export of a feed reader to import sources from, relative to mkdocs.yml; its folders
    and categories that name a topic of the vocabulary become topic hints."""
    refresh: int = option(60, check=checks.at_least(0))
    """Minutes a snapshot stays fresh: a build fetches only when the last fetch is older (0: every
    build). `mkdocs serve` never fetches; `soapbox fetch` always does."""
    offline: bool = False
    """Never fetch during a build; render from the snapshot (as does SOAPBOX_OFFLINE=1)."""
    deadline: float = option(30, check=checks.positive_seconds)
    """Seconds the build may spend fetching, all sources together; slower sources keep their last
    items."""
    cache_dir: str = ".cache/soapbox"
    """Soapbox's cache folder, relative to mkdocs.yml; the snapshot is kept in its `aggregator/`
    folder (git-ignored). Keep it between CI runs to make fetches conditional."""
    excerpt_words: int = option(60, check=checks.at_least(10))
    """Words of each post republished as its excerpt (never the whole post)."""
    page_size: int = option(20, check=checks.at_least(1))
    """Posts per page of the "Around the web" river."""
    topic_items: int = option(5, check=checks.at_least(0))
    """Posts from around the web shown on each topic page (0 hides the section)."""
    feed_items: int = option(30, check=checks.at_least(1))
    """Newest posts in the aggregated feeds (`around-the-web/feed.xml`, `atom.xml`, `feed.json`)."""
    title: str = "Around the web"
    """Heading of the river page and its entry in the default navigation."""
    description: str = (
        "The latest from blogs I read: an excerpt of each post, with a link to the original."
    )
    """Introduction of the river page and its meta description."""
    fail_after_days: int = option(0, check=checks.at_least(0))
    """Fail the build when a source has been failing for this many days (0: never; failing sources
    are always reported in the build log)."""


@dataclass(frozen=True)
class ReachOptions:
    """Being found and followed beyond search engines and feeds: AI crawlers, llms.txt, the
    fediverse, Bluesky, IndieWeb and IndexNow. Every option is off until set; see
    docs/pages/reach.md."""

    ai_crawlers: str = option("", check=checks.ai_crawlers)
    """What AI crawlers may read, as groups in `robots.txt`: `allow-all` (no AI crawler is named),
    `search-only` (AI search engines and fetches a person asks an assistant for may read the site;
    crawlers that collect training data may not), `none` (no AI crawler may). Empty: robots.txt
    names no AI crawler. The sitemap line stays; an own `robots.txt` in the posts folder wins."""
    llms_txt: bool = False
    """Write `llms.txt` (llmstxt.org): the site's articles, topics and hire-me page with their
    descriptions, as a Markdown list for language models. Needs `site_url`."""
    rel_me: tuple[str, ...] = option([], check=checks.rel_me)
    """Profile pages that link back to this site (`<link rel="me">` on every page), so the
    profiles can show the site as verified; authors' `fediverse` accounts are added."""
    webfinger: str = option("", check=checks.webfinger)
    """A fediverse account, `@name@server`: `/.well-known/webfinger` sends every lookup of
    `@anything@<your domain>` to it, so people can find and follow you by your site's domain."""
    webfinger_actor: str = option("", check=checks.webfinger_actor)
    """The account's ActivityPub address when its server does not use Mastodon's
    `https://<server>/users/<name>`; empty: that one."""
    atproto_did: str = option("", check=checks.atproto_did)
    """Your Bluesky DID (`did:plc:...`): written to `/.well-known/atproto-did` so the site's domain
    can be your Bluesky handle."""
    webmention: str = option("", check=checks.webmention)
    """Your Webmention endpoint (e.g. `https://webmention.io/<domain>/webmention`), announced with
    `<link rel="webmention">` on every page."""
    mentions: str = option("", check=checks.mentions)
    """A webmention.io-style JSON API of the mentions your articles received (e.g.
    `https://webmention.io/api/mentions.jf2?domain=<domain>&token=<token>`; keep the token out of
    git with `!ENV WEBMENTION_API`). A build fetches it (never `mkdocs serve`, never with
    SOAPBOX_OFFLINE=1), keeps the last good answer in the cache folder, and shows each article's
    mentions under it with author, link and excerpt."""
    indexnow_key: str = option("", check=checks.indexnow_key)
    """An IndexNow key (8 to 128 letters, digits or dashes): the build writes `<key>.txt` to prove
    the site is yours, and `scripts/indexnow.py` tells search engines which pages a deploy
    changed."""


@dataclass(frozen=True)
class PerformanceOptions:
    """Build speed. Nothing here changes what a build writes, only how long it takes; see
    docs/pages/performance.md."""

    render_cache: bool = True
    """Keep each page's converted Markdown (HTML, table of contents, warnings) on disk and reuse
    it while the page's Markdown, its link targets, the Markdown extensions and the versions stay
    the same. The output is byte-for-byte that of a build without it; off: convert every page."""
    cache_dir: str = ".cache/soapbox/render"
    """Where the render cache lives, relative to mkdocs.yml (safe to delete at any time)."""
    incremental_preview: bool = True
    """Under `mkdocs serve`, keep each page's output and print it again, without rendering the
    theme, while nothing the page shows has changed (a body edit re-renders the edited page and
    the pages that show it). What serve writes is byte-for-byte what a fresh serve writes; off:
    render every page on every save. `mkdocs build` never uses it."""
    page_cache: bool = True
    """Keep each page's finished output on disk (under `cache_dir`/pages) with the fingerprint of
    everything its templates were given, and print it again, without rendering the theme, while
    that stays the same: a warm `mkdocs build` renders only the pages whose inputs changed, and a
    new `mkdocs serve` starts warm. The output is byte-for-byte that of a build without it; off:
    keep nothing on disk."""
    workers: int = option(0, check=checks.at_least(0))
    """How many processes convert the Markdown of pages the render cache does not have: the
    build's own and `workers - 1` forked from it, each taking pages from the other end of the
    list, and social cards are drawn beside the pages. 0: the build's own process and one worker
    per idle CPU core (from 48 pages on; none while other work keeps every core busy, going by
    the load average); 1: the build's own process alone, cards drawn at the end. Workers need the
    render cache and stay off under `mkdocs serve`, with `--dirty`, and when a plugin other than
    Soapbox and Material's meta, tags and typeset handles `on_pre_page`, `on_page_read_source` or
    `on_page_markdown`. The output is byte-for-byte that of `workers: 1`."""


@dataclass(frozen=True)
class Settings:
    enabled: bool = True
    """Switch the whole plugin off (e.g. `enabled: !ENV [SOAPBOX, true]`)."""
    authors: Mapping[str, AuthorOptions] = option({})
    """Authors by key; front matter `author: <key>` picks one."""
    default_author: str | None = None
    """Author of posts that name none; defaults to the only author when there is one."""
    content: ContentOptions = section(ContentOptions)
    listings: ListingOptions = section(ListingOptions)
    hire_me: HireMeOptions = section(HireMeOptions)
    topics: TopicsOptions = section(TopicsOptions)
    speaker: SpeakerOptions = section(SpeakerOptions)
    engagement: EngagementOptions = section(EngagementOptions)
    feeds: FeedsOptions = section(FeedsOptions)
    seo: SeoOptions = section(SeoOptions)
    aggregator: AggregatorOptions = section(AggregatorOptions)
    reach: ReachOptions = section(ReachOptions)
    performance: PerformanceOptions = section(PerformanceOptions)


def load_settings(raw: Mapping | None) -> tuple[Settings, list[SettingProblem]]:
    """The plugin's options from the raw mapping under `soapbox:`, and the warnings (unknown
    option names). Raises `SettingsError` naming the option's full path and the fix."""
    warnings: list[SettingProblem] = []
    return load(Settings, raw, "", warnings), warnings
