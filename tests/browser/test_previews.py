"""Link previews in a real Chromium (overrides/assets/vaultmark-preview.js).

Hovering an internal link, focusing it with the keyboard or long-pressing it on a touch
screen shows its target: a heading's section, a block id's block, a note's start. The site
is a strict build of the demo vault plus two notes of this module's own, served under
`/study/`: a note of links, and the note they point at (a section with a subsection, a
table and a list item with block ids, a question). Instant navigation runs on the build the
deploy workflow makes (`deployed_base_url`). Every test ends offline-clean: no request left
127.0.0.1 and none of the site's URLs failed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.request import urlopen

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")

from playwright.sync_api import Locator, Page, expect
from test_e2e import axe_violations, swapped_article

from subpath_server import serving
from support import build_demo_with
from vaultmark import markup
from views import open_page

pytestmark = pytest.mark.browser

LINKS = "Concepts/Previews/"
CONVOLUTION = "Concepts/Convolution/"
LOSSES = "Concepts/Loss%20functions/"
LINKS_NOTE = """# Previews

Links to try: the [[Previews target#Training|training]] section, the [[Previews target#^sizes|sizes]] table,
the [[Previews target#^tip|tip]] item, the [[Previews target#Practice|practice]] question and the
[[Previews target|target]] note.
"""
TARGET_NOTE = """# Previews target

The start of the target note.

## Training

Training starts here.

### Optimizer

The optimizer detail belongs to training.

## Evaluation

Evaluation text, outside the training section.

| Layer | Params |
|---|---|
| conv1 | 448 |

^sizes

- first item
- second item holds the tip ^tip
- third item

## Practice

Q: What does dropout do at test time?
A: Nothing: it is switched off.

> [!tip]+ A hint, unfolded on its page
> Think of what changes between training and inference.
"""
# Ids that occur more than once in the document (the preview copies a part of another page).
DUPLICATE_IDS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map((node) => node.id)
  return ids.filter((id, index) => ids.indexOf(id) !== index)
}"""


@pytest.fixture(scope="module")
def previews_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    notes = {"Concepts/Previews.md": LINKS_NOTE, "Concepts/Previews target.md": TARGET_NOTE}
    with serving(build_demo_with(notes, tmp_path_factory.mktemp("previews"))) as url:
        yield url


def preview(page: Page) -> Locator:
    return page.get_by_role("tooltip")


def link(page: Page, name: str) -> Locator:
    return page.locator("article").get_by_role("link", name=name, exact=True).first


def hover(page: Page, name: str) -> Locator:
    """Hover the article's link `name` and wait for its preview; returns the preview."""
    target = link(page, name)
    target.hover()
    expect(preview(page)).to_be_visible()
    expect(target).to_have_attribute("aria-describedby", preview(page).get_attribute("id"))
    return preview(page)


def text_of(tip: Locator) -> str:
    return re.sub(r"\s+", " ", tip.inner_text())


def settled(tip: Locator) -> None:
    """Wait until the preview's math is typeset, its fade-in over and its place set for its final size."""
    tip.evaluate(
        """(node) => Promise.all([window.MathJax?.startup?.promise, ...node.getAnimations().map((a) => a.finished)])
          .then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""
    )


def move_away(page: Page) -> None:
    page.mouse.move(1, 1)
    expect(preview(page)).to_have_count(0)


# --------------------------------------------------------------------------- what a preview shows


def test_a_heading_link_shows_its_section_down_to_the_next_heading_of_its_level(
    page: Page, previews_url: str, assert_offline
) -> None:
    open_page(page, previews_url + LINKS)
    tip = hover(page, "training")
    expect(tip.locator("h2")).to_have_text("Training")
    text = text_of(tip)
    assert "Training starts here." in text and "The optimizer detail belongs to training." in text, text
    assert "Evaluation" not in text and "The start of the target note" not in text, text
    assert tip.locator(".headerlink").count() == 0
    assert not page.evaluate(DUPLICATE_IDS)
    move_away(page)
    expect(link(page, "training")).not_to_have_attribute("aria-describedby", re.compile(".*"))
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_a_section_preview_typesets_its_math(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url + CONVOLUTION)
    tip = hover(page, "CE")
    expect(tip.locator("h2")).to_have_text("Cross-entropy")
    expect(tip.locator("mjx-container").first).to_be_visible()
    assert "Label smoothing" in text_of(tip)
    assert "Mean squared error" not in text_of(tip)
    assert not page.js_errors, page.js_errors
    assert_offline()


@pytest.mark.parametrize(
    ("name", "tag", "shown", "not_shown"),
    [
        ("sizes", "table", "448", ["Evaluation text", "first item"]),  # a block id on its own line
        ("tip", "li", "second item holds the tip", ["first item", "third item"]),  # at the end of a list item
    ],
)
def test_a_block_link_shows_the_block_alone(
    page: Page, previews_url: str, assert_offline, name: str, tag: str, shown: str, not_shown: list[str]
) -> None:
    open_page(page, previews_url + LINKS)
    tip = hover(page, name)
    expect(tip.locator(":scope > *")).to_have_count(1)
    expect(tip.locator(f":scope > {tag}")).to_contain_text(shown)
    for text in not_shown:
        assert text not in text_of(tip)
    assert_offline()


def test_a_block_link_in_the_demo_shows_its_paragraph(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url + CONVOLUTION)
    tip = hover(page, "Loss functions › ^ce-def")
    expect(tip.locator(":scope > p")).to_have_count(1)
    expect(tip).to_contain_text("negative log-probability assigned to the correct class")
    assert tip.locator("h1, h2, h3").count() == 0
    assert "PyTorch" not in text_of(tip)
    assert_offline()


def test_a_note_link_shows_the_note_start(page: Page, previews_url: str, assert_offline) -> None:
    open_page(page, previews_url + LINKS)
    tip = hover(page, "target")
    expect(tip.locator("h1")).to_have_text("Previews target")
    assert "The start of the target note." in text_of(tip)
    assert "Training" not in text_of(tip)
    assert_offline()


def test_answers_in_a_preview_stay_folded(page: Page, previews_url: str, base_url: str, assert_offline) -> None:
    open_page(page, previews_url + "Concepts/Previews%20target/")
    expect(page.locator("article details[open]")).to_have_count(1)  # the hint, unfolded where it is written
    open_page(page, previews_url + LINKS)
    tip = hover(page, "practice")
    expect(tip.locator(f"details.{markup.ANSWER}")).to_have_count(1)
    expect(tip.locator("details")).to_have_count(2)
    expect(tip.locator("details[open]")).to_have_count(0)
    expect(tip.get_by_text("Think of what changes")).to_be_hidden()
    expect(tip.get_by_text("What does dropout do at test time?")).to_be_visible()
    expect(tip.get_by_text("Nothing: it is switched off.")).to_be_hidden()
    move_away(page)

    # A note that starts with its questions: the interview, from the convolution note.
    open_page(page, base_url + CONVOLUTION)
    tip = hover(page, "the interview")
    expect(tip.locator("h1")).to_have_text("Deep learning interview")
    assert tip.locator(f"details.{markup.ANSWER}").count() >= 2
    expect(tip.locator("details[open]")).to_have_count(0)
    expect(tip.get_by_text("608")).to_be_hidden()
    assert_offline()


def test_no_preview_for_a_page_that_fails_to_load(page: Page, previews_url: str) -> None:
    """The server's answer is the site's own 404 page, as GitHub Pages sends it: an article, not shown."""
    open_page(page, previews_url + LINKS)
    with urlopen(previews_url + "404.html") as response:
        not_found = response.read()
    page.route("**/Concepts/Previews%20target/", lambda route: route.fulfill(status=404, body=not_found))
    with page.expect_response(lambda response: response.status == 404):
        link(page, "target").hover()
    page.wait_for_timeout(500)  # nothing may appear once the answer is in
    expect(preview(page)).to_have_count(0)
    assert not page.js_errors, page.js_errors


def test_a_preview_stays_in_the_window(page: Page, base_url: str) -> None:
    """Below a link high in the window, above one low in it; never past an edge."""
    page.set_viewport_size({"width": 900, "height": 700})
    open_page(page, base_url + CONVOLUTION)
    target = link(page, "the interview")
    for where in (80, 640):
        if preview(page).count():
            move_away(page)
        target.evaluate("(node, y) => window.scrollBy(0, node.getBoundingClientRect().top - y)", where)
        tip = hover(page, "the interview")
        settled(tip)
        box, anchor = tip.bounding_box(), target.bounding_box()
        assert box and anchor
        if where < 350:
            assert box["y"] >= anchor["y"] + anchor["height"], (box, anchor)
        else:
            assert box["y"] + box["height"] <= anchor["y"], (box, anchor)
        assert box["y"] >= 0 and box["y"] + box["height"] <= 700, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 900, box


# --------------------------------------------------------------------------- keyboard and touch


def test_keyboard_focus_opens_a_preview_and_escape_closes_it(page: Page, previews_url: str, assert_offline) -> None:
    open_page(page, previews_url + LINKS)
    # A click on the text before the first link: Tab starts from there.
    page.locator("article p", has_text="Links to try").click(position={"x": 2, "y": 4})
    expect(preview(page)).to_have_count(0)
    training = link(page, "training")
    page.keyboard.press("Tab")
    expect(training).to_be_focused()
    expect(preview(page)).to_be_visible()
    tip_id = preview(page).get_attribute("id")
    expect(training).to_have_attribute("aria-describedby", tip_id)
    expect(page.locator(f"[aria-describedby='{tip_id}']")).to_have_count(1)
    expect(preview(page)).to_contain_text("Training starts here.")
    page.keyboard.press("Escape")
    expect(preview(page)).to_have_count(0)
    expect(training).to_be_focused()
    expect(training).not_to_have_attribute("aria-describedby", re.compile(".*"))

    # A preview shown whole is no tab stop: Tab goes on to the next link, which opens its own.
    page.keyboard.press("Tab")
    expect(link(page, "sizes")).to_be_focused()
    expect(preview(page).locator("table")).to_be_visible()
    expect(training).not_to_have_attribute("aria-describedby", re.compile(".*"))
    page.keyboard.press("Shift+Tab")
    expect(training).to_be_focused()
    expect(preview(page).locator("h2")).to_have_text("Training")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(link(page, "tip")).to_be_focused()
    expect(preview(page)).to_contain_text("second item holds the tip")
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_a_preview_too_long_to_show_whole_is_a_tab_stop_that_scrolls(page: Page, base_url: str, assert_offline) -> None:
    page.set_viewport_size({"width": 1000, "height": 600})
    open_page(page, base_url + CONVOLUTION)
    page.locator("article p", has_text="Compare with the answer in").click(position={"x": 2, "y": 4})
    interview = link(page, "the interview")
    page.keyboard.press("Tab")
    expect(interview).to_be_focused()
    tip = preview(page)
    expect(tip.locator("h1")).to_have_text("Deep learning interview")
    page.keyboard.press("Tab")  # into the preview...
    expect(tip).to_be_focused()
    assert tip.evaluate("(node) => node.scrollTop") == 0
    page.keyboard.press("End")  # ...where the keys scroll it, not the page
    page.wait_for_function("() => document.getElementById('vm-preview').scrollTop > 0")
    page.keyboard.press("Shift+Tab")  # back out to its link, still open
    expect(interview).to_be_focused()
    expect(tip).to_be_visible()
    page.keyboard.press("Tab")
    expect(tip).to_be_focused()
    page.keyboard.press("Tab")  # out again, on to the link after its own: one on this very page
    parameters = link(page, "Parameters")
    expect(parameters).to_be_focused()
    expect(preview(page).locator("h2")).to_have_text("Parameters")
    page.keyboard.press("Escape")
    expect(preview(page)).to_have_count(0)
    assert not page.js_errors, page.js_errors
    assert_offline()


@pytest.mark.parametrize("context_options", [{"has_touch": True, "viewport": {"width": 400, "height": 800}}])
def test_a_long_press_opens_a_preview_without_following_the_link(page: Page, previews_url: str, assert_offline) -> None:
    open_page(page, previews_url + LINKS)
    target = link(page, "training")
    box = target.bounding_box()
    assert box
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    touch = page.context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    expect(preview(page)).to_be_visible()  # while the finger is still down
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(preview(page).locator("h2")).to_have_text("Training")
    # Some browsers end a long-press with the context menu, others with a click: neither goes anywhere.
    assert target.evaluate(
        "(node) => !node.dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, cancelable: true}))"
    )
    target.dispatch_event("click")
    page.wait_for_timeout(300)
    assert page.url == previews_url + LINKS
    expect(preview(page)).to_be_visible()

    page.touchscreen.tap(5, 700)  # a tap elsewhere closes it
    expect(preview(page)).to_have_count(0)
    target.tap()  # and a tap on the link still follows it
    page.wait_for_url(previews_url + "Concepts/Previews%20target/#training")
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- instant navigation


def test_previews_work_after_instant_navigation(page: Page, deployed_base_url: str, assert_offline) -> None:
    open_page(page, deployed_base_url + CONVOLUTION)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__marker = 'same document'")
    hover(page, "CE")
    with swapped_article(page):
        page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{LOSSES}']").first.click()
        page.wait_for_url(deployed_base_url + LOSSES)
    assert page.evaluate("() => window.__marker === 'same document'"), "the page reloaded: no instant navigation"
    expect(preview(page)).to_have_count(0)  # the old page's preview went with it

    tip = hover(page, "Convolution")
    expect(tip.locator("h1")).to_have_text("Convolution")
    assert "A convolutional layer slides a small learned kernel" in text_of(tip)
    move_away(page)
    with swapped_article(page):
        page.go_back()
        page.wait_for_url(deployed_base_url + CONVOLUTION)
    tip = hover(page, "Loss functions › ^ce-def")
    expect(tip).to_contain_text("negative log-probability")
    assert page.evaluate("() => window.__marker === 'same document'")
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- accessibility


def serious_findings(page: Page) -> set[tuple[str, str]]:
    """axe-core's serious and critical violations as (rule, colours) pairs: a colour-contrast
    failure is the same finding wherever those two colours meet, whatever the element."""
    from axe_playwright_python.sync_playwright import Axe

    findings = set()
    for violation in Axe().run(page).response["violations"]:
        if violation.get("impact") not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            message = " ".join(check.get("message") or "" for check in node.get("any", []) + node.get("all", []))
            colours = re.search(r"foreground color: #\w+, background color: #\w+", message)
            findings.add((violation["id"], colours.group(0) if colours else ""))
    return findings


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("name", "target"),
    [("CE", LOSSES), ("the interview", "Interview/Deep%20learning%20interview/")],
    ids=["section", "note-start"],
)
def test_an_open_preview_has_no_serious_accessibility_violation(
    page: Page, base_url: str, scheme: str, name: str, target: str
) -> None:
    """In light the page with a preview open is clean. In dark the site's own pages already fail
    colour contrast in places (code highlighting, answer summaries, tags, buttons: Material's slate
    scheme and vaultmark.css), which a preview of them shows too: there a preview may bring none
    that the two pages it joins do not have already."""
    page.emulate_media(color_scheme=scheme)
    open_page(page, base_url + target)
    baseline = serious_findings(page)
    open_page(page, base_url + CONVOLUTION)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    baseline |= serious_findings(page)

    tip = hover(page, name)
    box = tip.bounding_box()
    assert box
    # Into the preview's corner: the link's hover colour (Material's accent) is not what is measured here.
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    settled(tip)  # axe measures the final colours, after the opening fade
    expect(tip).to_be_visible()
    if scheme == "light":
        violations = axe_violations(page)
        assert not violations, f"axe-core with the preview of {name!r} open:\n  " + "\n  ".join(violations)
    else:
        new = serious_findings(page) - baseline
        assert not new, f"the preview of {name!r} brings violations of its own: {sorted(new)}"
