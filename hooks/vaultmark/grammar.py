"""The line grammar every step shares: headings, block ids, container prefixes, list items.

A line of a note may sit inside blockquotes (`>` markers, callouts) and list
items (indentation); steps that rewrite a line must keep that container so the
block it belongs to stays whole. The patterns for it live here, once.
"""

from __future__ import annotations

import re

# An ATX heading: up to three spaces, 1-6 `#`, a space, the text, optional closing `#`s.
ATX_HEADING = re.compile(r"^[ ]{0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")

# An Obsidian block id at the end of a line: ` ^my-id`, or glued to an embed: `![[x.png]]^my-id`.
BLOCK_ID = re.compile(r"(?:[ \t]|(?<=\]\]))\^(?P<id>[A-Za-z0-9-]+)[ \t]*$")

# A block id on a line of its own: it names the block above it (a list, quote, callout, table).
STANDALONE_BLOCK_ID = re.compile(r"^[ \t]*\^(?P<id>[A-Za-z0-9-]+)[ \t]*$")

# Blockquote markers, each indented at most three spaces and followed by at most one space.
_QUOTES = r"(?:[ ]{0,3}>[ ]?)*"
# A bullet or an ordered-list number.
_LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])"

# A line split into its quote markers, its indentation and the rest (which may hold the
# further lines an earlier step joined into this one).
LINE_PARTS = re.compile(rf"(?s)^(?P<quote>{_QUOTES})(?P<indent>[ \t]*)(?P<rest>.*)$")

# The container prefix of a line: quote markers, indentation and an optional list marker.
LINE_PREFIX = re.compile(
    rf"""(?x)
    ^(?P<quote>{_QUOTES})          # blockquote / callout markers
    (?P<indent>[ \t]*)             # indentation (nested list items, code under an item)
    (?P<marker>{_LIST_MARKER}[ \t]+)?  # a list item's own marker
    """
)

# Quote markers and indentation only (no list marker).
CONTAINER = re.compile(rf"^{_QUOTES}[ \t]*")

# One or more leading quote markers.
QUOTE_MARKERS = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")

# Any list item, its content after the marker (may be empty).
LIST_ITEM = re.compile(rf"^{_LIST_MARKER}(?:[ \t]+|$)")

# A list item that may interrupt a paragraph (CommonMark): a bullet, or an ordered item numbered 1.
INTERRUPTING_LIST_ITEM = re.compile(r"^(?:[-*+]|0{0,8}1[.)])(?:[ \t]+|$)")

# A list item with its text, for questionnaires whose items start at column 0.
LIST_ITEM_TEXT = re.compile(rf"^{_LIST_MARKER}[ \t]+(?P<text>.*)$")

# `---`, `***`, `___` (with optional blanks between): a thematic break.
THEMATIC_BREAK = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")

# A line that would underline the line above into a setext heading: `---` or `===`.
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(?:-+|=+)[ \t]*$")

# Characters that would end a Markdown link text early.
_LINK_TEXT_SPECIALS = re.compile(r"([\[\]\\])")

# Anything in a container prefix that is not a quote marker or blank: a list marker.
_NOT_CONTAINER = re.compile(r"[^ \t>]")


def block_id(line: str) -> re.Match[str] | None:
    """The block id a line carries, at its end or alone on it."""
    return BLOCK_ID.search(line) or STANDALONE_BLOCK_ID.match(line)


def block_above(lines: list[str], index: int) -> int | None:
    """The first line of the block just above line `index` (blank lines between allowed)."""
    end = index - 1
    while end >= 0 and not lines[end].strip():
        end -= 1
    if end < 0:
        return None
    start = end
    while start > 0 and lines[start - 1].strip():
        start -= 1
    return start


def line_parts(line: str) -> tuple[str, str, str]:
    """(quote markers, indentation, rest) of a line."""
    match = LINE_PARTS.match(line)
    assert match is not None  # every group may be empty: the pattern matches any line
    return match.group("quote"), match.group("indent"), match.group("rest")


def line_prefix(line: str) -> re.Match[str]:
    """The container prefix of a line (always matches, possibly empty)."""
    match = LINE_PREFIX.match(line)
    assert match is not None
    return match


def container(line: str) -> str:
    """Quote markers and indentation at the start of `line`."""
    match = CONTAINER.match(line)
    assert match is not None
    return match.group(0)


def continuation(prefix: str) -> str:
    """The prefix that continues a container on the next line: a list marker becomes spaces."""
    return _NOT_CONTAINER.sub(" ", prefix)


def link_text(text: str) -> str:
    """Escape text for use inside `[...]`."""
    return _LINK_TEXT_SPECIALS.sub(r"\\\1", text)
