"""The study site built from a synthetic vault (bench/generate.py), in Chromium: navigation,
Q/A cards and search keep working as the vault grows.

The vault has 300 notes by default; `pytest --generated-notes 3000 tests/browser/test_generated_vault.py`
runs the same checks at the size of the performance targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from subpath_server import serving
from support import bench_generator, build_site

pytest.importorskip("playwright")  # the conftest turns a missing Playwright into a CI failure

from playwright.sync_api import Page, expect

from vaultmark import markup

QUESTION = re.compile(r"^Q:", re.M)


@dataclass
class Generated:
    vault: Path
    base_url: str
    notes: list[Path]

    def url(self, note: Path) -> str:
        return self.base_url + quote(note.relative_to(self.vault).with_suffix("").as_posix()) + "/"


@pytest.fixture(scope="session")
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    size = request.config.getoption("--generated-notes")
    folder = tmp_path_factory.mktemp(f"generated-{size}")
    vault, site = folder / "vault", folder / "site"
    bench_generator().generate(size, 7, vault)
    process = build_site(vault, site)
    assert process.returncode == 0, f"strict build of the generated vault failed:\n{process.stderr[-3000:]}"
    with serving(site) as url:
        yield Generated(vault, url, sorted(vault.rglob("*.md")))


def test_every_note_is_listed_on_its_category_page(page: Page, generated: Generated) -> None:
    page.goto(generated.base_url)
    categories = page.locator("article a[href*='categories/']").evaluate_all(
        "(links) => [...new Set(links.map((a) => a.href))]"
    )
    listed: set[str] = set()
    for url in categories:
        response = page.goto(url)
        assert response is not None and response.ok, url
        hrefs = page.locator("article li > a").evaluate_all("(links) => links.map((a) => a.href)")
        listed |= {unquote(urlsplit(href).path) for href in hrefs}
    expected = {unquote(urlsplit(generated.url(note)).path) for note in generated.notes}
    assert expected <= listed, sorted(expected - listed)[:5]

    # A note page keeps a way back to its category, whatever the size of the vault.
    note = generated.notes[len(generated.notes) // 2]
    page.goto(generated.url(note))
    expect(page.locator("nav.md-nav--primary a[href*='categories/']").first).to_be_attached()


def test_answers_start_closed_and_open_one_by_one_or_all(page: Page, generated: Generated) -> None:
    note = next(note for note in generated.notes if len(QUESTION.findall(note.read_text(encoding="utf-8"))) >= 2)
    page.goto(generated.url(note))
    answers = page.locator(f"article details.{markup.ANSWER}")
    expect(answers).to_have_count(len(QUESTION.findall(note.read_text(encoding="utf-8"))))
    expect(page.locator(f"article details.{markup.ANSWER}[open]")).to_have_count(0)
    answers.first.locator(":scope > summary").click()
    expect(answers.first).to_have_attribute("open", "")
    expect(page.locator(f"article details.{markup.ANSWER}[open]")).to_have_count(1)
    page.locator(".vm-controls__button", has_text=re.compile("show all", re.I)).click()
    expect(page.locator(f"article details.{markup.ANSWER}:not([open])")).to_have_count(0)


def test_search_finds_a_note_by_its_title_and_opens_it(page: Page, generated: Generated, assert_offline) -> None:
    note = generated.notes[len(generated.notes) // 3]
    title = note.stem
    page.goto(generated.base_url)
    page.locator("input[data-md-component=search-query]").click()
    page.locator("input[data-md-component=search-query]").press_sequentially(title, delay=20)
    wanted = generated.url(note)
    # Each keystroke's results replace the last ones: wait for the note among the first three
    # pages, then click its link by address, not by a position an older list had.
    page.wait_for_function(
        """(url) => [...document.querySelectorAll(".md-search-result__item > a:first-child")]
          .slice(0, 3).some((link) => link.href.split("?")[0] === url)""",
        arg=wanted,
        timeout=10_000,
    )
    page.locator(f'.md-search-result__item > a:first-child[href^="{wanted}"]').first.click()
    page.wait_for_url(re.compile(re.escape(urlsplit(generated.url(note)).path)))
    expect(page.locator("article h1").first).to_contain_text(title)
    assert not page.js_errors, page.js_errors
    assert_offline()
