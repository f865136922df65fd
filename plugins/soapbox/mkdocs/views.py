"""What the templates read as `soapbox.*`: the core's views (`core.plan_views`) plus what only
the page's MkDocs object and the other adapters know (canonical URL, reach, engagement, SEO)."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..core import plan_views
from . import engagement
from . import reach as reach_feature
from . import seo as seo_feature


def site_view(plugin: Any) -> dict[str, Any]:
    """What every page's template reads as `soapbox.*` (`plugin`: the SoapboxPlugin): built on
    the first page of a build and the same object for every page after it (`plugin.site_view`,
    reset with the build), so the incremental preview digests it once. Never changed in place."""
    if plugin.site_view is None:
        plugin.site_view = _site_view(plugin)
    return dict(plugin.site_view)


def _site_view(plugin: Any) -> dict[str, Any]:
    hire, newsletter = plugin.config.hire_me, plugin.config.engagement.newsletter
    return plan_views.site_view(
        plugin.plan_of, plugin.publication, plugin.types, plugin.settings.authors,
        hire_me=hire if hire.enabled and plugin.show_hire_me else None,
        newsletter=newsletter if newsletter.enabled else None,
        reach=reach_feature.page_view(plugin.reach, None),
    )  # fmt: skip


def page(plugin: Any, page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """`soapbox` in the context of one page: the site's parts, the page's own, its head."""
    options, publication, src_uri = plugin.config, plugin.publication, page.file.src_uri
    view = plan_views.page_view(
        site_view(plugin), publication, plugin.types, plugin.generated, src_uri,
        home_featured=options.listings.home_featured, home_recent=options.listings.home_recent,
        related=topics.related if (topics := plugin.topics.view) else None,
    )  # fmt: skip
    view["feed_links"] = plugin.feeds.links_for(src_uri)
    if (post := publication.posts.get(src_uri)) is not None:
        view["reach"] = reach_feature.page_view(plugin.reach, post)
        if post.is_article:
            view["engage"] = engagement.post_view(options.engagement, post, page.canonical_url)
    view["seo"] = seo_feature.page_head(
        plugin.seo, page, view, publication=publication, settings=plugin.settings,
        types=plugin.types, config=config, speaking=plugin.speaking,
        topics_title=options.topics.title,
    )  # fmt: skip
    return view


def static(plugin: Any, context: dict, template_name: str) -> None:
    """Static templates (404.html) get the site-wide parts: the call to action, the types."""
    context.setdefault("soapbox", site_view(plugin))
    if template_name == "404.html":  # the theme renders the planned 404 page from its template
        context["soapbox"]["page"] = plugin.plan_of.not_found
        context["soapbox"]["seo"] = seo_feature.not_found_head(plugin.seo)
