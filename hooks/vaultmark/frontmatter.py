"""YAML frontmatter: split it off, read the keys the site uses, report bad YAML by line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic

# `---` on the first line, YAML, then `---` (or `...`) on a line of its own.
# libyaml's loader when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# `---` alone on the first line with no closing line: meant as frontmatter, but broken.
UNCLOSED_FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n")
FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass
class Frontmatter:
    """The note's metadata and where its body starts."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    # Number of source lines before the body (0 when there is no frontmatter).
    body_offset: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def split_frontmatter(text: str) -> Frontmatter:
    """Separate frontmatter from body; malformed YAML is reported and otherwise ignored."""
    match = FRONTMATTER.match(text)
    if not match:
        if UNCLOSED_FRONTMATTER.match(text):
            message = "frontmatter opened with `---` is never closed; add a `---` line after the last key"
            return Frontmatter(body=text, diagnostics=[Diagnostic(1, message)])
        return Frontmatter(body=text)
    body = text[match.end() :]
    offset = text[: match.end()].count("\n")
    try:
        loaded = yaml.load(match.group("yaml"), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        # An unterminated quoted string is found at the end of the YAML; its start is the useful line.
        context = getattr(error, "context", None) or ""
        mark = getattr(error, "context_mark" if "quoted scalar" in context else "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        message = f"frontmatter is not valid YAML ({problem}); metadata ignored, fix the YAML to restore it"
        return Frontmatter(body=body, body_offset=offset, diagnostics=[Diagnostic(line, message)])
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        message = "frontmatter must be a YAML mapping of `key: value` lines; metadata ignored"
        return Frontmatter(body=body, body_offset=offset, diagnostics=[Diagnostic(2, message)])
    meta = {str(key): value for key, value in loaded.items()}
    return Frontmatter(meta=meta, body=body, body_offset=offset)


def as_string_list(value: Any, separators: str = r",") -> list[str]:
    """Read `tags`/`aliases` whether written as a YAML list or as `a, b` text."""
    if value is None:
        return []
    if isinstance(value, str):
        items = re.split(separators, value)
    elif isinstance(value, (list, tuple)):
        items = [str(item) for item in value if item is not None]
    else:
        items = [str(value)]
    return [item.strip() for item in items if item and item.strip()]


def normalize_tags(value: Any) -> list[str]:
    """Tags without the leading `#` Obsidian allows, in order, without duplicates."""
    tags: list[str] = []
    # Tags cannot contain spaces, so a plain string may also be space-separated.
    for item in as_string_list(value, separators=r"[,\s]+"):
        tag = item.lstrip("#")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def is_unpublished(meta: dict[str, Any]) -> bool:
    """`publish: false` or `draft: true` keep a note out of the site."""
    return meta.get("publish") is False or meta.get("draft") is True
