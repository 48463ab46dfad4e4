"""Obsidian `%% comments %%`: private text that never reaches the site.

Comments may span lines. Lines keep their numbers (a removed line becomes
None), so later diagnostics still point at the source.
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .scanner import InlineMask, LineInfo

COMMENT_MARK = "%%"


def _strip_line(line: str, comment_open: bool) -> tuple[str, bool]:
    """The parts of one line outside comments, and whether a comment is still open after it.

    Outside a comment, code spans are masked so a `%%` inside backticks is text;
    inside a comment everything up to the closing `%%` is hidden.
    """
    kept: list[str] = []
    rest = line
    while True:
        if comment_open:
            _, marker, rest = rest.partition(COMMENT_MARK)
            if not marker:
                return "".join(kept), True
            comment_open = False
            continue
        mask = InlineMask()
        before, marker, after = mask.protect(rest).partition(COMMENT_MARK)
        kept.append(mask.restore(before))
        if not marker:
            return "".join(kept), False
        comment_open = True
        rest = mask.restore(after)


def strip_comments(lines: list[str | None], infos: list[LineInfo]) -> tuple[list[str | None], list[Diagnostic]]:
    """Remove every `%%...%%` outside code; an unclosed comment hides the rest, as in Obsidian.

    A line that held nothing but comment is removed (None), so the lines
    around it stay one paragraph, one list or one callout.
    """
    result: list[str | None] = []
    diagnostics: list[Diagnostic] = []
    open_since: int | None = None
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        if line is None or (info.in_code and open_since is None) or (COMMENT_MARK not in line and open_since is None):
            result.append(line)
            continue
        if info.in_code:
            result.append(None)  # code inside an unclosed comment is hidden too
            continue
        was_open = open_since is not None
        text, still_open = _strip_line(line, was_open)
        if still_open and not was_open:
            open_since = index + 1
        elif not still_open:
            open_since = None
        result.append(text.rstrip() if text.strip(" \t>") else None)
    if open_since is not None:
        diagnostics.append(
            Diagnostic(open_since, "`%%` comment is never closed; everything after it is hidden. Add the closing `%%`")
        )
    return result, diagnostics
