"""Backlinks and tag pages in a real browser, on the demo site served under `/study/`."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from test_e2e import axe_violations

from vaultmark import markup
from views import open_page

LOSS = "Concepts/Loss%20functions/"
CONVOLUTION = "Concepts/Convolution/"


def test_backlinks_list_the_linking_notes_and_lead_to_them(page: Page, base_url: str, assert_offline) -> None:
    open_page(page, base_url + LOSS)
    section = page.get_by_role("complementary", name=markup.BACKLINKS_TITLE)
    expect(section).to_be_visible()
    links = section.get_by_role("link")
    expect(links).to_have_text(["Convolution", "Deep learning interview"])
    # The interview links from an answer: the question stands for it, the answer stays hidden.
    interview = section.locator("li", has_text="Deep learning interview")
    expect(interview).to_contain_text("What must change so that it can predict several classes per image?")
    expect(interview).not_to_contain_text("sigmoid")
    expect(page.get_by_role("heading", name=markup.BACKLINKS_TITLE)).to_have_count(1)
    links.first.click()  # Material's instant navigation takes it
    expect(page).to_have_url(re.compile(re.escape(CONVOLUTION) + "$"))
    expect(page.locator("article h1")).to_contain_text("Convolution")
    assert_offline()


def test_tag_chip_leads_to_a_tag_page_nested_under_its_parent(page: Page, base_url: str) -> None:
    open_page(page, base_url + CONVOLUTION)
    chip = page.locator(f"article a.{markup.TAG}", has_text="#ml/vision")
    expect(chip).to_be_visible()
    chip.click()
    expect(page).to_have_url(re.compile(r"/tags/ml/vision/$"))
    expect(page.locator("article h1")).to_contain_text("#ml/vision")
    expect(page.locator("article ul a")).to_have_text(["Convolution"])
    page.get_by_role("link", name="#ml", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tags/ml/$"))
    group = page.locator("article h2", has_text="#ml/vision")
    expect(group).to_be_visible()


def test_header_tags_and_the_tags_index_link_to_tag_pages(page: Page, base_url: str) -> None:
    open_page(page, base_url + CONVOLUTION)
    page.locator("nav.md-tags a.md-tag", has_text="cnn").click()
    expect(page).to_have_url(re.compile(r"/tags/cnn/$"))
    expect(page.locator("article ul a")).to_have_text(["Convolution"])
    open_page(page, base_url + "tags/")
    expect(page.locator("article li > a", has_text="#ml/vision")).to_be_visible()
    page.locator("article li > a", has_text="#interview").click()
    expect(page.locator("article")).to_contain_text("1 note, 8 questions")


def test_backlinks_and_tag_pages_pass_axe(page: Page, base_url: str) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in (LOSS, "tags/ml/"):
            open_page(page, base_url + path)
            assert axe_violations(page) == [], f"{path} in {scheme}"
