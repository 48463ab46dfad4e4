"""Question and answer markers: the defaults, `extra.cards` of mkdocs.yml, and where a
questionnaire is recognised (frontmatter, tag, folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultmark import VaultBuild
from vaultmark.markers import CardMarkers


@pytest.mark.parametrize(
    ("line", "question"),
    [("Q: Why?", "Why?"), ("**Q:** Why?", "Why?"), ("**Q**: Why?", "Why?"), ("В: Почему?", "Почему?")],
)
def test_default_question_lines(line: str, question: str) -> None:
    match = CardMarkers().question_line.match(line)
    assert match is not None and match.group("text") == question


@pytest.mark.parametrize("line", ["Q. Why?", "Quick: note", "QA: x", "> Q: quoted", "**Q** Why?"])
def test_lines_that_are_no_question(line: str) -> None:
    assert CardMarkers().question_line.match(line) is None


@pytest.mark.parametrize("name", ["Question", "question", "Question (EN)", "Вопрос", "Question 3:", "Question [ru]"])
def test_question_heading_names(name: str) -> None:
    assert CardMarkers().question_heading.match(name)


@pytest.mark.parametrize("name", ["Questions and answers", "A question", "Questionnaire"])
def test_headings_that_are_no_question(name: str) -> None:
    assert not CardMarkers().question_heading.match(name)


def test_config_replaces_only_the_keys_it_names() -> None:
    markers = CardMarkers.from_config({"question_markers": ["Frage:"], "questionnaire_folders": "Fragebögen"})
    assert markers.question_line.match("Frage: Warum?") and not markers.question_line.match("Q: Why?")
    assert markers.answer_markers == CardMarkers().answer_markers
    assert markers.is_questionnaire("Fragebögen/Kapitel 1.md", {}, [])


def test_an_unknown_key_is_an_error_that_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="question_markers"):
        CardMarkers.from_config({"question_marker": ["Q:"]})


@pytest.mark.parametrize(
    ("path", "meta", "tags", "expected"),
    [
        ("Notes/a.md", {"qa": "list"}, [], True),
        ("Notes/a.md", {}, ["Questionnaire"], True),
        ("Questionnaires/Ch 4.md", {}, [], True),
        ("Notes/questionnaires/Ch 4.md", {}, [], True),
        ("Questionnaires.md", {}, [], False),
        ("Notes/a.md", {}, ["other"], False),
    ],
)
def test_questionnaires_are_recognised(path: str, meta: dict, tags: list[str], expected: bool) -> None:
    assert CardMarkers().is_questionnaire(path, meta, tags) is expected


def test_a_vault_built_with_its_own_markers(tmp_path: Path) -> None:
    (tmp_path / "Deutsch.md").write_text("Frage: Was ist ein Gradient?\nAntwort: Die Ableitung.\n", encoding="utf-8")
    markers = CardMarkers.from_config({"question_markers": ["Frage:"], "answer_markers": ["Antwort:"]})
    assert VaultBuild.run(tmp_path, markers=markers).pages["Deutsch.md"].questions == 1
    assert VaultBuild.run(tmp_path).pages["Deutsch.md"].questions == 0
