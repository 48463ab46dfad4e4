"""How fast the graph page opens and how smoothly it moves, in Chromium.

    .venv/bin/python bench/graph_timing.py --notes 3000 [--repeat 3]
    .venv/bin/python bench/graph_timing.py --synthetic 3000 [--repeat 3]

`--notes N` generates a vault (bench/generate.py, seed 1), builds it with the project's
mkdocs.yml and measures the graph page of that build (the page holding
`.vm-graph[data-graph-full]`) with the graph.json it wrote. `--synthetic N` builds the
demo vault instead and replaces its graph.json with a random graph of N nodes shaped like
a vault (categories of uneven sizes, degrees from preferential attachment, most links
inside a category): a larger graph than any vault at hand, without a long build.

Measured, with the site served under /study/ (no compression, no cache):

* first frame: `performance.getEntriesByName("vm-graph-drawn")[0].startTime`, the mark
  the graph sets right after drawing its first frame, in milliseconds from the start of
  the navigation (the page's time origin);
* settled: from the same origin until the layout has cooled (its animation loop stopped);
* graph.json: its size as served, and gzipped (what a host that compresses would send);
* dragging: after the layout settles, the busiest node on screen is dragged round a
  circle for 3 s with Playwright's mouse, each move sent as soon as the last one was
  delivered (their rate is in the table). A requestAnimationFrame loop of the benchmark's
  own records every frame the browser made meanwhile; fps per frame is 1000 / its
  interval, reported as the median and the 5th percentile (the slow frames). "graph
  frames/s" counts the frames the graph itself drew (its own loop, from its
  `vmGraph.stats()`) over the 3 s: the mean rate.

Figures are medians over `--repeat` fresh browser contexts. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import re
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
from subpath_server import serving  # noqa: E402

DRAG_SECONDS = 3.0

# The benchmark's own frame recorder (not the site's code): every frame's timestamp.
RECORD_FRAMES = """() => {
  const times = []
  const state = { on: true, times }
  const loop = (time) => { times.push(time); if (state.on) requestAnimationFrame(loop) }
  requestAnimationFrame(loop)
  window.__graphBenchFrames = state
}"""
STOP_FRAMES = "() => { const state = window.__graphBenchFrames; state.on = false; return state.times }"
GRAPH = "document.querySelector('article .vm-graph[data-graph-full]')"


# --------------------------------------------------------------------------- the sites


def synthetic_graph(nodes: int, seed: int = 1) -> dict:
    """A random graph shaped like a vault: uneven categories, a few hubs, most links within a category."""
    rng = random.Random(f"graphbench:{seed}")
    categories = generate.CATEGORIES[:10]
    weights = [1 / (rank + 1) for rank in range(len(categories))]  # a few big categories, many small
    ends: list[int] = []  # each node once per link it has, plus once: preferential attachment
    by_category: list[list[int]] = [[] for _ in categories]
    node_list, edges = [], set()
    for index in range(nodes):
        category = rng.choices(range(len(categories)), weights)[0]
        title = f"{rng.choice(generate.MODIFIERS).capitalize()} {rng.choice(generate.TOPICS)} {index}"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        node_list.append({"title": title, "url": f"synthetic/{slug}/", "category": category})
        links = min(index, max(1, round(rng.lognormvariate(math.log(2.5), 0.6))))
        for _ in range(links):
            pool = by_category[category] if by_category[category] and rng.random() < 0.75 else ends
            other = rng.choice(pool)
            if other != index:
                edges.add((min(index, other), max(index, other)))
                ends.append(other)
                by_category[node_list[other]["category"]].append(other)
        ends.append(index)
        by_category[category].append(index)
    return {"categories": categories, "nodes": node_list, "edges": sorted([list(edge) for edge in edges])}


def full_graph_page(site: Path) -> str:
    """The path (below the site root) of the page the build gave the full graph."""
    for page in sorted(site.rglob("index.html")):
        if "data-graph-full" in page.read_text(encoding="utf-8"):
            folder = page.parent.relative_to(site).as_posix()
            return "" if folder == "." else folder + "/"
    raise SystemExit(f"no page of {site} holds the full graph (.vm-graph[data-graph-full])")


def built_site(work: Path, notes: int | None) -> Path:
    """The generated vault of `notes` notes built (or, with None, the demo vault)."""
    vault = support.DEMO_VAULT
    if notes is not None:
        vault = work / "vault"
        generate.generate(notes, 1, vault)
    site = work / "site"
    started = time.perf_counter()
    process = support.build_site(vault, site, strict=False, SITE_URL="", REPO_URL="", ANKI_DECKS="false")
    if process.returncode != 0:
        raise SystemExit(f"the build failed:\n{process.stderr[-3000:]}")
    print(f"built {'the demo vault' if notes is None else f'{notes} notes'} in {time.perf_counter() - started:.0f} s")
    return site


# --------------------------------------------------------------------------- the browser


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def measure_once(browser, url: str, degrees: list[int]) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"() => {GRAPH}?.dataset.state === 'ready'", timeout=60_000)
    first = page.evaluate("() => performance.getEntriesByName('vm-graph-drawn')[0].startTime")
    page.wait_for_function(f"() => {GRAPH}.vmGraph.stats().hot === false", timeout=120_000, polling=50)
    settled = page.evaluate("() => performance.now()")
    graph = page.evaluate(f"() => [+{GRAPH}.dataset.nodes, +{GRAPH}.dataset.edges]")
    canvas = page.locator("article .vm-graph canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    radius = min(box["width"], box["height"]) / 6
    # The busiest node whose circle of drag stays on the canvas and in the window: the
    # heaviest to drag, as its links pull the most.
    bottom = min(box["y"] + box["height"], page.viewport_size["height"])
    nodes = page.evaluate(f"() => {GRAPH}.vmGraph.nodes()")
    inside = [
        i
        for i, n in enumerate(nodes)
        if box["x"] + radius < n["x"] < box["x"] + box["width"] - radius and box["y"] + 2 * radius < n["y"] < bottom
    ]
    busiest = max(inside, key=lambda i: degrees[i])
    x, y = nodes[busiest]["x"], nodes[busiest]["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    before = page.evaluate(f"() => {GRAPH}.vmGraph.stats()")
    page.evaluate(RECORD_FRAMES)
    started, moves = time.perf_counter(), 0
    while (elapsed := time.perf_counter() - started) < DRAG_SECONDS:
        angle = elapsed * 2 * math.pi / 1.5
        page.mouse.move(x + radius * math.sin(angle), y - radius * (1 - math.cos(angle)))
        moves += 1
    times = page.evaluate(STOP_FRAMES)
    after = page.evaluate(f"() => {GRAPH}.vmGraph.stats()")
    page.mouse.up()
    context.close()
    if after["ticks"] == before["ticks"]:
        raise SystemExit(f"the drag of {nodes[busiest]['title']!r} did not move the layout")
    intervals = [b - a for a, b in zip(times, times[1:], strict=False) if b > a]
    fps = [1000 / interval for interval in intervals]
    return {
        "nodes": graph[0],
        "edges": graph[1],
        "first_ms": first,
        "settled_ms": settled,
        "fps_median": statistics.median(fps),
        "fps_p5": percentile(fps, 0.05),
        "graph_fps": (after["frames"] - before["frames"]) / DRAG_SECONDS,
        "moves_per_s": moves / DRAG_SECONDS,
    }


def measure(site: Path, path: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    raw = (site / "graph.json").read_bytes()
    graph = json.loads(raw)
    degrees = [0] * len(graph["nodes"])  # the full graph shows every node, in graph.json's order
    for s, t in graph["edges"]:
        degrees[s] += 1
        degrees[t] += 1
    runs = []
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=support.find_chromium(), args=support.LAUNCH_ARGS)
        for _ in range(repeat):
            runs.append(measure_once(browser, base + path, degrees))
        browser.close()
    found = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return found | {"json_kb": len(raw) / 1024, "gzip_kb": len(gzip.compress(raw, 6)) / 1024}


# --------------------------------------------------------------------------- the report

COLUMNS = [
    ("vault", "{vault}"),
    ("nodes", "{nodes:,.0f}"),
    ("edges", "{edges:,.0f}"),
    ("graph.json KB (gzip)", "{json_kb:,.0f} ({gzip_kb:,.0f})"),
    ("first frame ms", "{first_ms:,.0f}"),
    ("settled ms", "{settled_ms:,.0f}"),
    ("drag fps median / 5th pct", "{fps_median:.0f} / {fps_p5:.0f}"),
    ("graph frames/s", "{graph_fps:.0f}"),
    ("pointer moves/s", "{moves_per_s:.0f}"),
]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(form.format(**row) for _, form in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = parser.add_mutually_exclusive_group(required=True)
    sizes.add_argument("--notes", type=int, nargs="+", help="generated vaults of these sizes, built with their graph")
    sizes.add_argument("--synthetic", type=int, nargs="+", help="random graphs of these sizes in the demo site")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where vaults and sites go (default: a temporary folder)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        work = args.workdir or Path(temporary)
        for size in args.notes or args.synthetic:
            folder = work / f"{'notes' if args.notes else 'synthetic'}-{size}"
            shutil.rmtree(folder / "site", ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
            if args.notes:
                site = built_site(folder, size)
                if not (site / "graph.json").exists():
                    raise SystemExit("the build wrote no graph.json; measure a --synthetic graph instead")
                path, vault = full_graph_page(site), f"generated, {size:,} notes"
            else:
                site = built_site(folder, None)
                graph = json.dumps(synthetic_graph(size), separators=(",", ":"))
                (site / "graph.json").write_text(graph, encoding="utf-8")  # in place of the demo vault's
                path, vault = full_graph_page(site), f"synthetic, {size:,} nodes"
            rows.append({"vault": vault} | measure(site, path, args.repeat))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    print(f"\nload average after the run (1, 5, 15 min): {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
