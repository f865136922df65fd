"""`soapbox init`'s decisions: what a new author's answers must look like, and the mkdocs.yml and
first pages their own site starts from.

Every feature that needs an account somewhere (comments, newsletter, booking form, "Around the
web" sources) is present in the generated mkdocs.yml but off, with a comment saying what to fill
in: the site builds `--strict` with no warning the moment it is written, and nothing a reader
types goes anywhere the author has not chosen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .urls import slugify

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Answers:
    name: str  # the site's name: "Ana Ruiz" or "Pricing Notes"
    url: str  # https://ana.example.org/ (validated, with a trailing slash)
    author: str  # the author's display name
    timezone: str  # IANA name
    language: str  # a theme language code: en, de, pt-BR
    speaker: bool  # they speak: a hire-me page and its call to action

    @property
    def author_key(self) -> str:
        return slugify(self.author) or "me"


def check_name(value: str, what: str) -> str:
    """A one-line display name; raises ValueError saying what to type."""
    text = " ".join(value.split())
    if not text:
        raise ValueError(f"the {what} is empty; type it, e.g. 'Ana Ruiz'")
    if len(text) > 120:
        raise ValueError(f"the {what} is {len(text)} characters long; keep it under 120")
    return text


def check_url(value: str) -> str:
    """The site's public address, `https://host/path/` with a trailing slash."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise ValueError(
            f"'{text}' is not a web address; write the address the site will have, with"
            " https://, e.g. https://ana.example.org/ or https://ana.github.io/blog/"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"'{text}' has a '?' or '#' part; the site's address is just the URL")
    return text if text.endswith("/") else text + "/"


def check_timezone(value: str) -> str:
    text = value.strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone '{text}'; use an IANA name like Europe/Berlin, America/New_York"
            " or UTC"
        ) from None
    return text


def check_language(value: str, supported: Collection[str] = ()) -> str:
    """A language code the theme has translations for (`supported`; any well-formed code when
    the list is unknown)."""
    text = value.strip()
    by_case = {code.casefold(): code for code in supported}
    if by_case and text.casefold() in by_case:
        return by_case[text.casefold()]
    if not _LANGUAGE.match(text) or by_case:
        known = f"; the theme knows {', '.join(sorted(supported))}" if supported else ""
        raise ValueError(f"'{text}' is not a language code like en, de or pt-BR{known}")
    return text


def _yaml(value: str) -> str:
    """A scalar as YAML writes it (quoted when it must be)."""
    return (
        yaml.safe_dump(value, allow_unicode=True, default_style=None, width=10**6)
        .removesuffix("\n...\n")
        .strip()
    )


def _markdown_text(value: str) -> str:
    """A name as plain text in a Markdown body: Markdown's marks backslashed, HTML escaped."""
    return html.escape(re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", value), quote=False)


def render_config(answers: Answers) -> str:
    """The author's mkdocs.yml."""
    a = answers
    key = a.author_key
    hire_me = (
        """      hire_me:
        enabled: true           # the "Hire me to speak" bar, home button and box under posts
        url: hire-me/
        label: Hire me to speak
        text: Bring these ideas to your team, conference or kickoff.
"""
        if a.speaker
        else """      hire_me:
        enabled: false          # you do not speak: no "hire me" links anywhere. To turn it on,
                                # write posts/hire-me.md and set this to true.
"""
    )
    return f"""# {a.name}: a Soapbox site. `make site` builds it, `make serve` previews it.
# Every option is documented in docs/configuration.md (and where it is declared, in
# plugins/soapbox/core/settings.py). The sample site this started from is in sample/ if you kept it.
site_name: {_yaml(a.name)}
site_url: {_yaml(a.url)}
site_author: {_yaml(a.author)}
docs_dir: posts

theme:
  name: material
  language: {_yaml(a.language)}
  font: false            # system fonts: no request to a font CDN on any page
  features:
    - navigation.tabs
    - navigation.top
    - search.suggest
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

markdown_extensions:
  - attr_list
  - admonition
  - toc:
      permalink: true

plugins:
  - search
  - soapbox:
      authors:
        {key}:
          name: {_yaml(a.author)}
          url: about/
      content:
        timezone: {_yaml(a.timezone)}
{hire_me}      engagement:
        comments:
          # Reader comments with giscus (GitHub Discussions): create the ids at https://giscus.app,
          # fill in the four values and set enabled: true.
          enabled: false
          repo: ""              # owner/name of a public GitHub repository
          repo_id: ""
          category: Comments
          category_id: ""
        newsletter:
          # An email signup under articles: paste your provider's form URL (Buttondown:
          # https://buttondown.com/api/emails/embed-subscribe/<you>) and set enabled: true.
          enabled: false
          action: ""
      aggregator:
        # "Around the web": excerpts of the newest posts of blogs you read, each linking to the
        # original. Add sources like the commented one; `soapbox fetch` fetches them.
        sources: []
        # sources:
        #   - name: A blog I read
        #     feed: https://blog.example.org/feed.xml
        #     site: https://blog.example.org/
"""


def starter_pages(answers: Answers) -> dict[str, str]:
    """{path under posts/: text} of the pages a new site starts with (written only when absent)."""
    a = answers
    who = _markdown_text(a.author)
    pages = {
        "index.md": f"""---
title: {_yaml(a.name)}
type: page
description: {_yaml(f"Articles, case studies and talks by {a.author}.")}
---

Welcome. Here {who} writes about the work: opinions, case studies and notes from the stage.
Edit this text in posts/index.md; your newest posts appear below it.
""",
        "about.md": f"""---
title: About
description: {_yaml(f"Who {a.author} is and what this site is about.")}
---

{who} writes this site. Tell readers here who you are, what you work on and how to reach you
(posts/about.md).
""",
    }
    if a.speaker:
        pages["hire-me.md"] = f"""---
title: Hire me
description: {_yaml(f"Book {a.author} to speak at your conference, kickoff or team offsite.")}
# Add your talks, past appearances and a booking form: a `speaker:` block here turns this page
# into a full speaker page (see docs/speaker.md). The booking form needs a provider, e.g.
# speaker:
#   name: {a.author}
#   booking: {{provider: formspree, form_id: "<your form id>", email: you@example.org}}
---

I speak to teams, conferences and kickoffs. Write here what you speak about, for whom, and how
organisers reach you (posts/hire-me.md).
"""
    return pages
