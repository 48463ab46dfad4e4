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
