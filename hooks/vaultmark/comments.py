"""Obsidian `%% comments %%`: private text that never reaches the site.

Comments may span lines. A line that held only comment keeps its quote
markers (so a comment inside a callout does not end the callout) and every
line keeps its number, so later diagnostics still point at the source.
"""

from __future__ import annotations

from .callouts import QUOTE_MARKERS
from .diagnostics import Diagnostic
from .scanner import InlineMask, LineInfo

COMMENT_MARK = "%%"


def _quote_only(line: str) -> str:
    """What is left of a line whose whole content was comment: its quote markers."""
    markers = QUOTE_MARKERS.match(line)
    return markers.group(0).rstrip() if markers else ""


def strip_comments(lines: list[str], infos: list[LineInfo]) -> tuple[list[str], list[Diagnostic]]:
    """Remove every `%%...%%` outside code; an unclosed comment hides the rest, as in Obsidian."""
    result: list[str] = []
    diagnostics: list[Diagnostic] = []
    open_since: int | None = None
    for index, (line, info) in enumerate(zip(lines, infos)):
        if info.in_code:
            result.append(_quote_only(line) if open_since is not None else line)
            continue
        mask = InlineMask()
        masked = mask.protect(line) if open_since is None else line
        if COMMENT_MARK not in masked and open_since is None:
            result.append(line)
            continue
        kept: list[str] = []
        rest = masked
        while True:
            if open_since is None:
                before, marker, rest = rest.partition(COMMENT_MARK)
                kept.append(before)
                if not marker:
                    break
                open_since = index + 1
            else:
                _, marker, rest = rest.partition(COMMENT_MARK)
                if not marker:
                    break
                open_since = None
        text = "".join(kept)
        result.append(mask.restore(text).rstrip() if text.strip(" \t>") else _quote_only(line))
    if open_since is not None:
        diagnostics.append(
            Diagnostic(open_since, "`%%` comment is never closed; everything after it is hidden. Add the closing `%%`")
        )
    return result, diagnostics
