"""Study cards: find questions and answers in the shapes the user writes them.

Three markdown shapes are recognised (notebook answer cells are handled
with notebooks):

* `Q:` / `A:` lines: the question runs from `Q:` to the `A:` line, the
  answer to the next `Q:`, the next heading or the end of the note;
* questionnaires (`qa: list` in frontmatter): every top-level list item is a
  question, everything up to the next top-level item its answer;
* spaced-repetition cards in notes tagged `flashcards`: `question::answer`
  on one line, or question lines, a line holding only `?`, answer lines.

Detection reads the original lines (so diagnostics keep their numbers);
rendering wraps the already-normalized lines into cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .diagnostics import Diagnostic
from .grammar import ATX_HEADING, LIST_ITEM_TEXT
from .markers import DEFAULT_MARKERS, CardMarkers
from .scanner import InlineMask, LineInfo

# Questionnaire-like: this many flush-left list items ending in `?`, in a note with no cards.
QUESTIONNAIRE_HINT_ITEMS = 3

# Spaced-repetition cards: `question::answer` (or `:::` for reversible cards).
INLINE_CARD = re.compile(r"^(?P<question>[^:\s][^\n]*?)[ \t]*:{2,3}[ \t]*(?P<answer>\S.*)$")
# A line holding only `?` (or `??`) between question and answer of a multi-line card.
CARD_SEPARATOR = re.compile(r"^[ \t]*\?{1,2}[ \t]*$")
# Scheduling data the spaced-repetition plugin writes after a card.
SR_COMMENT = re.compile(r"[ \t]*<!--SR:(?P<body>[^>]*)-->")
# What the plugin writes in it: one `!due,interval,ease` per side of the card (the first is the front).
SR_SCHEDULES = re.compile(r"(?:!\d{4}-\d{2}-\d{2},\d+,\d+)+")
SR_SCHEDULE = re.compile(r"!(?P<due>\d{4}-\d{2}-\d{2}),(?P<interval>\d+),(?P<ease>\d+)")
SR_COMMENT_LINE = re.compile(r"^[ \t]*<!--SR:[^>]*-->[ \t]*$")

FLASHCARD_TAG = "flashcards"


# `Q:`/`A:` lines, a questionnaire item, a `question::answer` line, question / `?` / answer lines,
# or a `# Question` heading section with its `## Answer`.
CardKind = Literal["qa", "list", "inline", "multiline", "heading"]


@dataclass
class Card:
    """One question and its answer, as lists of 0-based line indexes."""

    kind: CardKind  # how markers are removed when rendering
    line: int  # 1-based line of the question, for diagnostics
    question: list[int] = field(default_factory=list)
    answer: list[int] = field(default_factory=list)


def find_qa_cards(
    lines: list[str], infos: list[LineInfo], markers: CardMarkers = DEFAULT_MARKERS
) -> tuple[list[Card], list[Diagnostic]]:
    """`Q:` / `A:` cards; a question without answer or an answer without question is reported."""
    cards: list[Card] = []
    problems: list[Diagnostic] = []
    card: Card | None = None
    in_answer = False
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        if not info.verbatim:
            question = markers.question_line.match(line)
            if question or ATX_HEADING.match(line):
                if card is not None and not in_answer:
                    problems.append(Diagnostic(card.line, "question has no answer: add an `A:` line after it"))
                card, in_answer = None, False
            if question:
                card = Card("qa", index + 1, question=[index])
                cards.append(card)
                continue
            if markers.answer_line.match(line):
                if card is None or in_answer:
                    problems.append(Diagnostic(index + 1, "`A:` answer has no question: add a `Q:` line before it"))
                    if card is not None:
                        card.answer.append(index)  # kept as text of the answer before, never dropped
                    continue
                in_answer = True
                card.answer = [index]
                continue
        if card is not None:
            (card.answer if in_answer else card.question).append(index)
    if card is not None and not in_answer:
        problems.append(Diagnostic(card.line, "question has no answer: add an `A:` line after it"))
    return _trimmed(cards, lines), problems


def find_questionnaire_cards(lines: list[str], infos: list[LineInfo]) -> tuple[list[Card], list[Diagnostic]]:
    """Questionnaire items: each top-level list item is a question, what follows it the answer.

    The question is the item's own line. Everything after it up to the next
    top-level item or heading is the answer, indented or not (the user's
    answers are often plain paragraphs under the item).
    """
    cards: list[Card] = []
    card: Card | None = None
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        flush_left = bool(line.strip()) and not line[0].isspace() and not info.verbatim
        if flush_left and LIST_ITEM_TEXT.match(line):
            card = Card("list", index + 1, question=[index])
            cards.append(card)
        elif flush_left and ATX_HEADING.match(line):
            card = None
        elif card is not None:
            card.answer.append(index)
    cards = _trimmed(cards, lines)
    problems = [
        Diagnostic(card.line, "questionnaire item has no answer: write its answer under the item")
        for card in cards
        if not any(lines[index].strip() for index in card.answer)
    ]
    return cards, problems


def find_flashcards(lines: list[str], infos: list[LineInfo]) -> tuple[list[Card], list[Diagnostic]]:
    """Spaced-repetition cards: `question::answer`, or question / `?` / answer up to a blank line."""
    cards: list[Card] = []
    problems: list[Diagnostic] = []
    paragraph_start: int | None = None
    card: Card | None = None
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        if not info.verbatim and SR_COMMENT_LINE.match(line):
            # The plugin's scheduling comment, on its own line after a card: it belongs to that card.
            if card is not None:
                card.answer.append(index)
            elif cards and cards[-1].kind == "inline":
                cards[-1].answer.append(index)
            continue
        if card is not None and (info.verbatim or line.strip()):
            card.answer.append(index)
            continue
        if info.verbatim or not line.strip():
            card, paragraph_start = None, None
            continue
        if CARD_SEPARATOR.match(line):
            if paragraph_start is None:
                problems.append(Diagnostic(index + 1, "`?` card separator has no question above it"))
                continue
            card = Card("multiline", paragraph_start + 1, question=list(range(paragraph_start, index)), answer=[index])
            cards.append(card)
            continue
        if paragraph_start is None and _inline_card(line):
            cards.append(Card("inline", index + 1, question=[index]))
            continue
        if paragraph_start is None:
            paragraph_start = index
    return cards, problems


def _inline_card(line: str) -> re.Match[str] | None:
    """`question::answer` on one line, ignoring `::` inside code spans, headings and quotes."""
    if ATX_HEADING.match(line) or line.lstrip().startswith(">"):
        return None
    return INLINE_CARD.match(InlineMask().protect(line))


def _trimmed(cards: list[Card], lines: list[str]) -> list[Card]:
    """Blank lines after a card belong to the text between cards, not to the card."""
    for card in cards:
        for part in (card.answer, card.question):
            while len(part) > 1 and not lines[part[-1]].strip():
                part.pop()
    return cards


def find_heading_cards(
    lines: list[str], infos: list[LineInfo], markers: CardMarkers
) -> tuple[list[Card], list[Diagnostic]]:
    """`# Question` sections: the section is the question up to its `## Answer` heading, whose
    section is the answer, up to the next heading as high as the question's."""
    cards: list[Card] = []
    problems: list[Diagnostic] = []
    card: Card | None = None
    level = 0
    in_answer = False

    def close() -> None:
        if card is not None and not in_answer:
            problems.append(Diagnostic(card.line, "question has no answer: add an `Answer` heading after it"))

    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        heading = None if info.verbatim else ATX_HEADING.match(line)
        if heading:
            name, depth = heading.group("text").strip(), len(heading.group("hashes"))
            if markers.question_heading.match(name):
                if card is not None and not in_answer:
                    card.question.append(index)  # `# Вопрос (RU)` then `# Question (EN)`: one question
                    continue
                close()
                card, level, in_answer = Card("heading", index + 1, question=[index]), depth, False
                cards.append(card)
                continue
            if card is not None and not in_answer and markers.answer_heading.match(name):
                card.answer, in_answer = [index], True
                continue
            if card is not None and depth <= level:
                close()
                card = None
        if card is not None:
            (card.answer if in_answer else card.question).append(index)
    close()
    if not any(card.answer for card in cards):
        return [], []  # a `## Question` section title in an ordinary note, not a question
    return _trimmed(cards, lines), problems


