"""The vault as MkDocs files: notes, attachments, notebooks and category pages, and the nav.

Runs the core's build sequence (`vaultmark.VaultBuild`) once per build, in
`on_files`, and hands MkDocs each page's normalized markdown as the file's
content (`File.content_string`), so MkDocs never reads a note itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from vaultmark import Diagnostic, VaultBuild
from vaultmark.markers import DEFAULT_MARKERS, CardMarkers
from vaultmark.markup import CARD_START
from vaultmark.site import (
    CATEGORIES_MARKER,
    DEFAULT_NAV_NOTES_LIMIT,
    HOME_PAGE,
    categories_markdown,
    summary_line,
    unpublished_line,
)
from vaultmark.tagpages import TAGS_MARKER
from vaultmark.wikilinks import href

from .connections import ConnectionsManager
from .mathjax import add_mathjax
from .notebooks import NotebookManager
from .rendered import RenderedPages
from .report import Reporter

# The project's help page and its example pages (docs/): on the site only when `extra.help_page`
# is on, and even then their tags stay off the tags page and the examples out of search.
HELP_PAGE = "writing-notes.md"
HELP_EXAMPLES = "writing-notes/"
# Replaced on a hand-written page by a link to the help page, or by nothing when it is off.
HELP_MARKER = "<!-- vaultmark:help-link -->"
HELP_LINK = "See how notes are written on [Writing notes]({href})."
# The hand-written page that lists every tag (`vaultmark.tagpages.TAGS_MARKER`): no text of its own.
TAGS_PAGE = "tags.md"


@dataclass
class NotesState:
    """What one build knows of the vault."""

    notes_dir: Path = Path("notes")
    build: VaultBuild | None = None
    # Hand-written pages of docs/, by site path, in the order MkDocs found them.
    docs_pages: list[str] = field(default_factory=list)
    help_page: bool = True
    markers: CardMarkers = DEFAULT_MARKERS
    # Hand-written pages that list counts (the categories or the tags, by their markers):
    # `serve` renders them again when a note's number of questions changes.
    counting_pages: set[str] = field(default_factory=set)
    rendered: RenderedPages = field(default_factory=RenderedPages)


class NotesManager:
    """Adds the vault to the site and checks what each page rendered."""

    def __init__(self, reporter: Reporter, notebooks: NotebookManager, connections: ConnectionsManager) -> None:
        self.reporter = reporter
        self.notebooks = notebooks
        self.connections = connections
        self.state = NotesState()

    def configure(self, config: MkDocsConfig) -> None:
        """Find the vault: `extra.notes_dir` (or NOTES_DIR), relative to mkdocs.yml."""
        configured = Path(config["extra"].get("notes_dir") or "notes")
        base = Path(config["config_file_path"]).parent
        notes_dir = configured if configured.is_absolute() else (base / configured).resolve()
        try:
            markers = CardMarkers.from_config(config["extra"].get("cards"))
        except (ValueError, TypeError) as error:
            raise ConfigurationError(str(error)) from None
        self.state = NotesState(notes_dir=notes_dir, markers=markers)
        self.connections.configure(config)
        self.reporter.reset(notes_dir.name, Path(config["docs_dir"]).name)
        if not notes_dir.is_dir():
            self.reporter.warning(
                f"notes folder {notes_dir} does not exist; set extra.notes_dir in mkdocs.yml or NOTES_DIR"
            )

    @property
    def build(self) -> VaultBuild:
        assert self.state.build is not None, "the vault is read in on_files"
        return self.state.build

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Index vault and docs/, normalize every page, and add the vault's files to the site."""
        state = self.state
        state.help_page = bool(config["extra"].get("help_page", True))
        for file in [file for file in files if file.src_dir == config["docs_dir"]]:
            is_help = file.src_uri == HELP_PAGE or file.src_uri.startswith(HELP_EXAMPLES)
            if (is_help and not state.help_page) or not self.connections.wanted(file.src_uri):
                files.remove(file)
        docs = [file for file in files if file.src_dir == config["docs_dir"]]
        site_files = {file.src_uri: Path(file.abs_src_path or "") for file in docs}
        preparer = self.notebooks.preparer(state.notes_dir, config)
        build = state.build = VaultBuild.run(state.notes_dir, site_files, preparer, state.markers)
        site_home = next((file for file in docs if file.src_uri == HOME_PAGE), None)
        if build.model.home is not None and site_home is not None:  # the vault's own home replaces it
            files.remove(site_home)
            docs.remove(site_home)
        for path, problem in build.diagnostics():
            self.reporter.problem(path, problem, hand_written=path in build.site_files)
        unpublished = sum(page.unpublished_links for page in build.pages.values())
        if unpublished:
            self.reporter.info(unpublished_line(unpublished))
        for path in build.model.published_files:
            if path in build.conflicts:
                message = f"{state.notes_dir.name}/{path}: docs/ has a file with the same path; rename one of them"
                self.reporter.warning(message)
                continue
            if path in build.notebooks:
                if build.notebooks[path].notebook is not None:  # unreadable notebooks were reported
                    files.append(self._file(path, self.notebooks.cache_dir(), config))
                continue
            file = self._file(path, state.notes_dir, config)
            if path in build.pages:
                file.content_string = build.page_source(path) + self.connections.page_end(build, path, file)
            files.append(file)
        for file in docs:
            if file.src_uri.startswith(HELP_EXAMPLES) and file.src_uri in build.pages:
                file.content_string = build.page_source(file.src_uri, {"search": {"exclude": True}}, ("tags",))
                file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the help page only
            elif file.src_uri == HELP_PAGE and file.src_uri in build.pages:
                file.content_string = build.page_source(file.src_uri, drop_meta=("tags",))  # its tags are examples
            elif file.src_uri in build.pages:
                file.content_string = build.page_source(file.src_uri)
        for category in build.model.categories.values():
            files.append(File.generated(config, category.page, content=build.model.category_page_markdown(category)))
        self.connections.add_tag_pages(build, files, config)
        add_mathjax(files, config)
        state.docs_pages = [file.src_uri for file in docs if file.is_documentation_page()]
        if not config["nav"]:
            limit = config["extra"].get("nav_notes_limit", DEFAULT_NAV_NOTES_LIMIT)
            config["nav"] = build.model.nav(state.docs_pages, limit)
        return files

    @staticmethod
    def _file(path: str, folder: Path, config: MkDocsConfig) -> File:
        return File(path, str(folder), config["site_dir"], config["use_directory_urls"])

    def page_markdown(self, markdown: str, page: Page) -> str:
        """Hand-written pages may ask for the categories with their counts, or the tags."""
        if CATEGORIES_MARKER in markdown or TAGS_MARKER in markdown:
            self.state.counting_pages.add(page.file.src_uri)
        markdown = self.connections.page_markdown(markdown, page, self.build)
        if CATEGORIES_MARKER in markdown:
            markdown = markdown.replace(CATEGORIES_MARKER, categories_markdown(self.build.model, page.file.src_uri))
        if HELP_MARKER in markdown:
            link = HELP_LINK.format(href=href(page.file.src_uri, HELP_PAGE)) if self.state.help_page else ""
            markdown = markdown.replace(HELP_MARKER, link)
        return markdown

    def page_content(self, html: str, page: Page) -> str:
        """Fix notebook pages, and check that every card found in the source reached the page."""
        uri = page.file.src_uri
        build = self.build
        expected = None
        if uri in build.notebooks:
            html, page.toc = self.notebooks.page_html(html)
            expected = build.notebooks[uri].questions
        elif uri in build.pages:
            expected = build.pages[uri].questions + build.pages[uri].embedded_questions
        rendered = html.count(CARD_START)
        if expected is not None and rendered != expected:
            message = f"{expected} questions found but {rendered} cards rendered; check the markup around them"
            self.reporter.problem(uri, Diagnostic(1, message), hand_written=uri in build.site_files)
        return html

    def page_rendered(self, page: Page) -> None:
        """Between MkDocs' render and write loops a page's HTML is kept compressed
        (`RenderedPages`); `pages_rendered` once the last page has rendered."""
        self.state.rendered.rendered(page)

    def pages_rendered(self) -> None:
        self.state.rendered.park_last()

    def page_to_write(self, page: Page) -> None:
        self.state.rendered.restore(page)

    def page_written(self, page: Page) -> None:
        """MkDocs keeps every page's HTML until the build ends; once a page is written only
        the navigation of the pages after it reads the page again, for its title, and a
        `serve` re-render makes the HTML anew."""
        page.content = None

    def search_source(self, page: Page) -> str | None:
        """Whose text a page is, for search: "notes" (the vault's), "site" (hand-written pages,
        ranked after the notes), or None for pages that only list others (categories, tags)
        and pages marked `search: {exclude: true}`, such as the help page's examples."""
        uri = page.file.src_uri
        build = self.build
        if (page.meta.get("search") or {}).get("exclude"):
            return None
        if uri in build.site_files:
            return None if uri == TAGS_PAGE else "site"
        if uri in build.pages or uri in build.notebooks:
            return "notes"
        return None

    def finish(self, config: MkDocsConfig) -> None:
        """After everything else of the build: the original notebooks, the graph's data, then
        the summary line."""
        self.publish_notebooks(config)
        self.connections.write(self.build)
        self.reporter.info(self.summary())

    def publish_notebooks(self, config: MkDocsConfig) -> None:
        build = self.build
        published = {path: notebook for path, notebook in build.notebooks.items() if build.index.notes[path].published}
        self.notebooks.publish_originals(published, Path(config["site_dir"]), config["use_directory_urls"])

    def summary(self) -> str:
        return summary_line(self.build.model, self.reporter.warnings)
