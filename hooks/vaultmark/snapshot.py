"""What files a build reads, and when each last changed, to tell what an edit touched."""

from __future__ import annotations

from pathlib import Path


def file_snapshot(roots: list[Path]) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every file under `roots` (a root may be a single file)."""
    found = {}
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                status = path.stat()
                found[path] = (status.st_mtime_ns, status.st_size)
    return found
