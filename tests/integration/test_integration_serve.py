"""`mkdocs serve` after an edit: the changed page is re-rendered alone, yet navigation and the
search index stay complete and correct; a change that affects other pages rebuilds everything."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import (
    DEMO_VAULT,
    REPO,
    build_site,
    free_port,
    mkdocs_env,
    search_documents,
    search_postings,
    served_search,
    site_search,
)

NOTE = Path("Interview") / "Deep learning interview.md"
PAGE = "Interview/Deep%20learning%20interview/"
OTHER_PAGE = "Concepts/Convolution/"
NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>', re.S)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, marker: str, timeout: float = 60) -> str:
    """Poll `url` until its body contains `marker`; return the body."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = fetch(url)
            if marker in body:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {marker!r}")


def locations(docs: list[dict]) -> set[str]:
    return {doc["location"].split("#")[0] for doc in docs}


@pytest.fixture
def served(tmp_path: Path):
    """A copy of the demo vault served by `mkdocs serve`; yields (vault copy, base URL, log path)."""
    vault = tmp_path / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(REPO / "mkdocs.yml")],
            cwd=REPO,
            env=mkdocs_env(vault),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(base + PAGE, "Deep learning interview")
            yield vault, base, log
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_editing_a_note_re_renders_it_and_keeps_nav_and_search_complete(served, tmp_path: Path) -> None:
    vault, base, log = served
    full = build_site(vault, tmp_path / "full", strict=False)
    assert full.returncode == 0, full.stderr
    expected_pages = locations(search_documents(site_search(tmp_path / "full")))
    nav_before = NAV.search(fetch(base + OTHER_PAGE)).group(0)

    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nThe word quokkaquartz was added while serving.\n")
    wait_for(base + PAGE, "quokkaquartz")

    assert "re-rendered 1 changed note(s) only" in log.read_text(), "the edit should not rebuild the whole site"
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
    vault, base, log = served
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\n## Zebra heading\n\nText under it.\n")
    wait_for(base + PAGE, 'id="zebra-heading"')
    assert any(doc["location"].endswith("#zebra-heading") for doc in search_documents(served_search(fetch, base)))
    assert set(search_postings(served_search(fetch, base), "zebra")) == {PAGE + "#zebra-heading"}
    assert "re-rendered" not in log.read_text(), "a heading can be linked from other pages: rebuild them all"
