"""Links that go nowhere, seen in Chromium: a link to a missing note reads in both colour
schemes (axe's colour-contrast rule, WCAG AA), and a link to an unpublished note is plain
text with a hint. The vault is built without --strict, as a vault with such links is."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from subpath_server import serving
from support import build_site
from vaultmark import markup

pytestmark = pytest.mark.browser

NOTE = """# Links

The words [[Loss function]] name a note that does not exist.

The [[Hidden plan|plan]] and the [draft](Hidden%20plan.md) are not published.
"""


@pytest.fixture(scope="module")
def links_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("link-states")
    vault = root / "vault"
    (vault / "Topics").mkdir(parents=True)
    (vault / "Topics" / "Links.md").write_text(NOTE, encoding="utf-8")
    (vault / "Topics" / "Hidden plan.md").write_text("---\ndraft: true\n---\nSecret.\n", encoding="utf-8")
    process = build_site(vault, root / "site", strict=False)
    assert process.returncode == 0, process.stderr
    assert "2 links point to unpublished notes" in process.stderr, process.stderr
    assert "Hidden plan" not in "\n".join(line for line in process.stderr.splitlines() if "WARNING" in line)
    with serving(root / "site") as url:
        yield url + "Topics/Links/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_missing_link_text_meets_contrast(page: Page, links_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(links_url)
    missing = page.locator(f"article .{markup.MISSING_LINK}")
    expect(missing).to_have_text("Loss function")
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    failures = [node["target"] for violation in results.response["violations"] for node in violation["nodes"]]
    assert failures == [], failures


def test_unpublished_links_read_as_text_with_a_hint(page: Page, links_url: str) -> None:
    page.goto(links_url)
    hints = page.locator(f"article .{markup.UNPUBLISHED_LINK}")
    expect(hints).to_have_text(["plan", "draft"])
    assert hints.first.get_attribute("title") == "This note is not published"
    assert page.locator("article a", has_text="plan").count() == 0
    assert page.locator("article a", has_text="draft").count() == 0
