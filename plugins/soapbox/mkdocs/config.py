"""The `soapbox` plugin's options in mkdocs.yml, grouped by feature. Each option says what it does
where it is declared; docs/pages/configuration.md is generated from it (make docs-reference)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.cards import parse_hex
from ..core.reach import fediverse as fediverse_core
from ..core.reach import indexnow as indexnow_core
from ..core.reach import robots as robots_core
from ..core.seo import validate_robots, validate_title_pattern
from ..core.urls import validate_permalink


class _TimeZone(c.Type[str]):
    """An IANA time zone name such as Europe/Berlin."""

    def __init__(self, default: str = "UTC"):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(
                f"unknown time zone '{value}'; use an IANA name like 'Europe/Berlin',"
                " 'America/New_York' or 'UTC'"
            ) from None
        return value


class _TimeOfDay(c.OptionallyRequired[time | None]):
    """`HH:MM` (24-hour clock) -> `datetime.time`; empty stays None. The text is checked by a
    plain `Type(str)` (same messages as before); the option's value is the parsed time."""

    kind = "time of day, `HH:MM`"  # how the configuration reference names it

    def __init__(self) -> None:
        super().__init__(default="")
        self._text = c.Type(str)

    def run_validation(self, value: object) -> time | None:
        text = self._text.run_validation(value)
        if not text:
            return None
        try:
            if len(text) != len("HH:MM"):
                raise ValueError(text)
            return time.fromisoformat(text)
        except ValueError:
            raise c.ValidationError(
                f"{text!r} is not a time of day; write it as HH:MM, e.g. '12:00'"
            ) from None


class _AtLeast(c.Type[int]):
    """A whole number no smaller than `minimum`."""

    def __init__(self, minimum: int, default: int):
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < self.minimum:
            raise base.ValidationError(
                f"must be a whole number of at least {self.minimum}, got {value!r}"
            )
        return value


class _Permalink(c.Type[str]):
    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = validate_permalink(value)
        if problem:
            raise base.ValidationError(f"'{value}' {problem}")
        return value


class _Handle(c.Type):
    """A fediverse account `@name@server`; empty for none."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        text = str(super().run_validation(value)).strip()
        problem = fediverse_core.parse_account(text)[1] if text else None
        if problem:
            raise base.ValidationError(problem)
        return text


class AuthorOptions(base.Config):
    name = c.Type(str)
    """Display name in bylines."""
    bio = c.Type(str, default="")
    """One or two sentences shown under articles."""
    url = c.Type(str, default="")
    """Profile page: a site-relative path like `about/` or a full URL."""
    avatar = c.Type(str, default="")
    """Portrait image, relative to the posts folder (e.g. `images/me.png`) or a full URL."""
    fediverse = _Handle()
    """The author's fediverse account, `@name@server` (e.g. `@maren@mastodon.social`): named as
    the author (`fediverse:creator`) when their articles are shared on Mastodon, and linked with
    `rel="me"` so the account can show the site as verified. Empty: neither."""


class TypeOptions(base.Config):
    label = c.Optional(c.Type(str))
    """Singular name shown on posts, e.g. "Rant"."""
    plural = c.Optional(c.Type(str))
    """Heading of the index page, e.g. "Rants"."""
    path = c.Optional(c.Type(str))
    """URL of the index page, e.g. `rants/`."""
    description = c.Type(str, default="")
    """Introduction shown at the top of the index page."""


class ContentOptions(base.Config):
    timezone = _TimeZone()
    """Time zone of front matter dates without an offset; also the zone dates are shown in."""
    permalink = _Permalink("{slug}/")
    """URL pattern of articles: {slug}, {type}, {year}, {month}, {day}. Only {slug} keeps a URL
    stable when the date or type change, so the default uses only that."""
    preview = c.Type(bool, default=True)
    """`mkdocs serve` also shows drafts and scheduled posts, with a banner. A build never does."""
    types = c.DictOfItems(c.SubConfig(TypeOptions), default={})
    """Rename content types or move their index pages: `rant: {plural: Hot takes, path: takes/}`."""
    date_format = c.Type(str, default="%B %-d, %Y")
    """How dates are shown (strftime codes; %-d is the day without a leading zero)."""


class ListingOptions(base.Config):
    page_size = _AtLeast(1, default=10)
    """Posts per page on type indexes and other paginated listings."""
    home_featured = _AtLeast(0, default=3)
    """Featured posts (`featured: true`) at the top of the home page; 0 hides the section."""
    home_recent = _AtLeast(0, default=3)
    """Most recent posts of each content type on the home page."""
    archive = c.Type(bool, default=True)
    """Generate the archive (`archive/`) and a page per year (`archive/2024/`)."""


class HireMeOptions(base.Config):
    enabled = c.Type(bool, default=True)
    """Show the "hire me" call to action."""
    url = c.Type(str, default="hire-me/")
    """Where it leads: a site-relative path or a full URL."""
    label = c.Type(str, default="Hire me to speak")
    """Button text."""
    text = c.Type(str, default="Bring these ideas to your team, conference or sales kickoff.")
    """One sentence beside the button at the end of posts and on the home page."""
    banner = c.Type(bool, default=True)
    """Also show it in a slim bar above the header on every page."""


class TopicOptions(base.Config):
    """One topic of the vocabulary; its key under `vocabulary:` is its slug (URL
    `topics/<slug>/`)."""

    title = c.Optional(c.Type(str))
    """Display name on chips, pages and the index; defaults to the slug with spaces."""
    description = c.Type(str, default="")
    """One or two sentences at the top of the topic page, in the index and in its meta
    description."""
    parent = c.Optional(c.Type(str))
    """Slug of the broader topic; the topic page of a parent also lists its subtopics' articles."""
    synonyms = c.ListOfItems(c.Type(str), default=[])
    """Other spellings front matter may use for this topic, e.g. `[cold calls, outbound calls]`."""
    plurals = c.Type(bool, default=True)
    """Also match the singular/plural of the slug, title and synonyms ("cold call" and "cold
    calls").
    Turn it off for a topic whose plural means something else ("news" is not "new")."""


