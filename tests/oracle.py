"""A CommonMark oracle: does the site give a note the block structure Obsidian gives it?

Obsidian renders CommonMark plus its own extensions. markdown-it-py (a maintained
CommonMark parser) renders the note as Obsidian would, with Obsidian's defaults: tables,
`$$` math blocks, and single newlines as line breaks (unless the vault sets
`strictLineBreaks`). The site's side is the note normalized by the core and rendered by
Python-Markdown with the extensions of mkdocs.yml. Both HTML trees are reduced to their
block structure: lists (kind, start number, depth), list items, paragraphs, line breaks,
headings, code blocks and math blocks, read in document order. Containers that are
Obsidian syntax (callouts and their titles, cards, embeds) are looked through, not compared.

    .venv/bin/python tests/oracle.py VAULT [--strict-line-breaks]   # agreement over a vault

prints the share of blocks that agree and the notes that differ most.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mkdocs.config import load_config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "hooks") not in sys.path:
    sys.path.insert(0, str(REPO / "hooks"))

from vaultmark import Options, VaultIndex, normalize_note  # noqa: E402

# Steps whose output is site markup rather than Obsidian's rendering: cards become headings
# and folded answers, embeds pull other notes in. The oracle compares everything else.
SITE_ONLY = ("cards", "wikilinks")

# Obsidian-only syntax the oracle's parser would show as text: removed before it reads the note.
# A comment is hidden with the line it leaves empty (or, unclosed, with the rest of the note).
COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.S)
EMPTIED_LINE = re.compile(r"^[ \t>]*\x00[ \t\x00]*\n?", re.M)
CALLOUT_HEADER = re.compile(r"^(?P<quote>(?:[ ]{0,3}>[ ]?)+)\[![^\]\s]+\][-+]?.*$", re.M)
BLOCK_ID_LINE = re.compile(r"[ \t]\^[A-Za-z0-9-]+[ \t]*$", re.M)
# Quote markers, indentation and a list marker at the start of a line.
CONTAINER_PREFIX = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
# A line that starts with `$$` (after quote markers and indentation).
MATH_FENCE = re.compile(r"^(?P<prefix>[ \t>]*)\$\$")

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that are titles of Obsidian containers (callouts, folded answers), not content, and
# the footnotes at the end of a page (each engine lays them out its own way).
SKIPPED = {"admonition-title", "vm-embed-source", "footnote", "footnotes", "footnotes-sep"}


@dataclass(frozen=True)
class Block:
    kind: str  # ul, ol, li, p, br, h2, pre, math
    depth: int  # list nesting depth
    detail: str = ""  # an ordered list's start number

    def __str__(self) -> str:
        return f"{'  ' * self.depth}{self.kind}{'=' + self.detail if self.detail else ''}"


def obsidian_html(text: str, strict_line_breaks: bool = False) -> str:
    """The note as Obsidian renders it, according to markdown-it-py."""
    parser = (
        MarkdownIt("commonmark", {"breaks": not strict_line_breaks, "html": True})
        .enable("table")
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True)
    )
    text = EMPTIED_LINE.sub("", COMMENT.sub("\x00", text)).replace("\x00", "")
    text = CALLOUT_HEADER.sub(lambda match: match.group("quote").rstrip(), text)
    text = BLOCK_ID_LINE.sub("", text)
    return parser.render(_math_blocks_interrupt(text))


def _math_blocks_interrupt(text: str) -> str:
    """Obsidian's `$$` blocks, in the form the dollarmath plugin reads: a blank line before a
    block that follows text, `...given by:$$` split into the text and the opener, `$$$$`
    split into a closer and an opener."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        match = MATH_FENCE.match(line)
        stripped = line.rstrip()
        if not inside and not match and stripped.endswith("$$") and stripped.count("$$") % 2:
            container = re.sub(r"[^ \t>]", " ", CONTAINER_PREFIX.match(line).group(0))
            out += [stripped[:-2], container.rstrip(), container + "$$"]
            inside = True
            continue
        if inside and match and stripped[len(match.group("prefix")) :] == "$$$$":
            out += [match.group("prefix") + "$$", match.group("prefix").rstrip(), match.group("prefix") + "$$"]
            continue
        if match and not inside and out and out[-1].strip(" \t>"):
            out.append(match.group("prefix").rstrip())
        if match and line.count("$$") == 1:
            inside = not inside
        out.append(line)
    return "\n".join(out)


