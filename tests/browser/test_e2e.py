"""End-to-end checks of the whole built site in a real Chromium, served under `/study/`.

1. every page loads cleanly: no console error, no script error, no failed or foreign request;
2. every formula of the math-heavy pages is typeset, also after instant navigation;
3. the palette toggle persists across pages, and the mobile drawer reaches every category;
4. axe-core finds no serious or critical accessibility violation;
5. the views tests/screenshots.py photographs for people open without a script error.

Fixtures (`page`, `base_url`, `deployed_base_url`, `demo_site`, ...) come from conftest.py.
Waits are explicit (`wait_for_*`, `expect`), never fixed sleeps.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from views import (
    ALL_MATH_TYPESET,
    DESKTOP,
    INTERVIEW,
    MATH_TIMEOUT_MS,
    MOBILE,
    NOTEBOOK,
    VIEWS,
    expect_title,
    open_page,
    settle,
)

pytestmark = pytest.mark.browser

CATEGORIES = ("Concepts", "Courses", "Interview", "Scribbles")
# The math-heavy pages, as URL paths below the site root.
MATH_PAGES = ("Concepts/Convolution/", "Scribbles/Scribbles/", NOTEBOOK, "writing-notes/")


# --------------------------------------------------------------------------- helpers


def site_pages(site: Path) -> list[str]:
    """URL paths (relative to the site root, percent-encoded) of every page of a build:
    each `index.html` as its directory URL, plus `404.html`. MathJax and theme assets are not pages."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        if relative == "index.html":
            paths.append("")
        elif relative.endswith("/index.html"):
            paths.append(quote(relative[: -len("index.html")]))
        else:
            paths.append(quote(relative))
    return paths


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PageWatch:
    """Records, per page URL, everything that went wrong while the page loaded and ran.

    A problem is filed under the URL the page showed when the browser reported it (events are
    delivered in order, so that is the page that caused it, also with instant navigation)."""

    origin: str
    page: Page | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)

    def attach(self, page: Page) -> PageWatch:
        self.page = page
        page.on(
            "console",
            lambda message: (
                self.add(f"console error: {message.text} ({message.location.get('url')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.add(f"uncaught script error: {error}\n        {self._stack(error)}"))
        page.on("requestfailed", lambda request: self.add(f"request failed ({request.failure}): {request.url}"))
        page.on(
            "response",
            lambda response: (
                self.add(f"HTTP {response.status}: {response.url}")
                if response.status >= 400 and origin_of(response.url) == self.origin
                else None
            ),
        )
        page.on("request", self._check_host)
        return self

    @staticmethod
    def _stack(error) -> str:
        lines = (error.stack or "").splitlines()[1:4]
        return " / ".join(line.strip() for line in lines)

    def _check_host(self, request) -> None:
        scheme = urlsplit(request.url).scheme
        if scheme not in ("data", "blob", "about") and origin_of(request.url) != self.origin:
            self.add(f"request to another host: {request.url}")

    def add(self, problem: str) -> None:
        url = self.page.url if self.page is not None else "?"
        self.problems.setdefault(url, []).append(problem)

    def report(self) -> str:
        lines = []
        for url, problems in self.problems.items():
            if problems:
                lines.append(f"  {url}")
                lines += [f"      {problem}" for problem in dict.fromkeys(problems)]  # de-duplicated, in order
        return "\n".join(lines)


# Everything about the math of the article: counts, MathJax errors, and its visible text with
# every answer and callout opened and code (`pre`, `code`) left out.
MATH_STATE = """() => {
  const article = document.querySelector("article");
  article.querySelectorAll("details").forEach((details) => (details.open = true));
  const nodes = [...article.querySelectorAll(".arithmatex")];
  const untypeset = nodes.filter((node) => !node.querySelector("mjx-container"))
    .map((node) => node.textContent.trim().slice(0, 60));
  const errors = [...document.querySelectorAll("mjx-merror")]
    .map((node) => (node.getAttribute("data-mjx-error") || node.textContent).slice(0, 80));
  const hide = document.createElement("style");
  hide.textContent = "article pre, article code { display: none !important; }";
  document.head.append(hide);
  const text = article.innerText;
  hide.remove();
  return { total: nodes.length, untypeset, errors, text };
}"""

# TeX left as text: `$...$` / `$$` the way Obsidian and Pandoc delimit math (the opening `$` is
# followed by a non-space, the closing one preceded by a non-space and not followed by a digit,
# so prose such as "costs $2 and $8" is not math), MathJax delimiters, and TeX commands.
RAW_TEX = re.compile(
    r"\$\$"
    r"|\$[^\s$](?:[^$\n]*[^\s$\\])?\$(?!\d)"
    r"|\\[()\[\]]"
    r"|\\(?:frac|sum|begin\{|end\{)"
    r"|\\[A-Za-z]{2,}"
)


def raw_tex_in(text: str) -> list[str]:
    """Each raw TeX fragment of `text`, with a little context."""
    found = []
    for match in RAW_TEX.finditer(text):
        start, end = max(match.start() - 25, 0), min(match.end() + 25, len(text))
        found.append(f"{match.group(0)!r} in {text[start:end]!r}")
    return found


def math_problems(page: Page) -> list[str]:
    """Wait for MathJax to typeset the article, then list everything not rendered as math."""
    try:
        page.wait_for_function(ALL_MATH_TYPESET, timeout=MATH_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        pass  # reported below, with the formulas that were left
    state = page.evaluate(MATH_STATE)
    problems = []
    if state["total"] == 0:
        problems.append("no .arithmatex element at all (was the math lost?)")
    problems += [f"not typeset: {tex!r}" for tex in state["untypeset"]]
    problems += [f"MathJax error (mjx-merror): {error!r}" for error in state["errors"]]
    problems += [f"raw TeX in the visible text: {fragment}" for fragment in raw_tex_in(state["text"])]
    return problems


def test_raw_tex_detector() -> None:
    """The detector behind the math tests: finds TeX left as text, ignores prices."""
    for text in (
        "area $x^2$ here",
        "$$\nx\n$$",
        "so $a$.",
        r"a \frac{1}{2} b",
        r"\begin{aligned}",
        r"\(x\)",
        r"\sum_i",
        r"\alpha",
    ):
        assert raw_tex_in(text), text
    for text in (
        "costs $2 and $8 per hour",
        "Two GPUs cost $5 and $10 per hour.",
        "The run cost $42 in total.",
        "about $80.",
        "x = 2",
        "it's 5 $ or 6 $",
    ):
        assert not raw_tex_in(text), (text, raw_tex_in(text))


# --------------------------------------------------------------------------- 1. every page loads cleanly


@pytest.mark.parametrize("build", ["demo", "deployed"])
def test_every_page_loads_without_errors(request, page: Page, demo_site: Path, build: str) -> None:
    """Every page of the build (categories, tags, writing notes, the notebook, 404.html): no console
    error, no uncaught exception, no failed request, no HTTP error from the site, nothing from another host.

    `demo` is the plain build (no site_url); `deployed` is built like the deploy workflow (SITE_URL set).
    """
    root = request.getfixturevalue("base_url" if build == "demo" else "deployed_base_url")
    paths = site_pages(demo_site)
    if build == "demo":
        # The 404 page answers for any URL, so its links are absolute and only right when SITE_URL
        # says where the site lives (as the Pages workflow sets it): the `deployed` build checks it.
        paths = [path for path in paths if path != "404.html"]
    for expected in ("", "categories/concepts/", "tags/", "writing-notes/", NOTEBOOK, INTERVIEW):
        assert expected in paths, f"{expected!r} missing from the pages found in the build: {paths}"
    watch = PageWatch(origin_of(root)).attach(page)
    for path in paths:
        url = root + path
        response = page.goto(url)
        if response is None or not response.ok:
            watch.add(f"the page itself answered {response and response.status}: {url}")
            continue
        settle(page)
    broken = watch.report()
    assert not broken, f"{build} build: problems on {len(paths)} pages served under /study/:\n{broken}"


# --------------------------------------------------------------------------- 2. math


@pytest.mark.parametrize("path", MATH_PAGES)
def test_every_formula_is_typeset(page: Page, base_url: str, path: str) -> None:
    open_page(page, base_url + path)
    problems = math_problems(page)
    assert not problems, f"math on {page.url}:\n  " + "\n  ".join(problems)
    assert not page.js_errors, page.js_errors


@contextmanager
def swapped_article(page: Page) -> Iterator[None]:
    """Wait, after the navigation in the block, until instant navigation has replaced the
    article: the URL changes at the click, the content only once the new page has arrived."""
    page.evaluate("() => { document.querySelector('article').dataset.vmLeaving = 'yes' }")
    yield
    page.wait_for_function("() => !document.querySelector('article[data-vm-leaving]')")


def test_every_formula_is_typeset_after_instant_navigation(page: Page, deployed_base_url: str) -> None:
    """Built like the deploy workflow (SITE_URL set, so instant navigation is on): move between the
    math pages through the navigation, and back, without any page reload."""
    watch = PageWatch(origin_of(deployed_base_url)).attach(page)
    open_page(page, deployed_base_url)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__marker = 'same document'")

    problems: list[str] = []
    for path in (*MATH_PAGES, "Concepts/Convolution/"):
        with swapped_article(page):
            page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{path}']").first.click()
            page.wait_for_url(deployed_base_url + path)
        assert page.evaluate("() => window.__marker === 'same document'"), (
            f"going to {path} reloaded the page: instant navigation is not active"
        )
        problems += [f"{path} (instant): {problem}" for problem in math_problems(page)]
    for path in reversed(MATH_PAGES):  # history back through the same pages
        with swapped_article(page):
            page.go_back()
            page.wait_for_url(deployed_base_url + path)
        assert page.evaluate("() => window.__marker === 'same document'"), f"going back to {path} reloaded the page"
        problems += [f"{path} (back): {problem}" for problem in math_problems(page)]
    assert not problems, "math after instant navigation:\n  " + "\n  ".join(problems)
    broken = watch.report()
    assert not broken, f"errors during instant navigation:\n{broken}"


# --------------------------------------------------------------------------- 3. palette and mobile drawer


def test_dark_mode_toggle_persists_across_pages(page: Page, base_url: str) -> None:
    body = page.locator("body")
    toggle = page.locator("form[data-md-component=palette] label:visible")
    open_page(page, base_url)
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")

    # A full page load elsewhere on the site keeps the choice...
    open_page(page, base_url + INTERVIEW)
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # ...and so does following a link.
    page.locator("nav.md-nav--primary a.md-nav__link[href$='Concepts/Convolution/']").first.click()
    page.wait_for_url("**/Concepts/Convolution/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"

    # Back to light, which persists too.
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    open_page(page, base_url + NOTEBOOK)
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert not page.js_errors, page.js_errors


def test_mobile_drawer_reaches_every_category(page: Page, base_url: str) -> None:
    page.set_viewport_size(MOBILE)
    open_page(page, base_url)
    drawer = page.locator("#__drawer")
    primary = page.locator("nav.md-nav--primary")
    for category in CATEGORIES:
        # The desktop sidebar is hidden on a phone: the categories are only reachable through the drawer.
        expect(primary).not_to_be_in_viewport()
        page.locator("header.md-header label[for=__drawer]").click()
        expect(drawer).to_be_checked()
        expect(primary).to_be_in_viewport()
        # On a category page the drawer opens at that category's level: go back up to the top level.
        back = page.locator(
            "nav.md-nav--primary li.md-nav__item--nested:has(> input.md-toggle:checked) > nav > label.md-nav__title"
        )
        if back.count():
            back.first.click()
        link = primary.locator(".md-nav__container > a", has_text=re.compile(rf"^\s*{category}\s*$"))
        expect(link).to_be_in_viewport()
        link.click()
        page.wait_for_url(f"{base_url}categories/{category.lower()}/")
        settle(page)
        expect_title(page, category)
        expect(page).to_have_title(f"{category} - ML study notes")
        expect(drawer).not_to_be_checked()
    assert not page.js_errors, page.js_errors


# --------------------------------------------------------------------------- 4. accessibility


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in ("serious", "critical"):
            continue
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"
        )
        for node in violation["nodes"][:10]:
            detail = " | ".join(
                check["message"] for check in node.get("any", []) + node.get("all", []) if check.get("message")
            )
            lines.append(f"      {' '.join(map(str, node['target']))}  -- {detail[:200]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"      ... and {len(violation['nodes']) - 10} more")
    return lines


@pytest.mark.parametrize("path", ["", INTERVIEW, NOTEBOOK], ids=["home", "interview", "notebook"])
def test_page_has_no_serious_accessibility_violation(page: Page, base_url: str, path: str) -> None:
    page.set_viewport_size(DESKTOP)
    open_page(page, base_url + path)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n  " + "\n  ".join(violations)


def test_search_results_have_no_serious_accessibility_violation(page: Page, base_url: str) -> None:
    page.set_viewport_size(DESKTOP)
    open_page(page, base_url)
    query = page.locator("input[data-md-component=search-query]")
    query.click()
    query.press_sequentially("convolution", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    violations = axe_violations(page)
    assert not violations, "axe-core on the search results for 'convolution':\n  " + "\n  ".join(violations)


# --------------------------------------------------------------------------- 5. screenshots


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_key_views_open_without_script_errors(page: Page, base_url: str, name: str, viewport: str) -> None:
    """The views tests/screenshots.py photographs: each one reaches its state with no script error."""
    page.set_viewport_size(DESKTOP if viewport == "desktop" else MOBILE)
    VIEWS[name](page, base_url)
    assert not page.js_errors, page.js_errors
