"""Callouts: map Obsidian types onto Material admonitions and keep indentation exact.

pymdownx `quotes` (with `callouts: true`) already turns `> [!type] Title`
into admonitions and `<details>`. Two things it cannot know are fixed here:

* Obsidian types and aliases Material lacks, and unknown types, which
  Obsidian renders as a note: the type is rewritten, the title kept.
* Tabs after `>`: Python-Markdown expands tabs from the start of the line,
  so `>` + TAB loses a column and code in a callout loses its structure.
  Tabs are expanded relative to the quoted content instead.
"""

from __future__ import annotations

import re

from .grammar import QUOTE_MARKERS
from .scanner import LineInfo

TAB_SIZE = 4

# A callout header line: quote markers, `[!type]`, optional fold sign, optional title.
# The markers are `>` characters separated by blanks, written so each character has one way to
# match: an ambiguous form backtracks exponentially on deeply nested quotes that are not callouts.
CALLOUT_HEADER = re.compile(
    r"^(?P<markers>[ ]{0,3}>(?:[ \t]*>)*[ \t]*)\[!(?P<type>[^\]\s]+)\](?P<fold>[-+]?)(?P<title>.*)$"
)

# Obsidian callout types and aliases, mapped to Material admonition types.
CALLOUT_TYPES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract",
    "summary": "abstract",
    "tldr": "abstract",
    "info": "info",
    "todo": "info",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
}
FALLBACK_TYPE = "note"


def rewrite_header(line: str) -> str:
    """Give the callout a Material type; keep Obsidian's default title when it changes."""
    match = CALLOUT_HEADER.match(line)
    if not match:
        return line
    written = match.group("type")
    material = CALLOUT_TYPES.get(written.lower(), FALLBACK_TYPE)
    if material == written:
        return line
    title = match.group("title")
    if not title.strip():
        # Obsidian titles an untitled callout with its type, capitalised.
        title = " " + written[:1].upper() + written[1:].lower()
    markers = match.group("markers")
    return f"{markers}[!{material}]{match.group('fold')}{title}"


def expand_quoted_tabs(line: str, info: LineInfo) -> str:
    """Expand tabs in quoted content as if the content started at column 0."""
    markers = QUOTE_MARKERS.match(line)
    if "\t" not in line or not markers:
        return line
    if info.in_code:
        if ">" not in info.fence_prefix:
            return line  # a `>` that is part of the code itself, e.g. `>>> print()`
        # Strip exactly what the fence opener used, as pymdownx superfences does.
        prefix = info.fence_prefix if line.startswith(info.fence_prefix) else markers.group(0)
    else:
        prefix = markers.group(0)
    return prefix + line[len(prefix) :].expandtabs(TAB_SIZE)


def normalize_callouts(lines: list[str | None], infos: list[LineInfo]) -> list[str | None]:
    """Rewrite callout headers outside code and fix tabs in every quoted line."""
    result: list[str | None] = []
    for line, info in zip(lines, infos, strict=True):
        if line is None:
            result.append(None)
            continue
        if not info.in_code:
            line = rewrite_header(line)
        result.append(expand_quoted_tabs(line, info))
    return result
