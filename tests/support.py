"""Shared helpers for tests: where the repository is and how to build a site from a vault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
DEMO_VAULT = REPO / "notes"
FIXTURES = REPO / "tests" / "fixtures"

if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


def mkdocs_env(notes_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a build of `notes_dir` (mkdocs.yml reads NOTES_DIR)."""
    env = dict(os.environ)
    env["NOTES_DIR"] = str(notes_dir)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def build_site(notes_dir: Path, site_dir: Path, strict: bool = True, **extra_env: str) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` of `notes_dir` into `site_dir`; never raises, returns the process."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command, cwd=REPO, env=mkdocs_env(notes_dir, **extra_env), capture_output=True, text=True, timeout=300
    )
