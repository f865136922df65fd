"""Adapter: the links Soapbox's templates print from mkdocs.yml must lead somewhere.

`plan` decides, once per build, whether the hire-me call to action has a page to lead to (no page,
no button: an author who does not speak deletes `hire-me.md` and nothing links to it) and which
configured links the rendered pages are checked for; `scan` reads each page's HTML; `report` warns
after the build about every such link that has no page (so `mkdocs build --strict` fails).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

from ..core.links import LinkCheck, configured_links, internal_target, page_exists

__all__ = ["LinkCheck", "hire_me_has_page", "options_of", "plan", "report", "scan"]

log = get_plugin_logger(__name__)


def options_of(config: Any, *, hire_me: bool) -> dict[str, str]:
    """{option name as written in mkdocs.yml: its link} for every link the templates print."""
    options: dict[str, str] = {}
    if hire_me:
        options["hire_me.url"] = config.hire_me.url
    engagement = config.engagement
    if engagement.promo.enabled:
        options["engagement.promo.url"] = engagement.promo.url
    if engagement.newsletter.enabled:
        options["engagement.newsletter.link"] = engagement.newsletter.link
    options["feeds.email_signup_url"] = config.feeds.email_signup_url
    for key, author in config.authors.items():
        options[f"authors.{key}.url"] = author.url
    return {name: value for name, value in options.items() if value}


def hire_me_has_page(config: Any, known_urls: set[str]) -> bool:
    """The hire-me call to action is shown when it is on and its link leads somewhere: a full
    URL, or a page of this site."""
    hire = config.hire_me
    if not hire.enabled:
        return False
    target = internal_target(hire.url)
    if target is None or page_exists(target, known_urls):
        return True
    log.info(
        f"hire_me: there is no page at '/{target}' (e.g. posts/hire-me.md), so no page shows the"
        " 'hire me' call to action; add the page or set 'hire_me: {enabled: false}' in mkdocs.yml"
    )
    return False


def plan(config: Any, known_urls: set[str]) -> tuple[bool, LinkCheck]:
    """(show the hire-me call to action?, the check of every configured link)."""
    show_hire_me = hire_me_has_page(config, known_urls)
    return show_hire_me, LinkCheck(configured_links(options_of(config, hire_me=show_hire_me)))


def scan(check: LinkCheck, output: str, page: Any, display_root: str) -> None:
    file = page.file
    name = (
        f"{display_root}/{file.src_uri}"
        if file.generated_by is None
        else f"the generated page '/{page.url}'"
    )
    check.scan(output, page.url, name)


def report(check: LinkCheck, site_dir: str) -> None:
    root = Path(site_dir)

    def exists(target: str) -> bool:
        path = root / target
        return (
            (path / "index.html").is_file()
            if target.endswith("/") or not target
            else (path.is_file() or (path / "index.html").is_file())
        )

    for problem in check.problems(exists):
        log.warning(str(problem))
