"""Fixtures shared by the whole suite: one strict build of the demo vault per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import DEMO_VAULT, build_site


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected files of golden fixtures from the current output",
    )
    parser.addoption(
        "--generated-notes",
        type=int,
        default=300,
        help="size of the synthetic vault (bench/generate.py) the generated-vault browser tests build; "
        "3000 checks the study features, navigation and search at scale",
    )


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault built with `mkdocs build --strict`; fails loudly if the build does."""
    site = tmp_path_factory.mktemp("demo-site")
    process = build_site(DEMO_VAULT, site)
    assert process.returncode == 0, f"strict build of notes/ failed:\n{process.stderr}"
    return site
