"""The configuration reference (docs/pages/configuration.md), generated from the options declared
in `soapbox/mkdocs/config.py`: each option's default comes from the option itself and its text
from the docstring written under it, so the page cannot drift from the code.

    .venv/bin/python -m soapbox.reference --write    regenerate the page (make docs-reference)
    .venv/bin/python -m soapbox.reference --check    exit 1 when the committed page is stale
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .mkdocs import config as options_module

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pages" / "configuration.md"
REGENERATE = ".venv/bin/python -m soapbox.reference --write   (or: make docs-reference)"

HEADER = """# Configuration reference

<!-- Generated from plugins/soapbox/mkdocs/config.py by `make docs-reference`; do not edit. -->

Every option of the `soapbox` plugin, under `plugins: - soapbox:` in `mkdocs.yml`. Each one is
documented where it is declared (`plugins/soapbox/mkdocs/config.py`), and this page is generated
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
                isinstance(current, ast.Assign)
                and len(current.targets) == 1
                and isinstance(current.targets[0], ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                texts[current.targets[0].id] = inspect.cleandoc(following.value.value)
        found[node.name] = (inspect.cleandoc(ast.get_docstring(node) or ""), texts)
    return found


def _inner(option: Any) -> Any:
    return option.option if isinstance(option, c.Optional) else option


def _sub_config(option: Any) -> type[base.Config] | None:
    option = _inner(option)
    if isinstance(option, c.SubConfig):
        return getattr(option, "config_class", None)
    return None


def _kind(option: Any) -> str:
    option = _inner(option)
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(f"`{choice}`" for choice in option.choices)
    if isinstance(option, c.ListOfItems):
        return f"list of {_kind(option.option_type)}"
    if isinstance(option, c.DictOfItems):
        return f"mapping of {_kind(option.option_type)}"
    if isinstance(option, c.SubConfig):
        return "options"
    kind = getattr(option, "_type", None)
    names = {bool: "true/false", int: "number", float: "number", str: "text"}
    if isinstance(kind, tuple):
        return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kind))
    if isinstance(kind, type):
        return names.get(kind, kind.__name__)
    return getattr(option, "kind", None) or type(option).__name__.strip("_").lower()


def _default(option: Any) -> str:
    value = getattr(option, "default", None)
    if _sub_config(option) is not None or value is None:
        return "—"
    if value is True or value is False:
        return f"`{str(value).lower()}`"
    if value in ("", [], {}):
        return "empty"
    if isinstance(value, list):
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
    config_class: type[base.Config], prefix: str, texts: dict[str, tuple[str, dict[str, str]]]
) -> Iterator[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """(section name, its introduction, rows of (option, kind, default, text)) depth first."""
    intro, docs = texts.get(config_class.__name__, ("", {}))
    rows = []
    nested = []
    for name, option in config_class._schema:
        key = f"{prefix}{name}"
        sub = _sub_config(option)
        entry = _inner(option)
        if sub is None and isinstance(entry, c.DictOfItems):
            sub = _sub_config(entry.option_type)
            if sub is not None:
                rows.append((key, "mapping of options (below)", "empty", docs.get(name, "")))
                nested.append((sub, f"{key}.<key>."))
                continue
        if sub is not None:
            rows.append((key, "options", "—", docs.get(name, "") or f"see `{key}` below"))
            nested.append((sub, f"{key}."))
            continue
        rows.append((key, _kind(option), _default(option), docs.get(name, "")))
    yield prefix.rstrip(".") or "soapbox", intro, rows
    for sub, sub_prefix in nested:
        yield from _sections(sub, sub_prefix, texts)


def render() -> str:
    texts = docstrings()
    parts = [HEADER]
    for name, intro, rows in _sections(options_module.SoapboxConfig, "", texts):
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
            f"{PAGE} differs from the options declared in plugins/soapbox/mkdocs/config.py;"
            f" regenerate it: {REGENERATE}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
