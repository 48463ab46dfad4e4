"""Command line: `python -m vaultmark export <vault> <folder>` writes the vault as plain markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import export_vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vaultmark", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="normalize every published note into plain markdown")
    export.add_argument("vault", type=Path, help="the Obsidian vault (notes folder)")
    export.add_argument("target", type=Path, help="folder to write the markdown into (created if needed)")
    arguments = parser.parse_args(argv)
    problems = export_vault(arguments.vault, arguments.target)
    for path, found in sorted(problems.items()):
        for problem in found:
            print(problem.format(f"{arguments.vault.name}/{path}", arguments.vault.name), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
