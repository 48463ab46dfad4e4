"""Problems found in a note, reported by line so the user can jump straight to them.

A problem found inside an embedded note or a notebook cell keeps where it came
from as data (`Origin`), so the report can point at both places instead of
folding the second one into the message text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Origin:
    """Where inside something else a problem really is: a note embedded at the reported line,
    or a notebook cell (then `line` counts within the cell's source, 0 for the whole cell)."""

    line: int
    path: str = ""  # the embedded note's vault path; empty for a cell of the reported notebook
    cell: int | None = None  # 1-based notebook cell number
    written: str = ""  # the embed as written, e.g. `![[Note#Part]]`


@dataclass(frozen=True)
class Diagnostic:
    """One problem: the 1-based line in the note's source file and what to change.

    `origin` lists the places the problem sits in, outermost first: for a note
    embedded in a note embedded here, two entries.
    """

    line: int
    message: str
    origin: tuple[Origin, ...] = ()
    # A warning fails `mkdocs build --strict`; an info line only tells (how to mark a questionnaire).
    severity: Literal["warning", "info"] = "warning"

    def shifted(self, offset: int) -> Diagnostic:
        """The same problem with its line moved by `offset` (from body lines to file lines)."""
        return replace(self, line=self.line + offset)

    def embedded(self, line: int, path: str, written: str) -> Diagnostic:
        """This problem of note `path`, as seen from the note that embeds it at `line`."""
        origin = (Origin(self.line, path=path, written=written), *self.origin)
        return Diagnostic(line, self.message, origin, self.severity)

    def in_cell(self, cell: int) -> Diagnostic:
        """This problem of a notebook cell's text, reported on the notebook."""
        return Diagnostic(1, self.message, (Origin(self.line, cell=cell), *self.origin), self.severity)

    def format(self, display_path: str, folder: str = "") -> str:
        """Render as `path:line: message`, the form editors and CI logs link to.

        An embedded note's problem reads `path:line: ![[B]] → folder/B.md:3: message`;
        a notebook cell's `path:1: cell 4, line 2: message`. `folder` prefixes embedded paths
        the way `display_path` is prefixed (the vault folder's name).
        """
        parts = [f"{display_path}:{self.line}"]
        for origin in self.origin:
            if origin.cell is not None:
                parts.append(f"cell {origin.cell}" + (f", line {origin.line}" if origin.line else ""))
            else:
                shown = f"{folder}/{origin.path}" if folder else origin.path
                parts.append(f"{origin.written} → {shown}:{origin.line}")
        return ": ".join(parts) + f": {self.message}"

    def text(self) -> str:
        """`line: message` with the origin chain, for reports that name the note elsewhere."""
        shown = self.format("")[1:]
        return f"(info) {shown}" if self.severity == "info" else shown
