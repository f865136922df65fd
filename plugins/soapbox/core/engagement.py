"""Reader engagement that needs no server and tracks no one: share intents as plain links, and
the decision which articles offer comments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

# Each network's share intent. Plain links: no third-party script, no request until clicked.
NETWORKS = ("linkedin", "x", "bluesky", "mastodon", "email", "copy")


@dataclass(frozen=True, slots=True)
class ShareLink:
    network: str
    label: str  # visible text
    href: str  # absolute URL; "" for the copy button (it uses `url`)


def share_links(url: str, title: str, networks: Iterable[str] = NETWORKS) -> list[ShareLink]:
    """Share links for an article at absolute `url` with headline `title` (plain text)."""
    text = f"{title} {url}"
    build = {
        "linkedin": (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        "x": ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        "bluesky": ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        # Mastodon has no central intent: the script asks for the reader's server and opens
        # https://<server>/share; without JavaScript this generic chooser page is the fallback.
        "mastodon": (
            "Mastodon",
            "https://mastodonshare.com/?" + urlencode({"text": title, "url": url}),
        ),
        "email": ("Email", f"mailto:?subject={quote(title, safe='')}&body={quote(text, safe='')}"),
        "copy": ("Copy link", ""),
    }
    links = []
    for network in networks:
        if network not in build:
            raise ValueError(f"unknown share network '{network}'; use {', '.join(NETWORKS)}")
        label, href = build[network]
        links.append(ShareLink(network, label, href))
    return links


def comments_enabled(post_setting: bool | None, post_type: str, types: Iterable[str]) -> bool:
    """Front matter `comments: true/false` wins; otherwise the configured content types."""
    return post_setting if post_setting is not None else post_type in set(types)


def config_mistake(options: Any) -> str:
    """The first mistake in the engagement options, as a message naming the option ("" when
    there is none); `options` are the engagement options (attribute access)."""
    comments = options.comments
    if comments.enabled:
        missing = [
            name for name in ("repo", "repo_id", "category_id") if not getattr(comments, name)
        ]
        if missing:
            return (
                f"soapbox: engagement.comments.{missing[0]} is empty; comments are enabled, so copy"
                " repo, repo_id, category and category_id from https://giscus.app (or set"
                " engagement.comments.enabled: false)"
            )
    promo = options.promo
    if promo.enabled and not (promo.title and promo.url):
        return "soapbox: engagement.promo needs a title and a url when it is enabled"
    newsletter = options.newsletter
    if newsletter.enabled and not (newsletter.action or newsletter.link):
        return (
            "soapbox: engagement.newsletter needs an action (the provider's form URL) or a link"
            " when it is enabled"
        )
    return ""


def post_view(options: Any, post: Any, canonical_url: str | None) -> dict[str, Any]:
    """What the article template needs; the share links use the canonical URL and plain title."""
    url = post.canonical or canonical_url or ""
    share = options.share.enabled and url
    comments = options.comments.enabled and comments_enabled(
        post.comments, post.type, options.comments.types
    )
    promo = options.promo.enabled and post.type in options.promo.types
    return {
        "url": url,
        "share": share_links(url, post.title, options.share.networks) if share else [],
        "comments": options.comments if comments else None,
        "promo": options.promo if promo else None,
        "newsletter": options.newsletter if options.newsletter.enabled else None,
    }