class TopicsOptions(base.Config):
    enabled = c.Type(bool, default=True)
    """Generate topic pages, topic chips, related articles and `topics.json`."""
    vocabulary = c.DictOfItems(c.SubConfig(TopicOptions), default={})
    """The site's topics by slug, in the order the topics index shows them. Front matter `topics`
    match a topic by its slug, title or a synonym, ignoring case, punctuation and spacing. Without a
    vocabulary every spelling used in posts becomes a topic (titled as first written)."""
    strict = c.Type(bool, default=False)
    """Allow only vocabulary topics: an unknown topic stops the build instead of being a warning."""
    suggest = c.Type(bool, default=True)
    """With a vocabulary, warn about articles without topics and name the topics their text
    matches."""
    related = _AtLeast(0, default=5)
    """Most related articles shown at the end of each article (at least 3 when there are enough);
    0 hides them."""
    title = c.Type(str, default="Topics")
    """Heading of the topics index (`topics/`) and its entry in the default navigation."""
    description = c.Type(str, default="Every subject this site covers, with the articles on each.")
    """Introduction of the topics index and its meta description."""


class ShareOptions(base.Config):
    enabled = c.Type(bool, default=True)
    """Share links under every article: plain links, no third-party script, nothing loads."""
    networks = c.ListOfItems(
        c.Choice(("linkedin", "x", "bluesky", "mastodon", "email", "copy")),
        default=["linkedin", "x", "bluesky", "mastodon", "email", "copy"],
    )
    """Which links, in this order."""


class CommentsOptions(base.Config):
    enabled = c.Type(bool, default=False)
    """Offer giscus comments (GitHub Discussions). Fill in the four ids from https://giscus.app."""
    repo = c.Type(str, default="")
    """`owner/name` of the public GitHub repository whose Discussions hold the comments."""
    repo_id = c.Type(str, default="")
    category = c.Type(str, default="Comments")
    category_id = c.Type(str, default="")
    mapping = c.Choice(("pathname", "url", "title", "og:title"), default="pathname")
    """How a page finds its discussion."""
    reactions = c.Type(bool, default=True)
    types = c.ListOfItems(c.Type(str), default=["rant", "case-study"])
    """Content types that offer comments; front matter `comments: true/false` overrides per post."""
    language = c.Type(str, default="en")