@cache
def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the site's extensions and settings, read by MkDocs from mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def site_html(text: str, path: str, index: VaultIndex, strict_line_breaks: bool = False) -> str:
    """The note as the site renders it: normalized by the core, rendered with mkdocs.yml's extensions."""
    skipped = SITE_ONLY + (("line_breaks",) if strict_line_breaks else ())
    body = normalize_note(text, path, index, Options.without(*skipped)).body
    return _site_markdown().reset().convert(body)


def blocks(html: str) -> list[Block]:
    """The block structure of rendered HTML, in document order."""
    found: list[Block] = []
    _walk(BeautifulSoup(html, "html.parser"), 0, found)
    return found


def _walk(node: Tag, depth: int, found: list[Block]) -> None:
    for child in node.children:
        if not isinstance(child, Tag):
            continue
        name, classes = child.name, set(child.get("class") or [])
        if classes & SKIPPED or name == "summary":
            continue
        if name in ("ul", "ol"):
            start = child.get("start", "1") if name == "ol" else ""
            found.append(Block(name, depth, str(start)))
            _walk(child, depth + 1, found)
        elif name == "li":
            found.append(Block("li", depth))
            _walk(child, depth, found)
        elif name == "p":
            found.append(Block("p", depth))
            found.extend(Block("br", depth) for _ in child.find_all("br"))
        elif name in HEADINGS:
            found.append(Block(name, depth))
        elif name == "pre":
            found.append(Block("pre", depth))
        elif "arithmatex" in classes and name == "div" or {"math", "block"} <= classes:
            found.append(Block("math", depth))
        elif name in ("table", "hr"):
            found.append(Block(name, depth))
        else:
            _walk(child, depth, found)


@dataclass
class Agreement:
    path: str
    agreeing: int
    total: int
    diff: list[str]

    @property
    def share(self) -> float:
        return self.agreeing / self.total if self.total else 1.0


def compare(text: str, path: str, index: VaultIndex, strict_line_breaks: bool = False) -> Agreement:
    """How many blocks of the note the site and Obsidian agree on."""
    ours = [str(block) for block in blocks(site_html(text, path, index, strict_line_breaks))]
    theirs = [str(block) for block in blocks(obsidian_html(text, strict_line_breaks))]
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    agreeing = sum(size for _, _, size in matcher.get_matching_blocks())
    diff = list(difflib.unified_diff(theirs, ours, "obsidian", "site", lineterm="", n=1))
    return Agreement(path, agreeing, max(len(theirs), len(ours)), diff)


def compare_vault(vault: Path, strict_line_breaks: bool = False) -> list[Agreement]:
    index = VaultIndex.from_directory(vault)
    return [
        compare(text, path, index, strict_line_breaks)
        for path, text in sorted(index.texts.items())
        if index.notes[path].published
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--strict-line-breaks", action="store_true")
    parser.add_argument("--show", type=int, default=5, help="how many of the most different notes to show")
    arguments = parser.parse_args(argv)
    results = compare_vault(arguments.vault, arguments.strict_line_breaks)
    agreeing, total = sum(r.agreeing for r in results), sum(r.total for r in results)
    differing = [r for r in results if r.agreeing != r.total]
    print(f"{arguments.vault}: {len(results)} notes, {agreeing}/{total} blocks agree ({agreeing / max(total, 1):.1%}),")
    print(f"{len(differing)} notes differ")
    for result in sorted(differing, key=lambda r: r.share)[: arguments.show]:
        print(f"\n{result.path}: {result.agreeing}/{result.total}")
        print("\n".join(result.diff[:30]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
