"""Blank lines where CommonMark needs none but Python-Markdown does.

Obsidian lets a fenced code block or a list start right after a line of
text, and text follow a closing fence directly. Python-Markdown then glues
them into one paragraph (a list becomes literal `- ` text, a code block ends
up inside `<p>`). A blank line, carrying the same quote markers so a
callout is not cut in two, is inserted before such a block.
"""

from __future__ import annotations

from .grammar import INTERRUPTING_LIST_ITEM, LIST_ITEM, SETEXT_UNDERLINE, THEMATIC_BREAK, line_parts
from .scanner import LineInfo

# First characters of a list item line (after quote markers and indentation).
LIST_STARTS = "-*+0123456789"


def _depth(quote: str) -> int:
    return quote.count(">")


def separate_blocks(lines: list[str | None], infos: list[LineInfo]) -> list[str | None]:
    """Insert a blank line before a fence, a list, text after a fence, or a rule after a rule,
    when it touches the line above."""
    result = list(lines)
    for index in range(1, len(lines)):
        line, previous = lines[index], lines[index - 1]
        if line is None or previous is None:
            continue
        info, prev_info = infos[index], infos[index - 1]
        may_start_list = not info.in_code and line.lstrip(" \t>")[:1] in LIST_STARTS
        may_underline = not info.in_code and line.lstrip(" \t>")[:1] == "="
        if not (info.opens_fence or prev_info.closes_fence or may_start_list or may_underline):
            continue  # the common case, decided without regular expressions
        # An entry may hold several lines (an earlier step inserted one): compare the two that touch.
        quote, indent, rest = line_parts(line.split("\n", 1)[0])
        prev_quote, prev_indent, prev_rest = line_parts(previous.rsplit("\n", 1)[-1])
        if not rest.strip() or not prev_rest.strip() or _depth(quote) != _depth(prev_quote):
            continue
        fence_after_text = info.opens_fence and not prev_info.in_code
        text_after_fence = prev_info.closes_fence and not info.in_code
        list_after_text = (
            not info.in_code
            and not prev_info.in_code
            and INTERRUPTING_LIST_ITEM.match(rest)
            and not LIST_ITEM.match(prev_rest)
            and indent.expandtabs(4) == prev_indent.expandtabs(4)
        )
        # `---⏎---`: two rules in Obsidian, a heading reading `---` for Python-Markdown.
        rule_after_rule = (
            not info.in_code
            and not prev_info.in_code
            and SETEXT_UNDERLINE.match(rest)
            and THEMATIC_BREAK.match(prev_rest)
        )
        if fence_after_text or text_after_fence or list_after_text or rule_after_rule:
            result[index] = quote.rstrip() + "\n" + line
    return result
