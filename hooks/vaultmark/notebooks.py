"""Jupyter notebooks: markdown cells treated like notes, answer cells turned into cards.

mkdocs-jupyter renders markdown cells with its own markdown engine, which
knows nothing of callouts, wikilinks or arithmatex. So each markdown cell is
normalized here and rendered to HTML by the site's own Markdown (a callback
from the glue), then stored back as a single raw-HTML block that any
markdown engine passes through untouched. Code cells and outputs are left
for mkdocs-jupyter, except that very long text outputs are cut with a
visible note. The notebook is never executed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nbformat

from .cards import toc_label, unique_id
from .diagnostics import Diagnostic
from .grammar import ATX_HEADING
from .markers import DEFAULT_MARKERS
from .markup import (
    notebook_answer_card,
    notebook_download,
    notebook_markdown,
    notebook_orphan_answer,
    notebook_question_heading,
)
from .pipeline import NormalizedNote, Options, normalize_note
from .vault import VaultIndex

# First line of an answer cell: `ANSWER:`, `Answer:`, `**Answer:**`, `**Your answer:**`
# (any case), optionally after a line of `=` characters.
# The word must end with a colon or stand alone on its line, so "Answer the following..." is no marker.
ANSWER_CELL = re.compile(
    r"\A\s*(?:=+[ \t]*\n\s*)?(?:\*\*)?(?:your[ \t]+)?answer[ \t]*"
    r"(?::[ \t]*\*\*|\*\*[ \t]*:|:|\*\*[ \t]*(?=\n|\Z)|(?=\n|\Z))[ \t]*\n?",
    re.IGNORECASE,
)

# `<pre>` blocks keep their line breaks; everywhere else blank lines are dropped.
PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S)
BLANK_LINES = re.compile(r"\n[ \t]*\n+")


# Longer text outputs are cut to this many lines, with a visible note saying how many were hidden.
MAX_OUTPUT_LINES = 100
TRUNCATION_NOTE = "… {hidden} more lines not shown here; download the notebook for the full output."

Renderer = Callable[[str], str]

# A markdown cell is normalized like a note, except that its cards are the notebook's own and
# single newlines join lines, as Jupyter shows them.
NOTEBOOK_CELL_OPTIONS = Options.without("cards", "line_breaks")


@dataclass
class NotebookCard:
    """A question and its answer cell, rendered: what study mode shows of a notebook's card."""

    anchor: str
    question: str  # the question cells' HTML
    answer: str  # the answer cell's HTML, without its fold


@dataclass
class PreparedNotebook:
    """The notebook to hand to mkdocs-jupyter, or None when it cannot be read."""

    notebook: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: int = 0
    cards: list[NotebookCard] = field(default_factory=list)

    def dumps(self) -> str:
        text: str = nbformat.writes(self.notebook)
        return text


def read_notebook(text: str) -> tuple[Any, Diagnostic | None]:
    """Parse and validate an nbformat 4 notebook; a problem comes back as a diagnostic."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, Diagnostic(error.lineno, f"notebook is not valid JSON ({error.msg}); page skipped")
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        found = raw.get("nbformat") if isinstance(raw, dict) else None
        return None, Diagnostic(
            1, f"notebook format {found} is not nbformat 4; open and re-save it in Jupyter. Page skipped"
        )
    # reads() joins the line lists notebooks store on disk into strings.
    notebook = nbformat.reads(text, as_version=4)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        reason = str(error.message).splitlines()[0]
        return None, Diagnostic(1, f"notebook does not match nbformat 4 ({reason}); page skipped")
    return notebook, None


def markdown_output(cell: Any) -> tuple[Any, str] | None:
    """A code cell's first `text/markdown` output (a `display(Markdown(...))`) and its text."""
    for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
        text = output.get("data", {}).get("text/markdown")
        if text is not None:
            return output, "".join(text) if isinstance(text, list) else str(text)
    return None


