"""One build of a vault: the sequence the MkDocs glue and `python -m vaultmark export` share.

1. Index the vault, then the site's hand-written pages and assets, so a note can
   wikilink and embed them as they can link notes.
2. Normalize every published note and every hand-written page.
3. Prepare the notebooks, when the caller can render their cells.
4. Group the notes into the site model (categories, nav, counts).
5. Give each page's markdown source: its metadata as frontmatter, HTML-escaped
   because themes print title and tags as markup, then the normalized body.

Whatever builds the site (MkDocs today, a successor tomorrow) runs this and only
adds its own glue, so the pages cannot drift apart.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .frontmatter import normalize_tags
from .links import LinkGraph
from .markers import DEFAULT_MARKERS, CardMarkers
from .notebooks import PreparedNotebook
from .pipeline import NormalizedNote, Options, normalize_note
from .reading import read_note
from .settings import APP_SETTINGS, ObsidianSettings
from .site import HOME_PAGE, SiteModel
from .tagpages import TagIndex
from .vault import VaultIndex

# Hand-written pages are the site's own prose, written as CommonMark (hard-wrapped lines join).
SITE_PAGE_OPTIONS = replace(Options.without("line_breaks"), tag_pages=False)

# Prepares notebook `path` of the index for the site: renders its cells, marks its cards.
NotebookPreparer = Callable[[str, VaultIndex], PreparedNotebook]


@dataclass
class VaultBuild:
    """A vault read, normalized and grouped: everything a generator needs to write pages."""

    vault: Path
    index: VaultIndex
    # How the vault's notes are normalized: Obsidian's settings of this vault decide some steps.
    options: Options = field(default_factory=Options)
    # Normalized markdown of every page built from markdown: published notes and hand-written pages.
    pages: dict[str, NormalizedNote] = field(default_factory=dict)
    notebooks: dict[str, PreparedNotebook] = field(default_factory=dict)
    model: SiteModel = field(default_factory=SiteModel)
    # Hand-written pages and assets, by site path (their problems are shown under their own folder).
    site_files: set[str] = field(default_factory=set)
    # Hand-written files whose path a vault file already has: the vault's file is the one linked.
    conflicts: list[str] = field(default_factory=list)
    read_problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    tags: TagIndex = field(default_factory=TagIndex)
    links: LinkGraph = field(default_factory=LinkGraph)

    @classmethod
    def run(
        cls,
        vault: Path,
        site_files: Mapping[str, Path] | None = None,
        prepare_notebook: NotebookPreparer | None = None,
        markers: CardMarkers = DEFAULT_MARKERS,
    ) -> VaultBuild:
        """Build `vault`; `site_files` maps the site path of each hand-written file to the file,
        `markers` says how the vault writes its questions."""
        index = VaultIndex.from_directory(vault) if vault.is_dir() else VaultIndex()
        settings, problems = ObsidianSettings.read(vault)
        build = cls(vault, index, options_for(settings, markers), read_problems=dict(index.problems))
        if problems:
            build.read_problems[APP_SETTINGS] = problems
        site_texts = build._index_site_files(site_files or {})
        options = build.options
        notes = {
            path: normalize_note(text, path, index, options)
            for path, text in index.texts.items()
            if index.notes[path].published and path not in index.site_files
        }
        if prepare_notebook is not None:
            notebooks = [
                path for path in index.notes if path.lower().endswith(".ipynb") and path not in index.site_files
            ]
            build.notebooks = {path: prepare_notebook(path, index) for path in notebooks}
        counts = {path: result.questions for path, result in (notes | build.notebooks).items()}
        build.model = SiteModel.build(index, counts)
        note_tags = {path: normalize_tags(page.meta.get("tags")) for path, page in notes.items()}
        for path in build.notebooks:
            note_tags[path] = normalize_tags(index.notes[path].meta.get("tags"))
        build.tags = TagIndex.build(build.model, note_tags)
        build.links = LinkGraph.build(notes, index.texts, build.titles(), markers)
        site_options = replace(SITE_PAGE_OPTIONS, markers=markers)
        site_pages = {path: normalize_note(text, path, index, site_options) for path, text in site_texts.items()}
        build.pages = notes | site_pages
        return build

    def _index_site_files(self, site_files: Mapping[str, Path]) -> dict[str, str]:
        """Add hand-written files to the index; returns the text of each hand-written page."""
        texts: dict[str, str] = {}
        home = self.index.notes.get(HOME_PAGE)
        vault_home = home is not None and home.published
        for path, source in site_files.items():
            if path == HOME_PAGE and vault_home:
                continue  # the vault's own home page replaces the site's
            self.site_files.add(path)
            text = None
            if path.lower().endswith(".md"):
                text, problems = read_note(source)
                if problems:
                    self.read_problems[path] = problems
                texts[path] = text or ""
            if path in self.index.notes or path in self.index.attachments:
                self.conflicts.append(path)
            else:
                self.index.add_site_file(path, text)
        return texts

    def diagnostics(self) -> Iterator[tuple[str, Diagnostic]]:
        """Every problem found, with the site path of the file it is in."""
        for path, problems in self.read_problems.items():
            for problem in problems:
                yield path, problem
        for path, page in self.pages.items():
            for problem in page.diagnostics:
                yield path, problem
        for path, notebook in self.notebooks.items():
            for problem in notebook.diagnostics:
                yield path, problem

    def titles(self) -> dict[str, str]:
        """The title of every published note and notebook, by vault path."""
        found = {note.path: note.title for note in self.model.notes}
        if self.model.home is not None:
            found[self.model.home] = "Home"
        return found

    def tag_pages(self) -> dict[str, str]:
        """The markdown of each tag's page, by site path (a generator skips one whose path a
        vault or site file already has)."""
        return {tag.page: self.tags.page_markdown(key) for key, tag in self.tags.tags.items()}

    def page_meta(self, path: str) -> dict[str, Any]:
        """A page's metadata: its frontmatter, and for a note its title and category."""
        meta = dict(self.pages[path].meta)
        if path not in self.site_files:
            meta.update(self.model.page_meta(path))
        return meta

    def page_source(
        self, path: str, extra_meta: Mapping[str, Any] | None = None, drop_meta: tuple[str, ...] = ()
    ) -> str:
        """The markdown a page is built from: escaped metadata as frontmatter, then the body.

        `extra_meta` is added to the page's metadata and the keys of `drop_meta` left out
        (a generator's own settings, such as keeping a page out of search). A page with no
        metadata is its normalized body alone.
        """
        page = self.pages[path]
        meta = {key: value for key, value in self.page_meta(path).items() if key not in drop_meta}
        meta = escaped_meta(meta | dict(extra_meta or {}))
        if not meta:
            return page.body
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + page.body

    def renormalize(self, path: str, text: str) -> NormalizedNote:
        """Normalize an edited note again (during `serve`); its shape must be unchanged. Its
        links may change: its part of the link graph is read again."""
        self.index.texts[path] = text
        self.pages[path] = normalize_note(text, path, self.index, self.options)
        self.links.update(path, self.pages[path], text)
        found = self.model.note(path)
        if found is not None:  # the entry category, tag and home pages count from
            found[1].questions = self.pages[path].questions
        return self.pages[path]

    def count_pages(self, path: str) -> dict[str, str]:
        """The generated pages that show note `path`'s question count, with their markdown: its
        category's page, and the page of each tag it is listed under (nested tags list the notes
        of the tags inside them)."""
        pages: dict[str, str] = {}
        found = self.model.note(path)
        if found is not None:
            pages[found[0].page] = self.model.category_page_markdown(found[0])
        for key, tag in self.tags.tags.items():
            if any(note.path == path for note in self.tags.all_notes(key)):
                pages[tag.page] = self.tags.page_markdown(key)
        return pages


def options_for(settings: ObsidianSettings, markers: CardMarkers = DEFAULT_MARKERS) -> Options:
    """The normalizer steps a vault's Obsidian settings call for, with its question markers."""
    disabled = frozenset({"line_breaks"}) if settings.strict_line_breaks else frozenset()
    return Options(disabled, markers)


def escaped_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Title and tags HTML-escaped: themes print them as markup, but they are the user's text."""
    escaped = dict(meta)
    if isinstance(escaped.get("title"), str):
        escaped["title"] = html.escape(escaped["title"])
    if isinstance(escaped.get("tags"), list):
        escaped["tags"] = [html.escape(str(tag)) for tag in escaped["tags"]]
    return escaped
