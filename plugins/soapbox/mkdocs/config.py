"""The `soapbox` plugin's options in mkdocs.yml, grouped by feature. Each option says what it does
where it is declared; the README's configuration reference mirrors this file."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.urls import validate_permalink


class _TimeZone(c.Type):
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


class _AtLeast(c.Type):
    """A whole number no smaller than `minimum`."""

    def __init__(self, minimum: int, default: int):
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < self.minimum:
            raise base.ValidationError(f"must be a whole number of at least {self.minimum}, got {value!r}")
        return value


class _Permalink(c.Type):
    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = validate_permalink(value)
        if problem:
            raise base.ValidationError(f"'{value}' {problem}")
        return value


class AuthorOptions(base.Config):
    name = c.Type(str)
    """Display name in bylines."""
    bio = c.Type(str, default="")
    """One or two sentences shown under articles."""
    url = c.Type(str, default="")
    """Profile page: a site-relative path like `about/` or a full URL."""
    avatar = c.Type(str, default="")
    """Portrait image, relative to the posts folder (e.g. `images/me.png`) or a full URL."""


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
    """One topic of the vocabulary; its key under `vocabulary:` is its slug (URL `topics/<slug>/`)."""

    title = c.Optional(c.Type(str))
    """Display name on chips, pages and the index; defaults to the slug with spaces."""
    description = c.Type(str, default="")
    """One or two sentences at the top of the topic page, in the index and in its meta description."""
    parent = c.Optional(c.Type(str))
    """Slug of the broader topic; the topic page of a parent also lists its subtopics' articles."""
    synonyms = c.ListOfItems(c.Type(str), default=[])
    """Other spellings front matter may use for this topic, e.g. `[cold calls, outbound calls]`."""
    plurals = c.Type(bool, default=True)
    """Also match the singular/plural of the slug, title and synonyms ("cold call" and "cold calls").
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
    """With a vocabulary, warn about articles without topics and name the topics their text matches."""
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
    text = c.Type(str, default="One email when a new article is out. No tracking, unsubscribe any time.")
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
    items = _AtLeast(1, default=20)
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


class SpeakerOptions(base.Config):
    """The speaker pages. The data itself (talks, appearances, booking ...) is front matter of
    `page` under `speaker:`; see docs-drafts/speaker.md."""

    enabled = c.Type(bool, default=True)
    """Build the speaker page, talk pages, appearances page and calendar when `page` has `speaker:`."""
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