def answer_markdown(cell: Any) -> str | None:
    """The markdown of an answer: a markdown cell, or a code cell's markdown output, that opens
    with an answer marker (`Answer:`, `**Your answer:**`...)."""
    if cell.cell_type == "markdown":
        text: str | None = cell.source
    else:
        found = markdown_output(cell)
        text = found[1] if found else None
    return text if text is not None and ANSWER_CELL.match(text) else None


def is_answer_cell(cell: Any) -> bool:
    return answer_markdown(cell) is not None


def is_question_cell(cell: Any) -> bool:
    """A markdown cell titled like a question: `### Question 3`, `## Вопрос`..."""
    if cell.cell_type != "markdown":
        return False
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    heading = ATX_HEADING.match(first)
    return bool(heading and DEFAULT_MARKERS.question_heading.match(heading.group("text").strip()))


def question_start(cells: list[Any], answer: int) -> int | None:
    """Index of the first question cell answered by cell `answer`, or None if there is none.

    Questions are the cells right before the answer, back to the previous
    answer; a heading-only cell (a section title) is not part of them, and a
    cell that opens with a heading is the first of them.
    """
    start = None
    for index in range(answer - 1, -1, -1):
        cell = cells[index]
        if is_answer_cell(cell):
            break
        lines = [line for line in cell.source.splitlines() if line.strip()] if cell.cell_type == "markdown" else []
        if lines and all(ATX_HEADING.match(line) for line in lines):
            break
        start = index
        if lines and ATX_HEADING.match(lines[0]):
            break
    return start


def single_html_block(html: str) -> str:
    """HTML without blank lines, so markdown engines keep it as one raw block."""
    kept: list[str] = []
    position = 0
    for pre in PRE_BLOCK.finditer(html):
        kept.append(BLANK_LINES.sub("\n", html[position : pre.start()]))
        kept.append(pre.group(0).replace("\n", "&#10;"))
        position = pre.end()
    kept.append(BLANK_LINES.sub("\n", html[position:]))
    return "".join(kept).strip()


def prepare_notebook(text: str, path: str, index: VaultIndex, render: Renderer, download: str = "") -> PreparedNotebook:
    """Normalize and render the markdown cells of notebook `path`; mark questions and answers.

    `download`, when given, is the URL of the original notebook, offered at the top.
    """
    notebook, problem = read_notebook(text)
    if problem is not None:
        return PreparedNotebook(diagnostics=[problem])
    result = PreparedNotebook(notebook=notebook)
    cells = list(notebook.cells)
    starts: dict[int, int] = {}  # first question cell -> answer cell
    for number, cell in enumerate(cells):
        if is_answer_cell(cell):
            start = question_start(cells, number)
            if start is None:
                problem = Diagnostic(0, "answer cell has no question cell before it")
                result.diagnostics.append(problem.in_cell(number + 1))
            else:
                starts[start] = number
    question_of = {row: start for start, answer in starts.items() for row in range(start, answer)}
    answered = set(question_of)
    question_for = {answer: start for start, answer in starts.items()}  # answer cell -> first question cell
    for number, cell in enumerate(cells):
        if is_question_cell(cell) and number not in answered:
            message = "question cell has no answer: add a markdown cell after it that starts with `Answer:`"
            result.diagnostics.append(Diagnostic(0, message).in_cell(number + 1))
    used_ids: set[str] = set()
    answer_ids: dict[int, str] = {}
    questions: dict[int, list[str]] = {}  # first question cell -> the question's rendered cells
    cells_out: list[Any] = []
    for number, cell in enumerate(cells):
        if number in starts:
            questions[number] = []
            result.questions += 1
            question_text = " ".join(
                cells[i].source for i in range(number, starts[number]) if cells[i].cell_type == "markdown"
            )
            anchor = unique_id(_first_words(question_text), used_ids)
            answer_ids[starts[number]] = anchor
            heading = notebook_question_heading(anchor, toc_label(_first_words(question_text)), result.questions)
            cells_out.append(_markdown_cell(heading, notebook, f"vaultmark-question-{result.questions}"))
        if cell.cell_type == "code":
            for cell_output in cell.get("outputs", []):
                _truncate_output(cell_output)
            found = markdown_output(cell)
            if found is not None:
                # Rendered here, like a markdown cell: math, callouts and links as in the notes.
                output, text = found
                answer = is_answer_cell(cell)
                output_cell = _render_cell(ANSWER_CELL.sub("", text, count=1) if answer else text, path, index, render)
                result.diagnostics += [problem.in_cell(number + 1) for problem in output_cell.diagnostics]
                rendered = output_cell.body
                if number in answer_ids:
                    result.cards.append(
                        NotebookCard(answer_ids[number], "\n".join(questions[question_for[number]]), rendered)
                    )
                    rendered = notebook_answer_card(answer_ids[number], rendered, f"{path}#{answer_ids[number]}")
                elif answer:
                    rendered = notebook_orphan_answer(rendered)
                output["data"]["text/html"] = single_html_block(notebook_markdown(rendered))
                del output["data"]["text/markdown"]
        if cell.cell_type == "markdown":
            source = ANSWER_CELL.sub("", cell.source, count=1) if is_answer_cell(cell) else cell.source
            # Jupyter joins single lines of a cell as CommonMark does: no Obsidian line breaks.
            normalized = normalize_note(source, path, index, NOTEBOOK_CELL_OPTIONS)
            result.diagnostics += [found.in_cell(number + 1) for found in normalized.diagnostics]
            html = render(normalized.body)
            if number in question_of:
                questions[question_of[number]].append(html)
            if number in answer_ids:
                result.cards.append(NotebookCard(answer_ids[number], "\n".join(questions[question_for[number]]), html))
                html = notebook_answer_card(answer_ids[number], html, f"{path}#{answer_ids[number]}")
            elif is_answer_cell(cell):
                html = notebook_orphan_answer(html)
            cell.source = single_html_block(notebook_markdown(html))
            cell.pop("attachments", None)
        cells_out.append(cell)
    if download:
        cells_out.insert(0, _markdown_cell(notebook_download(download), notebook, "vaultmark-download"))
    notebook.cells = cells_out
    return result


