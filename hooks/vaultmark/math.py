"""Math: rewrite the dollar syntax Obsidian accepts into the strict form arithmatex parses.

Obsidian (MathJax) is forgiving: `$ x $` with spaces just inside the
dollars, `$$` glued to text, display math inside lists and callouts.
arithmatex is strict, and Markdown would otherwise eat `*` and `_` inside
math. So every math span found here is written canonically:

* inline `$...$` trimmed to `$x$` (arithmatex then protects its content);
* display `$$...$$` that owns its lines becomes a block of its own, blank
  lines around it, `$$` on separate lines, the container prefix repeated;
* display math that shares a line with text stays inline as `\\displaystyle`;
* every other `$` (prices, `$5 and $10`) is escaped so it stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Diagnostic
from .grammar import continuation, line_prefix
from .scanner import InlineMask, LineInfo

# A `$` that is not escaped by a backslash.
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")

# Characters that only occur in math, used when both inner sides have spaces.
MATHY = re.compile(r"[\\^_=+{}]")


@dataclass
class _Display:
    """An open `$$` block: where it started, what it holds so far, and the line its block is
    written into: the opener's own line, or the next one when text comes before the `$$`."""

    line: int
    prefix: str
    body: list[str]
    slot: int  # 0-based index of the line that receives the block
    trailing: bool = False  # opened by a `$$` at the end of a line of text


def _dollars(text: str, start: int) -> int:
    """Index of the next unescaped `$` at or after `start`, or -1."""
    match = UNESCAPED_DOLLAR.search(text, start)
    if not match:
        return -1
    return match.end() - 1


def _inline_end(text: str, start: int) -> int:
    """Index of the `$` closing inline math opened at `start`, or -1 if it is not math.

    Rules (pandoc's, relaxed for the spaces Obsidian tolerates): the closing
    `$` is not followed by a digit; at most one inner side is a space unless
    the content is clearly math; content that starts with a digit must be
    tight on both sides, so `$5 and $10` is never math.
    """
    search = start + 1
    while True:
        end = _dollars(text, search)
        if end == -1:
            return -1
        if end + 1 < len(text) and text[end + 1] == "$":
            return -1  # `$$` never closes inline math
        after = text[end + 1 : end + 2]
        if after.isdigit():
            search = end + 1
            continue
        inner = text[start + 1 : end]
        if not inner.strip():
            return -1
        spaced_left = inner[0].isspace()
        spaced_right = inner[-1].isspace()
        if spaced_left and spaced_right and not MATHY.search(inner):
            return -1
        if inner.lstrip()[0].isdigit() and (spaced_left or spaced_right):
            search = end + 1
            continue
        return end


def _rewrite_inline(text: str) -> str:
    """Canonicalise inline math in one line and escape every stray `$`."""
    out: list[str] = []
    position = 0
    while True:
        start = _dollars(text, position)
        if start == -1:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:start])
        if text.startswith("$$", start):
            end = text.find("$$", start + 2)
            inner = text[start + 2 : end].strip() if end != -1 else ""
            if inner:
                out.append("$\\displaystyle " + inner + "$")
                position = end + 2
                continue
            out.append("\\$\\$")
            position = start + 2
            continue
        end = _inline_end(text, start)
        if end == -1:
            out.append("\\$")
            position = start + 1
            continue
        out.append("$" + text[start + 1 : end].strip() + "$")
        position = end + 1


def _block(prefix: str, body: list[str]) -> str:
    """Emit a display block arithmatex accepts: own lines, blank lines around, same container."""
    quote = line_prefix(prefix).group("quote").rstrip()
    rest = continuation(prefix)  # a list marker becomes indentation
    lines = [quote, prefix + "$$"]
    for row in body:
        if row.strip():  # a blank line would end the block early
            lines.append(rest + row.strip())
    lines += [rest + "$$", quote]
    return "\n".join(lines)


def _indentation(line: str) -> str:
    """The blanks after a line's quote markers."""
    return line_prefix(line).group("indent")


def _lone_dollar_close(lines: list[str | None], infos: list[LineInfo], start: int) -> int | None:
    """The line of the `$` that closes a `$` alone on line `start`, in the same paragraph."""
    for row in range(start + 1, len(lines)):
        line = lines[row]
        if line is None or infos[row].in_code or not line.strip():
            return None
        if line.strip() == "$":
            return row if row > start + 1 else None
        if "$" in line:
            return None
    return None


def _quote_depth(text: str) -> int:
    return line_prefix(text).group("quote").count(">")


