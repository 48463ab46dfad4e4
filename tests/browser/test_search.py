"""Search in Chromium on the demo site under a sub-path: Material's search box over the
Pagefind index (overrides/assets/vaultmark-search.js), and landing on the match."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from subpath_server import serving
from support import DEMO_VAULT, build_site, soup

pytest.importorskip("playwright")  # the conftest turns a missing Playwright into a CI failure

from playwright.sync_api import Page, expect

QUERY = "input[data-md-component=search-query]"
GROUPS = ".md-search-result__item"
RESULT_LINKS = ".md-search-result__item a.md-search-result__link"
# The worker's preview length (EXCERPT_WORDS), plus the two ellipses around it.
PREVIEW_WORDS = 16 + 2

INTERVIEW = "Interview/Deep learning interview/"
NOTEBOOK = "Courses/Convolutions notebook/"
QUESTIONNAIRE = "Courses/Practical deep learning - chapter 4 questionnaire/"
SCRIBBLES = "Scribbles/Scribbles/"
HELP = "writing-notes/"

BATCH_NORM_CARD = "why-does-batch-normalization-behave-differently-at-train"
SGD_CARD = "write-a-minimal-sgd-with-momentum-optimizer-from-scratch"

# What the landed page shows: the target (by its id), whether its card's answers are open,
# the highlighted words on screen below the sticky header, and marks its card still hides.
LANDING = """() => {
  const id = decodeURIComponent(location.hash.slice(1))
  const target = document.getElementById(id)
  const card = target && (target.closest(".vm-card") || document.getElementById(target.dataset.answer || ""))
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom
  const onScreen = (mark) => {
    const box = mark.getBoundingClientRect()
    return mark.offsetHeight > 0 && box.top >= header - 1 && box.bottom <= innerHeight + 1
  }
  const marks = [...document.querySelectorAll("article mark[data-md-highlight]")]
  return {
    id,
    found: Boolean(target),
    answersOpen: card ? [...card.querySelectorAll("details.vm-answer")].every((answer) => answer.open) : null,
    onScreen: marks.filter(onScreen).map((mark) => mark.textContent.toLowerCase()),
    inCard: card ? [...card.querySelectorAll("mark[data-md-highlight]")].filter(onScreen).length : 0,
    hiddenInTarget: (card ? [...card.querySelectorAll("mark")] : []).filter(
      (mark) => mark.closest("details:not([open])") && !mark.closest("summary")
    ).length,
  }
}"""


def search(page: Page, base_url: str, text: str) -> None:
    """Open the site, type the query key by key, and wait for the results."""
    response = page.goto(base_url)
    assert response is not None and response.ok
    page.locator(QUERY).click()
    page.locator(QUERY).press_sequentially(text, delay=20)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    page.wait_for_timeout(300)  # the last keystroke's answer replaces earlier ones


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path).split("/study/", 1)[1]


def landed(page: Page, path: str, anchor: str) -> dict:
    """Wait until the page `path#anchor` shows a highlighted word on screen; what it shows."""
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    assert path_of(page.url) == path, page.url
    page.wait_for_function(f"() => ({LANDING})().onScreen.length > 0", timeout=5000)
    return page.evaluate(LANDING)


def first_group(page: Page) -> list[dict]:
    """The rows of the first result: href, title and preview text of each."""
    return (
        page.locator(GROUPS)
        .first.locator("a.md-search-result__link")
        .evaluate_all(
            """(links) => links.map((link) => ({
          href: link.href,
          title: link.querySelector("h1, h2").textContent,
          text: [...link.querySelectorAll("p:not(.md-search-result__terms)")].map((p) => p.textContent).join(" "),
          missing: Boolean(link.querySelector(".md-search-result__terms")),
        }))"""
        )
    )


# --------------------------------------------------------------------------- Material's UI


def test_slash_opens_search_and_a_prefix_is_suggested(page: Page, base_url: str, assert_offline) -> None:
    page.goto(base_url)
    page.keyboard.press("/")
    expect(page.locator(QUERY)).to_be_focused()
    page.keyboard.type("gradi", delay=20)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    expect(page.locator(".md-search__suggest")).to_have_text(re.compile("^gradient"))
    page.keyboard.press("ArrowRight")
    expect(page.locator(QUERY)).to_have_value(re.compile("^gradient"))
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    assert not page.js_errors, page.js_errors
    assert_offline()


# --------------------------------------------------------------------------- landing on the match


@pytest.mark.parametrize("row", [0, 1], ids=["page row", "section row"])
def test_every_row_of_a_result_lands_on_its_card_with_the_answer_open(
    page: Page, base_url: str, row: int, assert_offline
) -> None:
    search(page, base_url, "running averages")
    page.locator(GROUPS).first.locator("a.md-search-result__link").nth(row).click()
    shown = landed(page, INTERVIEW, BATCH_NORM_CARD)
    assert shown["found"] and shown["answersOpen"], shown
    assert shown["inCard"] > 0 and "running" in shown["onScreen"], shown
    assert_offline()


def test_down_then_enter_lands_on_the_match_inside_a_folded_callout(page: Page, base_url: str) -> None:
    search(page, base_url, "zero_grad")
    page.locator(QUERY).press("ArrowDown")
    page.locator(QUERY).press("Enter")
    shown = landed(page, INTERVIEW, SGD_CARD)
    assert shown["answersOpen"] and "zero_grad" in shown["onScreen"], shown
    assert shown["hiddenInTarget"] == 0, "the folded callout holding the match stays shut"
    callout = page.locator(f"#{SGD_CARD}").locator(
        "xpath=ancestor::div[contains(@class,'vm-card')]//details[not(contains(@class,'vm-answer'))]"
    )
    expect(callout.first).to_have_attribute("open", "")


@pytest.mark.parametrize(
    ("query", "path", "anchor"),
    [
        ("smoother function generalize", NOTEBOOK, "question-2-how-does-weight-decay-change-the-solution-found"),
        ("root mean squared difference", QUESTIONNAIRE, "explain-how-the-pixel-similarity-baseline-works"),
        ("KL", SCRIBBLES, "variational-autoencoders"),
    ],
    ids=["notebook answer cell", "questionnaire answer", "scribbles topic"],
)
def test_an_answer_only_phrase_lands_on_its_question(
    page: Page, base_url: str, query: str, path: str, anchor: str
) -> None:
    search(page, base_url, query)
    page.locator(RESULT_LINKS).first.click()
    shown = landed(page, path, anchor)
    assert shown["hiddenInTarget"] == 0, shown
    if path != SCRIBBLES:
        assert shown["answersOpen"], shown


# --------------------------------------------------------------------------- ranking


def test_a_section_holding_every_word_comes_first(page: Page, base_url: str) -> None:
    search(page, base_url, "running averages")
    rows = first_group(page)
    assert rows[0]["href"].endswith("#" + BATCH_NORM_CARD) and not rows[1]["missing"], rows
    everything = page.locator(RESULT_LINKS).evaluate_all(
        "(links) => links.map((link) => Boolean(link.querySelector('.md-search-result__terms')))"
    )
    assert True in everything, "sections holding only some of the words follow, marked as missing the rest"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("normalizing", "normalization"),  # stemmed forms meet
        ("layers", "layer"),
        ("torch.where", "torch.where"),  # code identifiers
        ("zero_grad", "minimal sgd"),
        ("torch.eye", "nn.linear"),  # inside "layer(torch.eye(4))", where "torch" alone is everywhere
        ("zero_grad missing", "review this training loop"),  # inside "opt.zero_grad()"
        ("KL", "variational autoencoders"),  # short words
        ("renyi", "variational autoencoders"),  # accented and unaccented forms ("Rényi")
        ("rényi", "variational autoencoders"),
    ],
)
def test_stems_code_identifiers_and_short_words_are_found(page: Page, base_url: str, query: str, expected: str) -> None:
    search(page, base_url, query)
    rows = first_group(page)
    section = rows[1]  # rows[0] is the page, linking to this best section
    assert expected in (section["title"] + " " + section["text"]).lower(), rows


def test_the_page_row_goes_to_the_best_section_not_the_text_above_the_first_heading(page: Page, base_url: str) -> None:
    # "papers" is in the scribbles' opening line, both words only in its "To do" topic.
    search(page, base_url, "papers attention")
    rows = first_group(page)
    assert path_of(rows[0]["href"]) == SCRIBBLES and rows[0]["href"].endswith("#to-do"), rows
    assert all("#" in row["href"] for row in rows), rows
    # A word found only above the first heading lands at the page's top.
    search(page, base_url, "polished")
    rows = first_group(page)
    assert len(rows) == 1 and path_of(rows[0]["href"]) == SCRIBBLES and "#" not in rows[0]["href"], rows


def test_the_users_notes_rank_above_the_sites_help_pages(page: Page, base_url: str) -> None:
    search(page, base_url, "callout")
    pages = [
        path_of(href).split("#")[0]
        for href in page.locator(GROUPS).evaluate_all(
            "(groups) => groups.map((group) => group.querySelector('a').href)"
        )
    ]
    assert HELP in pages and pages[0] != HELP, pages
    assert not [p for p in pages if p.startswith(HELP) and p != HELP], "the help page's examples are not searchable"


# --------------------------------------------------------------------------- previews


def answers(site: Path) -> list[str]:
    """Every folded answer of the demo site, as plain text without its label."""
    found = []
    for html in site.rglob("index.html"):
        for answer in soup(html).select("details.vm-answer"):
            summary = answer.find("summary")
            if summary:
                summary.decompose()
            found.append(" ".join(answer.get_text(" ").split()))
    return [text for text in found if len(text.split()) >= 3]


@pytest.mark.parametrize("query", ["608", "bias", "softmax sigmoid", "running averages", "smoother", "gradient"])
def test_previews_never_give_a_whole_answer_away(page: Page, base_url: str, demo_site: Path, query: str) -> None:
    search(page, base_url, query)
    previews = page.locator(RESULT_LINKS).evaluate_all(
        "(links) => links.map((link) => [...link.querySelectorAll('p:not(.md-search-result__terms)')]"
        ".map((p) => p.textContent).join(' '))"
    )
    assert any(previews), "some result shows a preview"
    every_answer = answers(demo_site)
    for preview in previews:
        words = preview.split()
        assert len(words) <= PREVIEW_WORDS, preview
        flat = " ".join(words).strip("… ")
        assert not [answer for answer in every_answer if answer in flat], preview


def test_quoted_words_must_stand_together_and_a_minus_word_excludes(page: Page, base_url: str) -> None:
    def pages() -> list[str]:
        hrefs = page.locator(GROUPS).evaluate_all("(groups) => groups.map((group) => group.querySelector('a').href)")
        return [path_of(href).split("#")[0] for href in hrefs]

    search(page, base_url, '"running averages"')
    assert sorted(pages()) == sorted([INTERVIEW, HELP]), "only pages with the phrase itself"
    search(page, base_url, "running -batch")
    assert pages() and INTERVIEW not in pages() and HELP not in pages(), pages()


# --------------------------------------------------------------------------- an index in parts


@pytest.fixture(scope="module")
def parted_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo vault with a search index of at most 3 pages per part, served under /study/."""
    site = tmp_path_factory.mktemp("parted") / "site"
    process = build_site(DEMO_VAULT, site, SEARCH_PART_PAGES="3")
    assert process.returncode == 0, process.stderr
    manifest = json.loads((site / "pagefind" / "vaultmark-parts.json").read_text(encoding="utf-8"))
    assert len(manifest["parts"]) >= 2, manifest
    with serving(site) as url:
        yield url


