"""Render found questions as study cards: the question visible, the answer in `<details>`.

Each card gets a heading (so it has an anchor, a table-of-contents entry and
its own search result) whose id comes from the question text: unique on the
page and unchanged when other questions are added or moved.
"""

from __future__ import annotations

import datetime
import html
import re

from .diagnostics import Diagnostic
from .grammar import ATX_HEADING, LIST_ITEM_TEXT
from .markers import DEFAULT_MARKERS, CardMarkers
from .markup import card_block
from .qa import INLINE_CARD, SR_COMMENT, SR_SCHEDULE, SR_SCHEDULES, Card
from .scanner import InlineMask
from .slugs import SLUGIFY, heading_text

MAX_ID_LENGTH = 60
TOC_LABEL_WORDS = 8

# Lines that cannot be part of a heading: fences, math blocks, lists, quotes, tables, indented code.
NOT_HEADING_TEXT = re.compile(r"^(?:\s{4}|\s*(?:`{3}|~{3}|\$\$|[-*+>|]\s|\d+[.)]\s))")

# Raw HTML characters in a question title; escaped so a title can never inject an element.
HTML_SPECIALS = re.compile(r"[<>]")

# A quoted line's marker.
QUOTE_LINE = re.compile(r"^[ ]{0,3}>[ ]?")

# Markdown decoration stripped from the short table-of-contents label.
LABEL_NOISE = re.compile(r'[{}"\\$*_`<>]')


def render_cards(
    entries: list[str | None],
    cards: list[Card],
    heading_level: dict[int, int],
    source: str,
    item_indent: int = 0,
    markers: CardMarkers = DEFAULT_MARKERS,
) -> tuple[list[str | None], list[Diagnostic]]:
    """Replace each card's lines with the card's markdown; `heading_level` maps card line to level.

    `source` is the vault path of the note the cards are written in (their ids start with it).
    `item_indent` is how far a list item's content was indented by an earlier step (four
    when lists were re-indented for Python-Markdown), at least the marker's own width.
    """
    result = list(entries)
    problems: list[Diagnostic] = []
    used_ids: set[str] = set()
    for number, card in enumerate(cards, start=1):
        schedule, found = card_schedule(result, card)
        problems += found
        question, answer = _split(result, card, item_indent, markers)
        markdown = card_markdown(question, answer, number, used_ids, heading_level.get(card.line, 2), source, schedule)
        covered = card.question + card.answer
        for index in range(min(covered), max(covered) + 1):
            result[index] = None
        result[card.question[0]] = markdown
    return result, problems


def card_markdown(
    question: list[str], answer: str, number: int, used_ids: set[str], level: int, source: str, schedule: str = ""
) -> str:
    """One card: a heading made of the question's first paragraph, the rest of it, the answer folded."""
    title, rest = _title(question, number)
    anchor = unique_id(html.unescape(title), used_ids)
    label = toc_label(html.unescape(title))
    heading = f'{"#" * level} {title} {{ #{anchor} data-toc-label="{label}" }}'
    return card_block(heading, rest, answer, f"{source}#{anchor}", schedule)


def card_schedule(entries: list[str | None], card: Card) -> tuple[str, list[Diagnostic]]:
    """The card's first Spaced Repetition schedule, `due,interval,ease`, or "" when it has none.

    A comment the plugin could not have written is reported, and the card starts as new.
    """
    for index in card.question + card.answer:
        entry = entries[index]
        for comment in SR_COMMENT.finditer(entry or ""):
            first = SR_SCHEDULE.match(comment.group("body"))
            if SR_SCHEDULES.fullmatch(comment.group("body")) and first and _is_date(first.group("due")):
                return ",".join(first.group("due", "interval", "ease")), []
            message = (
                f"`{comment.group(0).strip()}` holds no schedule: write <!--SR:!YYYY-MM-DD,interval,ease--> "
                "(as the Spaced Repetition plugin does); the card starts as new"
            )
            return "", [Diagnostic(index + 1, message)]
    return "", []


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _joined(entries: list[str | None], indexes: list[int]) -> list[str]:
    """The normalized lines at `indexes`, removed lines skipped, SR scheduling comments dropped."""
    lines: list[str] = []
    for index in indexes:
        entry = entries[index]
        if entry is not None:
            lines += SR_COMMENT.sub("", entry).split("\n")
    return lines


