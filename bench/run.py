"""Performance benchmark: the whole site (every feature on) against plain Material.

    python bench/run.py --sizes 1000 10000 --repeat 3 --json bench/results.json
    python bench/run.py --quick            # 100 and 300 notes, one repetition

For each vault mix (bench/generate.py: `standard` and `atomic`, seeded) and size, a vault is
generated, then, alternating ours / baseline on every repetition:

* ours: a strict build of the project's mkdocs.yml with NOTES_DIR=<vault> (search, study
  data, Anki decks, backlinks and graph all on, as mkdocs.yml has them), run by
  bench/phases.py: the steps of `mkdocs build --strict --verbose`, in its process, with a
  timer per phase, so every build also says where its time went;
* baseline: the vault exported by `python -m vaultmark export` and built by plain
  Material (same theme settings and markdown_extensions, plugins: search only, no
  hook, no nav: Material lists every page in every page's navigation), for vaults up to
  `--baseline-up-to` notes (its time grows with the square of the vault).

Each measured build runs in its own small wrapper process that reports wall time,
CPU time and its children's peak RSS (getrusage(RUSAGE_CHILDREN): the largest process
of the build, MkDocs or a Pagefind process). Then, once per vault: `mkdocs serve` on a
copy of the vault, where a question linking another note is appended to a note and timed
until the note, the linked note's "Linked from" and the question counts of its category
page and the home page are all served updated, then nav and search are checked; and in
Chromium how soon search answers (bench/search_timing.py).

Run it with the interpreter that has the site's requirements (for example
`.venv/bin/python bench/run.py ...`); `--python` picks another one for the builds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO / "tests")]

import generate  # noqa: E402  (bench/generate.py)
from search_timing import measure_search  # noqa: E402  (bench/search_timing.py)

import support  # noqa: E402  (tests/support.py: building, fetching and serving, shared with the tests)

# Runs one command, its output into a log file, and prints what it cost as JSON.
# A fresh wrapper per build: RUSAGE_CHILDREN then covers exactly that one build.
MEASURE = r"""
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as log:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": code, "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "maxrss_mb": usage.ru_maxrss / 1024}))
"""


# Pages that list the whole vault by design: home, category pages, tags page (and 404).
INDEX_LIKE = re.compile(r"^(index\.html|404\.html|tags/index\.html|categories/.*)$")
PRIMARY_NAV = '<nav class="md-nav md-nav--primary"'
NAV_TAG = re.compile(r"<(/?)nav\b")
NAV_HREF = re.compile(r'<a href="([^"]*)"[^>]*class="md-nav__link')
# A page's "Linked from" section, and the first question count on a page ("12 notes, 340 questions").
BACKLINKS = re.compile(r'<aside[^>]*class="vm-backlinks".*?</aside>', re.S)
COUNT = re.compile(r"\bnotes?, ([\d,]+) questions?")
DOC_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
# The hook's debug line (our builds run with --verbose): how long the build waited for the
# search index after its last page (Pagefind reads the pages while they are written).
SEARCH_WAIT = re.compile(r"search indexed (\d+) pages; the build waited ([\d.]+) s")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def mkdocs_env(notes_dir: Path | None = None) -> dict[str, str]:
    return support.mkdocs_env(notes_dir, SITE_URL="", REPO_URL="", PYTHONDONTWRITEBYTECODE="1")


def measured(python: str, command: list[str], log_file: Path, cwd: Path, env: dict[str, str]) -> dict:
    """Run `command` in its own wrapper process; wall, CPU and peak RSS of that one build."""
    wrapper = subprocess.run(
        [python, "-c", MEASURE, str(log_file), *command], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(wrapper.stdout.strip().splitlines()[-1])
    output = log_file.read_text(encoding="utf-8", errors="replace")
    result["warnings"] = sum(1 for line in output.splitlines() if line.startswith("WARNING"))
    found = DOC_BUILT.search(output)
    result["mkdocs_reported_s"] = float(found.group(1)) if found else None
    waited = SEARCH_WAIT.search(output)
    result["search_wait_s"] = float(waited.group(2)) if waited else None
    return result


# --- baseline configuration ------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: `!ENV` and `!!python/...` become plain data."""


