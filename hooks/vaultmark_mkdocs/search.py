"""Search: Material's search box over the sharded index of `vaultmark_search`.

Material's search plugin stays for its UI and config; this manager indexes each
page itself (faster than Material's parser), marks the page `search.exclude` so
Material's plugin keeps no documents, and writes the index files after the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from vaultmark_search import SearchDocument, ShardedSearchIndex, page_documents

# Material's search settings the index carries for the worker.
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


class SearchManager:
    """Collects each page's search documents during a build and writes the index."""

    def __init__(self) -> None:
        self.plugin: Any = None  # Material's search plugin, when the site has search
        self.documents: dict[str, list[SearchDocument]] = {}  # by page URL
        self.index: ShardedSearchIndex | None = None

    def configure(self, config: MkDocsConfig) -> None:
        """Find Material's search plugin once per build: its UI stays, its indexing is ours."""
        self.plugin = next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")), None)
        self.documents = {}

    @property
    def enabled(self) -> bool:
        return self.plugin is not None

    def add_page(self, page: Page) -> None:
        """Index a rendered page, then tell Material's plugin to skip it."""
        if not self.enabled:
            return
        title = str(page.meta.get("title", page.title))
        self.documents[page.url] = page_documents(page.content or "", page.url, title, page.meta)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def write(self, config: MkDocsConfig) -> None:
        """The sharded index the worker of overrides/main.html reads; Material's own
        search_index.json (its page script still fetches it) holds only its config."""
        if not self.enabled:
            return
        index = ShardedSearchIndex({key: self.plugin.config[key] for key in CONFIG_KEYS})
        write_files(index.build(self.documents.values()), config)
        self.documents.clear()  # an edit during `serve` brings its page's documents anew
        self.index = index

    def replace_page(self, page: Page, config: MkDocsConfig) -> bool:
        """After an edit during `serve`: patch the index with the page's new documents.
        False when that cannot be done (its sections changed): then rebuild everything."""
        if not self.enabled:
            return True
        if self.index is None:
            return False
        changed = self.index.replace_page(self.documents[page.url])
        if changed is None:
            return False
        write_files(changed.items(), config)
        return True


def write_files(files: Any, config: MkDocsConfig) -> None:
    """Write (path under `search/`, text) pairs into the built site."""
    search_dir = Path(config["site_dir"]) / "search"
    folders = set()
    for relative, text in files:
        path = search_dir / relative
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8")
