"""Every piece of markup the normalizer generates, in one place.

The `vm-*` class names are a contract shared with `overrides/assets/vaultmark.css`,
`overrides/assets/vaultmark.js`, the MkDocs glue (which counts rendered cards) and
the tests: change a name here and a test checks that the stylesheet and the script
still know it.
"""

from __future__ import annotations

import html
import re

# Class names, by what carries them.
CARD = "vm-card"
NOTEBOOK_CARD = "vm-card--notebook"
ANSWER = "vm-answer"
TAG = "vm-tag"
MISSING_LINK = "vm-missing-link"
UNPUBLISHED_LINK = "vm-unpublished-link"
EMBED = "vm-embed"
EMBED_SOURCE = "vm-embed-source"
DOWNLOAD = "vm-download"
NOTEBOOK_MARKDOWN = "vm-nb-markdown"
NOTEBOOK_QUESTION = "vm-nb-question"
NOTEBOOK_DOWNLOAD = "vm-nb-download"

# The start of every rendered card, Markdown or notebook: the glue counts these per page.
CARD_START = f'<div class="{CARD}'

# A card's stable id, `<source note>#<anchor>`: the note it is written in, so a card embedded
# in two notes is one card. Study mode keys its progress by it.
CARD_ID_ATTRIBUTE = "data-card"
# The Spaced Repetition plugin's schedule of a card (`due date,interval,ease`), for study mode.
SCHEDULE_ATTRIBUTE = "data-sr"
# Where study mode shows its controls and counts: a page's cards, a category, or the whole site.
STUDY = "vm-study"
# Where a page offers its Anki deck: the build replaces the marker once the decks are written
# (their size is known only then); `slug` is the category's, empty for the whole vault.
ANKI_DECK_MARKER = "<!-- vaultmark:anki-deck:{slug} -->"
ANKI_DECK = "vm-anki-deck"
# The "Linked from" section that ends a note; search leaves it out (it is other notes' words).
BACKLINKS = "vm-backlinks"
BACKLINKS_TITLE = "Linked from"
# Where a graph is drawn (assets/vaultmark-graph.js): a note's neighbours, or the whole vault.
GRAPH = "vm-graph"

ANSWER_SUMMARY = "<summary>Answer</summary>"
NO_ANSWER = "*No answer yet.*"

# A block id's anchor, left where ` ^block-id` was written; for a block id on its own line, an
# anchor of its own just before the block it names.
BLOCK_ANCHOR_TEMPLATE = ' <span id="^{id}"></span>'
BLOCK_ANCHOR_BEFORE_TEMPLATE = '<div id="^{id}"></div>'
BLOCK_ANCHOR = re.compile(r' <span id="\^[A-Za-z0-9-]+"></span>|<div id="\^[A-Za-z0-9-]+"></div>\n\n')

_QUESTION_HEADING = (
    '<h3 class="{cls}" id="{id}" data-toc-label="{label}" data-answer="{id}-answer">Question {number}</h3>'
)
_ORPHAN_ANSWER = '<details class="{answer}">{summary}\n{html}\n</details>'
_ANSWER_CARD = (
    '<div class="{card} {notebook}" id="{id}-answer" {card_id}>'
    '<details class="{answer}">{summary}\n{html}\n</details></div>'
)


def tag_chip(tag: str, url: str = "") -> str:
    """An inline `#tag`, shown as a chip; a Markdown link to the tag's page when there is one
    (so MkDocs checks it like any other link)."""
    if url:
        return f"[#{tag}]({url}){{ .{TAG} }}"
    return f'<span class="{TAG}">#{tag}</span>'


def missing_link(text: str) -> str:
    """Visibly marked plain text for a link that goes nowhere (never a 404)."""
    return f'<span class="{MISSING_LINK}" title="Not found in the vault">{html.escape(text)}</span>'


def unpublished_link(text: str) -> str:
    """A link to a note that is not published: its text, with a hint instead of a link."""
    return f'<span class="{UNPUBLISHED_LINK}" title="This note is not published">{html.escape(text)}</span>'


def block_anchor(block_id: str) -> str:
    return BLOCK_ANCHOR_TEMPLATE.format(id=block_id)


def block_anchor_before(block_id: str) -> str:
    """The anchor of a block named by a block id on its own line, placed above the block."""
    return BLOCK_ANCHOR_BEFORE_TEMPLATE.format(id=block_id) + "\n\n"


def embed_block(source_link: str, content: str) -> str:
    """A transcluded note or section: a link to where it comes from, then its markdown."""
    rows = [
        f'<div class="{EMBED}" markdown="1">',
        "",
        f'<p class="{EMBED_SOURCE}" markdown="1">{source_link}</p>',
        "",
        content.strip("\n"),
        "",
        "</div>",
    ]
    return "\n".join(rows)


