"""Golden fixture tests: one folder of input/expected notes per normalizer module.

Layout (modelled on pymdown-extensions' golden tests)::

    tests/fixtures/golden/<module>/<case>.md            the input note, exactly as in a vault
    tests/fixtures/golden/<module>/<case>.expected.md   what the normalizer must produce
    tests/fixtures/golden/vault/                        the small vault wikilinks resolve against

Modules and the single option each folder enables (frontmatter is always parsed;
every other option, including cards and block spacing, is off)::

    frontmatter  -> none        comments  -> comments     callouts -> callouts
    math         -> math        tags      -> inline_tags  wikilinks -> wikilinks
    embeds       -> wikilinks   cards     -> cards        blocks    -> block_spacing
    line_breaks  -> line_breaks lists     -> lists

Every case note is added to the fixture vault's index as `Cases/<case>.md` and
normalized at that path, so relative links and same-folder resolution are
predictable (the vault has a `Cases/` folder of its own for that).

Expected file format, compared as one exact string (so trailing newlines count):

1. If the resulting meta is not empty: a line `---`, then
   `yaml.safe_dump(meta, sort_keys=True, allow_unicode=True)`, then a line `---`.
   Nothing at all when meta is empty.
2. The normalized body, byte for byte (it ends with a newline only if the body does).
3. If there are diagnostics: a newline, a line `<!-- diagnostics -->`, then one
   `line: message` line per diagnostic, in the order reported, each ending in a
   newline. `line` is the 1-based line number in the source note; a problem inside an
   embedded note adds where it is there (`3: ![[Alpha]] → Loops/Alpha.md:5: message`).

So a note without frontmatter and without Obsidian syntax has an expected file
identical to its input.

Run `pytest tests/golden --update-golden` to (re)write every expected file from the
current output, then review the diff. Without the flag a mismatch fails with a
unified diff, and a missing expected file fails and says how to create it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

import support  # noqa: F401  (puts hooks/ on sys.path)
from vaultmark import NormalizedNote, Options, VaultIndex, normalize_note

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
VAULT = GOLDEN / "vault"
EXPECTED_SUFFIX = ".expected.md"
DIAGNOSTICS_MARKER = "<!-- diagnostics -->"
CASE_FOLDER = "Cases"
MIN_CASES = 4

# Each fixture folder and the one step its cases run with (`Options.only`): a step added
# to the registry later is off in every folder but its own.
MODULES: dict[str, Options] = {
    "frontmatter": Options.only(),
    "comments": Options.only("comments"),
    "callouts": Options.only("callouts"),
    "math": Options.only("math"),
    "tags": Options.only("inline_tags"),
    "wikilinks": Options.only("wikilinks"),
    "embeds": Options.only("wikilinks"),
    "cards": Options.only("cards"),
    "blocks": Options.only("block_spacing"),
    "line_breaks": Options.only("line_breaks"),
    "lists": Options.only("lists"),
}


def case_inputs(module: str) -> list[Path]:
    """Input notes of one module folder, sorted by name."""
    folder = GOLDEN / module
    return sorted(p for p in folder.glob("*.md") if not p.name.endswith(EXPECTED_SUFFIX))


def expected_path(source: Path) -> Path:
    return source.with_name(source.name[: -len(".md")] + EXPECTED_SUFFIX)


def all_cases() -> list:
    return [
        pytest.param(module, source, id=f"{module}/{source.stem}")
        for module in MODULES
        for source in case_inputs(module)
    ]


def read(path: Path) -> str:
    # newline="" keeps `\r\n` and every other byte exactly as stored.
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def run_case(module: str, source: Path) -> NormalizedNote:
    """Normalize one case note as `Cases/<name>.md` of the fixture vault."""
    text = read(source)
    index = VaultIndex.from_directory(VAULT)
    path = f"{CASE_FOLDER}/{source.stem}.md"
    index.add(path, text)
    return normalize_note(text, path, index, options=MODULES[module])


def serialize(note: NormalizedNote) -> str:
    """The expected-file form of a result (see the module docstring)."""
    out = ""
    if note.meta:
        out += "---\n" + yaml.safe_dump(note.meta, sort_keys=True, allow_unicode=True) + "---\n"
    out += note.body
    if note.diagnostics:
        out += "\n" + DIAGNOSTICS_MARKER + "\n"
        out += "".join(f"{d.text()}\n" for d in note.diagnostics)
    return out


def readable_diff(expected: str, actual: str, name: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (expected)",
        tofile=f"{name} (actual)",
    )
    # Make invisible differences visible: trailing spaces, tabs, missing final newline.
    shown = []
    for line in diff:
        body = line.rstrip("\n")
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            body = body.replace("\t", "→").replace("\r", "␍")
            if body != body.rstrip(" "):
                body = body.rstrip(" ") + "·" * (len(body) - len(body.rstrip(" ")))
            if not line.endswith("\n"):
                body += "  ⟵ no newline at end"
        shown.append(body)
    return "\n".join(shown)


def compare_golden(label: str, actual: str, target: Path, request: pytest.FixtureRequest) -> None:
    """Compare output with its golden file, or rewrite the file with --update-golden."""
    if request.config.getoption("--update-golden"):
        write(target, actual)
        return
    if not target.exists():
        pytest.fail(
            f"{target.relative_to(GOLDEN.parent.parent.parent)} is missing; "
            "run `pytest tests/golden --update-golden` to create it, then review it"
        )
    expected = read(target)
    if expected != actual:
        pytest.fail(
            f"{label} does not match its golden file "
            "(rerun with --update-golden only if the change is intended):\n"
            + readable_diff(expected, actual, target.name),
            pytrace=False,
        )


@pytest.mark.parametrize(("module", "source"), all_cases())
def test_golden(module: str, source: Path, request: pytest.FixtureRequest) -> None:
    compare_golden(f"{module}/{source.name}", serialize(run_case(module, source)), expected_path(source), request)


@pytest.mark.parametrize("module", list(MODULES))
def test_every_module_has_cases(module: str) -> None:
    folder = GOLDEN / module
    assert folder.is_dir(), f"missing fixture folder {folder}"
    cases = case_inputs(module)
    assert len(cases) >= MIN_CASES, f"{module} has {len(cases)} golden cases; at least {MIN_CASES} are required"
    assert any(case.stem.startswith("plain") for case in cases), f"{module} needs a `plain` pass-through case"
    orphans = [
        p.name
        for p in folder.glob("*" + EXPECTED_SUFFIX)
        if not p.with_name(p.name[: -len(EXPECTED_SUFFIX)] + ".md").exists()
    ]
    assert not orphans, f"expected files without an input note in {module}: {orphans}"


# Obsidian-only syntax: wikilinks/embeds, comments, callouts, math dollars,
# inline #tags, block ids, a tab right after a quote marker, and an image size in alt text.
OBSIDIAN_SYNTAX = re.compile(
    r"\[\[|%%|\[![^\]]+\]|\$|(?:^|\s)#[^\s#]|\s\^[A-Za-z0-9-]+\s*$|^[ >]*>\t|!\[[^\]]*\|\s*\d|!\[[^\]]*\]\([^)]*#",
    re.M,
)


def has_obsidian_syntax(body: str) -> bool:
    return bool(OBSIDIAN_SYNTAX.search(body))


def without_syntax() -> list:
    """Every case input whose body (after frontmatter) has no Obsidian syntax at all."""
    from vaultmark import split_frontmatter

    return [p for p in all_cases() if not has_obsidian_syntax(split_frontmatter(read(p.values[1])).body)]


def test_plain_cases_have_no_obsidian_syntax() -> None:
    """The `plain*` cases really are plain, so the property below covers them."""
    for module in MODULES:
        for source in case_inputs(module):
            if source.stem.startswith("plain"):
                assert source in [p.values[1] for p in without_syntax()], f"{module}/{source.name} uses Obsidian syntax"


@pytest.mark.parametrize(("module", "source"), without_syntax())
def test_notes_without_obsidian_syntax_pass_through(module: str, source: Path) -> None:
    """Property: a note with no Obsidian syntax comes out byte-identical (body after frontmatter)."""
    from vaultmark import split_frontmatter

    text = read(source)
    body = split_frontmatter(text).body
    # Q:/A: lines, CommonMark-only block starts and single line breaks are syntax too; `plain` cases have none.
    structural = ("cards", "block_spacing", "line_breaks", "lists")
    for options in (MODULES[module], Options.without(*structural)):
        if any(options.enabled(name) for name in structural) and not source.stem.startswith("plain"):
            continue
        note = run_case_with(source, text, options)
        if note.unpublished_links:
            continue  # a link to an unpublished note shows as text: publishing decides it, not syntax
        assert note.body == body, f"{module}/{source.name} changed with {options}:\n" + readable_diff(
            body, note.body, source.name
        )
        if not text.startswith("---"):
            assert note.body == text


def run_case_with(source: Path, text: str, options: Options) -> NormalizedNote:
    index = VaultIndex.from_directory(VAULT)
    path = f"{CASE_FOLDER}/{source.stem}.md"
    index.add(path, text)
    return normalize_note(text, path, index, options=options)
