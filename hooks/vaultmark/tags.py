"""Inline `#tags`: collected into the page's tags and shown as tag chips.

Never inside code (masked by the scanner), links, URLs or headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .grammar import ATX_HEADING
from .markup import tag_chip
from .scanner import InlineMask, LineInfo, map_prose
from .slugs import SLUGIFY

# Generated page of a tag: `#ml/vision` is `tags/ml/vision.md`.
TAG_PAGE = "tags/{path}.md"

# `#tag` after the start of a line or whitespace; letters, digits, `_`, `-`, `/`
# (nested tags), and at least one non-digit so `#1` stays text.
INLINE_TAG = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())#(?P<tag>[\w/-]*[^\W\d][\w/-]*)", re.M)

# Spans in which a `#` is never a tag: links, wikilinks, URLs, HTML entities.
NOT_TAG_SPANS = re.compile(r"\[\[[^\]]*\]\]|\[[^\]]*\]\([^)]*\)|<[^>]*>|\w+://\S+|&#?\w+;")


def tag_key(tag: str) -> str:
    """The tag as Obsidian compares it: case-insensitive, without a leading `#` or stray `/`."""
    return "/".join(part for part in tag.strip().lstrip("#").lower().split("/") if part)


def tag_page(tag: str) -> str:
    """The site path of a tag's page; each level of a nested tag is a folder."""
    parts = [SLUGIFY(part, "-") or "tag" for part in tag_key(tag).split("/")]
    return TAG_PAGE.format(path="/".join(parts))


def collect_tags(
    lines: list[str | None], infos: list[LineInfo], tag_url: Callable[[str], str] | None = None
) -> tuple[list[str | None], list[str]]:
    """Replace inline tags with chips and return the tags found, in order; `tag_url` gives
    the URL of a tag's page, when the site has tag pages."""
    found: list[str] = []

    def rewrite(text: str, _line: int, _unmask: Callable[[str], str]) -> str:
        if ATX_HEADING.match(text):
            return text
        mask = InlineMask()
        masked = mask.protect(text, NOT_TAG_SPANS)

        def chip(match: re.Match[str]) -> str:
            tag = match.group("tag")
            if tag not in found:
                found.append(tag)
            return tag_chip(tag, tag_url(tag) if tag_url else "")

        return mask.restore(INLINE_TAG.sub(chip, masked))

    return map_prose(lines, infos, rewrite, triggers=("#",)), found