def download_attributes(name: str) -> str:
    """attr_list attributes of a link that downloads a vault file."""
    return f'{{ .{DOWNLOAD} download="{html.escape(name)}" }}'


def card_attributes(card_id: str, schedule: str = "") -> str:
    """The attributes that identify a card (and carry its imported schedule) for study mode."""
    attributes = f'{CARD_ID_ATTRIBUTE}="{html.escape(card_id)}"'
    if schedule:
        attributes += f' {SCHEDULE_ATTRIBUTE}="{html.escape(schedule)}"'
    return attributes


def card_block(heading: str, question_rest: str, answer: str, card_id: str, schedule: str = "") -> str:
    """A Markdown card: its heading line, the rest of the question, the answer folded."""
    body = ["", f'<div class="{CARD}" markdown="1" {card_attributes(card_id, schedule)}>', "", heading, ""]
    if question_rest.strip():
        body += [question_rest.strip("\n"), ""]
    body += [f'<details class="{ANSWER}" markdown="1">', ANSWER_SUMMARY, ""]
    body += [answer.strip("\n") if answer.strip() else NO_ANSWER, "", "</details>", "", "</div>", ""]
    return "\n".join(body)


def notebook_question_heading(anchor: str, label: str, number: int) -> str:
    return _QUESTION_HEADING.format(cls=NOTEBOOK_QUESTION, id=anchor, label=label, number=number)


def notebook_answer_card(anchor: str, rendered: str, card_id: str) -> str:
    """An answer cell that belongs to a question: folded, linked to its question by id."""
    return _ANSWER_CARD.format(
        card=CARD,
        notebook=NOTEBOOK_CARD,
        id=anchor,
        card_id=card_attributes(card_id),
        answer=ANSWER,
        summary=ANSWER_SUMMARY,
        html=rendered,
    )


def notebook_orphan_answer(rendered: str) -> str:
    """An answer cell with no question before it: still folded, but no card."""
    return _ORPHAN_ANSWER.format(answer=ANSWER, summary=ANSWER_SUMMARY, html=rendered)


def notebook_markdown(rendered: str) -> str:
    """A notebook's rendered markdown cell."""
    return f'<div class="{NOTEBOOK_MARKDOWN}">\n{rendered}\n</div>'


def notebook_download(url: str) -> str:
    return f'<p class="{NOTEBOOK_DOWNLOAD}"><a class="md-button" href="{url}" download>Download the notebook</a></p>'


def study_page_marker(card_file: str, source: str, desired_retention: float) -> str:
    """On a page with cards: where its study controls go, the file of its cards' HTML, the note's
    vault path (its own cards' ids start with it) and the retention its sessions schedule for."""
    return (
        f'<div class="{STUDY}" data-study-file="{html.escape(card_file)}" data-study-source="{html.escape(source)}"'
        f' data-study-retention="{desired_retention}"></div>\n'
    )


def study_panel(category: str = "") -> str:
    """Study controls and counts of a category's cards, or of every card of the site."""
    scope = f' data-study-category="{html.escape(category)}"' if category else ' data-study-site=""'
    return f'<div class="{STUDY}"{scope}></div>'


def anki_deck_link(href: str, size: int) -> str:
    """The download link of an Anki package, with its size."""
    kilobytes = max(1, round(size / 1024))
    shown = f"{kilobytes} KB" if kilobytes < 1024 else f"{kilobytes / 1024:.1f} MB"
    return (
        f'<p class="{ANKI_DECK}"><a class="md-button" href="{html.escape(href)}" download>'
        f"Download Anki deck</a> <span>({shown}, .apkg)</span></p>"
    )


def backlinks_section(items: list[tuple[str, list[str]]]) -> str:
    """A note's "Linked from" section: each linking note's link (Markdown), then its contexts
    (already Markdown-safe text). The title is a heading for assistive technology only, so the
    section stays out of the page's table of contents."""
    rows = []
    for link, contexts in items:
        shown = "".join(f'<span class="{BACKLINKS}__context">{context}</span>' for context in contexts)
        rows.append(f"- {link}{shown}")
    return (
        f'\n\n<aside class="{BACKLINKS}" aria-labelledby="vm-linked-from" data-pagefind-ignore="all" markdown>\n'
        f'<p class="{BACKLINKS}__title" id="vm-linked-from" role="heading" aria-level="2">{BACKLINKS_TITLE}</p>\n\n'
        + "\n".join(rows)
        + "\n\n</aside>\n"
    )


def graph_marker(page_url: str) -> str:
    """Where a note's local graph opens (nothing is loaded until the reader opens it)."""
    return f'\n\n<div class="{GRAPH}" data-graph-page="{html.escape(page_url)}"></div>\n'
