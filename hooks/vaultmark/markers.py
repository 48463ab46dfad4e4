"""How a vault marks its questions and answers: line markers, heading names, questionnaires.

Vaults write questions in many shapes: `Q:` / `A:` lines (also bold, `**Q:**`, and in
other languages, `В:` / `О:`), heading sections (`# Question` then `## Answer`, with a
language suffix such as `(EN)`, or translated: `# Вопрос` / `## Ответ`), and
questionnaires, lists whose items are the questions. The defaults cover all of these;
`mkdocs.yml` (`extra.cards`) can replace any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

DEFAULT_QUESTION_MARKERS = ("Q:", "В:")
DEFAULT_ANSWER_MARKERS = ("A:", "О:")
DEFAULT_QUESTION_HEADINGS = ("Question", "Вопрос", "Vopros")
DEFAULT_ANSWER_HEADINGS = ("Answer", "Ответ", "Otvet")
DEFAULT_QUESTIONNAIRE_TAGS = ("questionnaire",)
DEFAULT_QUESTIONNAIRE_FOLDERS: tuple[str, ...] = ("Questionnaires",)

# What may follow a heading's name: a language or other note in brackets, a colon, a number.
HEADING_SUFFIX = r"(?:[ \t]*[\(\[][^\)\]]*[\)\]])?(?:[ \t]*\d+)?[ \t]*[:.]?[ \t]*"


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class CardMarkers:
    """The markers one vault uses; each a tuple of alternatives, compared as written."""

    question_markers: tuple[str, ...] = DEFAULT_QUESTION_MARKERS
    answer_markers: tuple[str, ...] = DEFAULT_ANSWER_MARKERS
    question_headings: tuple[str, ...] = DEFAULT_QUESTION_HEADINGS
    answer_headings: tuple[str, ...] = DEFAULT_ANSWER_HEADINGS
    questionnaire_tags: tuple[str, ...] = DEFAULT_QUESTIONNAIRE_TAGS
    questionnaire_folders: tuple[str, ...] = DEFAULT_QUESTIONNAIRE_FOLDERS

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> CardMarkers:
        """Markers from `extra.cards` of mkdocs.yml: a list per key, absent keys keep the defaults."""
        values: dict[str, tuple[str, ...]] = {}
        for key, value in (config or {}).items():
            if key not in cls.__dataclass_fields__:
                raise ValueError(f"extra.cards: unknown key {key!r}; known: {sorted(cls.__dataclass_fields__)}")
            items = [value] if isinstance(value, str) else list(value or [])
            values[key] = tuple(str(item) for item in items)
        return cls(**values)

    @cached_property
    def question_line(self) -> re.Pattern[str]:
        return _line_marker(self.question_markers)

    @cached_property
    def answer_line(self) -> re.Pattern[str]:
        return _line_marker(self.answer_markers)

    @cached_property
    def question_heading(self) -> re.Pattern[str]:
        return _heading_name(self.question_headings)

    @cached_property
    def answer_heading(self) -> re.Pattern[str]:
        return _heading_name(self.answer_headings)

    def is_questionnaire(self, path: str, meta: Mapping[str, Any], tags: list[str]) -> bool:
        """`qa: list` in the frontmatter, a questionnaire tag, or a questionnaire folder."""
        if str(meta.get("qa", "")).lower() in ("list", "questionnaire"):
            return True
        if any(tag.lower() == wanted.lower() for tag in tags for wanted in self.questionnaire_tags):
            return True
        folders = {folder.lower() for folder in self.questionnaire_folders}
        return any(part.lower() in folders for part in path.split("/")[:-1])


# Obsidian's and the interview vaults' markers, for callers that have no settings of their own.
DEFAULT_MARKERS = CardMarkers()


def _line_marker(markers: tuple[str, ...]) -> re.Pattern[str]:
    """`Q:` at the start of a line, or bold (`**Q:**`, `**Q**:`), then the text."""
    words = _alternatives(tuple(marker.rstrip(":") for marker in markers))
    return re.compile(
        rf"""(?x)
        ^(?:\*\*)?(?:{words})               # the marker word, maybe bold
        (?::\*\*|\*\*:|:)                   # its colon, inside or outside the bold
        (?:[ \t]+|$)(?P<text>.*)$           # the question or answer text
        """
    )


def _heading_name(names: tuple[str, ...]) -> re.Pattern[str]:
    """A heading's text that is only the name (any case), maybe with a suffix like `(EN)`."""
    return re.compile(rf"^(?:{_alternatives(names)}){HEADING_SUFFIX}$", re.IGNORECASE)
