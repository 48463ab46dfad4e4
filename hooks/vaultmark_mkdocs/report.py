"""Problems as MkDocs warnings: `notes/<path>:<line>: message`, so `--strict` fails on them."""

from __future__ import annotations

import logging

from vaultmark import Diagnostic

log = logging.getLogger("mkdocs.hooks.vaultmark")


class Reporter:
    """Logs each problem under the folder its file is in (the vault's or docs/) and counts them."""

    def __init__(self) -> None:
        self.warnings = 0
        self.vault_folder = "notes"
        self.docs_folder = "docs"

    def reset(self, vault_folder: str, docs_folder: str) -> None:
        self.warnings = 0
        self.vault_folder, self.docs_folder = vault_folder, docs_folder

    def problem(self, path: str, problem: Diagnostic, hand_written: bool = False) -> None:
        """A problem in vault file `path` (or hand-written page `path`), at its line."""
        folder = self.docs_folder if hand_written else self.vault_folder
        text = problem.format(f"{folder}/{path}", self.vault_folder)
        if problem.severity == "info":
            log.info(text)  # a hint, not a problem: --strict does not fail on it
        else:
            self.warning(text)

    def warning(self, message: str) -> None:
        self.warnings += 1
        log.warning(message)

    def info(self, message: str) -> None:
        log.info("vaultmark: %s", message)

    def debug(self, message: str) -> None:
        log.debug("vaultmark: %s", message)
