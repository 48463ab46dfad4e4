"""Single line breaks, shown as Obsidian shows them.

Obsidian's "Strict line breaks" setting is off by default: a single newline inside a
paragraph (or a list item, or a callout) is a line break on screen. CommonMark and
Python-Markdown join such lines into one. So, unless the vault turns the setting on
(`.obsidian/app.json`, `"strictLineBreaks": true`), every line that a paragraph
continues on the next line gets a Markdown hard break: two trailing spaces, which
every Markdown engine honours (the exported vault keeps them too).

Lines that are not paragraph text are left alone: code and display math, headings,
tables, the line before a setext underline, a callout's header, and a line followed by
anything that starts a block of its own.
"""

from __future__ import annotations

import re

from .grammar import ATX_HEADING, LIST_ITEM, line_parts
from .scanner import LineInfo

HARD_BREAK = "  "

# What may follow a paragraph line and start a new block instead of continuing it.
BLOCK_START = re.compile(
    r"""(?x)
    (?:[ ]{0,3}\#{1,6}(?:[ \t]|$))     # ATX heading
    | (?:[ ]{0,3}(?:`{3,}|~{3,}))       # fence
    | (?:[ ]{0,3}\$\$)                  # display math
    | (?:[ ]{0,3}(?:[-*_][ \t]*){3,}$)  # thematic break (or setext underline `---`)
    | (?:[ ]{0,3}=+[ \t]*$)             # setext underline `===`
    | (?:[ ]{0,3}<)                     # an HTML block
    | (?:[ ]{0,3}\|)                    # a table row
    | (?:[ ]{0,3}:[ \t])                # a definition (def_list)
    | (?:[ ]{0,3}\[\^[^\]]+\]:)         # a footnote definition
    """
)

# A table row or delimiter row: the line holds a `|` outside code spans and wikilinks (whose
# `|` starts an alias). A cheap test that errs on the side of leaving the line alone.
TABLE_CELL = re.compile(r"\|")
NOT_CELL_BORDERS = re.compile(r"`[^`]*`|\[\[[^\]]*\]\]")

# A callout's first line: `> [!type] Title`.
CALLOUT_HEADER = re.compile(r"^\[![^\]\s]+\][-+]?")


def add_line_breaks(lines: list[str | None], infos: list[LineInfo]) -> list[str | None]:
    """Give every paragraph line that continues on the next line a hard break."""
    result = list(lines)
    following = _next_lines(lines)
    for index, line in enumerate(lines):
        after = following[index]
        if line is None or after is None or infos[index].verbatim or infos[after].verbatim:
            continue
        following_line = lines[after]
        assert following_line is not None
        if _continues(line, following_line):
            result[index] = line.rstrip(" \t") + HARD_BREAK
    return result


def _next_lines(lines: list[str | None]) -> list[int | None]:
    """For each line, the index of the next line that was not removed by an earlier step."""
    following: list[int | None] = [None] * len(lines)
    upcoming: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if lines[index] is not None:
            upcoming = index
    return following


def _continues(line: str, following: str) -> bool:
    """Whether `following` continues the paragraph that `line` is part of."""
    if not line.strip() or not following.strip():
        return False  # a blank line ends the paragraph: the common case, decided without regexes
    if "\n" in line or "\n" in following or line.endswith((HARD_BREAK, "\\")):
        return False  # a block an earlier step wrote (blank lines inserted), or already a break
    quote, _, text = line_parts(line)
    next_quote, _, next_text = line_parts(following)
    if not text.strip() or not next_text.strip() or quote.count(">") != next_quote.count(">"):
        return False
    if ATX_HEADING.match(text) or BLOCK_START.match(text) or CALLOUT_HEADER.match(text):
        return False
    if _has_cell_border(text) and _has_cell_border(next_text):
        return False
    return not (BLOCK_START.match(next_text) or LIST_ITEM.match(next_text.lstrip()))


def _has_cell_border(text: str) -> bool:
    return bool(TABLE_CELL.search(NOT_CELL_BORDERS.sub("", text)))
