"""Write a vault as plain markdown any MkDocs-style generator can build without the hook.

Each published note is written as the site builds it (`VaultBuild.page_source`:
clean YAML frontmatter with title, tags and category, escaped as for the site);
attachments and notebooks are copied as they are, and each tag gets its page (inline
`#tags` link to it). This is how the content can be
built by plain Material, or by Zensical, which runs no MkDocs hooks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .build import VaultBuild
from .diagnostics import Diagnostic


def export_vault(source: Path, target: Path) -> dict[str, list[Diagnostic]]:
    """Normalize every published note of `source` into `target`; returns problems by note path."""
    build = VaultBuild.run(source)
    problems: dict[str, list[Diagnostic]] = {}
    for path, problem in build.diagnostics():
        problems.setdefault(path, []).append(problem)
    for path in build.pages:
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(build.page_source(path), encoding="utf-8")
    for path, markdown in build.tag_pages().items():  # inline #tags link to their tag's page
        destination = target / path
        if path not in build.index.notes and path not in build.index.attachments:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(markdown, encoding="utf-8")
    notebooks = [path for path in build.index.notes if path.lower().endswith(".ipynb")]
    for path in build.index.attachments + notebooks:
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / path, destination)
    return problems
