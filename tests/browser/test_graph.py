"""The graph view in a real browser (assets/vaultmark-graph.js), on the demo site under `/study/`.

A note's graph stays closed, and graph.json unfetched, until the reader opens it; then its
neighbourhood (one or two links away) is drawn and its nodes open their notes, by mouse
and by keyboard. The Graph page shows the whole vault with a legend. What each graph
shows is read from its container (`data-nodes`, `data-edges`, `data-focused`) and from
`container.vmGraph` (each node's place on screen, the frame count), and checked against
graph.json itself. Timings are the benchmark's (bench/graph_timing.py), never asserted here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Locator, Page, expect
from test_e2e import axe_violations

from vaultmark import markup
from views import open_page

pytestmark = pytest.mark.browser

GRAPH_PAGE = "graph/"
LOCAL = f"article .{markup.GRAPH}[data-graph-page]"
FULL = f"article .{markup.GRAPH}[data-graph-full]"
PHONE = {"width": 390, "height": 844}
WAIT_FRAMES = """(count) => new Promise((done) => {
  const next = () => (--count > 0 ? requestAnimationFrame(next) : done())
  requestAnimationFrame(next)
})"""


# --------------------------------------------------------------------------- graph.json, read by the test


@pytest.fixture(scope="module")
def graph(demo_site: Path) -> dict:
    data = json.loads((demo_site / "graph.json").read_text(encoding="utf-8"))
    assert data["nodes"] and data["edges"], "the demo vault's graph is empty"
    return data


def node_index(graph: dict, url: str) -> int:
    for index, node in enumerate(graph["nodes"]):
        if unquote(node["url"]) == unquote(url):
            return index
    raise AssertionError(f"{url} is not a node of graph.json")


def neighbourhood(graph: dict, center: int, hops: int) -> tuple[set[int], int]:
    """The nodes within `hops` links of `center`, and how many edges join two of them."""
    links: dict[int, set[int]] = {}
    for s, t in graph["edges"]:
        links.setdefault(s, set()).add(t)
        links.setdefault(t, set()).add(s)
    seen, frontier = {center}, {center}
    for _ in range(hops):
        frontier = {j for i in frontier for j in links.get(i, ())} - seen
        seen |= frontier
    return seen, sum(1 for s, t in graph["edges"] if s in seen and t in seen)


@pytest.fixture(scope="module")
def note(graph: dict, demo_site: Path) -> tuple[str, int]:
    """A note with a graph that grows from one link to two (so the hops control shows a change): its path and index."""
    for index, node in enumerate(graph["nodes"]):
        one, two = neighbourhood(graph, index, 1)[0], neighbourhood(graph, index, 2)[0]
        marked = 'data-graph-page="' in (demo_site / unquote(node["url"]) / "index.html").read_text(encoding="utf-8")
        if marked and len(one) >= 2 and len(two) > len(one):
            return node["url"], index
    raise AssertionError("no note of the demo vault has more notes two links away than one")


# --------------------------------------------------------------------------- helpers


def graph_requests(requests) -> list[str]:
    return [url for url in requests.urls if url.split("?")[0].endswith("/graph.json")]


def open_local_graph(page: Page) -> Locator:
    container = page.locator(LOCAL)
    container.get_by_role("button", name="Show graph").click()
    expect(container).to_have_attribute("data-state", "ready")
    return container


def settled(page: Page, container: Locator) -> None:
    """Wait until the layout has cooled (nodes stay where they are)."""
    page.wait_for_function(
        "(element) => { const stats = element.vmGraph.stats(); return stats && !stats.hot }",
        arg=container.element_handle(),
    )


def nodes_on_screen(page: Page, container: Locator) -> dict[str, dict]:
    """Each node the graph shows, by url: its title and its centre in client pixels."""
    container.locator("canvas").scroll_into_view_if_needed()
    settled(page, container)
    return {node["url"]: node for node in container.evaluate("(element) => element.vmGraph.nodes()")}


def frames_drawn(container: Locator) -> int:
    return container.evaluate("(element) => element.vmGraph.stats().frames")


def focused(page: Page) -> str:
    """What has the keyboard focus, in a few words."""
    return page.evaluate(
        """() => { const e = document.activeElement
        return [e.tagName.toLowerCase(), e.getAttribute('role') || e.type || '', e.getAttribute('aria-label') ||
          e.textContent.trim().slice(0, 40)].join(' ') }"""
    )


def tab_until(page: Page, pattern: str, limit: int) -> list[str]:
    """Press Tab until what has the focus matches `pattern`; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if re.search(pattern, stops[-1]):
            return stops
    raise AssertionError(f"Tab never reached {pattern!r} in {limit} presses: {stops[-12:]}")


