"""The normalizer: one note's Obsidian markdown in, MkDocs-ready markdown out.

Steps run in a fixed order over one list of source lines, so every
diagnostic keeps the line number the user sees in their editor. A note
that uses no Obsidian syntax comes out byte-identical.

The steps sit in an ordered, named registry (as Python-Markdown registers its
processors): each has one signature, `step(note, context) -> diagnostics`, and
`Options` switches them by name, so a new step is known everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .blocks import separate_blocks
from .callouts import normalize_callouts
from .cards import render_cards
from .comments import strip_comments
from .diagnostics import Diagnostic
from .frontmatter import normalize_tags, split_frontmatter
from .grammar import ATX_HEADING
from .linebreaks import add_line_breaks
from .lists import LEVEL, reindent_lists
from .markers import CardMarkers
from .markup import BLOCK_ANCHOR
from .math import normalize_math
from .qa import Card, find_cards, repeated_questions
from .scanner import LineInfo, scan, unclosed_fence
from .sections import extract_fragment
from .tags import collect_tags, tag_page
from .vault import VaultIndex
from .wikilinks import LinkContext, NoteLink, href, rewrite_links


@dataclass
class NormalizedNote:
    """The result for one note: metadata, markdown body, and the problems found."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: int = 0  # study cards found (and rendered) in this note
    embedded_questions: int = 0  # cards brought in by `![[Note]]` transclusions
    unpublished_links: int = 0  # links to notes that are not published, shown as text
    # Links to published notes written in the note (file lines), for backlinks and the graph.
    links: list[NoteLink] = field(default_factory=list)
    # The question line of each answer line of a card (file lines): a link in an answer is shown
    # by its question, so backlinks never give an answer away.
    answer_questions: dict[int, int] = field(default_factory=dict)


@dataclass
class NoteLines:
    """One note body as the steps see it: its lines as written, their current text
    (None once a step removed a line), and what the scanner knows of each line."""

    source: list[str]
    lines: list[str | None]
    infos: list[LineInfo]


@dataclass
class StepContext:
    """What a step may need besides the lines: the vault, where the note is, the result so far."""

    path: str  # vault path of the note
    page: str  # site path of the page the output is rendered in
    index: VaultIndex
    options: Options
    stack: tuple[str, ...]  # notes being embedded, outermost first, this one last
    result: NormalizedNote

    @property
    def meta(self) -> dict[str, Any]:
        return self.result.meta


Step = Callable[[NoteLines, StepContext], list[Diagnostic]]


class StepRegistry:
    """Named steps in priority order (highest first), like Python-Markdown's `Registry`."""

    def __init__(self) -> None:
        self._steps: dict[str, tuple[float, Step]] = {}

    def register(self, name: str, priority: float) -> Callable[[Step], Step]:
        """Decorator: add `step` under `name`; steps run from the highest priority down."""

        def add(step: Step) -> Step:
            if name in self._steps:
                raise ValueError(f"a step named {name!r} is already registered")
            self._steps[name] = (priority, step)
            return step

        return add

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self)

    def __iter__(self) -> Iterator[tuple[str, Step]]:
        ordered = sorted(self._steps.items(), key=lambda item: -item[1][0])
        return iter([(name, step) for name, (_, step) in ordered])


STEPS = StepRegistry()


@dataclass(frozen=True)
class Options:
    """Which steps run: all by default; `only(...)` and `without(...)` name them."""

    disabled: frozenset[str] = frozenset()
    # How the vault writes its questions (the cards step's markers).
    markers: CardMarkers = field(default_factory=CardMarkers)
    # Inline `#tags` link to their tag's page (`tagpages.py`); the site's own pages have none.
    tag_pages: bool = True

    def __post_init__(self) -> None:
        unknown = sorted(self.disabled - set(STEPS.names))
        if unknown:
            raise ValueError(f"unknown normalizer steps {unknown}; the steps are {list(STEPS.names)}")

    @classmethod
    def only(cls, *names: str) -> Options:
        """Options that run just the steps named (frontmatter is always read)."""
        return cls(frozenset(STEPS.names) - set(names))

    @classmethod
    def without(cls, *names: str) -> Options:
        return cls(frozenset(names))

    def enabled(self, name: str) -> bool:
        return name not in self.disabled

    @property
    def steps(self) -> Iterable[tuple[str, Step]]:
        return [(name, step) for name, step in STEPS if self.enabled(name)]


def normalize_note(
    text: str,
    path: str,
    index: VaultIndex,
    options: Options = Options(),
    page: str | None = None,
    stack: tuple[str, ...] = (),
    inherited_meta: dict[str, Any] | None = None,
    entry: str | None = None,
) -> NormalizedNote:
    """Normalize the note at vault path `path`; links are made relative to `page` (default: itself).

    `inherited_meta` is the frontmatter of the note a section was cut from
    (an embedded heading has none of its own, but `qa: list` still applies);
    `entry` is how it joins the stack of embeds (`Note.md#Section`, default: its path).
    """
    front = split_frontmatter(text)
    result = NormalizedNote(meta=dict(inherited_meta or {}) | front.meta)
    source = front.body.split("\n")
    note = NoteLines(source=source, lines=list(source), infos=scan(source))
    context = StepContext(path, page or path, index, options, stack + (entry or path,), result)
    problems: list[Diagnostic] = []
    open_fence = unclosed_fence(note.infos)
    if open_fence is not None:
        message = "code block opened here is never closed; add a closing fence (```) after the code"
        problems.append(Diagnostic(open_fence, message))
    for _, step in options.steps:
        problems += step(note, context)
    if "tags" in result.meta:
        result.meta["tags"] = normalize_tags(result.meta["tags"])
    result.body = "\n".join(line for line in note.lines if line is not None)
    result.diagnostics = front.diagnostics + [problem.shifted(front.body_offset) for problem in problems]
    offset = front.body_offset
    result.links = [replace(link, line=link.line + offset) for link in result.links]
    result.answer_questions = {line + offset: question + offset for line, question in result.answer_questions.items()}
    return result


