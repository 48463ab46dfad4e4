"""HTML injection through note metadata and questions, checked in a real Chromium.

The bad vault (tests/badvault.py) has a note whose title, tags, aliases and
questions hold `</script>`, `"` and `<img src=x onerror=window.__injected=1>` /
`"><svg onload=alert(1)>`. It is built and served under `/study/`, like the demo
site in conftest.py. On the note's page, the home page, its category page and the
tags page: no element carries an `on*` attribute, no `img[src=x]` exists,
`window.__injected` stays undefined and no dialog opens.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from playwright.sync_api import Page

import badvault
from subpath_server import serving
from support import REPO, mkdocs_env
from views import in_flight

pytestmark = pytest.mark.browser

BUILD_TIMEOUT = 180  # the bad vault holds a 5 MB note: ~20 s here

INJECTION_PAGE = badvault.INJECTION_NOTE[: -len(".md")] + "/"
CATEGORY_PAGE = "categories/" + badvault.INJECTION_NOTE.split("/")[0].lower() + "/"
PAGES = {
    "injection note": INJECTION_PAGE,
    "home": "",
    "category": CATEGORY_PAGE,
    "tags": "tags/",
}

# Every element (in the document and in open shadow roots) with an attribute whose name starts with `on`.
ELEMENTS_WITH_HANDLERS = """() => {
  const found = [];
  const visit = (root) => {
    for (const element of root.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (attribute.name.toLowerCase().startsWith("on")) {
          found.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
        }
      }
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(document);
  return found;
}"""


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole bad vault (GOOD+BAD) built non-strict: it has warnings by design."""
    root = tmp_path_factory.mktemp("injection") / "vault"
    badvault.make_bad_vault(root)
    site = root.parent / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    try:
        process = subprocess.run(
            command, cwd=REPO, env=mkdocs_env(root), capture_output=True, text=True, timeout=BUILD_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build of the bad vault did not finish within {BUILD_TIMEOUT} s", pytrace=False)
    assert process.returncode == 0, f"the build of the bad vault failed:\n{process.stderr[-6000:]}"
    return site


@pytest.fixture(scope="module")
def bad_base_url(bad_site: Path) -> Iterator[str]:
    with serving(bad_site) as url:
        yield url


@pytest.mark.parametrize("page_path", list(PAGES.values()), ids=list(PAGES))
def test_no_injected_markup_runs(page: Page, bad_base_url: str, bad_site: Path, page_path: str) -> None:
    assert (bad_site / page_path / "index.html").is_file(), f"{page_path or 'home'} was not built"
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    response = page.goto(bad_base_url + quote(page_path), wait_until="load")
    assert response is not None and response.status == 200
    in_flight(page).wait_until_quiet()
    # Give a broken `<img src=x>` time to fail and fire its handler, were there one.
    page.wait_for_timeout(500)

    assert page.evaluate(ELEMENTS_WITH_HANDLERS) == []
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("() => typeof window.__injected") == "undefined"
    assert dialogs == []
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]


def test_payload_is_shown_as_text(page: Page, bad_base_url: str) -> None:
    """The escaped payload is not lost either: the questions and tags show it literally."""
    page.goto(bad_base_url + quote(INJECTION_PAGE), wait_until="load")
    text = page.locator("article").inner_text()
    assert badvault.PAYLOAD in text
    assert badvault.SCRIPT_CLOSE in text
    assert badvault.ALERT_PAYLOAD in text
    assert badvault.PAYLOAD in page.title()


def test_a_one_letter_query_answers_over_a_note_of_thousands_of_cards(page: Page, bad_base_url: str) -> None:
    """A query of "i" matches tens of thousands of words of the 5 MB note, one per card and more: the list
    still comes (Pagefind's own excerpts of each card would take minutes), the note in it, and
    the worker then answers the next query."""
    page.goto(bad_base_url, wait_until="load")
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press("i")
    page.locator(".md-search-result__item", has_text="Huge note").first.wait_for()
    box.press_sequentially("njected", delay=20)
    page.locator(".md-search-result__item", has_text=badvault.PAYLOAD[: len("<img src=x")]).first.wait_for()
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]


def test_search_results_show_the_payload_as_text(page: Page, bad_base_url: str) -> None:
    """Titles, tags and text reach the search list through the worker: as text, never markup."""
    page.goto(bad_base_url, wait_until="load")
    page.locator("input[data-md-component=search-query]").click()
    page.locator("input[data-md-component=search-query]").press_sequentially("injected", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    page.wait_for_timeout(500)  # as above: time for a broken image to fire its handler
    # Previews are a few words long: the payload's start shows, as text.
    assert badvault.PAYLOAD[: len("<img src=x")] in results.first.inner_text()
    assert page.evaluate(ELEMENTS_WITH_HANDLERS) == []
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("() => typeof window.__injected") == "undefined"
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]