_TolerantLoader.add_constructor(
    "!ENV",
    lambda loader, node: (
        "!ENV",
        loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node),
    ),
)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: (
        "python/" + suffix,
        loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else None,
    ),
)


def _top_level_blocks(text: str) -> dict[str, str]:
    """Each top-level key of a YAML file with its block, verbatim (tags and comments kept)."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        key = re.match(r"^([A-Za-z_][\w-]*):", line)
        if key:
            current = key.group(1)
            blocks[current] = []
        if current is not None:
            blocks[current].append(line)
    return {key: "\n".join(lines).rstrip() + "\n" for key, lines in blocks.items()}


def baseline_config(docs_dir: Path) -> str:
    """Plain Material: the project's theme settings (minus its overrides folder) and markdown_extensions,
    search only, no hook, no extra assets, no nav."""
    project = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    blocks = _top_level_blocks(project)
    theme = "\n".join(line for line in blocks["theme"].splitlines() if not re.match(r"^\s+custom_dir:", line)) + "\n"
    config = (
        "site_name: vaultbench baseline\n"
        f"docs_dir: {json.dumps(str(docs_dir))}\n" + theme + "plugins:\n  - search\n" + blocks["markdown_extensions"]
    )
    ours, theirs = yaml.load(project, _TolerantLoader), yaml.load(config, _TolerantLoader)
    assert theirs["markdown_extensions"] == ours["markdown_extensions"], "baseline markdown_extensions differ"
    assert theirs["theme"]["features"] == ours["theme"]["features"] and theirs["theme"]["font"] is False
    assert "navigation.instant" in theirs["theme"]["features"]
    return config


# --- site metrics ---------------------------------------------------------------------


def _nav_bytes(page: str) -> int:
    """Size of the primary navigation of one page (the part that lists the vault)."""
    start = page.find(PRIMARY_NAV)
    if start < 0:
        return 0
    depth = 0
    for tag in NAV_TAG.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page.index(">", tag.end()) + 1 - start
    return len(page) - start


def search_locations(site: Path) -> set[str]:
    """Pages a built site's search lists: Pagefind's when it has an index (this site),
    else Material's own index (the baseline)."""
    if (site / "pagefind").is_dir():
        return {quote(record["url"].lstrip("/")) for record in support.pagefind_records(site)}
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {doc["location"] for doc in docs if "#" not in doc["location"]}


def search_sizes(site: Path) -> dict:
    """All search files: Pagefind's bundle, or Material's index."""
    folder = site / "pagefind" if (site / "pagefind").is_dir() else site / "search"
    total = sum(file.stat().st_size for file in folder.rglob("*") if file.is_file())
    return {"search_index_mb": total / 1024 / 1024}


def site_metrics(site: Path) -> dict:
    pages = []
    total = 0
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        size = file.stat().st_size
        total += size
        if file.suffix == ".html":
            relative = file.relative_to(site).as_posix()
            text = file.read_text(encoding="utf-8", errors="replace")
            pages.append((relative, size, _nav_bytes(text)))
    content = [page for page in pages if not INDEX_LIKE.match(page[0])]
    largest = max(pages, key=lambda page: page[1])
    largest_content = max(content, key=lambda page: page[1]) if content else ("", 0, 0)
    return search_sizes(site) | {
        "pages": len(pages),
        "avg_page_kb": sum(page[1] for page in pages) / len(pages) / 1024,
        "largest_page_kb": largest[1] / 1024,
        "largest_page": largest[0],
        "largest_content_page_kb": largest_content[1] / 1024,
        "largest_content_page": largest_content[0],
        "largest_content_page_nav_kb": largest_content[2] / 1024,
        "avg_nav_kb": sum(page[2] for page in pages) / len(pages) / 1024,
        "nav_share": sum(page[2] for page in pages) / max(1, sum(page[1] for page in pages)),
        "site_mb": total / 1024 / 1024,
        "search_pages": len(search_locations(site)),
    }


