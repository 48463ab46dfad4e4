"""The site's block structure against Obsidian's, with markdown-it-py as the oracle (tests/oracle.py).

Every demo note, every note of the fixture vaults and every golden case is rendered both
ways; their lists (nesting, numbering), paragraphs, line breaks, headings, code and math
blocks must agree. The golden cases that still differ are listed below with the reason, so
fixing one fails this test until it leaves the list, and a new difference fails it too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import oracle
from support import DEMO_VAULT, FIXTURES
from vaultmark import VaultIndex

GOLDEN = FIXTURES / "golden"
VAULTS = [DEMO_VAULT, *sorted(path for path in (FIXTURES / "vaults").iterdir() if path.is_dir())]

# Golden cases whose structure still differs from Obsidian's, and why.
KNOWN_DIFFERENCES = {
    "blocks/list-after-paragraph": "Python-Markdown has no `3)` ordered lists and joins `-` and `*` items into one list",
    "blocks/nested-list": "Python-Markdown makes an item with a nested block loose (its text in <p>)",
    "cards/questionnaire": "an answer paragraph flush left under its item: a lazy line in CommonMark",
    "comments/code-span": "a line ending in a removed comment keeps its line break in the oracle",
    "comments/code-span-after-multiline": "a line ending in a removed comment keeps its line break in the oracle",
    "comments/multi-line": "a line ending in a removed comment keeps its line break in the oracle",
    "comments/in-code": "the oracle hides a comment that spans a code fence; the site keeps the fence",
    "line_breaks/not-paragraphs": "def_list (a site extension Obsidian lacks) reads `Term⏎: definition` as a definition",
    "math/dollars": "the oracle's dollarmath reads `$...$` across lines as one formula",
    "tags/nested": "a line starting with `#tag` after a list item",
}


def golden_cases() -> list[Path]:
    return sorted(
        path for path in GOLDEN.glob("*/*.md") if not path.name.endswith(".expected.md") and path.parent.name != "vault"
    )


@pytest.mark.parametrize("vault", VAULTS, ids=[vault.name for vault in VAULTS])
def test_every_note_has_obsidians_block_structure(vault: Path) -> None:
    results = oracle.compare_vault(vault)
    assert results
    differing = {result.path: "\n".join(result.diff) for result in results if result.agreeing != result.total}
    assert differing == {}


def test_golden_cases_agree_with_obsidian_except_the_known_ones() -> None:
    differing: dict[str, str] = {}
    agreeing = total = 0
    for case in golden_cases():
        text = case.read_text(encoding="utf-8")
        index = VaultIndex.from_directory(GOLDEN / "vault")
        path = f"Cases/{case.stem}.md"
        index.add(path, text)
        result = oracle.compare(text, path, index)
        agreeing, total = agreeing + result.agreeing, total + result.total
        if result.agreeing != result.total:
            differing[f"{case.parent.name}/{case.stem}"] = " ".join(
                line for line in result.diff[2:] if line[:1] in "+-"
            )
    assert sorted(differing) == sorted(KNOWN_DIFFERENCES), differing
    assert agreeing / total > 0.9, f"{agreeing}/{total} blocks agree"


def test_the_oracle_sees_a_flattened_list() -> None:
    """The oracle itself: Python-Markdown alone flattens a two-space nested list; with the core it nests."""
    text = "- a\n  - b\n"
    flat = [str(block) for block in oracle.blocks(oracle._site_markdown().reset().convert(text))]
    nested = [str(block) for block in oracle.blocks(oracle.obsidian_html(text))]
    assert flat != nested
    assert oracle.compare(text, "Cases/x.md", VaultIndex()).share == 1.0