def find_cards(
    lines: list[str],
    infos: list[LineInfo],
    meta: dict[str, Any],
    tags: list[str],
    path: str = "",
    markers: CardMarkers = DEFAULT_MARKERS,
) -> tuple[list[Card], list[Diagnostic]]:
    """The cards of one note, with the finder its frontmatter, tags and folder select."""
    if any(tag == FLASHCARD_TAG or tag.startswith(FLASHCARD_TAG + "/") for tag in tags):
        return find_flashcards(lines, infos)
    if markers.is_questionnaire(path, meta, tags):
        return find_questionnaire_cards(lines, infos)
    cards, problems = find_heading_cards(lines, infos, markers)
    if not cards:
        cards, problems = find_qa_cards(lines, infos, markers)
    if not cards:
        problems += questionnaire_hint(lines, infos)
    return cards, problems


def questionnaire_hint(lines: list[str], infos: list[LineInfo]) -> list[Diagnostic]:
    """One info line for a note that reads like a questionnaire but is not marked as one."""
    items = [
        index
        for index, (line, info) in enumerate(zip(lines, infos, strict=True))
        if not info.verbatim and LIST_ITEM_TEXT.match(line) and line.rstrip().endswith("?")
    ]
    if len(items) < QUESTIONNAIRE_HINT_ITEMS:
        return []
    message = (
        f"{len(items)} list items end in `?` but are not cards; if this is a questionnaire, add `qa: list`"
        " to its frontmatter (or the tag `questionnaire`) and each item becomes a question"
    )
    return [Diagnostic(items[0] + 1, message, severity="info")]


def repeated_questions(lines: list[str], cards: list[Card]) -> list[Diagnostic]:
    """A question asked twice on one page is reported at its second occurrence. The whole
    question is compared: `# Question` sections share their heading and differ below it."""
    first_seen: dict[str, int] = {}
    problems = []
    for card in cards:
        text = " ".join(" ".join(lines[index] for index in card.question).split()).lower()
        if text in first_seen:
            message = f"the same question is already asked on line {first_seen[text]}; merge or reword one of them"
            problems.append(Diagnostic(card.line, message))
        else:
            first_seen[text] = card.line
    return problems
