"""Search speed in a real browser: how soon search is ready, and how fast results follow typing.

Serves a built site from a local HTTP server, opens the home page in Chromium and
types a word into Material's search box. "Ready" is the time from the page's load
event until results for a word typed right away appear (the search worker has then
loaded its index). "Results" is, once ready, the time from the last keystroke of a
second word, typed at 80 ms a key like a fast typist, to the results for that whole
word: links whose highlight parameter is exactly the word (`?h=word`), so results
still showing for its first letters do not count.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
KEY_DELAY_MS = 80
# True once a result links to a page with the whole word to highlight: results for that query.
ANSWERED = "(word) => [...document.querySelectorAll('.md-search-result__link')].some((link) => new URL(link.href).searchParams.get('h') === word)"


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
            page.wait_for_function(ANSWERED, arg=first_word, timeout=120_000, polling="raf")
            ready_s = time.perf_counter() - loaded
            page.keyboard.press("Control+A")
            page.keyboard.type(second_word[:-1], delay=KEY_DELAY_MS)
            page.wait_for_timeout(KEY_DELAY_MS)
            started = time.perf_counter()
            page.keyboard.press(second_word[-1])
            page.wait_for_function(ANSWERED, arg=second_word, timeout=60_000, polling="raf")
            results_ms = (time.perf_counter() - started) * 1000
            browser.close()
    finally:
        server.shutdown()
    return {"ready_s": ready_s, "results_ms": results_ms, "words": [first_word, second_word]}
