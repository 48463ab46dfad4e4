"""Command line: `python -m vaultmark export <vault> <folder>` writes the vault as plain markdown;
`python -m vaultmark anki <vault> <deck.apkg>` writes its cards as an Anki deck."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .export import export_vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vaultmark", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="normalize every published note into plain markdown")
    export.add_argument("vault", type=Path, help="the Obsidian vault (notes folder)")
    export.add_argument("target", type=Path, help="folder to write the markdown into (created if needed)")
    anki = commands.add_parser("anki", help="write the vault's cards as an Anki deck (.apkg)", add_help=False)
    anki.add_argument("rest", nargs=argparse.REMAINDER, help="see `python -m vaultmark anki --help`")
    arguments, rest = parser.parse_known_args(argv)
    if arguments.command == "anki":
        return forward_to_site_build(arguments.rest + rest)
    arguments = parser.parse_args(argv)
    problems = export_vault(arguments.vault, arguments.target)
    for path, found in sorted(problems.items()):
        for problem in found:
            print(problem.format(f"{arguments.vault.name}/{path}", arguments.vault.name), file=sys.stderr)
    return 1 if problems else 0


def forward_to_site_build(arguments: list[str]) -> int:
    """An Anki deck shows cards as the site renders them, which takes MkDocs and its Markdown:
    the one command the core hands to the MkDocs glue, in a process of its own, so the core
    itself never imports them."""
    hooks = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [hooks, os.environ.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "vaultmark_mkdocs.anki_export", *arguments]
    return subprocess.run(command, env=os.environ | {"PYTHONPATH": path}, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
