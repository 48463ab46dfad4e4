"""A rendered page's HTML as search documents: the page itself, then one per heading.

Material's search plugin does this with Python's HTMLParser, which took 15% of a
1,000-note build. This is the same division in one regex pass over the tags:

* a heading with an `id` starts a section; text before the first one belongs to the
  page's own document (titled with the page title);
* a heading nested in an element (a Q/A card's question inside its card) ends with that
  element: the text after it returns to the enclosing section, as in Material;
* `<script>`, `<style>`, `<object>`, elements marked `data-search-exclude` and code
  line numbers are skipped, and so is the `¶` permalink of a heading;
* text is kept as plain-text blocks (paragraphs, list items, code blocks, cells),
  which is what search previews show.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict


class SearchDocument(TypedDict, total=False):
    """One search document, as Material's search index holds it."""

    location: str  # the page URL, with `#anchor` for a section
    title: str
    blocks: list[str]  # plain-text blocks: paragraphs, list items, code, cells
    tags: list[str]
    boost: float


# One HTML token: a comment, a start or end tag (name, attributes), or text.
TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|([^<]+)|<", re.S)
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""")
CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*["']([^"']*)["']""")
SPACES = re.compile(r"\s+")

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content is never text: skipped whole.
SKIPPED = frozenset({"script", "style", "object", "template"})
# Classes whose element is skipped whole: code line numbers.
SKIPPED_CLASSES = frozenset({"linenodiv", "linenos"})
# Classes of a heading's permalink (Python-Markdown's toc, nbconvert's notebooks).
PERMALINK_CLASSES = frozenset({"headerlink", "anchor-link"})
# Elements with no end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Elements that end a block of text.
BLOCKS = (
    frozenset(
        {
            "p",
            "li",
            "ul",
            "ol",
            "pre",
            "table",
            "thead",
            "tbody",
            "tr",
            "td",
            "th",
            "blockquote",
            "div",
            "dl",
            "dt",
            "dd",
            "details",
            "summary",
            "figure",
            "figcaption",
            "section",
            "article",
            "br",
            "hr",
        }
    )
    | HEADINGS
)


@dataclass
class _Section:
    depth: int
    anchor: str = ""
    excluded: bool = False
    title: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def end_block(self) -> None:
        block = SPACES.sub(" ", "".join(self.text)).strip()
        if block:
            self.blocks.append(block)
        self.text.clear()


@dataclass
class _Element:
    tag: str
    skipped: bool = False
    permalink: bool = False
    heading: bool = False


def page_documents(content: str, url: str, title: str, meta: Mapping[str, Any] | None = None) -> list[SearchDocument]:
    """Search documents of one page: `location` (url or url#anchor), `title`, text `blocks`,
    and from its metadata `tags` and `search: {boost}` on each, as Material's index has them;
    none for a page with `search: {exclude: true}`."""
    meta = meta or {}
    search = meta.get("search") or {}
    if search.get("exclude"):
        return []
    tags = meta.get("tags")
    tags = (
        [str(tag) for tag in tags if tag and isinstance(tag, (str, int, float, bool))] if isinstance(tags, list) else []
    )
    boost = search.get("boost")
    docs: list[SearchDocument] = []
    for section in _sections(content):
        if section.excluded:
            continue
        doc: SearchDocument = {
            "location": f"{url}#{section.anchor}" if section.anchor else url,
            "title": SPACES.sub(" ", "".join(section.title)).strip() or title,
            "blocks": section.blocks,
        }
        if tags:
            doc["tags"] = tags
        if boost is not None:
            doc["boost"] = boost
        docs.append(doc)
    return docs


def _sections(content: str) -> list[_Section]:
    """Material's division of a page into sections (see the module docstring)."""
    sections: list[_Section] = []
    stack: list[_Element] = []
    skipping = 0  # open elements that are skipped whole
    permalinks = 0  # open permalink anchors
    heading: _Section | None = None  # the section whose heading is open: text goes to its title

    def page_section() -> _Section:
        """The page's own document, for what comes before any heading."""
        sections.append(_Section(depth=0))
        return sections[-1]

    section: _Section | None = None
    for match in TOKEN.finditer(content):
        closing, tag, attributes, text = match.groups()
        if tag is None:
            if text is None and match.group(0) != "<":
                continue  # a comment
            if skipping:
                continue
            section = section or page_section()
            if heading is None:
                section.text.append(html.unescape(text or "<"))
            elif not permalinks:
                heading.title.append(html.unescape(text or "<"))
            continue
        tag = tag.lower()
        if closing:
            if not stack or stack[-1].tag != tag:
                continue  # a stray end tag is ignored, as Material does
            if section is not None and section.depth > len(stack):
                # Leaving the element a nested heading sits in: back to the enclosing section.
                section.end_block()
                section.depth = -1  # never returned to
                section = _enclosing(sections, len(stack))
            element = stack.pop()
            skipping -= element.skipped
            permalinks -= element.permalink
            if element.heading:
                heading = None
            if tag in BLOCKS and section is not None:
                section.end_block()
            continue
        if tag in VOID or attributes.rstrip().endswith("/"):
            if tag in BLOCKS and section is not None:
                section.end_block()
            continue
        class_attribute = CLASS_ATTRIBUTE.search(attributes) if "class=" in attributes else None
        classes = set(class_attribute.group(1).split()) if class_attribute else set()
        element = _Element(
            tag,
            skipped=tag in SKIPPED or bool(classes & SKIPPED_CLASSES) or "data-search-exclude" in attributes,
            permalink=tag == "a" and bool(classes & PERMALINK_CLASSES),
        )
        stack.append(element)
        skipping += element.skipped
        permalinks += element.permalink
        identifier = ID_ATTRIBUTE.search(attributes) if tag in HEADINGS else None
        if identifier is None:
            section = section or page_section()
            if tag in BLOCKS:
                section.end_block()
            continue
        if section is not None:
            section.end_block()
        elif tag != "h1":
            page_section()  # a page starting with a lower heading still gets its own document
        # A page's first heading, if nothing precedes it, titles the page's own document.
        section = _Section(depth=len(stack), anchor=identifier.group(1) if sections else "", excluded=element.skipped)
        sections.append(section)
        element.heading = True
        heading = section
    if section is not None:
        section.end_block()
    return sections


def _enclosing(sections: list[_Section], depth: int) -> _Section:
    return next(section for section in reversed(sections) if 0 <= section.depth <= depth)
