"""`mkdocs serve` after an edit: the changed page is re-rendered alone, navigation stays
complete, and search (Pagefind, re-indexed in the background) finds the edit; a change that
affects other pages rebuilds everything."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import (
    DEMO_VAULT,
    ServedSite,
    build_site,
    mkdocs_serve,
    pagefind_records,
    pagefind_search,
    wait_until,
)
from support import fetch as fetch_response
from support import fetch_text as fetch

NOTE = Path("Interview") / "Deep learning interview.md"
PAGE = "Interview/Deep%20learning%20interview/"
OTHER_PAGE = "Concepts/Convolution/"
NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>', re.S)


def urls(results: list[dict]) -> list[str]:
    return [result["url"].lstrip("/") for result in results]


def parts_of(base: str) -> dict | None:
    """The served index's manifest of parts, or None while there is no index yet."""
    status, body = fetch_response(base + "pagefind/vaultmark-parts.json")
    return json.loads(body) if status == 200 else None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, ServedSite]]:
    """A copy of the demo vault served by `mkdocs serve`; yields (vault copy, the server)."""
    vault = tmp_path / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    with mkdocs_serve(vault, tmp_path / "serve.log", ready=PAGE) as server:
        yield vault, server


def test_editing_a_note_re_renders_it_and_keeps_nav_and_search_complete(served, tmp_path: Path) -> None:
    vault, server = served
    base = server.base
    full = build_site(vault, tmp_path / "full", strict=False)
    assert full.returncode == 0, full.stderr
    expected_pages = {record["url"].lstrip("/") for record in pagefind_records(tmp_path / "full")}
    nav_before = NAV.search(fetch(base + OTHER_PAGE)).group(0)

    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nThe word quokkaquartz was added while serving.\n")
    server.body_with(PAGE, "quokkaquartz", timeout=60)

    assert "re-rendered 1 page(s) only" in server.log_text(), "the edit should not rebuild the whole site"
    # The index is rebuilt in the background: the new word turns up, on the edited page only.
    found = wait_until(lambda: urls(pagefind_search(base, "quokkaquartz")) or None, 30, "search to find the edit")
    assert found == [PAGE.replace("%20", " ")]
    assert PAGE.replace("%20", " ") in urls(pagefind_search(base, "vanishing")), "the page's other words were lost"
    assert set(urls(pagefind_search(base, "convolution"))) <= set(expected_pages), "a page the build does not index"
    assert json.loads(fetch(base + "search/search_index.json"))["docs"] == [], "Material's own index should stay empty"
    assert NAV.search(fetch(base + OTHER_PAGE)).group(0) == nav_before
    assert NAV.search(fetch(base + PAGE)).group(0).count("md-nav__link") > 5, "the edited page lost its navigation"
    # Study mode's data follows the edit: the text joined the note's last answer.
    card_file = re.search(r'data-study-file="([^"]+)"', fetch(base + PAGE)).group(1)
    index = json.loads(fetch(base + "study/index.json"))
    assert [entry["file"] for entry in index["pages"] if entry["url"] == PAGE] == [card_file]
    answers = [card["a"] for card in json.loads(fetch(base + card_file))["cards"]]
    assert "quokkaquartz" in answers[-1] and not any("quokkaquartz" in answer for answer in answers[:-1])


def test_a_new_heading_rebuilds_every_page(served) -> None:
    vault, server = served
    base = server.base
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\n## Zebra heading\n\nText under it.\n")
    server.body_with(PAGE, 'id="zebra-heading"', timeout=60)
    found = wait_until(lambda: urls(pagefind_search(base, "zebra")) or None, 30, "search to find the new heading")
    assert found == [PAGE.replace("%20", " ")]
    assert "re-rendered" not in server.log_text(), "a heading can be linked from other pages: rebuild them all"


