"""Real `mkdocs build` runs: the demo vault, a configurable notes folder, diagnostics and --strict."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import DEMO_VAULT, FIXTURES, REPO, build_site, mkdocs_env, pagefind_records, soup
from vaultmark import markup

VAULTS = FIXTURES / "vaults"
MINIMAL = VAULTS / "minimal"
BROKEN = VAULTS / "broken"

# Published notes of the demo vault (the draft is not one of them) and their top folders.
DEMO_NOTES = 6
DEMO_CATEGORIES = 4


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


# --- 1. the demo vault --------------------------------------------------------------------------


def test_demo_vault_builds_strict(demo_site: Path) -> None:
    """`demo_site` is a `mkdocs build --strict` of notes/: it has to succeed and produce pages."""
    assert (demo_site / "index.html").is_file()
    assert (demo_site / "Concepts" / "Convolution" / "index.html").is_file()


def test_summary_log_line(tmp_path: Path) -> None:
    """The build ends with `vaultmark: N notes in M categories` for the demo vault."""
    process = build_site(DEMO_VAULT, tmp_path / "site", strict=False)
    assert process.returncode == 0, process.stderr
    log = process.stdout + process.stderr
    match = re.search(r"vaultmark: (\d+) notes in (\d+) categories", log)
    summary = [line for line in log.splitlines() if "vaultmark:" in line]
    assert match, f"no `vaultmark: N notes in M categories` line; vaultmark lines were: {summary}"
    assert (int(match.group(1)), int(match.group(2))) == (DEMO_NOTES, DEMO_CATEGORIES)


# --- 3. configurable notes folder ----------------------------------------------------------------


@pytest.mark.parametrize(
    "notes_dir", [str(MINIMAL), MINIMAL.relative_to(REPO).as_posix()], ids=["absolute", "relative"]
)
def test_notes_dir_is_configurable(tmp_path: Path, notes_dir: str) -> None:
    site = tmp_path / "site"
    process = build_site(Path(notes_dir), site, strict=False)
    assert process.returncode == 0, process.stderr
    assert not [line for line in warning_lines(process.stderr) if "minimal/" in line], process.stderr

    page = site / "Topics" / "Gradient clipping" / "index.html"
    assert page.is_file(), sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    article = soup(page).select_one("article")
    assert article.find("h1").get_text(strip=True).startswith("Gradient clipping")
    assert "keeps one bad batch from wrecking the weights" in " ".join(article.get_text().split())
    assert article.select_one('a[href="#why-it-helps"]') is not None
    assert article.find(id="why-it-helps") is not None
    assert (site / "categories" / "topics" / "index.html").is_file()

    # Nothing of the demo vault leaks in.
    for folder in ("Concepts", "Courses", "Interview", "Scribbles", "attachments"):
        assert not (site / folder).exists(), f"demo vault folder {folder}/ was published"
    nav = soup(site / "index.html").select_one("nav.md-nav--primary").get_text(" ")
    for title in ("Loss functions", "Convolution", "Deep learning interview", "Scribbles", "Concepts"):
        assert title not in nav, f"demo note or category {title!r} is in the nav of the minimal vault's site"
    locations = {record["url"].lstrip("/") for record in pagefind_records(site)}
    assert "Topics/Gradient%20clipping/" in locations or "Topics/Gradient clipping/" in locations, locations
    assert not [loc for loc in locations if loc.startswith(("Concepts/", "Courses/", "Interview/", "Scribbles/"))]
    home = soup(site / "index.html").select_one("article").get_text()
    assert "Topics" in home


# --- 4. diagnostics fail --strict ----------------------------------------------------------------


BROKEN_LINK = "broken/Note.md:7: [[Missing page]] does not match any note or file in the vault"
BAD_YAML = "broken/Bad frontmatter.md:3: frontmatter is not valid YAML"


def test_diagnostics_fail_strict_build(tmp_path: Path) -> None:
    process = build_site(BROKEN, tmp_path / "site", strict=True)
    assert process.returncode != 0, "strict build of a vault with a broken link and bad YAML succeeded"
    warnings = warning_lines(process.stderr)
    for expected in (BROKEN_LINK, BAD_YAML):
        assert any(expected in line for line in warnings), f"{expected!r} not among warnings:\n{process.stderr}"
    # The displayed path is `<vault folder>/<note>:<line>:` with nothing before the folder name.
    assert any(re.match(r"WARNING\s+-\s+broken/Note\.md:7: ", line) for line in warnings), warnings
    assert any(re.match(r"WARNING\s+-\s+broken/Bad frontmatter\.md:3: ", line) for line in warnings), warnings


def test_diagnostics_do_not_block_lenient_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    process = build_site(BROKEN, site, strict=False)
    assert process.returncode == 0, process.stderr
    assert any(BROKEN_LINK in line for line in warning_lines(process.stderr)), process.stderr

    # The note with malformed frontmatter is still published, with its body.
    page = site / "Bad frontmatter" / "index.html"
    assert page.is_file()
    article = soup(page).select_one("article")
    assert article.find("h1").get_text(strip=True).startswith("Metadata gone wrong")
    assert "zebra-marker-body" in article.get_text()
    assert "first: second" not in article.get_text(), "the broken YAML leaked into the page body"

    # The unresolved link is shown as text, not as a link to a 404.
    note = soup(site / "Note" / "index.html").select_one("article")
    missing = note.select_one(f".{markup.MISSING_LINK}")
    assert missing is not None and "Missing page" in missing.get_text()
    assert not [a for a in note.find_all("a") if "Missing" in a.get("href", "")]


# --- 5. search languages -------------------------------------------------------------------------


def build_in_language(language: str, site: Path, vault: Path) -> subprocess.CompletedProcess:
    """The project's mkdocs.yml with another `theme.language`, given to MkDocs on stdin."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  language: en\n" in config
    command = [sys.executable, "-m", "mkdocs", "build", "-f", "-", "-d", str(site)]
    return subprocess.run(
        command,
        input=config.replace("\n  language: en\n", f"\n  language: {language}\n"),
        cwd=REPO,
        env=mkdocs_env(vault),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_sites_language_selects_pagefinds_stemming(tmp_path: Path) -> None:
    process = build_in_language("de", tmp_path / "site", MINIMAL)
    assert process.returncode == 0, process.stderr
    assert "pagefind_bin_extended" not in process.stderr
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]


