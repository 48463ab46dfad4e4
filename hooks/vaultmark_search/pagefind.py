"""Pagefind over a built site: the search index the browser's worker queries.

Pagefind (a maintained engine, installed from requirements.txt as Python wheels that
carry its binary) reads HTML, stems words in the page's language, splits each page
into results at its headings that have ids, and writes an index the browser loads
chunk by chunk. The page template marks the article of every page that belongs in
search (`data-pagefind-body`, between two comments); only that is indexed, so
navigation, header, footer and table of contents never are.

Pagefind is given a copy of each searchable page that holds that article alone: it
parses every byte of a page to find the marked part, and without Material's header,
navigation and footer the same index is written in about two thirds of the time.

`mkdocs build` hands each copy to Pagefind's service as the page is written
(`StreamedIndex`), so Pagefind reads the pages while MkDocs renders the next ones.
`mkdocs serve` re-indexes after each edit with the CLI, in a workspace kept for the
session (`index_pages`): only a part of the index whose pages changed is indexed
again, the CLI reads pages on both cores, and it rewrites only the fragments and
chunks that changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .service import PagefindService, ServiceError

# The bundle's folder in the built site; overrides/assets/vaultmark-search.js imports
# `pagefind.js` from it.
BUNDLE_DIR = "pagefind"
# The bundle's table of contents: written last, so a browser never sees an index
# whose chunks are not there yet.
ENTRY_FILE = "pagefind-entry.json"
# The bundle's folders whose files are named by a hash of their content.
CONTENT_NAMED = frozenset({"fragment", "index"})
# Pagefind's indexer holds about 250 KB per page while it writes an index (760 MB for
# 3,000 pages), so a site with more searchable pages than the part size gets several
# indexes, "parts", which the browser merges (Pagefind's mergeIndex): part 1 in the
# bundle, part k in bundle/parts/k/. The manifest, written last, lists the other parts
# and each part's entry hash (the worker under `serve` reloads when it changes).
DEFAULT_PART_PAGES = 1000
PARTS_DIR = "parts"
MANIFEST_FILE = "vaultmark-parts.json"

# Text inside the indexed article that is not the note's: the `¶` of a heading's
# permalink and the "Answer" label of every folded answer.
EXCLUDED_SELECTORS = (".headerlink", "details.vm-answer > summary")

# Languages whose words are not separated by spaces: only Pagefind's extended binary
# (one more package) cuts them into words.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "ko"})
EXTENDED_PACKAGE = "pagefind_bin_extended"
EXTENDED_INSTALL = "pip install pagefind_bin_extended==1.5.2"

# The searchable article of a written page, between the comments overrides/main.html
# puts around it.
SEARCHABLE = re.compile(r"<!--vaultmark:search-->(.*?)<!--/vaultmark:search-->", re.DOTALL)


class PagefindError(Exception):
    """Pagefind is missing or failed: the message says what to do."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float


def needs_extended(language: str) -> bool:
    """True when the site's language needs the extended binary and it is not installed."""
    base = language.lower().replace("_", "-").split("-")[0]
    return base in UNSPACED_LANGUAGES and importlib.util.find_spec(EXTENDED_PACKAGE) is None


def executable() -> Path:
    """Pagefind's binary, as its Python package finds it (the extended one first)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise PagefindError("search: Pagefind's binary is not installed; run `pip install -r requirements.txt`")
    return found


def searchable_copy(html: str, language: str) -> str | None:
    """The part of a written page that Pagefind indexes, as a page of its own in the site's
    language; None for a page that is not in search."""
    found = SEARCHABLE.search(html)
    if found is None:
        return None
    return f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>{found.group(1)}</body></html>'


def page_url(path: str) -> str:
    """The URL Pagefind gives the page written at `path` in the site: "a/b/" for a/b/index.html."""
    url = "/" + path
    return url.removesuffix("index.html") if url.endswith("/index.html") else url


def part_bundle(bundle: Path, number: int) -> Path:
    """Where part `number` (from 1) of the index is written."""
    return bundle if number == 1 else bundle / PARTS_DIR / str(number)


def write_manifest(bundle: Path, parts: int) -> None:
    """The index's parts, for the browser: the folders of parts 2 and on, and a version made
    of each part's entry file. Written last, as a whole."""
    versions = []
    for number in range(1, parts + 1):
        entry = (part_bundle(bundle, number) / ENTRY_FILE).read_bytes()
        versions.append(hashlib.sha256(entry).hexdigest()[:12])
    manifest = {"parts": [f"{PARTS_DIR}/{number}/" for number in range(2, parts + 1)], "version": "-".join(versions)}
    replace_file(bundle / MANIFEST_FILE, json.dumps(manifest).encode("utf-8"))


