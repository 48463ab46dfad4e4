"""The normalizer must outlive MkDocs: it never imports it, and the hook stays thin glue."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from support import HOOKS, REPO

HOOK_FILE = HOOKS / "vaultmark_hook.py"


def test_normalizer_never_imports_mkdocs() -> None:
    modules = [f"vaultmark.{module.name}" for module in pkgutil.iter_modules([str(HOOKS / "vaultmark")])]
    assert len(modules) >= 10, modules
    script = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(HOOKS)!r})\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.') or m.startswith('material')))\n"
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]", f"vaultmark pulled in MkDocs modules: {process.stdout}"


def test_hook_imports_the_package_at_the_top() -> None:
    text = HOOK_FILE.read_text(encoding="utf-8")
    head = text.split("\ndef ", 1)[0]
    assert "import vaultmark" in head
    assert "MkDocs" in text.split('"""')[1], "the hook's docstring should say it is MkDocs glue"
