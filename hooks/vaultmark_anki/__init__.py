"""vaultmark_anki: the site's cards as Anki decks (`.apkg`, written with genanki).

It reads what the site rendered (each card's question and answer HTML, the page it is on)
and writes packages; it never imports MkDocs, Python-Markdown or the glue, which hands it
the cards after a build.
"""

from __future__ import annotations

from .fields import MediaProblem, anki_html
from .package import MAX_PACKAGE_BYTES, MODEL_ID, DeckCard, NoteTimes, write_package

__all__ = ["MAX_PACKAGE_BYTES", "MODEL_ID", "DeckCard", "MediaProblem", "NoteTimes", "anki_html", "write_package"]
