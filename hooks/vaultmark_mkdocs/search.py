"""Search: Material's search box over a Pagefind index of the built site.

Material's search plugin stays for its UI and settings. Every page is marked
`search.exclude` for it, so its own index holds no documents; instead the page
template (overrides/main.html) marks the article of each page that belongs in search
with `data-pagefind-body`. As each page is written its article is kept aside, and
after the build Pagefind indexes those articles. During `mkdocs serve` the index is
rebuilt in the background after every build (a full one or a re-render of edited
notes), so a reload never waits for it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from vaultmark_search import (
    BUNDLE_DIR,
    DEFAULT_PART_PAGES,
    EXTENDED_INSTALL,
    PagefindError,
    StreamedIndex,
    index_pages,
    needs_extended,
    searchable_copy,
)

from .report import Reporter

# The page meta key overrides/main.html reads: "notes" or "site" for an indexed page.
SOURCE_KEY = "vaultmark_search"


@dataclass
class SearchSession:
    """What outlives one build: during `mkdocs serve` MkDocs loads the hook file (and so a
    new SearchManager) for every rebuild, but fires `on_startup` only once, before the first;
    and a re-render of edited notes runs the hooks of the build before it."""

    serving: bool = False
    dirty: bool = False  # `--dirty`: MkDocs writes only the pages it thinks changed
    background: BackgroundIndexer = field(default_factory=lambda: BackgroundIndexer())
    # Each searchable page's path in the site, and the part of it Pagefind indexes.
    pages: dict[str, str] = field(default_factory=dict)


class SearchManager:
    """Marks each page for the index, and runs Pagefind once the site is written."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.enabled = False  # the site has Material's search box
        self.site_dir = Path("site")
        self.language = "en"
        self.stream: StreamedIndex | None = None  # `mkdocs build`: the index being fed
        self.recorded: set[str] = set()  # the pages of this build kept for the index
        self.part_pages = DEFAULT_PART_PAGES

    def configure(self, config: MkDocsConfig) -> None:
        """A full build starts: every page will be written again."""
        self.enabled = any(hasattr(plugin, "search_index") for plugin in config.plugins.values())
        self.site_dir = Path(config["site_dir"])
        self.language = language = str(config["theme"].get("language") or "en")
        # A full rebuild during `serve` empties the site folder: not while an index is copied in.
        SESSION.background.wait()
        SESSION.pages = {}
        self.stream = None
        self.recorded = set()
        self.part_pages = self._part_pages(config["extra"].get("search_part_pages", DEFAULT_PART_PAGES))
        if self.enabled and needs_extended(language):
            self.reporter.warning(
                f"search: theme.language is {language!r}, whose words Pagefind splits only with its extended "
                f"binary; run `{EXTENDED_INSTALL}` for word-by-word search"
            )

    def _part_pages(self, value: object) -> int:
        """`extra.search_part_pages`: a whole number of pages, at least 1."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)  # from !ENV
        self.reporter.warning(
            f"mkdocs.yml: extra.search_part_pages is {value!r}; it takes a whole number of pages, at least 1 "
            f"(using {DEFAULT_PART_PAGES})"
        )
        return DEFAULT_PART_PAGES

    def start(self, command: str, dirty: bool) -> None:
        SESSION.serving = command == "serve"
        SESSION.dirty = dirty

    @property
    def serving(self) -> bool:
        """A `mkdocs serve` session whose builds index in the background (not `serve --clean`,
        whose builds MkDocs runs as plain builds)."""
        return SESSION.serving

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

    def record(self, page: Page, html: str) -> None:
        """The written page's searchable article: straight to Pagefind during a build, kept
        for the next background index during `serve`."""
        if self.enabled and page.meta.get(SOURCE_KEY):
            self._keep(page.file.dest_uri, html)

    def _keep(self, path: str, html: str) -> None:
        copy = searchable_copy(html, self.language)
        if copy is None:
            return
        self.recorded.add(path)
        if SESSION.serving:
            SESSION.pages[path] = copy
            return
        try:
            if self.stream is None:
                self.stream = StreamedIndex(self.site_dir / BUNDLE_DIR, self.part_pages)
            self.stream.add(path, copy)
        except PagefindError as error:
            self.reporter.warning(str(error))
            self.enabled = False

    def _keep_unwritten(self) -> None:
        """`--dirty`: MkDocs writes only the pages it thinks changed; the others are read back
        from the site folder, so the index keeps them."""
        for page in sorted(self.site_dir.rglob("*.html")):
            path = page.relative_to(self.site_dir).as_posix()
            if path not in self.recorded and not path.startswith(BUNDLE_DIR + "/"):
                self._keep(path, page.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        """`mkdocs build` has written its last page: Pagefind writes the last part of the index
        on the other core while the build goes on (`--dirty` builds add the pages left
        unwritten first, in `write`)."""
        if self.enabled and self.stream is not None and not SESSION.serving and not SESSION.dirty:
            self.stream.close()

    def write(self) -> None:
        """Write the index: at once for `mkdocs build`, in the background for `serve`."""
        if not self.enabled:
            return
        if SESSION.dirty:
            self._keep_unwritten()
        bundle = self.site_dir / BUNDLE_DIR
        if SESSION.serving:
            SESSION.background.request((dict(SESSION.pages), bundle, self.part_pages, self.reporter))
            return
        if self.stream is None:
            return
        try:
            report = self.stream.write()
        except PagefindError as error:
            self.reporter.warning(str(error))
            return
        finally:
            self.stream = None
        self.reporter.debug(f"search indexed {report.pages} pages; the build waited {report.seconds:.2f} s for it")

    def wait(self) -> None:
        """Block until the background index is up to date (tests and benchmarks)."""
        SESSION.background.wait()


# The pages, the bundle they go into, the pages per part of the index, and who hears how it went.
Job = tuple[dict[str, str], Path, int, Reporter]


class BackgroundIndexer:
    """One thread that re-indexes the site whenever asked, never two runs at once: a
    request during a run starts one more run after it, with the newest pages."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._pending: Job | None = None
        self._running = False
        self._workspace: Path | None = None

    def request(self, job: Job) -> None:
        """Index the job's pages soon, in place of any job still waiting."""
        with self._lock:
            self._pending = job
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="vaultmark-search", daemon=True).start()

    def wait(self) -> None:
        with self._lock:
            self._lock.wait_for(lambda: not self._running)

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    job, self._pending = self._pending, None
                    if job is None:
                        return
                self._index(*job)
        finally:
            with self._lock:
                self._running = False
                self._lock.notify_all()

    def _index(self, pages: dict[str, str], bundle: Path, part_pages: int, reporter: Reporter) -> None:
        """One run, in the session's workspace: after an edit, only what changed is rewritten."""
        if self._workspace is None:
            self._workspace = Path(tempfile.mkdtemp(prefix="vaultmark-search-"))
            atexit.register(shutil.rmtree, self._workspace, ignore_errors=True)
        try:
            report = index_pages(pages, bundle, self._workspace, part_pages)
        except (PagefindError, OSError) as error:
            reporter.warning(f"search index not updated: {error}")
            return
        reporter.info(f"search index updated ({report.pages} pages, {report.seconds:.1f} s)")


SESSION = SearchSession()
