"""A deterministic vault of bad inputs (and a small good companion set), generated at test time.

Never committed: it holds a 5 MB note, a binary file named `.md` and symlinks that
point outside the vault. `make_bad_vault(root)` writes it into `root` (the vault
folder itself; files that must live *outside* the vault go next to it, into
`<root>-outside/`) and returns one `Case` per bad input: the note it is about, and
the warning (substring and line) the build is expected to log for it.

`make_good_vault(root)` writes only the good companion notes (they are part of the
bad vault too), so a test can build GOOD alone and GOOD+BAD and compare the pages.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Written only outside the vault: it must never reach the built site.
SECRET = "VM-SECRET-c0ffee-41d9e7"

# The payload of the injection note: if it ever becomes markup, `window.__injected` is set.
PAYLOAD = "<img src=x onerror=window.__injected=1>"
SCRIPT_CLOSE = "</script>"
# An attribute break-out that would open a dialog if it ever became markup.
ALERT_PAYLOAD = '"><svg onload=alert(1)>'

# Text that could not be parsed but must still be visible on its page.
MALFORMED_BODY = "Malformed frontmatter body stays visible"
UNCLOSED_FM_KEY = "Unclosedfmkey"
UNCLOSED_FM_BODY = "Unclosed frontmatter body stays visible"
LIST_FM_BODY = "List frontmatter body stays visible"
LATIN1_TEXT = "Café"
UNCLOSED_FENCE_TEXT = "unclosed_fence_content = 42"
UNCLOSED_MATH_TEXT = "unclosedmathtext"

HUGE_BYTES = 5 * 1024 * 1024
NESTING = 200

GOOD_FOLDER = "Good"
INJECTION_NOTE = "Injection/Injection.md"
LINKED_FOLDER = "Linked"


@dataclass(frozen=True)
class Case:
    """One bad input: the vault path it is about, and the warning expected for it.

    `warning` is a substring of the message; `line` the 1-based line the warning names.
    Both are None for inputs the site must accept silently (a BOM, CRLF, an empty note...):
    those must build, strict too, without any warning.
    `path_pattern`, when set, is a regex for the reported path (a folder may be reported
    by its own path or by the path of a file in it).
    """

    path: str
    warning: str | None = None
    line: int | None = None
    files: tuple[str, ...] = field(default=(), compare=False)  # every vault path the case writes
    path_pattern: str | None = None

    @property
    def warns(self) -> bool:
        return self.warning is not None


def outside_dir(root: Path) -> Path:
    """Where the files outside the vault live: a sibling of the vault folder."""
    return root.parent / f"{root.name}-outside"


# --------------------------------------------------------------------------- writers


def _write(root: Path, relative: str, content: str | bytes) -> str:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return relative


GOOD_NOTES: dict[str, str] = {
    f"{GOOD_FOLDER}/Good one.md": (
        "---\n"
        "tags: [good, companion]\n"
        "---\n"
        "# Good one\n"
        "\n"
        "A plain paragraph with a [[Good two]] link, inline math $a^2 + b^2 = c^2$ and a #goodtag.\n"
        "\n"
        "## Section\n"
        "\n"
        "Text of the section, embedded elsewhere.\n"
        "\n"
        "> [!tip] A tip\n"
        "> Callout body.\n"
        "\n"
        "```python\n"
        "print('code')\n"
        "```\n"
        "\n"
        "## Questions\n"
        "\n"
        "Q: What is a good question?\n"
        "A: One with an answer.\n"
        "\n"
        "Q: What is the second good question?\n"
        "A: The one after the first.\n"
    ),
    f"{GOOD_FOLDER}/Good two.md": (
        "---\n"
        "title: Good two, titled\n"
        "aliases: [Second good]\n"
        "---\n"
        "# Good two\n"
        "\n"
        "Links to [[Good one#Section]] and [[Good three|the third]].\n"
        "\n"
        "![[Good one#Section]]\n"
        "\n"
        "$$\n"
        "\\sum_i x_i\n"
        "$$\n"
        "\n"
        "Q: Does Good two have a card?\n"
        "A: Yes, exactly one.\n"
    ),
    f"{GOOD_FOLDER}/Good three.md": ("# Good three\n\nOnly plain text, a list:\n\n- one\n- two\n\nNothing else.\n"),
}


def make_good_vault(root: Path) -> list[str]:
    """Write the good companion notes into `root`; returns their vault paths."""
    root.mkdir(parents=True, exist_ok=True)
    return [_write(root, path, text) for path, text in GOOD_NOTES.items()]


@functools.cache
def _huge_note() -> str:
    """About 5 MB of distinct question/answer pairs, deterministic."""
    parts = ["# Huge note\n\nMany distinct questions, one after the other.\n"]
    size = len(parts[0])
    number = 0
    filler = "This answer is deliberately long so the note reaches its size with fewer cards. " * 9
    while size < HUGE_BYTES:
        number += 1
        pair = f"\nQ: What is the answer to huge question number {number}?\nA: Answer {number}. {filler}\n"
        parts.append(pair)
        size += len(pair.encode("utf-8"))
    return "".join(parts)


def _nested_list() -> str:
    lines = ["# Deep list", ""]
    lines += [" " * (4 * depth) + f"- level {depth + 1}" for depth in range(NESTING)]
    lines += ["", "After the deep list.", ""]
    return "\n".join(lines)


def _nested_callouts() -> str:
    lines = ["# Deep callouts", ""]
    for depth in range(1, NESTING + 1):
        lines.append("> " * depth + f"[!note] Level {depth}")
        lines.append("> " * depth + f"Body of level {depth}.")
    lines += ["", "After the deep callouts.", ""]
    return "\n".join(lines)


def _injection_note() -> str:
    # YAML single quotes keep `"` and `<` as they are; `''` is an escaped single quote.
    return (
        "---\n"
        f"title: '{SCRIPT_CLOSE}\"{PAYLOAD} title'\n"
        "tags:\n"
        f"  - '{SCRIPT_CLOSE}{PAYLOAD}'\n"
        "  - 'quote\"tag'\n"
        f"  - '{ALERT_PAYLOAD}'\n"
        "aliases:\n"
        f"  - '{PAYLOAD}'\n"
        f"  - '{SCRIPT_CLOSE}\"alias'\n"
        "---\n"
        "# Injection\n"
        "\n"
        f"Linked by its alias: [[{PAYLOAD}]].\n"
        "\n"
        f"Q: Is {PAYLOAD} shown as text?\n"
        "A: It has to be.\n"
        "\n"
        f'Q: Does {SCRIPT_CLOSE} end a script, or "quotes" an attribute?\n'
        "A: Neither.\n"
        "\n"
        f"Q: Can {ALERT_PAYLOAD} break out of an attribute?\n"
        "A: No.\n"
    )


# Each writer writes its files and returns {case name: Case}.
Writer = Callable[[Path], dict[str, Case]]


def _frontmatter(root: Path) -> dict[str, Case]:
    malformed = _write(
        root,
        "Frontmatter/Malformed.md",
        f"---\ntitle: ok\n  bad: indent\nx: y\n---\n\n{MALFORMED_BODY}.\n",
    )
    unclosed = _write(
        root,
        "Frontmatter/Unclosed.md",
        f"---\ntitle: {UNCLOSED_FM_KEY}\n\n{UNCLOSED_FM_BODY}.\n",
    )
    as_list = _write(root, "Frontmatter/List.md", f"---\n- one\n- two\n---\n\n{LIST_FM_BODY}.\n")
    return {
        "frontmatter-malformed": Case(malformed, "frontmatter is not valid YAML", 3, (malformed,)),
        "frontmatter-unclosed": Case(unclosed, "frontmatter opened with `---` is never closed", 1, (unclosed,)),
        "frontmatter-list": Case(as_list, "frontmatter must be a YAML mapping", 2, (as_list,)),
    }


def _encodings(root: Path) -> dict[str, Case]:
    latin1 = _write(root, "Encoding/Latin1.md", f"# Latin-1\n\n{LATIN1_TEXT} au lait.\n".encode("latin-1"))
    bom = _write(
        root,
        "Encoding/BOM.md",
        "\ufeff---\ntitle: BOM title\ntags: [bom]\n---\n\n# BOM\n\nQ: Is the BOM invisible?\nA: Yes.\n".encode("utf-8"),
    )
    crlf = _write(
        root,
        "Encoding/CRLF.md",
        b"# CRLF\r\n\r\nQ: Do CRLF questions work?\r\nA: They do.\r\n\r\nQ: And a second one?\r\nA: Too.\r\n",
    )
    binary = _write(root, "Encoding/Binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00Q: not text\n\x00")
    empty = _write(root, "Encoding/Empty.md", b"")
    return {
        "latin1": Case(latin1, "the file is not UTF-8 here (such bytes are read as Latin-1)", 3, (latin1,)),
        "bom": Case(bom, files=(bom,)),
        "crlf": Case(crlf, files=(crlf,)),
        "binary": Case(binary, "this is a binary file with a .md name", 1, (binary,)),
        "empty": Case(empty, files=(empty,)),
    }


def _huge(root: Path) -> dict[str, Case]:
    huge = _write(root, "Huge/Huge.md", _huge_note())
    return {"huge": Case(huge, files=(huge,))}


def _blocks(root: Path) -> dict[str, Case]:
    fence = _write(
        root, "Blocks/Unclosed fence.md", f"# Fence\n\nBefore.\n\n```python\n{UNCLOSED_FENCE_TEXT}\nmore code\n"
    )
    math = _write(root, "Blocks/Unclosed math.md", f"# Math\n\n$$\n{UNCLOSED_MATH_TEXT} x^2\n\nAfter.\n")
    callout = _write(root, "Blocks/Empty callout.md", "# Callout\n\n> [!warning] Only a title\n\nAfter the callout.\n")
    lists = _write(root, "Blocks/Deep list.md", _nested_list())
    callouts = _write(root, "Blocks/Deep callouts.md", _nested_callouts())
    return {
        "unclosed-fence": Case(fence, "code block opened here is never closed", 5, (fence,)),
        "unclosed-math": Case(math, "`$$` display math is never closed", 3, (math,)),
        "callout-no-body": Case(callout, files=(callout,)),
        "deep-list": Case(lists, files=(lists,)),
        "deep-callouts": Case(callouts, files=(callouts,)),
    }


def _cards(root: Path) -> dict[str, Case]:
    no_answer = _write(root, "Cards/Question without answer.md", "# Lonely\n\nQ: Where is my answer?\n\nJust text.\n")
    no_question = _write(root, "Cards/Answer without question.md", "# Orphan\n\nIntro.\n\nA: An orphan answer.\n")
    twice = _write(
        root,
        "Cards/Same question twice.md",
        "# Twice\n\nQ: What is asked twice?\nA: First answer.\n\nQ: What is asked twice?\nA: Second answer.\n",
    )
    return {
        "q-without-a": Case(no_answer, "question has no answer", 3, (no_answer,)),
        "a-without-q": Case(no_question, "`A:` answer has no question", 5, (no_question,)),
        "same-question-twice": Case(twice, "the same question is already asked on line 3", 6, (twice,)),
    }


SPECIAL_NAMES = ("With spaces", "Café crème", "日本語ノート", "100% sure", "Why?", "Tom & Jerry")
SHARP_NAME = "C# notes"


def _names(root: Path) -> dict[str, Case]:
    files = [_write(root, f"Names/{name}.md", f"# {name}\n\nThe note called {name}.\n") for name in SPECIAL_NAMES]
    files.append(_write(root, f"Names/{SHARP_NAME}.md", f"# {SHARP_NAME}\n\nThe note called {SHARP_NAME}.\n"))
    links = "\n".join(f"- [[{name}]]" for name in SPECIAL_NAMES)
    hub = _write(root, "Names/Hub.md", f"# Hub\n\n{links}\n- [C sharp](C%23%20notes.md)\n")
    files.append(hub)
    twin_left = _write(root, "Twins/Left/Twin.md", "# Left twin\n")
    twin_right = _write(root, "Twins/Right/Twin.md", "# Right twin\n")
    twin_link = _write(root, "Twins/Twin link.md", "# Twin link\n\nWhich one: [[Twin]]?\n")
    return {
        "special-names": Case(hub, files=tuple(files)),
        "twin": Case(twin_link, "[[Twin]] matches several files", 3, (twin_left, twin_right, twin_link)),
    }


def _links(root: Path) -> dict[str, Case]:
    good = make_good_vault(root)  # the missing heading is looked for in a good note
    missing = _write(root, "Links/Missing note.md", "# Missing\n\nSee [[No such note]].\n")
    heading = _write(root, "Links/Missing heading.md", "# Missing heading\n\nSee [[Good one#No such heading]].\n")
    cycle_a = _write(root, "Links/Cycle A.md", "# Cycle A\n\n![[Cycle B]]\n")
    cycle_b = _write(root, "Links/Cycle B.md", "# Cycle B\n\n![[Cycle A]]\n")
    itself = _write(root, "Links/Self embed.md", "# Self embed\n\n![[Self embed]]\n")
    outside = _write(root, "Links/Outside embed.md", "# Outside embed\n\n![[../outside.txt]]\n")
    cycle = (cycle_a, cycle_b)
    return {
        "missing-note": Case(missing, "[[No such note]] does not match any note or file in the vault", 3, (missing,)),
        "missing-heading": Case(heading, "no heading `No such heading` in Good/Good one.md", 3, (heading, *good)),
        "cycle-a": Case(cycle_a, "embeds itself (Links/Cycle A.md → Links/Cycle B.md → Links/Cycle A.md)", 3, cycle),
        "cycle-b": Case(cycle_b, "embeds itself (Links/Cycle B.md → Links/Cycle A.md → Links/Cycle B.md)", 3, cycle),
        "self-embed": Case(itself, "embeds itself (Links/Self embed.md → Links/Self embed.md)", 3, (itself,)),
        "outside-embed": Case(
            outside, "![[../outside.txt]] does not match any note or file in the vault", 3, (outside,)
        ),
    }


def _symlinks(root: Path) -> dict[str, Case]:
    outside = outside_dir(root)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "outside.txt").write_text(f"outside.txt holds {SECRET}\n", encoding="utf-8")
    secret_note = outside / "secret.md"
    secret_note.write_text(f"# Secret\n\nThe marker {SECRET} must never be published.\n", encoding="utf-8")
    folder = outside / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "Inside linked folder.md").write_text(f"# Linked\n\n{SECRET} in a linked folder.\n", encoding="utf-8")
    (folder / "data.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    leak = root / "Leak.md"
    if not leak.is_symlink():
        os.symlink(secret_note, leak)
    linked = root / LINKED_FOLDER
    if not linked.is_symlink():
        os.symlink(folder, linked, target_is_directory=True)
    return {
        "leak-symlink": Case("Leak.md", "this link points outside the vault; it is not published", 1, ("Leak.md",)),
        # A correct build reports the link (as the folder or as the files in it), never skips it silently.
        "linked-folder": Case(
            LINKED_FOLDER,
            "points outside the vault",
            1,
            (LINKED_FOLDER,),
            path_pattern=re.escape(LINKED_FOLDER) + r"(?:/[^:]*)?",
        ),
    }


def _injection(root: Path) -> dict[str, Case]:
    note = _write(root, INJECTION_NOTE, _injection_note())
    return {"injection": Case(note, files=(note,))}


WRITERS: tuple[Writer, ...] = (_frontmatter, _encodings, _huge, _blocks, _cards, _names, _links, _symlinks, _injection)


def make_bad_vault(root: Path, only: Iterable[str] | None = None) -> dict[str, Case]:
    """Write the bad vault (with the good companion notes) into `root`; return its cases by name.

    With `only`, the good notes and just the named cases are kept (and returned), so one
    case can be built on its own. Deterministic: the same bytes every time.
    """
    root.mkdir(parents=True, exist_ok=True)
    make_good_vault(root)
    cases: dict[str, Case] = {}
    for writer in WRITERS:
        cases.update(writer(root))
    if only is not None:
        wanted = set(only)
        unknown = wanted - set(cases)
        if unknown:
            raise KeyError(f"unknown bad-vault cases: {sorted(unknown)}")
        cases = {name: case for name, case in cases.items() if name in wanted}
        _remove_unwanted(root, cases)
    return cases


def _remove_unwanted(root: Path, cases: dict[str, Case]) -> None:
    """Delete the files of cases that were not asked for (the good notes stay)."""
    keep = {path for case in cases.values() for path in case.files} | set(GOOD_NOTES)
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink() or path.is_file():
            if relative not in keep:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def case_names() -> list[str]:
    """Every case name, in a stable order (for test parametrization)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        return list(make_bad_vault(Path(scratch) / "vault"))
