"""Search quality: does the first result of a typed query land on the card, topic or heading meant?

    .venv/bin/python bench/search_quality.py [--json out.json] [--keep DIR]

A benchmark, not a test: it prints the share of queries whose first result lands on
its target, for three engines, each built from the same vaults in one run:

* new: this tree (Pagefind behind Material's search box, `overrides/assets/vaultmark-search.js`);
* old: the hand-written engine of commit OLD_ENGINE_COMMIT, built from a git worktree;
* plain: plain Material and its lunr search, on the vault exported by `python -m vaultmark
  export` (bench/run.py's baseline configuration).

The vaults are the demo vault (notes/, its queries written by hand in
bench/search_queries.json) and a generated one (bench/generate.py, GENERATED_NOTES notes,
seed GENERATED_SEED), whose queries are derived from its markdown: words whose
combination occurs in one card, answer, topic or heading of the whole vault, and code
identifiers found once. Each target's anchor is read from the built pages.

For each engine, Chromium opens the site (served under /study/, built without site_url as
bench/run.py builds it); for each query it types the words into the search box key by key
on the page shown (the home page, then wherever the previous query landed), waits for the
result list to settle and clicks its first link. A hit is a landing on the target's page
with the target heading on screen: below the sticky header, inside the viewport, not in a
closed <details>. "Right page" counts landings on the target's page, on screen or not.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import generate  # bench/generate.py (this script's folder is on sys.path)
import run  # bench/run.py: the baseline configuration; importing it puts tests/ on sys.path

import support  # tests/support.py
from subpath_server import serving  # tests/subpath_server.py

OLD_ENGINE_COMMIT = "8f9af05"
GENERATED_NOTES, GENERATED_SEED = 200, 1
QUERIES_FILE = run.BENCH / "search_queries.json"
ENGINES = ("new", "old", "plain")
VAULTS = ("demo", "generated")

# How a person types and looks.
VIEWPORT = {"width": 1280, "height": 800}
KEY_DELAY_MS = 40
POLL_MS = 50
STABLE_S = 0.3  # the result list (or the landed page) is settled once unchanged this long
RESULTS_TIMEOUT_S = 5.0
SEARCH_READY_TIMEOUT_MS = 60_000  # lunr builds its index in the page: slow on a busy machine
NAVIGATION_TIMEOUT_MS = 5_000
LANDING_MIN_S = 1.0  # from the click: the site's script opens the card and scrolls once Material highlights
LANDING_TIMEOUT_S = 4.0

SEARCH_INPUT = "input[data-md-component=search-query]"
FIRST_LINK = ".md-search-result__item a.md-search-result__link"
# Material shows this until its search worker is ready.
SEARCH_READY = "() => !document.querySelector('.md-search-result__meta')?.textContent.includes('Initializing')"
RESULTS_STATE = f"""() => {{
  const link = document.querySelector({json.dumps(FIRST_LINK)})
  return [document.querySelectorAll(".md-search-result__item").length, link ? link.href : ""]
}}"""
LANDING_STATE = "() => [location.href, Math.round(scrollY), document.querySelectorAll('details[open]').length]"
# Where the target heading is: by id, else (an engine whose ids differ) by its text.
TARGET_STATE = """([id, text]) => {
  const clean = (value) => value.replace(/\\u00b6/g, "").replace(/\\s+/g, " ").trim()
  const headings = [...document.querySelectorAll("article :is(h1, h2, h3, h4, h5, h6)")]
  const target = (id && document.getElementById(id)) || headings.find((h) => clean(h.textContent) === clean(text))
  if (!target) return "target missing"
  if (target.closest("details:not([open])")) return "target folded"
  const box = target.getBoundingClientRect()
  const header = document.querySelector(".md-header")
  const top = header ? header.getBoundingClientRect().bottom : 0
  return box.height > 0 && box.bottom > top && box.top < window.innerHeight ? "visible" : "target off-screen"
}"""

# Deriving queries from the generated vault.
WORD = re.compile(r"[a-z0-9_]+")
FRONTMATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
COMMENT = re.compile(r"%%.*?%%", re.S)
FUNCTION = re.compile(r"\bdef ([a-z]+_[a-z]+)\(")
DOTTED = re.compile(r"`([a-z]+\.[a-z]+)\(\)`")
# What is not prose: fenced code, display and inline math, wikilinks, inline code, highlight marks, tags.
PROSE_SKIP = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$|\[\[[^\]]*\]\]|`[^`]*`|==|#\S+", re.S)
MIN_WORD = 4  # shorter words are too common to pin a target down
MIN_STEM, STEM_SLACK = 4, 3  # a word matches any word starting with all but its last 3 letters: stems count wide
COMBINATION_SIZES = (1, 2, 3, 4)
COMBINED_WORDS = 12  # combinations are tried among this many of a section's rarest words
# Words of the generator's templates ("What is", "How would you explain", "In practice"...), in every note.
TEMPLATE_WORDS = {
    word.lower() for phrase in generate.QUESTION_STARTS + generate.CONNECTORS for word in phrase.split()
} | {"for", "the", "when", "with", "see", "matters", "most"}


@dataclass(frozen=True)
class Query:
    """What is typed, and where its first result must land: a heading of a page."""

    text: str
    kind: str
    vault: str
    page: str  # the page's path in the site, unquoted: "Interview/Deep learning interview/"
    heading: str  # the target heading's rendered text (a card's question, a topic, a heading)
    anchor: str = ""  # its id in the new engine's build


@dataclass
class Section:
    """One card, topic or heading of a generated note, with its text, for finding words that occur once."""

    note: str
    role: str  # card, topic, heading or title
    heading: str
    lines: list[str] = field(default_factory=list)
    note_kind: str = ""

    @property
    def answer(self) -> str:
        """A card's text after `A:` (a questionnaire's whole indented answer); a section's whole text."""
        for number, line in enumerate(self.lines):
            if line.startswith("A:"):
                return "\n".join(self.lines[number:]).removeprefix("A:")
        return "\n".join(self.lines)

    @property
    def text(self) -> str:
        return self.heading + "\n" + "\n".join(self.lines)


