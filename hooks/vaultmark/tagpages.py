"""A page per tag, and the tags index: the notes of each tag with their question counts.

Tags come from a note's frontmatter `tags:` and its inline `#tags` (the normalized
note's metadata holds both). As in Obsidian, tags are case-insensitive (`#ML` is `#ml`,
shown as first written) and `#ml/vision` is a tag inside `#ml`: the page of `ml` lists
its own notes, then each nested tag with the notes under it. Only the vault's notes have
tags here, never the site's own pages (the help page's examples use tags too).
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from .site import NoteEntry, SiteModel, count, shown_text
from .tags import tag_key, tag_page
from .wikilinks import href

# Replaced on a hand-written page (docs/tags.md) by every tag, nested, with its counts.
TAGS_MARKER = "<!-- vaultmark:tags -->"


@dataclass
class Tag:
    """One tag: its notes (tagged with it exactly) and the tags nested in it."""

    key: str
    name: str  # as first written
    notes: list[NoteEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # keys, in name order

    @property
    def page(self) -> str:
        return tag_page(self.key)

    @property
    def parent(self) -> str | None:
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None


@dataclass
class TagIndex:
    """Every tag of the vault's published notes, by key."""

    tags: dict[str, Tag] = field(default_factory=dict)

    @classmethod
    def build(cls, model: SiteModel, note_tags: Mapping[str, list[str]]) -> TagIndex:
        """The tags of each note of `model`, as `note_tags` (vault path → tags) gives them."""
        index = cls()
        for note in sorted(model.notes, key=lambda entry: (entry.title.lower(), entry.path)):
            keys = []
            for written in note_tags.get(note.path, []):
                key = tag_key(str(written))
                if key and key not in keys:  # `#ML` and `#ml` are one tag
                    keys.append(key)
                    index._add(key, str(written).strip().lstrip("#").strip("/"))
                    index.tags[key].notes.append(note)
        for tag in index.tags.values():
            tag.children.sort(key=lambda key: index.tags[key].name.lower())
        return index

    def _add(self, key: str, written: str) -> None:
        """The tag and every tag it is nested in; a new tag takes its name as written."""
        if key in self.tags:
            return
        self.tags[key] = Tag(key, written)
        parent = self.tags[key].parent
        if parent is not None:
            self._add(parent, written.rsplit("/", 1)[0])
            self.tags[parent].children.append(key)

    def top(self) -> list[Tag]:
        return sorted((tag for tag in self.tags.values() if tag.parent is None), key=lambda tag: tag.name.lower())

    def all_notes(self, key: str) -> list[NoteEntry]:
        """The notes of a tag and of every tag nested in it, each once."""
        found = list(self.tags[key].notes)
        seen = {note.path for note in found}
        for child in self.tags[key].children:
            for note in self.all_notes(child):
                if note.path not in seen:
                    seen.add(note.path)
                    found.append(note)
        return found

    def page_markdown(self, key: str) -> str:
        """A tag's page: its parent, its notes, then each nested tag with its notes."""
        tag = self.tags[key]
        lines = [f"# {_tag_label(tag.name)}", ""]
        if tag.parent is not None:
            parent = self.tags[tag.parent]
            lines += [f"Inside [{_tag_label(parent.name)}]({href(tag.page, parent.page)}).", ""]
        notes = self.all_notes(key)
        lines += [f"**{_notes_and_questions(notes)}**", ""]
        lines += [_note_line(tag.page, note) for note in tag.notes]
        for child_key in tag.children:
            child = self.tags[child_key]
            lines += ["", f"## [{_tag_label(child.name)}]({href(tag.page, child.page)})", ""]
            lines += [_note_line(tag.page, note) for note in self.all_notes(child_key)]
        return "---\n" + f"title: {_yaml_string(html.escape('#' + tag.name))}\n" + "---\n\n" + "\n".join(lines) + "\n"

    def index_markdown(self, page: str) -> str:
        """Every tag, nested as the tags are, with its counts: for the tags index page."""
        if not self.tags:
            return "*No note has tags yet: add `tags:` to a note's frontmatter, or write `#tag` in its text.*"
        lines: list[str] = []

        def add(tag: Tag, depth: int) -> None:
            counts = _notes_and_questions(self.all_notes(tag.key))
            lines.append(f"{'    ' * depth}- [{_tag_label(tag.name)}]({href(page, tag.page)}) — {counts}")
            for child in tag.children:
                add(self.tags[child], depth + 1)

        for tag in self.top():
            add(tag, 0)
        return "\n".join(lines)


def _tag_label(name: str) -> str:
    return shown_text("#" + name).replace("_", "\\_").replace("*", "\\*")


def _notes_and_questions(notes: list[NoteEntry]) -> str:
    return f"{count(len(notes), 'note')}, {count(sum(note.questions for note in notes), 'question')}"


def _note_line(page: str, note: NoteEntry) -> str:
    folder = posixpath.dirname(note.path)
    where = f" <small>{shown_text(folder)}</small>" if folder else ""
    return f"- [{shown_text(note.title)}]({href(page, note.path)}) — {count(note.questions, 'question')}{where}"


def _yaml_string(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
