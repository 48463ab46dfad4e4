"""Performance benchmark: our build against plain Material, per vault size.

    python bench/run.py --sizes 100 1000 3000 --repeat 3 --json bench/results.json
    python bench/run.py --quick            # sizes 100 and 300, one repetition

For each size a synthetic vault is generated (bench/generate.py, seeded), then,
alternating ours / baseline on every repetition:

* ours: `mkdocs build --strict` of the project's mkdocs.yml with NOTES_DIR=<vault>;
* baseline: the vault exported by `python -m vaultmark export` and built by plain
  Material (same theme settings and markdown_extensions, plugins: search only, no
  hook, no nav: Material lists every page in every page's navigation);
* the normalizer alone: VaultIndex.from_directory + normalize_note for every note,
  in a fresh process.

Each measured build runs in its own small wrapper process that reports wall time,
CPU time and its child's peak RSS (getrusage(RUSAGE_CHILDREN) of a process with
exactly one child). Then, once per size, `mkdocs serve` is started on a copy of the
vault, a marker line is appended to one note and its page is polled every 50 ms
until the marker shows: the edit-to-rebuilt time. Search (re-indexed in the
background) is then queried in Chromium for the marker until it finds the page.

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

# The normalizer alone, in-process: index the vault, normalize every published note.
NORMALIZE = r"""
import json, sys, time
from pathlib import Path
import vaultmark
start = time.perf_counter()
index = vaultmark.VaultIndex.from_directory(Path(sys.argv[1]))
indexed = time.perf_counter()
notes = 0
for path, text in index.texts.items():
    if index.notes[path].published:
        vaultmark.normalize_note(text, path, index)
        notes += 1
done = time.perf_counter()
print(json.dumps({"total_s": done - start, "index_s": indexed - start, "normalize_s": done - indexed, "notes": notes}))
"""

# Pages that list the whole vault by design: home, category pages, tags page (and 404).
INDEX_LIKE = re.compile(r"^(index\.html|404\.html|tags/index\.html|categories/.*)$")
PRIMARY_NAV = '<nav class="md-nav md-nav--primary"'
NAV_TAG = re.compile(r"<(/?)nav\b")
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


# --- serve ----------------------------------------------------------------------------


def page_url(note: str) -> str:
    """URL path of a note's page (use_directory_urls)."""
    return quote(note[: -len(".md")]) + "/"


def measure_serve(python: str, vault: Path, work: Path, note: str, expected: set[str], edits: int) -> dict:
    """Start `mkdocs serve` on a copy of the vault, edit one note, time until its page shows the edit."""
    copy = work / "serve-vault"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy)
    log_path = work / "serve.log"
    result: dict = {"note": note, "edits": []}
    started = time.perf_counter()
    with (
        support.mkdocs_serve(copy, log_path, python=python, ready=page_url(note)) as server,
        support.pagefind_searcher(server.base) as search,
    ):
        result["startup_s"] = time.perf_counter() - started
        timeout = max(60.0, len(expected) * 0.3)
        # The first index is written in the background after the first build: edits wait for it.
        support.wait_until(lambda: _answers(search, "the"), timeout, "the first search index")
        result["search_ready_s"] = time.perf_counter() - started
        for number in range(1, edits + 1):
            result["edits"].append(
                _edit_and_wait(copy / note, server.base, server.base + page_url(note), search, expected, timeout)
            )
            # The next edit waits until this one's build has reloaded the browsers: the watcher is idle again.
            support.wait_until(
                lambda n=number: server.log_text().count("Reloading browsers") >= n, timeout, "the reload"
            )
    result["edit_s"] = [edit["edit_s"] for edit in result["edits"]]
    result["index_complete"] = all(edit["index_complete"] for edit in result["edits"])
    result["search_after_edit_s"] = [edit.get("index_after_s") for edit in result["edits"]]
    return result


