"""Anki decks of the site's cards, written after the build (`extra.anki`, on by default).

The cards come from study mode's manager, which kept each page's rendered questions and
answers; `vaultmark_anki` turns them into fields and packages. One package holds the whole
vault and one each category, in decks `<site name>::<category>::<note title>`. The home
and category pages name their package with its size: their written HTML holds a marker
the decks replace once they exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from vaultmark import Diagnostic
from vaultmark.markup import ANKI_DECK_MARKER, anki_deck_link
from vaultmark.slugs import SLUGIFY
from vaultmark_anki import MAX_PACKAGE_BYTES, DeckCard, NoteTimes, anki_html, write_package

from .notebooks import vault_cache
from .notes import NotesManager
from .report import Reporter
from .study import StudyManager, StudyPage

DECKS_DIR = "anki"
# When each note's content last changed, kept with the vault's other build cache.
NOTE_TIMES_FILE = "anki-note-times.json"
NO_ANSWER = re.compile(r"^\s*<p><em>No answer yet\.</em></p>\s*$")
MARKER = re.compile(re.escape(ANKI_DECK_MARKER).replace("\\{slug\\}", "(?P<slug>[a-z0-9-]*)"))


@dataclass
class AnkiState:
    enabled: bool = True
    selection: dict[str, str] = field(default_factory=dict)  # only these cards, in one deck: category, tag
    site_name: str = "Notes"
    site_url: str = ""
    site_dir: Path = Path("site")
    config: MkDocsConfig | None = None
    decks: dict[str, tuple[str, int]] = field(default_factory=dict)  # category slug ("" for all) -> file, bytes


def deck_file_stem(site_name: str) -> str:
    """The whole vault's package is `<site name as a slug>.apkg`; a category's adds its slug."""
    return SLUGIFY(site_name, "-") or "notes"


class AnkiManager:
    """Writes the decks after the build and names them on the pages that offer them."""

    def __init__(self, reporter: Reporter, notes: NotesManager, study: StudyManager) -> None:
        self.reporter = reporter
        self.notes = notes
        self.study = study
        self.state = AnkiState()

    def configure(self, config: MkDocsConfig) -> None:
        """`extra.anki`: true (the default) or false; or, as `python -m vaultmark anki` sets it,
        a mapping `{category: ..., tag: ...}` for one deck of those cards alone."""
        setting = config["extra"].get("anki", True)
        selection: dict[str, str] = {}
        if isinstance(setting, dict) and set(setting) <= {"category", "tag"}:
            selection = {key: str(value) for key, value in setting.items() if value}
        elif not isinstance(setting, bool):
            raise ConfigurationError("extra.anki must be true (write Anki decks) or false")
        self.state = AnkiState(
            enabled=setting is not False,
            selection=selection,
            site_name=str(config["site_name"]),
            site_url=str(config.get("site_url") or ""),
            site_dir=Path(config["site_dir"]),
            config=config,
        )

    def write(self) -> None:
        """Every deck, then the links to them on the home and category pages."""
        state = self.state
        if state.enabled and state.config is not None:
            cards = self._cards()
            times = NoteTimes(vault_cache(state.config, self.notes.state.notes_dir) / NOTE_TIMES_FILE)
            if state.selection:
                self._write_selection(cards, times)
                return
            by_category: dict[str, list[DeckCard]] = {}
            for category, card in cards:
                by_category.setdefault(category, []).append(card)
            site_slug = deck_file_stem(state.site_name)
            self._package("", f"{site_slug}.apkg", [card for _, card in cards], times)
            categories = self.notes.build.model.categories
            for category, members in by_category.items():
                slug = categories[category].slug
                self._package(slug, f"{site_slug}-{slug}.apkg", members, times)
            times.save()
        self.link_decks()

    def _cards(self) -> list[tuple[str, DeckCard]]:
        """Each card of the vault once (an embedded card on its own note's page), with its category."""
        state = self.state
        chosen: dict[str, tuple[StudyPage, int]] = {}
        for page in sorted(self.study.state.pages.values(), key=lambda page: page.source):
            if not page.in_index:
                continue
            for number, card in enumerate(page.cards):
                own = card.id.startswith(page.source + "#")
                if card.id not in chosen or own:
                    chosen[card.id] = (page, number)
        cards = []
        unanswered = 0
        for card_id, (page, number) in chosen.items():
            card = page.cards[number]
            if NO_ANSWER.match(card.answer):
                unanswered += 1  # the core has reported it, at its line
                continue
            media: dict[str, str] = {}
            macros = f'<div class="vm-macros" style="display: none">{page.macros}</div>' if page.macros else ""
            question, problems = anki_html(macros + card.question, page.url, state.site_url, state.site_dir, media)
            answer, more = anki_html(card.answer, page.url, state.site_url, state.site_dir, media)
            for problem in problems + more:
                message = f"{problem.src} {problem.reason}, so the Anki card #{card_id.split('#')[-1]} shows without it"
                self.reporter.problem(page.source, Diagnostic(self._line_of(page.source, problem.src), message))
            deck = "::".join(
                part.replace("::", ":") for part in (state.site_name, page.category or "Notes", page.title)
            )
            cards.append(
                (
                    page.category,
                    DeckCard(
                        id=card_id,
                        deck=deck,
                        question=question,
                        answer=answer,
                        source=self._source(page, card_id),
                        # Anki's tags ignore case: the category gets its own branch, never
                        # merged with a tag of the same name.
                        tags=[*page.tags, f"category/{page.category}"],
                        media={name: state.site_dir / path for path, name in media.items()},
                    ),
                )
            )
        if unanswered:
            self.reporter.info(f"{unanswered} question(s) without an answer left out of the Anki decks")
        return cards

    def _write_selection(self, cards: list[tuple[str, DeckCard]], times: NoteTimes) -> None:
        """One package of the chosen cards, in place of the vault's (`python -m vaultmark anki`)."""
        chosen = self._selected(cards)
        if not chosen:
            wanted = ", ".join(f"{key} {value!r}" for key, value in self.state.selection.items())
            self.reporter.warning(f"no card of {wanted}: no Anki deck written")
            return
        self._package("", f"{deck_file_stem(self.state.site_name)}.apkg", chosen, times)
        times.save()

    def _line_of(self, source: str, src: str) -> int:
        """The first line of the note that names the file (1 when none does)."""
        name = PurePosixPath(unquote(src)).name
        text = self.notes.build.index.texts.get(source, "")
        for number, line in enumerate(text.split("\n"), start=1):
            if name and name in line:
                return number
        return 1

    def _selected(self, cards: list[tuple[str, DeckCard]]) -> list[DeckCard]:
        """The cards of the chosen category and tag (a nested tag's parent chooses it too)."""
        category, tag = self.state.selection.get("category"), self.state.selection.get("tag")
        chosen = []
        for card_category, card in cards:
            if category is not None and card_category.lower() != category.lower():
                continue
            if tag is not None and not any(t == tag or t.startswith(tag + "/") for t in card.tags):
                continue
            chosen.append(card)
        return chosen

    def _source(self, page: StudyPage, card_id: str) -> str:
        """A link back to the card on the site, or the note's title when the site has no URL."""
        if not self.state.site_url:
            return page.title
        url = f"{self.state.site_url.rstrip('/')}/{page.url}#{quote(card_id.split('#')[-1])}"
        return f'<a href="{url}">{page.title}</a>'

    def _package(self, slug: str, name: str, cards: list[DeckCard], times: NoteTimes) -> None:
        if not cards:
            return
        target = self.state.site_dir / DECKS_DIR / name
        size = write_package(cards, target, times)
        if size > MAX_PACKAGE_BYTES:
            target.unlink()
            megabyte = 1024 * 1024
            self.reporter.warning(
                f"Anki deck {name} would be {size / megabyte:.1f} MB, over the {MAX_PACKAGE_BYTES / megabyte:.1f} MB "
                "a deck may have; not written (its pictures and files make it so large)"
            )
            return
        self.state.decks[slug] = (f"{DECKS_DIR}/{name}", size)

    def link_decks(self) -> None:
        """Replace each page's deck marker with a link to its deck and its size (or nothing);
        `serve` calls it again after rendering pages anew (the decks stay the last build's)."""
        site_dir = self.state.site_dir
        for page in [site_dir / "index.html", *sorted((site_dir / "categories").glob("*/index.html"))]:
            if not page.is_file():
                continue
            text = page.read_text(encoding="utf-8")
            if "vaultmark:anki-deck:" not in text:
                continue
            depth = len(page.relative_to(site_dir).parts) - 1

            def link(match: re.Match[str], depth: int = depth) -> str:
                deck = self.state.decks.get(match.group("slug"))
                return anki_deck_link("../" * depth + deck[0], deck[1]) if deck else ""

            page.write_text(MARKER.sub(link, text), encoding="utf-8")
