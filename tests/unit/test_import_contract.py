"""The import contract of ARCHITECTURE.md, checked on the source (nothing is imported):

- `soapbox.core` imports no adapter (`soapbox.mkdocs`, `soapbox.cli`, `soapbox.bench`), no MkDocs
  or theme, and no HTTP client outside the aggregator's transport (its fetch stage's network);
- no feature adapter in `soapbox.mkdocs` imports another feature's adapter (only the plugin and
  the config classes see them all);
- the package's modules import each other without a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import harness

PACKAGE = harness.REPO / "plugins" / "soapbox"
ENGINES = ("mkdocs", "material", "properdocs", "jinja2")
ADAPTERS = ("soapbox.mkdocs", "soapbox.cli", "soapbox.bench")
HTTP_CLIENTS = ("urllib.request", "http.client", "requests", "httpx", "urllib3", "aiohttp")
FETCH = "soapbox.core.aggregator.transport"
#: Adapter modules allowed to know every feature: the plugin wires them, config declares them.
#: `context` is the shared boundary (MkDocs config -> SiteContext), not a feature; `planning`
#: (the plugin's `on_files` and `on_post_build`: the core's plan mapped onto MkDocs' files) and
#: `views` (its `on_page_context`) are the plugin's own wiring, split out of plugin.py.
WIRING = frozenset(
    {
        "soapbox.mkdocs.plugin",
        "soapbox.mkdocs.planning",
        "soapbox.mkdocs.views",
        "soapbox.mkdocs.config",
        "soapbox.mkdocs.context",
        "soapbox.mkdocs",
    }
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module path.py imports (relative imports resolved), at any depth of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                root = ".".join(base + ([node.module] if node.module else []))
            else:
                root = node.module or ""
            found.add(root)
            # `from . import feeds` imports the module soapbox.mkdocs.feeds
            found.update(f"{root}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    name: {imp for imp in imports_of(path) if imp in MODULES and imp != name}
    for name, path in MODULES.items()
}
RAW = {name: imports_of(path) for name, path in MODULES.items()}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


CORE = [name for name in MODULES if _under(name, ("soapbox.core",))]


@pytest.mark.parametrize("name", CORE)
def test_core_imports_no_adapter_and_no_engine(name):
    bad = sorted(imp for imp in RAW[name] if _under(imp, ADAPTERS + ENGINES))
    assert bad == [], f"{name} imports {bad}: the core must stay framework-free"


@pytest.mark.parametrize("name", CORE)
def test_only_the_fetch_stage_talks_http(name):
    if name == FETCH:
        return
    bad = sorted(imp for imp in RAW[name] if _under(imp, HTTP_CLIENTS))
    assert bad == [], f"{name} imports {bad}: only {FETCH} may use the network"


def test_fetch_is_where_the_network_code_is():
    assert FETCH in MODULES
    assert any(_under(imp, HTTP_CLIENTS) for imp in RAW[FETCH])


#: Crossings that exist today and are being removed (issue 16 slims the aggregator's adapter).
#: A ratchet: the test fails when one of them disappears, so that this list only shrinks.
KNOWN_CROSSINGS: set[tuple[str, str]] = set()


def test_feature_adapters_do_not_import_each_other():
    features = {n for n in MODULES if n.startswith("soapbox.mkdocs.") and n not in WIRING}
    crossings = {(name, imp) for name in features for imp in GRAPH[name] if imp in features}
    assert sorted(crossings - KNOWN_CROSSINGS) == [], "feature adapters importing each other"
    assert sorted(KNOWN_CROSSINGS - crossings) == [], "gone: remove them from KNOWN_CROSSINGS"


def test_no_import_cycles():
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for imp in sorted(GRAPH[name]):
            # A package's own __init__ importing its submodules is not a cycle of design.
            if name == imp.rsplit(".", 1)[0] or imp == name.rsplit(".", 1)[0]:
                continue
            if state.get(imp) == 1:
                cycles.append(stack[stack.index(imp) :] + [imp])
            elif imp not in state:
                visit(imp)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_relative_imports():
    assert "soapbox.core.content" in GRAPH["soapbox.mkdocs.plugin"]
    assert GRAPH["soapbox.core.content"], "the core's own imports are found"
