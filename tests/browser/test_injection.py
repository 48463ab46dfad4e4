"""HTML injection through note metadata and questions, checked in a real Chromium.

The bad vault (tests/badvault.py) has a note whose title, tags, aliases and
questions hold `</script>`, `"` and `<img src=x onerror=window.__injected=1>` /
`"><svg onload=alert(1)>`. It is built and served under `/study/`, like the demo
site in conftest.py. On the note's page, the home page, its category page and the
tags page: no element carries an `on*` attribute, no `img[src=x]` exists,
`window.__injected` stays undefined and no dialog opens.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing Playwright is an error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from playwright.sync_api import Page  # noqa: E402

import badvault  # noqa: E402
from support import REPO, mkdocs_env  # noqa: E402

pytestmark = pytest.mark.browser

PREFIX = "/study"
HOST = "127.0.0.1"
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


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `server.site_dir` under `/study/` only, as GitHub Pages serves a project site."""

    def _in_prefix(self) -> bool:
        path = urlsplit(self.path).path
        return path == PREFIX or path.startswith(PREFIX + "/")

    def do_GET(self) -> None:  # noqa: N802
        if not self._in_prefix():
            self.send_error(404, "outside /study/")
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.site_dir)  # type: ignore[attr-defined]
        stripped = urlsplit(path).path[len(PREFIX):] or "/"
        return super().translate_path(stripped)

    def log_message(self, format: str, *args) -> None:
        pass


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
    server = http.server.ThreadingHTTPServer((HOST, 0), partial(_SubPathHandler, directory="."))
    server.daemon_threads = True
    server.site_dir = bad_site  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()


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
    page.wait_for_load_state("networkidle")
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