def _render_cell(text: str, path: str, index: VaultIndex, render: Renderer) -> NormalizedNote:
    """A cell's markdown normalized and rendered to HTML (the result's body is the HTML)."""
    normalized = normalize_note(text, path, index, NOTEBOOK_CELL_OPTIONS)
    normalized.body = render(normalized.body)
    return normalized


def _truncate(text: str) -> str:
    lines = text.splitlines()
    if len(lines) <= MAX_OUTPUT_LINES:
        return text
    hidden = len(lines) - MAX_OUTPUT_LINES
    return "\n".join(lines[:MAX_OUTPUT_LINES] + [TRUNCATION_NOTE.format(hidden=hidden)]) + "\n"


def _truncate_output(output: Any) -> None:
    """Cut very long text outputs (streams, plain-text results, tracebacks) so the page stays usable."""
    if output.get("output_type") == "stream":
        output["text"] = _truncate(output.get("text", ""))
    elif output.get("output_type") == "error":
        traceback = "\n".join(output.get("traceback", []))
        output["traceback"] = _truncate(traceback).splitlines()
    elif "text/plain" in output.get("data", {}):
        output["data"]["text/plain"] = _truncate(output["data"]["text/plain"])


def _markdown_cell(source: str, notebook: Any, cell_id: str) -> Any:
    """A new markdown cell with a fixed id (random ids would defeat mkdocs-jupyter's cache).

    Cell ids only exist from nbformat 4.5 on.
    """
    cell = nbformat.v4.new_markdown_cell(source)
    if notebook.get("nbformat_minor", 0) < 5:
        cell.pop("id", None)
    else:
        cell["id"] = cell_id
    return cell


def _first_words(markdown_text: str) -> str:
    """Plain words of a question, for its anchor and table-of-contents label."""
    text = re.sub(r"<[^>]+>|[#*_`$\\\\{}]", " ", markdown_text)
    return " ".join(text.split()[:12])
