"""Search over the sharded index, in Chromium on the demo site: Material's search UI driven by
overrides/assets/vaultmark-search.js, which must cut words exactly as vaultmark_search/shards.py does."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlsplit

import pytest

from support import page_search, search_documents
from vaultmark_search.shards import FORMAT_VERSION, shard_key, terms

pytest.importorskip("playwright")  # the conftest turns a missing Playwright into a CI failure

from playwright.sync_api import Page, expect

QUERY = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__item a.md-search-result__link"

# Loads the worker's source into the page: its index format, and its terms() (fed the
# manifest's settings) with each term's shard.
WORKER_TERMS = """async ([base, texts]) => {
  const source = await (await fetch(base + "assets/vaultmark-search.js")).text()
  const worker = new Function(source + "; return { terms, shardKey, FORMAT_VERSION }")()
  const manifest = await (await fetch(base + "search/index/manifest.json")).json()
  const settings = { minTermLength: manifest.minTermLength, stop: new Set(manifest.stopWords) }
  return [worker.FORMAT_VERSION, texts.map((text) => worker.terms(text, settings).map((term) => [term, worker.shardKey(term)]))]
}"""

TRICKY_TEXTS = [
    "The Café's networks, k-means and Naïve BAYES!",
    "ﬁne-tuning résumé Ærø straße İstanbul ΣΟΦΟΣ",
    "x_1 + y_2 = 42; f(x) → ∞ ½ ²",
    "Über-fast GPUs' kernels (CUDA 12.4) & cuDNN",
    "日本語のテキスト and 中文 mixed with English words",
    "class gas bias its this analysis",
]


def search(page: Page, base_url: str, text: str) -> None:
    response = page.goto(base_url)
    assert response is not None and response.ok
    page.locator(QUERY).click()
    page.locator(QUERY).press_sequentially(text, delay=20)


def result_pages(page: Page) -> set[str]:
    """Pages (site-relative, unquoted) the result list links to."""
    hrefs = page.locator(RESULT_LINKS).evaluate_all("(links) => links.map((link) => link.href)")
    return {unquote(urlsplit(href).path).split("/study/", 1)[1] for href in hrefs}


def pages_holding(base_url: str, page: Page, *words: str) -> set[str]:
    """Pages with a document (the page or one of its sections) holding every word."""
    docs = search_documents(page_search(page, base_url))
    return {
        unquote(doc["location"].split("#")[0])
        for doc in docs
        if set(words) <= set(terms(" ".join([doc["title"], doc["text"], *doc["tags"]])))
    }


def test_worker_cuts_words_like_the_index_builder(page: Page, base_url: str) -> None:
    page.goto(base_url)
    version, from_worker = page.evaluate(WORKER_TERMS, [base_url, TRICKY_TEXTS])
    assert version == FORMAT_VERSION
    assert from_worker == [[[term, shard_key(term)] for term in terms(text)] for text in TRICKY_TEXTS]


def test_search_loads_the_manifest_first_and_only_the_shards_a_query_needs(
    page: Page, base_url: str, requests, assert_offline
) -> None:
    response = page.goto(base_url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    loaded = [url for url in requests.urls if "/search/" in url]
    assert any(url.endswith("search/index/manifest.json") for url in loaded), loaded
    assert not [url for url in loaded if "/index/terms/" in url or "/index/pages/" in url], loaded

    page.locator(QUERY).click()
    page.locator(QUERY).press_sequentially("kernel", delay=20)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    shards = {urlsplit(url).path.rsplit("/", 1)[1] for url in requests.urls if "/index/terms/" in url}
    assert shards == {"6b65.json"}, shards  # "ke": the one shard every prefix of "kernel" lives in
    assert_offline()


def test_results_mark_matches_and_name_missing_words(page: Page, base_url: str, assert_offline) -> None:
    search(page, base_url, "kernel zzyzzyx")
    first = page.locator(".md-search-result__item").first
    expect(first.locator("mark").first).to_have_text(re.compile("^kernel", re.I))
    expect(first.locator(".md-search-result__terms").first).to_contain_text("zzyzzyx")
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    assert result_pages(page) == pages_holding(base_url, page, "kernel")
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_required_and_excluded_words(page: Page, base_url: str) -> None:
    search(page, base_url, "+kernel +convolution")
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    both = pages_holding(base_url, page, "kernel", "convolution")
    assert both and result_pages(page) == both

    # As in Material, words are excluded per document: a page's sections are judged one by one.
    search(page, base_url, "kernel -convolution")
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    scored = page.locator(RESULT_LINKS).evaluate_all(
        "(links) => links.filter((link) => link.querySelector('[data-md-score]').dataset.mdScore !== '0.00')"
        ".map((link) => link.href)"
    )
    docs = {doc["location"]: doc for doc in search_documents(page_search(page, base_url))}
    assert scored
    for href in scored:
        parts = urlsplit(href)
        location = parts.path.split("/study/", 1)[1] + (f"#{parts.fragment}" if parts.fragment else "")
        words = set(terms(" ".join([docs[location]["title"], docs[location]["text"], *docs[location]["tags"]])))
        assert "kernel" in words and "convolution" not in words, location


def test_a_prefix_is_completed_as_a_suggestion(page: Page, base_url: str) -> None:
    search(page, base_url, "gradi")
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    expect(page.locator(".md-search__suggest")).to_have_text("gradient")
    page.keyboard.press("ArrowRight")
    expect(page.locator(QUERY)).to_have_value("gradient")


def test_a_stop_word_alone_finds_nothing_and_breaks_nothing(page: Page, base_url: str) -> None:
    search(page, base_url, "the")
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert not page.js_errors, page.js_errors
    manifest = json.loads(page.request.get(base_url + "search/index/manifest.json").text())
    assert "the" in manifest["stopWords"]