class StreamedIndex:
    """An index built while the site is being written: each page's copy goes to Pagefind's
    service as soon as the page is, and the index is written once the last one is in.
    A full part is written in the background while the next part's pages come in."""

    def __init__(self, bundle: Path, part_pages: int = DEFAULT_PART_PAGES) -> None:
        self._bundle = bundle
        self._part_pages = part_pages
        self._parts = 1
        self._in_part = 0
        self._pages = 0
        self._writers: list[threading.Thread] = []
        self._errors: list[str] = []
        self._service = self._start()
        self._closed = False

    def add(self, path: str, copy: str) -> None:
        if self._in_part == self._part_pages:
            self._write_in_background()
            self._service = self._start()
            self._parts += 1
            self._in_part = 0
        try:
            self._service.add(page_url(path), copy)
        except ServiceError as error:
            raise PagefindError(f"search: Pagefind stopped: {error}") from None
        self._in_part += 1
        self._pages += 1

    def close(self) -> None:
        """No more pages: the last part is written in the background, while the build does
        what is left of it (the study files, the Anki decks)."""
        if not self._closed:
            self._closed = True
            self._write_in_background()

    def write(self) -> IndexReport:
        """Write the index (the last part, then the manifest); the report's seconds are the
        time the build waits for it after it is closed."""
        started = time.perf_counter()
        self.close()
        for writer in self._writers:
            writer.join()
        if self._errors:
            raise PagefindError(f"search: Pagefind failed: {self._errors[0]}")
        write_manifest(self._bundle, self._parts)
        return IndexReport(pages=self._pages, seconds=time.perf_counter() - started)

    @staticmethod
    def _start() -> PagefindService:
        try:
            return PagefindService(executable(), EXCLUDED_SELECTORS)
        except (OSError, ServiceError) as error:
            raise PagefindError(
                f"search: Pagefind could not run ({error}); run `pip install -r requirements.txt`"
            ) from None

    def _write_in_background(self) -> None:
        writer = threading.Thread(target=self._write_part, args=(self._service, self._parts), daemon=True)
        writer.start()
        self._writers.append(writer)

    def _write_part(self, service: PagefindService, number: int) -> None:
        try:
            publish_files(service.files(), part_bundle(self._bundle, number))
        except ServiceError as error:
            self._errors.append(str(error))
        finally:
            service.close()


def index_pages(
    pages: Mapping[str, str], bundle: Path, workspace: Path, part_pages: int = DEFAULT_PART_PAGES
) -> IndexReport:
    """Index `pages` (each page's path in the site, and its searchable copy, in the order the
    site wrote them) into `bundle`, the site's pagefind/ folder, with the CLI.

    Each part's copies and index are written in `workspace`, a folder kept from one call to
    the next, and the index is then copied in, its entry file last: a browser reading the
    site meanwhile keeps a whole index. A part whose pages did not change since the last
    call is left as it is. Pagefind names its fragments and index chunks by their content
    and does not rewrite one that is already there, so after an edit only the changed ones
    are written and copied."""
    started = time.perf_counter()
    listed = list(pages.items())
    parts = max(1, -(-len(listed) // part_pages))
    for number in range(1, parts + 1):
        part = dict(listed[(number - 1) * part_pages : number * part_pages])
        folder, published = workspace / f"part-{number}", part_bundle(bundle, number)
        digest = hashlib.sha256(json.dumps(part).encode("utf-8")).hexdigest()
        if (published / ENTRY_FILE).is_file() and read_text(folder / "pages.sha256") == digest:
            continue
        write_copies(part, folder / "pages")
        run_pagefind(folder / "pages", folder / "index")
        publish(folder / "index", published)
        (folder / "pages.sha256").write_text(digest, encoding="utf-8")
    write_manifest(bundle, parts)
    return IndexReport(pages=len(listed), seconds=time.perf_counter() - started)


def read_text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def write_copies(pages: Mapping[str, str], folder: Path) -> None:
    """The copies as files under `folder`, and no other page: one left from a note since
    deleted would be indexed."""
    for stale in [path for path in folder.rglob("*.html") if path.relative_to(folder).as_posix() not in pages]:
        stale.unlink()
    for path, text in pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def run_pagefind(site: Path, output: Path) -> None:
    """Run the CLI over the pages under `site`, writing the index into `output`."""
    site.mkdir(parents=True, exist_ok=True)
    command = [str(executable()), "--site", str(site), "--output-path", str(output)]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"})
    except OSError as error:
        raise PagefindError(
            f"search: Pagefind could not run ({error}); run `pip install -r requirements.txt`"
        ) from None
    if done.returncode != 0:
        output_text = (done.stdout + done.stderr).strip().splitlines()
        raise PagefindError(f"search: Pagefind failed: {' / '.join(output_text[-3:])}")


def publish(staging: Path, bundle: Path) -> None:
    """Copy an index the CLI wrote in `staging` over the published one; only what is not
    published yet is read."""
    files = {}
    for path in sorted(staging.rglob("*")):
        name = path.relative_to(staging).as_posix()
        if path.is_file() and not already_published(bundle, name):
            files[name] = path.read_bytes()
    publish_files(files, bundle)


def publish_files(files: Mapping[str, bytes], bundle: Path) -> None:
    """Write an index's files over the published index, the entry file last and as a
    whole: a browser reading the site meanwhile keeps a whole index."""
    bundle.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if name == ENTRY_FILE or already_published(bundle, name):
            continue
        target = bundle / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    replace_file(bundle / ENTRY_FILE, files[ENTRY_FILE])


def already_published(bundle: Path, name: str) -> bool:
    """A fragment or index chunk is named by its content: one already published with
    that name is the same file."""
    target = bundle / name
    return target.parent.name in CONTENT_NAMED and target.exists()


def replace_file(path: Path, content: bytes) -> None:
    """Write `path` as a whole: a reader sees the old file or the new one."""
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
        temporary.write(content)
    os.chmod(temporary.name, 0o644)  # a temporary file is private; a site's files are not
    os.replace(temporary.name, path)
