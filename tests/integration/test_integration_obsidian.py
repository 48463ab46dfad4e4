"""Real vaults read as Obsidian reads them, checked on a real build: the vault's own Obsidian
settings (`.obsidian/app.json`) decide how it renders, with Obsidian's defaults when absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import build_site, soup

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