def outermost_distance(nodes: dict[str, dict]) -> float:
    points = list(nodes.values())
    return max(abs(a["x"] - b["x"]) + abs(a["y"] - b["y"]) for a in points for b in points)


# --------------------------------------------------------------------------- a note's graph


def test_a_note_fetches_the_graph_only_when_its_graph_opens(
    page: Page, base_url: str, graph: dict, note: tuple[str, int], requests, assert_offline
) -> None:
    path, index = note
    open_page(page, base_url + path)
    container = page.locator(LOCAL)
    toggle = container.get_by_role("button", name="Show graph")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    panel = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    expect(panel).to_be_hidden()
    assert not graph_requests(requests), "graph.json was fetched before the graph was opened"

    open_local_graph(page)
    expect(container.get_by_role("button", name="Hide graph")).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    canvas = panel.get_by_role("application")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("tabindex", "0")
    shown, edges = neighbourhood(graph, index, 1)
    expect(container).to_have_attribute("data-nodes", str(len(shown)))
    expect(container).to_have_attribute("data-edges", str(edges))
    expect(canvas).to_have_attribute("aria-label", re.compile(rf"^Graph of {len(shown)} notes\."))
    on_screen = nodes_on_screen(page, container)
    assert sorted(on_screen) == sorted(graph["nodes"][i]["url"] for i in shown)
    box = canvas.bounding_box()
    for node in on_screen.values():  # fitted: every node inside the canvas
        assert box["x"] <= node["x"] <= box["x"] + box["width"] and box["y"] <= node["y"] <= box["y"] + box["height"]

    # Closing and opening again draws it again from the data already loaded.
    container.get_by_role("button", name="Hide graph").click()
    expect(panel).to_be_hidden()
    open_local_graph(page)
    assert len(graph_requests(requests)) == 1, graph_requests(requests)
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_one_or_two_links_away_changes_the_notes_shown(
    page: Page, base_url: str, graph: dict, note: tuple[str, int], assert_offline
) -> None:
    path, index = note
    open_page(page, base_url + path)
    container = open_local_graph(page)
    for hops, name in ((2, "2 links away"), (1, "1 link away"), (2, "2 links away")):
        container.get_by_role("radio", name=name).check()
        shown, edges = neighbourhood(graph, index, hops)
        expect(container).to_have_attribute("data-nodes", str(len(shown)))
        expect(container).to_have_attribute("data-edges", str(edges))
        assert sorted(nodes_on_screen(page, container)) == sorted(graph["nodes"][i]["url"] for i in shown)
    # The choice (and the graph being open) stays for the next page.
    page.reload()
    expect(container).to_have_attribute("data-state", "ready")
    expect(container.get_by_role("radio", name="2 links away")).to_be_checked()
    expect(container).to_have_attribute("data-nodes", str(len(neighbourhood(graph, index, 2)[0])))
    container.get_by_role("button", name="Hide graph").click()
    page.reload()
    expect(container.get_by_role("button", name="Show graph")).to_have_attribute("aria-expanded", "false")
    assert not page.js_errors, page.js_errors
    assert_offline()


