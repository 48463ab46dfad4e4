"""The vault as Obsidian sees it: every note, attachment, alias, heading and block id.

Link resolution follows Obsidian: a path from the vault root, then the
file name (case-insensitive, the same folder first, then the shortest
path), then frontmatter aliases.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .frontmatter import as_string_list, is_unpublished, split_frontmatter
from .grammar import ATX_HEADING, block_id
from .reading import read_note
from .scanner import scan
from .slugs import heading_slugs

NOTE_SUFFIXES = (".md", ".ipynb")
DRAWING_SUFFIX = ".excalidraw.md"
# What the Excalidraw plugin exports next to a drawing, in the order preferred for the site.
DRAWING_EXPORTS = (".svg", ".png")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif")

# Everything but letters and digits, for the loose heading match.
NOT_LETTERS = re.compile(r"[\W_]+")

# Folders Obsidian and tools keep their own state in; never part of the site.
IGNORED_PARTS = re.compile(r"^[._]")


@dataclass
class Heading:
    """A heading as written and the anchor the rendered page gives it."""

    level: int
    text: str
    anchor: str
    line: int


@dataclass
class NoteInfo:
    """What other notes need to know about one note to link to it."""

    path: str  # vault-relative, POSIX separators
    aliases: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: dict[str, int] = field(default_factory=dict)  # id -> line
    published: bool = True
    meta: dict[str, Any] = field(default_factory=dict)  # frontmatter, parsed once here for every later use
    drawing: bool = False  # an Excalidraw drawing: shown where it is embedded (as its export), never a page
    body_offset: int = 0  # lines of frontmatter before the body
    body_start: int = 0  # characters of frontmatter before the body


@dataclass
class Resolution:
    """Result of resolving a link target: the chosen path and any other candidates."""

    path: str | None
    candidates: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def stem(path: str) -> str:
    """File name without folder and, for notes, without the extension."""
    name = posixpath.basename(path)
    for suffix in NOTE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _same_heading(written: str, heading: str) -> bool:
    """Obsidian matches heading links case-insensitively, ignoring repeated spaces."""
    return " ".join(written.split()).lower() == " ".join(heading.split()).lower()


def _similar_heading(written: str, heading: str) -> bool:
    """Looser, as Obsidian is: punctuation and markup left out (`#Is it fast` finds `Is it fast?`)."""
    return _letters(written) == _letters(heading) != ""


def _letters(text: str) -> str:
    return " ".join(NOT_LETTERS.sub(" ", text).split()).lower()


def find_heading(headings: list[Heading], fragment: str) -> Heading | None:
    """The heading `#A#B` names: B inside the section of A (each part nested in the one before).

    Each part is matched as written (case and spacing aside), else with punctuation left out.
    """
    return _find_heading(headings, fragment, _same_heading) or _find_heading(headings, fragment, _similar_heading)


def _find_heading(headings: list[Heading], fragment: str, same: Callable[[str, str], bool]) -> Heading | None:
    parts = [part for part in fragment.split("#") if part.strip()]
    position, bound = 0, 0  # search from `position`; stop at a heading of level <= `bound`
    found: Heading | None = None
    for part in parts:
        found = None
        for offset, heading in enumerate(headings[position:], start=position):
            if bound and heading.level <= bound:
                break
            if same(part, heading.text):
                found, position, bound = heading, offset + 1, heading.level
                break
        if found is None:
            return None
    return found


def describe_note(path: str, text: str) -> NoteInfo:
    """Collect aliases, headings (with their page anchors) and block ids of one note."""
    front = split_frontmatter(text)
    lines = front.body.split("\n")
    infos = scan(lines)
    raw_headings: list[tuple[int, str, int]] = []
    block_ids: dict[str, int] = {}
    for number, (line, info) in enumerate(zip(lines, infos, strict=True), start=front.body_offset + 1):
        if info.in_code:
            continue
        heading = ATX_HEADING.match(line)
        if heading:
            raw_headings.append((len(heading.group("hashes")), heading.group("text"), number))
        block = block_id(line)
        if block:
            block_ids[block.group("id")] = number
    anchors = heading_slugs([text for _, text, _ in raw_headings])
    headings = [
        Heading(level, text, anchor, line) for (level, text, line), anchor in zip(raw_headings, anchors, strict=True)
    ]
    return NoteInfo(
        path=path,
        aliases=as_string_list(front.meta.get("aliases")),
        headings=headings,
        block_ids=block_ids,
        published=not is_unpublished(front.meta) and not is_drawing(path, front.meta),
        meta=front.meta,
        drawing=is_drawing(path, front.meta),
        body_offset=front.body_offset,
        body_start=len(text) - len(front.body),
    )


def is_drawing(path: str, meta: dict[str, Any]) -> bool:
    """An Excalidraw plugin drawing (`x.excalidraw.md`): its text is the plugin's data."""
    return path.lower().endswith(DRAWING_SUFFIX) or "excalidraw-plugin" in meta


def is_ignored(relative: str) -> bool:
    """Hidden and tool folders (`.obsidian`, `.trash`, `_templates`...) stay out of the site."""
    return any(IGNORED_PARTS.match(part) for part in relative.split("/"))