def note_page_metrics(site: Path, vault: Path) -> dict:
    """Sizes of the pages made from the vault's notes (not the pages listing them)."""
    sizes = sorted(
        (site / path.relative_to(vault).with_suffix("") / "index.html").stat().st_size / 1024
        for path in vault.rglob("*.md")
    )
    return {"median_note_page_kb": statistics.median(sizes), "largest_note_page_kb": sizes[-1]}


def median_phases(runs: list[dict]) -> dict:
    """Each phase's median over the builds (bench/phases.py timed each)."""
    names = list(runs[0]["phases_s"])
    return {
        "total_s": median([run["total_s"] for run in runs]),
        "phases_s": {name: median([run["phases_s"][name] for run in runs]) for name in names},
    }


# --- serve ----------------------------------------------------------------------------


def page_url(note: str) -> str:
    """URL path of a note's page (use_directory_urls)."""
    return quote(note[: -len(".md")]) + "/"


def measure_serve(python: str, vault: Path, work: Path, edit: ServeEdit, expected: set[str], edits: int) -> dict:
    """Start `mkdocs serve` on a copy of the vault, then edit one note `edits` times: each edit
    adds a question whose answer links another note, and is timed until every page it changes
    is served right (the note, the linked note's "Linked from", the counts on its category page
    and on the home page); then nav and search are checked."""
    copy = work / "serve-vault"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy)
    log_path = work / "serve.log"
    result: dict = {"note": edit.note, "edits": []}
    started = time.perf_counter()
    with (
        support.mkdocs_serve(copy, log_path, python=python, ready=page_url(edit.note)) as server,
        support.pagefind_searcher(server.base) as search,
    ):
        result["startup_s"] = time.perf_counter() - started
        timeout = max(60.0, len(expected) * 0.3)
        # The first index is written in the background after the first build: edits wait for it.
        support.wait_until(lambda: _answers(search, "the"), timeout, "the first search index")
        result["search_ready_s"] = time.perf_counter() - started
        for number in range(1, edits + 1):
            result["edits"].append(_edit_and_wait(copy, server.base, edit, search, expected, timeout))
            # The next edit waits until this one's build has reloaded the browsers: the watcher is idle again.
            support.wait_until(
                lambda n=number: server.log_text().count("Reloading browsers") >= n, timeout, "the reload"
            )
        result["partial_rebuilds"] = server.log_text().count("page(s) only")
    result["edit_s"] = [edit["edit_s"] for edit in result["edits"]]
    result["correct"] = all(edit["correct"] for edit in result["edits"])
    result["index_complete"] = all(edit["index_complete"] for edit in result["edits"])
    result["search_after_edit_s"] = [edit.get("index_after_s") for edit in result["edits"]]
    return result


@dataclass(frozen=True)
class ServeEdit:
    """Which note the serve benchmark edits, which note its new answer links, and the pages
    that show its counts."""

    note: str  # vault path of a note with `Q:` cards
    target: str  # vault path of the note linked
    category_page: str  # URL path of the note's category page


