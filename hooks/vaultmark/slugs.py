"""Heading anchors computed exactly as the site's `toc` extension computes them.

mkdocs.yml configures `toc` with `pymdownx.slugs.slugify(case="lower")`;
links to headings must use the same function and the same de-duplication
(`title`, `title_1`, `title_2`...), or they point at nothing.
"""

from __future__ import annotations

import re

from pymdownx.slugs import slugify

SLUGIFY = slugify(case="lower")
SEPARATOR = "-"

# Markdown decoration that never reaches the heading's text.
WIKILINK_TEXT = re.compile(r"!?\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
MARKDOWN_LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# An inline code span; the group is its content.
CODE_SPAN_TEXT = re.compile(r"`+([^`]*)`+")
EMPHASIS_MARKS = re.compile(r"[*`]+|==|~~")


def heading_text(markdown_text: str) -> str:
    """Approximate the rendered text of a heading written in markdown."""
    parts = CODE_SPAN_TEXT.split(markdown_text)
    # Odd parts are code-span contents: kept verbatim, never stripped of `==` or `*`.
    return "".join(part if number % 2 else _plain(part) for number, part in enumerate(parts)).strip()


def _plain(markdown_text: str) -> str:
    text = WIKILINK_TEXT.sub(r"\1", markdown_text)
    text = MARKDOWN_LINK_TEXT.sub(r"\1", text)
    return EMPHASIS_MARKS.sub("", text)


def heading_slugs(headings: list[str]) -> list[str]:
    """Anchors for the headings of one page, in order, de-duplicated like `toc` does."""
    used: set[str] = set()
    anchors = []
    for heading in headings:
        base = SLUGIFY(heading_text(heading), SEPARATOR)
        anchor = base
        counter = 0
        while anchor in used:
            counter += 1
            anchor = f"{base}_{counter}"
        used.add(anchor)
        anchors.append(anchor)
    return anchors
