"""The site's shape: published notes, their categories, the nav, and the study counts.

Categories are a note's top folder, or its `category:` frontmatter key.
A scribbles note (`scribbles: true`, or kept in a folder named Scribbles)
is listed by its topics, its second-level headings. Everything here is
plain data, so another generator could reuse it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from .grammar import link_text
from .markup import ANKI_DECK_MARKER, study_panel
from .slugs import SLUGIFY
from .vault import Heading, VaultIndex, stem
from .wikilinks import href

# Replaced on any hand-written page by the categories with their counts.
CATEGORIES_MARKER = "<!-- vaultmark:categories -->"

# Notes at the top of the vault, outside any folder.
ROOT_CATEGORY = "General"

# A vault's own `index.md` at its root is the site's home page, not a note of a category.
HOME_PAGE = "index.md"

# Generated index page of each category, e.g. `categories/concepts/index.md`.
CATEGORY_PAGE = "categories/{slug}/index.md"

SCRIBBLES_FOLDER = "scribbles"
DEFAULT_NAV_NOTES_LIMIT = 40
TOPIC_LEVEL = 2


@dataclass
class NoteEntry:
    """One published note as the site lists it."""

    path: str
    title: str
    questions: int = 0
    topics: list[Heading] = field(default_factory=list)


@dataclass
class Category:
    name: str
    slug: str
    notes: list[NoteEntry] = field(default_factory=list)

    @property
    def page(self) -> str:
        return CATEGORY_PAGE.format(slug=self.slug)

    @property
    def questions(self) -> int:
        return sum(note.questions for note in self.notes)

    @property
    def topics(self) -> int:
        return sum(len(note.topics) for note in self.notes)


def is_scribbles(path: str, meta: dict[str, Any]) -> bool:
    """Scribbles are marked in frontmatter or kept in a folder named Scribbles."""
    if "scribbles" in meta:
        return meta["scribbles"] is True
    return any(part.lower() == SCRIBBLES_FOLDER for part in path.split("/")[:-1])


@dataclass
class SiteModel:
    """Published notes grouped by category, plus the attachments they may use."""

    categories: dict[str, Category] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    home: str | None = None  # the vault's own home page, when it has one
    _by_path: dict[str, tuple[Category, NoteEntry]] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, index: VaultIndex, questions: dict[str, int] | None = None) -> SiteModel:
        """Group the published notes of `index`; `questions` maps note path to its card count."""
        questions = questions or {}
        model = cls(attachments=[path for path in index.attachments if path not in index.site_files])
        for path in sorted(index.notes, key=str.lower):
            info = index.notes[path]
            if not info.published or path in index.site_files:
                continue
            if path == HOME_PAGE:
                model.home = path
                continue
            meta = info.meta
            name = str(meta.get("category") or (path.split("/")[0] if "/" in path else ROOT_CATEGORY))
            category = model.categories.setdefault(name, Category(name, SLUGIFY(name, "-") or "notes"))
            topics = [h for h in info.headings if h.level == TOPIC_LEVEL] if is_scribbles(path, meta) else []
            title = str(meta.get("title") or stem(path))
            category.notes.append(NoteEntry(path, title, questions.get(path, 0), topics))
        return model

    @property
    def notes(self) -> list[NoteEntry]:
        return [note for category in self.categories.values() for note in category.notes]

    @property
    def published_files(self) -> list[str]:
        """Vault paths that become site files: published notes and every attachment."""
        home = [self.home] if self.home else []
        return home + [note.path for note in self.notes] + self.attachments

    def note(self, path: str) -> tuple[Category, NoteEntry] | None:
        if self._by_path is None:
            self._by_path = {
                note.path: (category, note) for category in self.categories.values() for note in category.notes
            }
        return self._by_path.get(path)

    def page_meta(self, path: str) -> dict[str, str]:
        """Metadata the site adds to a note: its title (Obsidian shows the file name) and category."""
        found = self.note(path)
        if path == self.home:
            return {"title": "Home"}
        if found is None:
            return {"title": stem(path)}
        category, note = found
        return {"title": note.title, "category": category.name}

    def category_page_markdown(self, category: Category) -> str:
        """The generated index page of one category: its notes with counts, scribbles with topics."""
        lines = [f"# {category.name}", "", _summary(len(category.notes), category.questions, category.topics) + ".", ""]
        if category.questions:
            lines += [study_panel(category.name), "", ANKI_DECK_MARKER.format(slug=category.slug), ""]
        for note in category.notes:
            link = f"[{shown_text(note.title)}]({href(category.page, note.path)})"
            lines.append(f"- {link} — {_note_counts(note)}")
            for topic in note.topics:
                lines.append(f"    - [{shown_text(topic.text)}]({href(category.page, note.path, topic.anchor)})")
        return "\n".join(lines) + "\n"

    def nav(self, docs_pages: list[str], notes_limit: int = DEFAULT_NAV_NOTES_LIMIT) -> list[Any]:
        """Home first, one section per category (its index page first), then the other top-level pages.

        A category with more than `notes_limit` notes shows only its index page,
        which lists them all: every page carries the navigation, so listing a
        large vault there would make each page, and the build, grow with it.
        """
        others = sorted(page for page in docs_pages if "/" not in page and page not in ("index.md", "tags.md"))
        nav: list[Any] = ["index.md"] if "index.md" in docs_pages else []
        for name in sorted(self.categories, key=str.lower):
            category = self.categories[name]
            notes = [note.path for note in category.notes] if len(category.notes) <= notes_limit else []
            nav.append({name: [category.page] + notes})
        nav += others
        if "tags.md" in docs_pages:
            nav.append("tags.md")
        return nav


def categories_markdown(model: SiteModel, page: str) -> str:
    """Totals, then each category with its counts, linked relative to `page`."""
    if not model.categories:
        return "*No notes yet: add markdown files to the notes folder.*"
    notes = model.notes
    total = _summary(len(notes), sum(n.questions for n in notes), sum(len(n.topics) for n in notes))
    lines = [f"**{total}**", ""]
    if any(note.questions for note in notes):
        lines += [study_panel(), "", ANKI_DECK_MARKER.format(slug=""), ""]
    for name in sorted(model.categories, key=str.lower):
        category = model.categories[name]
        counts = _summary(len(category.notes), category.questions, category.topics)
        lines.append(f"- [{shown_text(name)}]({href(page, category.page)}) — {counts}")
    return "\n".join(lines)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _summary(notes: int, questions: int, topics: int) -> str:
    parts = [count(notes, "note"), count(questions, "question")]
    if topics:
        parts.append(count(topics, "topic"))
    return ", ".join(parts)


def _note_counts(note: NoteEntry) -> str:
    if note.topics:
        return count(len(note.topics), "topic")
    return count(note.questions, "question")


def shown_text(text: str) -> str:
    """Link text that is shown as written: HTML escaped, Markdown brackets escaped."""
    return link_text(html.escape(text))


def unpublished_line(links: int) -> str:
    """The one info line for every link to a note that is not published (each shown as text)."""
    verb = "points" if links == 1 else "point"
    return f"{count(links, 'link')} {verb} to unpublished notes (publish: false / draft: true); they show as text"


def summary_line(model: SiteModel, warnings: int) -> str:
    """The one-line build summary: notes, categories, questions, topics, attachments, warnings."""
    notes = model.notes
    categories = len(model.categories)
    parts = [
        f"{count(len(notes), 'note')} in {categories} {'category' if categories == 1 else 'categories'}",
        count(sum(note.questions for note in notes), "question"),
        count(sum(len(note.topics) for note in notes), "topic"),
        count(len(model.attachments), "attachment"),
        count(warnings, "warning"),
    ]
    return ", ".join(parts)
