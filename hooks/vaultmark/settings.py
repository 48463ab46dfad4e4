"""The vault's own Obsidian settings that change how notes render.

Obsidian keeps them in `.obsidian/app.json`; a setting that is absent has Obsidian's
default. Only settings that change what a note looks like are read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic

APP_SETTINGS = ".obsidian/app.json"


@dataclass(frozen=True)
class ObsidianSettings:
    """Rendering settings of one vault, with Obsidian's defaults."""

    # "Strict line breaks": off by default, so a single newline is a line break.
    strict_line_breaks: bool = False

    @classmethod
    def read(cls, vault: Path) -> tuple[ObsidianSettings, list[Diagnostic]]:
        """The settings of `vault`; a file that cannot be read leaves the defaults, with a problem."""
        path = vault / APP_SETTINGS
        if not path.is_file():
            return cls(), []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            line = getattr(error, "lineno", 1)
            message = f"Obsidian's settings file cannot be read ({error}); using Obsidian's defaults"
            return cls(), [Diagnostic(line, message)]
        if not isinstance(data, dict):
            return cls(), [Diagnostic(1, "Obsidian's settings file is not a JSON object; using Obsidian's defaults")]
        return cls(strict_line_breaks=data.get("strictLineBreaks") is True), []
