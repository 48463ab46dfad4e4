"""MkDocs hook: the event table of the site. Each event hands its work to a manager of
`vaultmark_mkdocs`; no syntax knowledge and no state lives here.

Order of one build: on_config finds the vault and Material's search; on_files runs the
core's build sequence (index vault and docs/, normalize every page, group categories) and
adds the vault's files, category pages and MathJax; pages then render from their
normalized markdown; on_page_content checks each page's cards and keeps them for study
mode; between the render and the write loops (on_env) every page's HTML is kept
compressed; on_page_context restores it and marks the page for search, and on_post_page
hands its searchable article to Pagefind; on_post_build has Pagefind write the index
while it writes the study files and the Anki decks, then the graph's data, and publishes
the original notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from vaultmark_mkdocs import Site

if TYPE_CHECKING:  # `mkdocs serve` only: a build need not import the server
    from mkdocs.livereload import LiveReloadServer

site = Site()


def on_startup(command: str, dirty: bool) -> None:
    site.search.start(command, dirty)


def on_config(config: MkDocsConfig) -> None:
    site.notes.configure(config)
    site.search.configure(config)
    site.serve.configure(config)
    site.study.configure(config)
    site.anki.configure(config)


# Before mkdocs-jupyter (priority 0) wraps .ipynb files into notebook pages: it must see
# the prepared notebooks this adds.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    return site.notes.add_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    site.serve.remember(files=files, nav=nav)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> None:
    site.notes.pages_rendered()
    site.serve.remember(env=env)
    site.search.templates(env)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return site.notes.page_markdown(markdown, page)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = site.notes.page_content(html, page)
    html = site.study.page_content(html, page, site.notes.build)
    site.notes.page_rendered(page)
    return html


# Before Material's search plugin (priority 0) indexes the page: the template marks the
# page for Pagefind instead, and Material's plugin is told to skip it.
@event_priority(50)
def on_page_context(context: Any, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
    site.notes.page_to_write(page)
    site.search.mark_page(page, site.notes.search_source(page))
    site.connections.header_tags(context, page, site.notes.build)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> None:
    site.search.record(page, output)
    site.notes.page_written(page)


@event_priority(50)
def on_post_build(config: MkDocsConfig) -> None:
    site.write_outputs(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    return site.serve.install(server)