def _rewriting(rewrite: Callable[[list[str | None], list[LineInfo]], list[str | None]]) -> Step:
    """A step that only rewrites the lines and finds no problems."""

    def step(note: NoteLines, context: StepContext) -> list[Diagnostic]:
        note.lines = rewrite(note.lines, note.infos)
        return []

    return step


STEPS.register("callouts", 60)(_rewriting(normalize_callouts))
STEPS.register("lists", 55)(_rewriting(reindent_lists))
STEPS.register("block_spacing", 50)(_rewriting(separate_blocks))
STEPS.register("line_breaks", 35)(_rewriting(add_line_breaks))


@STEPS.register("comments", 70)
def _comments(note: NoteLines, context: StepContext) -> list[Diagnostic]:
    note.lines, problems = strip_comments(note.lines, note.infos)
    return problems


@STEPS.register("math", 40)
def _math(note: NoteLines, context: StepContext) -> list[Diagnostic]:
    note.lines, problems = normalize_math(note.lines, note.infos)
    return problems


@STEPS.register("inline_tags", 30)
def _inline_tags(note: NoteLines, context: StepContext) -> list[Diagnostic]:
    def tag_url(tag: str) -> str:
        return href(context.page, tag_page(tag))

    note.lines, found = collect_tags(note.lines, note.infos, tag_url if context.options.tag_pages else None)
    if found:
        tags = normalize_tags(context.meta.get("tags"))
        context.meta["tags"] = tags + [tag for tag in found if tag not in tags]
    return []


@STEPS.register("wikilinks", 20)
def _wikilinks(note: NoteLines, context: StepContext) -> list[Diagnostic]:
    index = context.index

    def transclude(target: str, fragment: str, chain: tuple[str, ...]) -> tuple[str, list[Diagnostic]]:
        info = index.notes[target]
        section, start = extract_fragment(info, index.body(target), fragment)
        inner = normalize_note(
            section,
            target,
            index,
            context.options,
            page=context.page,
            stack=chain,
            inherited_meta=info.meta,
            entry=f"{target}#{fragment}" if fragment else target,
        )
        context.result.embedded_questions += inner.questions + inner.embedded_questions
        context.result.unpublished_links += inner.unpublished_links
        # Block anchors belong to the note itself; a copy must not repeat their ids.
        body = BLOCK_ANCHOR.sub("", inner.body)
        return body, [problem.shifted(info.body_offset + start) for problem in inner.diagnostics]

    links = LinkContext(index=index, source=context.path, page=context.page, transclude=transclude, stack=context.stack)
    note.lines, problems = rewrite_links(note.lines, note.infos, links)
    context.result.unpublished_links += len(links.unpublished)
    context.result.links += links.links
    return problems


@STEPS.register("cards", 10)
def _cards(note: NoteLines, context: StepContext) -> list[Diagnostic]:
    meta = context.meta
    tags = normalize_tags(meta["tags"]) if "tags" in meta else []
    markers = context.options.markers
    found, problems = find_cards(note.source, note.infos, meta, tags, context.path, markers)
    levels = card_heading_levels(note.source, note.infos, found)
    item_indent = LEVEL if context.options.enabled("lists") else 0
    note.lines, schedules = render_cards(note.lines, found, levels, context.path, item_indent, markers)
    context.result.questions = len(found)
    for card in found:
        if card.question:
            for line in card.answer:
                context.result.answer_questions[line + 1] = card.question[0] + 1
    return problems + schedules + repeated_questions(note.source, found)


def card_heading_levels(lines: list[str], infos: list[LineInfo], cards: list[Card]) -> dict[int, int]:
    """Each card's heading sits one level below the heading it follows (h2 at the top); a card
    written as a `# Question` section keeps its own heading's level (h2 at the top)."""
    levels: dict[int, int] = {}
    current = 1
    starts = {card.line: card for card in cards}
    answers = {card.answer[0] for card in cards if card.kind == "heading" and card.answer}
    for number, (line, info) in enumerate(zip(lines, infos, strict=True), start=1):
        if number in starts and starts[number].kind == "heading":
            own = ATX_HEADING.match(line)
            levels[number] = max(2, len(own.group("hashes"))) if own else 2
            continue
        if number - 1 in answers:
            continue  # a card's `## Answer` heading is part of the card, not of the page's outline
        if number in starts:
            levels[number] = min(6, current + 1)
        heading = None if info.verbatim else ATX_HEADING.match(line)
        if heading:
            current = len(heading.group("hashes"))
    return levels
