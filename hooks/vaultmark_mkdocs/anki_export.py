"""`python -m vaultmark anki NOTES OUT.apkg`: one Anki deck of a vault, without a site to keep.

A deck shows each card as the site renders it, so this builds the site (MkDocs, this
project's mkdocs.yml) into a temporary folder with the decks narrowed to the chosen
category or tag, and keeps the deck alone. The core's command line forwards here.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from .anki import DECKS_DIR, deck_file_stem

PROJECT_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def export_deck(notes: Path, target: Path, category: str | None, tag: str | None, config_file: Path) -> int:
    """Write the deck to `target`; 0, or 1 when there was nothing to write or the build warned."""
    os.environ["NOTES_DIR"] = str(notes.resolve())
    os.environ.setdefault("HELP_PAGE", "false")
    warnings = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(warnings)
    with tempfile.TemporaryDirectory() as folder:
        config = load_config(str(config_file), site_dir=folder)
        config["extra"]["anki"] = {"category": category, "tag": tag} if category or tag else True
        build(config)
        deck = Path(folder) / DECKS_DIR / f"{deck_file_stem(config['site_name'])}.apkg"
        if not deck.is_file():
            print(f"vaultmark anki: no deck written for {notes}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(deck, target)
    print(f"vaultmark anki: {target} ({max(1, round(target.stat().st_size / 1024))} KB)")
    return 1 if warnings.count else 0


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vaultmark anki", description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path, help="the Obsidian vault (notes folder)")
    parser.add_argument("target", type=Path, help="the .apkg file to write")
    parser.add_argument("--category", help="only the cards of this category (a top folder of the vault)")
    parser.add_argument("--tag", help="only the cards of notes with this tag (`ml` includes `ml/vision`)")
    parser.add_argument("--config", type=Path, default=PROJECT_CONFIG, help="the site's mkdocs.yml")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    return export_deck(arguments.vault, arguments.target, arguments.category, arguments.tag, arguments.config)


if __name__ == "__main__":
    sys.exit(main())
