"""Wikilinks, embeds and block ids, rewritten into the Markdown MkDocs understands.

`[[Note#Heading|alias]]` becomes a relative `.md` link with the anchor the
target page really has, so MkDocs itself checks every link at build time.
`![[...]]` embeds an image (`|300` sets its width), transcludes a note or
one of its sections, or links any other file for download.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from .diagnostics import Diagnostic
from .grammar import BLOCK_ID, STANDALONE_BLOCK_ID, block_above, container, continuation, link_text
from .markup import block_anchor, block_anchor_before, download_attributes, embed_block, missing_link, unpublished_link
from .scanner import LineInfo, map_prose
from .vault import DRAWING_EXPORTS, IMAGE_SUFFIXES, VaultIndex, find_heading, stem

# `[[target#fragment|label]]`, optionally `!`-prefixed; no brackets or newlines inside.
# Inside a table the `|` before the label is written `\|`, so a backslash may precede it.
WIKILINK = re.compile(
    r"(?P<embed>!?)\[\[(?P<target>[^\[\]|#\n]*?)(?:#(?P<fragment>[^\[\]|\n]*?))?(?:\\?\|(?P<label>[^\[\]\n]*))?\]\]"
)

# A Markdown link (not an image) to a note: `[text](Some%20note.md#part "title")`.
MARKDOWN_NOTE_LINK = re.compile(
    r"""(?x)
    (?<!!)\[(?P<text>[^\[\]\n]*)\]   # the link text (no image: no `!` before it)
    \((?P<url>[^()\s]+\.md(?:\#[^()\s]*)?)   # a relative URL of a .md file, maybe with #fragment
    (?:[ \t]+"[^"\n]*")?\)             # an optional title
    """
)

# A Markdown image: `![alt](url "title")`; Obsidian reads a size at the end of the alt text
# (`![chart|300](chart.png)`, `![|100x145](x.png)`) and finds a bare file name anywhere in the vault.
MARKDOWN_IMAGE = re.compile(
    r"""(?x)
    !\[(?P<alt>[^\[\]\n]*)\]           # the alt text, maybe ending in |300 or |300x200
    \((?P<url>[^()\s]+)                  # the URL
    (?P<title>[ \t]+"[^"\n]*")?\)        # an optional title
    (?!\{)                               # not already given attributes
    """
)
ALT_SIZE = re.compile(r"\|[ \t]*(?P<width>\d+)(?:[ \t]*x[ \t]*(?P<height>\d+))?[ \t]*$")

# Image size in an embed label: `300` or `300x200`.
IMAGE_SIZE = re.compile(r"^\s*(?P<width>\d+)(?:\s*x\s*(?P<height>\d+))?\s*$")

# Transcluded content is produced by the pipeline: (vault path, fragment, stack) -> (markdown, problems
# found in the embedded note, with its own line numbers).
Transcluder = Callable[[str, str, tuple[str, ...]], tuple[str, list[Diagnostic]]]


@dataclass(frozen=True)
class NoteLink:
    """A link written in a note to a published note: what backlinks and the graph are made of."""

    line: int  # 1-based line of the note's body where it is written
    target: str  # vault path of the note linked (or embedded)
    written: str  # as written, e.g. `[[Note#Part|label]]` or `[text](Note.md)`


@dataclass
class LinkContext:
    """Everything needed to rewrite links of one page."""

    index: VaultIndex
    source: str  # vault path of the note whose text this is (resolution starts here)
    page: str  # site path of the page the output is rendered in (links are relative to it)
    transclude: Transcluder
    stack: tuple[str, ...] = ()
    # Links to notes that are not published, as written: shown as text, counted for the build summary.
    unpublished: list[str] = field(default_factory=list)
    # Links to published notes written in this note itself (not in what it embeds).
    links: list[NoteLink] = field(default_factory=list)

    def record(self, line: int, target: str, written: str) -> None:
        if len(self.stack) <= 1 and target.lower().endswith((".md", ".ipynb")):
            self.links.append(NoteLink(line, target, written))


def href(page: str, target: str, anchor: str = "") -> str:
    """A URL from `page` to `target`, both site paths, percent-encoded for Markdown."""
    relative = posixpath.relpath(target, posixpath.dirname(page) or ".")
    url = quote(relative)
    return f"{url}#{anchor}" if anchor else url


class _Rewriter:
    """Rewrites the wikilinks of one line and collects the problems found."""

    def __init__(self, context: LinkContext, diagnostics: list[Diagnostic]) -> None:
        self.context = context
        self.diagnostics = diagnostics

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, message))

    def anchor_for(self, path: str, fragment: str, written: str, line: int) -> str | None:
        """The page anchor for `#Heading` or `#^block` in note `path`; None (and a warning) if absent."""
        outcome = "nothing is embedded" if written.startswith("!") else "the link opens the note at its top"
        info = self.context.index.notes.get(path)
        if not fragment or info is None or path.endswith(".ipynb"):
            return ""
        if fragment.startswith("^"):
            block = fragment[1:]
            if block in info.block_ids:
                return "^" + block
            self.warn(
                line,
                f"{written}: no block `^{block}` in {path}; {outcome}. Add ` ^{block}` after the paragraph",
            )
            return None
        heading = find_heading(info.headings, fragment)  # `#A#B` is heading B inside A
        if heading is not None:
            return heading.anchor
        self.warn(
            line,
            f"{written}: no heading `{fragment}` in {path}; {outcome}. Check the heading's spelling",
        )
        return None

    def __call__(self, match: re.Match[str], line: int, unmask: Callable[[str], str]) -> str:
        """The link's replacement; `unmask` shows its parts as written (code spans and all)."""
        written = unmask(match.group(0))
        target = unmask(match.group("target")).strip()
        fragment = unmask(match.group("fragment") or "").strip()
        label = None if match.group("label") is None else unmask(match.group("label"))
        context = self.context
        if not target:
            path = context.source  # `[[#Heading]]` links inside the same note
        else:
            resolution = context.index.resolve(target, context.source)
            if resolution.path is None:
                self.warn(
                    line, f"{written} does not match any note or file in the vault; fix the name or create the note"
                )
                return missing_link(label or target + (f" › {fragment}" if fragment else ""))
            path = resolution.path
            name = target.lower()
            if resolution.ambiguous and name not in context.index.reported_ambiguous:
                context.index.reported_ambiguous.add(name)  # once per name, not once per link
                options = ", ".join(resolution.candidates)
                self.warn(
                    line, f"{written} matches several files ({options}); using {path}, write the folder to choose"
                )
        info = context.index.notes.get(path)
        if info is not None and info.drawing:  # an Excalidraw drawing is no page: it shows where embedded
            return (
                self.drawing(path, label, written, line) if match.group("embed") else unpublished_link(label or target)
            )
        if info is not None and not info.published:
            context.unpublished.append(written)
            return unpublished_link(label or target)
        context.record(line, path, written)
        if match.group("embed"):
            return self.embed(path, fragment, label, written, line)
        # A heading or block that is not there: Obsidian still opens the note, at its top.
        anchor = self.anchor_for(path, fragment, written, line) or ""
        if label is None:
            # Obsidian shows the link as written: the target (or alias) and the fragment.
            shown = " › ".join(part.strip() for part in fragment.split("#") if part.strip())
            label = shown if not target else target + (f" › {shown}" if shown else "")
        return f"[{link_text(label.strip())}]({href(context.page, path, anchor)})"

    def drawing(self, path: str, label: str | None, written: str, line: int) -> str:
        """An Excalidraw drawing: its exported SVG or PNG, or a note saying it was not exported."""
        base = path[: -len(".md")]
        for suffix in DRAWING_EXPORTS:
            export = self.context.index.resolve(posixpath.basename(base) + suffix, path).path
            if export is not None and export.lower() == (base + suffix).lower():
                size = IMAGE_SIZE.match(label or "")
                alt = stem(base).rsplit(".", 1)[0] if label is None or size else label
                return f"![{link_text(alt)}]({href(self.context.page, export)}){_size_attributes(size)}"
        message = f"{written}: the drawing {path} has no SVG or PNG export; turn on Excalidraw's auto-export to show it"
        self.diagnostics.append(Diagnostic(line, message, severity="info"))
        return missing_link(f"{stem(base).rsplit('.', 1)[0]} (Excalidraw drawing)")

    def embed(self, path: str, fragment: str, label: str | None, written: str, line: int) -> str:
        """Image, transcluded note or section, or a download link."""
        context = self.context
        name = posixpath.basename(path)
        if path.lower().endswith(IMAGE_SUFFIXES):
            size = IMAGE_SIZE.match(label or "")
            alt = stem(name).rsplit(".", 1)[0] if label is None or size else label
            return f"![{link_text(alt)}]({href(context.page, path)}){_size_attributes(size)}"
        if path.lower().endswith(".md"):
            # A note may embed its own sections; a cycle is a note or section already being embedded.
            key = f"{path}#{fragment}" if fragment else path
            if key in context.stack:
                chain = " → ".join(context.stack + (key,))
                self.warn(line, f"{written} embeds itself ({chain}); remove one embed to break the cycle")
                return missing_link(label or written[3:-2])
            anchor = self.anchor_for(path, fragment, written, line)
            if anchor is None:
                return missing_link(label or written[3:-2])
            content, problems = context.transclude(path, fragment, context.stack)
            self.diagnostics += [problem.embedded(line, path, written) for problem in problems]
            shown = " › ".join(part.strip() for part in fragment.split("#") if part.strip())
            title = stem(path) + (f" › {shown}" if shown else "")
            source_link = f"[{link_text(title)}]({href(context.page, path, anchor)})"
            return embed_block(source_link, content)
        text = label or name
        return f"[{link_text(text)}]({href(context.page, path)}){download_attributes(name)}"


def _indent_block(replacement: str, line: str, match_start: int) -> str:
    """Repeat the line's container prefix on every line of a multi-line replacement."""
    if "\n" not in replacement:
        return replacement
    prefix = continuation(container(line))
    rows = replacement.split("\n")
    lead = "" if not line[:match_start].strip(" \t>") else "\n" + prefix.rstrip()
    return lead + "\n" + "\n".join((prefix + row) if row else prefix.rstrip() for row in rows) + "\n" + prefix.rstrip()


def _size_attributes(size: re.Match[str] | None) -> str:
    """attr_list attributes for `300` or `300x200`."""
    if size is None:
        return ""
    attributes = f'{{ width="{size.group("width")}"'
    if size.group("height"):
        attributes += f' height="{size.group("height")}"'
    return attributes + " }"


def _markdown_image(match: re.Match[str], context: LinkContext) -> str:
    """A Markdown image with Obsidian's extras: its size in the alt text, found by file name."""
    alt, url, title = match.group("alt"), match.group("url"), match.group("title") or ""
    sized = ALT_SIZE.search(alt)
    if "://" in url or url.startswith(("/", "#", "data:")):
        return match.group(0)
    target = unquote(url).split("#", 1)[0]  # `x.png#interface`: Obsidian's styling hint, not a file
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(context.source), target))
    path = relative if relative in context.index.attachments else context.index.resolve(target, context.source).path
    if path is None or (path == relative and not sized and context.page == context.source and "#" not in url):
        return match.group(0)  # as written: MkDocs resolves it (or reports that it is missing)
    if sized:
        alt = alt[: sized.start()]
    return f"![{alt}]({href(context.page, path)}{title}){_size_attributes(sized)}"


def _markdown_note_link(match: re.Match[str], line: int, context: LinkContext) -> str:
    """`[text](Note.md)`: recorded when the note is published; one that is not becomes its text, like a wikilink."""
    url = unquote(match.group("url"))
    if "://" in url or url.startswith(("#", "/")):
        return match.group(0)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(context.source), url.split("#", 1)[0]))
    info = context.index.notes.get(target)
    if info is not None and info.published:
        context.record(line, target, match.group(0))
    if info is None or info.published:
        return match.group(0)
    context.unpublished.append(match.group(0))
    return unpublished_link(match.group("text"))


def rewrite_links(
    lines: list[str | None], infos: list[LineInfo], context: LinkContext
) -> tuple[list[str | None], list[Diagnostic]]:
    """Rewrite wikilinks and embeds outside code, and turn ` ^id` into a real anchor."""
    diagnostics: list[Diagnostic] = []
    rewriter = _Rewriter(context, diagnostics)

    def rewrite(text: str, line: int, unmask: Callable[[str], str]) -> str:
        def replace(match: re.Match[str]) -> str:
            replacement = rewriter(match, line, unmask)
            return _indent_block(replacement, text, match.start())

        # Block ids first: one glued to an embed (`![[x.png]]^id`) is found by the `]]` before it.
        if "^" in text and not STANDALONE_BLOCK_ID.match(text):
            text = BLOCK_ID.sub(lambda m: block_anchor(m.group("id")), text)
        # Markdown links as written, before wikilinks add their own.
        if "](" in text:
            text = MARKDOWN_NOTE_LINK.sub(lambda match: _markdown_note_link(match, line, context), text)
        if "[[" in text:
            text = WIKILINK.sub(replace, text)
        if "](" in text:
            text = MARKDOWN_IMAGE.sub(lambda match: _markdown_image(match, context), text)
        return text

    # Every wikilink holds `[[` and every block id `^`; lines with neither are left alone.
    rewritten = map_prose(lines, infos, rewrite, triggers=("[[", "^", "]("))
    return _anchor_standalone_ids(rewritten, infos), diagnostics


def _anchor_standalone_ids(lines: list[str | None], infos: list[LineInfo]) -> list[str | None]:
    """A `^id` on a line of its own becomes an anchor just above the block it names."""
    result = list(lines)
    texts = [line if line is not None else "" for line in lines]
    for index, line in enumerate(lines):
        match = None if line is None or infos[index].verbatim else STANDALONE_BLOCK_ID.match(line)
        if not match:
            continue
        start = block_above(texts, index)
        if start is None:
            continue
        result[start] = block_anchor_before(match.group("id")) + (result[start] or "")
        result[index] = None
    return result
