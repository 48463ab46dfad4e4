"""Study cards in a real Chromium: collapsed answers, keyboard, show/hide all, deep links,
printing, search highlights, the notebook page and the table of contents.

Uses the fixtures of conftest.py (`page`, `base_url`, request recording); the site is the
strict build of the demo vault served under `/study/`. Waits are explicit, never sleeps.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from support import DEMO_VAULT, pagefind_records

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from playwright.sync_api import Page, expect

from vaultmark import markup
from views import settle

pytestmark = pytest.mark.browser

INTERVIEW = "Interview/Deep%20learning%20interview/"
INTERVIEW_SOURCE = DEMO_VAULT / "Interview" / "Deep learning interview.md"
NOTEBOOK = "Courses/Convolutions%20notebook/"
NOTEBOOK_SOURCE = DEMO_VAULT / "Courses" / "Convolutions notebook.ipynb"
OPEN = re.compile(".*")  # `open` is a boolean attribute: any value means open
MATH_TIMEOUT_MS = 20_000

CARDS = f"article .{markup.CARD}"
ANSWERS = f"article details.{markup.ANSWER}"
OPEN_STATES = f"() => [...document.querySelectorAll('article details.{markup.ANSWER}')].map((d) => d.open)"


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    # vaultmark.js has run once its controls are on the page.
    expect(page.locator(".vm-controls")).to_have_count(1)


def answer_body(answer):
    """The first element of an answer after its summary: what the reader is meant to see."""
    return answer.locator(":scope > :not(summary)").first


def toc_entry(page: Page, anchor: str):
    """The visible entry of Material's table of contents (the sidebar one) that points at `anchor`.

    The HTML has `href="#anchor"`, but Material's instant navigation rewrites links to absolute
    URLs at runtime, and at this width the toc copy inside the primary nav is hidden: hence
    `$=` and `:visible`.
    """
    return page.locator(f"nav.md-nav--secondary a[href$='#{anchor}']:visible")


def card_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        CARDS, "(cards) => cards.map((card) => card.querySelector(':scope > h2, :scope > h3, :scope > h4').id)"
    )


def questions_in_source() -> int:
    return sum(1 for line in INTERVIEW_SOURCE.read_text(encoding="utf-8").splitlines() if line.startswith("Q:"))


# --------------------------------------------------------------------------- 1. collapsed, click, keyboard


def test_answers_are_hidden_until_their_summary_is_clicked(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url + INTERVIEW)
    cards = page.locator(CARDS)
    expect(cards).to_have_count(questions_in_source())
    for index in range(cards.count()):
        answer = cards.nth(index).locator(f"details.{markup.ANSWER}")
        expect(answer).to_have_count(1)
        expect(answer).not_to_have_attribute("open", OPEN)
        expect(answer_body(answer)).to_be_hidden()
        expect(answer.locator(":scope > summary")).to_have_text("Answer")
    # The question itself is visible: the card heading.
    expect(cards.first.locator("h2")).to_be_visible()

    for index in range(cards.count()):
        answer = cards.nth(index).locator(f"details.{markup.ANSWER}")
        answer.locator(":scope > summary").click()
        expect(answer).to_have_attribute("open", OPEN)
        expect(answer_body(answer)).to_be_visible()
        # Clicking one answer opens that one only.
        states = page.evaluate(OPEN_STATES)
        assert states == [i <= index for i in range(len(states))], states
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_answer_opens_with_enter_and_closes_with_space(page: Page, base_url: str) -> None:
    open_page(page, base_url + INTERVIEW)
    card = page.locator(CARDS).nth(1)
    answer = card.locator(f"details.{markup.ANSWER}")
    summary = answer.locator(":scope > summary")
    is_focused = "(el) => document.activeElement === el"
    # Focus the element before the summary (the heading's permalink), then Tab to the summary.
    card.locator("h2 a.headerlink").focus()
    for _ in range(5):
        if summary.evaluate(is_focused):
            break
        page.keyboard.press("Tab")
    assert summary.evaluate(is_focused), (
        "Tab from the card heading did not reach the answer's summary; focused: "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    )
    expect(answer).not_to_have_attribute("open", OPEN)

    page.keyboard.press("Enter")
    expect(answer).to_have_attribute("open", OPEN)
    expect(answer_body(answer)).to_be_visible()
    assert summary.evaluate(is_focused), "focus left the summary after Enter"

    page.keyboard.press("Space")
    expect(answer).not_to_have_attribute("open", OPEN)
    expect(answer_body(answer)).to_be_hidden()
    # Only this card was touched.
    assert page.evaluate(OPEN_STATES) == [False] * questions_in_source()


# --------------------------------------------------------------------------- 2. show all / hide all


def test_show_all_and_hide_all_buttons(page: Page, base_url: str) -> None:
    open_page(page, base_url + INTERVIEW)
    cards = page.locator(CARDS).count()
    assert cards == questions_in_source() > 1
    controls = page.locator("article .vm-controls")
    expect(controls.locator(".vm-controls__count")).to_have_text(f"{cards} questions")
    # The bar sits right under the page title.
    assert page.evaluate("() => document.querySelector('article h1').nextElementSibling.className") == "vm-controls"

    page.locator(CARDS).first.locator("summary").click()  # a mixed state to start from
    controls.get_by_role("button", name="Show all answers").click()
    expect(page.locator(ANSWERS + "[open]")).to_have_count(cards)
    for index in range(cards):
        expect(answer_body(page.locator(ANSWERS).nth(index))).to_be_visible()

    controls.get_by_role("button", name="Hide all answers").click()
    expect(page.locator(ANSWERS + "[open]")).to_have_count(0)
    for index in range(cards):
        expect(answer_body(page.locator(ANSWERS).nth(index))).to_be_hidden()


# --------------------------------------------------------------------------- 3. deep links


def test_deep_link_opens_only_that_card(page: Page, base_url: str) -> None:
    open_page(page, base_url + INTERVIEW)
    ids = card_ids(page)
    assert len(ids) == questions_in_source() and len(set(ids)) == len(ids), ids
    target = ids[2]

    page.goto("about:blank")  # a fresh load, as when the link is opened from elsewhere
    open_page(page, f"{base_url}{INTERVIEW}#{target}")
    third = page.locator(CARDS).nth(2)
    expect(third.locator(f"details.{markup.ANSWER}")).to_have_attribute("open", OPEN)
    expect(answer_body(third.locator(f"details.{markup.ANSWER}"))).to_be_visible()
    expect(page.locator(f"[id='{target}']")).to_be_in_viewport()
    assert page.evaluate(OPEN_STATES) == [i == 2 for i in range(len(ids))]

    # Following an in-page link to another card (a hash change) opens that card too.
    toc_entry(page, ids[4]).click()
    expect(page.locator(CARDS).nth(4).locator(f"details.{markup.ANSWER}")).to_have_attribute("open", OPEN)


def test_deep_link_to_notebook_question_opens_its_answer(page: Page, base_url: str) -> None:
    open_page(page, base_url + NOTEBOOK)
    questions = page.eval_on_selector_all(
        f"article h3.{markup.NOTEBOOK_QUESTION}", "(hs) => hs.map((h) => [h.id, h.dataset.answer])"
    )
    assert len(questions) == 3, questions
    question, answer_id = questions[1]
    expect(page.locator(f"[id='{answer_id}'].{markup.NOTEBOOK_CARD} details.{markup.ANSWER}")).to_have_count(1)

    page.goto("about:blank")
    open_page(page, f"{base_url}{NOTEBOOK}#{question}")
    expect(page.locator(f"[id='{question}']")).to_be_attached()
    answer = page.locator(f"[id='{answer_id}'] details.{markup.ANSWER}")
    # The question heading sits outside its answer card: the link must follow `data-answer`.
    expect(answer, f"#{question} did not open its answer card #{answer_id}").to_have_attribute("open", OPEN)
    expect(answer_body(answer)).to_be_visible()
    others = [other for _, other in questions if other != answer_id]
    for other in others:
        expect(page.locator(f"[id='{other}'] details.{markup.ANSWER}")).not_to_have_attribute("open", OPEN)


# --------------------------------------------------------------------------- 4. printing


def test_printing_opens_every_answer_and_restores_afterwards(page: Page, base_url: str) -> None:
    open_page(page, base_url + INTERVIEW)
    cards = page.locator(CARDS).count()
    page.locator(CARDS).nth(3).locator("summary").click()  # the reader left one answer open
    expect(page.locator(ANSWERS + "[open]")).to_have_count(1)

    # emulate_media only switches the CSS media type: Playwright does not fire `beforeprint` /
    # `afterprint` for it (nor does page.pdf()), so the events are dispatched by hand, as the
    # browser does around a real print.
    page.emulate_media(media="print")
    expect(page.locator(".vm-controls")).to_be_hidden()  # no buttons on paper
    # The print stylesheet alone already shows every answer, closed or not.
    for index in range(cards):
        expect(answer_body(page.locator(ANSWERS).nth(index))).to_be_visible()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(ANSWERS + "[open]")).to_have_count(cards)
    for index in range(cards):
        expect(answer_body(page.locator(ANSWERS).nth(index))).to_be_visible()

    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.evaluate(OPEN_STATES) == [i == 3 for i in range(cards)], "the reader's open answer was not kept"
    expect(page.locator(".vm-controls")).to_be_visible()


# --------------------------------------------------------------------------- 5. search


WORD = re.compile(r"[a-z]{6,}")


def word_only_in_one_answer(page: Page, site: Path) -> tuple[str, str]:
    """(word, card id): a word the whole search index holds exactly once, in the prose of an
    answer of the Interview page open in `page`, and that no other indexed word starts with."""
    counts = Counter(word for record in pagefind_records(site) for word in WORD.findall(record["content"].lower()))
    candidates = []
    for card_id in page.locator(f"{CARDS} h2[id]").evaluate_all("(headings) => headings.map((h) => h.id)"):
        for word in sorted(set(WORD.findall(answer_prose(page, card_id)))):
            if counts[word] == 1 and not [other for other in counts if other != word and other.startswith(word)]:
                candidates.append((word, card_id))
    assert candidates, "no word of an Interview answer is unique in the search index"
    return candidates[0]


def answer_prose(page: Page, card_id: str) -> str:
    """Text of the answer under a card's question, without its code."""
    answer = page.locator(CARDS).filter(has=page.locator(f"[id='{card_id}']")).locator(f"details.{markup.ANSWER}")
    script = "(el) => { const copy = el.cloneNode(true); copy.querySelectorAll('pre, code').forEach((c) => c.remove()); return copy.textContent.toLowerCase() }"
    return answer.evaluate(script) if answer.count() else ""


