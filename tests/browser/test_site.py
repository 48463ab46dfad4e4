"""The built site in a real Chromium: navigation, offline math, callouts, code, search, links.

Every test loads the strict build of the demo vault from `http://127.0.0.1:PORT/study/`
(see conftest.py). Waits are explicit (`wait_for_*`, `expect`), never fixed sleeps.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urljoin

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from vaultmark import markup

pytestmark = pytest.mark.browser

MATH_TIMEOUT_MS = 20_000
CATEGORIES = ("Concepts", "Courses", "Interview", "Scribbles")

# True once every `.arithmatex` in the article holds a typeset `mjx-container`.
ALL_MATH_TYPESET = """() => {
  const nodes = [...document.querySelectorAll("article .arithmatex")];
  return nodes.length > 0 && nodes.every((node) => node.querySelector("mjx-container"));
}"""

# Every problem with the typeset math of the article, as text; [] when all of it is visible.
# Folded callouts are opened first so their formulas have a size too. A glyph is visible when
# MathJax's CSS gives its `mjx-c` a character (`::before` content) and the glyph has a width.
MATH_PROBLEMS = """() => {
  document.querySelectorAll("article details").forEach((details) => (details.open = true));
  const problems = [];
  const nodes = [...document.querySelectorAll("article .arithmatex")];
  nodes.forEach((node, index) => {
    const label = `#${index} ${JSON.stringify(node.textContent.slice(0, 40))}`;
    const container = node.querySelector("mjx-container");
    if (!container) { problems.push(`${label}: not typeset`); return; }
    const box = container.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) problems.push(`${label}: container is ${box.width}x${box.height}`);
    // Invisible operators (function application U+2061 and friends) have no glyph by design.
    const glyphs = [...container.querySelectorAll("mjx-c")].filter(
      (glyph) => ![...glyph.classList].some((name) => /^mjx-c(200[b-d]|206[0-4]|feff)$/i.test(name)));
    if (!glyphs.length) problems.push(`${label}: no glyphs`);
    const blank = glyphs.filter((glyph) => {
      const content = getComputedStyle(glyph, "::before").content;
      return !content || content === "none" || content === "normal" || content === '""'
        || glyph.getBoundingClientRect().width <= 0;
    });
    if (blank.length) problems.push(`${label}: ${blank.length}/${glyphs.length} glyphs blank`);
  });
  return problems;
}"""


def wait_for_math(page: Page) -> None:
    """Wait until MathJax has typeset every formula of the article, then check each is visible."""
    try:
        page.wait_for_function(ALL_MATH_TYPESET, timeout=MATH_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        counts = page.evaluate(
            "() => [document.querySelectorAll('article .arithmatex').length,"
            " document.querySelectorAll('article .arithmatex mjx-container').length]"
        )
        pytest.fail(
            f"math on {page.url} not typeset after {MATH_TIMEOUT_MS} ms: "
            f"{counts[1]} of {counts[0]} .arithmatex elements hold an mjx-container"
        )
    problems = page.evaluate(MATH_PROBLEMS)
    assert not problems, f"math on {page.url} is not visibly rendered: {problems}"


def expect_title(page: Page, title: str) -> None:
    """The article's h1 reads `title` (Material appends a ¶ permalink to it)."""
    expect(page.locator("article h1")).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"


def nav_section(page: Page, category: str):
    """The primary-nav section `<li>` whose own (index) link is `category`."""
    return page.locator("nav.md-nav--primary li.md-nav__item--section").filter(
        has=page.locator(":scope > .md-nav__container > a", has_text=re.compile(rf"^\s*{category}\s*$"))
    )


# --------------------------------------------------------------------------- 1. home page


def test_home_lists_categories_nav_sections_and_palette_toggle(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url)
    expect_title(page, "ML study notes")

    items = page.locator("article li").filter(has=page.locator("a[href*='categories/']"))
    expect(items).to_have_count(len(CATEGORIES))
    for category in CATEGORIES:
        item = items.filter(has_text=category)
        expect(item).to_have_count(1)
        text = item.inner_text()
        match = re.fullmatch(rf"{category} — (\d+) notes?, (\d+) questions?(?:, \d+ topics?)?", text.strip())
        assert match, f"category entry without counts: {text!r}"
        # The nav has one section per category, holding exactly the notes the count promises.
        section = nav_section(page, category)
        expect(section).to_have_count(1)
        notes = section.locator(":scope > nav > ul > li a.md-nav__link")
        assert notes.count() == int(match.group(1)), f"{category}: {text!r} but nav lists {notes.all_inner_texts()}"
        assert notes.count() > 0
        # The category link on the home page opens that category's page.
        href = item.locator("a").get_attribute("href") or ""
        assert urljoin(base_url, href) == f"{base_url}categories/{category.lower()}/", href
    expect(page.locator("article")).to_contain_text(re.compile(r"\d+ notes, \d+ questions"))

    # Served under a sub-path like a GitHub Pages project site: the host root is not the site.
    root = page.request.get(urljoin(base_url, "/index.html"))
    assert root.status == 404, f"the test server should only serve {base_url}"

    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert_offline()