# --- queries --------------------------------------------------------------------------


def page_of(note: str) -> str:
    """The site path of a note or notebook (use_directory_urls)."""
    return note.rsplit(".", 1)[0] + "/"


def demo_queries() -> list[Query]:
    """The hand-written demo queries."""
    data = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))
    return [
        Query(item["query"], item["kind"], "demo", page_of(item["note"]), item["heading"]) for item in data["queries"]
    ]


def note_kind(front: str, body: str) -> str:
    if "qa: list" in front:
        return "questionnaire"
    if "scribbles: true" in front:
        return "scribbles"
    return "qa" if re.search(r"^Q: ", body, re.M) else "concept"


def note_sections(note: str, text: str) -> list[Section]:
    """A generated note cut into its title, headings and cards, as the generator writes them; without
    its `%% comments %%`, which the site does not show."""
    found = FRONTMATTER.match(text)
    front = found.group(1) if found else ""
    body = COMMENT.sub("", text[found.end() :] if found else text)
    kind = note_kind(front, body)
    title = re.search(r"^title: (.+)$", front, re.M)
    sections = [Section(note, "title", title.group(1) if title else Path(note).stem, note_kind=kind)]
    for line in body.splitlines():
        if line.startswith("## "):
            sections.append(Section(note, "topic" if kind == "scribbles" else "heading", line[3:], note_kind=kind))
        elif (kind == "qa" and line.startswith("Q: ")) or (kind == "questionnaire" and line.startswith("- ")):
            sections.append(Section(note, "card", line.split(" ", 1)[1], note_kind=kind))
        elif not line.startswith("# "):
            sections[-1].lines.append(line)
    return sections


def stem(word: str) -> str:
    return word[: max(MIN_STEM, len(word) - STEM_SLACK)]


def content_words(text: str) -> list[str]:
    """The words of a heading or of prose (no math, links, code or tags) worth searching for, in order."""
    words = WORD.findall(PROSE_SKIP.sub(" ", text.lower()))
    return list(dict.fromkeys(word for word in words if len(word) >= MIN_WORD and word not in TEMPLATE_WORDS))


