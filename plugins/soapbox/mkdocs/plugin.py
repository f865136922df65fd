"""The `soapbox` MkDocs plugin: thin event handlers over `soapbox.core`.

Each handler checks `enabled`, calls the core, and stores the result. Per-build state is reset in
`on_config` because `mkdocs serve` reuses this instance across rebuilds.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.content import ContentSettings, ContentType, Post
from ..core.errorpage import error_page
from ..core.feed_plan import Feeds
from ..core.files import empty_soon
from ..core.markup import fix_material_markup
from ..core.plan import PlannedPage
from ..core.plan_river import Aggregator, cache_folder, sources_or_raise
from ..core.plan_site import SitePlan
from ..core.plan_views import content_settings, page_meta
from ..core.problems import Problem
from ..core.publication import Publication, build_now
from ..core.render_cache import finish as finish_render_cache
from ..core.speaker import KEY as SPEAKER_KEY
from ..core.speaker.site import Speaking
from ..core.text import drop_first_heading, format_date, unlink
from ..core.topic_plan import Topics
from ..core.urls import site_path
from . import engagement, incremental, planning, render_cache, scripts, views, workers
from . import images as images_feature
from . import links as links_feature
from . import reach as reach_feature
from . import seo as seo_feature
from .config import SoapboxConfig

log = get_plugin_logger(__name__)


class SoapboxPlugin(BasePlugin[SoapboxConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        # from on_startup: only "build"/"gh-deploy" may fetch (not serve, not `soapbox check`)
        self.command = ""
        self.config_file = "mkdocs.yml"
        self.last_urls: dict[str, str] = {}  # src_uri -> URL in the last good build (serve)
        self.dirty = False  # `--dirty`: MkDocs skips unchanged pages, so the cache is not pruned
        self.render_cache = render_cache.RenderCache(workers.MarkdownWorkers())
        self.incremental = incremental.Incremental()  # kept page outputs across serve builds
        self.compiled = incremental.Compiled()  # compiled templates across builds
        self._reset()

    def _reset(self) -> None:
        self.settings = ContentSettings()
        self.types: dict[str, ContentType] = {}
        self.publication: Publication | None = None
        self.plan_of: SitePlan | None = None  # the core's plan of this build
        self.generated: dict[str, PlannedPage] = {}
        self.unpublished_urls: frozenset[str] = frozenset()
        self.topics = Topics()
        self.feeds = Feeds()
        self.speaking = Speaking()
        self.aggregator = Aggregator()
        self.seo = seo_feature.Seo()
        self.show_hire_me = False
        self.provisional: list[Post] = []  # files with errors, as far as their URL is known
        self.serve_problems: list[Problem] = []  # errors shown in the browser by `mkdocs serve`
        self.links = links_feature.LinkCheck({})
        self.reach = reach_feature.Reach()
        self.render_cache_ready = False
        self.site_view: dict[str, Any] | None = None  # `soapbox.*` every page shares (views.py)

    # -- events, in the order MkDocs calls them ---------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve, self.command, self.dirty = command == "serve", command, dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:  # MkDocs' clean comes next
        if self.config.enabled and self.is_serve and not self.dirty:  # a folder of its own
            empty_soon(Path(config.site_dir))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return None
        try:
            self.settings = content_settings(
                self.config, config.docs_dir, config.config_file_path,
                extra_fields=frozenset({SPEAKER_KEY}),  # the speaker page's data
            )  # fmt: skip
        except ValueError as exc:
            raise PluginError(f"soapbox: {exc}") from None
        self.config_file = config.config_file_path or "mkdocs.yml"
        self.types = self.settings.type_by_key()
        engagement.check(self.config.engagement)
        planning.configure(config, engagement.SCRIPT)
        return config

    @event_priority(-50)  # late: see the files other plugins added or removed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        try:
            now = build_now(tz=self.settings.timezone)
        except ValueError as exc:
            raise PluginError(f"soapbox: {exc}") from None
        preview = self.is_serve and self.config.content.preview
        publication, problems = self.plan(files, config, now=now, preview=preview)
        self.serve_problems = planning.report(problems, serve=self.is_serve)
        assert self.plan_of is not None  # planned just now
        planning.apply(self.plan_of, self.config, self.settings.types, files, config)
        scripts.load_everywhere(files, config)
        self.publication = publication
        if not self.serve_problems:
            self.last_urls = {src: post.url for src, post in publication.posts.items()}
        planning.settle(self, files, config, now=now)
        return files

    def plan(
        self, files: Files, config: MkDocsConfig, *, now: datetime, preview: bool
    ) -> tuple[Publication, list[Problem]]:
        """Every post read and every page planned, `files` unchanged (`soapbox check` too)."""
        return planning.plan(self, files, config, now=now, preview=preview)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.config.enabled:
            if not self.render_cache_ready:  # here, once: every plugin has set its config
                self._setup_render_cache(config)
            self.render_cache.use(page)
        return page

    def _setup_render_cache(self, config: MkDocsConfig) -> None:
        options = self.config.performance
        folder = Path(self.config_file).parent / options.cache_dir
        count = 1 if self.dirty else options.workers  # --dirty skips pages: no workers
        on, serve = options.render_cache, self.is_serve  # serve: entries kept in memory too
        self.render_cache.setup(config, folder, enabled=on, workers=count, retain=serve)
        self.render_cache_ready = True
        if self.render_cache.off_reason and options.render_cache:
            log.info(f"render cache off: {self.render_cache.off_reason}")

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.publication is None:
            return None
        src_uri = page.file.src_uri
        post = self.publication.posts.get(src_uri)
        page_meta(
            page.meta, post, src_uri, self.settings.authors,
            speaker_template=self.speaking.template_of(src_uri),
        )  # fmt: skip
        return drop_first_heading(markdown) if post and post.title_in_body else markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.config.enabled:
            if self.unpublished_urls:
                html = unlink(html, lambda href: site_path(page.url, href) in self.unpublished_urls)
            self.feeds.capture(page.file.src_uri, html)  # feed items carry the rendered article
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        workers.cards_ahead(self.seo, self.config.performance.workers)  # cards beside the build
        if self.serve_problems:
            return error_page(self.serve_problems)
        # the link scan, WebP/AVIF images, Material's markup (replayed for a kept page)
        images = images_feature.responsive(config)
        return incremental.finish_page(
            self.incremental, output, page, images, self.links, self.settings.display_root
        )

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        # 404.html is a theme template, not a page: on_post_page never sees it.
        if self.config.enabled and self.serve_problems and template_name == "404.html":
            return error_page(self.serve_problems)  # a broken post has no page of its own
        if self.config.enabled and template_name.endswith(".html"):
            return fix_material_markup(output_content)
        return output_content

    # Late: after Material's search plugin wrote the index that search_feature adds to.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            planning.finish(self, config)
            if (store := self.render_cache.store) is not None:  # not pruned after --dirty
                log.info(finish_render_cache(store, dirty=self.dirty, now=time.time()))
            self.incremental.finish(dirty=self.dirty)
            if not self.serve_problems:
                links_feature.report(self.links, config.site_dir)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.config.enabled:
            pattern, tz = self.config.content.date_format, self.settings.timezone
            env.filters["soapbox_date"] = lambda moment: format_date(moment.astimezone(tz), pattern)
            options = self.config.performance
            folder = Path(self.config_file).parent / options.cache_dir / "pages"
            self.compiled.attach(env, folder.with_name("templates") if options.page_cache else None)
            self.incremental.install(
                env, config, command=self.command, preview=options.incremental_preview,
                folder=folder if options.page_cache else None,
            )  # fmt: skip
        return env

    def on_page_context(  # type: ignore[override]  # Material's context holds more than MkDocs'
        self, context: dict, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict | None:
        if not self.config.enabled or self.publication is None:
            return None
        context["soapbox"] = views.page(self, page, config)
        return context

    def on_template_context(  # type: ignore[override]  # Material's context holds more
        self, context: dict, *, template_name: str, config: MkDocsConfig
    ) -> dict | None:
        if self.config.enabled and self.publication is not None:
            views.static(self, context, template_name)
        return context

    def aggregator_sources(self) -> list:
        """The aggregator's sources as a build reads them (mkdocs.yml and the OPML import);
        `soapbox fetch` calls this. ValueError names every mistake."""
        return sources_or_raise(self.config.aggregator, self.config.topics, self.config_file)

    def aggregator_cache_dir(self) -> str:
        """Where the aggregator's snapshot lives (`<cache_dir>/aggregator`, absolute)."""
        return str(cache_folder(self.config.aggregator, self.config_file))
