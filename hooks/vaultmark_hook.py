"""MkDocs glue for the vaultmark normalizer: events only, no syntax knowledge here.

Adds the vault's notes and attachments as virtual site files, builds the
category navigation, feeds every page through `vaultmark.normalize_note`
and reports its diagnostics as `notes/<path>:<line>: message` warnings, so
`mkdocs build --strict` fails on them. Nothing is written to the vault or `docs/`.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import markdown
import mathjax
import yaml
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

import vaultmark
from vaultmark.notebooks import prepare_notebook, toc_tokens, without_jupyter_mathjax
from vaultmark.reading import read_note
from vaultmark.search_sections import page_documents
from vaultmark.search_shards import ShardedSearchIndex
from vaultmark.vault import same_shape
from vaultmark.site import CATEGORIES_MARKER, DEFAULT_NAV_NOTES_LIMIT, SiteModel, categories_markdown, escaped_meta, summary_line
from vaultmark.snapshot import file_snapshot
from vaultmark.urls import rewrite_relative_urls

log = logging.getLogger("mkdocs.hooks.vaultmark")

MATHJAX_ROOT = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
MATHJAX_PARTS = ("tex-chtml.js", "input/", "output/chtml/", "ui/", "a11y/", "sre/", "adaptors/")
MATHJAX_DEST = "assets/mathjax"
CARD_MARKUP = '<div class="vm-card"'

state: dict = {}


def on_config(config):
    configured = Path(config["extra"].get("notes_dir") or "notes")
    base = Path(config["config_file_path"]).parent
    notes_dir = configured if configured.is_absolute() else (base / configured).resolve()
    state.clear()
    # Material's search plugin, if the site has search: its UI stays, its indexing is ours.
    search = next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")), None)
    state.update(notes_dir=notes_dir, warnings=0, pages={}, config=config, search_plugin=search, search_docs={})
    if not notes_dir.is_dir():
        log.warning("notes folder %s does not exist; set extra.notes_dir in mkdocs.yml or NOTES_DIR", notes_dir)


@event_priority(100)  # before mkdocs-jupyter wraps .ipynb files into notebook pages
def on_files(files: Files, config) -> Files:
    notes_dir: Path = state["notes_dir"]
    index = vaultmark.VaultIndex.from_directory(notes_dir) if notes_dir.is_dir() else vaultmark.VaultIndex()
    # Normalize every published note once: pages reuse the result, category pages count its cards.
    state["index"] = index
    for path, problems in index.problems.items():
        for problem in problems:
            _log(f"{notes_dir.name}/{path}", problem)
    normalized = {
        path: vaultmark.normalize_note(text, path, index)
        for path, text in index.texts.items()
        if index.notes[path].published
    }
    notebooks = {path: _prepare_notebook(path, config) for path in index.notes if path.lower().endswith(".ipynb")}
    counts = {path: result.questions for path, result in (normalized | notebooks).items()}
    model = SiteModel.build(index, counts)
    state.update(index=index, model=model, normalized=normalized, notebooks=notebooks)
    for path in model.published_files:
        if files.get_file_from_path(path) is not None:
            log.warning("%s/%s: docs/ has a file with the same path; rename one of them", notes_dir.name, path)
        elif path in notebooks:
            if notebooks[path].notebook is not None:  # unreadable notebooks were reported and are skipped
                files.append(File(path, str(_cache_dir(config)), config["site_dir"], config["use_directory_urls"]))
        else:
            files.append(File(path, str(notes_dir), config["site_dir"], config["use_directory_urls"]))
    for category in model.categories.values():
        files.append(File.generated(config, category.page, content=model.category_page_markdown(category)))
    for part in MATHJAX_PARTS:
        for source in sorted(MATHJAX_ROOT.glob(part + "**/*" if part.endswith("/") else part)):
            if source.is_file():
                relative = source.relative_to(MATHJAX_ROOT).as_posix()
                file = File(relative, str(MATHJAX_ROOT), config["site_dir"], config["use_directory_urls"])
                file.dest_uri = f"{MATHJAX_DEST}/{relative}"
                file.inclusion = InclusionLevel.NOT_IN_NAV
                files.append(file)
    docs_pages = [file for file in files.documentation_pages() if file.src_dir == config["docs_dir"]]
    for file in files:  # hand-written pages and their assets can be wikilinked and embedded too
        if file.src_dir == config["docs_dir"]:
            text = None
            if file in docs_pages:
                text, problems = read_note(Path(file.abs_src_path))
                for problem in problems:
                    _log(f"{Path(config['docs_dir']).name}/{file.src_uri}", problem)
            index.add(file.src_uri, text)
    if not config["nav"]:
        limit = config["extra"].get("nav_notes_limit", DEFAULT_NAV_NOTES_LIMIT)
        config["nav"] = model.nav([file.src_uri for file in docs_pages], limit)
    return files


def _cache_dir(config) -> Path:
    """Prepared notebooks live here, outside both the vault and docs/; one folder per vault."""
    vault = hashlib.sha256(str(state["notes_dir"]).encode()).hexdigest()[:12]
    return Path(config["config_file_path"]).parent / ".cache" / "vaultmark" / vault / "notebooks"


def _prepare_notebook(path: str, config):
    """Render a notebook's markdown cells with the site's Markdown and save it for mkdocs-jupyter."""
    renderer = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    use_directory_urls = config["use_directory_urls"]

    def render(text: str) -> str:
        return rewrite_relative_urls(renderer.reset().convert(text), path, use_directory_urls)

    source = state["notes_dir"] / path
    download = quote(source.name)
    text, problems = read_note(source)
    prepared = prepare_notebook(text or "", path, state["index"], render, download)
    prepared.diagnostics[:0] = problems
    display = f"{state['notes_dir'].name}/{path}"
    for problem in prepared.diagnostics:
        _log(display, problem)
    if prepared.notebook is not None:
        target = _cache_dir(config) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != prepared.dumps():
            target.write_text(prepared.dumps(), encoding="utf-8")
    return prepared


def on_page_read_source(page, config):
    """Return the normalized markdown of notes and hand-written pages alike."""
    if page.file.abs_src_path is None:
        return None  # a generated category page: already plain markdown
    source = Path(page.file.abs_src_path)
    in_vault = source.is_relative_to(state["notes_dir"])
    uri = page.file.src_uri
    text = state["index"].texts.get(uri, "")  # read and reported once, in on_files
    if in_vault:
        result = state["normalized"][uri]
    else:
        result = vaultmark.normalize_note(text, uri, state["index"])
    state["pages"][uri] = result
    for problem in result.diagnostics:
        _warn(page, problem)
    meta = dict(result.meta)
    if in_vault:
        meta.update(state["model"].page_meta(uri))
    meta = escaped_meta(meta)
    if not meta and result.body == text:
        return None
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + result.body


def on_page_markdown(markdown: str, page, config, files) -> str:
    if CATEGORIES_MARKER in markdown:
        markdown = markdown.replace(CATEGORIES_MARKER, categories_markdown(state["model"], page.file.src_uri))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Check that every card found in the markdown reached the page."""
    result = state["pages"].get(page.file.src_uri) or state["notebooks"].get(page.file.src_uri)
    if page.file.src_uri in state["notebooks"]:
        html = without_jupyter_mathjax(html)
        page.toc = get_toc(toc_tokens(html))  # mkdocs-jupyter's misses headings rendered from cells
    if result is not None:
        expected, rendered = result.questions + result.embedded_questions, html.count(CARD_MARKUP)
        if rendered != expected:
            message = f"{expected} questions found but {rendered} cards rendered; check the markup around them"
            _warn(page, vaultmark.Diagnostic(1, message))
    return html


