"""What study mode and the Anki decks cost a build, and how fast "Review all due" shows its first card.

    .venv/bin/python bench/cards_timing.py --notes 1000 3000 [--due 200] [--repeat 3]

For each size, generates a vault (bench/generate.py, seed 1) and builds it in this process,
timing the study manager's own work (taking each page's cards, writing the study files)
and the Anki manager's (every deck, then their links) against the whole build. Then, in Chromium, with the site served under a sub-path, it stores progress
that makes `--due` cards due, opens the Review page and clicks "Review all due": the time
from the click to the first card's question on screen (read with performance.now() in the
page), and the bytes of study data fetched. Two layouts of the due cards: "clustered"
(whole pages studied together, so they come due together, as when a student works
through notes) and "scattered" (each due card on a different page, the worst case).
Numbers are medians of `--repeat` runs; the build baseline is the same build's total.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests"), str(REPO / "hooks")]

import generate  # noqa: E402  (bench/generate.py)

import support  # noqa: E402  (tests/support.py)
from subpath_server import PREFIX, serving  # noqa: E402

STORE_KEY = f"vaultmark-study:{PREFIX}/"
DAY_MS = 86_400_000
# From the click to the first question shown, timed inside the page.
CLICK_TO_FIRST_CARD = """async () => {
  const button = [...document.querySelectorAll("article button")].find((b) => b.textContent.startsWith("Review all due"))
  const started = performance.now()
  const mark = performance.getEntriesByType("resource").length
  button.click()
  await new Promise((resolve) => {
    const check = () => {
      const question = document.querySelector("dialog.vm-session .vm-session__question")
      if (question && question.textContent.trim()) resolve()
      else requestAnimationFrame(check)
    }
    check()
  })
  const elapsed = performance.now() - started
  const fetched = performance.getEntriesByType("resource").slice(mark)
    .filter((entry) => entry.name.includes("/study/"))
  return { ms: elapsed, bytes: fetched.reduce((sum, entry) => sum + entry.encodedBodySize, 0), files: fetched.length,
    queue: document.querySelector("dialog.vm-session .vm-session__progress").textContent }
}"""


# Seconds the timed managers spent in the current build (reset by each timed_build).
SPENT = {"study_s": 0.0, "anki_s": 0.0}


def _time_managers() -> None:
    """Wrap the study and Anki managers' steps so they add their time to SPENT (once per process)."""
    from vaultmark_mkdocs import anki, study

    for owner, name, key in (
        (study.StudyManager, "page_content", "study_s"),
        (study.StudyManager, "write", "study_s"),
        (anki.AnkiManager, "write", "anki_s"),
    ):
        original = getattr(owner, name)

        def wrapped(self, *args, _original=original, _key=key, **kwargs):
            started = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                SPENT[_key] += time.perf_counter() - started

        setattr(owner, name, wrapped)


def timed_build(vault: Path, site: Path) -> dict:
    """A full build in this process, with the study and Anki managers' steps timed."""
    os.environ.update(support.mkdocs_env(vault, SITE_URL="", REPO_URL=""))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if not hasattr(timed_build, "patched"):
        _time_managers()
        timed_build.patched = True  # type: ignore[attr-defined]
    SPENT.update(study_s=0.0, anki_s=0.0)
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site))
    started = time.perf_counter()
    build(config)
    return {**SPENT, "build_s": time.perf_counter() - started}


def due_progress(index: dict, due: int, layout: str, now_ms: int) -> dict:
    """Stored progress that makes `due` cards due yesterday, laid out over the pages as `layout` says."""
    rng = random.Random(7)
    pages = [page for page in index["pages"] if page["cards"]]
    chosen: list[tuple[dict, int]] = []
    if layout == "clustered":
        for page in rng.sample(pages, len(pages)):
            chosen += [(page, ordinal) for ordinal in range(len(page["cards"]))]
            if len(chosen) >= due:
                break
    else:
        chosen = [(page, rng.randrange(len(page["cards"]))) for page in rng.sample(pages, min(due, len(pages)))]
    cards = {}
    for page, ordinal in chosen[:due]:
        short = page["cards"][ordinal]
        card_id = page["source"] + short if short.startswith("#") else short
        card = {
            "state": 2,
            "step": None,
            "stability": 5.0,
            "difficulty": 5.0,
            "due": now_ms - DAY_MS,
            "last_review": now_ms - 6 * DAY_MS,
        }
        cards[card_id] = {
            "card": card,
            "first": now_ms - 30 * DAY_MS,
            "last": now_ms - 6 * DAY_MS,
            "reviews": 3,
            "page": page["source"],
            "ordinal": ordinal,
        }
    return {"version": 1, "cards": cards}