class NewsletterOptions(base.Config):
    enabled = c.Type(bool, default=False)
    """Show a signup block under articles and on the subscribe page."""
    action = c.Type(str, default="")
    """The provider's form URL (Buttondown: https://buttondown.com/api/emails/embed-subscribe/<you>;
    Mailchimp: the `action` of its embed code). Empty: only `link` is shown."""
    email_field = c.Type(str, default="email")
    """Name of the email input the provider expects (Mailchimp: EMAIL)."""
    link = c.Type(str, default="")
    """A signup page to link to instead of (or besides) the form."""
    title = c.Type(str, default="Get the next one by email")
    text = c.Type(
        str, default="One email when a new article is out. No tracking, unsubscribe any time."
    )
    button = c.Type(str, default="Subscribe")


class PromoOptions(base.Config):
    enabled = c.Type(bool, default=False)
    """A promotion (a book, a course, an offer) under articles of the chosen types."""
    types = c.ListOfItems(c.Type(str), default=["rant", "case-study", "speaker"])
    title = c.Type(str, default="")
    text = c.Type(str, default="")
    url = c.Type(str, default="")
    """Where the button leads: a site-relative path or a full URL."""
    label = c.Type(str, default="Learn more")
    image = c.Type(str, default="")
    """Cover image, relative to the posts folder (e.g. `images/book.png`)."""
    image_alt = c.Type(str, default="")


class EngagementOptions(base.Config):
    share = c.SubConfig(ShareOptions)
    comments = c.SubConfig(CommentsOptions)
    newsletter = c.SubConfig(NewsletterOptions)
    promo = c.SubConfig(PromoOptions)


class FeedsOptions(base.Config):
    """RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, each content type and each topic."""

    enabled = c.Type(bool, default=True)
    """Write the feeds, link them from every page's head and generate the subscribe page
    (`subscribe/`) and `feeds.opml`. Feeds need `site_url`: readers only follow absolute links."""
    items = _AtLeast(1, default=20)  # type: ignore[assignment]  # the option is named `items`
    """Newest articles per feed."""
    content = c.Choice(("full", "summary"), default="full")
    """`full`: each item carries the whole article (links and images made absolute);
    `summary`: only the excerpt and a link to the article."""
    formats = c.ListOfItems(c.Choice(("rss", "atom", "json")), default=["rss", "atom", "json"])
    """Which formats to write: `rss` (`feed.xml`), `atom` (`atom.xml`), `json` (`feed.json`)."""
    email_signup_url = c.Type(str, default="")
    """A page where readers get new articles by email (an RSS-to-email service such as Buttondown
    or Mailchimp fed by `feed.xml`); shown on the subscribe page when set."""
    email_signup_label = c.Type(str, default="Get new articles by email")
    """Text of that link."""
    title = c.Type(str, default="Subscribe")
    """Heading of the subscribe page and its entry in the default navigation."""
    date_only_time = _TimeOfDay()
    """Time of day (`HH:MM`, in the site's time zone) that feeds give a post dated by its day alone
    (`date: 2024-09-22`). Empty (the default): 11:00 UTC, which every reader from UTC-10 to
    UTC+12 sees on the post's own date; midnight would list it a day early west of the site."""


class SpeakerOptions(base.Config):
    """The speaker pages. The data itself (talks, appearances, booking ...) is front matter of
    `page` under `speaker:`; see docs/pages/speaker.md."""

    enabled = c.Type(bool, default=True)
    """Build the speaker page, talk pages, appearances page and calendar when `page` has
    `speaker:`."""
    page = c.Type(str, default="hire-me.md")
    """The markdown file (relative to the posts folder) whose front matter holds `speaker:`; it is
    shown with the speaker template, and its text becomes the introduction."""
    talks_path = c.Type(str, default="talks/")
    """URL folder of the talk pages: `talks/<slug>/`."""
    appearances_path = c.Type(str, default="appearances/")
    """URL of the appearances page (upcoming and past)."""
    calendar = c.Type(bool, default=True)
    """Publish `appearances.ics`, an iCalendar feed of upcoming appearances to subscribe to."""
    call_to_action = c.Type(bool, default=True)
    """Show "Book me to speak on this" on articles and topic pages, linking to the booking form
    with the matching talk (or the topic) filled in."""
    call_to_action_label = c.Type(str, default="Book me to speak on this")
    """Button text of that call to action."""


