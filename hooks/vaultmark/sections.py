"""Cut one heading's section or one block out of a note, for `![[Note#Heading]]` embeds."""

from __future__ import annotations

from .scanner import scan
from .vault import ATX_HEADING, BLOCK_ID


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
    wanted = " ".join(fragment.split("#")[-1].split()).lower()
    start, level = None, 0
    for number, (line, info) in enumerate(zip(lines, infos)):
        heading = None if info.in_code else ATX_HEADING.match(line)
        if heading is None:
            continue
        depth = len(heading.group("hashes"))
        if start is None and " ".join(heading.group("text").split()).lower() == wanted:
            start, level = number, depth
        elif start is not None and depth <= level:
            return "\n".join(lines[start:number])
    return "\n".join(lines[start:]) if start is not None else ""


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
