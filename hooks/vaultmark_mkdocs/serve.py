"""`mkdocs serve`: after an edit that changes only the text of some notes, re-render just them.

MkDocs has no public way to render one page again, so this module, and only this
one, calls `mkdocs.commands.build._populate_page` and `_build_page`: the two steps
MkDocs' own build runs per page. They are private, so `tests/test_architecture.py`
pins the MkDocs version they were checked against (`CHECKED_MKDOCS_VERSION`, the one
in requirements.txt): an upgrade fails that test until someone checks them again.
A note whose links changed re-renders the notes it links to (or linked to) as well,
since their "Linked from" sections change; notes that embed it are normalized and
rendered again; a changed number of questions re-renders its category page, its tags'
pages and the hand-written pages listing counts. Any other edit (new, removed or renamed
files, changed titles, tags, headings, docs/, config) gets MkDocs' full build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from vaultmark.reading import read_note
from vaultmark.vault import same_shape

from .anki import AnkiManager
from .notes import NotesManager
from .report import Reporter
from .search import SearchManager
from .study import StudyManager

if TYPE_CHECKING:  # `mkdocs serve` only: a build need not import the server
    from mkdocs.livereload import LiveReloadServer

CHECKED_MKDOCS_VERSION = "1.6.1"

Snapshot = dict[Path, tuple[int, int]]


def file_snapshot(roots: list[Path]) -> Snapshot:
    """Modification time and size of every file under `roots` (a root may be a single file)."""
    found = {}
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                status = path.stat()
                found[path] = (status.st_mtime_ns, status.st_size)
    return found


@dataclass
class ServeState:
    """What the last build left for re-rendering a page: MkDocs' own objects, and the files read."""

    config: MkDocsConfig | None = None
    files: Files | None = None
    nav: Navigation | None = None
    env: Environment | None = None
    snapshot: Snapshot | None = None
    roots: list[Path] = field(default_factory=list)


class ServeManager:
    """Remembers each build's state and decides, per rebuild, whether re-rendering some notes is enough."""

    def __init__(
        self, notes: NotesManager, search: SearchManager, study: StudyManager, anki: AnkiManager, reporter: Reporter
    ) -> None:
        self.notes = notes
        self.search = search
        self.study = study
        self.anki = anki
        self.reporter = reporter
        self.state = ServeState()

    def configure(self, config: MkDocsConfig) -> None:
        roots = [self.notes.state.notes_dir, Path(config["docs_dir"]), Path(config["config_file_path"])]
        custom_dir = config["theme"].custom_dir
        self.state = ServeState(config=config, roots=roots + ([Path(custom_dir)] if custom_dir else []))

    def remember(
        self, files: Files | None = None, nav: Navigation | None = None, env: Environment | None = None
    ) -> None:
        self.state.files = files or self.state.files
        self.state.nav = nav or self.state.nav
        self.state.env = env or self.state.env

    def built(self) -> None:
        """The build is written: what it read is the baseline the next edit is compared with."""
        self.state.snapshot = file_snapshot(self.state.roots)

    def install(self, server: LiveReloadServer) -> LiveReloadServer:
        """Watch the vault too, and try a partial rebuild before MkDocs' full one."""
        server.watch(str(self.notes.state.notes_dir))
        full_build: Callable[..., Any] = server.builder

        def rebuild() -> None:
            if not self.rebuild_changed_notes():
                full_build()

        server.builder = rebuild
        return server

    def rebuild_changed_notes(self) -> bool:
        """Re-render the edited notes alone; False when a full build is needed."""
        started = time.perf_counter()
        if not self.search.serving:
            return False  # `serve --clean`: plain builds, each indexing every page
        state = self.state
        before = state.snapshot
        after = file_snapshot(state.roots) if state.config is not None else None
        if before is None or after is None or before.keys() != after.keys():
            return False
        notes_dir, build = self.notes.state.notes_dir, self.notes.build
        updates: dict[str, str] = {}
        for path in (path for path in after if after[path] != before[path]):
            uri = path.relative_to(notes_dir).as_posix() if path.is_relative_to(notes_dir) else None
            if uri is None or uri not in build.pages or uri in build.site_files:
                return False  # not a published markdown note: docs, assets, notebooks, config
            text, problems = read_note(path)
            if text is None or problems or not same_shape(uri, build.index.texts[uri], text):
                return False
            updates[uri] = text
        # Notes that embed an edited one show its new text: they are normalized again too.
        embedding = build.links.embedding(updates)
        notes = updates.keys() | embedding
        # A link added, removed or reworded changes the "Linked from" section of the note it points to.
        linked = {target for uri in notes for target in build.links.outgoing.get(uri, {})}
        sections_before = {target: build.links.section(target) for target in linked}
        counted = False
        for uri, text in updates.items():
            old = build.pages[uri]
            new = build.renormalize(uri, text)
            if new.meta.get("tags") != old.meta.get("tags"):
                return False  # tag pages, chips and the tags index change: rebuild them all
            counted |= new.questions != old.questions
        for uri in sorted(embedding):
            build.renormalize(uri, build.index.texts[uri])
        linked |= {target for uri in notes for target in build.links.outgoing.get(uri, {})}
        changed = {
            target
            for target in linked - notes
            if target in build.pages and sections_before.get(target) != build.links.section(target)
        }
        pages: dict[str, str | None] = {uri: None for uri in [*updates, *sorted(embedding), *sorted(changed)]}
        if counted:  # category, tag and home pages show how many questions each note has
            for uri in updates:
                pages |= build.count_pages(uri)
            pages |= {uri: None for uri in sorted(self.notes.state.counting_pages)}
        return self._render(pages, started, after)

    def _render(self, pages: dict[str, str | None], started: float, after: Snapshot) -> bool:
        """Render `pages` again: a note from its normalized markdown, a generated page from the
        markdown given, a hand-written page (None) from its own source."""
        state, build = self.state, self.notes.build
        assert state.config is not None and state.files is not None and state.nav is not None and state.env is not None
        for uri, markdown in pages.items():
            file = state.files.get_file_from_path(uri)
            assert file is not None and file.page is not None
            if markdown is not None:
                file.content_string = markdown
            elif uri not in build.site_files:
                file.content_string = build.page_source(uri) + self.notes.connections.page_end(build, uri, file)
                for problem in build.pages[uri].diagnostics:
                    self.reporter.problem(uri, problem)
            _populate_page(file.page, state.config, state.files)
            _build_page(file.page, state.config, state.files.documentation_pages(), state.nav, state.env)
        self.search.write()
        self.study.write()
        self.anki.link_decks()
        self.notes.connections.write(build)
        state.snapshot = after
        seconds = time.perf_counter() - started
        self.reporter.info(f"re-rendered {len(pages)} page(s) only, in {seconds:.2f} s")
        return True
