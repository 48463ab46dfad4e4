"""Reading note files: a file that is mostly UTF-8 keeps its UTF-8 text; only its odd bytes
are read as Latin-1, and the problem is reported at their line."""

from __future__ import annotations

from vaultmark.reading import decode_note


def test_one_bad_byte_leaves_the_rest_utf8() -> None:
    data = "Line one\n“Curly” quotes stay, one bad byte: ".encode() + b"\xe9" + b" here.\n"
    text, problems = decode_note(data)
    assert text == "Line one\n“Curly” quotes stay, one bad byte: é here.\n"
    assert [problem.line for problem in problems] == [2]
    assert "read as Latin-1" in problems[0].message


def test_a_latin1_file_reads_as_latin1() -> None:
    text, problems = decode_note("Café au lait\n".encode("latin-1"))
    assert text == "Café au lait\n" and len(problems) == 1
