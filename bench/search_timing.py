"""Search speed in a real browser: how soon search is ready, how fast results follow
typing, and how many bytes search fetches.

Serves a built site from a local HTTP server, opens the home page in Chromium and
types a word into Material's search box. "Ready" is the time from the page's load
event until results for a word typed right away appear (the search worker has then
loaded its index). "Results" is, once ready, the time from the last keystroke of a
second word, typed at 80 ms a key like a fast typist, to the results for that whole
word: the result list's first link changes to a result of that word, so results still
showing for its first letters do not count. Bytes are response bodies of the search
worker and its index files: those fetched before search is ready, and those the second
word (every prefix typed) fetched.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import support  # tests/support.py (bench/run.py puts tests/ on sys.path)

KEY_DELAY_MS = 80
# Files the search fetches: the worker, and everything under pagefind/ (or the old search/).
SEARCH_PATHS = ("/pagefind/", "/search/", "vaultmark-search.js")
# Marks the current first result link; the answer to a new query replaces the list.
MARK_FIRST = (
    "() => { const link = document.querySelector('.md-search-result__link'); if (link) link.dataset.old = '1' }"
)
FRESH_FIRST = "() => { const link = document.querySelector('.md-search-result__link'); return Boolean(link) && !link.dataset.old }"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure_search(site: Path, first_word: str, second_word: str) -> dict:
    """Seconds until search answers on page load, milliseconds from typing to results,
    and the search bytes fetched before the first query and for one typed word."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    fetched: list[int] = []

    def count(request) -> None:
        if any(part in request.url for part in SEARCH_PATHS):
            fetched.append(request.sizes()["responseBodySize"])

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=support.find_chromium(), args=support.LAUNCH_ARGS)
            # A page left alone: what search fetches before anyone types.
            idle = browser.new_context().new_page()
            idle.on("requestfinished", count)
            idle.goto(url, wait_until="networkidle")
            idle.wait_for_timeout(1000)
            before_query = sum(fetched)
            fetched.clear()
            page = browser.new_context().new_page()
            page.on("requestfinished", count)
            page.goto(url, wait_until="load")
            loaded = time.perf_counter()
            page.locator("input[data-md-component=search-query]").focus()
            page.keyboard.type(first_word)
            page.wait_for_function(FRESH_FIRST, timeout=120_000, polling="raf")
            ready_s = time.perf_counter() - loaded
            page.wait_for_timeout(500)  # the first word's own fetches end
            fetched_before_second = sum(fetched)
            page.evaluate(MARK_FIRST)
            page.keyboard.press("Control+A")
            page.keyboard.type(second_word[:-1], delay=KEY_DELAY_MS)
            page.wait_for_timeout(KEY_DELAY_MS)
            page.evaluate(MARK_FIRST)
            started = time.perf_counter()
            page.keyboard.press(second_word[-1])
            page.wait_for_function(FRESH_FIRST, timeout=60_000, polling="raf")
            results_ms = (time.perf_counter() - started) * 1000
            page.wait_for_timeout(500)
            per_word = sum(fetched) - fetched_before_second
            browser.close()
    finally:
        server.shutdown()
    return {
        "ready_s": ready_s,
        "results_ms": results_ms,
        "words": [first_word, second_word],
        "bytes_before_first_query": before_query,
        "bytes_per_typed_word": per_word,
    }