def _split(
    entries: list[str | None], card: Card, item_indent: int = 0, markers: CardMarkers = DEFAULT_MARKERS
) -> tuple[list[str], str]:
    """The question lines and the answer text of a card, markers removed."""
    # Leading blank lines (added before a list or after a fence) would hide the marker.
    question = _without_leading_blanks(_joined(entries, card.question))
    answer = _without_leading_blanks(_joined(entries, card.answer))
    if card.kind == "qa":
        question[0] = markers.question_line.sub(r"\g<text>", question[0], count=1)
        if answer:
            answer[0] = markers.answer_line.sub(r"\g<text>", answer[0], count=1)
    elif card.kind == "heading":
        # The `# Question` and `## Answer` headings frame the card; more of them (one per
        # language) become labels inside it, and a quoted question is the card's title.
        question = _unquoted_title(_without_leading_blanks([_label(line, markers) for line in question[1:]]))
        answer = _without_leading_blanks([_label(line, markers) for line in answer[1:]])
    elif card.kind == "list":
        item = LIST_ITEM_TEXT.match(question[0])
        content_indent = item.start("text") if item else 0
        question[0] = LIST_ITEM_TEXT.sub(r"\g<text>", question[0], count=1)
        answer = _dedent(answer, max(content_indent, item_indent))
    elif card.kind == "inline":
        mask = InlineMask()
        match = INLINE_CARD.match(mask.protect(question[0]))
        assert match is not None  # the finder matched this line as an inline card
        question = [mask.restore(match.group("question"))]
        answer = [mask.restore(match.group("answer"))]
    elif card.kind == "multiline":
        answer = answer[1:]  # the `?` separator line
    return question, "\n".join(answer)


def _label(line: str, markers: CardMarkers) -> str:
    """A question or answer heading inside a card, as a bold label line."""
    heading = ATX_HEADING.match(line)
    if heading is None:
        return line
    name = heading.group("text").strip()
    if markers.question_heading.match(name) or markers.answer_heading.match(name):
        return f"**{name}**"
    return line


def _unquoted_title(question: list[str]) -> list[str]:
    """A question written as a quote (`> What is...?`) gives its first paragraph, unquoted, as the title."""
    if not question or not QUOTE_LINE.match(question[0]):
        return question
    count = 0
    while count < len(question) and QUOTE_LINE.match(question[count]) and question[count].strip(" >"):
        count += 1
    title = [QUOTE_LINE.sub("", line) for line in question[:count]]
    return title + [""] + question[count:]


def _without_leading_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip(" \t>"):
        lines = lines[1:]
    return lines


def _dedent(lines: list[str], limit: int) -> list[str]:
    """Remove the item's content indentation (at most `limit` columns, tabs count as 4).

    Anything indented further keeps its extra indentation: an indented code
    block under the item stays a code block.
    """
    expanded = [line.expandtabs(4) for line in lines]
    widths = [len(line) - len(line.lstrip(" ")) for line in expanded if line.strip()]
    cut = min(widths + [limit])
    return [line[cut:] for line in expanded]


def _title(question: list[str], number: int) -> tuple[str, str]:
    """The heading text (the question's first paragraph) and the rest of the question."""
    while question and not question[0].strip():
        question = question[1:]
    heading = ATX_HEADING.match(question[0]) if question else None
    if heading:
        # A question that starts with its own heading (as notebook cells often do) is titled by it.
        return _escape_html(heading.group("text").strip()), "\n".join(question[1:])
    title_lines: list[str] = []
    for line in question:
        if not line.strip() or NOT_HEADING_TEXT.match(line):
            break
        title_lines.append(line.strip())
    if not title_lines:
        return f"Question {number}", "\n".join(question)
    return _escape_html(" ".join(title_lines)), "\n".join(question[len(title_lines) :])


def _escape_html(text: str) -> str:
    """Escape `<` and `>` outside code spans: a question title is text, never markup."""
    mask = InlineMask()
    masked = mask.protect(text)
    return mask.restore(HTML_SPECIALS.sub(lambda match: "&lt;" if match.group(0) == "<" else "&gt;", masked))


def unique_id(title: str, used: set[str]) -> str:
    """A slug of the question text, cut at a word boundary, de-duplicated with -2, -3..."""
    slug = SLUGIFY(heading_text(title), "-") or "question"
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    anchor, counter = slug, 1
    while anchor in used:
        counter += 1
        anchor = f"{slug}-{counter}"
    used.add(anchor)
    return anchor


def toc_label(title: str) -> str:
    """A short plain-text label for the table of contents."""
    words = LABEL_NOISE.sub("", heading_text(title)).split()
    label = " ".join(words[:TOC_LABEL_WORDS])
    return label + ("…" if len(words) > TOC_LABEL_WORDS else "")