def _warn(page, problem: vaultmark.Diagnostic) -> None:
    """Log as `<vault or docs folder>/<path>:<line>: message`, which fails --strict."""
    in_vault = Path(page.file.abs_src_path).is_relative_to(state["notes_dir"])
    folder = state["notes_dir"].name if in_vault else Path(page.file.src_dir).name
    _log(f"{folder}/{page.file.src_uri}", problem)


def _log(display: str, problem: vaultmark.Diagnostic) -> None:
    state["warnings"] += 1
    log.warning(problem.format(display))


def on_nav(nav, config, files):
    state.update(nav=nav, files=files)


def on_env(env, config, files):
    state["env"] = env


def on_serve(server, config, builder):
    server.watch(str(state["notes_dir"]))
    server.builder = _IncrementalBuilder(server.builder)
    return server


class _IncrementalBuilder:
    """`mkdocs serve` rebuilds: when only the text of some notes changed, re-render just those
    pages (and the search index); anything else (new, removed or renamed files, changed titles,
    tags, headings, config) gets the full build."""

    def __init__(self, full_build) -> None:
        self.full_build = full_build

    def __call__(self) -> None:
        if not self._rebuild_changed_notes():
            self.full_build()

    def _rebuild_changed_notes(self) -> bool:
        started = time.perf_counter()
        config, before = state.get("config"), state.get("snapshot")
        after = _snapshot(config) if config else None
        if before is None or after is None or before.keys() != after.keys():
            return False
        changed = [path for path in after if after[path] != before[path]]
        notes_dir, index = state["notes_dir"], state["index"]
        updates = {}
        for path in changed:
            uri = path.relative_to(notes_dir).as_posix() if path.is_relative_to(notes_dir) else None
            if uri not in state["normalized"]:
                return False  # not a published markdown note: docs, assets, notebooks, config
            text, problems = read_note(path)
            old_text = index.texts[uri]
            if text is None or problems or not same_shape(uri, old_text, text):
                return False
            updates[uri] = text
        for uri, text in updates.items():
            index.texts[uri] = text
            old = state["normalized"][uri]
            state["normalized"][uri] = vaultmark.normalize_note(text, uri, index)
            if state["normalized"][uri].questions != old.questions:
                return False  # counts on category and home pages change: rebuild them all
        files = state["files"]
        for uri in updates:
            page = files.get_file_from_path(uri).page
            _populate_page(page, config, files)
            _build_page(page, config, files.documentation_pages(), state["nav"], state["env"])
            if state["search_plugin"] is not None:
                changed = state["search"].replace_page(state["search_docs"][page.url])
                if changed is None:
                    return False  # its sections changed after all: rebuild the index with the site
                _write_search_files(changed.items(), config)
        state["snapshot"] = after
        log.info("vaultmark: re-rendered %d changed note(s) only, in %.2f s", len(updates), time.perf_counter() - started)
        return True


