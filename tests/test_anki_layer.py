"""The Anki layer on its own: fields as Anki shows them, note times between exports, size limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultmark_anki import DeckCard, NoteTimes, anki_html, write_package
from vaultmark_mkdocs import anki as glue

PAGE = "Concepts/Kernels/"


def test_images_become_media_and_a_missing_one_is_reported(tmp_path: Path) -> None:
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "k.png").write_bytes(b"png")
    media: dict[str, str] = {}
    html = '<p><img alt="kernel" src="../../attachments/k.png"> and <img alt="lost" src="../../attachments/x.png"></p>'
    field, problems = anki_html(html, PAGE, "", tmp_path, media)
    (name,) = media.values()
    assert media == {"attachments/k.png": name} and name.startswith("vaultmark-k-") and name.endswith(".png")
    assert f'src="{name}"' in field and "x.png" not in field and "lost" in field
    assert [(problem.src, problem.reason) for problem in problems] == [
        ("../../attachments/x.png", "is not a readable file of the site")
    ]


def test_links_point_at_the_site_or_become_text_without_a_site_url(tmp_path: Path) -> None:
    html = '<p>See <a href="../Loss%20functions/#cross-entropy">the loss</a> or <a href="https://x.org/">x</a>.</p>'
    with_url, _ = anki_html(html, PAGE, "https://example.org/ml/", tmp_path, {})
    assert 'href="https://example.org/ml/Concepts/Loss%20functions/#cross-entropy"' in with_url
    assert 'href="https://x.org/"' in with_url
    without, _ = anki_html(html, PAGE, "", tmp_path, {})
    assert (
        "<span>the loss</span>" in without and "Loss%20functions" not in without and 'href="https://x.org/"' in without
    )


def test_highlighted_code_gets_inline_styles(tmp_path: Path) -> None:
    html = '<div class="highlight"><pre><span></span><code><span class="k">def</span> <span class="nf">f</span></code></pre></div>'
    field, _ = anki_html(html, PAGE, "", tmp_path, {})
    assert 'class="k"' not in field and '<span style="color: #008000; font-weight: bold">def</span>' in field
    assert '<div class="highlight" style="' in field


def card(answer: str = "It blurs.") -> DeckCard:
    return DeckCard(id="A.md#q", deck="Site::Cat::A", question="Q?", answer=answer, source="A")


def test_a_note_keeps_its_time_until_its_content_changes(tmp_path: Path) -> None:
    path = tmp_path / "times.json"
    first = NoteTimes(path, now=1000)
    assert first.of(card()) == 1000
    first.save()
    again = NoteTimes(path, now=1000)  # the same second: later exports still come after
    assert again.now == 1001 and again.of(card()) == 1000
    assert again.of(card("It smooths.")) == 1001
    again.save()
    assert json.loads(path.read_text())["A.md#q"][1] == 1001


def test_a_deck_over_the_size_limit_is_not_written_and_the_build_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []

    class Reporter:
        def warning(self, message: str) -> None:
            warnings.append(message)

    manager = glue.AnkiManager(Reporter(), None, None)  # type: ignore[arg-type]
    manager.state.site_dir = tmp_path
    monkeypatch.setattr(glue, "MAX_PACKAGE_BYTES", 1000)
    manager._package("", "big.apkg", [card()], NoteTimes(None))
    assert not (tmp_path / "anki" / "big.apkg").exists() and manager.state.decks == {}
    (warning,) = warnings
    assert (
        warning.startswith("Anki deck big.apkg would be 0.")
        and "over the 0.0 MB a deck may have; not written" in warning
    )
    monkeypatch.setattr(glue, "MAX_PACKAGE_BYTES", 10 * 1024 * 1024)
    manager._package("", "small.apkg", [card()], NoteTimes(None))
    assert manager.state.decks[""][0] == "anki/small.apkg"
    assert write_package([card()], tmp_path / "again.apkg", NoteTimes(None)) > 0