@pytest.mark.skipif(importlib.util.find_spec("pagefind_bin_extended") is not None, reason="the extended binary is here")
def test_a_chinese_site_without_the_extended_binary_says_what_to_install(tmp_path: Path) -> None:
    process = build_in_language("zh", tmp_path / "site", MINIMAL)
    assert process.returncode == 0, process.stderr
    [warning] = [line for line in warning_lines(process.stderr) if "Pagefind" in line]
    assert "theme.language is 'zh'" in warning and "pip install pagefind_bin_extended==1.5.2" in warning


def test_a_dirty_build_keeps_every_page_in_search(tmp_path: Path) -> None:
    # `--dirty` writes only the pages MkDocs thinks changed (not the notebook's, here).
    site = tmp_path / "site"
    assert build_site(DEMO_VAULT, site).returncode == 0
    entry = site / "pagefind" / "pagefind-entry.json"
    before = json.loads(entry.read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
    command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    again = subprocess.run(command, cwd=REPO, env=mkdocs_env(DEMO_VAULT), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]["en"]["page_count"] == before


# MkDocs as it is: every rendered page keeps its HTML and markdown until it is written.
PLAIN_MKDOCS_BUILD = """
import sys
sys.path.insert(0, "hooks")
from vaultmark_mkdocs.rendered import RenderedPages
RenderedPages.rendered = lambda self, page: None
RenderedPages.park_last = lambda self: None
from mkdocs.__main__ import cli
cli(["build", "--strict", "-q", "-d", sys.argv[1]])
"""


def test_html_kept_compressed_between_render_and_write_changes_no_byte(demo_site: Path, tmp_path: Path) -> None:
    """The site is the same, file for file, as when MkDocs keeps every page's HTML and
    markdown as rendered. Anki decks are left out: genanki stamps each with the time."""
    plain = tmp_path / "plain"
    process = subprocess.run(
        [sys.executable, "-c", PLAIN_MKDOCS_BUILD, str(plain)],
        cwd=REPO,
        env=mkdocs_env(DEMO_VAULT),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    ours = {path.relative_to(demo_site) for path in demo_site.rglob("*") if path.is_file()}
    theirs = {path.relative_to(plain) for path in plain.rglob("*") if path.is_file()}
    assert ours == theirs
    compared = [path for path in sorted(ours) if path.suffix != ".apkg"]
    assert len(compared) > 100
    different = [str(path) for path in compared if (demo_site / path).read_bytes() != (plain / path).read_bytes()]
    assert different == []
