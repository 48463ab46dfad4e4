"""The site's shape: which notes are published, their categories, the nav and the home list.

Categories are a note's top folder, or its `category:` frontmatter key.
Everything here is plain data, so another generator could reuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .frontmatter import split_frontmatter
from .slugs import SLUGIFY
from .vault import VaultIndex, stem
from .wikilinks import href

# Replaced on any hand-written page by the list of categories with note counts.
CATEGORIES_MARKER = "<!-- vaultmark:categories -->"

# Notes at the top of the vault, outside any folder.
ROOT_CATEGORY = "General"

# Generated index page of each category, e.g. `categories/concepts/index.md`.
CATEGORY_PAGE = "categories/{slug}/index.md"


@dataclass
class Category:
    name: str
    slug: str
    notes: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return CATEGORY_PAGE.format(slug=self.slug)


@dataclass
class SiteModel:
    """Published notes grouped by category, plus the attachments they may use."""

    index: VaultIndex
    categories: dict[str, Category] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, index: VaultIndex) -> "SiteModel":
        model = cls(index=index, attachments=list(index.attachments))
        for path in sorted(index.notes, key=str.lower):
            info = index.notes[path]
            if not info.published:
                continue
            meta = split_frontmatter(index.texts.get(path, "")).meta
            name = str(meta.get("category") or (path.split("/")[0] if "/" in path else ROOT_CATEGORY))
            category = model.categories.setdefault(name, Category(name, SLUGIFY(name, "-") or "notes"))
            category.notes.append(path)
            model.titles[path] = str(meta.get("title") or stem(path))
        return model

    @property
    def note_count(self) -> int:
        return sum(len(category.notes) for category in self.categories.values())

    @property
    def published_files(self) -> list[str]:
        """Vault paths that become site files: published notes and every attachment."""
        notes = [path for category in self.categories.values() for path in category.notes]
        return notes + self.attachments

    def category_of(self, path: str) -> Category | None:
        for category in self.categories.values():
            if path in category.notes:
                return category
        return None

    def page_meta(self, path: str) -> dict[str, str]:
        """Metadata the site adds to a note: its title (Obsidian shows the file name) and category."""
        category = self.category_of(path)
        meta = {"title": self.titles.get(path, stem(path))}
        if category:
            meta["category"] = category.name
        return meta

    def category_page_markdown(self, category: Category) -> str:
        """The generated index page of one category: a link to each of its notes."""
        lines = [f"# {category.name}", "", f"{_count(len(category.notes), 'note')} in this category.", ""]
        for path in category.notes:
            lines.append(f"- [{_escape(self.titles[path])}]({href(category.page, path)})")
        return "\n".join(lines) + "\n"

    def nav(self, docs_pages: list[str]) -> list:
        """Home first, one section per category (its index page first), then the other top-level pages."""
        others = sorted(page for page in docs_pages if "/" not in page and page not in ("index.md", "tags.md"))
        nav: list = ["index.md"] if "index.md" in docs_pages else []
        for name in sorted(self.categories, key=str.lower):
            category = self.categories[name]
            nav.append({name: [category.page] + category.notes})
        nav += others
        if "tags.md" in docs_pages:
            nav.append("tags.md")
        return nav


def categories_markdown(model: SiteModel, page: str) -> str:
    """A list of categories with note counts, linked relative to `page`."""
    if not model.categories:
        return "*No notes yet: add markdown files to the notes folder.*"
    lines = []
    for name in sorted(model.categories, key=str.lower):
        category = model.categories[name]
        lines.append(f"- [{_escape(name)}]({href(page, category.page)}) — {_count(len(category.notes), 'note')}")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _escape(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)