def test_search_result_opens_the_answer_and_highlights_the_word(
    page: Page, base_url: str, demo_site: Path, assert_offline
) -> None:
    open_page(page, base_url + INTERVIEW)
    word, card_id = word_only_in_one_answer(page, demo_site)
    card = page.locator(CARDS).filter(has=page.locator(f"[id='{card_id}']"))
    expect(card).to_have_count(1)
    # The word is in that card's answer, not in its question, and in no other card.
    assert word in card.locator(f"details.{markup.ANSWER}").text_content().lower()
    assert word not in card.locator(f"[id='{card_id}']").text_content().lower()
    others = page.locator(CARDS).filter(has_not=page.locator(f"[id='{card_id}']"))
    assert all(word not in text.lower() for text in others.all_text_contents())

    response = page.goto(base_url)
    assert response is not None and response.ok
    settle(page)
    page.keyboard.press("/")
    query = page.locator("input[data-md-component=search-query]")
    expect(query).to_be_focused()
    page.keyboard.type(word, delay=20)
    # The page's row and the card's row both link to the card; the card's row previews the word.
    result = page.locator(f".md-search-result__item a[href*='#{card_id}']").filter(has=page.locator("mark"))
    expect(result.first).to_be_visible()
    expect(result.first).to_contain_text(re.compile(word, re.I))
    result.first.click()

    page.wait_for_url(re.compile(rf"/study/{re.escape(INTERVIEW)}\?h={word}#{re.escape(card_id)}$"))
    card = page.locator(CARDS).filter(has=page.locator(f"[id='{card_id}']"))
    answer = card.locator(f"details.{markup.ANSWER}")
    expect(answer).to_have_attribute("open", OPEN)
    mark = answer.locator("mark[data-md-highlight]", has_text=re.compile(rf"^{word}$", re.I))
    expect(mark.first).to_be_visible()
    assert mark.first.evaluate("(el) => el.offsetHeight") > 0
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- 6. notebook page


