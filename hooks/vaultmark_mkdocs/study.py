"""Study mode's data: every card's rendered question and answer, as static files.

Study sessions run in the browser (`overrides/assets/vaultmark-study.js`). They need
each card's question and answer HTML as the page shows them, so this manager takes
them from the rendered page (`on_page_content`), and for notebooks from the core's
prepared cells. After the build it writes:

* `study/cards/<page>.json`, one per page with cards: its cards' HTML and the math
  macros they use. A session over a page loads that file alone;
* `study/index.json`: every note's url, title, category, tags and card ids (no HTML),
  the Spaced Repetition plugin's schedules, and the settings of `extra.study`. The
  Review page, the counts and a session over a category, a tag or the due cards read it,
  then load only the card files of the pages they use.

Each page with cards gets an empty `vm-study` element that names its card file.
"""

from __future__ import annotations

import hashlib
import html as html_text
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.pages import Page

from vaultmark import VaultBuild
from vaultmark.markup import ANSWER, CARD, CARD_ID_ATTRIBUTE, SCHEDULE_ATTRIBUTE, study_page_marker

STUDY_DIR = "study"
INDEX_FILE = "study/index.json"
DEFAULT_DESIRED_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 20

# The opening tag of a rendered card: its stable id and, when the note carries one, its schedule.
CARD_OPEN = re.compile(
    rf"""(?x)
    <div\ class="{CARD}[^"]*"          # a card, Markdown or notebook
    [^>]*?\b{CARD_ID_ATTRIBUTE}="(?P<id>[^"]*)"
    (?:[^>]*?\b{SCHEDULE_ATTRIBUTE}="(?P<schedule>[^"]*)")?
    [^>]*>
    """
)
DIV_TAG = re.compile(r"<(?P<close>/?)div\b[^>]*>")
DETAILS_TAG = re.compile(r"<(?P<close>/?)details\b[^>]*>")
ANSWER_OPEN = re.compile(rf'<details class="{ANSWER}"[^>]*>\s*<summary>[^<]*</summary>')
# The pilcrow link Python-Markdown's toc extension adds to each heading: noise in a session.
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
# A formula as arithmatex writes it; kept for a session when it defines macros other cards use.
MATH_ELEMENT = re.compile(r'<(?P<tag>span|div) class="arithmatex">.*?</(?P=tag)>', re.S)
MACRO_DEFINITION = re.compile(r"\\(?:newcommand|renewcommand|def|DeclareMathOperator)\b")


@dataclass
class StudyCard:
    id: str  # `<source note>#<anchor>`
    question: str  # HTML
    answer: str  # HTML
    schedule: str = ""  # `due,interval,ease` from a `<!--SR:...-->` comment


@dataclass
class StudyPage:
    """One page's cards, and what sessions over a category or tag need to know of the page."""

    url: str
    source: str  # vault path: the ids of the page's own cards start with it
    title: str
    category: str
    tags: list[str]
    cards: list[StudyCard]
    macros: str
    in_index: bool = True  # the project's own pages (help, examples) study alone, never with the vault
    versioned_url: str = ""  # the card file's URL with its version, once the file is written

    def card_file(self) -> str:
        """The page's card file, named by its path so a page keeps its file across builds."""
        return f"{STUDY_DIR}/cards/{hashlib.sha256(self.source.encode()).hexdigest()[:16]}.json"

    def card_data(self) -> str:
        cards = [{"id": card.id, "q": card.question, "a": card.answer} for card in self.cards]
        return json.dumps({"macros": self.macros, "cards": cards}, ensure_ascii=False, separators=(",", ":"))

    def card_url(self, data: str) -> str:
        """The card file with its version: a browser never keeps a card file of an older build."""
        return f"{self.card_file()}?v={hashlib.sha256(data.encode()).hexdigest()[:10]}"

    def index_entry(self, card_url: str) -> dict[str, Any]:
        """The page in the index; ids of its own cards are written as `#anchor`, to keep it small."""
        prefix = self.source + "#"
        ids = [card.id[len(prefix) - 1 :] if card.id.startswith(prefix) else card.id for card in self.cards]
        entry: dict[str, Any] = {
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "category": self.category,
            "tags": self.tags,
            "file": card_url,
            "cards": ids,
        }
        schedules = {card.id: card.schedule for card in self.cards if card.schedule}
        if schedules:
            entry["schedules"] = schedules
        return entry


