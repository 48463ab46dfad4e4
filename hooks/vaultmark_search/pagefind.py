"""Pagefind over a built site: the search index the browser's worker queries.

Pagefind (a maintained engine, installed from requirements.txt as Python wheels that
carry its binary) reads the built HTML, stems words in the page's language, splits
each page into results at its headings that have ids, and writes an index the browser
loads chunk by chunk. Only elements marked `data-pagefind-body` are indexed: the page
template marks the article of every page that belongs in search, so navigation,
header, footer and table of contents never are.

The CLI is run once over the whole site, not page by page: the wheel's Python API
reads one answer from the binary per 0.1 s, a minute and a half for 1,000 pages.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The bundle's folder in the built site; overrides/assets/vaultmark-search.js imports
# `pagefind.js` from it.
BUNDLE_DIR = "pagefind"
# The bundle's table of contents: written last, so a browser never sees an index
# whose chunks are not there yet.
ENTRY_FILE = "pagefind-entry.json"

# Text inside the indexed article that is not the note's: the `¶` of a heading's
# permalink and the "Answer" label of every folded answer.
EXCLUDED_SELECTORS = (".headerlink", "details.vm-answer > summary")

# Languages whose words are not separated by spaces: only Pagefind's extended binary
# (one more package) cuts them into words.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "ko"})
EXTENDED_PACKAGE = "pagefind_bin_extended"
EXTENDED_INSTALL = "pip install pagefind_bin_extended==1.5.2"

# "  Indexed 1019 pages" in the CLI's summary.
INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")


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


def index_site(site_dir: Path, staging: Path | None = None) -> IndexReport:
    """Index the built site into `site_dir/pagefind`.

    With `staging`, the index is written there first and then copied in, its entry file
    last: a browser reading the site meanwhile (`mkdocs serve`) keeps a whole index."""
    started = time.perf_counter()
    output = staging if staging is not None else site_dir / BUNDLE_DIR
    command = [str(executable()), "--site", str(site_dir), "--output-path", str(output)]
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
    if staging is not None:
        publish(staging, site_dir / BUNDLE_DIR)
    found = INDEXED_PAGES.search(done.stdout)
    return IndexReport(pages=int(found.group(1)) if found else 0, seconds=time.perf_counter() - started)


def publish(staging: Path, bundle: Path) -> None:
    """Copy a freshly written bundle over the published one, the entry file last."""
    bundle.mkdir(parents=True, exist_ok=True)
    for path in sorted(staging.rglob("*")):
        if path.is_file() and path.name != ENTRY_FILE:
            target = bundle / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    with tempfile.NamedTemporaryFile(dir=bundle, delete=False) as temporary:
        temporary.write((staging / ENTRY_FILE).read_bytes())
    os.replace(temporary.name, bundle / ENTRY_FILE)
