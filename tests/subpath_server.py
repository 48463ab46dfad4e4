"""A local HTTP server that serves a built site under `/study/`, as GitHub Pages serves a project site."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from urllib.parse import urlsplit

PREFIX = "/study"
LOCAL_HOST = "127.0.0.1"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `server.site_dir` under `/study/` only; every other path is a 404."""

    def _in_prefix(self) -> bool:
        path = urlsplit(self.path).path
        return path == PREFIX or path.startswith(PREFIX + "/")

    def do_GET(self) -> None:
        if not self._in_prefix():
            self.send_error(404, "outside /study/")
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self._in_prefix():
            self.send_error(404, "outside /study/")
            return
        super().do_HEAD()

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.site_dir)  # type: ignore[attr-defined]
        path = urlsplit(path).path
        stripped = path[len(PREFIX) :] or "/"
        return super().translate_path(stripped)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep pytest output clean
        pass


@contextmanager
def bound_server() -> Iterator[http.server.ThreadingHTTPServer]:
    """A threaded HTTP server bound to a free port on 127.0.0.1; set `.site_dir`, then `start()`."""
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), partial(SubPathHandler, directory="."))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    server.start = thread.start  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()


def base_url_of(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://{LOCAL_HOST}:{server.server_address[1]}{PREFIX}/"


@contextmanager
def serving(site_dir) -> Iterator[str]:
    """A built site served under `/study/` while the block runs; yields its base URL."""
    with bound_server() as server:
        server.site_dir = site_dir  # type: ignore[attr-defined]
        server.start()  # type: ignore[attr-defined]
        yield base_url_of(server)
