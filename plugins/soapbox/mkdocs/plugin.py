"""The `soapbox` MkDocs plugin: thin event handlers over `soapbox.core`.

Each handler checks `enabled`, calls the core, and stores the result. Per-build state is reset in
`on_config` because `mkdocs serve` reuses this instance across rebuilds.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.content import (
    DEFAULT_TYPES,
    Author,
    ContentSettings,
    ContentType,
    Post,
)
from ..core.errorpage import error_page
from ..core.plan import (
    ARCHIVE,
    HOME,
    PageKind,
    PlannedPage,
    default_nav,
    home_view,
    page_markdown,
    plan_pages,
    read_posts,
    summary_lines,
    url_of,
)
from ..core.plan import (
    TEMPLATES as PAGE_TEMPLATES,
)
from ..core.problems import ContentError, Problem, Severity
from ..core.publication import (
    Publication,
    build_now,
    check_collection,
    publish,
    reserved_url_conflicts,
)
from ..core.redirects import Redirect, clash_message, plan_redirects, write_redirects
from ..core.text import drop_first_heading, format_date, unlink
from ..core.urls import site_path
from . import aggregator as aggregator_feature
from . import engagement, incremental, markup, render_cache
from . import feeds as feeds_feature
from . import images as images_feature
from . import links as links_feature
from . import reach as reach_feature
from . import samples as samples_feature
from . import search as search_feature
from . import seo as seo_feature
from . import speaker as speaker_feature
from . import topics as topics_feature
from .config import SoapboxConfig

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE / "templates"
STYLESHEET = "assets/soapbox/soapbox.css"


Generated = PlannedPage  # every generated page reads like one (the features' own as well)


class SoapboxPlugin(BasePlugin[SoapboxConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        # from on_startup: only "build"/"gh-deploy" may fetch (not serve, not `soapbox check`)
        self.command = ""
        self.config_file = "mkdocs.yml"
        self.last_urls: dict[str, str] = {}  # src_uri -> URL in the last good build (serve)
        self.dirty = False  # `--dirty`: MkDocs skips unchanged pages, so the cache is not pruned
        self.render_cache = render_cache.RenderCache()
        self.incremental = incremental.Incremental()  # kept page outputs across serve builds
        self._reset()

    def _reset(self) -> None:
        self.settings = ContentSettings()
        self.types: dict[str, ContentType] = {}
        self.publication: Publication | None = None
        self.generated: dict[str, Generated] = {}
        self.page_urls: frozenset[str] = frozenset()
        self.unpublished_urls: frozenset[str] = frozenset()
        self.topics = topics_feature.Topics()
        self.feeds = feeds_feature.Feeds()
        self.speaking = speaker_feature.Speaking()
        self.aggregator = aggregator_feature.Aggregator()
        self.seo = seo_feature.Seo()
        self.show_hire_me = False
        self.provisional: list[Post] = []  # files with errors, as far as their URL is known
        self.serve_problems: list[Problem] = []  # errors shown in the browser by `mkdocs serve`
        self.links = links_feature.LinkCheck({})
        self.redirects: list[Redirect] = []
        self.reach = reach_feature.Reach()
        self.render_cache_ready = False

    # -- events, in the order MkDocs calls them ---------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return None
        if config.theme.name != "material":
            raise PluginError(
                f"soapbox: theme '{config.theme.name}' is not supported; set 'theme: name: "
                "material'"
                " in mkdocs.yml (Soapbox's templates extend mkdocs-material)"
            )
        self.settings = self.content_settings(config)
        self.config_file = config.config_file_path or "mkdocs.yml"
        self.types = self.settings.type_by_key()
        # Our templates sit between the author's custom_dir (which wins) and Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # speaker.css is linked by the speaker templates only: no render-blocking CSS elsewhere.
        engagement.check(self.config.engagement)
        if engagement.SCRIPT not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(engagement.SCRIPT)
            script.defer = True  # runs once the page is parsed: never delays the first paint
            config.extra_javascript.append(script)
        return config

    def content_settings(self, config: MkDocsConfig) -> ContentSettings:
        options = self.config
        authors = {
            key: Author(key, a.name or key, a.bio, a.url, a.avatar)
            for key, a in options.authors.items()
        }
        default_author = options.default_author
        if default_author is None and len(authors) == 1:
            default_author = next(iter(authors))
        if default_author is not None and default_author not in authors:
            raise PluginError(
                f"soapbox: default_author '{default_author}' is not one of the authors declared"
                f" under plugins -> soapbox -> authors ({', '.join(authors) or 'none declared'})"
            )
        types = []
        overrides = dict(options.content.types)
        for content_type in DEFAULT_TYPES:
            override = overrides.pop(content_type.key, None)
            if override:
                changes = {k: v for k in ("label", "plural", "path") if (v := override[k])}
                if "path" in changes:
                    changes["path"] = changes["path"].strip("/") + "/"
                content_type = dataclasses.replace(content_type, **changes)
            types.append(content_type)
        if overrides:
            raise PluginError(
                f"soapbox: content.types: unknown type '{next(iter(overrides))}'; Soapbox has"
                f" {', '.join(t.key for t in DEFAULT_TYPES)}"
            )
        docs_root = Path(config.docs_dir)
        config_dir = Path(config.config_file_path or ".").parent
        try:
            display_root = docs_root.relative_to(config_dir.resolve()).as_posix()
        except ValueError:
            display_root = docs_root.as_posix()
        return ContentSettings(
            timezone=ZoneInfo(options.content.timezone),
            authors=authors,
            default_author=default_author,
            permalink=options.content.permalink,
            types=tuple(types),
            display_root=display_root,
            extra_fields=frozenset({speaker_feature.KEY}),  # the speaker page's data
        )

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
        self._report(problems)
        self._apply(publication, files, config)
        self.publication = publication
        if not self.serve_problems:
            self.last_urls = {src: post.url for src, post in publication.posts.items()}
        self._plan_links(publication)
        self.page_urls = frozenset(page.url for page in files.documentation_pages())
        self.unpublished_urls = frozenset(
            file.url
            for file in files.documentation_pages(
                inclusion=lambda level: level is InclusionLevel.EXCLUDED
            )
        )
        self.reach = reach_feature.plan(
            self.config, config, files, publication, self.topics.pages,
            show_hire_me=self.show_hire_me, command=self.command, now=now,
        )  # fmt: skip
        self._log_summary(publication)
        return files

    def _plan_links(self, publication: Publication) -> None:
        """Which configured links the pages may print, and the check of those they print."""
        known = {p.url for p in publication.posts.values()}
        known.update(uri_to_url(src) for src in self.generated)
        self.show_hire_me, self.links = links_feature.plan(self.config, known)

    def plan(
        self, files: Files, config: MkDocsConfig, *, now: datetime, preview: bool
    ) -> tuple[Publication, list[Problem]]:
        """Read and validate every post and plan every page the build generates, without changing
        `files`. `soapbox check` calls this too, so it reports exactly what a build would."""
        posts, problems = self._read_posts(files)
        publication = publish(posts, now, preview=preview, types=self.settings.types)
        has_home = files.get_file_from_path(HOME) is not None
        overrides = self.config.content.types
        self.generated = plan_pages(
            publication,
            self.settings.types,
            site_name=config.site_name,
            has_home=has_home,
            page_size=self.config.listings.page_size,
            archive=self.config.listings.archive,
            type_descriptions={k: o.description for k, o in overrides.items() if o.description},
        )
        self.topics = topics_feature.plan(
            self.config.topics,
            publication,
            files,
            config,
            display_root=self.settings.display_root,
            page_size=self.config.listings.page_size,
        )
        self.generated.update(self.topics.pages)  # type: ignore[arg-type]  # TopicPage reads like Generated
        problems += self.topics.problems
        self.feeds = self._plan_feeds(publication, files, config)
        self.generated.update(self.feeds.pages)  # type: ignore[arg-type]  # SubscribePage reads like Generated
        problems += self.feeds.problems
        self.speaking = speaker_feature.plan(
            self.config.speaker,
            publication,
            files,
            config,
            display_root=self.settings.display_root,
            timezone=self.settings.timezone,
            is_serve=self.is_serve,
            topics=self.topics.view,
            date_format=self.config.content.date_format,
        )
        self.generated.update(self.speaking.pages)  # type: ignore[arg-type]  # SpeakerPage reads like Generated
        problems += self.speaking.problems
        self.aggregator = aggregator_feature.plan(
            self.config.aggregator,
            self.config.topics,
            config,
            now=now,
            command=self.command,
            topics_view=self.topics.view,
            topic_pages=self.topics.pages,
            feed_stylesheet=feeds_feature.XSL if self.feeds.pages else "",
        )
        self.generated.update(self.aggregator.pages)  # type: ignore[arg-type]  # RiverPage reads like Generated
        self.feeds.page_links.update(
            aggregator_feature.head_links(self.aggregator, self.feeds.site_links)
        )
        problems += self.aggregator.problems
        problems += samples_feature.problems(
            self.config, self.speaking, site_url=config.site_url, config_file=self.config_file,
            display_root=self.settings.display_root, docs_dir=config.docs_dir,
        )  # fmt: skip
        problems += check_collection(publication.posts.values(), self.settings.display_root)
        problems += check_collection(  # clashes of files left out for errors of their own
            [*publication.posts.values(), *self.provisional],
            self.settings.display_root,
            involving=frozenset(p.src_uri for p in self.provisional),
        )
        reserved = {
            uri_to_url(src): f"the generated page '{page.title}'"
            for src, page in self.generated.items()
        }
        problems += reserved_url_conflicts(
            publication.posts.values(), reserved, self.settings.display_root
        )
        problems += reserved_url_conflicts(self.provisional, reserved, self.settings.display_root)
        root = self.settings.display_root
        taken = taken_addresses(publication, files, reserved, root)
        self.redirects, found = plan_redirects(publication.posts.values(), taken, root)
        problems += found
        # Last: SEO reads every generated page (titles for the duplicate check).
        self.seo = seo_feature.plan(
            self.config.seo,
            publication,
            self.generated,
            files,
            config,
            settings=self.settings,
            is_serve=self.is_serve,
            speaking=self.speaking,
        )
        problems += self.seo.problems
        return publication, problems

    def _apply(self, publication: Publication, files: Files, config: MkDocsConfig) -> None:
        """Put the plan into MkDocs' file list: exclusions, permalinks, generated pages, assets."""
        for src_uri in publication.excluded:
            _file(files, src_uri).inclusion = InclusionLevel.EXCLUDED
        for src_uri in publication.previews:
            _file(files, src_uri).inclusion = InclusionLevel.DRAFT
        for post in publication.posts.values():
            set_url(_file(files, post.src_uri), post.url, config)
        for src_uri, page in self.generated.items():
            files.append(File.generated(config, src_uri, content=generated_markdown(page)))
        files.append(
            File.generated(config, STYLESHEET, abs_src_path=str(PACKAGE / "assets" / "soapbox.css"))
        )
        files.append(
            File.generated(
                config, engagement.SCRIPT, abs_src_path=str(PACKAGE / "assets" / "engagement.js")
            )
        )
        topics_feature.add_files(self.topics, files, config)
        river = self.aggregator.view.feed_links if self.aggregator.view is not None else ()
        feeds_feature.add_files(self.feeds, files, config, river)
        speaker_feature.add_files(self.speaking, files, config)
        aggregator_feature.add_files(self.aggregator, files, config)
        if self.config.speaker.enabled:
            speaker_feature.add_assets(files, config)
        if config.nav is None:
            config.nav = self._default_nav(publication)
        # Articles live in listings, not in the navigation: listing thousands of them as "not
        # included in the nav" on every build says nothing. An explicit setting is respected.
        if config.validation.nav.omitted_files == logging.INFO:
            config.validation.nav.omitted_files = logging.DEBUG

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.config.enabled:
            if not self.render_cache_ready:  # here, once: every plugin has set its config
                self._setup_render_cache(config)
            self.render_cache.use(page)
        return page

    def _setup_render_cache(self, config: MkDocsConfig) -> None:
        options = self.config.performance
        folder = Path(self.config_file).parent / options.cache_dir
        self.render_cache.setup(config, folder, enabled=options.render_cache)
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
        meta = page.meta
        if src_uri == HOME:
            meta.setdefault("template", "soapbox/home.html")
            meta["hide"] = sorted({*meta.get("hide", []), "navigation", "toc"})
        elif post is not None:
            if post.is_article:
                meta.setdefault("template", "soapbox/post.html")
            meta["hide"] = sorted({*meta.get("hide", []), "navigation"})
            if template := speaker_feature.template_of(self.speaking, src_uri):
                meta.setdefault("template", template)
                meta["hide"] = sorted({*meta["hide"], "toc"})
        if post is not None:
            # Material prints page.title and page.meta as trusted HTML (header, tabs, <title>,
            # <meta>); front matter is text, so it is handed over escaped, once, here.
            meta["title"] = html.escape(post.title)
            if post.description:
                meta["description"] = html.escape(post.description)
            author = self.settings.authors.get(post.author or "")
            if author is not None:
                meta["author"] = html.escape(author.name)
            if post.title_in_body:
                markdown = drop_first_heading(markdown)
        return markdown

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
        if self.serve_problems:
            return error_page(self.serve_problems)
        links_feature.scan(self.links, output, page, self.settings.display_root)
        output = images_feature.page(output, page.url, config)  # WebP/AVIF, eager first, lazy rest
        return markup.fix_material_markup(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        # 404.html is a theme template, not a page: on_post_page never sees it.
        if self.config.enabled and self.serve_problems and template_name == "404.html":
            return error_page(self.serve_problems)  # a broken post has no page of its own
        if self.config.enabled and template_name.endswith(".html"):
            return markup.fix_material_markup(output_content)
        return output_content

    # Late: after Material's search plugin wrote the index that search_feature adds to.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            if self.publication is not None:
                topics_of = self.topics.view.of_post if self.topics.view is not None else None
                search_feature.write(config, self.publication, self.speaking.view, topics_of)
            feeds_feature.write(
                self.feeds,
                self.config.feeds,
                config,
                authors=self.settings.authors,
                topics_view=self.topics.view,
            )
            seo_feature.write(
                self.seo, config, now=self.publication.now if self.publication else None
            )
            own = Path(config.docs_dir) / "_redirects"  # the author's own, kept above ours
            clashes = write_redirects(
                config.site_dir, self.redirects, config.site_url or "",
                use_directory_urls=config.use_directory_urls,
                existing=own.read_text(encoding="utf-8") if own.is_file() else "",
            )  # fmt: skip
            for clash in clashes:
                log.warning(clash_message(clash, self.settings.display_root))
            reach_feature.write(self.reach, config.site_dir)  # after robots.txt
            self._finish_render_cache()
            self.incremental.finish()
            if not self.serve_problems:
                links_feature.report(self.links, config.site_dir)
            else:
                self._write_error_pages(config)

    def _finish_render_cache(self) -> None:
        store = self.render_cache.store
        if store is None:
            return
        removed = 0 if self.dirty else store.prune(now=time.time())  # --dirty skipped pages
        log.info(
            f"render cache: {store.hits} pages reused, {store.misses} converted,"
            f" {removed} old entries removed"
        )

    def _write_error_pages(self, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, the URL of each file with errors (as in the last good build,
        or as far as it can still be told) shows the errors too: the browser that showed that
        post reloads into them, and out of them once the file is fixed."""
        root = self.settings.display_root + "/"
        failing = {p.path.removeprefix(root) for p in self.serve_problems}
        urls = {self.last_urls[src] for src in failing if src in self.last_urls}
        urls.update(p.url for p in self.provisional if p.src_uri in failing)
        page = error_page(self.serve_problems)
        for url in sorted(urls):
            target = Path(config.site_dir, url, "index.html")
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page, encoding="utf-8")

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.config.enabled:
            pattern = self.config.content.date_format
            tz = self.settings.timezone
            env.filters["soapbox_date"] = lambda moment: format_date(moment.astimezone(tz), pattern)
            self.incremental.install(env, config, serve=self.is_serve)
        return env

    def on_page_context(  # type: ignore[override]  # Material's context holds more than MkDocs'
        self, context: dict, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict | None:
        if not self.config.enabled or self.publication is None:
            return None
        view = self._page_view(page)
        view["seo"] = seo_feature.page_head(
            self.seo,
            page,
            view,
            publication=self.publication,
            settings=self.settings,
            types=self.types,
            config=config,
            speaking=self.speaking,
            topics_title=self.config.topics.title,
        )
        context["soapbox"] = view
        return context

    # -- helpers --------------------------------------------------------------------------------

    def _read_posts(self, files: Files) -> tuple[list[Post], list[Problem]]:
        known = frozenset(f.src_uri for f in files)
        self.provisional = []
        sources = [
            (file.src_uri, _reader(file))
            for file in files.documentation_pages()
            if file.generated_by is None
        ]
        return read_posts(sources, self.settings, known, self.provisional)

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.severity is Severity.WARNING:
                log.warning(str(problem))
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors and self.is_serve:
            # The live preview shows the errors in the browser instead of the old pages.
            log.error(str(ContentError(errors)))
            self.serve_problems = errors
        elif errors:
            raise PluginError(str(ContentError(errors)))

    def _plan_feeds(
        self, publication: Publication, files: Files, config: MkDocsConfig
    ) -> feeds_feature.Feeds:
        overrides = self.config.content.types
        return feeds_feature.plan(
            self.config.feeds,
            publication,
            files,
            config,
            types=self.settings.types,
            type_descriptions={key: o.description for key, o in overrides.items() if o.description},
            topics_view=self.topics.view,
            topic_pages=self.topics.pages,
        )

    def _default_nav(self, publication: Publication) -> list:
        sections = [
            ("Archive", ARCHIVE),
            (self.config.topics.title, topics_feature.INDEX),
            (self.config.feeds.title, feeds_feature.SUBSCRIBE),
            (self.config.aggregator.title, aggregator_feature.INDEX),
        ]
        present = [(title, src) for title, src in sections if src in self.generated]
        return default_nav(publication, self.settings.types, present)

    def _log_summary(self, publication: Publication) -> None:
        for line in summary_lines(publication, self.settings.display_root):
            log.info(line)

    def on_template_context(  # type: ignore[override]  # Material's context holds more
        self, context: dict, *, template_name: str, config: MkDocsConfig
    ) -> dict | None:
        """Static templates (404.html) get the site-wide parts: the call to action, the types."""
        if self.config.enabled and self.publication is not None:
            context.setdefault("soapbox", self._site_view())
            if template_name == "404.html":
                context["soapbox"]["seo"] = seo_feature.not_found_head(self.seo)
        return context

    def aggregator_sources(self) -> list:
        """The aggregator's sources as a build reads them (mkdocs.yml and the OPML import);
        `soapbox fetch` calls this. ValueError names every mistake."""
        return aggregator_feature.sources_or_raise(
            self.config.aggregator, self.config.topics, self.config_file
        )

    def aggregator_cache_dir(self) -> str:
        """Where the aggregator's snapshot lives (`<cache_dir>/aggregator`, absolute)."""
        return str(aggregator_feature.cache_folder(self.config.aggregator, self.config_file))

    def _site_view(self) -> dict[str, Any]:
        hire = self.config.hire_me
        return {
            "types": self.types,
            "authors": self.settings.authors,
            "hire_me": hire if hire.enabled and self.show_hire_me else None,
            "publication": self.publication,
            "archive_url": url_of(ARCHIVE) if ARCHIVE in self.generated else None,
            "topics": self.topics.view,
            "newsletter": self.config.engagement.newsletter
            if self.config.engagement.newsletter.enabled
            else None,
            "feed_links": self.feeds.site_links,  # <link rel="alternate"> in every page's head
            "speaker": self.speaking.view,
            "around_the_web": self.aggregator.view,
            "reach": reach_feature.page_view(self.reach, None),
        }

    def _author(self, key: str | None) -> Author | None:
        """The author for a byline. A site-relative `url` to a page the site lacks is kept: the
        post-build link check names the option (a warning, so `--strict` fails)."""
        return self.settings.authors.get(key or "")

    def _page_view(self, page: Page) -> dict[str, Any]:
        publication = self.publication
        assert publication is not None
        src_uri = page.file.src_uri
        view = self._site_view()
        post = publication.posts.get(src_uri)
        if post is not None:
            older, newer = publication.neighbours.get(src_uri, (None, None))
            view.update(
                post=post,
                type=self.types[post.type],
                author=self._author(post.author),
                series=publication.series_of(post),
                older=older,
                newer=newer,
                preview=publication.previews.get(src_uri),
            )
            view["reach"] = reach_feature.page_view(self.reach, post)
            if post.is_article:
                view["engage"] = engagement.post_view(
                    self.config.engagement, post, page.canonical_url
                )
        generated = self.generated.get(src_uri)
        if generated is not None:
            view["page"] = generated
        view["feed_links"] = self.feeds.links_for(src_uri)
        if src_uri == HOME:
            view["home"] = self._home_view(publication)
        return view

    def _home_view(self, publication: Publication) -> dict[str, Any]:
        written, generated = publication.posts.get(HOME), self.generated.get(HOME)
        options = self.config.listings
        return home_view(
            publication,
            self.settings.types,
            title=written.title if written else generated.title if generated else "",
            featured=options.home_featured,
            recent=options.home_recent,
        )


def taken_addresses(
    publication: Publication, files: Files, generated: dict[str, str], display_root: str
) -> dict[str, str]:
    """Every address a real page or file answers, and who owns it (for alias collisions)."""
    taken = {
        f.dest_uri: f"{display_root}/{f.src_uri}"
        for f in files
        if f.generated_by is None and not f.is_documentation_page()
    }
    taken.update(generated)
    taken.update({p.url: f"{display_root}/{p.src_uri}" for p in publication.posts.values()})
    return taken


uri_to_url = url_of


def set_url(file: File, url: str, config: MkDocsConfig) -> None:
    """Move a post to its permalink (`url` is site-relative with a trailing slash, "" for home)."""
    file.dest_uri = f"{url}index.html"
    if config.use_directory_urls:
        file.url = url or "./"
    else:
        file.url = f"{url}index.html"
    file.__dict__.pop("abs_dest_path", None)  # cached from the old dest_uri if anyone asked


def generated_markdown(page: Generated) -> str:
    template = PAGE_TEMPLATES.get(page.kind) or {
        **speaker_feature.TEMPLATES,
        **aggregator_feature.TEMPLATES,
    }.get(page.kind, PAGE_TEMPLATES[PageKind.LISTING])
    return page_markdown(page, template)


def _reader(file: File) -> Callable[[], str]:
    return lambda: file.content_string


def _file(files: Files, src_uri: str) -> File:
    """The file the publication was read from (it is in `files` by construction)."""
    file = files.get_file_from_path(src_uri)
    assert file is not None, src_uri
    return file
