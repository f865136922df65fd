"""MkDocs glue for the `soapbox` plugin's options. What the options are, their defaults, their
documentation and their checks live in `core/settings.py`; each option here hands its raw value
to the core loader and gives back the core dataclass, and a core error becomes MkDocs'
`ValidationError` ("Plugin 'soapbox' option 'seo': Sub-option 'cards': ...")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.settings import (
    AggregatorOptions,
    AuthorOptions,
    ContentOptions,
    EngagementOptions,
    FeedsOptions,
    HireMeOptions,
    ListingOptions,
    PerformanceOptions,
    ReachOptions,
    SeoOptions,
    Settings,
    SpeakerOptions,
    TopicsOptions,
)
from ..core.settings_loader import SettingProblem, SettingsError, load_field

T = TypeVar("T")


def _mkdocs_text(problem: SettingProblem) -> str:
    """MkDocs' wording: `Sub-option 'a': Sub-option 'b': message` below the option's own name;
    inside a list of entries the message names the entry's whole path instead."""
    steps = problem.path.split(".")[1:]
    chain = []
    for step in steps:
        chain.append(step.split("[")[0])
        if "[" in step:
            break
    message = str(problem) if problem.entries else problem.message
    return "".join(f"Sub-option '{step}': " for step in chain) + message


class _Setting(c.BaseConfigOption[T]):
    """One top-level option of `Settings`, loaded by the core."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def run_validation(self, value: object) -> T:
        warnings: list[SettingProblem] = []
        try:
            result: T = load_field(Settings, self.name, value, warnings)
        except SettingsError as error:
            raise base.ValidationError(_mkdocs_text(error.problem)) from None
        self.warnings.extend(_mkdocs_text(w) for w in warnings)
        return result


class SoapboxConfig(base.Config):
    """The options of `Settings`, one MkDocs option each (same names, same order)."""

    enabled = _Setting[bool]("enabled")
    authors = _Setting[Mapping[str, AuthorOptions]]("authors")
    default_author = _Setting[str | None]("default_author")
    content = _Setting[ContentOptions]("content")
    listings = _Setting[ListingOptions]("listings")
    hire_me = _Setting[HireMeOptions]("hire_me")
    topics = _Setting[TopicsOptions]("topics")
    speaker = _Setting[SpeakerOptions]("speaker")
    engagement = _Setting[EngagementOptions]("engagement")
    feeds = _Setting[FeedsOptions]("feeds")
    seo = _Setting[SeoOptions]("seo")
    aggregator = _Setting[AggregatorOptions]("aggregator")
    reach = _Setting[ReachOptions]("reach")
    performance = _Setting[PerformanceOptions]("performance")

    def settings(self) -> Settings:
        """The whole validated tree as the core's `Settings`."""
        return Settings(**{name: self[name] for name, _ in self._schema})
