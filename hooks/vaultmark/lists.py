"""Nested lists, indented the way Python-Markdown needs them.

Obsidian follows CommonMark: a line belongs to a list item when it is indented at least
to the item's content column, the column its text starts at (2 for `- a`, 3 for `1. a`).
So `- a⏎  - b` and `1. a⏎   1. b` nest. Python-Markdown nests only by multiples of four
spaces, so two- and three-space vaults come out flat, ordered lists keep counting, and
math or code under such an item falls out of the list.

This step reads each list the CommonMark way and re-indents what belongs to an item to
four spaces per level of nesting, keeping any extra indentation (an indented code block
under an item stays one; less than four columns of it means nothing and is dropped).
Fenced code moves with its opening fence, unchanged inside.
A vault already indented by four spaces comes out as it went in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grammar import ATX_HEADING, QUOTE_MARKERS, THEMATIC_BREAK
from .scanner import LineInfo

# Python-Markdown's tab_length: the indentation of one level of nesting.
LEVEL = 4
TAB = 4

# A list marker with the blanks after it; group `after` is empty for an item with no text.
ITEM = re.compile(r"^(?P<marker>[-*+]|\d{1,9}[.)])(?P<after>[ \t]+|$)")

# First characters of a line that may be indented, quoted or a list item.
ITEM_OR_CONTAINER_STARTS = " \t>-*+0123456789"

# Starts of blocks a lazy paragraph line cannot be.
FENCE = re.compile(r"^(?:`{3,}|~{3,})")


@dataclass
class _Item:
    content: int  # the column (in the source, after quote markers) where the item's content starts
    ordered: bool = False
    blocks: bool = False  # whether the item holds more than its first paragraph (a blank line, code, math)


@dataclass
class _Fence:
    quote: str
    shift: int  # how many columns the fence's opening line moved


def reindent_lists(lines: list[str | None], infos: list[LineInfo]) -> list[str | None]:
    """Re-indent list content to four spaces per nesting level (see the module docstring)."""
    result = list(lines)
    stack: list[_Item] = []
    quote_depth = 0
    fence: _Fence | None = None
    paragraph = False  # whether the previous line was paragraph text a lazy line may continue
    after_blank = True  # whether the previous line was blank (or there was none)
    for index, line in enumerate(lines):
        if line is None:
            continue
        info = infos[index]
        if info.in_code and not info.opens_fence:
            if fence is not None and fence.shift:
                result[index] = _shifted(line, fence)
            if info.closes_fence:
                fence = None
            continue
        if not stack and not quote_depth and line[:1] not in ITEM_OR_CONTAINER_STARTS:
            # Outside any list and quote, a flush-left line that is no item stays as it is.
            after_blank = not line.strip()
            paragraph = not after_blank and not _starts_block(line)
            if info.opens_fence:
                fence = _Fence("", 0)
            continue
        markers = QUOTE_MARKERS.match(line)
        quote = markers.group(0) if markers else ""
        if quote.count(">") != quote_depth:
            stack, quote_depth, paragraph = [], quote.count(">"), False
        rest = line[len(quote) :]
        expanded = rest.expandtabs(TAB)
        text = expanded.lstrip(" ")
        indent = len(expanded) - len(text)
        if not text:
            paragraph, after_blank = False, True
            for open_item in stack:
                open_item.blocks = True
            continue
        depth = sum(1 for item in stack if item.content <= indent)
        parent = stack[depth - 1].content if depth else 0
        item = ITEM.match(text)
        if item and THEMATIC_BREAK.match(text):
            item = None
        is_item = item is not None and indent - parent < LEVEL
        if not is_item and depth < len(stack) and paragraph and not _starts_block(text):
            after_blank = False  # a lazy continuation of the item's paragraph: left as written
            continue
        closed = stack[depth:]
        del stack[depth:]
        if is_item and item is not None:
            ordered = item.group("marker")[0].isdigit()
            stack.append(_Item(_content_column(indent, item), ordered))
            new_indent = LEVEL * depth
            # A numbered item after a bullet (or the reverse) starts a new list in CommonMark;
            # Python-Markdown needs a blank line to see it.
            other_kind = bool(closed) and closed[0].ordered != ordered
            if (other_kind or any(open_item.blocks for open_item in closed)) and not after_blank:
                # Python-Markdown folds an item into the one before when that one holds several
                # blocks and no blank line separates them.
                result[index] = quote.rstrip() + "\n" + quote + " " * new_indent + text
                paragraph, after_blank = True, False
                continue
        elif depth:
            # Up to three columns past the item's content column mean nothing in CommonMark;
            # four or more make an indented code block, kept as such.
            extra = indent - parent
            new_indent = LEVEL * depth + (extra if extra >= LEVEL else 0)
        elif text.startswith("$$") and indent < LEVEL:
            new_indent = 0  # ` $$` outside lists: CommonMark ignores the blanks, arithmatex does not
        else:
            new_indent = indent
        if new_indent != indent:
            result[index] = quote + " " * new_indent + text
        after_blank = False
        if info.opens_fence or text.startswith("$$"):
            for open_item in stack:
                open_item.blocks = True
        if info.opens_fence:
            fence = _Fence(quote, new_indent - indent)
            paragraph = False
        else:
            paragraph = not _starts_block(text) or is_item
    return result


def _content_column(indent: int, item: re.Match[str]) -> int:
    """Where an item's content starts: after its marker and 1-4 blanks (only 1 when more follow)."""
    marker_end = indent + len(item.group("marker"))
    blanks = len(item.group("after").expandtabs(TAB))
    return marker_end + (blanks if 1 <= blanks <= 4 else 1)


def _starts_block(text: str) -> bool:
    return bool(ATX_HEADING.match(text) or FENCE.match(text) or THEMATIC_BREAK.match(text) or text.startswith("$$"))


def _shifted(line: str, fence: _Fence) -> str:
    """A line inside a moved fence, moved by as much as its opening line."""
    if not line.startswith(fence.quote):
        return line
    rest = line[len(fence.quote) :]
    if fence.shift > 0:
        return fence.quote + " " * fence.shift + rest
    expanded = rest.expandtabs(TAB)
    removable = min(-fence.shift, len(expanded) - len(expanded.lstrip(" ")))
    return fence.quote + expanded[removable:]
