"""Reading a markdown file once: its YAML front matter (with the file line of every field, top
level and nested), its body and the line the body starts on. Every reader of front matter (posts,
speaker data, the importers) starts from the `FrontMatter` this returns."""

from __future__ import annotations

import re
from collections import ChainMap
from dataclasses import dataclass, field
from typing import Any

import yaml

from .fields import Field, Reporter, kind_of


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay strings so an impossible date like 2024-02-30
    gets a precise message instead of failing the whole document."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FastLoader: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "CSafeLoader", None) is not None:  # PyYAML built with libyaml

    class _LibyamlLoader(yaml.CSafeLoader):
        """The same resolvers as `_Loader`, parsed by libyaml: several times faster."""

    _LibyamlLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _LibyamlLoader


def _compose(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of one YAML document. libyaml reads it when
    PyYAML has it; an invalid document is read again by the pure-Python parser, whose error
    wording and position the messages quote, so the messages do not depend on the build."""
    if _FastLoader is not None:
        loader = _FastLoader(yaml_text)
        try:
            node = loader.get_single_node()
            return node, (loader.construct_document(node) if node is not None else {})
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    slow = _Loader(yaml_text)
    try:
        node = slow.get_single_node()
        return node, (slow.construct_document(node) if node is not None else {})
    finally:
        slow.dispose()


_OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # 1-based line where the body starts
    # (key, index, key ...) -> 1-based line of every nested key and list item, for data that
    # lives deeper than the top level (e.g. `speaker: talks: [...]`)
    paths: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def fields(self, report: Reporter) -> Field:
        """The front matter as one `Field` tree reporting to `report`. A repeated top-level key
        is placed on its last line: the last value is the one read."""
        top: dict[tuple[str | int, ...], int] = {(key,): line for key, line in self.lines.items()}
        return Field.root(self.data, report, ChainMap(top, self.paths))


def split_front_matter(source: str, report: Reporter) -> FrontMatter | None:
    """Separate YAML front matter from the body, keeping the file line of every top-level key."""
    opening = _OPENING.match(source)
    if not opening:
        return FrontMatter({}, {}, source.lstrip("\ufeff"), 1)
    closing = _CLOSING.search(source, opening.end())
    if not closing:
        report.error(
            "front matter",
            "starts with '---' on line 1 but never ends; add a line with just '---' after the"
            " last field",
            line=1,
        )
        return None
    yaml_text = source[opening.end() : closing.start()]
    body_start = closing.end() + 1
    body_line = source.count("\n", 0, body_start) + 1
    offset = 2  # YAML line 0 is file line 2
    try:
        node, data = _compose(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else 1
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        report.error(
            "front matter",
            f"is not valid YAML ({problem}); check quotes and indentation, and put values that"
            " contain ': ' or start with a quote, '[' or '{' inside double quotes",
            line=line,
        )
        return None
    except yaml.YAMLError as exc:
        report.error("front matter", f"is not valid YAML ({exc})", line=1)
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report.error(
            "front matter",
            f"must be a list of 'field: value' lines, not a {kind_of(data)}",
            line=offset,
        )
        return None
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in lines:
                report.warn(
                    key,
                    f"appears twice (first on line {lines[key]}); the last value wins, delete one",
                    line=key_node.start_mark.line + offset,
                )
            lines[key] = key_node.start_mark.line + offset
    return FrontMatter(
        {str(k): v for k, v in data.items()},
        lines,
        source[body_start:],
        body_line,
        node_lines(node, offset) if node is not None else {},
    )


def node_lines(node: yaml.Node, offset: int) -> dict[tuple[str | int, ...], int]:
    """The file line (YAML line + `offset`) of every mapping key and list item under `node`,
    by path: `("speaker", "talks", 0, "title")`. The first occurrence of a repeated key wins."""
    found: dict[tuple[str | int, ...], int] = {}
    stack: list[tuple[tuple[str | int, ...], yaml.Node]] = [((), node)]
    seen: set[int] = set()  # an anchor may refer to itself (`a: &x [*x]`)
    while stack:
        path, current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                child = (*path, str(key_node.value))
                found.setdefault(child, key_node.start_mark.line + offset)
                stack.append((child, value_node))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                child = (*path, index)
                found.setdefault(child, item.start_mark.line + offset)
                stack.append((child, item))
    return found