# --------------------------------------------------------------------------- 2. offline math


def test_math_renders_offline_with_local_mathjax(page: Page, base_url: str, requests, assert_offline) -> None:
    open_page(page, base_url)
    link = page.locator("nav.md-nav--primary a.md-nav__link", has_text=re.compile(r"^\s*Convolution\s*$"))
    href = link.first.get_attribute("href")
    assert href, "the home page does not link to the Convolution concept"
    open_page(page, urljoin(page.url, href))
    expect_title(page, "Convolution")

    wait_for_math(page)
    assert page.locator("article .arithmatex").count() >= 20
    # A formula in a callout title renders like any other.
    title_math = page.locator(".admonition-title .arithmatex mjx-container")
    expect(title_math.first).to_be_visible()
    box = title_math.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, box
    # Display math is typeset as display math.
    expect(page.locator("div.arithmatex mjx-container[display=true]").first).to_be_visible()
    # A formula in a heading is typeset in the table of contents too, not left as `\(r_l\)`.
    toc_entries = page.locator("nav.md-nav--secondary a.md-nav__link", has_text="Receptive field")
    expect(toc_entries.first).to_be_attached()
    for entry in toc_entries.all():  # Material draws the table of contents twice (sidebar, drawer)
        expect(entry.locator("mjx-container")).to_have_count(1)
        assert "\\(" not in entry.inner_text()

    # MathJax and its fonts come from this site, under the sub-path.
    mathjax = base_url + "assets/mathjax/"
    assert mathjax + "tex-chtml.js" in requests.urls, "MathJax was not loaded from /study/assets/mathjax/"
    fonts = [url for url in requests.urls if url.endswith(".woff")]
    assert fonts and all(url.startswith(mathjax) for url in fonts), fonts
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    assert page.evaluate("() => [...document.fonts].some((f) => f.family === 'MJXTEX' && f.status === 'loaded')")
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- 3. instant navigation


def test_math_typeset_after_instant_navigation(page: Page, deployed_base_url: str, assert_offline) -> None:
    """Built like the deploy workflow builds it (SITE_URL set), which is what enables instant navigation."""
    open_page(page, deployed_base_url)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__marker = 'still the same document'")
    marker = "() => window.__marker === 'still the same document'"

    page.locator("nav.md-nav--primary a.md-nav__link", has_text=re.compile(r"^\s*Convolution\s*$")).click()
    page.wait_for_url("**/Concepts/Convolution/")
    expect_title(page, "Convolution")
    assert page.evaluate(marker), "clicking a nav link reloaded the page: instant navigation is not active"
    wait_for_math(page)

    page.locator("nav.md-nav--primary a.md-nav__link[href$='Scribbles/Scribbles/']").click()
    page.wait_for_url("**/Scribbles/Scribbles/")
    expect(page.locator("article h2#svm-and-kernels")).to_be_visible()
    assert page.evaluate(marker), "second navigation reloaded the page"
    wait_for_math(page)

    page.go_back()
    page.wait_for_url("**/Concepts/Convolution/")
    expect_title(page, "Convolution")
    assert page.evaluate(marker), "going back reloaded the page"
    wait_for_math(page)
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- 4. folded callouts


def test_folded_callout_is_closed_and_opens_on_click(page: Page, base_url: str) -> None:
    open_page(page, base_url + "Concepts/Convolution/")
    folded = page.locator("article details.warning", has_text="Folded: depthwise convolutions")
    expect(folded).to_have_count(1)
    expect(folded).not_to_have_attribute("open", re.compile(".*"))
    expect(folded.locator("p").first).to_be_hidden()

    folded.locator(":scope > summary").click()
    expect(folded).to_have_attribute("open", re.compile(".*"))
    expect(folded.locator("p").first).to_be_visible()
    expect(folded.locator(".admonition.example .admonition-title")).to_have_text("Nested")

    expanded = page.locator("article details.question", has_text="Expanded: what about dilation?")
    expect(expanded).to_have_count(1)
    expect(expanded).to_have_attribute("open", re.compile(".*"))
    expect(expanded.locator("p").first).to_be_visible()


# --------------------------------------------------------------------------- 5. code in a callout


