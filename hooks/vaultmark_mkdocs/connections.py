"""How notes connect on the site: backlinks, the graph's data, tag pages and tag chips.

The core computes who links to whom (`vaultmark.links.LinkGraph`) and what each tag holds
(`vaultmark.tagpages.TagIndex`); this manager puts them on the pages MkDocs builds:

* each note ends with its "Linked from" section (`extra.backlinks`) and the place its
  local graph opens (`extra.graph`); nothing is loaded until the reader opens it;
* `graph.json` at the site's root holds every page and link (titles and URLs, no text),
  for `assets/vaultmark-graph.js`;
* a page per tag (not in the nav), the tags index on `docs/tags.md`, and the tags of a
  page's header linking to their pages (Material's template, given our URLs).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from vaultmark import VaultBuild
from vaultmark.frontmatter import normalize_tags
from vaultmark.markup import graph_marker
from vaultmark.tagpages import TAGS_MARKER
from vaultmark.tags import tag_page

from .report import Reporter

GRAPH_FILE = "graph.json"
# The hand-written page of the whole vault's graph: left out when the graph is off.
GRAPH_PAGE = "graph.md"
SWITCHES = ("backlinks", "graph")


@dataclass
class ConnectionsState:
    backlinks: bool = True
    graph: bool = True
    site_dir: Path = Path("site")
    # Site URL (relative to the root) of each page, by vault path: the graph's nodes.
    urls: dict[str, str] = field(default_factory=dict)
    tag_urls: dict[str, str] = field(default_factory=dict)


class ConnectionsManager:
    """Backlinks and graph markers on note pages, `graph.json`, and the tag pages."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.state = ConnectionsState()

    def configure(self, config: MkDocsConfig) -> None:
        """`extra.backlinks` and `extra.graph`: true (the default) or false."""
        for name in SWITCHES:
            value = config["extra"].get(name, True)
            if not isinstance(value, bool):
                raise ConfigurationError(f"extra.{name} must be true or false, not {value!r}")
        extra = config["extra"]
        self.state = ConnectionsState(
            backlinks=extra.get("backlinks", True), graph=extra.get("graph", True), site_dir=Path(config["site_dir"])
        )

    def wanted(self, docs_page: str) -> bool:
        """Whether a hand-written page belongs on the site (the Graph page needs the graph)."""
        return docs_page != GRAPH_PAGE or self.state.graph

    def page_end(self, build: VaultBuild, path: str, file: File) -> str:
        """What a note's page ends with: who links to it, and where its graph opens."""
        end = build.links.section(path) if self.state.backlinks else ""
        return end + (graph_marker(file.url) if self.state.graph else "")

    def add_tag_pages(self, build: VaultBuild, files: Files, config: MkDocsConfig) -> None:
        """A page per tag, reached from its chips and the tags index (not from the nav)."""
        self.state.tag_urls = {}
        for path, markdown in build.tag_pages().items():
            if files.get_file_from_path(path) is not None:
                self.reporter.warning(
                    f"{path}: a file of the vault or docs/ has the path of this tag's page; rename it"
                )
                continue
            file = File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            self.state.tag_urls[path] = file.url

    def page_markdown(self, markdown: str, page: Page, build: VaultBuild) -> str:
        """The tags index, on the hand-written page that asks for it."""
        if TAGS_MARKER in markdown:
            markdown = markdown.replace(TAGS_MARKER, build.tags.index_markdown(page.file.src_uri))
        return markdown

    def header_tags(self, context: dict[str, Any], page: Page, build: VaultBuild) -> None:
        """The tags Material's header shows, each linking to its page (Material's own tags
        plugin links them to one index page, and has no page per tag)."""
        uri = page.file.src_uri
        if uri in build.site_files or not (uri in build.pages or uri in build.notebooks):
            return
        self.state.urls[uri] = page.url  # a notebook's URL is known only once mkdocs-jupyter made it a page
        meta = build.pages[uri].meta if uri in build.pages else build.index.notes[uri].meta
        shown = []
        for tag in normalize_tags(meta.get("tags")):
            url = self.state.tag_urls.get(tag_page(tag))
            shown.append({"name": html.escape(tag), "url": url, "hidden": False})  # Material prints it as markup
        if shown:
            context["tags"] = shown

    def write(self, build: VaultBuild) -> None:
        """`graph.json`: the pages (title, URL, category) and the links between them."""
        if not self.state.graph:
            return
        categories = list(build.model.categories)
        nodes: list[dict[str, Any]] = []
        number: dict[str, int] = {}
        titles = build.titles()
        for path, title in sorted(titles.items(), key=lambda item: item[0].lower()):
            if path not in self.state.urls:
                continue
            found = build.model.note(path)
            number[path] = len(nodes)
            category = categories.index(found[0].name) if found else -1
            nodes.append({"title": title, "url": self.state.urls[path], "category": category})
        edges = sorted((number[a], number[b]) for a, b in build.links.edges if a in number and b in number)
        data = {"categories": categories, "nodes": nodes, "edges": [list(edge) for edge in edges]}
        self.state.site_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (self.state.site_dir / GRAPH_FILE).write_text(text, encoding="utf-8")