class _HexColor(c.Type[str]):
    """A colour as `#rrggbb` or `#rgb`; empty for "derive it"."""

    def __init__(self):
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value).strip()
        if value and parse_hex(value) is None:
            raise base.ValidationError(
                f"'{value}' is not a colour; write it like '#1b1d24' or '#fff'"
            )
        return value


class _TitlePattern(c.Type[str]):
    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = validate_title_pattern(value)
        if problem:
            raise base.ValidationError(f"'{value}': {problem}")
        return value


class _Robots(c.Type[str]):
    def __init__(self):
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value).strip()
        problem = validate_robots(value) if value else None
        if problem:
            raise base.ValidationError(problem)
        return value


class CardColorOptions(base.Config):
    background = _HexColor()
    """Card background; default: a very dark shade of the theme's primary colour."""
    foreground = _HexColor()
    """Title and author; default: white or near-black, whichever reads better on the background."""
    accent = _HexColor()
    """The label and the bar along the bottom; default: the theme's primary colour."""


class CardOptions(base.Config):
    enabled = c.Type(bool, default=True)
    """Draw a 1200x630 social card per page at build time (offline, cached): what LinkedIn, X,
    Slack and Mastodon show when a link is shared. Front matter `image` wins for its page."""
    colors = c.SubConfig(CardColorOptions)
    """Brand colours; each defaults to one derived from `theme.palette` (primary and accent)."""
    avatar = c.Optional(c.Type(str))
    """A portrait in a circle beside the author's name, relative to the posts folder; defaults to
    the author's `avatar` when that is a local image. `""` shows none."""
    cache_dir = c.Type(str, default=".cache/soapbox/cards")
    """Where drawn cards are kept between builds (relative to mkdocs.yml): unchanged cards are
    copied, not drawn again. Safe to delete."""


class RobotsOptions(base.Config):
    noindex_paginated = c.Type(bool, default=True)
    """`noindex, follow` on page 2, 3 ... of listings: search engines still follow their links to
    the articles but show only the first page."""
    noindex_404 = c.Type(bool, default=True)
    """`noindex, follow` on the "page not found" page."""
    default = _Robots()
    """Robots directives for every other page, e.g. `max-image-preview:large`; front matter
    `robots:` or `noindex: true` overrides it per page."""
    txt = c.Type(bool, default=True)
    """Write `robots.txt` with the sitemap's address, unless the posts folder has its own."""
    disallow = c.ListOfItems(c.Type(str), default=[])
    """Paths crawlers should skip, e.g. `[/drafts/]` (robots.txt `Disallow:` lines)."""