def _opens_at_end(rest: str) -> bool:
    """Whether a line of text ends with a `$$` that opens a display block (an odd count of them)."""
    stripped = rest.rstrip()
    return (
        stripped.endswith("$$")
        and not stripped.endswith("\\$$")
        and stripped.count("$$") % 2 == 1
        and bool(stripped[:-2].strip())
    )


def normalize_math(lines: list[str | None], infos: list[LineInfo]) -> tuple[list[str | None], list[Diagnostic]]:
    """Rewrite math outside code; a display block moves into its first line, the rest become None.

    Lines that end up holding display math are marked `in_math`, so later
    steps leave the TeX alone.
    """
    result = list(lines)
    diagnostics: list[Diagnostic] = []
    display: _Display | None = None
    skip_until = -1  # lines already taken by a formula written over several lines
    for index, (line, info) in enumerate(zip(lines, infos, strict=True)):
        if info.in_code or line is None or index <= skip_until:
            continue
        if display is None and "$" not in line:
            continue  # most lines have no math at all
        mask = InlineMask()
        masked = line if display else mask.protect(line)
        if display is not None:
            if _quote_depth(masked) < _quote_depth(display.prefix):
                break  # the callout or quote ends with the block still open: Obsidian leaves it open
            if display.trailing and index + 1 == display.line + 1 and masked.strip():
                # Opened after text: the block sits where its first line is (in a list item, say).
                display.prefix = line_prefix(display.prefix).group("quote") + _indentation(masked)
            content = masked[len(line_prefix(masked).group("quote")) :] if masked.lstrip().startswith(">") else masked
            close = content.find("$$")
            if close == -1:
                display.body.append(content)
                result[index] = None
                info.in_math = True
                continue
            display.body.append(content[:close])
            after = content[close + 2 :].strip()
            block = _block(display.prefix, display.body)
            quote = line_prefix(display.prefix).group("quote")
            info.in_math = True
            if after.startswith("$$") and after.find("$$", 2) == -1:
                # `$$$$`: this block ends and the next one starts on the same line.
                result[display.slot] = block
                if display.slot != index:
                    result[index] = None
                display = _Display(index + 1, display.prefix, [after[2:]], slot=index)
                continue
            if display.slot == index:  # the block closes on the line that receives it
                result[index] = block + ("\n" + quote + _rewrite_inline(after) if after else "")
            else:
                result[display.slot] = block
                result[index] = quote + _rewrite_inline(after) if after else None
                info.in_math = not after
            display = None
            continue
        prefix = line_prefix(masked).group(0)
        rest = masked[len(prefix) :]
        closing = _lone_dollar_close(lines, infos, index) if rest.strip() == "$" else None
        if closing is not None:
            # `$⏎\newcommand...⏎$`: one inline formula written over several lines (notebooks'
            # macro cells): kept together on one line, as MathJax reads it in Jupyter.
            inner = " ".join((lines[row] or "").strip() for row in range(index + 1, closing))
            result[index] = prefix + "$" + inner + "$"
            for row in range(index, closing + 1):
                infos[row].in_math = True
                if row > index:
                    result[row] = None
            skip_until = closing
            continue
        if rest.startswith("$$") and rest.find("$$", 2) == -1:
            display = _Display(index + 1, prefix, [rest[2:]], slot=index)
            info.in_math = True
            continue
        if _opens_at_end(rest):
            # `...given by:$$`: the text stays on its line, the block starts on the next one.
            lead = masked.rstrip()[:-2].rstrip()
            result[index] = mask.restore(_rewrite_inline(lead))
            display = _Display(index + 1, continuation(prefix), [], slot=index + 1, trailing=True)
            continue
        if rest.startswith("$$") and rest.rstrip().endswith("$$") and rest.count("$$") == 2:
            result[index] = _block(prefix, [rest.strip()[2:-2]])
            info.in_math = True
            continue
        if "$" not in masked:
            continue
        rewritten = _rewrite_inline(masked)
        if rewritten != masked:
            result[index] = mask.restore(rewritten)
    if display is not None:
        diagnostics.append(Diagnostic(display.line, "`$$` display math is never closed; add a closing `$$`"))
        # Treat the opener as text and normalize everything after it again.
        start = display.line - 1
        for info in infos[start:]:
            info.in_math = False
        opener = lines[start]
        assert opener is not None  # the line a `$$` was found on
        if display.trailing:
            text, _, tail = opener.rpartition("$$")
            result[start] = _rewrite_inline(text) + "\\$\\$" + tail
        else:
            result[start] = _rewrite_inline(opener.replace("$$", "\\$\\$", 1))
        later, problems = normalize_math(lines[start + 1 :], infos[start + 1 :])
        result[start + 1 :] = later
        diagnostics += [Diagnostic(problem.line + start + 1, problem.message) for problem in problems]
    return result, diagnostics
