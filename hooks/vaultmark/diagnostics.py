"""Problems found in a note, reported by line so the user can jump straight to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem: the 1-based line in the note's source file and what to change."""

    line: int
    message: str

    def format(self, display_path: str) -> str:
        """Render as `path:line: message`, the form editors and CI logs link to."""
        return f"{display_path}:{self.line}: {self.message}"
