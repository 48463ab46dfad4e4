"""Golden fixture tests for Jupyter notebooks (`vaultmark.notebooks.prepare_notebook`).

Layout::

    tests/fixtures/golden/notebooks/<case>.ipynb          the notebook, exactly as on disk
    tests/fixtures/golden/notebooks/<case>.expected.txt   what prepare_notebook must produce

Each notebook is prepared as `Cases/<case>.ipynb` of the fixture vault (so
wikilinks in markdown cells resolve as in the note goldens), with the real
Python-Markdown and the extensions the site relies on for cells (attr_list,
md_in_html, toc with the site's slugify, arithmatex in generic mode,
superfences, details, and quotes with callouts as in mkdocs.yml). A case listed in DOWNLOADS also gets a download link.

Expected file format, compared as one exact string:

1. `questions: N`
2. `notebook: none` when the notebook could not be read; otherwise, for every
   output cell in order, a header `--- cell N (<cell_type>)` (or
   `--- cell N (<cell_type>, id=<id>)` when the cell has an id), then the
   cell's source, then a newline; a `text/markdown` output the notebook rendered
   follows as `--- cell N output (text/html)` and its HTML.
3. If there are diagnostics: an empty line, `<!-- diagnostics -->`, then one
   `line: message` line per diagnostic, in the order reported.

Run `pytest tests/golden --update-golden` to (re)write the expected files,
then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from test_golden import CASE_FOLDER, DIAGNOSTICS_MARKER, GOLDEN, VAULT, compare_golden, read

import support  # noqa: F401  (puts hooks/ on sys.path)
from vaultmark import VaultIndex
from vaultmark.notebooks import PreparedNotebook, prepare_notebook
from vaultmark.slugs import SLUGIFY

NOTEBOOKS = GOLDEN / "notebooks"
EXPECTED_SUFFIX = ".expected.txt"
MIN_CASES = 6

# Cases prepared with a download URL (the others with none).
DOWNLOADS = {"answer-markers": "answer-markers.ipynb"}


def notebook_cases() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def expected_path(source: Path) -> Path:
    return source.with_name(source.stem + EXPECTED_SUFFIX)


def renderer():
    """The site's Markdown, reduced to the extensions that matter for notebook cells."""
    md = markdown.Markdown(
        extensions=[
            "attr_list",
            "md_in_html",
            "toc",
            "pymdownx.arithmatex",
            "pymdownx.superfences",
            "pymdownx.details",
            "pymdownx.quotes",
        ],
        extension_configs={
            "toc": {"slugify": SLUGIFY},
            "pymdownx.arithmatex": {"generic": True},
            "pymdownx.quotes": {"callouts": True},
        },
    )
    return lambda text: md.reset().convert(text)


def run_case(source: Path) -> PreparedNotebook:
    text = read(source)
    index = VaultIndex.from_directory(VAULT)
    path = f"{CASE_FOLDER}/{source.name}"
    return prepare_notebook(text, path, index, renderer(), DOWNLOADS.get(source.stem, ""))


def serialize(prepared: PreparedNotebook) -> str:
    out = f"questions: {prepared.questions}\n"
    if prepared.notebook is None:
        out += "notebook: none\n"
    else:
        for number, cell in enumerate(prepared.notebook.cells, start=1):
            cell_id = cell.get("id")
            label = f"{cell.cell_type}, id={cell_id}" if cell_id else cell.cell_type
            out += f"--- cell {number} ({label})\n{cell.source}\n"
            for output in cell.get("outputs", []):  # outputs rendered by prepare_notebook
                if "text/html" in output.get("data", {}) and "vm-nb-markdown" in output["data"]["text/html"]:
                    out += f"--- cell {number} output (text/html)\n{output['data']['text/html']}\n"
    if prepared.diagnostics:
        out += "\n" + DIAGNOSTICS_MARKER + "\n"
        out += "".join(f"{d.text()}\n" for d in prepared.diagnostics)
    return out


@pytest.mark.parametrize("source", notebook_cases(), ids=lambda p: f"notebooks/{p.stem}")
def test_notebook_golden(source: Path, request: pytest.FixtureRequest) -> None:
    compare_golden(f"notebooks/{source.name}", serialize(run_case(source)), expected_path(source), request)


def test_notebook_cases_present() -> None:
    cases = notebook_cases()
    assert len(cases) >= MIN_CASES, f"notebooks has {len(cases)} golden cases; at least {MIN_CASES} are required"
    orphans = [
        p.name
        for p in NOTEBOOKS.glob("*" + EXPECTED_SUFFIX)
        if not p.with_name(p.name[: -len(EXPECTED_SUFFIX)] + ".ipynb").exists()
    ]
    assert not orphans, f"expected files without a notebook: {orphans}"
