"""Anki packages with genanki: one note type for every deck the project ever writes.

A note's GUID comes from its card's stable id (`<note path>#<anchor>`), never from its
text: importing a new export updates the notes already in Anki (and keeps their reviews)
instead of adding copies. Anki updates a note when the incoming one is newer, and rewrites
it even when nothing changed, so each note carries the time its content last changed
(`NoteTimes`, kept between builds): an edited note is newer than the one in Anki, an
unchanged one is not, and Anki leaves it alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

# Fixed forever: every deck exported by any version shares this note type and its fields.
MODEL_ID = 1_734_905_117
MODEL_NAME = "vaultmark card"
FIELDS = ["Question", "Answer", "Source", "Card id"]
# Larger packages are not written (the build warns): AnkiWeb syncs no media file over 100 MB,
# and a deck that large is a vault of videos rather than of notes.
MAX_PACKAGE_BYTES = 100 * 1024 * 1024

CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
  color: #1e1e1e; background: #fff; max-width: 46em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e1e; }
img { max-width: 100%; }
pre { white-space: pre-wrap; }
.admonition, details { border-left: 4px solid #448aff; padding: 0.2em 0.8em; margin: 0.8em 0; }
.admonition-title, summary { font-weight: bold; }
.vm-source { font-size: 0.75em; margin-top: 1.5em; opacity: 0.75; }
"""
MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Question → Answer",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<div class="vm-source">{{Source}}</div>',
        }
    ],
    css=CARD_CSS,
)


@dataclass
class DeckCard:
    """One note of a deck: fields ready for Anki, the deck it goes in, its tags and media files."""

    id: str
    deck: str  # `Site::Category::Note`
    question: str
    answer: str
    source: str  # a link back to the card on the site, or the note's title
    tags: list[str] = field(default_factory=list)
    media: dict[str, Path] = field(default_factory=dict)  # name the fields use -> the file


class _TimedNote(genanki.Note):  # type: ignore[misc]  # genanki has no type information
    """A note written with its own modification time instead of the package's."""

    def __init__(self, mod: int, **fields: object) -> None:
        super().__init__(**fields)
        self.mod = mod

    def write_to_db(self, cursor: object, timestamp: float, deck_id: int, id_gen: object) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class _Package(genanki.Package):  # type: ignore[misc]
    """genanki's package, with the collection's deck table written once.

    genanki's `Deck.write_to_db` reads and rewrites the whole deck and note type tables
    for each deck: quadratic in decks. With a deck per note that was 12 s of a 3,000-note
    build. This writes the same rows, the tables once.
    """

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        decks, models = json.loads(decks_json), json.loads(models_json)
        for deck in self.decks:
            decks[str(deck.deck_id)] = deck.to_json()
        if self.decks:  # genanki's rows name the last deck as the note type's own
            models[str(MODEL.model_id)] = MODEL.to_json(timestamp, self.decks[-1].deck_id)
        cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models)))
        for deck in self.decks:
            for note in deck.notes:
                note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


class NoteTimes:
    """When each card's note last changed, by card id, in a JSON file kept between builds.

    Without the file (a fresh clone) every note gets the time of this export, so Anki
    rewrites them all once, with the same content.
    """

    def __init__(self, path: Path | None, now: float | None = None) -> None:
        """`path` None: a one-off export, every note of the time of this export."""
        self.path = path
        try:
            self.known: dict[str, list[object]] = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            self.known = {}
        latest = max((int(str(entry[1])) for entry in self.known.values()), default=0)
        # Strictly after every earlier export, even within the same second: Anki compares whole seconds.
        self.now = max(int(time.time() if now is None else now), latest + 1)

    def of(self, card: DeckCard) -> int:
        content = json.dumps(
            [card.deck, card.question, card.answer, card.source, sorted(card.tags), sorted(card.media)]
        )
        digest = hashlib.sha256(content.encode()).hexdigest()
        entry = self.known.get(card.id)
        if entry is None or entry[0] != digest:
            entry = self.known[card.id] = [digest, self.now]
        return int(str(entry[1]))

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")


def deck_id(name: str) -> int:
    """A deck's id from its name: the same deck in every export."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big")


def anki_tag(tag: str) -> str:
    """A tag as Anki writes it: no spaces, nested tags (`ml/vision`) as `ml::vision`."""
    return tag.strip().replace(" ", "_").replace("/", "::")


def write_package(cards: Iterable[DeckCard], target: Path, times: NoteTimes) -> int:
    """Write the cards as one `.apkg` (decks made as needed); returns its size in bytes."""
    decks: dict[str, genanki.Deck] = {}
    media: dict[str, Path] = {}
    for card in cards:
        deck = decks.get(card.deck)
        if deck is None:
            deck = decks[card.deck] = genanki.Deck(deck_id(card.deck), card.deck)
        note = _TimedNote(
            times.of(card),
            model=MODEL,
            fields=[card.question, card.answer, card.source, card.id],
            tags=[anki_tag(tag) for tag in card.tags if tag.strip()],
            guid=genanki.guid_for(card.id),
        )
        deck.add_note(note)
        media.update(card.media)
    package = _Package(list(decks.values()))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        # genanki names media by their file names: copies under the names the fields use.
        staged = []
        for name, path in sorted(media.items()):
            copy = Path(folder) / name
            shutil.copyfile(path, copy)
            staged.append(str(copy))
        package.media_files = staged
        package.write_to_file(str(target), timestamp=times.now)
    return target.stat().st_size
