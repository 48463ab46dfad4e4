"""Backlinks and the link graph: which notes link to which, with the sentence around each link.

Made from the links the wikilinks step recorded while it resolved them (`NormalizedNote.links`:
wikilinks, embeds and Markdown links to published notes, written in the note itself), so
a backlink points exactly where the link on the page goes, and nothing parses HTML. A link
written in a card's answer is shown by the card's question: a backlink never gives an answer
away.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .markers import DEFAULT_MARKERS, CardMarkers
from .markup import backlinks_section
from .pipeline import NormalizedNote
from .site import shown_text
from .wikilinks import WIKILINK, href

# Longest context shown for one link, in characters; and how many links of one note are shown.
CONTEXT_CHARACTERS = 200
CONTEXTS_PER_NOTE = 3

# What opens a line but is no part of its sentence: quote markers, list markers, a heading's
# hashes, a task box, a callout's `[!type]` and its fold sign.
LINE_OPENING = re.compile(
    r"""(?x)
    ^(?:[ \t]*>)*[ \t]*           # quote markers and indentation
    (?:\#{1,6}[ \t]+)?            # a heading's hashes
    (?:(?:[-*+]|\d+[.)])[ \t]+)?  # a list marker
    (?:\[[ xX]\][ \t]+)?          # a task box
    (?:\[![^\]]*\][-+]?[ \t]*)?   # a callout's type
    """
)
# A Markdown link or image: its text is what the reader sees.
MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\[\]\n]*)\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
# Emphasis, highlight and code marks, a block id, an SR comment: not part of the words.
MARKS = re.compile(r"\*\*|__|==|~~|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|\s\^[A-Za-z0-9-]+$|<!--.*?-->")
# The end of a sentence: its punctuation and the space after it.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Markdown would read these in the context's plain text; as entities they stay text.
MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]{}#|$~=^]")


@dataclass(frozen=True)
class Backlink:
    """One note that links to a page: where, and the words around the link."""

    source: str  # vault path of the linking note
    title: str
    contexts: tuple[str, ...]  # plain text, one per line the note links from


@dataclass
class LinkGraph:
    """Every published note's links: the contexts of each note's links by target, and who
    links to each note. A note edited during `serve` is updated alone (`update`)."""

    titles: dict[str, str] = field(default_factory=dict)
    markers: CardMarkers = DEFAULT_MARKERS
    outgoing: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    incoming: dict[str, set[str]] = field(default_factory=dict)
    # Who embeds each note (`![[Note]]`, `![[Note#Part]]`): their pages show its text.
    embedded_by: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        pages: Mapping[str, NormalizedNote],
        texts: Mapping[str, str],
        titles: Mapping[str, str],
        markers: CardMarkers = DEFAULT_MARKERS,
    ) -> LinkGraph:
        """From each note of `pages` (the vault's notes, not the site's own pages), whose source
        files are `texts`, with the titles the site shows in `titles` (published pages only)."""
        graph = cls(dict(titles), markers)
        for source, page in pages.items():
            graph.update(source, page, texts.get(source, ""))
        return graph

    def update(self, source: str, page: NormalizedNote, text: str) -> None:
        """(Re)read the links of note `source`, normalized as `page` from the file `text`."""
        for target in self.outgoing.pop(source, {}):
            self.incoming[target].discard(source)
            self.embedded_by.get(target, set()).discard(source)
        if source not in self.titles:
            return
        lines = text.split("\n")
        found: dict[str, list[str]] = {}
        for link in page.links:
            if link.target == source or link.target not in self.titles:
                continue
            question = page.answer_questions.get(link.line)
            context = link_context(_line(lines, question or link.line), "" if question else link.written, self.markers)
            embed = WIKILINK.fullmatch(link.written)
            if embed and embed.group("embed"):
                self.embedded_by.setdefault(link.target, set()).add(source)
                if not question:
                    context = "Embeds " + _wikilink_text(embed)  # an embed is a line of its own
            contexts = found.setdefault(link.target, [])
            if context and context not in contexts:
                contexts.append(context)
        self.outgoing[source] = found
        for target in found:
            self.incoming.setdefault(target, set()).add(source)

    def embedding(self, paths: Iterable[str]) -> set[str]:
        """The notes whose pages show a part of `paths`: those embedding one of them, and those
        embedding those (an embed shows the embedded note's own embeds), `paths` left out."""
        start = set(paths)
        found: set[str] = set()
        waiting = list(start)
        while waiting:
            for source in self.embedded_by.get(waiting.pop(), ()):
                if source not in found:
                    found.add(source)
                    waiting.append(source)
        return found - start

    @property
    def edges(self) -> set[tuple[str, str]]:
        """Each pair of linked notes once, the two paths in order."""
        return {
            (min(source, target), max(source, target)) for source, found in self.outgoing.items() for target in found
        }

    def backlinks(self, page: str) -> list[Backlink]:
        """The notes that link to `page`, by title."""
        sources = sorted(self.incoming.get(page, ()), key=lambda source: (self.titles[source].lower(), source))
        return [
            Backlink(source, self.titles[source], tuple(self.outgoing[source][page][:CONTEXTS_PER_NOTE]))
            for source in sources
        ]

    def section(self, page: str) -> str:
        """The markdown of a page's "Linked from" section; empty when nothing links to it."""
        items = []
        for backlink in self.backlinks(page):
            link = f"[{shown_text(backlink.title)}]({href(page, backlink.source)})"
            contexts = [_markdown_literal(context) for context in backlink.contexts]
            items.append((link, contexts))
        return backlinks_section(items) if items else ""


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def link_context(line: str, written: str, markers: CardMarkers = DEFAULT_MARKERS) -> str:
    """The sentence of `line` that holds the link `written` (the whole line when `written` is
    empty), as plain text: links show their text, marks and markers are gone."""
    text = LINE_OPENING.sub("", line, count=1)
    question = markers.question_line.match(text)
    if question:
        text = question.group("text")
    position = text.find(written) if written else -1
    sentences = SENTENCE_END.split(text)
    if position >= 0:
        start = 0
        for sentence in sentences:
            if start + len(sentence) >= position:
                text = sentence
                break
            start += len(sentence) + 1
    text = WIKILINK.sub(_wikilink_text, text)
    text = MARKDOWN_LINK.sub(lambda match: match.group("text"), text)
    text = " ".join(MARKS.sub("", text).split())
    if len(text) > CONTEXT_CHARACTERS:
        text = text[: CONTEXT_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    return text


def _wikilink_text(match: re.Match[str]) -> str:
    """What Obsidian shows of a wikilink: its label, or its target and heading."""
    if match.group("label") is not None:
        return match.group("label")
    fragment = (match.group("fragment") or "").lstrip("^")
    return " › ".join(part for part in [match.group("target").strip(), fragment.strip()] if part)


def _markdown_literal(text: str) -> str:
    """Plain text that Markdown (and MathJax's delimiters) leave as it is."""
    return MARKDOWN_SPECIALS.sub(lambda match: f"&#{ord(match.group(0))};", html.escape(text, quote=False))
