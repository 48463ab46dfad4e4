"""Real vaults read as Obsidian reads them, checked on a real build: the vault's own Obsidian
settings (`.obsidian/app.json`) decide how it renders, with Obsidian's defaults when absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import DEMO_VAULT, build_site, pagefind_records, soup
from vaultmark import markup

NOTE = "Line one\nline two\n\n- an item\n  continued below\n"


def built_note(tmp_path: Path, settings: str | None, strict: bool = True) -> tuple[str, str]:
    """The article of the one note of a vault with these settings, and the build's log."""
    vault = tmp_path / "vault"
    (vault / "Topics").mkdir(parents=True)
    (vault / "Topics" / "Breaks.md").write_text(NOTE, encoding="utf-8")
    if settings is not None:
        (vault / ".obsidian").mkdir()
        (vault / ".obsidian" / "app.json").write_text(settings, encoding="utf-8")
    process = build_site(vault, tmp_path / "site", strict=strict)
    assert process.returncode == 0, process.stderr
    return str(soup(tmp_path / "site" / "Topics" / "Breaks" / "index.html").find("article")), process.stderr


@pytest.mark.parametrize("settings", [None, json.dumps({"strictLineBreaks": False, "other": 1})])
def test_single_line_breaks_show_as_in_obsidian_by_default(tmp_path: Path, settings: str | None) -> None:
    article, _ = built_note(tmp_path, settings)
    assert "Line one<br/>\nline two" in article
    assert "an item<br/>\n" in article and "continued below</li>" in article


def test_strict_line_breaks_join_lines(tmp_path: Path) -> None:
    article, _ = built_note(tmp_path, json.dumps({"strictLineBreaks": True}))
    assert "<br" not in article
    assert "Line one\nline two" in article


def test_unreadable_settings_warn_and_keep_the_defaults(tmp_path: Path) -> None:
    article, log = built_note(tmp_path, "{not json", strict=False)
    assert "vault/.obsidian/app.json:1: Obsidian's settings file cannot be read" in log
    assert "Line one<br/>" in article


def vault_with(tmp_path: Path, notes: dict[str, str]) -> Path:
    vault = tmp_path / "vault"
    for path, text in notes.items():
        (vault / path).parent.mkdir(parents=True, exist_ok=True)
        (vault / path).write_text(text, encoding="utf-8")
    return vault


def test_links_to_unpublished_notes_are_text_and_one_info_line(tmp_path: Path) -> None:
    vault = vault_with(
        tmp_path,
        {
            "Topics/Plan.md": "See [[Secret]], [[Secret|the secret]] and [it](Secret.md).\n",
            "Topics/Secret.md": "---\npublish: false\n---\nHidden.\n",
        },
    )
    process = build_site(vault, tmp_path / "site")  # strict: such links are no warnings
    assert process.returncode == 0, process.stderr
    assert "3 links point to unpublished notes" in process.stderr
    article = soup(tmp_path / "site" / "Topics" / "Plan" / "index.html").find("article")
    assert [span.get_text() for span in article.select(".vm-unpublished-link")] == ["Secret", "the secret", "it"]
    assert not article.select("a[href*=Secret]")


def test_a_vaults_own_index_is_the_home_page(tmp_path: Path) -> None:
    vault = vault_with(tmp_path, {"index.md": "# My own home\n\nWelcome.\n", "Topics/A.md": "# A\n"})
    process = build_site(vault, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    home = soup(tmp_path / "site" / "index.html").find("article")
    assert "Welcome." in home.get_text() and "My own home" in home.get_text()
    assert "docs/ has a file with the same path" not in process.stderr
    assert not (tmp_path / "site" / "categories" / "general").exists(), "the home page is no note of a category"


def test_project_pages_stay_off_the_users_tags_and_search(tmp_path: Path) -> None:
    vault = vault_with(tmp_path, {"Topics/A.md": "---\ntags: [mine]\n---\n# A\n\nText.\n"})
    process = build_site(vault, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    tags = (tmp_path / "site" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "mine" in tags and "flashcards" not in tags and "writing-notes-demo" not in tags
    indexed = {record["url"] for record in pagefind_records(tmp_path / "site")}
    assert "/Topics/A/" in indexed and "/writing-notes/" in indexed
    assert [url for url in indexed if url.startswith("/writing-notes/") and url != "/writing-notes/"] == []
    assert (tmp_path / "site" / "writing-notes" / "index.html").is_file(), "the help page itself is on by default"


def test_the_help_page_can_be_switched_off(tmp_path: Path) -> None:
    vault = vault_with(tmp_path, {"Topics/A.md": "# A\n"})
    process = build_site(vault, tmp_path / "site", HELP_PAGE="false")
    assert process.returncode == 0, process.stderr
    assert not (tmp_path / "site" / "writing-notes").exists()
    assert "Writing notes" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_build_prints_what_matters_only(tmp_path: Path) -> None:
    process = build_site(DEMO_VAULT, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    assert 'not included in the "nav"' not in process.stderr
    assert ".cache" not in process.stderr, "absolute cache paths on the console"
    lines = [line for line in process.stderr.splitlines() if line.strip()]
    assert len(lines) <= 4, lines  # cleaning, building, the summary line, the time it took


def test_every_question_format_becomes_cards(tmp_path: Path) -> None:
    vault = vault_with(
        tmp_path,
        {
            "Interview/Heading cards.md": "# Question (EN)\n\nWhy?\n\n## Answer (EN)\n\nBecause.\n",
            "Interview/Bold cards.md": "**Q:** One?\n**A:** Yes.\n\nВ: Два?\nО: Да.\n",
            "Questionnaires/Chapter 1.md": "1. What is a tensor?\n   An array.\n2. What is a rank?\n   Its dims.\n",
            "Notes/Looks like one.md": "- What is a?\n  A.\n- What is b?\n  B.\n- What is c?\n  C.\n",
        },
    )
    process = build_site(vault, tmp_path / "site")  # strict: the hint is an info line, not a warning
    assert process.returncode == 0, process.stderr
    assert re.search(r"(\d+) notes? in \d+ categor(?:y|ies), 5 questions", process.stderr), process.stderr
    hint = "vault/Notes/Looks like one.md:1: 3 list items end in `?` but are not cards"
    assert hint in process.stderr and "WARNING" not in process.stderr
    for page, count in (("Interview/Heading cards", 1), ("Interview/Bold cards", 2), ("Questionnaires/Chapter 1", 2)):
        cards = soup(tmp_path / "site" / page / "index.html").select(f"article .{markup.CARD}")
        assert len(cards) == count, page


def test_carets_and_single_tildes_stay_text(tmp_path: Path) -> None:
    """Obsidian has `~~strike~~` but no `^superscript^`, `^^insert^^` or `~subscript~`."""
    vault = vault_with(tmp_path, {"Topics/Marks.md": "x^2^ and ^^this^^ and H~2~O but ~~gone~~.\n"})
    process = build_site(vault, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    article = soup(tmp_path / "site" / "Topics" / "Marks" / "index.html").find("article")
    assert not article.select("sup, sub, ins")
    assert article.select_one("del").get_text() == "gone"
    assert "x^2^ and ^^this^^ and H~2~O" in article.get_text()
