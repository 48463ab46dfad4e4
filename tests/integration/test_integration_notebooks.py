"""Notebooks through a real `mkdocs build`: outputs, math macros, answer cards, download, bad files."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, build_site
from support import soup as parse
from vaultmark import markup

VAULT = FIXTURES / "vaults" / "notebooks"
BROKEN = FIXTURES / "vaults" / "notebooks-broken"
PAGE = Path("Course") / "Homework" / "index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("notebook-site")
    process = build_site(VAULT, target)
    assert process.returncode == 0, process.stderr
    return target


@pytest.fixture(scope="module")
def soup(site: Path) -> BeautifulSoup:
    return parse(site / PAGE)


def test_notebook_is_a_page_in_its_category(site: Path) -> None:
    category = (site / "categories" / "course" / "index.html").read_text(encoding="utf-8")
    assert "Homework" in category and "2 questions" in category
    nav = parse(site / "index.html")
    assert any("Homework" in link.get_text() for link in nav.select("nav.md-nav--primary a"))


def test_outputs_render_without_executing(soup: BeautifulSoup) -> None:
    text = soup.get_text()
    assert "hello from a stream" in text
    assert "ZeroDivisionError" in text
    assert soup.select_one("img[src^='data:image/png;base64,']") is not None
    assert soup.select_one(".jp-RenderedSVG img[src^='data:image/svg+xml']") is not None
    table = soup.select_one("table.dataframe")
    assert table is not None and "epoch" in table.get_text()
    code = soup.select(".jp-CodeCell .highlight-ipynb, .jp-CodeCell .highlight")
    assert code, "code cells are highlighted"


def test_long_outputs_are_cut_with_a_visible_note(soup: BeautifulSoup) -> None:
    text = soup.get_text()
    assert "step 99: loss" in text
    assert "step 100: loss" not in text
    assert "200 more lines not shown here" in text


def test_markdown_cells_get_callouts_links_and_math(soup: BeautifulSoup, site: Path) -> None:
    callout = soup.select_one("div.admonition.note")
    assert callout is not None and "Setup" in callout.get_text()
    link = soup.find("a", string="Notes page")
    assert link is not None
    assert (site / "Course" / "Homework" / unquote(link["href"]) / "index.html").resolve().is_file()
    math = [node.get_text() for node in soup.select(".arithmatex")]
    assert any("\\newcommand{\\mat}" in item for item in math)
    assert any("\\mat{A}\\vec{v}" in item for item in math)


def test_answer_cells_become_collapsed_cards(soup: BeautifulSoup) -> None:
    questions = soup.select(f"h3.{markup.NOTEBOOK_QUESTION}")
    assert len(questions) == 2
    for question in questions:
        answer = soup.find(id=question["data-answer"])
        assert answer is not None and f"{markup.CARD}" in answer["class"]
        details = answer.select_one(f"details.{markup.ANSWER}")
        assert details is not None and not details.has_attr("open")
    first = soup.find(id=questions[0]["data-answer"]).get_text()
    assert "square root" in first and "Answer:" not in first
    assert "=====" not in soup.find(id=questions[1]["data-answer"]).get_text()


def test_questions_are_in_the_table_of_contents(soup: BeautifulSoup) -> None:
    toc = soup.select("nav.md-nav--secondary a")
    targets = {link["href"] for link in toc}
    for question in soup.select(f"h3.{markup.NOTEBOOK_QUESTION}"):
        assert f"#{question['id']}" in targets


def test_original_notebook_is_offered_for_download(soup: BeautifulSoup, site: Path) -> None:
    link = soup.select_one(f".{markup.NOTEBOOK_DOWNLOAD} a[download]")
    assert link is not None
    downloaded = (site / PAGE).parent / unquote(link["href"])
    original = VAULT / "Course" / "Homework.ipynb"
    assert downloaded.read_bytes() == original.read_bytes()
    json.loads(downloaded.read_text(encoding="utf-8"))


def test_unreadable_notebooks_warn_and_are_skipped(tmp_path: Path) -> None:
    relaxed = build_site(BROKEN, tmp_path / "relaxed", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "notebooks-broken/Broken/Bad json.ipynb:1: notebook is not valid JSON" in relaxed.stderr
    assert "notebooks-broken/Broken/Old format.ipynb:1: notebook format 3 is not nbformat 4" in relaxed.stderr
    assert (tmp_path / "relaxed" / "Broken" / "Fine note" / "index.html").is_file()
    assert not (tmp_path / "relaxed" / "Broken" / "Bad json").exists()
    strict = build_site(BROKEN, tmp_path / "strict")
    assert strict.returncode != 0
