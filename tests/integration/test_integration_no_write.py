"""Neither `mkdocs build` nor `mkdocs serve` may write to the vault or to docs/."""

from __future__ import annotations

from pathlib import Path

from support import DEMO_VAULT, REPO, build_site, fetch, mkdocs_serve, tree_snapshot
from support import snapshot_changes as diff

WATCHED = (DEMO_VAULT, REPO / "docs")


def test_build_and_serve_write_nothing_to_notes_or_docs(tmp_path: Path) -> None:
    before = tree_snapshot(WATCHED)

    process = build_site(DEMO_VAULT, tmp_path / "site", strict=False)
    assert process.returncode == 0, process.stderr
    after_build = tree_snapshot(WATCHED)
    assert diff(before, after_build) == [], "mkdocs build wrote to notes/ or docs/"

    with mkdocs_serve(DEMO_VAULT, tmp_path / "serve.log") as server:
        base = server.base
        status, home = fetch(base)
        assert status == 200 and b"ML study notes" in home

        status, page = fetch(base + "Concepts/Convolution/")
        assert status == 200 and b"Convolution" in page
        status, page = fetch(base + "Concepts/Loss%20functions/")
        assert status == 200 and b"Cross-entropy" in page
        status, image = fetch(base + "attachments/conv-kernel.png")
        assert status == 200 and image == (DEMO_VAULT / "attachments" / "conv-kernel.png").read_bytes()

    after_serve = tree_snapshot(WATCHED)
    assert diff(before, after_serve) == [], "mkdocs serve wrote to notes/ or docs/"
