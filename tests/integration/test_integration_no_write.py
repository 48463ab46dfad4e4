"""Neither `mkdocs build` nor `mkdocs serve` may write to the vault or to docs/."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import DEMO_VAULT, REPO, build_site, free_port, mkdocs_env, stop, tree_snapshot
from support import snapshot_changes as diff

WATCHED = (DEMO_VAULT, REPO / "docs")


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_build_and_serve_write_nothing_to_notes_or_docs(tmp_path: Path) -> None:
    before = tree_snapshot(WATCHED)

    process = build_site(DEMO_VAULT, tmp_path / "site", strict=False)
    assert process.returncode == 0, process.stderr
    after_build = tree_snapshot(WATCHED)
    assert diff(before, after_build) == [], "mkdocs build wrote to notes/ or docs/"

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=mkdocs_env(DEMO_VAULT),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        home = None
        while time.monotonic() < deadline:
            assert server.poll() is None, f"mkdocs serve exited early:\n{(tmp_path / 'serve.log').read_text()}"
            try:
                status, home = fetch(base)
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.5)
        assert home is not None, f"mkdocs serve never answered:\n{(tmp_path / 'serve.log').read_text()}"
        assert b"ML study notes" in home

        status, page = fetch(base + "Concepts/Convolution/")
        assert status == 200 and b"Convolution" in page
        status, page = fetch(base + "Concepts/Loss%20functions/")
        assert status == 200 and b"Cross-entropy" in page
        status, image = fetch(base + "attachments/conv-kernel.png")
        assert status == 200 and image == (DEMO_VAULT / "attachments" / "conv-kernel.png").read_bytes()
    finally:
        stop(server)
        log.close()

    after_serve = tree_snapshot(WATCHED)
    assert diff(before, after_serve) == [], "mkdocs serve wrote to notes/ or docs/"
