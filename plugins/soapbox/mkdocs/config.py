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
