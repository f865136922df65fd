"""Values that belong to the sample site and must not ship on an author's own site.

The sample (Maren Okafor's site) fills in giscus ids, a newsletter form and a booking address so
that every feature shows. An author who copies the checkout and forgets one would send readers'
comments, e-mail addresses or speaking inquiries to somewhere that is not theirs, and every check
would pass. Each such value left in place is a warning (so `--strict` fails) naming the option and
what to do. The sample itself is recognised by its `site_url`, which is on a reserved domain
(`example.com`) and so can never be a real site's address; so is a site served from this machine
only (`site_url` on localhost or 127.x), e.g. a test's copy of the sample.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .problems import Problem, Severity

SAMPLE_SITE_URL = "https://maren.example.com/"

_GISCUS = (
    "comes from the sample site, so comments would go to a repository that is not yours; create"
    " your own ids at https://giscus.app and paste them here, or set 'comments: {enabled: false}'"
)
_NEWSLETTER = (
    "is the sample site's signup form, so readers' e-mail addresses would not reach you; paste"
    " your provider's form URL (e.g. https://buttondown.com/api/emails/embed-subscribe/<you>), or"
    " set 'newsletter: {enabled: false}'"
)
_BOOKING = (
    "is the sample site's booking address, so speaking inquiries would not reach you; write your"
    " own address (or set 'provider:' and your form service's id)"
)


@dataclass(frozen=True, slots=True)
class SampleValue:
    option: str  # as the author finds it: "engagement.comments.repo"
    value: str
    advice: str


SAMPLE_VALUES: tuple[SampleValue, ...] = (
    SampleValue("engagement.comments.repo", "maren-example/site-comments", _GISCUS),
    SampleValue("engagement.comments.repo_id", "R_kgDOExample", _GISCUS),
    SampleValue("engagement.comments.category_id", "DIC_kwDOExample4Cd", _GISCUS),
    # The address the sample used before it moved to a reserved domain, and the one it uses now.
    SampleValue(
        "engagement.newsletter.action",
        "https://buttondown.com/api/emails/embed-subscribe/maren-example",
        _NEWSLETTER,
    ),
    SampleValue("engagement.newsletter.action", "https://newsletter.example/maren", _NEWSLETTER),
    SampleValue("speaker.booking.email", "bookings@example.com", _BOOKING),
    SampleValue("speaker.booking.endpoint", "https://forms.example/maren", _BOOKING),
)


_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def is_sample_site(site_url: str | None) -> bool:
    """The sample itself, or any site served from this machine only (a test or a local preview
    of a copy): neither publishes the values to readers."""
    if (site_url or "").rstrip("/") == SAMPLE_SITE_URL.rstrip("/"):
        return True
    host = urlsplit(site_url or "").hostname or ""
    return host in _LOOPBACK or host.startswith("127.")


def sample_value_problems(
    values: Mapping[str, tuple[str, str]],
    site_url: str | None,
    line_of: Callable[[str, str], int | None] = lambda where, value: None,
) -> list[Problem]:
    """A warning for each option still holding a sample value.

    `values` maps an option name (as in SAMPLE_VALUES) to (where it is written, its value), e.g.
    `{"speaker.booking.email": ("posts/hire-me.md", "bookings@example.com")}`. Only options of
    features that are on should be passed. `line_of(where, value)` finds the line the value is
    written on, when it can. The sample site itself gets none."""
    if is_sample_site(site_url):
        return []
    problems = []
    for sample in SAMPLE_VALUES:
        where, value = values.get(sample.option, ("", ""))
        if value and value.strip() == sample.value:
            problems.append(
                Problem(
                    where,
                    line_of(where, sample.value),
                    sample.option,
                    f"'{sample.value}' {sample.advice}",
                    Severity.WARNING,
                )
            )
    return problems


def configured_sample_values(
    options: Any,
    speaking: Any,
    *,
    site_url: str | None,
    config_file: str,
    display_root: str,
    docs_dir: str,
) -> list[Problem]:
    """Warnings for giscus ids, the newsletter form and the booking address left at the sample's
    values (only for features that are on). `options` is the plugin's whole configuration,
    `speaking` the speaker feature's plan (its `view`), or None."""
    where = Path(config_file).name or "mkdocs.yml"
    files = {where: Path(config_file)}
    values: dict[str, tuple[str, str]] = {}
    comments = options.engagement.comments
    if comments.enabled:
        for key in ("repo", "repo_id", "category_id"):
            values[f"engagement.comments.{key}"] = (where, getattr(comments, key))
    newsletter = options.engagement.newsletter
    if newsletter.enabled:
        values["engagement.newsletter.action"] = (where, newsletter.action)
    view = getattr(speaking, "view", None)
    if view is not None:
        speaker = view.speaker
        page = posixpath.join(display_root, speaker.src_uri)
        values["speaker.booking.email"] = (page, speaker.booking.email)
        values["speaker.booking.endpoint"] = (page, speaker.booking.endpoint)
        files[page] = Path(docs_dir, speaker.src_uri)
    return sample_value_problems(values, site_url, lambda at, value: line_of(files.get(at), value))


def line_of(path: Path | None, value: str) -> int | None:
    """The first line of `path` holding `value`, for the message's file:line."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    index = text.find(value)
    return None if index < 0 else text.count("\n", 0, index) + 1