def measure_session(site: Path, due: int, layout: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    index = json.loads((site / "study" / "index.json").read_text(encoding="utf-8"))
    runs = []
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=support.find_chromium(), args=support.LAUNCH_ARGS)
        for _ in range(repeat):
            context = browser.new_context()
            page = context.new_page()
            now_ms = int(time.time() * 1000)
            progress = json.dumps(due_progress(index, due, layout, now_ms))
            page.add_init_script(f"localStorage.setItem({json.dumps(STORE_KEY)}, {json.dumps(progress)})")
            started = time.perf_counter()
            page.goto(url + "review/", wait_until="load")
            page.wait_for_function(
                "() => [...document.querySelectorAll('article button')]"
                ".some((b) => b.textContent.startsWith('Review all due') && !b.disabled)"
            )
            panel_s = time.perf_counter() - started
            index_bytes = page.evaluate("""() => performance.getEntriesByType("resource")
              .filter((entry) => entry.name.includes("/study/index.json"))
              .reduce((sum, entry) => sum + entry.encodedBodySize, 0)""")
            result = page.evaluate(CLICK_TO_FIRST_CARD)
            result.update(panel_s=panel_s, index_bytes=index_bytes)
            # Every card file the whole session needs (the files of the pages of its due cards).
            files = {
                p["file"]
                for p in index["pages"]
                if any(
                    (p["source"] + s if s.startswith("#") else s) in json.loads(progress)["cards"] for s in p["cards"]
                )
            }
            result["session_bytes"] = sum((site / file.split("?")[0]).stat().st_size for file in files)
            runs.append(result)
            context.close()
        browser.close()
    return {
        key: statistics.median(run[key] for run in runs)
        for key in ("ms", "bytes", "files", "panel_s", "index_bytes", "session_bytes")
    } | {"queue": runs[0]["queue"]}


def report(notes: int, work: Path, due: int, repeat: int) -> None:
    vault, site = work / "vault", work / "site"
    if not vault.exists():
        generate.generate(notes, 1, vault)
    shutil.rmtree(site, ignore_errors=True)
    build = timed_build(vault, site)
    index = json.loads((site / "study" / "index.json").read_text(encoding="utf-8"))
    cards = sum(len(page["cards"]) for page in index["pages"])
    card_bytes = sum(path.stat().st_size for path in (site / "study" / "cards").iterdir())
    decks = sorted((site / "anki").iterdir(), key=lambda path: path.stat().st_size, reverse=True)
    share = {key: 100 * build[key] / build["build_s"] for key in ("study_s", "anki_s")}
    print(f"{notes} notes: {len(index['pages'])} pages with {cards} cards")
    print(
        f"build {build['build_s']:.1f} s, of which study data {build['study_s']:.2f} s ({share['study_s']:.1f} %), "
        f"Anki decks {build['anki_s']:.2f} s ({share['anki_s']:.1f} %)"
    )
    print(
        f"study index {(site / 'study' / 'index.json').stat().st_size / 1024:.0f} KB, "
        f"card files {card_bytes / 1024:.0f} KB in all; {len(decks)} Anki decks, the vault's "
        f"{decks[0].stat().st_size / 1024:.0f} KB, all {sum(path.stat().st_size for path in decks) / 1024:.0f} KB"
    )
    for layout in ("clustered", "scattered"):
        found = measure_session(site, due, layout, repeat)
        print(
            f"review all due, {due} due ({layout}): first card {found['ms']:.0f} ms after the click, "
            f"{(found['index_bytes'] + found['bytes']) / 1024:.0f} KB to it (index "
            f"{found['index_bytes'] / 1024:.0f} KB loaded with the page, {found['files']:.0f} card file(s) "
            f"{found['bytes'] / 1024:.0f} KB); the whole session's card files {found['session_bytes'] / 1024:.0f}"
            f" KB; Review page ready {found['panel_s']:.2f} s; queue {found['queue']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 3000], help="vault sizes")
    parser.add_argument("--due", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where vaults and sites go (default: a temporary folder)")
    args = parser.parse_args(argv)
    for notes in args.notes:
        with tempfile.TemporaryDirectory() as temporary:
            report(notes, (args.workdir or Path(temporary)) / str(notes), args.due, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
