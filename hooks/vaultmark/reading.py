"""Reading note files as text, whatever encoding or line endings the vault holds.

Obsidian writes UTF-8, but vaults collect files from other tools: a BOM,
Windows line endings, Latin-1, or a binary file with a `.md` name. Each is
read (or refused) with a diagnostic instead of stopping the build.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .diagnostics import Diagnostic

# A NUL byte in the first block means the file is not text at all.
BINARY_PROBE = 8192
FALLBACK_ENCODING = "latin-1"  # decodes any byte, so nothing is dropped
# Bytes that are not UTF-8 are read one by one as Latin-1; the rest of the file stays UTF-8.
ERRORS = "vaultmark-latin-1"


def _as_latin_1(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode(FALLBACK_ENCODING), error.end


codecs.register_error(ERRORS, _as_latin_1)


def decode_note(data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Text of a note file with `\\n` line endings; None for binary files."""
    if b"\x00" in data[:BINARY_PROBE]:
        return None, [Diagnostic(1, "this is a binary file with a .md name; it is skipped. Rename or remove it")]
    problems: list[Diagnostic] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "the file is not UTF-8 here (such bytes are read as Latin-1); re-save it as UTF-8"
        problems.append(Diagnostic(line, message))
        text = data.decode("utf-8-sig", errors=ERRORS)
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def read_note(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """Read and decode one note file."""
    return decode_note(path.read_bytes())
