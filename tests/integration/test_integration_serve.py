"""`mkdocs serve` after an edit: the changed page is re-rendered alone, yet navigation and the
search index stay complete and correct; a change that affects other pages rebuilds everything."""

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
    search_documents,
    search_postings,
    served_search,
    site_search,
)
from support import fetch_text as fetch

NOTE = Path("Interview") / "Deep learning interview.md"
PAGE = "Interview/Deep%20learning%20interview/"
OTHER_PAGE = "Concepts/Convolution/"
NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>', re.S)


def locations(docs: list[dict]) -> set[str]:
    return {doc["location"].split("#")[0] for doc in docs}


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
    expected_pages = locations(search_documents(site_search(tmp_path / "full")))
    nav_before = NAV.search(fetch(base + OTHER_PAGE)).group(0)

    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nThe word quokkaquartz was added while serving.\n")
    server.body_with(PAGE, "quokkaquartz", timeout=60)

    assert "re-rendered 1 changed note(s) only" in server.log_text(), "the edit should not rebuild the whole site"
    docs = search_documents(served_search(fetch, base))
    assert locations(docs) == expected_pages, "the search index lost or gained pages"
    edited = [doc for doc in docs if "quokkaquartz" in doc["text"]]
    assert len(edited) == 1 and edited[0]["location"].startswith(PAGE)
    sections = [doc["location"] for doc in docs]
    assert len(sections) == len(set(sections)), "the edited page's old entries were kept next to the new ones"
    # The new word is found, and only on the edited page; its other words still lead to it.
    assert [hit.split("#")[0] for hit in search_postings(served_search(fetch, base), "quokkaquartz")] == [PAGE]
    assert any(hit.startswith(PAGE) for hit in search_postings(served_search(fetch, base), "vanishing"))
    manifest = json.loads(fetch(base + "search/index/manifest.json"))
    assert json.loads(fetch(base + "search/search_index.json"))["docs"] == [], "Material's own index should stay empty"
    assert list(manifest["overlay"]) != [], "the edit should be in the overlay, not rewrite the shards"
    assert NAV.search(fetch(base + OTHER_PAGE)).group(0) == nav_before
    assert NAV.search(fetch(base + PAGE)).group(0).count("md-nav__link") > 5, "the edited page lost its navigation"


def test_a_new_heading_rebuilds_every_page(served) -> None:
    vault, server = served
    base = server.base
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\n## Zebra heading\n\nText under it.\n")
    server.body_with(PAGE, 'id="zebra-heading"', timeout=60)
    assert any(doc["location"].endswith("#zebra-heading") for doc in search_documents(served_search(fetch, base)))
    assert set(search_postings(served_search(fetch, base), "zebra")) == {PAGE + "#zebra-heading"}
    assert "re-rendered" not in server.log_text(), "a heading can be linked from other pages: rebuild them all"
