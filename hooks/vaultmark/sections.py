"""Cut one heading's section or one block out of a note, for `![[Note#Heading]]` embeds."""

from __future__ import annotations

from .scanner import scan
from .vault import ATX_HEADING, BLOCK_ID, describe_note, find_heading


def extract_fragment(body: str, fragment: str) -> str:
    """The text `#Heading` or `#^block` names; the whole body when there is no fragment.

    A heading's section runs to the next heading of the same or a higher
    level; a block is the paragraph (or list item) that ends with `^id`.
    """
    if not fragment:
        return body
    lines = body.split("\n")
    infos = scan(lines)
    if fragment.startswith("^"):
        return _block(lines, infos, fragment[1:])
    heading = find_heading(describe_note("", body).headings, fragment)
    if heading is None:
        return ""
    start = heading.line - 1
    for number in range(start + 1, len(lines)):
        other = None if infos[number].in_code else ATX_HEADING.match(lines[number])
        if other and len(other.group("hashes")) <= heading.level:
            return "\n".join(lines[start:number])
    return "\n".join(lines[start:])


def _block(lines: list[str], infos: list, block_id: str) -> str:
    """The paragraph ending in ` ^block_id`, without the marker."""
    for number, (line, info) in enumerate(zip(lines, infos)):
        match = None if info.in_code else BLOCK_ID.search(line)
        if match and match.group("id") == block_id:
            first = number
            while first > 0 and lines[first - 1].strip() and not lines[first - 1].lstrip().startswith(("-", "*", "+")):
                first -= 1
            return "\n".join(lines[first:number] + [line[: match.start()]])
    return ""