@dataclass
class VaultIndex:
    """Every file of the vault, indexed for Obsidian-style lookups."""

    notes: dict[str, NoteInfo] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # markdown source, for transclusion
    # Hand-written pages and assets of the site (MkDocs' docs/) that notes may link and embed.
    site_files: set[str] = field(default_factory=set)
    _by_path: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_alias: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # Problems found while reading files (encoding, binary, symlinks), by vault path.
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    # Link targets already reported as matching several files: each is reported once per build.
    reported_ambiguous: set[str] = field(default_factory=set)

    @classmethod
    def from_directory(cls, root: Path) -> VaultIndex:
        """Index a vault folder on disk; files that resolve outside it are refused."""
        index = cls()
        real_root = root.resolve()
        for file in sorted(root.rglob("*")):
            relative = file.relative_to(root).as_posix()
            if is_ignored(relative):
                continue
            if file.is_symlink() and file.is_dir() and not file.resolve().is_relative_to(real_root):
                index.problems[relative] = [
                    Diagnostic(1, "this folder link points outside the vault; it is not published")
                ]
                continue
            if not file.is_file():
                continue
            if not file.resolve().is_relative_to(real_root):
                index.problems[relative] = [Diagnostic(1, "this link points outside the vault; it is not published")]
                continue
            if not relative.lower().endswith(".md"):
                index.add(relative, None)
                continue
            text, problems = read_note(file)
            if problems:
                index.problems[relative] = problems
            if text is not None:
                index.add(relative, text)
        return index

    def add_site_file(self, relative: str, text: str | None) -> None:
        """Add a hand-written page (with its text) or asset of the site, outside the vault."""
        self.site_files.add(relative)
        self.add(relative, text)

    def body(self, path: str) -> str:
        """The text of note `path` after its frontmatter."""
        return self.texts[path][self.notes[path].body_start :]

    def add(self, relative: str, text: str | None) -> None:
        """Add one file: markdown notes are read for links, notebooks and the rest by name."""
        if relative.lower().endswith(".md"):
            self.texts[relative] = text or ""
            self.notes[relative] = describe_note(relative, text or "")
            for alias in self.notes[relative].aliases:
                self._by_alias.setdefault(alias.lower(), []).append(relative)
        elif relative.lower().endswith(".ipynb"):
            self.notes[relative] = NoteInfo(path=relative)
        else:
            self.attachments.append(relative)
        # Lookups by lower-cased path and name, with and without the note extension.
        for key in {relative.lower(), _without_note_suffix(relative)}:
            self._by_path.setdefault(key, []).append(relative)
        name = posixpath.basename(relative).lower()
        for key in {name, stem(name)}:
            self._by_name.setdefault(key, []).append(relative)

    def resolve(self, target: str, source: str) -> Resolution:
        """Find the note or attachment `target` names, as Obsidian would from `source`.

        The vault's own files come first: a hand-written page of the site is found only
        when no vault file answers to the name.
        """
        wanted = target.strip().strip("/").lower()
        if not wanted:
            return Resolution(None)
        found = self._candidates(wanted, lambda path: path not in self.site_files) or self._candidates(wanted)
        if not found:
            return Resolution(None)
        chosen = _closest(found, source)
        if posixpath.dirname(chosen) == posixpath.dirname(source):
            return Resolution(chosen, [chosen])  # Obsidian's own unambiguous pick: the same folder
        return Resolution(chosen, found)

    def _candidates(self, wanted: str, keep: Callable[[str], bool] = lambda path: True) -> list[str]:
        """Files named `wanted`: by path, else by partial path or file name, else by alias."""
        exact = [path for path in self._by_path.get(wanted, []) if keep(path)]
        if not exact and "/" in wanted:
            # A partial path matches any file whose path ends with it.
            exact = [path for path in list(self.notes) + self.attachments if _ends_with(path, wanted) and keep(path)]
        elif not exact:
            exact = [path for path in self._by_name.get(wanted, []) if keep(path)]
        if not exact:
            exact = [path for path in self._by_alias.get(wanted, []) if keep(path)]
        return sorted(set(exact))


def _without_note_suffix(path: str) -> str:
    lowered = path.lower()
    for suffix in NOTE_SUFFIXES:
        if lowered.endswith(suffix):
            return lowered[: -len(suffix)]
    return lowered


def _ends_with(path: str, wanted: str) -> bool:
    lowered = path.lower()
    plain = _without_note_suffix(path)
    return any(candidate.endswith("/" + wanted) for candidate in (lowered, plain))


def _closest(paths: list[str], source: str) -> str:
    """Obsidian's pick among equal names: the source's folder, then the shortest path."""
    folder = posixpath.dirname(source)
    same_folder = [path for path in paths if posixpath.dirname(path) == folder]
    if same_folder:
        return same_folder[0]
    return min(paths, key=lambda path: (path.count("/"), path))


def same_shape(path: str, old: str, new: str) -> bool:
    """Whether an edit leaves other pages alone: same frontmatter, headings and block ids."""
    before, after = describe_note(path, old), describe_note(path, new)
    return (
        before.meta == after.meta
        and [(h.level, h.text) for h in before.headings] == [(h.level, h.text) for h in after.headings]
        and before.block_ids.keys() == after.block_ids.keys()
    )
