"""The three layers under hooks/ and the direction of their imports.

* `vaultmark`, the core (vault to normalized markdown, cards, diagnostics), must outlive
  MkDocs: it never imports MkDocs, Material, Python-Markdown or the other two layers.
* `vaultmark_search` reads rendered HTML and writes index files: it never imports MkDocs,
  Python-Markdown or the glue.
* `vaultmark_anki` turns rendered cards into Anki packages (genanki): it never imports MkDocs,
  Python-Markdown, search or the glue.
* `vaultmark_mkdocs`, the glue, may import everything; `vaultmark_hook.py` is its event table.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import mkdocs
import pytest

from support import HOOKS, REPO

HOOK_FILE = HOOKS / "vaultmark_hook.py"
CORE, SEARCH, ANKI, GLUE = "vaultmark", "vaultmark_search", "vaultmark_anki", "vaultmark_mkdocs"
MAX_HOOK_LINES = 110

# Top-level packages each layer must never import.
FORBIDDEN: dict[str, set[str]] = {
    CORE: {"mkdocs", "material", "markdown", "jinja2", "genanki", SEARCH, ANKI, GLUE},
    SEARCH: {"mkdocs", "material", "markdown", "jinja2", ANKI, GLUE},
    ANKI: {"mkdocs", "material", "markdown", "jinja2", SEARCH, GLUE},
}
# MkDocs events that are deprecated in the MkDocs version the project pins.
DEPRECATED_EVENTS = {"on_page_read_source"}


def modules_of(package: str) -> list[Path]:
    return sorted((HOOKS / package).rglob("*.py"))


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module `path` imports (relative imports count as its own package)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    modules = modules_of(layer)
    assert len(modules) >= 2, f"{layer} has only {modules}"
    wrong = {path.relative_to(HOOKS).as_posix(): sorted(imported_packages(path) & FORBIDDEN[layer]) for path in modules}
    assert {path: names for path, names in wrong.items() if names} == {}


def test_core_pulls_in_no_mkdocs_markdown_or_search_at_run_time() -> None:
    """Not even through a third-party package: import every core module and look at sys.modules."""
    names = [
        f"{CORE}." + path.relative_to(HOOKS / CORE).with_suffix("").as_posix().replace("/", ".")
        for path in modules_of(CORE)
    ]
    names = [name.removesuffix(".__init__") for name in names]
    script = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(HOOKS)!r})\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"forbidden = {sorted(FORBIDDEN[CORE])!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in forbidden))\n"
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]", f"the core pulled in: {process.stdout}"


def test_hook_is_an_event_table() -> None:
    """Only `on_*` events, each delegating in a few lines, over one `site` of managers."""
    tree = ast.parse(HOOK_FILE.read_text(encoding="utf-8"))
    assert len(HOOK_FILE.read_text(encoding="utf-8").splitlines()) <= MAX_HOOK_LINES
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions and all(node.name.startswith("on_") for node in functions), [node.name for node in functions]
    long_events = [node.name for node in functions if len(node.body) > 5]
    assert long_events == [], f"events should delegate to a manager: {long_events}"
    assigned = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert assigned == ["site"], f"the hook keeps no state of its own: {assigned}"
    assert not {node.name for node in functions} & DEPRECATED_EVENTS


def private_mkdocs_names(path: Path) -> set[str]:
    """Names starting with `_` that `path` imports from MkDocs."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
            found |= {alias.name for alias in node.names if alias.name.startswith("_")}
    return found


def test_private_mkdocs_api_only_in_the_serve_module() -> None:
    users = {path.name: private_mkdocs_names(path) for path in modules_of(GLUE) + [HOOK_FILE]}
    assert {name: found for name, found in users.items() if found} == {"serve.py": {"_build_page", "_populate_page"}}


def test_private_mkdocs_api_checked_against_the_pinned_version() -> None:
    """Upgrading MkDocs fails here until `_populate_page` and `_build_page` are checked again."""
    sys.path.insert(0, str(HOOKS))
    from mkdocs.commands import build

    from vaultmark_mkdocs.serve import CHECKED_MKDOCS_VERSION

    assert mkdocs.__version__ == CHECKED_MKDOCS_VERSION
    assert f"mkdocs=={CHECKED_MKDOCS_VERSION}" in (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert list(inspect.signature(build._populate_page).parameters) == ["page", "config", "files", "dirty"]
    assert list(inspect.signature(build._build_page).parameters)[:5] == ["page", "config", "doc_files", "nav", "env"]