class SeoOptions(base.Config):
    """Titles, descriptions, canonical URLs, Open Graph, Twitter, JSON-LD, sitemap, robots and
    social cards; see docs/pages/seo.md."""

    enabled = c.Type(bool, default=True)
    """Print the SEO head (and the sitemap, robots.txt, cards and content checks below)."""
    title_pattern = _TitlePattern("{page} – {site}")
    """`<title>` of every page but the home page: {page}, {site} and {tagline}."""
    home_title_pattern = _TitlePattern("{site} – {tagline}")
    """`<title>` of the home page; just the site's name when `tagline` is empty."""
    tagline = c.Type(str, default="")
    """A few words after the site's name in the home page's title, e.g. "Sales trainer and
    keynote speaker"."""
    description_length = _AtLeast(50, default=155)
    """Longest meta description: a page without one uses its first paragraph, cut to this many
    characters on a word boundary; a longer front matter `description` is a warning."""
    default_image = c.Type(str, default="")
    """Image for pages without their own when cards are off: relative to the posts folder or a
    full URL (1200x630 works everywhere)."""
    default_image_alt = c.Type(str, default="")
    twitter = c.Type(str, default="")
    """The site's X/Twitter handle (`@maren`) for twitter:site and twitter:creator; defaults to an
    x.com or twitter.com link in `extra.social`."""
    organization = c.Type(str, default="")
    """Name of the organization that publishes the site (JSON-LD publisher); empty: the author."""
    organization_url = c.Type(str, default="")
    logo = c.Type(str, default="")
    """The publisher's logo in structured data (square, at least 112x112), relative to the posts
    folder or a full URL; default: the theme's `logo` image, else the author's `avatar`, else a
    monogram of the site's initials in the card colours."""
    robots = c.SubConfig(RobotsOptions)
    sitemap = c.Type(bool, default=True)
    """Rewrite `sitemap.xml` (and `.gz`): `lastmod` from front matter `updated`/`date`, without
    drafts, scheduled, noindex and paginated pages."""
    checks = c.Type(bool, default=True)
    """Warn about images without alt text, descriptions that are too long or missing, two pages
    with one title and a second level-1 heading (warnings fail `mkdocs build --strict`)."""
    cards = c.SubConfig(CardOptions)


