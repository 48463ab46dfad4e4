"""bench/generate.py's atomic mix: deterministic, its own shape (kinds, sizes, nested folders),
and every link, embed and block reference valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vaultmark
from support import bench_generator as _generator

NOTES = 60


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def atomic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = tmp_path_factory.mktemp("atomic") / "vault"
    _generator().generate(NOTES, 7, vault, mix="atomic")
    return vault


def test_same_seed_gives_identical_files_unlike_the_standard_mix(atomic: Path, tmp_path: Path) -> None:
    generator = _generator()
    generator.generate(NOTES, 7, tmp_path / "again", mix="atomic")
    assert _files(tmp_path / "again") == _files(atomic)
    generator.generate(NOTES, 7, tmp_path / "standard")
    assert _files(tmp_path / "standard").keys().isdisjoint(name for name in _files(atomic) if name.endswith(".md"))
    with pytest.raises(ValueError, match="unknown mix"):
        generator.generate(3, 7, tmp_path / "other", mix="other")


def test_kinds_sizes_and_folders(atomic: Path) -> None:
    generator = _generator()
    plans, _ = generator.plan_mix(NOTES, 7, "atomic")
    assert generator.kind_counts(plans, "atomic") == {"atomic": 27, "qa": 12, "code": 9, "math": 6, "scribbles": 6}
    assert {len(plan.path.split("/")) for plan in plans} <= {3, 4}  # Area/Sub[/Sub]/Note.md
    assert 4 <= len({plan.path.split("/")[0] for plan in plans}) <= 6
    for plan in plans:
        text = (atomic / plan.path).read_text(encoding="utf-8")
        if plan.kind == "atomic":
            assert 300 <= len(text.encode()) <= 2048, plan.path
            assert f"^{plan.blocks['definition']}\n" in text
        if plan.kind == "scribbles":
            assert "scribbles: true" in text and len(text.encode()) >= 20_000
        if plan.kind == "code":
            blocks = re.findall(r"^```(\w+)\n(.*?)^```$", text, re.M | re.S)
            assert blocks and all(8 <= body.count("\n") <= 40 for _, body in blocks)
    texts = "".join(path.read_text(encoding="utf-8") for path in atomic.rglob("*.md"))
    assert re.search(r"!\[\[[^\]#]+#[^\]^]+\]\]", texts)  # section embeds
    assert re.search(r"(?<!!)\[\[[^\]]*#\^[\w-]+", texts)  # block references
    assert "\\begin{aligned}" in texts and "**Q:**" in texts and "# Question 1" in texts and "::" in texts


def test_every_link_embed_block_and_card_is_valid(atomic: Path) -> None:
    index = vaultmark.VaultIndex.from_directory(atomic)
    problems = {path: vaultmark.normalize_note(text, path, index).diagnostics for path, text in index.texts.items()}
    assert {path: found for path, found in problems.items() if found} == {}
