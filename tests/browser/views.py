"""Views of the demo site a test or a person looks at: how to open each one and bring it to
the state worth checking (a page loaded and quiet, an answer open, the math typeset)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, Request, expect

from vaultmark import markup

MATH_TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}

INTERVIEW = "Interview/Deep%20learning%20interview/"
NOTEBOOK = "Courses/Convolutions%20notebook/"

ALL_MATH_TYPESET = """() => {
  const nodes = [...document.querySelectorAll("article .arithmatex")];
  return nodes.length > 0 && nodes.every((node) => node.querySelector("mjx-container"));
}"""


QUIET_MS = 500  # as Playwright's "networkidle": no request in flight for this long
QUIET_TIMEOUT_MS = 20_000


class InFlight:
    """The requests a page has started and not yet seen finish or fail.

    It stands in for Playwright's "networkidle", which its docs discourage: in one full CI run
    it did not come within 20 s on the tags index, and the timeout said nothing of why.
    Counting the requests here means a page that is really busy names what it waits for.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pending: set[Request] = set()
        self.last_change = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.pending.clear()  # a new document: what the previous one asked for no longer counts
        self.pending.add(request)
        self.last_change = time.monotonic()

    def _ended(self, request: Request) -> None:
        self.pending.discard(request)
        self.last_change = time.monotonic()

    def wait_until_quiet(self) -> None:
        deadline = time.monotonic() + QUIET_TIMEOUT_MS / 1000
        while self.pending or time.monotonic() - self.last_change < QUIET_MS / 1000:
            assert time.monotonic() < deadline, f"{self.page.url}: still waiting for {[r.url for r in self.pending]}"
            self.page.wait_for_timeout(50)  # lets Playwright deliver the request events


def in_flight(page: Page) -> InFlight:
    """The page's request counter, attached on first use (before a navigation, to see all of it)."""
    tracker = getattr(page, "vm_in_flight", None)
    if tracker is None:
        tracker = InFlight(page)
        page.vm_in_flight = tracker  # type: ignore[attr-defined]
    return tracker


def settle(page: Page) -> None:
    """Wait until the page is quiet: loaded, no request in flight, MathJax's first typeset done, fonts ready."""
    tracker = in_flight(page)
    page.wait_for_load_state("load")
    page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")
    page.evaluate("() => document.fonts.ready.then(() => null)")
    tracker.wait_until_quiet()


def open_page(page: Page, url: str) -> None:
    in_flight(page)
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    settle(page)


def expect_title(page: Page, title: str) -> None:
    """The article's h1 reads `title` (Material appends a ¶ permalink to it)."""
    expect(page.locator("article h1")).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))


def home(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    expect_title(page, "ML study notes")


def study_answer_open(page: Page, base_url: str) -> None:
    """The interview note with its first answer opened, the others still folded."""
    open_page(page, base_url + INTERVIEW)
    answer = page.locator(f"article details.{markup.ANSWER}").first
    expect(answer).not_to_have_attribute("open", re.compile(".*"))
    answer.locator(":scope > summary").click()
    expect(answer).to_have_attribute("open", re.compile(".*"))
    expect(answer.locator(":scope > :not(summary)").first).to_be_visible()
    assert page.locator(f"article details.{markup.ANSWER}[open]").count() == 1


def notebook(page: Page, base_url: str) -> None:
    open_page(page, base_url + NOTEBOOK)
    page.wait_for_function(ALL_MATH_TYPESET, timeout=MATH_TIMEOUT_MS)
    expect(page.locator("article .jp-Cell").first).to_be_visible()


SEARCH_QUERY = "running averages"


def search_results(page: Page, base_url: str) -> None:
    """Material's search box with the results of a two-word query."""
    open_page(page, base_url)
    page.keyboard.press("/")  # opens the search box on a phone too, where it hides behind an icon
    page.keyboard.type(SEARCH_QUERY, delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.wait_for_timeout(300)


def search_landing(page: Page, base_url: str) -> None:
    """The first result chosen: its card open at the match, the words highlighted."""
    search_results(page, base_url)
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_url(re.compile("#"))
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()
    page.wait_for_timeout(300)


def study_session(page: Page, base_url: str) -> None:
    """A study session over the notebook: its first card revealed, math typeset with the notebook's macros."""
    open_page(page, base_url + NOTEBOOK)
    page.get_by_role("button", name=re.compile(r"^Study this page")).click()
    dialog = page.locator("dialog.vm-session")
    expect(dialog.locator(".vm-session__question")).not_to_be_empty()
    page.keyboard.press("Space")
    expect(dialog.get_by_role("button", name=re.compile("^Good"))).to_be_focused()
    expect(dialog.locator(".vm-session__answer mjx-container").first).to_be_visible(timeout=MATH_TIMEOUT_MS)
    page.wait_for_timeout(300)


def review_page(page: Page, base_url: str) -> None:
    """The Review page: counts by category and tag, and the progress tools."""
    open_page(page, base_url + "review/")
    expect(page.locator("article .vm-review__total")).to_contain_text("new")


def backlinks(page: Page, base_url: str) -> None:
    """A note that others link to, with its "Linked from" section at the end."""
    open_page(page, base_url + "Concepts/Loss%20functions/")
    expect(page.locator(f"aside.{markup.BACKLINKS}").get_by_role("link")).to_have_count(2)


def tag_page(page: Page, base_url: str) -> None:
    """A parent tag's page: its nested tag grouped under it."""
    open_page(page, base_url + "tags/ml/")
    expect(page.locator("article h2", has_text="#ml/vision")).to_be_visible()


def local_graph(page: Page, base_url: str) -> None:
    """A note's graph opened: its neighbours, the note itself highlighted."""
    open_page(page, base_url + "Concepts/Loss%20functions/")
    page.get_by_role("button", name="Show graph").click()
    expect(page.locator(f".{markup.GRAPH}[data-state=ready]")).to_have_count(1)
    page.locator(f".{markup.GRAPH}").scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the layout settles


def full_graph(page: Page, base_url: str) -> None:
    """The Graph page: every note, coloured by category, with its legend."""
    open_page(page, base_url + "graph/")
    expect(page.locator(f".{markup.GRAPH}[data-state=ready]")).to_have_count(1)
    page.wait_for_timeout(1500)


def link_preview(page: Page, base_url: str) -> None:
    """A heading link pointed at: the preview shows that section, its answers folded."""
    open_page(page, base_url + "Concepts/Convolution/")
    link = page.locator("article a", has_text="Loss functions › Cross-entropy").first
    link.scroll_into_view_if_needed()
    link.hover()
    expect(page.locator("[role=tooltip].vm-preview")).to_be_visible()
    page.wait_for_timeout(500)


VIEWS: dict[str, Callable[[Page, str], None]] = {
    "home": home,
    "study-answer-open": study_answer_open,
    "notebook": notebook,
    "search-results": search_results,
    "search-landing": search_landing,
    "study-session": study_session,
    "review": review_page,
    "backlinks": backlinks,
    "tag-page": tag_page,
    "local-graph": local_graph,
    "full-graph": full_graph,
    "link-preview": link_preview,
}
