"""Write a vault as plain markdown any MkDocs-style generator can build without the hook.

Each published note is normalized and written with a clean YAML frontmatter
(title, tags, category); attachments and notebooks are copied as they are. This is how the content can
be built by plain Material, or by Zensical, which runs no MkDocs hooks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .pipeline import normalize_note
from .site import SiteModel
from .vault import VaultIndex


def export_vault(source: Path, target: Path) -> dict[str, list[Diagnostic]]:
    """Normalize every published note of `source` into `target`; returns problems by note path."""
    index = VaultIndex.from_directory(source)
    problems: dict[str, list[Diagnostic]] = dict(index.problems)
    results = {}
    for path, text in index.texts.items():
        if index.notes[path].published:
            results[path] = normalize_note(text, path, index)
    model = SiteModel.build(index, {path: result.questions for path, result in results.items()})
    for path, result in results.items():
        meta = dict(result.meta) | model.page_meta(path)
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        destination.write_text(f"---\n{front}---\n{result.body}", encoding="utf-8")
        if result.diagnostics:
            problems.setdefault(path, []).extend(result.diagnostics)
    notebooks = [path for path in index.notes if path.lower().endswith(".ipynb")]
    for path in index.attachments + notebooks:
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / path, destination)
    return problems
