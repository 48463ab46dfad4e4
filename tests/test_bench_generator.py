"""bench/generate.py: the same notes + seed give byte-identical vaults that the normalizer accepts."""

from __future__ import annotations

from pathlib import Path

import vaultmark
from support import bench_generator as _generator


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_seed_gives_identical_files_and_a_clean_vault(tmp_path: Path) -> None:
    generator = _generator()
    generator.generate(30, 7, tmp_path / "a")
    generator.generate(30, 7, tmp_path / "b")
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert sum(name.endswith(".md") for name in first) == 30
    assert any(name.endswith(".png") for name in first)
    assert all(1_000 <= len(data) <= 20 * 1024 for name, data in first.items() if name.endswith(".md"))

    generator.generate(30, 8, tmp_path / "c")
    assert _files(tmp_path / "c") != first

    # Every wikilink, heading link and card is valid: the normalizer reports nothing.
    index = vaultmark.VaultIndex.from_directory(tmp_path / "a")
    problems = {path: vaultmark.normalize_note(text, path, index).diagnostics for path, text in index.texts.items()}
    assert {path: found for path, found in problems.items() if found} == {}
