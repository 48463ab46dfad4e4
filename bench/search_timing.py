"""Search speed in a real browser: how soon search is ready, and how fast results follow typing.

Serves a built site from a local HTTP server, opens the home page in Chromium and
types a word into Material's search box. "Ready" is the time from the page's load
event until the first results appear for a word typed right away (the search
worker has then loaded and indexed `search_index.json`); "results" is, once
ready, the time from typing a second word to its results.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
RESULTS = ".md-search-result__item"
# Counts result items whose text holds the word: the list is only "updated" once they do.
MATCHING = "(word) => [...document.querySelectorAll('.md-search-result__item')].filter((item) => item.textContent.toLowerCase().includes(word)).length"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if shutil.which(name):
            return shutil.which(name)
    return None


def measure_search(site: Path, first_word: str, second_word: str) -> dict:
    """Seconds until search answers on page load, and milliseconds from typing to results."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url, wait_until="load")
            loaded = time.perf_counter()
            page.locator("input[data-md-component=search-query]").focus()
            page.keyboard.type(first_word)
            page.wait_for_function(MATCHING + " > 0", arg=first_word, timeout=120_000)
            ready_s = time.perf_counter() - loaded
            page.keyboard.press("Control+A")
            started = time.perf_counter()
            page.keyboard.type(second_word)
            page.wait_for_function(MATCHING + " > 0", arg=second_word, timeout=60_000)
            results_ms = (time.perf_counter() - started) * 1000
            browser.close()
    finally:
        server.shutdown()
    return {"ready_s": ready_s, "results_ms": results_ms, "words": [first_word, second_word]}
