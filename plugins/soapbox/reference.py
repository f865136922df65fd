"""The configuration reference (docs/pages/configuration.md), generated from the options declared
in `soapbox/core/settings.py`: each option's default comes from its dataclass field and its text
from the docstring written under it, so the page cannot drift from the code. Needs no engine.

    .venv/bin/python -m soapbox.reference --write    regenerate the page (make docs-reference)
    .venv/bin/python -m soapbox.reference --check    exit 1 when the committed page is stale
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import inspect
import sys
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path

from .core import settings as options_module
from .core.settings_loader import kind_of

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pages" / "configuration.md"
REGENERATE = ".venv/bin/python -m soapbox.reference --write   (or: make docs-reference)"

HEADER = """# Configuration reference

<!-- Generated from plugins/soapbox/core/settings.py by `make docs-reference`; do not edit. -->

Every option of the `soapbox` plugin, under `plugins: - soapbox:` in `mkdocs.yml`. Each one is
documented where it is declared (`plugins/soapbox/core/settings.py`), and this page is generated
from there. A mistyped or unknown option stops the build with a message naming it.

```yaml
plugins:
  - search
  - soapbox:
      authors:
        ana: {name: Ana Ruiz, url: about/}
      content:
        timezone: Europe/Madrid
      hire_me:
        enabled: false
```

Options of MkDocs and Material (`site_name`, `site_url`, `theme`, `nav`, `extra.social` ...) are
documented by [MkDocs](https://www.mkdocs.org/user-guide/configuration/) and
[Material for MkDocs](https://squidfunk.github.io/mkdocs-material/setup/). Footer social links come
from Material's `extra.social` list. Without a `nav:`, Soapbox builds a publication-style one:
Home, one tab per content type that has posts, Archive, Topics, Subscribe, then your pages
(`about.md`, `hire-me.md` ...). `theme.font: false` keeps visitors' browsers from contacting a
font CDN.
"""


def docstrings() -> dict[str, tuple[str, dict[str, str]]]:
    """{class name: (class docstring, {option: the docstring written under it})}."""
    tree = ast.parse(inspect.getsource(options_module))
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        texts: dict[str, str] = {}
        body = node.body
        for current, following in zip(body, body[1:], strict=False):
            if (
                isinstance(current, ast.AnnAssign)
                and isinstance(current.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                texts[current.target.id] = inspect.cleandoc(following.value.value)
        found[node.name] = (inspect.cleandoc(ast.get_docstring(node) or ""), texts)
    return found


def _default(field: dataclasses.Field) -> str:
    """The field's default as the reference shows it (sections are rows of their own)."""
    factory = field.default_factory
    value = field.default if factory is dataclasses.MISSING else factory()
    if value is None and field.metadata.get("parse"):
        return "empty"  # a parsed option (e.g. `HH:MM`) whose empty text reads as None
    if value is None or value is dataclasses.MISSING:
        return "—"
    if value is True or value is False:
        return f"`{str(value).lower()}`"
    if value in ("", (), {}):
        return "empty"
    if isinstance(value, tuple):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return f"`{value}`"


def _cell(text: str) -> str:
    """One table cell: one line, `|` escaped, and `<` / `>` outside code spans written as
    entities (a docstring's `<you>` is a placeholder, not an HTML tag)."""
    parts = " ".join(text.split()).replace("|", "\\|").split("`")
    for i in range(0, len(parts), 2):  # the even parts are outside code spans
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)


def _sections(
    cls: type, prefix: str, texts: dict[str, tuple[str, dict[str, str]]]
) -> Iterator[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """(section name, its introduction, rows of (option, kind, default, text)) depth first."""
    intro, docs = texts.get(cls.__name__, ("", {}))
    hints = typing.get_type_hints(cls)
    rows = []
    nested = []
    for field in dataclasses.fields(cls):
        key = f"{prefix}{field.name}"
        kind = hints[field.name]
        args = typing.get_args(kind)
        if typing.get_origin(kind) is Mapping and dataclasses.is_dataclass(args[1]):
            rows.append((key, "mapping of options (below)", "empty", docs.get(field.name, "")))
            nested.append((typing.cast(type, args[1]), f"{key}.<key>."))
        elif dataclasses.is_dataclass(kind):
            rows.append((key, "options", "—", docs.get(field.name, "") or f"see `{key}` below"))
            nested.append((typing.cast(type, kind), f"{key}."))
        else:
            rows.append((key, kind_of(field, kind), _default(field), docs.get(field.name, "")))
    yield prefix.rstrip(".") or "soapbox", intro, rows
    for sub, sub_prefix in nested:
        yield from _sections(sub, sub_prefix, texts)


def render() -> str:
    texts = docstrings()
    parts = [HEADER]
    for name, intro, rows in _sections(options_module.Settings, "", texts):
        parts.append(f"\n## `{name}`\n")
        if intro:
            parts.append(f"\n{' '.join(intro.split())}\n")
        parts.append("\n| Option | Type | Default | What it does |\n|---|---|---|---|\n")
        for key, kind, default, text in rows:
            parts.append(f"| `{key}` | {_cell(kind)} | {_cell(default)} | {_cell(text)} |\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m soapbox.reference", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help=f"write {PAGE.name}")
    action.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {PAGE}")
        return 0
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if current != text:
        print(
            f"{PAGE} differs from the options declared in plugins/soapbox/core/settings.py;"
            f" regenerate it: {REGENERATE}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