@dataclass
class StudySettings:
    desired_retention: float = DEFAULT_DESIRED_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY

    @classmethod
    def from_config(cls, value: object) -> StudySettings:
        """`extra.study` of mkdocs.yml; a value FSRS cannot use stops the build with what to write."""
        if value is None:
            return cls()
        if not isinstance(value, dict):
            raise ConfigurationError("extra.study must be a mapping (desired_retention, new_per_day)")
        unknown = sorted(set(value) - {"desired_retention", "new_per_day"})
        if unknown:
            raise ConfigurationError(f"extra.study: unknown setting {unknown[0]}; use desired_retention, new_per_day")
        retention = value.get("desired_retention", DEFAULT_DESIRED_RETENTION)
        new_per_day = value.get("new_per_day", DEFAULT_NEW_PER_DAY)
        if isinstance(retention, bool) or not isinstance(retention, int | float) or not 0 < retention < 1:
            raise ConfigurationError("extra.study.desired_retention must be a number between 0 and 1, such as 0.9")
        if isinstance(new_per_day, bool) or not isinstance(new_per_day, int) or new_per_day < 0:
            raise ConfigurationError("extra.study.new_per_day must be a whole number of cards, 0 or more, such as 20")
        return cls(float(retention), new_per_day)


@dataclass
class StudyState:
    site_dir: Path = Path("site")
    settings: StudySettings = field(default_factory=StudySettings)
    pages: dict[str, StudyPage] = field(default_factory=dict)  # by vault path


class StudyManager:
    """Collects each page's cards as it renders and writes the study files after the build."""

    def __init__(self) -> None:
        self.state = StudyState()

    def configure(self, config: MkDocsConfig) -> None:
        settings = StudySettings.from_config(config["extra"].get("study"))
        self.state = StudyState(site_dir=Path(config["site_dir"]), settings=settings)

    def page_content(self, html: str, page: Page, build: VaultBuild) -> str:
        """Remember the page's cards, write its card file, and name the file on the page (for a
        session over it). Written now, the file's text is not kept until the build ends."""
        uri = page.file.src_uri
        if uri in build.notebooks:
            prepared = build.notebooks[uri].cards
            cards = [StudyCard(f"{uri}#{card.anchor}", card.question, card.answer) for card in prepared]
        else:
            cards = cards_in_html(html)
        if not cards:
            self.state.pages.pop(uri, None)
            return html
        meta = build.page_meta(uri) if uri in build.pages else build.model.page_meta(uri)
        tags = [str(tag) for tag in meta.get("tags") or []]
        study = StudyPage(
            url=page.url,
            source=uri,
            title=str(page.title or meta.get("title") or uri),
            category=str(meta.get("category", "")),
            tags=tags,
            cards=cards,
            macros=math_macros(html),
            in_index=uri not in build.site_files,
        )
        data = study.card_data()
        path = self.state.site_dir / study.card_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
        study.versioned_url = study.card_url(data)
        self.state.pages[uri] = study
        return study_page_marker(study.versioned_url, uri, self.state.settings.desired_retention) + html

    def write(self) -> None:
        """The index that names every page's card file (each was written as its page rendered,
        so a reader never sees a file missing)."""
        state = self.state
        entries = [page.index_entry(page.versioned_url) for _, page in sorted(state.pages.items()) if page.in_index]
        settings = {"desired_retention": state.settings.desired_retention, "new_per_day": state.settings.new_per_day}
        index = {"version": 1, "settings": settings, "pages": entries}
        target = state.site_dir / INDEX_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def cards_in_html(html: str) -> list[StudyCard]:
    """Each rendered card of a page: the question without its answer, the answer without its fold.

    A card inside another card's answer (from an embedded note) is a card of its own too.
    """
    cards = []
    for opening in CARD_OPEN.finditer(html):
        end = _matching_end(html, opening.start(), DIV_TAG)
        inner = html[opening.end() : end]
        answer = ANSWER_OPEN.search(inner)
        if answer is None:
            continue
        answer_end = _matching_end(inner, answer.start(), DETAILS_TAG)
        question = HEADERLINK.sub("", inner[: answer.start()] + inner[answer_end:].removeprefix("</details>"))
        cards.append(
            StudyCard(
                id=html_text.unescape(opening.group("id")),
                question=question.strip(),
                answer=inner[answer.end() : answer_end].strip(),
                schedule=html_text.unescape(opening.group("schedule") or ""),
            )
        )
    return cards


def _matching_end(html: str, start: int, tags: re.Pattern[str]) -> int:
    """Where the element opened at `start` closes (the start of its closing tag), counting nesting."""
    depth = 0
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group("close") else 1
        if depth == 0:
            return tag.start()
    return len(html)


def math_macros(html: str) -> str:
    """The page's formulas that define TeX macros (a notebook's `\\newcommand` cell), in page order."""
    if not MACRO_DEFINITION.search(html):
        return ""
    return "".join(found.group(0) for found in MATH_ELEMENT.finditer(html) if MACRO_DEFINITION.search(found.group(0)))
