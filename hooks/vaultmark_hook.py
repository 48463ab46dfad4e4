"""MkDocs glue for the vaultmark normalizer: events only, no syntax knowledge here.

Adds the vault's notes and attachments as virtual site files, builds the
category navigation, feeds every page through `vaultmark.normalize_note`
and reports its diagnostics as `notes/<path>:<line>: message` warnings, so
`mkdocs build --strict` fails on them. Nothing is ever written to the vault
or to `docs/`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import mathjax
import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

import vaultmark
from vaultmark.site import CATEGORIES_MARKER, SiteModel, categories_markdown

log = logging.getLogger("mkdocs.hooks.vaultmark")

MATHJAX_ROOT = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
MATHJAX_PARTS = ("tex-chtml.js", "input/", "output/chtml/", "ui/", "a11y/", "sre/", "adaptors/")
MATHJAX_DEST = "assets/mathjax"

state: dict[str, object] = {}


def _notes_dir(config) -> Path:
    configured = Path(config["extra"].get("notes_dir") or "notes")
    base = Path(config["config_file_path"]).parent
    return configured if configured.is_absolute() else (base / configured).resolve()


def on_config(config):
    state.clear()
    state["notes_dir"] = _notes_dir(config)
    state["warnings"] = 0
    if not state["notes_dir"].is_dir():
        log.warning("notes folder %s does not exist; set extra.notes_dir in mkdocs.yml (or NOTES_DIR)", state["notes_dir"])


@event_priority(100)  # before mkdocs-jupyter wraps .ipynb files into notebook pages
def on_files(files: Files, config) -> Files:
    notes_dir: Path = state["notes_dir"]
    index = vaultmark.VaultIndex.from_directory(notes_dir) if notes_dir.is_dir() else vaultmark.VaultIndex()
    model = SiteModel.build(index)
    state["index"], state["model"] = index, model
    for path in model.published_files:
        if files.get_file_from_path(path) is not None:
            log.warning("notes/%s: a file with the same path exists in docs/; rename one of them", path)
            continue
        files.append(File(path, str(notes_dir), config["site_dir"], config["use_directory_urls"]))
    for part in MATHJAX_PARTS:
        for source in sorted(MATHJAX_ROOT.glob(part + "**/*" if part.endswith("/") else part)):
            if source.is_file():
                relative = source.relative_to(MATHJAX_ROOT).as_posix()
                file = File(relative, str(MATHJAX_ROOT), config["site_dir"], config["use_directory_urls"])
                file.dest_uri = f"{MATHJAX_DEST}/{relative}"
                file.inclusion = InclusionLevel.NOT_IN_NAV
                files.append(file)
    for category in model.categories.values():
        files.append(File.generated(config, category.page, content=model.category_page_markdown(category)))
    docs_pages = [file for file in files.documentation_pages() if file.src_dir == config["docs_dir"]]
    for file in docs_pages:
        # Hand-written pages can be wikilinked too, and use wikilinks themselves.
        index.add(file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
    if not config["nav"]:
        config["nav"] = model.nav([file.src_uri for file in docs_pages])
    return files


def _report(display: str, diagnostics) -> None:
    for problem in diagnostics:
        state["warnings"] += 1
        log.warning(problem.format(display))


def on_page_read_source(page, config):
    """Return the normalized markdown of notes and hand-written pages alike."""
    if page.file.abs_src_path is None:
        return None  # a generated category page: already plain markdown
    notes_dir: Path = state["notes_dir"]
    source = Path(page.file.abs_src_path)
    text = source.read_text(encoding="utf-8-sig")
    in_vault = source.is_relative_to(notes_dir)
    result = vaultmark.normalize_note(text, page.file.src_uri, state["index"], page=page.file.src_uri)
    display = f"{notes_dir.name}/{page.file.src_uri}" if in_vault else f"{config['docs_dir'].rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
    _report(display, result.diagnostics)
    meta = dict(result.meta)
    if in_vault:
        meta.update(state["model"].page_meta(page.file.src_uri))
    if not meta and result.body == text:
        return None
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + result.body


def on_page_markdown(markdown: str, page, config, files) -> str:
    if CATEGORIES_MARKER in markdown:
        markdown = markdown.replace(CATEGORIES_MARKER, categories_markdown(state["model"], page.file.src_uri))
    return markdown


def on_serve(server, config, builder):
    server.watch(str(state["notes_dir"]))
    return server


def on_post_build(config):
    model: SiteModel = state["model"]
    log.info(
        "vaultmark: %d notes in %d categories, %d attachments, %d note warnings",
        model.note_count, len(model.categories), len(model.attachments), state["warnings"],
    )
