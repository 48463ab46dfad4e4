"""Golden fixtures of the core's connections: backlinks (`links.py`) and tag pages (`tagpages.py`).

    tests/fixtures/golden/backlinks/<case>.md   a note linking into the fixture vault
    tests/fixtures/golden/tagpages/<case>.md    a note with tags

Each case is added to the fixture vault as `Cases/<case>.md` and the vault is built
with every normalizer step, as the site builds it (`VaultBuild.run`). The expected file
holds, for backlinks, the "Linked from" section of every note the case links to; for tag
pages, the tags index and the page of each tag. `--update-golden` rewrites them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_golden import CASE_FOLDER, EXPECTED_SUFFIX, GOLDEN, MIN_CASES, VAULT, compare_golden, expected_path

from vaultmark import VaultBuild

FOLDERS = ("backlinks", "tagpages")


def cases(folder: str) -> list[Path]:
    return sorted(p for p in (GOLDEN / folder).glob("*.md") if not p.name.endswith(EXPECTED_SUFFIX))


def built_with(source: Path, tmp_path: Path) -> tuple[VaultBuild, str]:
    """The fixture vault with the case as `Cases/<case>.md`, built; and the case's path."""
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    path = f"{CASE_FOLDER}/{source.stem}.md"
    shutil.copyfile(source, vault / path)
    return VaultBuild.run(vault), path


def backlinks_of(build: VaultBuild, case: str) -> str:
    targets = sorted({link.target for link in build.pages[case].links if link.target != case})
    sections = [f"<!-- {target} -->{build.links.section(target)}" for target in targets]
    return "\n".join(sections) if sections else "<!-- no backlinks -->\n"


def tag_pages_of(build: VaultBuild, case: str) -> str:
    keys = sorted(
        key for key, tag in build.tags.tags.items() if any(note.path == case for note in build.tags.all_notes(key))
    )
    if not keys:
        return "<!-- no tags -->\n"
    own = [build.tags.tags[key] for key in keys]
    parts = [f"<!-- index, from tags.md -->\n{build.tags.index_markdown('tags.md')}\n"]
    parts += [f"<!-- {tag.page} -->\n{build.tags.page_markdown(tag.key)}" for tag in own]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("folder", "source"),
    [pytest.param(folder, source, id=f"{folder}/{source.stem}") for folder in FOLDERS for source in cases(folder)],
)
def test_golden_connections(folder: str, source: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    build, case = built_with(source, tmp_path)
    actual = backlinks_of(build, case) if folder == "backlinks" else tag_pages_of(build, case)
    compare_golden(f"{folder}/{source.name}", actual, expected_path(source), request)


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_connections_folder_has_cases(folder: str) -> None:
    found = cases(folder)
    assert len(found) >= MIN_CASES and any(case.stem.startswith("plain") for case in found), folder


def write_vault(folder: Path, notes: dict[str, str]) -> Path:
    for path, text in notes.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


def test_embedding_follows_embeds_of_embeds_and_nothing_else(tmp_path: Path) -> None:
    """`serve` normalizes again the notes that show an edited note's text: who embeds it, and
    who embeds those; a plain link shows no text."""
    vault = write_vault(
        tmp_path,
        {
            "A.md": "# A\n\n![[B]]\n",
            "B.md": "# B\n\n![[C#Part]]\n",
            "C.md": "# C\n\n## Part\n\nText.\n",
            "D.md": "# D\n\nSee [[C]].\n",
            "E.md": "# E\n\n![[A]]\n",
        },
    )
    links = VaultBuild.run(vault).links
    assert links.embedding(["C.md"]) == {"B.md", "A.md", "E.md"}
    assert links.embedding(["A.md"]) == {"E.md"}
    assert links.embedding(["D.md", "E.md"]) == set()


def test_count_pages_are_the_category_and_every_tag_listing_the_note(tmp_path: Path) -> None:
    vault = write_vault(
        tmp_path,
        {
            "Topic/One.md": "---\ntags: [ml/vision, review]\n---\nQ: First?\nA: Yes.\n",
            "Topic/Two.md": "---\ntags: [ml]\n---\nQ: Second?\nA: No.\n",
        },
    )
    build = VaultBuild.run(vault)
    pages = build.count_pages("Topic/One.md")
    assert sorted(pages) == ["categories/topic/index.md", "tags/ml.md", "tags/ml/vision.md", "tags/review.md"]
    build.renormalize(
        "Topic/One.md", "---\ntags: [ml/vision, review]\n---\nQ: First?\nA: Yes.\n\nQ: Third?\nA: Maybe.\n"
    )
    assert "3 questions" in build.count_pages("Topic/One.md")["tags/ml.md"]
    assert "2 questions" in build.count_pages("Topic/One.md")["categories/topic/index.md"]
