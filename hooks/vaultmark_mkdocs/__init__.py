"""vaultmark_mkdocs: the MkDocs glue, small managers over typed state.

Each manager owns one concern (the vault's notes, notebooks, search, serve
rebuilds, problem reports, links and tags) and `vaultmark_hook.py` is the event table that calls
them, as Material's plugins delegate to their managers. Everything MkDocs-specific
lives here; the core (`vaultmark`) and search (`vaultmark_search`) never import it.

Every submodule is imported here, at import time: MkDocs puts `hooks/` on
`sys.path` only while it loads the hook file.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from .anki import AnkiManager
from .connections import ConnectionsManager
from .notebooks import NotebookManager
from .notes import NotesManager
from .report import Reporter
from .search import SearchManager
from .serve import ServeManager
from .study import StudyManager


class Site:
    """The managers of one `mkdocs build` or `mkdocs serve` session, wired together."""

    def __init__(self) -> None:
        self.reporter = Reporter()
        self.notebooks = NotebookManager()
        self.connections = ConnectionsManager(self.reporter)
        self.notes = NotesManager(self.reporter, self.notebooks, self.connections)
        self.search = SearchManager(self.reporter)
        self.study = StudyManager()
        self.anki = AnkiManager(self.reporter, self.notes, self.study)
        self.serve = ServeManager(self.notes, self.search, self.study, self.anki, self.reporter)

    def write_outputs(self, config: MkDocsConfig) -> None:
        """After the last page: Pagefind writes the index's last part on the other core while
        the study files and the Anki decks are written; then the graph's data, the original
        notebooks and the summary line."""
        self.serve.built()
        self.search.close()
        self.study.write()
        self.anki.write()
        self.search.write()
        self.notes.finish(config)


__all__ = [
    "AnkiManager",
    "ConnectionsManager",
    "NotebookManager",
    "NotesManager",
    "Reporter",
    "SearchManager",
    "ServeManager",
    "Site",
    "StudyManager",
]