@pytest.mark.parametrize(
    ("query", "path", "anchor"),
    [
        ("torch.eye", INTERVIEW, "#you-are-handed-a-nnlinear4-30-module-but-its-attributes-are"),
        ("reparameterization", SCRIBBLES, "#variational-autoencoders"),
        ("broadcasting", QUESTIONNAIRE, "#what-is-broadcasting"),
        ("focal loss", "Concepts/Loss functions/", "#focal-loss"),
    ],
)
def test_an_index_in_parts_finds_pages_of_every_part(
    page: Page, parted_base_url: str, query: str, path: str, anchor: str
) -> None:
    search(page, parted_base_url, query)
    first = page.locator(RESULT_LINKS).first.get_attribute("href") or ""
    assert path_of(first.split("?")[0]) == path and first.endswith(anchor), first


def test_a_part_without_the_word_adds_no_result(page: Page, parted_base_url: str) -> None:
    # Pagefind answers a word a part lacks with the part's pages holding its longest prefix
    # ("r" of "reparameterization"): the worker sets those aside.
    search(page, parted_base_url, "reparameterization")
    groups = page.locator(GROUPS).evaluate_all("(groups) => groups.map((group) => group.querySelector('a').href)")
    assert [path_of(href.split("?")[0]) for href in groups] == [SCRIBBLES], groups