@pytest.mark.parametrize("build", ["demo", "deployed"])
def test_clicking_a_node_opens_its_note(
    page: Page, request: pytest.FixtureRequest, graph: dict, note: tuple[str, int], build: str, assert_offline
) -> None:
    """`demo`: a plain page load; `deployed` (SITE_URL set): Material's instant navigation takes
    the click, and the next page's graph is set up again in the same document."""
    root = request.getfixturevalue("base_url" if build == "demo" else "deployed_base_url")
    path, index = note
    open_page(page, root + path)
    page.evaluate("window.__marker = 'same document'")
    container = open_local_graph(page)
    on_screen = nodes_on_screen(page, container)
    target = next(url for url in sorted(on_screen) if url != graph["nodes"][index]["url"])
    page.mouse.move(on_screen[target]["x"], on_screen[target]["y"])
    expect(container.locator("[aria-live]")).to_contain_text(on_screen[target]["title"])  # what hovering names
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url(root + target)
    expect(page.locator("article h1")).to_contain_text(on_screen[target]["title"])
    same_document = page.evaluate("() => window.__marker === 'same document'")
    assert same_document == (build == "deployed"), f"{build}: instant navigation {'not ' * same_document}taken"
    # The graph was left open, so the new page opens its own, centred on itself.
    expect(container).to_have_attribute("data-graph-page", target)
    expect(container).to_have_attribute("data-state", "ready")
    assert target in nodes_on_screen(page, container)
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_dragging_moves_a_node_or_the_view_without_opening_anything(
    page: Page, base_url: str, graph: dict, note: tuple[str, int]
) -> None:
    path, index = note
    open_page(page, base_url + path)
    container = open_local_graph(page)
    before = nodes_on_screen(page, container)
    url = graph["nodes"][index]["url"]  # the page's own note stays where it is dropped
    start = before[url]
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(start["x"] + 6 * step, start["y"] + 4 * step)
    page.mouse.up()
    after = nodes_on_screen(page, container)
    assert page.url == base_url + path, "a drag opened a note"
    assert abs(after[url]["x"] - start["x"]) > 20, (start, after[url])
    # Dragging the background pans: every node moves by the same amount.
    box = container.locator("canvas").bounding_box()
    corner = (box["x"] + 8, box["y"] + 8)
    page.mouse.move(*corner)
    page.mouse.down()
    page.mouse.move(corner[0] + 40, corner[1] + 30, steps=5)
    page.mouse.up()
    panned = nodes_on_screen(page, container)
    for key, node in panned.items():
        assert node["x"] - after[key]["x"] == pytest.approx(40, abs=1.5)
        assert node["y"] - after[key]["y"] == pytest.approx(30, abs=1.5)
    assert page.url == base_url + path
    assert not page.js_errors, page.js_errors


def test_the_keyboard_reaches_every_control_and_opens_a_note(
    page: Page, base_url: str, graph: dict, note: tuple[str, int], assert_offline
) -> None:
    path, index = note
    open_page(page, base_url + path)
    container = page.locator(LOCAL)
    tab_until(page, r"^button .*Show graph", 400)
    page.keyboard.press("Enter")
    expect(container).to_have_attribute("data-state", "ready")
    assert re.search("Hide graph", focused(page)), focused(page)
    stops = tab_until(page, r"^input radio", 2)
    page.keyboard.press("ArrowRight")  # a radio group: the arrows choose
    expect(container.get_by_role("radio", name="2 links away")).to_be_checked()
    expect(container).to_have_attribute("data-nodes", str(len(neighbourhood(graph, index, 2)[0])))
    stops += tab_until(page, r"^canvas application", 5)
    assert [stop.split(" ", 2)[2] for stop in stops if stop.startswith("button")] == ["Zoom in", "Zoom out", "Fit"]

    # The arrows go through the notes: the page's own first, then the nearer ones by title.
    page.keyboard.press("ArrowRight")
    expect(container).to_have_attribute("data-focused", graph["nodes"][index]["url"])
    page.keyboard.press("ArrowRight")
    target = container.get_attribute("data-focused")
    assert target and target != graph["nodes"][index]["url"]
    title = graph["nodes"][node_index(graph, target)]["title"]
    expect(container.locator("[aria-live]")).to_contain_text(f"{title} ·")
    page.keyboard.press("ArrowLeft")
    expect(container).to_have_attribute("data-focused", graph["nodes"][index]["url"])
    for letter in "np.,s/":  # the graph's own, not Material's shortcuts (next and previous page, search)
        page.keyboard.press(letter)
    page.evaluate(WAIT_FRAMES, 10)
    assert page.url == base_url + path
    expect(page.locator(".md-search__input")).not_to_be_focused()
    page.keyboard.press("Escape")  # leaves the graph for its toggle
    assert re.search("Hide graph", focused(page)), focused(page)
    expect(container).not_to_have_attribute("data-focused", re.compile(".*"))

    tab_until(page, r"^canvas application", 6)
    page.keyboard.press("End")
    page.keyboard.press("Home")  # the first note: the page's own
    expect(container).to_have_attribute("data-focused", graph["nodes"][index]["url"])
    page.keyboard.press("ArrowRight")
    expect(container).to_have_attribute("data-focused", target)
    # Typing a title's first letters goes to the next note it begins.
    shown = [graph["nodes"][i] for i in neighbourhood(graph, index, 2)[0]]
    other = next(n for n in shown if n["url"] != target and n["title"][0].lower() != title[0].lower())
    page.keyboard.type(other["title"][:3])
    expect(container).to_have_attribute("data-focused", other["url"])
    page.keyboard.press("Home")  # a key between: the letters start afresh
    page.keyboard.type(title[:3])
    expect(container).to_have_attribute("data-focused", target)
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + target)
    expect(page.locator("article h1")).to_contain_text(title)
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- the Graph page


