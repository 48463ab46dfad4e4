"""The normalizer: one note's Obsidian markdown in, MkDocs-ready markdown out.

Modules run in a fixed order over one list of source lines, so every
diagnostic keeps the line number the user sees in their editor. A note
that uses no Obsidian syntax comes out byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import separate_blocks
from .callouts import normalize_callouts
from .cards import render_cards
from .comments import strip_comments
from .diagnostics import Diagnostic
from .frontmatter import normalize_tags, split_frontmatter
from .math import normalize_math
from .qa import Card, find_cards, repeated_questions
from .scanner import scan, unclosed_fence
from .sections import extract_fragment
from .tags import collect_tags
from .vault import ATX_HEADING, VaultIndex
from .wikilinks import LinkContext, rewrite_links


# The anchor the wikilinks module leaves where a ` ^block-id` was.
BLOCK_ANCHOR = re.compile(r' <span id="\^[A-Za-z0-9-]+"></span>')


@dataclass(frozen=True)
class Options:
    """Switch each syntax on or off, one flag per module."""

    comments: bool = True
    callouts: bool = True
    math: bool = True
    inline_tags: bool = True
    wikilinks: bool = True
    cards: bool = True
    block_spacing: bool = True


@dataclass
class NormalizedNote:
    """The result for one note: metadata, markdown body, and the problems found."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: int = 0  # study cards found (and rendered) in this note
    embedded_questions: int = 0  # cards brought in by `![[Note]]` transclusions


def normalize_note(
    text: str,
    path: str,
    index: VaultIndex,
    options: Options = Options(),
    page: str | None = None,
    stack: tuple[str, ...] = (),
    inherited_meta: dict[str, Any] | None = None,
) -> NormalizedNote:
    """Normalize the note at vault path `path`; links are made relative to `page` (default: itself).

    `inherited_meta` is the frontmatter of the note a section was cut from
    (an embedded heading has none of its own, but `qa: list` still applies).
    """
    front = split_frontmatter(text)
    meta = dict(inherited_meta or {}) | front.meta
    result = NormalizedNote(meta=meta)
    body, problems = _normalize_body(front.body, path, index, options, page or path, stack + (path,), result)
    result.body = body
    result.diagnostics = front.diagnostics + [
        Diagnostic(problem.line + front.body_offset, problem.message) for problem in problems
    ]
    return result


def _normalize_body(
    body: str,
    path: str,
    index: VaultIndex,
    options: Options,
    page: str,
    stack: tuple[str, ...],
    result: NormalizedNote,
) -> tuple[str, list[Diagnostic]]:
    """Run every enabled module over the body lines; diagnostics are body-relative.

    Metadata and card counts are recorded on `result` as they are found.
    """
    meta = result.meta
    diagnostics: list[Diagnostic] = []
    source = body.split("\n")
    lines: list[str | None] = list(source)
    infos = scan(source)
    open_fence = unclosed_fence(infos)
    if open_fence is not None:
        message = "code block opened here is never closed; add a closing fence (```) after the code"
        diagnostics.append(Diagnostic(open_fence, message))
    if options.comments:
        lines, problems = strip_comments(lines, infos)
        diagnostics += problems
    if options.callouts:
        lines = normalize_callouts(lines, infos)
    if options.block_spacing:
        lines = separate_blocks(lines, infos)
    if options.math:
        lines, problems = normalize_math(lines, infos)
        diagnostics += problems
    if options.inline_tags:
        lines, found = collect_tags(lines, infos)
        if found:
            tags = normalize_tags(meta.get("tags"))
            meta["tags"] = tags + [tag for tag in found if tag not in tags]
    if options.wikilinks:

        def transclude(target: str, fragment: str, chain: tuple[str, ...]) -> tuple[str, list[str]]:
            note_text = index.texts.get(target, "")
            embedded_front = split_frontmatter(note_text)
            section = extract_fragment(embedded_front.body, fragment)
            inner = normalize_note(
                section, target, index, options, page=page, stack=chain, inherited_meta=embedded_front.meta
            )
            result.embedded_questions += inner.questions + inner.embedded_questions
            # Block anchors belong to the note itself; a copy must not repeat their ids.
            body = BLOCK_ANCHOR.sub("", inner.body)
            return body, [f"in {target}: {problem.message}" for problem in inner.diagnostics]

        context = LinkContext(index=index, source=path, page=page, transclude=transclude, stack=stack)
        lines, problems = rewrite_links(lines, infos, context)
        diagnostics += problems
    if "tags" in meta:
        meta["tags"] = normalize_tags(meta["tags"])
    if options.cards:
        found, problems = find_cards(source, infos, meta, meta.get("tags", []))
        diagnostics += problems + repeated_questions(source, found)
        lines = render_cards(lines, found, card_heading_levels(source, infos, found))
        result.questions = len(found)
    return "\n".join(line for line in lines if line is not None), diagnostics


def card_heading_levels(lines: list[str], infos, cards: list[Card]) -> dict[int, int]:
    """Each card's heading sits one level below the heading it follows (h2 at the top)."""
    levels: dict[int, int] = {}
    current = 1
    starts = {card.line: card for card in cards}
    for number, (line, info) in enumerate(zip(lines, infos), start=1):
        if number in starts:
            levels[number] = min(6, current + 1)
        heading = None if info.in_code else ATX_HEADING.match(line)
        if heading:
            current = len(heading.group("hashes"))
    return levels
