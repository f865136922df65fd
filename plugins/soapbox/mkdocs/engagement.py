"""MkDocs glue for reader engagement: share links, giscus comments, newsletter and promotion."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from ..core.content import Post
from ..core.engagement import comments_enabled, share_links

SCRIPT = "assets/soapbox/engagement.js"


def check(options: Any) -> None:
    """Configuration mistakes stop the build with the option's full name."""
    comments = options.comments
    if comments.enabled:
        missing = [
            name for name in ("repo", "repo_id", "category_id") if not getattr(comments, name)
        ]
        if missing:
            raise PluginError(
                f"soapbox: engagement.comments.{missing[0]} is empty; comments are enabled, so copy"
                " repo, repo_id, category and category_id from https://giscus.app (or set"
                " engagement.comments.enabled: false)"
            )
    promo = options.promo
    if promo.enabled and not (promo.title and promo.url):
        raise PluginError("soapbox: engagement.promo needs a title and a url when it is enabled")
    newsletter = options.newsletter
    if newsletter.enabled and not (newsletter.action or newsletter.link):
        raise PluginError(
            "soapbox: engagement.newsletter needs an action (the provider's form URL) or a link"
            " when it is enabled"
        )


def post_view(options: Any, post: Post, canonical_url: str | None) -> dict[str, Any]:
    """What the article template needs; the share links use the canonical URL and plain title."""
    url = post.canonical or canonical_url or ""
    return {
        "url": url,
        "share": share_links(url, post.title, options.share.networks)
        if options.share.enabled and url
        else [],
        "comments": options.comments
        if options.comments.enabled
        and comments_enabled(post.comments, post.type, options.comments.types)
        else None,
        "promo": options.promo
        if options.promo.enabled and post.type in options.promo.types
        else None,
        "newsletter": options.newsletter if options.newsletter.enabled else None,
    }