def test_the_graph_page_shows_every_note_with_a_legend(
    page: Page, base_url: str, graph: dict, requests, assert_offline
) -> None:
    open_page(page, base_url + GRAPH_PAGE)
    container = page.locator(FULL)
    expect(container).to_have_attribute("data-state", "ready")
    expect(container).to_have_attribute("data-nodes", str(len(graph["nodes"])))
    expect(container).to_have_attribute("data-edges", str(len(graph["edges"])))
    on_screen = nodes_on_screen(page, container)
    assert sorted(on_screen) == sorted(node["url"] for node in graph["nodes"])
    counts: dict[int, int] = {}
    for node in graph["nodes"]:
        counts[node["category"]] = counts.get(node["category"], 0) + 1
    expected = [
        f"{'No category' if category < 0 else graph['categories'][category]} {count:,}"
        for category, count in sorted(counts.items(), key=lambda item: (item[0] < 0, item[0]))
    ]
    legend = container.get_by_role("list", name="Categories")
    expect(legend.get_by_role("listitem")).to_have_text(expected)
    assert len(graph_requests(requests)) == 1

    # Zoom in, zoom out and fit, from their buttons.
    spread = outermost_distance(on_screen)
    container.get_by_role("button", name="Zoom in").click()
    assert outermost_distance(nodes_on_screen(page, container)) == pytest.approx(spread * 1.25, rel=0.02)
    container.get_by_role("button", name="Zoom out").click()
    container.get_by_role("button", name="Zoom out").click()
    assert outermost_distance(nodes_on_screen(page, container)) == pytest.approx(spread / 1.25, rel=0.02)
    container.get_by_role("button", name="Fit").click()
    assert outermost_distance(nodes_on_screen(page, container)) == pytest.approx(spread, rel=0.02)

    # At rest the graph draws nothing: its animation loop has stopped.
    frames = frames_drawn(container)
    page.evaluate(WAIT_FRAMES, 30)
    assert frames_drawn(container) == frames, "the graph kept drawing at rest"

    # Enter on a node opens it.
    page.get_by_role("application").focus()
    page.keyboard.press("Home")
    first = container.get_attribute("data-focused")
    assert first == min((node["url"] for node in graph["nodes"]), key=lambda url: on_screen[url]["title"].lower())
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + first)
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- accessibility and phones


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", ["note", "graph page"])
def test_an_open_graph_has_no_serious_accessibility_violation(
    page: Page, base_url: str, note: tuple[str, int], scheme: str, view: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    if view == "note":
        open_page(page, base_url + note[0])
        container = open_local_graph(page)
    else:
        open_page(page, base_url + GRAPH_PAGE)
        container = page.locator(FULL)
        expect(container).to_have_attribute("data-state", "ready")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    container.get_by_role("application").focus()
    page.keyboard.press("ArrowRight")  # a note focused: the status line names it
    if view == "note":
        container.get_by_role("button", name="Hide graph").hover()  # Material colours a hovered button
        page.wait_for_timeout(300)  # its colour transition
    violations = axe_violations(page)
    assert not violations, f"axe-core on the {view}'s open graph ({scheme}):\n  " + "\n  ".join(violations)


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "has_touch": True}])
def test_on_a_phone_the_graph_fits_the_width(page: Page, base_url: str, note: tuple[str, int]) -> None:
    for path in (note[0], GRAPH_PAGE):
        open_page(page, base_url + path)
        if path == GRAPH_PAGE:
            expect(page.locator(FULL)).to_have_attribute("data-state", "ready")
        else:
            open_local_graph(page)
        canvas = page.locator(f"article .{markup.GRAPH} canvas")
        box = canvas.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] <= PHONE["width"], f"{path} scrolls sideways: {widths}"
        # The canvas's pixels follow the screen's density.
        ratio = page.evaluate("() => devicePixelRatio")
        assert canvas.evaluate("(c) => c.width") == round(box["width"] * ratio)
    assert not page.js_errors, page.js_errors