ALL_MATH_TYPESET = """() => {
  const nodes = [...document.querySelectorAll("article .arithmatex")];
  return nodes.length > 0 && nodes.every((node) => node.querySelector("mjx-container"));
}"""

# Each typeset formula as [TeX source, MathML]: what MathJax understood of it.
MATH_ITEMS = """() => Array.from(MathJax.startup.document.math).map(
  (item) => [item.math, MathJax.startup.toMML(item.root)])"""


def test_notebook_math_answers_and_download(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url + NOTEBOOK)
    page.wait_for_function(ALL_MATH_TYPESET, timeout=MATH_TIMEOUT_MS)
    formulas = page.locator("article .arithmatex")
    assert formulas.count() >= 5
    expect(page.locator("article .arithmatex:not(:has(mjx-container))")).to_have_count(0)
    expect(page.locator("article mjx-merror")).to_have_count(0)

    items = page.evaluate(MATH_ITEMS)
    assert len(items) == formulas.count(), items
    for macro, rendering in (
        (r"\mat", 'mathvariant="bold-italic"'),
        (r"\vec", 'mathvariant="bold"'),
        (r"\norm", "&#x2016;"),
    ):
        using = [(tex, mml) for tex, mml in items if macro + "{" in tex and r"\newcommand" not in tex]
        assert using, f"no formula of the notebook uses {macro}"
        for tex, mml in using:
            assert "merror" not in mml and "mathcolor" not in mml, f"{tex!r} did not typeset cleanly: {mml}"
            assert rendering in mml, f"{macro} in {tex!r} is not rendered as defined: {mml}"
            assert "\\" not in mml, f"a macro name leaked into the output of {tex!r}: {mml}"
    # \vec is redefined as bold, so no arrow accent appears anywhere.
    assert not [tex for tex, mml in items if "&#x2192;" in mml or "&#x20D7;" in mml]

    # Answer cells are collapsed.
    answers = page.locator(f"article .{markup.NOTEBOOK_CARD} details.{markup.ANSWER}")
    expect(answers).to_have_count(3)
    for index in range(3):
        expect(answers.nth(index)).not_to_have_attribute("open", OPEN)
        expect(answer_body(answers.nth(index))).to_be_hidden()

    link = page.locator(f"article .{markup.NOTEBOOK_DOWNLOAD} a")
    expect(link).to_have_count(1)
    href = link.get_attribute("href") or ""
    assert href.endswith(".ipynb"), href
    url = urljoin(page.url, href)
    response = page.request.get(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert json.loads(response.text()) == json.loads(NOTEBOOK_SOURCE.read_text(encoding="utf-8"))
    assert response.body() == NOTEBOOK_SOURCE.read_bytes()
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- 7. table of contents


def short_label(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def test_card_toc_entry_has_the_short_label(page: Page, base_url: str) -> None:
    open_page(page, base_url + INTERVIEW)
    headings = page.eval_on_selector_all(
        CARDS + " > h2",
        """(hs) => hs.map((h) => {
          const copy = h.cloneNode(true);
          copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
          return [h.id, copy.textContent.trim()];
        })""",
    )
    assert len(headings) == questions_in_source()
    long_ones = [(id_, text) for id_, text in headings if len(text.split()) > 8]
    assert long_ones, "no card question is long enough to need a short label"
    for id_, text in headings:
        entry = toc_entry(page, id_)
        expect(entry).to_have_count(1)
        expect(entry).to_have_text(short_label(text))
    # In the HTML as served, before any script ran, the entry is the plain fragment link.
    served = page.request.get(base_url + INTERVIEW).text()
    for id_, _ in headings:
        assert f'href="#{id_}"' in served, id_

    # Notebook questions get entries too, with their data-toc-label.
    open_page(page, base_url + NOTEBOOK)
    for id_, label in page.eval_on_selector_all(
        f"article h3.{markup.NOTEBOOK_QUESTION}", "(hs) => hs.map((h) => [h.id, h.dataset.tocLabel])"
    ):
        assert label and label.startswith("Question "), label
        expect(toc_entry(page, id_)).to_have_text(label)


def test_notebook_search_hit_inside_an_answer_cell_opens_it(
    page: Page, base_url: str, demo_site: Path, assert_offline
) -> None:
    """A word found only in a notebook answer cell leads to that question with its answer open."""
    word = "smoother"  # only in the demo notebook's second answer cell
    records = pagefind_records(demo_site)
    hits = [record["url"] for record in records if word in record["content"].lower()]
    assert hits == ["/" + unquote(NOTEBOOK)], hits
    # Code and outputs are indexed too.
    notebook_text = next(record["content"] for record in records if record["url"] == "/" + unquote(NOTEBOOK))
    assert "manual_seed" in notebook_text and "torch.Size" in notebook_text

    response = page.goto(base_url)
    assert response is not None and response.ok
    settle(page)
    page.keyboard.press("/")
    page.keyboard.type(word, delay=20)
    result = page.locator(f".md-search-result__item a[href*='{NOTEBOOK}?h={word}']")
    expect(result.first).to_be_visible()
    result.first.click()

    page.wait_for_url(re.compile(rf"/study/{re.escape(NOTEBOOK)}\?h={word}"))
    heading = page.locator(f"h3.{markup.NOTEBOOK_QUESTION}").nth(1)
    answer = page.locator(f"[id='{heading.get_attribute('data-answer')}'] details.{markup.ANSWER}")
    expect(answer).to_have_attribute("open", OPEN)
    mark = answer.locator("mark[data-md-highlight]", has_text=re.compile(rf"^{word}$", re.I))
    expect(mark.first).to_be_visible()
    others = page.locator(f"article details.{markup.ANSWER}:not([open])")
    expect(others).to_have_count(page.locator(f"article details.{markup.ANSWER}").count() - 1)
    assert not page.js_errors, page.js_errors
    assert_offline()