def test_interview_code_callout_keeps_indentation_and_compiles(page: Page, base_url: str) -> None:
    open_page(page, base_url + "Interview/Deep%20learning%20interview/")
    callout = page.locator("article details.example", has=page.locator(":scope > summary", has_text="Code"))
    expect(callout).to_have_count(1)
    expect(callout).not_to_have_attribute("open", re.compile(".*"))
    answer = page.locator(f"article details.{markup.ANSWER}").filter(has=page.locator("details.example"))
    if answer.count():  # the callout sits inside a collapsed answer: open that first
        answer.locator(":scope > summary").click()
    callout.locator(":scope > summary").click()
    code = callout.locator("pre code")
    expect(code).to_be_visible()

    text = code.inner_text()
    assert "\t" not in text, f"tabs left in the code block:\n{text}"
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()}
    assert all(indent % 4 == 0 for indent in indents), f"indentation is not in steps of four spaces:\n{text}"
    assert {0, 4, 8, 12, 16} <= indents, f"nesting levels were lost: {sorted(indents)}\n{text}"
    for line in (
        "class MomentumSGD:",
        "    def zero_grad(self):",
        "        for p in self.params:",
        "            p.grad = None",
        "    @torch.no_grad()",
        "            v.mul_(self.beta).add_(p.grad)",
    ):
        assert line in text.splitlines(), f"missing line {line!r} in:\n{text}"
    compile(text, "interview-code-callout", "exec")


# --------------------------------------------------------------------------- 6. search


def test_search_finds_a_note_and_opens_it(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url)
    query = page.locator("input[data-md-component=search-query]")
    query.click()
    expect(query).to_be_focused()
    query.press_sequentially("reparameterization", delay=20)  # typed, as a reader would
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    hit = results.filter(has_text=re.compile("reparameterization", re.I)).first
    expect(hit).to_be_visible()
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r"/study/Scribbles/Scribbles/"))
    expect(page.locator("article")).to_contain_text("Reparameterization")
    assert_offline()


# --------------------------------------------------------------------------- 7. copy button


def test_code_block_has_copy_button(page: Page, context, base_url: str) -> None:
    open_page(page, base_url + "Interview/Deep%20learning%20interview/")
    answer = page.locator(f"article details.{markup.ANSWER}").filter(has=page.locator("code", has_text="train_dl"))
    block = page.locator("article div.highlight").filter(has=page.locator("code", has_text="train_dl"))
    expect(block).to_have_count(1)
    if answer.count():
        answer.locator(":scope > summary").click()
    expect(block).to_be_visible()
    # Material's copy button (`md-clipboard` before 9.6, `md-code__button` of type copy since).
    button = block.locator("button.md-clipboard, button.md-code__button[data-md-type=copy]")
    expect(button).to_have_count(1)
    expect(button).to_have_attribute("title", "Copy to clipboard")

    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.split("/study/")[0])
    block.hover()
    button.click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == block.locator("code").inner_text().strip()
    assert "for xb, yb in train_dl:" in copied


# --------------------------------------------------------------------------- 8. wikilink to heading


def test_wikilink_to_heading_lands_on_that_heading(page: Page, base_url: str) -> None:
    open_page(page, base_url + "Concepts/Convolution/")
    link = page.locator("article p a", has_text=re.compile(r"^CE$"))
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(re.compile(r"/study/Concepts/Loss%20functions/#cross-entropy$"))
    expect_title(page, "Loss functions")
    heading = page.locator("#cross-entropy")
    expect(heading).to_have_count(1)
    expect(heading).to_contain_text("Cross-entropy")
    expect(heading).to_be_in_viewport()


# --------------------------------------------------------------------------- 9. markers and tag chips


def test_demo_pages_have_no_missing_link_markers(page: Page, base_url: str) -> None:
    """Every wikilink of the demo vault resolves, so no page shows a missing-link marker.

    (The marker itself is checked on a broken fixture vault in the integration tests.)
    """
    for path in ("Concepts/Convolution/", "Scribbles/Scribbles/", "Interview/Deep%20learning%20interview/"):
        open_page(page, base_url + path)
        expect(page.locator(f".{markup.MISSING_LINK}")).to_have_count(0)


def test_inline_tags_render_as_chips(page: Page, base_url: str) -> None:
    open_page(page, base_url + "Scribbles/Scribbles/")
    chip = page.locator(f"article .{markup.TAG}", has_text="#optimization")
    expect(chip).to_have_count(1)
    expect(chip).to_be_visible()
    style = chip.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.display, s.backgroundColor, s.borderTopLeftRadius]; }"
    )
    display, background, radius = style
    assert display == "inline-block", style
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert radius not in ("0px", ""), style
    # The chip is the styled span, not raw Markdown or a heading.
    expect(page.locator("article")).not_to_contain_text("# optimization")
