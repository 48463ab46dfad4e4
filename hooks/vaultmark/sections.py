"""Cut one heading's section or one block out of a note, for `![[Note#Heading]]` embeds."""

from __future__ import annotations

from .grammar import ATX_HEADING, BLOCK_ID, STANDALONE_BLOCK_ID, block_above
from .scanner import LineInfo, scan
from .vault import NoteInfo, find_heading

# First characters of a list item's line: a block id's paragraph stops above one.
BULLETS = ("-", "*", "+")


def extract_fragment(info: NoteInfo, body: str, fragment: str) -> tuple[str, int]:
    """The text `#Heading` or `#^block` names in the note `info` describes, and the number of
    body lines before it; the whole body when there is no fragment, "" when it names nothing.

    A heading's section runs to the next heading of the same or a higher
    level; a block is the paragraph (or list item) that ends with `^id`.
    Headings come from the index, which read them once.
    """
    if not fragment:
        return body, 0
    lines = body.split("\n")
    infos = scan(lines)
    if fragment.startswith("^"):
        return _block(lines, infos, fragment[1:])
    heading = find_heading(info.headings, fragment)
    if heading is None:
        return "", 0
    start = heading.line - info.body_offset - 1
    for number in range(start + 1, len(lines)):
        other = None if infos[number].in_code else ATX_HEADING.match(lines[number])
        if other and len(other.group("hashes")) <= heading.level:
            return "\n".join(lines[start:number]), start
    return "\n".join(lines[start:]), start


def _block(lines: list[str], infos: list[LineInfo], block_id: str) -> tuple[str, int]:
    """The paragraph ending in ` ^block_id` without the marker, or the block above a line
    holding only `^block_id`."""
    for number, (line, info) in enumerate(zip(lines, infos, strict=True)):
        standalone = None if info.in_code else STANDALONE_BLOCK_ID.match(line)
        if standalone and standalone.group("id") == block_id:
            start = block_above(lines, number)
            if start is None:
                return "", 0
            end = number
            while not lines[end - 1].strip():
                end -= 1
            return "\n".join(lines[start:end]), start
        match = None if info.in_code else BLOCK_ID.search(line)
        if match and match.group("id") == block_id:
            first = number
            while first > 0 and lines[first - 1].strip() and not lines[first - 1].lstrip().startswith(BULLETS):
                first -= 1
            return "\n".join(lines[first:number] + [line[: match.start()]]), first
    return "", 0
