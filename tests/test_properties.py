"""Properties of the normalizer, checked by Hypothesis on generated notes.

* `normalize_note` never raises, whatever the text (Obsidian syntax fragments included);
* every `Q:` question reaches the output, and every question becomes exactly one card;
* a note without any special syntax comes out byte-identical, with every option on.

Derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultmark import Options, VaultIndex, markup, normalize_note

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,  # nothing written to .hypothesis/: the examples are fixed anyway
    suppress_health_check=[HealthCheck.too_slow],
)

PATH = "Folder/Fuzz.md"
CARD = f'<div class="{markup.CARD}"'

OTHER_NOTE = (
    "---\naliases: [Elsewhere]\n---\n# Other\n\n## Heading\n\nA paragraph ^block-1\n\n"
    "Q: Embedded question?\nA: Embedded answer.\n"
)


def vault_with(text: str) -> VaultIndex:
    """A small vault holding the note under test (so it can embed itself) and one other note."""
    index = VaultIndex()
    index.add("Other.md", OTHER_NOTE)
    index.add("Folder/Image.png", None)
    index.add(PATH, text)
    return index


# --------------------------------------------------------------------------- 1. never raises

# Fragments of every syntax the normalizer rewrites, glued together with arbitrary text.
FRAGMENTS = (
    "$",
    "$$",
    "\\$",
    "$x$",
    "$ x $",
    "%%",
    "[[",
    "]]",
    "![[",
    "|",
    "\\|",
    "#",
    "#tag",
    "#1",
    "^",
    " ^id",
    "[[Other]]",
    "[[Other#Heading]]",
    "[[Other#^block-1]]",
    "![[Other]]",
    "![[Other#Heading]]",
    "![[Fuzz]]",
    "![[Image.png|300]]",
    "[[Missing#Nope|label]]",
    "[[#Heading]]",
    "[[Elsewhere]]",
    ">",
    "> ",
    "> [!note]",
    "> [!tip]- Title",
    ">\t",
    "```",
    "```python",
    "~~~",
    "`",
    "``",
    "Q:",
    "Q: ",
    "\nQ: question?",
    "\nA: answer",
    "A:",
    "\nQ:\n",
    "\nA:\n",
    "\t",
    "\n",
    "\n\n",
    " ",
    "    ",
    "- ",
    "* ",
    "1. ",
    "1) ",
    "# ",
    "## Heading",
    "---",
    "---\n",
    "::",
    ":::",
    "?",
    "??",
    "<!--SR:!2024-01-01,1,230-->",
    "<",
    ">",
    "&",
    "\x00",
    "\r",
    "\r\n",
)
FRONTMATTERS = (
    "",
    "---\ntitle: T\n---\n",
    "---\ntags: [flashcards]\n---\n",
    "---\nqa: list\n---\n",
    "---\nbad: [\n---\n",
    "---\n- a list\n---\n",
    "---\nunclosed: yes\n",
)

ARBITRARY_NOTE = st.tuples(
    st.sampled_from(FRONTMATTERS),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
).map("".join)


@SETTINGS
@given(text=st.one_of(st.text(), ARBITRARY_NOTE))
def test_normalize_note_never_raises(text: str) -> None:
    result = normalize_note(text, PATH, vault_with(text))
    assert isinstance(result.body, str)
    for problem in result.diagnostics:
        assert problem.line >= 1, f"diagnostic without a usable line: {problem}"


# --------------------------------------------------------------------------- 2. questions survive

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
# Question text from a safe alphabet: words, single spaces, an optional final `?`.
QUESTION = st.tuples(st.lists(WORD, min_size=1, max_size=6), st.booleans()).map(
    lambda parts: " ".join(parts[0]) + ("?" if parts[1] else "")
)
FILLER = st.lists(st.sampled_from(["", "Some text.", "More text here", "- an item", "## A heading"]), max_size=3)


@st.composite
def qa_note(draw) -> tuple[str, list[str]]:
    questions = draw(st.lists(QUESTION, min_size=1, max_size=8, unique_by=lambda q: q.lower()))
    lines: list[str] = draw(FILLER)
    for question in questions:
        lines.append(f"Q: {question}")
        lines.append(f"A: {draw(WORD)} answer")
        lines += draw(FILLER)
    return "\n".join(lines) + "\n", questions


@SETTINGS
@given(note=qa_note())
def test_every_question_survives(note: tuple[str, list[str]]) -> None:
    text, questions = note
    result = normalize_note(text, PATH, vault_with(text))
    for question in questions:
        assert question in result.body, f"question {question!r} is missing from the output:\n{result.body}"
    assert result.questions == len(questions)
    assert result.body.count(CARD) == len(questions), result.body


# --------------------------------------------------------------------------- 3. plain text is untouched

SPECIAL = set("$%[]#>`^!:?<*_=~|\\")
PLAIN_CHARACTERS = st.characters(
    blacklist_characters="".join(SPECIAL) + "\n\r",
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
)
PLAIN_LINE = (
    st.tuples(
        st.sampled_from(["", " ", "  ", "\t"]),
        st.text(PLAIN_CHARACTERS | st.sampled_from(" \t"), max_size=30),
    )
    .map("".join)
    .filter(lambda line: not _starts_like_a_list(line))
)


def _starts_like_a_list(line: str) -> bool:
    """`-`, `+` (bullets, `---`) or a number followed by `.`/`)` at the start of the line."""
    stripped = line.lstrip(" \t")
    return stripped.startswith(("-", "+")) or bool(re.match(r"\d+[.)]", stripped))


PLAIN_NOTE = st.lists(PLAIN_LINE, max_size=20).map("\n".join)


@SETTINGS
@given(text=PLAIN_NOTE)
def test_plain_note_is_byte_identical(text: str) -> None:
    # Every step but Obsidian's single line breaks, which plain CommonMark lines also have.
    options = Options.without("line_breaks")
    result = normalize_note(text, PATH, vault_with(text), options)
    assert result.body == text
    assert result.diagnostics == []
    assert result.questions == 0
    assert result.meta == {}


@SETTINGS
@given(text=PLAIN_NOTE)
def test_line_breaks_only_add_trailing_spaces(text: str) -> None:
    """With every step, a plain note changes at most by the hard breaks at ends of lines."""
    result = normalize_note(text, PATH, vault_with(text))
    lines, source = result.body.split("\n"), text.split("\n")
    assert len(lines) == len(source)
    for line, original in zip(lines, source, strict=True):
        assert line == original or line == original.rstrip(" \t") + "  ", (original, line)