def test_an_index_in_parts_finds_an_edit_in_any_part(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    with mkdocs_serve(vault, tmp_path / "serve.log", ready=PAGE, SEARCH_PART_PAGES="2") as server:
        manifest = wait_until(lambda: parts_of(server.base), 60, "the first index")
        assert len(manifest["parts"]) >= 3, manifest
        before = urls(pagefind_search(server.base, "convolution"))
        assert len({url.split("/")[0] for url in before}) >= 2, "pages of several parts are found together"
        note = vault / NOTE
        note.write_text(note.read_text(encoding="utf-8") + "\nThe word quokkaquartz was added while serving.\n")
        # A part without the word answers with pages holding its longest prefix found ("q");
        # the site's worker sets those aside (tests/browser/test_search.py), so look at the text.
        found = wait_until(
            lambda: (
                [
                    result["url"].lstrip("/")
                    for result in pagefind_search(server.base, "quokkaquartz")
                    if "quokkaquartz" in result["content"]
                ]
                or None
            ),
            30,
            "search to find the edit",
        )
        assert found == [PAGE.replace("%20", " ")]
        assert sorted(urls(pagefind_search(server.base, "convolution"))) == sorted(before), "other parts are intact"


def test_serve_clean_rebuilds_the_whole_index_after_an_edit(tmp_path: Path) -> None:
    # `serve --clean` runs plain builds: an edit must not leave an index of the edited note alone.
    vault = tmp_path / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    with mkdocs_serve(vault, tmp_path / "serve.log", ready=PAGE, options=("--clean",)) as server:
        note = vault / NOTE
        note.write_text(note.read_text(encoding="utf-8") + "\nThe word quokkaquartz was added while serving.\n")
        server.body_with(PAGE, "quokkaquartz", timeout=60)
        found = wait_until(
            lambda: urls(pagefind_search(server.base, "quokkaquartz")) or None, 30, "search to find the edit"
        )
        assert found == [PAGE.replace("%20", " ")]
        assert OTHER_PAGE in urls(pagefind_search(server.base, "convolution")), "the other notes left the index"


def test_a_new_link_shows_on_the_page_it_links_to(served) -> None:
    """The edited note and the note it now links to are re-rendered; no other page is."""
    vault, server = served
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nSee also the loose notes in [[Scribbles]].\n")
    scribbles = "Scribbles/Scribbles/"
    body = server.body_with(scribbles, "vm-backlinks", timeout=60)
    section = re.search(r'<aside[^>]*class="vm-backlinks".*?</aside>', body, re.S)
    assert section is not None
    assert "Deep learning interview" in section.group(0)
    # The line joined the note's last answer, so the backlink shows that card's question.
    assert "When would you prefer a 1x1 convolution?" in section.group(0)
    assert "loose notes" not in section.group(0)
    assert "re-rendered 2 page(s) only" in server.log_text()
    graph = json.loads(fetch(server.base + "graph.json"))
    number = {node["url"]: index for index, node in enumerate(graph["nodes"])}
    assert sorted([number[PAGE], number[scribbles]]) in graph["edges"]


ARTICLE = re.compile(r'<article class="md-content__inner.*?</article>', re.S)
COUNTS = re.compile(r"\d+ notes?, \d+ questions?")
# The decks are written by full builds only (`serve` keeps the last one's): their size may differ.
DECK_SIZE = re.compile(r'(<p class="vm-anki-deck">.*?<span>)\([^)]*\)')


def article(html: str) -> str:
    found = ARTICLE.search(html)
    assert found is not None, "no article on the page"
    return DECK_SIZE.sub(r"\1", found.group(0))


def test_a_new_question_updates_the_counts_as_a_clean_build_shows_them(served, tmp_path: Path) -> None:
    """A question added re-renders the note, its category page, its tag's page and the pages
    listing counts (home, tags), each as a clean build of the edited vault renders it."""
    vault, server = served
    base = server.base
    counted = {"": "index.html", "tags/": "tags/index.html", "categories/interview/": "categories/interview/index.html"}
    counted["tags/interview/"] = "tags/interview/index.html"
    before = {url: COUNTS.findall(article(fetch(base + url))) for url in counted}
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nQ: What does a zebracard test?\nA: Counting while serving.\n")
    server.body_with(PAGE, "zebracard", timeout=60)
    wait_until(lambda: "re-rendered" in server.log_text() or None, 30, "the partial rebuild's log line")
    assert re.search(r"re-rendered \d+ page\(s\) only", server.log_text()), server.log_text()[-2000:]
    clean = build_site(vault, tmp_path / "clean", strict=False)
    assert clean.returncode == 0, clean.stderr
    for url, file in {PAGE: PAGE.replace("%20", " ") + "index.html", **counted}.items():
        served_article = article(fetch(base + url))
        assert served_article == article((tmp_path / "clean" / file).read_text(encoding="utf-8")), url
    assert {url: COUNTS.findall(article(fetch(base + url))) for url in counted} != before, "no count changed"


def test_editing_an_embedded_section_shows_on_the_note_embedding_it(served) -> None:
    vault, server = served
    note = vault / "Concepts" / "Loss functions.md"
    lines = note.read_text(encoding="utf-8").split("\n")
    end = lines.index("## Mean squared error")
    lines[end:end] = ["The word quokkaembed was added while serving.", ""]
    note.write_text("\n".join(lines), encoding="utf-8")
    server.body_with("Concepts/Loss%20functions/", "quokkaembed", timeout=60)
    assert "quokkaembed" in fetch(server.base + OTHER_PAGE), "the note embedding the section shows the old text"
    assert "re-rendered 2 page(s) only" in server.log_text()
