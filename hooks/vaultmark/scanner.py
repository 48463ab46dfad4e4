"""Fence-aware view of a note, so no module ever rewrites text inside code.

Every module works on the same list of source lines (index = line number - 1).
The scanner marks which lines belong to fenced code blocks, including fences
nested in blockquotes/callouts and list items, and masks inline code spans so
inline rewrites cannot touch them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

# A fence opener: any container prefix (spaces, tabs, `>` markers), then three
# or more backticks or tildes, then an optional info string.
FENCE_OPEN = re.compile(r"^(?P<prefix>[ \t>]*?)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")

# Everything before a fence closer's backticks: blockquote markers and indentation, loosely.
FENCE_CONTAINER = re.compile(r"^[ \t>]*")

# An inline code span: a run of backticks, the shortest content, the same run.
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)")

# Placeholder for masked spans: \x00, the mask's own number, the span number, \x00.
# \x00 never occurs in text notes; the mask number keeps nested masks apart.
MASK_TEMPLATE = "\x00{}:{}\x00"
MASK_TOKEN = re.compile(r"\x00(\d+):(\d+)\x00")


@dataclass
class LineInfo:
    """What the scanner knows about one source line."""

    in_code: bool = False
    # The exact container prefix of the fence opener, for lines inside a fence.
    fence_prefix: str = ""
    opens_fence: bool = False
    closes_fence: bool = False
    # Set by the math step on lines that became display math: TeX that later steps leave alone.
    in_math: bool = False

    @property
    def verbatim(self) -> bool:
        """Whether steps must leave the line's text as it is: code, or display math."""
        return self.in_code or self.in_math


def unclosed_fence(infos: list[LineInfo]) -> int | None:
    """1-based line of a fence that is still open at the end of the note, if any."""
    if not infos or not infos[-1].in_code or infos[-1].closes_fence:
        return None
    for number in range(len(infos) - 1, -1, -1):
        if infos[number].opens_fence:
            return number + 1
    return None


def scan(lines: list[str]) -> list[LineInfo]:
    """Mark every line that opens, closes or lies inside a fenced code block."""
    infos = [LineInfo() for _ in lines]
    open_fence: str | None = None
    open_prefix = ""
    for number, line in enumerate(lines):
        if open_fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                open_fence = match.group("fence")
                open_prefix = match.group("prefix")
                infos[number] = LineInfo(True, open_prefix, opens_fence=True)
            continue
        infos[number] = LineInfo(True, open_prefix)
        content = FENCE_CONTAINER.sub("", line).rstrip()
        fence_char = open_fence[0]
        if content.startswith(open_fence) and set(content) == {fence_char}:
            infos[number].closes_fence = True
            open_fence = None
    return infos


class InlineMask:
    """Replace inline code spans (and other protected spans) with placeholders."""

    _instances = itertools.count()

    def __init__(self) -> None:
        self.saved: list[str] = []
        self.number = str(next(self._instances))

    def protect(self, text: str, pattern: re.Pattern[str] = CODE_SPAN) -> str:
        """Swap every match of `pattern` for a placeholder that later passes ignore."""

        def save(match: re.Match[str]) -> str:
            self.saved.append(match.group(0))
            return MASK_TEMPLATE.format(self.number, len(self.saved) - 1)

        return pattern.sub(save, text)

    def restore(self, text: str) -> str:
        """Put this mask's spans back; other masks' placeholders are left for their owners."""

        def put_back(match: re.Match[str]) -> str:
            if match.group(1) != self.number:
                return match.group(0)
            return self.saved[int(match.group(2))]

        return MASK_TOKEN.sub(put_back, text)


def map_prose(
    lines: list[str | None],
    infos: list[LineInfo],
    rewrite: Callable[[str, int, Callable[[str], str]], str],
    triggers: tuple[str, ...] = ("",),
) -> list[str | None]:
    """Apply `rewrite(text, line_number, unmask)` to every line outside code, code spans masked;
    `unmask` puts the code spans back into a piece of the text (to show it as written).

    A line may be None: an earlier module removed it (its text moved into
    the line before or was a comment). Lines holding none of `triggers`
    (substrings a match needs) are skipped without masking: most lines.
    """
    result: list[str | None] = []
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        if info.verbatim or not line or not any(trigger in line for trigger in triggers):
            result.append(line)
            continue
        mask = InlineMask()
        masked = mask.protect(line)
        rewritten = rewrite(masked, index + 1, mask.restore)
        result.append(line if rewritten == masked else mask.restore(rewritten))
    return result