class VaultText:
    """Which sections of a vault hold a word (any word sharing its stem) or a literal string."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.lowered = [section.text.lower() for section in sections]
        self.vocabulary: dict[str, set[int]] = {}
        for number, text in enumerate(self.lowered):
            for word in WORD.findall(text):
                self.vocabulary.setdefault(word, set()).add(number)
        self._cache: dict[str, frozenset[int]] = {}

    def holding(self, word: str) -> frozenset[int]:
        if word not in self._cache:
            prefix = stem(word)
            found = (sections for token, sections in self.vocabulary.items() if token.startswith(prefix))
            self._cache[word] = frozenset().union(*found)
        return self._cache[word]

    def holding_all(self, words: tuple[str, ...]) -> frozenset[int]:
        return frozenset.intersection(*(self.holding(word) for word in words))

    def holding_literal(self, literal: str) -> list[int]:
        return [number for number, text in enumerate(self.lowered) if literal in text]


def unique_combination(vault: VaultText, number: int, words: list[str]) -> tuple[str, ...] | None:
    """The fewest of `words` (the rarest tried first) found together in section `number` and nowhere
    else, in the order of `words`."""
    rarest = sorted(words, key=lambda word: len(vault.holding(word)))[:COMBINED_WORDS]
    for size in COMBINATION_SIZES:
        for combination in itertools.combinations(rarest, size):
            if vault.holding_all(combination) == {number}:
                return tuple(sorted(combination, key=words.index))
    return None


def without_words_of(words: list[str], other: str) -> list[str]:
    """`words` minus those sharing a stem with a word of `other` (answer words not in its question)."""
    others = WORD.findall(other.lower())
    return [
        word
        for word in words
        if not any(token.startswith(stem(word)) or word.startswith(stem(token)) for token in others)
    ]


def heading_words_query(vault: VaultText, number: int) -> str | None:
    """Words of a section's heading (a card's question) found together nowhere else."""
    combination = unique_combination(vault, number, content_words(vault.sections[number].heading))
    return " ".join(combination) if combination else None


def answer_query(vault: VaultText, number: int) -> str | None:
    """Words of an answer (or a topic's text), none of them in its question, found together nowhere else."""
    section = vault.sections[number]
    combination = unique_combination(vault, number, without_words_of(content_words(section.answer), section.heading))
    return " ".join(combination) if combination else None


def heading_text_query(vault: VaultText, number: int) -> str | None:
    """A heading's whole text, as someone remembering the heading types it, when its words are found
    together nowhere else."""
    return vault.sections[number].heading if heading_words_query(vault, number) else None


def literal_query(pattern: re.Pattern[str]) -> Callable[[VaultText, int], str | None]:
    """A code identifier of a section's answer that the whole vault holds only there."""

    def make(vault: VaultText, number: int) -> str | None:
        for name in pattern.findall(vault.sections[number].answer):
            if vault.holding_literal(name.lower()) == [number]:
                return name
        return None

    return make


def sections_of(role: str, note_kind: str = "") -> Callable[[Section], bool]:
    """Sections of one role (of one kind of note), whose heading renders as written (no math or code)."""
    return lambda s: s.role == role and note_kind in ("", s.note_kind) and not re.search(r"[$`\[]", s.heading)


@dataclass(frozen=True)
class Recipe:
    """How some queries are derived: how many, of which kind, from which sections, and what one section gives."""

    count: int
    kind: str
    accepts: Callable[[Section], bool]
    make: Callable[[VaultText, int], str | None]


RECIPES = [
    Recipe(3, "words", sections_of("card", "qa"), heading_words_query),
    Recipe(2, "questionnaire", sections_of("card", "questionnaire"), heading_words_query),
    Recipe(2, "answer", sections_of("card", "qa"), answer_query),
    Recipe(1, "questionnaire", sections_of("card", "questionnaire"), answer_query),
    Recipe(1, "code", sections_of("card"), literal_query(FUNCTION)),
    Recipe(1, "code", sections_of("card"), literal_query(DOTTED)),
    Recipe(1, "scribbles", sections_of("topic"), heading_text_query),
    Recipe(1, "scribbles", sections_of("topic"), answer_query),
    Recipe(1, "heading", sections_of("heading", "concept"), heading_text_query),
]


def picks(vault: VaultText, recipe: Recipe, taken: set[int]) -> list[tuple[int, str]]:
    """The recipe's queries, spread over the vault: each search starts at an evenly spaced section
    and moves on (wrapping) past sections already taken or giving no query."""
    candidates = [number for number, section in enumerate(vault.sections) if recipe.accepts(section)]
    chosen = []
    for pick in range(recipe.count):
        start = pick * len(candidates) // recipe.count
        for number in candidates[start:] + candidates[:start]:
            text = None if number in taken else recipe.make(vault, number)
            if text:
                chosen.append((number, text))
                taken.add(number)
                break
    if len(chosen) < recipe.count:
        raise SystemExit(f"the generated vault gives only {len(chosen)} {recipe.kind} queries of {recipe.count}")
    return chosen


def generated_queries(vault_dir: Path) -> list[Query]:
    """Queries derived from a generated vault's markdown: the same vault always gives the same ones."""
    sections = [
        section
        for path in sorted(vault_dir.rglob("*.md"))
        for section in note_sections(path.relative_to(vault_dir).as_posix(), path.read_text(encoding="utf-8"))
    ]
    vault = VaultText(sections)
    taken: set[int] = set()
    return [
        Query(text, recipe.kind, "generated", page_of(sections[number].note), sections[number].heading)
        for recipe in RECIPES
        for number, text in picks(vault, recipe, taken)
    ]


def heading_id(site: Path, query: Query) -> str:
    """The id of the heading on the query's page whose text is the target's ("" if the page or heading is missing)."""
    page = site / query.page / "index.html"
    if not page.is_file():
        return ""
    article = support.soup(page).select_one("article")
    for heading in article.find_all(re.compile(r"^h[1-6]$")) if article else []:
        if " ".join(heading.get_text().replace("\u00b6", "").split()) == query.heading:
            return heading.get("id", "")
    return ""


def with_anchors(queries: list[Query], site: Path) -> list[Query]:
    """The queries with their targets' ids, read from the new engine's build; a target that is not
    there is a mistake in the queries."""
    resolved = [replace(query, anchor=heading_id(site, query)) for query in queries]
    missing = [f"{query.page}: {query.heading!r}" for query in resolved if not query.anchor]
    if missing:
        raise SystemExit("targets not found in the built site:\n  " + "\n  ".join(missing))
    return resolved


# --- builds ---------------------------------------------------------------------------


def checked(process: subprocess.CompletedProcess, what: str) -> None:
    if process.returncode != 0:
        raise SystemExit(f"{what} failed:\n{(process.stdout + process.stderr)[-4000:]}")


@contextmanager
def old_engine_tree(folder: Path) -> Iterator[Path]:
    """A git worktree of the old engine's commit while the block runs (outside the repository)."""
    tree = folder / "old-engine"
    git = ["git", "-C", str(run.REPO), "worktree"]
    checked(
        subprocess.run([*git, "add", "--detach", str(tree), OLD_ENGINE_COMMIT], capture_output=True, text=True),
        "git worktree add",
    )
    try:
        yield tree
    finally:
        subprocess.run([*git, "remove", "--force", str(tree)], capture_output=True, text=True)


def build_new(vault: Path, site: Path) -> None:
    checked(support.build_site(vault, site, SITE_URL="", REPO_URL=""), f"build of {vault} (new engine)")


def build_old(vault: Path, site: Path, tree: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    process = subprocess.run(command, cwd=tree, env=run.mkdocs_env(vault), capture_output=True, text=True)
    checked(process, f"build of {vault} (old engine)")


def build_plain(vault: Path, site: Path, folder: Path) -> None:
    """Plain Material on the exported vault, configured as bench/run.py's baseline."""
    exported, config = folder / "export", folder / "plain-mkdocs.yml"
    export = [sys.executable, "-m", "vaultmark", "export", str(vault), str(exported)]
    # Its problems (links to unpublished notes) are reported, not fatal: bench/run.py does not check them either.
    subprocess.run(export, env=run.mkdocs_env() | {"PYTHONPATH": str(run.REPO / "hooks")}, capture_output=True)
    config.write_text(run.baseline_config(exported), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    checked(subprocess.run(command, cwd=folder, env=run.mkdocs_env(), capture_output=True, text=True), "plain build")


def build_all(vault: Path, folder: Path, tree: Path, engines: tuple[str, ...]) -> dict[str, Path]:
    """The vault built by each engine (always "new": it gives the targets' anchors), one build at
    a time; each engine's site folder."""
    folder.mkdir(parents=True, exist_ok=True)
    sites = {engine: folder / f"site-{engine}" for engine in ENGINES}
    for engine, build in (
        ("new", lambda: build_new(vault, sites["new"])),
        ("old", lambda: build_old(vault, sites["old"], tree)),
        ("plain", lambda: build_plain(vault, sites["plain"], folder)),
    ):
        if engine != "new" and engine not in engines:
            continue
        started = time.perf_counter()
        build()
        run.log(f"[{folder.name}] {engine} built in {time.perf_counter() - started:.1f} s")
    return sites


# --- the browser ----------------------------------------------------------------------


def start_page(site: Path) -> str:
    """Where each query starts: the home page, or the first page when the site has none (plain Material)."""
    if (site / "index.html").is_file():
        return ""
    first = min(path.parent for path in site.glob("*/**/index.html"))
    return first.relative_to(site).as_posix() + "/"


def settled(page: Any, script: str, timeout_s: float, done: Callable[[Any], bool] = bool) -> Any:
    """`script`'s answer once it has not changed for STABLE_S (and `done` accepts it), or the last
    answer at the timeout. A page replaced meanwhile answers None."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_s
    last, since = object(), time.monotonic()
    while True:
        try:
            state = page.evaluate(script)
        except PlaywrightError:
            state = None
        now = time.monotonic()
        if state != last:
            last, since = state, now
        elif done(state) and now - since >= STABLE_S:
            return state
        if now > deadline:
            return state
        page.wait_for_timeout(POLL_MS)


@dataclass
class Trial:
    """One query typed into one engine's site: what the first result was and where it landed."""

    engine: str
    query: str
    vault: str
    kind: str
    expected: str
    results: int = 0
    first_result: str = ""
    landed: str = ""
    verdict: str = "no results"

    @property
    def hit(self) -> bool:
        return self.verdict == "hit"

    @property
    def right_page(self) -> bool:
        return self.verdict not in ("no results", "wrong page")


def site_path(url: str, base: str) -> str:
    """A URL as a path in the site, unquoted, with its query and fragment: what a failure shows."""
    parts = urlsplit(url)
    path = unquote(parts.path).removeprefix(urlsplit(base).path)
    return path + (f"?{unquote(parts.query)}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def land(page: Any, trial: Trial, base: str, query: Query, anchor: str) -> None:
    """Click the first result, wait for the page to settle, and judge where it landed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    clicked = time.monotonic()
    try:
        with page.expect_navigation(wait_until="load", timeout=NAVIGATION_TIMEOUT_MS):
            page.locator(FIRST_LINK).first.click()
    except PlaywrightTimeout:
        pass  # judged where it is
    page.wait_for_timeout(max(0.0, clicked + LANDING_MIN_S - time.monotonic()) * 1000)
    settled(page, LANDING_STATE, LANDING_TIMEOUT_S)
    trial.landed = site_path(page.url, base)
    if unquote(urlsplit(page.url).path) != unquote(urlsplit(base).path) + query.page:
        trial.verdict = "wrong page"
        return
    seen = page.evaluate(TARGET_STATE, [anchor, query.heading])
    trial.verdict = "hit" if seen == "visible" else seen


def has_results(state: list | None) -> bool:
    return bool(state and state[0])


def try_query(page: Any, engine: str, base: str, query: Query, anchor: str) -> Trial:
    """Type the query into the search box of the page shown, as a person would, and follow its first result."""
    trial = Trial(engine, query.text, query.vault, query.kind, f"{query.page}#{query.anchor}")
    box = page.locator(SEARCH_INPUT)
    box.click()
    page.wait_for_function(SEARCH_READY, timeout=SEARCH_READY_TIMEOUT_MS)
    box.fill("")  # the previous query, when it had no results to follow
    box.press_sequentially(query.text, delay=KEY_DELAY_MS)
    trial.results, first = settled(page, RESULTS_STATE, RESULTS_TIMEOUT_S, has_results) or (0, "")
    trial.first_result = site_path(first, base) if first else ""
    if trial.results:
        land(page, trial, base, query, anchor)
    return trial


def try_engine(browser: Any, engine: str, site: Path, queries: list[Query]) -> list[Trial]:
    """Every query on one engine's site, served under /study/: the first from its home page, each
    next one from the page the previous one landed on, as someone looking up one thing after another."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        with serving(site) as base:
            page = context.new_page()
            page.goto(base + quote(start_page(site)), wait_until="load")
            trials = [
                try_query(page, engine, base, query, heading_id(site, query) or query.anchor) for query in queries
            ]
    finally:
        context.close()
    hits = sum(trial.hit for trial in trials)
    run.log(f"[{queries[0].vault}] {engine}: {hits}/{len(trials)} first results on target")
    return trials


# --- report ---------------------------------------------------------------------------


def share(trials: list[Trial]) -> dict[str, Any]:
    """Hits, and first results on the right page whether or not the target is on screen."""
    hits, pages = sum(trial.hit for trial in trials), sum(trial.right_page for trial in trials)
    return {
        "hits": hits,
        "queries": len(trials),
        "share": hits / len(trials) if trials else None,
        "right_page": pages,
        "right_page_share": pages / len(trials) if trials else None,
    }


def summary(trials: list[Trial], engines: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per engine: the share overall, per vault and per kind of query, and the failures."""
    report = {}
    for engine in engines:
        mine = [trial for trial in trials if trial.engine == engine]
        kinds = sorted({trial.kind for trial in mine})
        report[engine] = share(mine) | {
            "vaults": {vault: share([trial for trial in mine if trial.vault == vault]) for vault in VAULTS},
            "kinds": {kind: share([trial for trial in mine if trial.kind == kind]) for kind in kinds},
            "failures": [asdict(trial) for trial in mine if not trial.hit],
        }
    return report


def cell(numbers: dict[str, Any]) -> str:
    """`hits/queries share (share on the right page)`."""
    if not numbers["queries"]:
        return "-"
    return f"{numbers['hits']}/{numbers['queries']} {numbers['share']:.0%} ({numbers['right_page_share']:.0%})"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def printed(report: dict[str, dict[str, Any]]) -> str:
    """The share table per engine and vault, the same per kind of query, and each engine's failures."""
    engines = tuple(report)
    overall = [["engine", *VAULTS, "all"]] + [
        [engine, *(cell(report[engine]["vaults"][vault]) for vault in VAULTS), cell(report[engine])]
        for engine in engines
    ]
    kinds = sorted({kind for engine in engines for kind in report[engine]["kinds"]})
    by_kind = [["kind", *engines]] + [
        [kind, *(cell(report[engine]["kinds"][kind]) for engine in engines)] for kind in kinds
    ]
    parts = [
        "First result on target: hits/queries share (in brackets: share on the right page, target on screen or not)",
        "",
        table(overall),
        "",
        table(by_kind),
    ]
    for engine in engines:
        parts += ["", f"Failures, {engine}:"]
        parts += [
            f"  [{failure['vault']}/{failure['kind']}] {failure['query']!r}: {failure['verdict']}; "
            f"expected {failure['expected']}, landed {failure['landed'] or '-'}"
            for failure in report[engine]["failures"]
        ] or ["  none"]
    return "\n".join(parts)


# --- main -----------------------------------------------------------------------------


def bench(work: Path, engines: tuple[str, ...]) -> tuple[list[Query], list[Trial]]:
    """Build both vaults with the engines, derive and resolve the queries, try them all."""
    from playwright.sync_api import sync_playwright

    generated = work / "generated" / "vault"
    generate.generate(GENERATED_NOTES, GENERATED_SEED, generated)
    plan = [(support.DEMO_VAULT, work / "demo", demo_queries())]
    plan.append((generated, generated.parent, generated_queries(generated)))
    with tempfile.TemporaryDirectory(prefix="search-quality-tree-") as scratch, old_engine_tree(Path(scratch)) as tree:
        built = [(build_all(vault, folder, tree, engines), wanted) for vault, folder, wanted in plan]
    resolved = [(sites, with_anchors(wanted, sites["new"])) for sites, wanted in built]
    trials: list[Trial] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=support.find_chromium(), args=support.LAUNCH_ARGS)
        for sites, queries in resolved:
            for engine in engines:
                trials += try_engine(browser, engine, sites[engine], queries)
        browser.close()
    return [query for _, queries in resolved for query in queries], trials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the numbers, queries and every trial here")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build into DIR and keep the vaults and sites")
    parser.add_argument(
        "--engines", nargs="+", choices=ENGINES, default=list(ENGINES), help="try only these (default: all three)"
    )
    args = parser.parse_args(argv)
    engines = tuple(engine for engine in ENGINES if engine in args.engines)
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-quality-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        queries, trials = bench(work, engines)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    run.log(f"done in {time.perf_counter() - started:.0f} s")
    report = summary(trials, engines)
    print(printed(report))
    if args.json:
        numbers = {
            "meta": {
                "old_engine_commit": OLD_ENGINE_COMMIT,
                "generated": {"notes": GENERATED_NOTES, "seed": GENERATED_SEED},
                "seconds": time.perf_counter() - started,
            },
            "engines": report,
            "queries": [asdict(query) for query in queries],
            "trials": [asdict(trial) for trial in trials],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
        print(f"\nNumbers: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