class _Sources(c.BaseConfigOption):
    """`aggregator.sources`: a list of mappings, each checked field by field so that a mistake
    names the entry and the field (`soapbox.aggregator.sources[3].feed: ...`)."""

    FIELDS = ("name", "feed", "site", "topics", "max_items", "max_age_days", "include", "exclude")

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise base.ValidationError(
                "soapbox.aggregator.sources: must be a list of blogs, each like"
                " {name: Example, feed: https://example.com/feed.xml}"
            )
        return [self._entry(index, entry) for index, entry in enumerate(value)]

    def _entry(self, index: int, entry: object) -> dict:
        where = f"soapbox.aggregator.sources[{index}]"

        def fail(field: str, message: str) -> base.ValidationError:
            return base.ValidationError(
                f"{where}.{field}: {message}" if field else f"{where}: {message}"
            )

        if not isinstance(entry, dict):
            raise fail(
                "", "must be a mapping like {name: Example, feed: https://example.com/feed.xml}"
            )
        unknown = [k for k in entry if k not in self.FIELDS]
        if unknown:
            raise fail(str(unknown[0]), f"unknown field; a source has {', '.join(self.FIELDS)}")
        feed = entry.get("feed")
        if not isinstance(feed, str) or not feed.strip():
            raise fail("feed", "is required: the full address of the blog's RSS, Atom or JSON feed")
        if not _is_http_url(feed.strip()) and not _is_feed_path(feed.strip()):
            raise fail(
                "feed",
                f"'{feed}' is not an http(s) address; use the feed's full URL (https://...), or the"
                " path of a feed file relative to mkdocs.yml (e.g. sample-feeds/blog.xml)",
            )
        site = entry.get("site") or ""
        if not isinstance(site, str) or (site.strip() and not _is_http_url(site.strip())):
            raise fail(
                "site",
                f"'{site}' is not an http(s) address; use the blog's home page (https://...)",
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail("name", "is required: the blog's name as visitors should see it")
        out: dict = {"name": " ".join(name.split()), "feed": feed.strip(), "site": site.strip()}
        for field in ("topics", "include", "exclude"):
            words = entry.get(field) or []
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(
                isinstance(w, str) and w.strip() for w in words
            ):
                raise fail(field, "must be a list of words, e.g. [pricing, negotiation]")
            out[field] = [w.strip() for w in words]
        for field, default, minimum in (("max_items", 10, 1), ("max_age_days", 90, 0)):
            number = entry.get(field, default)
            if field == "max_age_days" and number is None:
                out[field] = None  # keep items of any age
                continue
            if isinstance(number, bool) or not isinstance(number, int) or number < minimum:
                raise fail(field, f"must be a whole number of at least {minimum}, got {number!r}")
            out[field] = number
        return out


def _is_feed_path(value: str) -> bool:
    """A local feed file (read on every build, offline too): a path without a URL scheme."""
    return "://" not in value and not urlsplit(value).scheme.isalpha() or value.startswith("file:")


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


class AggregatorOptions(base.Config):
    """ "Around the web": excerpts of the latest posts from blogs the author follows, with
    attribution and a link to each original. See docs/pages/around-the-web.md."""

    enabled = c.Type(bool, default=True)
    """Build the "Around the web" page, its feeds and blogroll when sources are configured."""
    sources = _Sources()
    """The blogs: a list of `{name, feed, site, topics, max_items, max_age_days, include, exclude}`.
    `feed` (required) is the RSS/Atom/JSON Feed URL; `site` the blog's home page; `topics` slugs
    of the vocabulary that everything the blog writes belongs to; `max_items` (10) newest posts
    kept; `max_age_days` (90; null keeps all) drops older posts; `include`/`exclude` keep only
    posts mentioning one of these words / drop posts mentioning any."""
    opml = c.Type(str, default="")
    """An OPML export of a feed reader to import sources from, relative to mkdocs.yml; its folders
    and categories that name a topic of the vocabulary become topic hints."""
    refresh = _AtLeast(0, default=60)
    """Minutes a snapshot stays fresh: a build fetches only when the last fetch is older (0: every
    build). `mkdocs serve` never fetches; `soapbox fetch` always does."""
    offline = c.Type(bool, default=False)
    """Never fetch during a build; render from the snapshot (as does SOAPBOX_OFFLINE=1)."""
    deadline = c.Type((int, float), default=30)
    """Seconds the build may spend fetching, all sources together; slower sources keep their last
    items."""
    cache_dir = c.Type(str, default=".cache/soapbox")
    """Soapbox's cache folder, relative to mkdocs.yml; the snapshot is kept in its `aggregator/`
    folder (git-ignored). Keep it between CI runs to make fetches conditional."""
    excerpt_words = _AtLeast(10, default=60)
    """Words of each post republished as its excerpt (never the whole post)."""
    page_size = _AtLeast(1, default=20)
    """Posts per page of the "Around the web" river."""
    topic_items = _AtLeast(0, default=5)
    """Posts from around the web shown on each topic page (0 hides the section)."""
    feed_items = _AtLeast(1, default=30)
    """Newest posts in the aggregated feeds (`around-the-web/feed.xml`, `atom.xml`, `feed.json`)."""
    title = c.Type(str, default="Around the web")
    """Heading of the river page and its entry in the default navigation."""
    description = c.Type(
        str,
        default="The latest from blogs I read: an excerpt of each post, with a link to the "
        "original.",
    )
    """Introduction of the river page and its meta description."""
    fail_after_days = _AtLeast(0, default=0)
    """Fail the build when a source has been failing for this many days (0: never; failing sources
    are always reported in the build log)."""

    def validate(self):
        failed, warnings = super().validate()
        deadline = self.get("deadline")
        if not failed and (isinstance(deadline, bool) or deadline is None or deadline <= 0):
            failed.append(
                (
                    "deadline",
                    base.ValidationError(f"must be a positive number of seconds, got {deadline!r}"),
                )
            )
        return failed, warnings


class ReachOptions(base.Config):
    """Being found and followed beyond search engines and feeds: AI crawlers, llms.txt, the
    fediverse, Bluesky, IndieWeb and IndexNow. Every option is off until set; see
    docs/pages/reach.md."""

    ai_crawlers = c.Type(str, default="")
    """What AI crawlers may read, as groups in `robots.txt`: `allow-all` (no AI crawler is named),
    `search-only` (AI search engines and fetches a person asks an assistant for may read the site;
    crawlers that collect training data may not), `none` (no AI crawler may). Empty: robots.txt
    names no AI crawler. The sitemap line stays; an own `robots.txt` in the posts folder wins."""
    llms_txt = c.Type(bool, default=False)
    """Write `llms.txt` (llmstxt.org): the site's articles, topics and hire-me page with their
    descriptions, as a Markdown list for language models. Needs `site_url`."""
    rel_me = c.ListOfItems(c.Type(str), default=[])
    """Profile pages that link back to this site (`<link rel="me">` on every page), so the
    profiles can show the site as verified; authors' `fediverse` accounts are added."""
    webfinger = c.Type(str, default="")
    """A fediverse account, `@name@server`: `/.well-known/webfinger` sends every lookup of
    `@anything@<your domain>` to it, so people can find and follow you by your site's domain."""
    webfinger_actor = c.Type(str, default="")
    """The account's ActivityPub address when its server does not use Mastodon's
    `https://<server>/users/<name>`; empty: that one."""
    atproto_did = c.Type(str, default="")
    """Your Bluesky DID (`did:plc:...`): written to `/.well-known/atproto-did` so the site's domain
    can be your Bluesky handle."""
    webmention = c.Type(str, default="")
    """Your Webmention endpoint (e.g. `https://webmention.io/<domain>/webmention`), announced with
    `<link rel="webmention">` on every page."""
    mentions = c.Type(str, default="")
    """A webmention.io-style JSON API of the mentions your articles received (e.g.
    `https://webmention.io/api/mentions.jf2?domain=<domain>&token=<token>`; keep the token out of
    git with `!ENV WEBMENTION_API`). A build fetches it (never `mkdocs serve`, never with
    SOAPBOX_OFFLINE=1), keeps the last good answer in the cache folder, and shows each article's
    mentions under it with author, link and excerpt."""
    indexnow_key = c.Type(str, default="")
    """An IndexNow key (8 to 128 letters, digits or dashes): the build writes `<key>.txt` to prove
    the site is yours, and `scripts/indexnow.py` tells search engines which pages a deploy
    changed."""

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        if failed:
            return failed, warnings
        for name, check in _REACH_CHECKS:
            value = self.get(name)
            values = value if isinstance(value, list) else [value] if value else []
            for item in values:
                problem = check(item.strip())
                if problem:
                    failed.append((name, base.ValidationError(problem)))
                    break
        return failed, warnings


class PerformanceOptions(base.Config):
    """Build speed. Nothing here changes what a build writes, only how long it takes; see
    docs/pages/performance.md."""

    render_cache = c.Type(bool, default=True)
    """Keep each page's converted Markdown (HTML, table of contents, warnings) on disk and reuse
    it while the page's Markdown, its link targets, the Markdown extensions and the versions stay
    the same. The output is byte-for-byte that of a build without it; off: convert every page."""
    cache_dir = c.Type(str, default=".cache/soapbox/render")
    """Where the render cache lives, relative to mkdocs.yml (safe to delete at any time)."""


class SoapboxConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Switch the whole plugin off (e.g. `enabled: !ENV [SOAPBOX, true]`)."""
    authors = c.DictOfItems(c.SubConfig(AuthorOptions), default={})
    """Authors by key; front matter `author: <key>` picks one."""
    default_author = c.Optional(c.Type(str))
    """Author of posts that name none; defaults to the only author when there is one."""
    content = c.SubConfig(ContentOptions)
    listings = c.SubConfig(ListingOptions)
    hire_me = c.SubConfig(HireMeOptions)
    topics = c.SubConfig(TopicsOptions)
    speaker = c.SubConfig(SpeakerOptions)
    engagement = c.SubConfig(EngagementOptions)
    feeds = c.SubConfig(FeedsOptions)
    seo = c.SubConfig(SeoOptions)
    aggregator = c.SubConfig(AggregatorOptions)
    reach = c.SubConfig(ReachOptions)
    performance = c.SubConfig(PerformanceOptions)


def _account_problem(value: str) -> str | None:
    return fediverse_core.parse_account(value)[1]


_REACH_CHECKS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("ai_crawlers", robots_core.validate_preset),
    ("rel_me", lambda url: fediverse_core.validate_url(url, "a profile page")),
    ("webfinger", _account_problem),
    ("webfinger_actor", fediverse_core.validate_actor_url),
    ("atproto_did", fediverse_core.validate_did),
    ("webmention", lambda url: fediverse_core.validate_url(url, "your Webmention endpoint")),
    ("indexnow_key", indexnow_core.validate_key),
    ("mentions", lambda url: fediverse_core.validate_url(url, "a mentions API")),
)