def serve_edit(vault: Path, site: Path) -> ServeEdit:
    """The middle note (by path) of those written with `Q:` lines, and the note after it."""
    notes = sorted(path.relative_to(vault).as_posix() for path in vault.rglob("*.md"))
    with_cards = [note for note in notes if re.search(r"(?m)^Q: ", (vault / note).read_text(encoding="utf-8"))]
    note = with_cards[len(with_cards) // 2]
    target = notes[(notes.index(note) + 1) % len(notes)]
    # Its line on its category's page: the link, then its count (other pages may link it in passing).
    listed = re.compile(re.escape(f'href="../../{page_url(note)}">') + r"[^<]*</a> — \d+ question")
    for page in sorted((site / "categories").glob("*/index.html")):
        if listed.search(page.read_text(encoding="utf-8")):
            return ServeEdit(note, target, page.parent.relative_to(site).as_posix() + "/")
    raise RuntimeError(f"no category page links {note}")


def _answers(search, query: str) -> list[dict] | None:
    """Search's results, or None while the served site has no index yet."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return search(query) or None
    except PlaywrightError:  # its module failed to load: no index yet
        return None


def _questions(html: str) -> int | None:
    """The first question count on a page (a category's or the vault's total)."""
    found = COUNT.search(html)
    return int(found.group(1).replace(",", "")) if found else None


def _edit_and_wait(vault: Path, base: str, edit: ServeEdit, search, expected: set[str], timeout: float) -> dict:
    marker = f"vbmarker{uuid.uuid4().hex}"
    manifest_url = base + "pagefind/vaultmark-parts.json"  # its version changes with any part of the index
    manifest_before = support.fetch(manifest_url, timeout=5)[1]
    note_url, target_url = base + page_url(edit.note), base + page_url(edit.target)
    counted = {base: None, base + edit.category_page: None}
    counted = {url: _questions(support.fetch(url, timeout=5)[1].decode()) for url in counted}
    navs_before = {url: _nav_of(support.fetch(url, timeout=5)[1].decode()) for url in (note_url, target_url)}
    with open(vault / edit.note, "a", encoding="utf-8") as handle:
        handle.write(f"\nQ: What does {marker} test?\nA: The benchmark's edit, see [[{edit.target[: -len('.md')]}]].\n")
    written = time.perf_counter()
    polls = 0
    pages: dict[str, str] = {}

    def served_right() -> bool:
        for url in (note_url, target_url, *counted):
            status, body = support.fetch(url, timeout=5)
            pages[url] = body.decode("utf-8", errors="replace") if status == 200 else ""
        backlinks = BACKLINKS.search(pages[target_url])
        return (
            marker in pages[note_url]
            and backlinks is not None
            and marker in backlinks.group(0)
            and all(_questions(pages[url]) == (before or 0) + 1 for url, before in counted.items())
        )

    while not served_right():
        polls += 1
        if time.perf_counter() - written > timeout:
            return {"edit_s": None, "polls": polls, "correct": False, "index_complete": False, "error": "not served"}
        time.sleep(0.05)
    edit_s = time.perf_counter() - written
    navs_after = {url: _nav_of(pages[url]) for url in navs_before}
    # Search is re-indexed in the background after the page: watch the index's manifest (as
    # the worker does under `serve`), then query the new index for the marker.
    index_deadline = time.perf_counter() + max(10.0, edit_s * 4)
    found: list[dict] = []
    index_after_s = None
    while not found and time.perf_counter() < index_deadline:
        status, body = support.fetch(manifest_url, timeout=5)
        if status == 200 and body != manifest_before:
            found = _answers(search, marker) or []
            index_after_s = time.perf_counter() - written
        time.sleep(0.1)
    served = {quote(result["url"].lstrip("/")) for result in found}
    return {
        "edit_s": edit_s,
        "polls": polls,
        "nav_unchanged": navs_after == navs_before,
        "index_has_edit": bool(found),
        "index_complete": bool(found) and served <= expected,
        "correct": navs_after == navs_before and bool(found) and served <= expected,
        "index_after_s": index_after_s,
    }


def _nav_of(page: str) -> list[str]:
    """The pages the primary navigation of a page links, as served (not the links into the
    page itself: Material puts the page's table of contents in its nav, and the edit adds a card)."""
    start = page.find(PRIMARY_NAV)
    nav = page[start : start + _nav_bytes(page)] if start >= 0 else ""
    return [href for href in NAV_HREF.findall(nav) if not href.startswith("#")]


# --- one size -------------------------------------------------------------------------


def common_words(site: Path) -> tuple[str, str]:
    """Two frequent words of the site's text (its first 50 indexed pages), for timing search."""
    counts: Counter[str] = Counter()
    for record in support.pagefind_records(site)[:50]:
        counts.update(re.findall(r"\b[a-z]{7,}\b", record["content"].lower()))
    first, second = [word for word, _ in counts.most_common(2)]
    return first, second


def median(values: list) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def bench_vault(mix: str, size: int, args: argparse.Namespace, work: Path, progress=lambda partial: None) -> dict:
    """Everything measured for one vault; `progress` gets the raw runs after each measurement."""
    python = args.python
    name = f"{mix}/{size}"
    folder = work / f"{mix}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    vault = folder / "vault"
    summary = generate.generate(size, args.seed, vault, mix=mix)
    log(f"[{name}] vault: {summary['notes']} notes, {summary['bytes'] / 1e6:.1f} MB")
    with_baseline = size <= args.baseline_up_to

    exported = folder / "export"
    started = time.perf_counter()
    export = subprocess.run(
        [python, "-m", "vaultmark", "export", str(vault), str(exported)],
        env=mkdocs_env() | {"PYTHONPATH": str(REPO / "hooks")},
        capture_output=True,
        text=True,
    )
    export_s = time.perf_counter() - started
    problems = [line for line in export.stderr.splitlines() if line.strip()]
    log(f"[{name}] export: {export_s:.2f} s, {len(problems)} problems")
    config = folder / "baseline-mkdocs.yml"
    config.write_text(baseline_config(exported), encoding="utf-8")

    ours_site, base_site = folder / "site-ours", folder / "site-baseline"
    runs: dict[str, list] = {"ours": [], "baseline": []}
    progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
    for repetition in range(args.repeat):
        shutil.rmtree(ours_site, ignore_errors=True)
        phases_file = folder / f"phases-{repetition}.json"
        ours = measured(
            python,
            [python, str(BENCH / "phases.py"), str(vault), str(ours_site), "--json", str(phases_file)],
            folder / f"ours-{repetition}.log",
            REPO,
            mkdocs_env(vault),
        )
        if ours["returncode"] == 0:
            ours["phases"] = json.loads(phases_file.read_text(encoding="utf-8"))
        runs["ours"].append(ours)
        progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
        log(
            f"[{name}] #{repetition + 1} ours:     {ours['wall_s']:.2f} s, {ours['maxrss_mb']:.0f} MB, rc {ours['returncode']}, "
            f"{ours['warnings']} warnings, waited {ours['search_wait_s']} s for the search index"
        )
        if not with_baseline:
            log(f"[{name}] no baseline above {args.baseline_up_to} notes (plain Material's nav: quadratic)")
        else:
            shutil.rmtree(base_site, ignore_errors=True)
            base = measured(
                python,
                [python, "-m", "mkdocs", "build", "-f", str(config), "-d", str(base_site)],
                folder / f"baseline-{repetition}.log",
                folder,
                mkdocs_env(),
            )
            runs["baseline"].append(base)
            progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
            log(
                f"[{name}] #{repetition + 1} baseline: {base['wall_s']:.2f} s, {base['maxrss_mb']:.0f} MB, "
                f"rc {base['returncode']}, {base['warnings']} warnings"
            )
    phases = median_phases([run["phases"] for run in runs["ours"] if "phases" in run])
    log(f"[{name}] phases: " + ", ".join(f"{key} {value:.2f} s" for key, value in phases["phases_s"].items()))
    site = site_metrics(ours_site) | note_page_metrics(ours_site, vault)
    baseline_site = site_metrics(base_site) if with_baseline else None
    expected = search_locations(ours_site)
    serve = None
    if args.serve_edits > 0:
        try:
            serve = measure_serve(python, vault, folder, serve_edit(vault, ours_site), expected, args.serve_edits)
            log(
                f"[{name}] serve: startup {serve['startup_s']:.1f} s, edit {serve['edit_s']}, "
                f"search finds the edit after {serve['search_after_edit_s']} s, correct {serve['correct']}, "
                f"{serve['partial_rebuilds']} partial rebuilds"
            )
        except RuntimeError as error:
            serve = {"error": str(error), "edit_s": [], "index_complete": False, "correct": False}
            log(f"[{name}] serve failed: {error}")

    search = None
    if args.search:
        words = common_words(ours_site)
        search = measure_search(ours_site, *words)
        log(
            f"[{name}] search: ready {search['ready_s']:.2f} s, results {search['results_ms']:.0f} ms, "
            f"{search['bytes_before_first_query'] / 1024:.0f} KB before the first query, "
            f"{search['bytes_per_typed_word'] / 1024:.0f} KB per typed word"
        )

    ours_wall = [run["wall_s"] for run in runs["ours"]]
    search_wait = median([run["search_wait_s"] for run in runs["ours"]])
    base_wall = [run["wall_s"] for run in runs["baseline"]]
    medians = {
        "ours_build_s": median(ours_wall),
        "baseline_build_s": median(base_wall),
        "ratio": median(ours_wall) / median(base_wall) if base_wall else None,
        "ms_per_note": median(ours_wall) / size * 1000,
        "ours_cpu_s": median([run["cpu_s"] for run in runs["ours"]]),
        "baseline_cpu_s": median([run["cpu_s"] for run in runs["baseline"]]),
        "ours_rss_mb": median([run["maxrss_mb"] for run in runs["ours"]]),
        "baseline_rss_mb": median([run["maxrss_mb"] for run in runs["baseline"]]),
        "serve_edit_s": median(serve["edit_s"]) if serve else None,
        "index_complete": serve["index_complete"] if serve else None,
        "serve_correct": serve["correct"] if serve else None,
        "serve_search_s": median(serve["search_after_edit_s"]) if serve else None,
        "search_ready_s": search["ready_s"] if search else None,
        "search_results_ms": search["results_ms"] if search else None,
        "search_load_kb": search["bytes_before_first_query"] / 1024 if search else None,
        "search_word_kb": search["bytes_per_typed_word"] / 1024 if search else None,
        "search_wait_s": search_wait,
        "search_index_share": search_wait / median(ours_wall) if search_wait is not None else None,
    } | {
        key: site[key]
        for key in (
            "avg_page_kb",
            "largest_page_kb",
            "largest_content_page_kb",
            "median_note_page_kb",
            "largest_note_page_kb",
            "site_mb",
            "search_index_mb",
        )
    }
    if not args.keep:
        for path in (vault, exported, ours_site, base_site, folder / "serve-vault"):
            shutil.rmtree(path, ignore_errors=True)
    return {
        "notes": size,
        "mix": mix,
        "vault": summary,
        "export": {"seconds": export_s, "returncode": export.returncode, "problems": problems[:20]},
        "runs": runs,
        "site": site,
        "baseline_site": baseline_site,
        "serve": serve,
        "search": search,
        "phases": phases,
        "median": medians,
    }


# --- report ---------------------------------------------------------------------------

COLUMNS = [
    ("vault", "{}", lambda key, m: key),
    ("ours s", "{:.2f}", lambda key, m: m["ours_build_s"]),
    ("base s", "{:.2f}", lambda key, m: m["baseline_build_s"]),
    ("ratio", "{:.2f}", lambda key, m: m["ratio"]),
    ("ms/note", "{:.1f}", lambda key, m: m["ms_per_note"]),
    ("RSS MB", "{:.0f}", lambda key, m: m["ours_rss_mb"]),
    ("base RSS MB", "{:.0f}", lambda key, m: m["baseline_rss_mb"]),
    ("note KB med/max", "{}", lambda key, m: f"{m['median_note_page_kb']:.1f}/{m['largest_note_page_kb']:.1f}"),
    ("site MB", "{:.1f}", lambda key, m: m["site_mb"]),
    ("serve edit s", "{:.2f}", lambda key, m: m["serve_edit_s"]),
    ("serve ok", "{}", lambda key, m: {True: "yes", False: "no", None: None}[m["serve_correct"]]),
    ("serve search s", "{:.2f}", lambda key, m: m.get("serve_search_s")),
    ("search ready s", "{:.2f}", lambda key, m: m.get("search_ready_s")),
    ("results ms", "{:.0f}", lambda key, m: m.get("search_results_ms")),
    ("index share", "{:.0%}", lambda key, m: m.get("search_index_share")),
]


def table(results: dict[str, dict]) -> str:
    rows = [[name for name, _, _ in COLUMNS]]
    for key, result in results.items():
        row = []
        for _, fmt, get in COLUMNS:
            value = get(key, result["median"])
            row.append("-" if value is None else fmt.format(value))
        rows.append(row)
    return _aligned(rows)


def phase_table(results: dict[str, dict]) -> str:
    """Seconds per phase of the one timed build of each vault, with its share."""
    names = list(next(iter(results.values()))["phases"]["phases_s"])
    rows = [["vault", *names, "total"]]
    for key, result in results.items():
        phases, total = result["phases"]["phases_s"], result["phases"]["total_s"]
        rows.append([key, *(f"{phases[name]:.2f} ({phases[name] / total:.0%})" for name in names), f"{total:.2f}"])
    return _aligned(rows)


def _aligned(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def print_report(results: dict[str, dict]) -> None:
    ordered = dict(sorted(results.items(), key=lambda item: (item[1]["notes"], item[0])))
    print("\nMedians of each vault's builds (ratio = ours / baseline build time):\n")
    print(table(ordered))
    print("\nWhere one build's time goes (seconds, share of that build; medians):\n")
    print(phase_table(ordered))
    print("\nGoals:")
    for found in goals(results):
        value = "-" if found["value"] is None else f"{found['value']:.3g}"
        print(f"  {found['status']:<7}  {found['goal']}  ({value}, limit {found['limit']:.3g})")


def goals(results: dict[str, dict]) -> list[dict]:
    """The issue's goals, each met or not with its figure, per vault mix: between the smallest
    and the largest vault measured of each mix."""
    mixes = sorted({found["mix"] for found in results.values()}, key=lambda mix: (mix != "standard", mix))
    sizes = sorted({found["notes"] for found in results.values()})
    small = sizes[0]
    large: int | str = sizes[-1] if len(sizes) > 1 else "largest"  # a size is not compared with itself

    def m(mix: str, size: int | str, key: str):
        found = results.get(f"{mix}/{size}")
        return found["median"].get(key) if found else None

    def goal(name: str, value, limit, strict: bool = False) -> dict:
        """Met when `value` is at most `limit` (below it, when `strict`)."""
        passed = value is not None and (value < limit if strict else value <= limit)
        status = "n/a" if value is None else ("met" if passed else "NOT MET")
        return {"goal": name, "value": value, "limit": limit, "status": status}

    def growth(mix: str, key: str, what: str, limit: float) -> dict:
        """How `key` at the largest vault compares with the smallest: at most `limit` times."""
        large_value, small_value = m(mix, large, key), m(mix, small, key)
        value = large_value / small_value if large_value is not None and small_value else None
        return goal(f"{mix}: {what} @{large} within {limit - 1:.0%} of @{small}", value, limit)

    found = []
    for mix in mixes:
        found += [
            goal(f"{mix}: build @{small} <= 0.4x baseline", m(mix, small, "ratio"), 0.4),
            growth(mix, "ms_per_note", "time per note", 1.25),
            goal(f"{mix}: peak memory @{large} < 1 GB (MB)", m(mix, large, "ours_rss_mb"), 1024, strict=True),
            growth(mix, "median_note_page_kb", "median note page", 1.1),
            growth(mix, "largest_note_page_kb", "largest note page", 1.2),
        ]
        for size, limit in ((small, 0.6), (large, 1.5)):
            edit, correct = m(mix, size, "serve_edit_s"), m(mix, size, "serve_correct")
            found.append(
                goal(
                    f"{mix}: serve edit to reload @{size} <= {limit} s, nav/search/backlinks/counts right",
                    None if edit is None else (edit if correct else float("inf")),
                    limit,
                )
            )
        found += [
            goal(f"{mix}: search ready @{large} < 1 s", m(mix, large, "search_ready_s"), 1.0, strict=True),
            goal(f"{mix}: search results @{large} < 150 ms", m(mix, large, "search_results_ms"), 150, strict=True),
        ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="vault sizes (notes)")
    parser.add_argument("--mixes", nargs="+", default=list(generate.MIXES), choices=list(generate.MIXES))
    parser.add_argument("--repeat", type=int, default=3, help="builds per vault, alternating ours and baseline")
    parser.add_argument("--seed", type=int, default=1, help="vault generator seed")
    parser.add_argument(
        "--baseline-up-to",
        type=int,
        default=3000,
        help="largest vault the baseline builds (its nav makes it quadratic: 3,000 notes took 269 s)",
    )
    parser.add_argument("--json", type=Path, help="write raw numbers and medians here")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 and 300 notes, one repetition")
    parser.add_argument("--serve-edits", type=int, default=3, help="serve edits timed per vault (0: skip serve)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with the site's requirements")
    parser.add_argument("--workdir", type=Path, help="where vaults and sites go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep vaults and sites (with --workdir)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the browser search timing")
    parser.add_argument(
        "--previous", type=Path, help="results JSON of an earlier run: its other vaults join the table and goals"
    )
    parser.add_argument(
        "--report",
        type=Path,
        nargs="+",
        help="print the tables and goals of these results JSONs (a later one's vault wins); run nothing",
    )
    args = parser.parse_args(argv)
    if args.report:
        merged: dict[str, dict] = {}
        for path in args.report:
            merged |= {
                key: found
                for key, found in json.loads(path.read_text(encoding="utf-8"))["vaults"].items()
                if "median" in found
            }
        print_report(merged)
        return 0
    if args.quick:
        args.sizes, args.repeat, args.serve_edits = [100, 300], 1, 1
    check = subprocess.run(
        [args.python, "-c", "import mkdocs, material, vaultmark"],
        env=mkdocs_env() | {"PYTHONPATH": str(REPO / "hooks")},
        capture_output=True,
    )
    if check.returncode != 0:
        print(
            f"{args.python} cannot import mkdocs/material: run with the site's venv (e.g. .venv/bin/python bench/run.py)",
            file=sys.stderr,
        )
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="vaultbench-"))
    work.mkdir(parents=True, exist_ok=True)
    wanted = [(mix, size) for size in args.sizes for mix in args.mixes]
    results: dict[str, dict] = {}
    if args.previous:
        earlier = json.loads(args.previous.read_text(encoding="utf-8"))["vaults"]
        keys = {f"{mix}/{size}" for mix, size in wanted}
        results = {key: result for key, result in earlier.items() if "median" in result and key not in keys}
    report: dict = {
        "meta": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "sizes": args.sizes,
            "mixes": args.mixes,
            "repeat": args.repeat,
            "seed": args.seed,
            "serve_edits": args.serve_edits,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "vaults": dict(results),
    }
    if args.previous:
        report["meta"]["previous"] = str(args.previous)

    def save() -> None:
        # Written after every measurement, so a long run that is cut short keeps what finished.
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    def progress(key: str, partial: dict) -> None:
        report["vaults"][key] = partial
        save()

    try:
        for mix, size in wanted:
            key = f"{mix}/{size}"
            results[key] = bench_vault(mix, size, args, work, lambda partial, key=key: progress(key, partial))
            report["vaults"][key] = results[key]
            report["goals"] = goals(results)
            save()
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print_report(results)
    if args.json:
        print(f"\nRaw numbers: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