def _answers(search, query: str) -> list[dict] | None:
    """Search's results, or None while the served site has no index yet."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return search(query) or None
    except PlaywrightError:  # its module failed to load: no index yet
        return None


def _edit_and_wait(note_file: Path, base: str, url: str, search, expected: set[str], timeout: float) -> dict:
    marker = f"vbmarker{uuid.uuid4().hex}"
    manifest_url = base + "pagefind/vaultmark-parts.json"  # its version changes with any part of the index
    manifest_before = support.fetch(manifest_url, timeout=5)[1]
    with open(note_file, "a", encoding="utf-8") as handle:
        handle.write(f"\nEdited for the benchmark: {marker}\n")
    written = time.perf_counter()
    polls = 0
    while True:
        polls += 1
        status, body = support.fetch(url, timeout=5)
        now = time.perf_counter()
        if status == 200 and marker.encode() in body:
            break
        if now - written > timeout:
            return {"edit_s": None, "polls": polls, "index_complete": False, "error": "marker never appeared"}
        time.sleep(0.05)
    edit_s = now - written
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
        "index_has_edit": bool(found),
        "index_complete": bool(found) and served <= expected,
        "index_after_s": index_after_s,
    }


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


def bench_size(size: int, args: argparse.Namespace, work: Path, progress=lambda partial: None) -> dict:
    """Everything measured for one vault size; `progress` gets the raw runs after each measurement."""
    python = args.python
    folder = work / f"size-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    vault = folder / "vault"
    summary = generate.generate(size, args.seed, vault)
    log(f"[{size}] vault: {summary['notes']} notes, {summary['bytes'] / 1e6:.1f} MB")

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
    log(f"[{size}] export: {export_s:.2f} s, {len(problems)} problems")
    config = folder / "baseline-mkdocs.yml"
    config.write_text(baseline_config(exported), encoding="utf-8")

    ours_site, base_site = folder / "site-ours", folder / "site-baseline"
    runs: dict[str, list] = {"ours": [], "baseline": [], "normalizer": []}
    progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
    for repetition in range(args.repeat):
        shutil.rmtree(ours_site, ignore_errors=True)
        ours = measured(
            python,
            [
                python,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--verbose",
                "-f",
                str(REPO / "mkdocs.yml"),
                "-d",
                str(ours_site),
            ],
            folder / f"ours-{repetition}.log",
            REPO,
            mkdocs_env(vault),
        )
        runs["ours"].append(ours)
        progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
        log(
            f"[{size}] #{repetition + 1} ours:     {ours['wall_s']:.2f} s, {ours['maxrss_mb']:.0f} MB, rc {ours['returncode']}, "
            f"{ours['warnings']} warnings, waited {ours['search_wait_s']} s for the search index"
        )
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
            f"[{size}] #{repetition + 1} baseline: {base['wall_s']:.2f} s, {base['maxrss_mb']:.0f} MB, rc {base['returncode']}, {base['warnings']} warnings"
        )
        normalizer = subprocess.run(
            [python, "-c", NORMALIZE, str(vault)],
            env=mkdocs_env() | {"PYTHONPATH": str(REPO / "hooks")},
            capture_output=True,
            text=True,
            check=True,
        )
        runs["normalizer"].append(json.loads(normalizer.stdout.strip().splitlines()[-1]))
        progress({"notes": size, "vault": summary, "partial": True, "runs": runs})
        log(f"[{size}] #{repetition + 1} normalizer: {runs['normalizer'][-1]['total_s']:.2f} s")

    site = site_metrics(ours_site)
    baseline_site = site_metrics(base_site)
    expected = search_locations(ours_site)
    serve = None
    if args.serve_edits > 0:
        notes = sorted(path.relative_to(vault).as_posix() for path in vault.rglob("*.md"))
        note = notes[len(notes) // 2]
        try:
            serve = measure_serve(python, vault, folder, note, expected, args.serve_edits)
            log(
                f"[{size}] serve: startup {serve['startup_s']:.1f} s, edit {serve['edit_s']}, "
                f"search finds the edit after {serve['search_after_edit_s']} s, index complete {serve['index_complete']}"
            )
        except RuntimeError as error:
            serve = {"error": str(error), "edit_s": [], "index_complete": False}
            log(f"[{size}] serve failed: {error}")

    search = None
    if args.search:
        words = common_words(ours_site)
        search = measure_search(ours_site, *words)
        log(
            f"[{size}] search: ready {search['ready_s']:.2f} s, results {search['results_ms']:.0f} ms, "
            f"{search['bytes_before_first_query'] / 1024:.0f} KB before the first query, "
            f"{search['bytes_per_typed_word'] / 1024:.0f} KB per typed word"
        )

    ours_wall = [run["wall_s"] for run in runs["ours"]]
    search_wait = median([run["search_wait_s"] for run in runs["ours"]])
    base_wall = [run["wall_s"] for run in runs["baseline"]]
    medians = {
        "ours_build_s": median(ours_wall),
        "baseline_build_s": median(base_wall),
        "ratio": median(ours_wall) / median(base_wall),
        "ours_cpu_s": median([run["cpu_s"] for run in runs["ours"]]),
        "baseline_cpu_s": median([run["cpu_s"] for run in runs["baseline"]]),
        "ours_rss_mb": median([run["maxrss_mb"] for run in runs["ours"]]),
        "baseline_rss_mb": median([run["maxrss_mb"] for run in runs["baseline"]]),
        "normalizer_s": median([run["total_s"] for run in runs["normalizer"]]),
        "serve_edit_s": median(serve["edit_s"]) if serve else None,
        "index_complete": serve["index_complete"] if serve else None,
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
            "site_mb",
            "search_index_mb",
        )
    }
    if not args.keep:
        for path in (vault, exported, ours_site, base_site, folder / "serve-vault"):
            shutil.rmtree(path, ignore_errors=True)
    return {
        "notes": size,
        "vault": summary,
        "export": {"seconds": export_s, "returncode": export.returncode, "problems": problems[:20]},
        "runs": runs,
        "site": site,
        "baseline_site": baseline_site,
        "serve": serve,
        "search": search,
        "median": medians,
    }


# --- report ---------------------------------------------------------------------------

COLUMNS = [
    ("notes", "{}", lambda size, m: size),
    ("ours s", "{:.2f}", lambda size, m: m["ours_build_s"]),
    ("base s", "{:.2f}", lambda size, m: m["baseline_build_s"]),
    ("ratio", "{:.2f}", lambda size, m: m["ratio"]),
    ("RSS MB o/b", "{}", lambda size, m: f"{m['ours_rss_mb']:.0f}/{m['baseline_rss_mb']:.0f}"),
    ("avg KB", "{:.1f}", lambda size, m: m["avg_page_kb"]),
    ("max KB", "{:.1f}", lambda size, m: m["largest_page_kb"]),
    ("max non-idx KB", "{:.1f}", lambda size, m: m["largest_content_page_kb"]),
    ("site MB", "{:.1f}", lambda size, m: m["site_mb"]),
    ("search MB", "{:.2f}", lambda size, m: m["search_index_mb"]),
    ("norm s", "{:.2f}", lambda size, m: m["normalizer_s"]),
    ("serve edit s", "{:.2f}", lambda size, m: m["serve_edit_s"]),
    ("index ok", "{}", lambda size, m: {True: "yes", False: "no", None: "-"}[m["index_complete"]]),
    ("serve search s", "{}", lambda size, m: _optional("{:.2f}", m.get("serve_search_s"))),
    ("search ready s", "{}", lambda size, m: "-" if m.get("search_ready_s") is None else f"{m['search_ready_s']:.2f}"),
    (
        "results ms",
        "{}",
        lambda size, m: "-" if m.get("search_results_ms") is None else f"{m['search_results_ms']:.0f}",
    ),
    ("search load KB", "{}", lambda size, m: _optional("{:.0f}", m.get("search_load_kb"))),
    ("KB/word", "{}", lambda size, m: _optional("{:.0f}", m.get("search_word_kb"))),
    ("index share", "{}", lambda size, m: _optional("{:.0%}", m.get("search_index_share"))),
]


def _optional(pattern: str, value: float | None) -> str:
    return "-" if value is None else pattern.format(value)


def table(results: dict[int, dict]) -> str:
    rows = [[name for name, _, _ in COLUMNS]]
    for size, result in results.items():
        row = []
        for _, fmt, get in COLUMNS:
            value = get(size, result["median"])
            row.append("-" if value is None else fmt.format(value))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=False)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def targets(results: dict[int, dict]) -> list[dict]:
    def m(size: int, key: str):
        return results[size]["median"].get(key) if size in results else None

    def check(name: str, value, limit, passed) -> dict:
        status = "n/a" if value is None or limit is None else ("PASS" if passed(value, limit) else "FAIL")
        return {"target": name, "value": value, "limit": limit, "status": status}

    scaling = (
        m(3000, "ours_build_s") / m(1000, "ours_build_s")
        if m(3000, "ours_build_s") and m(1000, "ours_build_s")
        else None
    )
    page_limit = 1.2 * m(100, "largest_content_page_kb") if m(100, "largest_content_page_kb") else None
    return [
        check("build ratio ours/baseline @1000 <= 0.5", m(1000, "ratio"), 0.5, lambda value, limit: value <= limit),
        check("build(3000) / build(1000) <= 3.3", scaling, 3.3, lambda value, limit: value <= limit),
        check("peak RSS @3000 < 500 MB", m(3000, "ours_rss_mb"), 500, lambda value, limit: value < limit),
        check(
            "largest non-index page @3000 <= 1.2 x @100 (KB)",
            m(3000, "largest_content_page_kb"),
            page_limit,
            lambda value, limit: value <= limit,
        ),
        check("serve edit @1000 <= 0.6 s", m(1000, "serve_edit_s"), 0.6, lambda value, limit: value <= limit),
        check("serve edit @3000 <= 1.2 s", m(3000, "serve_edit_s"), 1.2, lambda value, limit: value <= limit),
        check("normalizer @1000 < 2 s", m(1000, "normalizer_s"), 2.0, lambda value, limit: value < limit),
        check(
            "serve search has the edit @1000 <= 3 s",
            m(1000, "serve_search_s"),
            3.0,
            lambda value, limit: value <= limit,
        ),
        *(
            check(f"search ready @{size} < 1 s", m(size, "search_ready_s"), 1.0, lambda value, limit: value < limit)
            for size in (1000, 3000)
        ),
        *(
            check(
                f"search results @{size} < 150 ms",
                m(size, "search_results_ms"),
                150,
                lambda value, limit: value < limit,
            )
            for size in (1000, 3000)
        ),
        check(
            "search indexing share of the build @3000 < 15 %",
            m(3000, "search_index_share"),
            0.15,
            lambda value, limit: value < limit,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000], help="vault sizes (notes)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size, alternating ours and baseline")
    parser.add_argument("--seed", type=int, default=1, help="vault generator seed")
    parser.add_argument("--json", type=Path, help="write raw numbers and medians here")
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 100 and 300, one repetition")
    parser.add_argument("--serve-edits", type=int, default=1, help="serve edits timed per size (0: skip serve)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with the site's requirements")
    parser.add_argument("--workdir", type=Path, help="where vaults and sites go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep vaults and sites (with --workdir)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the browser search timing")
    parser.add_argument(
        "--previous", type=Path, help="results JSON of an earlier run: its finished sizes join the table and targets"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = [100, 300], 1
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
    results: dict[int, dict] = {}
    if args.previous:
        earlier = json.loads(args.previous.read_text(encoding="utf-8"))["sizes"]
        results = {
            int(size): result for size, result in earlier.items() if "median" in result and int(size) not in args.sizes
        }
    report: dict = {
        "meta": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "sizes": args.sizes,
            "repeat": args.repeat,
            "seed": args.seed,
            "serve_edits": args.serve_edits,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "sizes": {str(size): result for size, result in results.items()},
    }
    if args.previous:
        report["meta"]["previous"] = str(args.previous)

    def save() -> None:
        # Written after every measurement, so a long run that is cut short keeps what finished.
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    def progress(size: int, partial: dict) -> None:
        report["sizes"][str(size)] = partial
        save()

    try:
        for size in args.sizes:
            results[size] = bench_size(size, args, work, lambda partial, size=size: progress(size, partial))
            report["sizes"][str(size)] = results[size]
            report["targets"] = targets(results)
            save()
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nMedians over {args.repeat} repetition(s) (ratio = ours / baseline build time):\n")
    print(table(dict(sorted(results.items()))))
    print("\nTargets:")
    for target in report["targets"]:
        value = "-" if target["value"] is None else f"{target['value']:.3g}"
        limit = "-" if target["limit"] is None else f"{target['limit']:.3g}"
        print(f"  {target['status']:<4}  {target['target']}  (value {value}, limit {limit})")
    if args.json:
        print(f"\nRaw numbers: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
