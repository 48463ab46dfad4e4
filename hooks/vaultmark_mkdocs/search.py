"""Search: Material's search box over a Pagefind index of the built site.

Material's search plugin stays for its UI and settings. Every page is marked
`search.exclude` for it, so its own index holds no documents; instead the page
template (overrides/main.html) marks the article of each page that belongs in search
with `data-pagefind-body`, and after the build Pagefind indexes those articles.
During `mkdocs serve` the index is rebuilt in the background after every build, so
a reload never waits for it.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from vaultmark_search import EXTENDED_INSTALL, PagefindError, index_site, needs_extended

from .report import Reporter

log = logging.getLogger("mkdocs.hooks.vaultmark")

# The page meta key overrides/main.html reads: "notes" or "site" for an indexed page.
SOURCE_KEY = "vaultmark_search"


@dataclass
class SearchSession:
    """What outlives one build: during `mkdocs serve` MkDocs loads the hook file (and so a
    new SearchManager) for every rebuild, but fires `on_startup` only once, before the first."""

    serving: bool = False
    background: BackgroundIndexer = field(default_factory=lambda: BackgroundIndexer())


class SearchManager:
    """Marks each page for the index, and runs Pagefind once the site is written."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.enabled = False  # the site has Material's search box
        self.site_dir = Path("site")

    def configure(self, config: MkDocsConfig) -> None:
        self.enabled = any(hasattr(plugin, "search_index") for plugin in config.plugins.values())
        self.site_dir = Path(config["site_dir"])
        language = str(config["theme"].get("language") or "en")
        if self.enabled and needs_extended(language):
            self.reporter.warning(
                f"search: theme.language is {language!r}, whose words Pagefind splits only with its extended "
                f"binary; run `{EXTENDED_INSTALL}` for word-by-word search"
            )

    def start(self, command: str) -> None:
        SESSION.serving = command == "serve"

    def templates(self, env: Environment) -> None:
        """During `serve`, the search worker looks for a newer index before each query."""
        env.globals["vaultmark_search_live"] = SESSION.serving

    def mark_page(self, page: Page, source: str | None) -> None:
        """Tell the template whether (and as whose text) the page is indexed, and keep
        Material's own index empty."""
        if not self.enabled:
            return
        if source is not None:
            page.meta[SOURCE_KEY] = source
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def write(self) -> None:
        """Index the written site: at once for `mkdocs build`, in the background for `serve`."""
        if not self.enabled:
            return
        if SESSION.serving:
            SESSION.background.request(self.site_dir)
            return
        try:
            report = index_site(self.site_dir)
        except PagefindError as error:
            self.reporter.warning(str(error))
            return
        log.debug("vaultmark: search indexed %d pages in %.2f s", report.pages, report.seconds)

    def wait(self) -> None:
        """Block until the background index is up to date (tests and benchmarks)."""
        SESSION.background.wait()


class BackgroundIndexer:
    """One thread that re-indexes the site whenever asked, never two runs at once: a
    request during a run starts one more run after it, with the newest pages."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._pending: Path | None = None
        self._running = False

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._pending = site_dir
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="vaultmark-search", daemon=True).start()

    def wait(self) -> None:
        with self._lock:
            self._lock.wait_for(lambda: not self._running)

    def _run(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._running = False
                    self._lock.notify_all()
                    return
            self._index(site_dir)

    @staticmethod
    def _index(site_dir: Path) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="vaultmark-search-") as staging:
                report = index_site(site_dir, Path(staging))
        except (PagefindError, OSError) as error:
            log.warning("%s", error)
            return
        log.info("vaultmark: search index updated (%d pages, %.1f s)", report.pages, report.seconds)


SESSION = SearchSession()
