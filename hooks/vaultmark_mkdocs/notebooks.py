"""Notebooks for mkdocs-jupyter: cells rendered with the site's Markdown, pages fixed after.

The core prepares each notebook (normalized markdown cells, question and answer
cards) with a renderer this module gives it: the site's own Python-Markdown, with
links made relative to the notebook's page. The prepared copy is saved outside the
vault and docs/ for mkdocs-jupyter to render; the page mkdocs-jupyter makes then loses
its MathJax 2 loader and gets a table of contents of every heading.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import get_toc

from vaultmark import VaultIndex
from vaultmark.notebooks import PreparedNotebook, prepare_notebook
from vaultmark.reading import read_note

from .urls import rewrite_relative_urls

# A heading element with an id, as Python-Markdown's toc extension writes it.
HTML_HEADING = re.compile(
    r'<h(?P<level>[1-6])(?P<attributes>[^>]*?\bid="(?P<id>[^"]+)"[^>]*)>(?P<text>.*?)</h(?P=level)>', re.S
)
TOC_LABEL = re.compile(r'data-toc-label="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")

# mkdocs-jupyter's MathJax 2 loader (an empty <script src>) and its config: the site has MathJax 3.
JUPYTER_MATHJAX = re.compile(
    r'<!-- Load mathjax -->\s*<script src="[^"]*">\s*</script>|<script type="text/x-mathjax-config">.*?</script>', re.S
)


def without_jupyter_mathjax(html: str) -> str:
    """Notebook page HTML without mkdocs-jupyter's MathJax 2 scripts (they error under MathJax 3)."""
    return JUPYTER_MATHJAX.sub("", html)


def toc_tokens(html: str) -> list[Any]:
    """Nested table-of-contents tokens (level, id, name, children) of the headings in `html`."""
    roots: list[Any] = []
    stack: list[Any] = []
    for level, anchor, name in headings_in_html(html):
        token: dict[str, Any] = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def headings_in_html(html: str) -> list[tuple[int, str, str]]:
    """(level, id, label) of every heading with an id, for the page's table of contents."""
    found = []
    for match in HTML_HEADING.finditer(html):
        label = TOC_LABEL.search(match.group("attributes"))
        text = label.group(1) if label else TAGS.sub("", match.group("text")).replace("¶", "").strip()
        found.append((int(match.group("level")), match.group("id"), text))
    return found


# mkdocs-jupyter logs every notebook it converts, with the absolute path of our cache copy:
# noise on a newcomer's console. Its warnings and errors still show.
for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
    logging.getLogger(name).setLevel(logging.WARNING)


def vault_cache(config: MkDocsConfig, notes_dir: Path) -> Path:
    """What the build keeps between builds of one vault: `.cache/vaultmark/<vault>/`, next to mkdocs.yml."""
    vault = hashlib.sha256(str(notes_dir).encode()).hexdigest()[:12]
    return Path(config["config_file_path"]).parent / ".cache" / "vaultmark" / vault


class NotebookManager:
    """Prepares the vault's notebooks for one build and publishes their originals."""

    def __init__(self) -> None:
        self.notes_dir = Path("notes")
        self.config: MkDocsConfig | None = None

    def cache_dir(self) -> Path:
        """Prepared notebooks live here, outside both the vault and docs/."""
        assert self.config is not None
        return vault_cache(self.config, self.notes_dir) / "notebooks"

    def preparer(self, notes_dir: Path, config: MkDocsConfig) -> Any:
        """The function the core's build calls for each notebook of the vault."""
        self.notes_dir, self.config = notes_dir, config
        return self.prepare

    def prepare(self, path: str, index: VaultIndex) -> PreparedNotebook:
        """Render a notebook's markdown cells with the site's Markdown and save it for mkdocs-jupyter."""
        config = self.config
        assert config is not None
        renderer = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        use_directory_urls = config["use_directory_urls"]

        def render(text: str) -> str:
            return rewrite_relative_urls(renderer.reset().convert(text), path, use_directory_urls)

        source = self.notes_dir / path
        text, problems = read_note(source)
        prepared = prepare_notebook(text or "", path, index, render, quote(source.name))
        prepared.diagnostics[:0] = problems
        if prepared.notebook is not None:
            target = self.cache_dir() / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != prepared.dumps():
                target.write_text(prepared.dumps(), encoding="utf-8")
        return prepared

    def page_html(self, html: str) -> tuple[str, Any]:
        """A notebook page's HTML without the MathJax 2 loader, and its table of contents."""
        html = without_jupyter_mathjax(html)
        return html, get_toc(toc_tokens(html))  # mkdocs-jupyter's misses headings rendered from cells

    def publish_originals(
        self, notebooks: dict[str, PreparedNotebook], site_dir: Path, use_directory_urls: bool
    ) -> None:
        """Offer the original notebook (not the prepared copy) next to its page."""
        for path, prepared in notebooks.items():
            if prepared.notebook is not None:
                page_dir = site_dir / (path[: -len(".ipynb")] if use_directory_urls else Path(path).parent)
                page_dir.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.notes_dir / path, page_dir / Path(path).name)