def _snapshot(config) -> dict[Path, tuple[int, int]]:
    roots = [state["notes_dir"], Path(config["docs_dir"]), Path(config["config_file_path"])]
    return file_snapshot(roots + ([Path(config["theme"].custom_dir)] if config["theme"].custom_dir else []))


def _write_search_files(files, config) -> None:
    search_dir = Path(config["site_dir"]) / "search"
    folders = set()
    for relative, text in files:
        path = search_dir / relative
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8")


@event_priority(50)  # before Material's search plugin indexes the page
def on_page_context(context, page, config, nav):
    """Index the page for search here, faster than Material's parser; `search.exclude` then
    tells Material's plugin to skip it, so its own search_index.json keeps no documents."""
    if state["search_plugin"] is not None:
        title = str(page.meta.get("title", page.title))
        state["search_docs"][page.url] = page_documents(page.content, page.url, title, page.meta)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


@event_priority(50)  # before Material's search plugin writes search/search_index.json
def on_post_build(config):
    state["snapshot"] = _snapshot(config)
    search = state["search_plugin"]
    if search is not None:
        # The sharded index the worker of overrides/main.html reads; Material's own
        # search_index.json (its page script still fetches it) holds only its config.
        shards = ShardedSearchIndex({key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")})
        _write_search_files(shards.build(state["search_docs"].values()), config)
        state["search_docs"].clear()  # an edit during `serve` brings its page's documents anew
        state["search"] = shards
    for path, prepared in state["notebooks"].items():
        if prepared.notebook is not None and state["index"].notes[path].published:
            # Offer the original notebook (not the prepared copy) next to its page.
            page_dir = Path(config["site_dir"]) / (path[: -len(".ipynb")] if config["use_directory_urls"] else Path(path).parent)
            page_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(state["notes_dir"] / path, page_dir / Path(path).name)
    log.info("vaultmark: %s", summary_line(state["model"], state["warnings"]))
