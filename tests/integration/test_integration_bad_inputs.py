"""Real `mkdocs build` / `mkdocs serve` runs against a vault full of bad inputs.

The bad vault is generated at test time (tests/badvault.py): malformed frontmatter,
other encodings, a binary `.md`, a 5 MB note, unclosed blocks, broken cards, odd
file names, broken links, transclusion cycles, symlinks out of the vault, deep
nesting and HTML injection. For each input the build must finish, warn precisely
(`<vault>/<path>:<line>: message`) and fail under --strict; the good notes must not
change; nothing may be lost and nothing from outside the vault may leak.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

import badvault
from badvault import Case, case_names, make_bad_vault, make_good_vault
from support import DEMO_VAULT, REPO, mkdocs_env, mkdocs_serve, pagefind_records, soup
from support import snapshot_changes as changes
from support import tree_snapshot as snapshot
from vaultmark import markup
from vaultmark.reading import decode_note

# A build of the whole bad vault takes ~20 s here (the 5 MB note); a hang must fail, not block CI.
FULL_TIMEOUT = 180
CASE_TIMEOUT = 120
VAULT_NAME = "vault"
TRACEBACK = "Traceback (most recent call last)"

CASE_NAMES = case_names()


@dataclass
class Build:
    """One finished (or timed-out) `mkdocs build`."""

    vault: Path
    site: Path
    strict: bool
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("WARNING")]

    def describe(self) -> str:
        mode = "strict" if self.strict else "non-strict"
        if self.timed_out:
            return f"{mode} build of {self.vault} did not finish within {self.seconds:.0f} s (killed)"
        return (
            f"{mode} build of {self.vault} exited {self.returncode} after {self.seconds:.1f} s:\n{self.stderr[-6000:]}"
        )

    def require_site(self) -> Path:
        """The built site; fails the calling test if the build did not complete."""
        assert not self.timed_out and self.returncode == 0, self.describe()
        return self.site


def run_build(vault: Path, site: Path, strict: bool, timeout: float) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    start = time.monotonic()
    try:
        process = subprocess.run(
            command, cwd=REPO, env=mkdocs_env(vault), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode(errors="replace") if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        err = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else (expired.stderr or "")
        return Build(vault, site, strict, None, out, err, time.monotonic() - start)
    return Build(vault, site, strict, process.returncode, process.stdout, process.stderr, time.monotonic() - start)


def warning_pattern(case: Case, folder: str = VAULT_NAME) -> re.Pattern[str]:
    """`WARNING -  <folder>/<path>:<line>: ...<substring>...` on one log line."""
    path = case.path_pattern or re.escape(case.path)
    return re.compile(rf"^WARNING\s+-\s+{re.escape(folder)}/{path}:{case.line}: .*{re.escape(case.warning)}", re.M)


def page_of(site: Path, vault_path: str) -> Path:
    """The built page of a note (directory URLs): `A/B.md` -> `A/B/index.html`."""
    return site / vault_path[: -len(".md")] / "index.html"


def article(site: Path, page: str) -> str:
    """A page's article, without its "Linked from" section: a bad note that links to a good
    one is still a note that links to it, as in Obsidian."""
    found = soup(site / page).find("article")
    assert found is not None, f"{page} has no <article>"
    for backlinks in found.select(f"aside.{markup.BACKLINKS}"):
        backlinks.decompose()
    return str(found)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bad_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    root = tmp_path_factory.mktemp("bad") / VAULT_NAME
    return root, make_bad_vault(root)


@pytest.fixture(scope="module")
def full_build(bad_vault, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """GOOD+BAD, non-strict, built once for the module."""
    vault, _ = bad_vault
    return run_build(vault, tmp_path_factory.mktemp("bad-site") / "site", strict=False, timeout=FULL_TIMEOUT)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The good companion notes alone; they are clean, so the build is strict."""
    vault = tmp_path_factory.mktemp("good") / VAULT_NAME
    make_good_vault(vault)
    return run_build(vault, tmp_path_factory.mktemp("good-site") / "site", strict=True, timeout=CASE_TIMEOUT)


# --------------------------------------------------------------------------- 1. every bad case warns


def test_bad_vault_builds_non_strict_with_every_warning(full_build: Build, bad_vault) -> None:
    """The whole bad vault: exit 0, no traceback, and every expected `<vault>/<path>:<line>:` warning."""
    _, cases = bad_vault
    assert not full_build.timed_out, full_build.describe()
    assert TRACEBACK not in full_build.stderr, full_build.describe()
    assert full_build.returncode == 0, full_build.describe()
    missing = [
        f"{name}: {warning_pattern(case).pattern}"
        for name, case in cases.items()
        if case.warns and not warning_pattern(case).search(full_build.stderr)
    ]
    assert not missing, (
        "expected warnings not logged:\n" + "\n".join(missing) + "\nlog:\n" + "\n".join(full_build.warnings)
    )


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_case_alone(name: str, tmp_path: Path) -> None:
    """GOOD + one bad case: a non-strict build passes and warns precisely, a strict one fails.

    Inputs the site accepts as they are (a BOM, CRLF, an empty note, odd names...)
    build strict without a single warning.
    """
    vault = tmp_path / VAULT_NAME
    case = make_bad_vault(vault, only=[name])[name]
    if not case.warns:
        build = run_build(vault, tmp_path / "strict", strict=True, timeout=CASE_TIMEOUT)
        assert not build.timed_out, build.describe()
        assert TRACEBACK not in build.stderr, build.describe()
        assert build.warnings == [], f"{name} should be accepted silently:\n" + "\n".join(build.warnings)
        assert build.returncode == 0, build.describe()
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        lenient_job = pool.submit(run_build, vault, tmp_path / "lenient", False, CASE_TIMEOUT)
        strict_job = pool.submit(run_build, vault, tmp_path / "strict", True, CASE_TIMEOUT)
        lenient, strict = lenient_job.result(), strict_job.result()
    for build in (lenient, strict):
        assert not build.timed_out, build.describe()
        assert TRACEBACK not in build.stderr, build.describe()
    assert lenient.returncode == 0, lenient.describe()
    pattern = warning_pattern(case)
    assert pattern.search(lenient.stderr), (
        f"no warning matching {pattern.pattern!r} for {name}; warnings were:\n" + "\n".join(lenient.warnings)
    )
    assert strict.returncode != 0, f"strict build of {name} succeeded despite the warning"
    assert pattern.search(strict.stderr), strict.describe()


# --------------------------------------------------------------------------- 2. good pages unchanged


def good_pages(site: Path) -> list[str]:
    """Pages that must not depend on the bad notes: the good notes, their category, the docs/ guides."""
    pages = [page_of(site, path).relative_to(site).as_posix() for path in badvault.GOOD_NOTES]
    pages.append(f"categories/{badvault.GOOD_FOLDER.lower()}/index.html")
    for source in sorted((REPO / "docs").rglob("*.md")):
        relative = source.relative_to(REPO / "docs").as_posix()
        if relative not in ("index.md", "tags.md"):  # these list every category and tag
            pages.append(relative[: -len(".md")] + "/index.html")
    return pages


def test_good_pages_unchanged_by_bad_notes(good_build: Build, full_build: Build) -> None:
    good_site, mixed_site = good_build.require_site(), full_build.require_site()
    pages = good_pages(good_site)
    for page in pages:
        assert (good_site / page).is_file(), f"{page} missing from the good build"
        assert (mixed_site / page).is_file(), f"{page} missing once the bad notes are added"
    changed = [page for page in pages if article(good_site, page) != article(mixed_site, page)]
    assert not changed, f"the bad notes changed these pages: {changed}"


# --------------------------------------------------------------------------- 3. nothing lost

QUESTION_LINE = re.compile(r"^Q:(?:[ \t]|$)", re.M)


def readable_notes(vault: Path) -> dict[str, str]:
    """Every real (non-symlink, non-binary) note of the vault, decoded as the product decodes it."""
    notes = {}
    for path in sorted(vault.rglob("*.md")):
        if path.is_symlink() or not path.is_file() or any(part.is_symlink() for part in path.parents):
            continue
        data = path.read_bytes()
        if b"\x00" in data:
            continue
        text = decode_note(data)[0] or ""
        notes[path.relative_to(vault).as_posix()] = text.replace("\r\n", "\n")
    return notes


def test_every_question_becomes_a_card(full_build: Build, bad_vault) -> None:
    """For every note with `Q:` markers (the 5 MB one too), one `.vm-card` per marker on its page."""
    site = full_build.require_site()
    vault, cases = bad_vault
    wrong = []
    audited = 0
    for path, text in readable_notes(vault).items():
        expected = len(QUESTION_LINE.findall(text))
        if not expected:
            continue
        page = page_of(site, path)
        assert page.is_file(), f"{path} has questions but no page"
        rendered = len(soup(page).select(f"article .{markup.CARD}"))
        audited += 1
        if rendered != expected:
            wrong.append(f"{path}: {expected} `Q:` markers, {rendered} cards")
    assert not wrong, "\n".join(wrong)
    assert cases["huge"].path in {p for p, t in readable_notes(vault).items() if QUESTION_LINE.search(t)}
    assert audited >= 8


VISIBLE_TEXT = [
    ("frontmatter-malformed", badvault.MALFORMED_BODY),
    ("frontmatter-unclosed", badvault.UNCLOSED_FM_KEY),
    ("frontmatter-unclosed", badvault.UNCLOSED_FM_BODY),
    ("frontmatter-list", badvault.LIST_FM_BODY),
    ("latin1", badvault.LATIN1_TEXT),
    ("unclosed-fence", badvault.UNCLOSED_FENCE_TEXT),
    ("unclosed-math", badvault.UNCLOSED_MATH_TEXT),
    ("a-without-q", "An orphan answer"),
    ("q-without-a", "Just text."),
    ("deep-list", f"level {badvault.NESTING}"),
    ("deep-callouts", f"Body of level {badvault.NESTING}"),
    ("callout-no-body", "Only a title"),
]


@pytest.mark.parametrize("name, text", VISIBLE_TEXT, ids=[f"{name}:{text}" for name, text in VISIBLE_TEXT])
def test_unparsed_text_is_visible(full_build: Build, bad_vault, name: str, text: str) -> None:
    site = full_build.require_site()
    _, cases = bad_vault
    page = page_of(site, cases[name].path)
    assert page.is_file(), f"no page for {cases[name].path}"
    shown = soup(page).find("article").get_text()
    assert text in shown, f"{text!r} is not visible on {page.relative_to(site)}"


def test_special_names_are_published_and_linked(full_build: Build, bad_vault) -> None:
    """Spaces, accents, CJK, `#`, `%`, `?`, `&`: every note has a page and the hub's links reach them."""
    site = full_build.require_site()
    _, cases = bad_vault
    names = badvault.SPECIAL_NAMES + (badvault.SHARP_NAME,)
    for name in names:
        assert page_of(site, f"Names/{name}.md").is_file(), f"no page for Names/{name}.md"
    hub = soup(page_of(site, cases["special-names"].path)).find("article")
    hrefs = {a["href"] for a in hub.find_all("a", href=True) if not a["href"].startswith("#")}
    expected = {f"../{quote(name)}/" for name in names}
    assert expected <= hrefs, f"links missing from the hub: {sorted(expected - hrefs)}; found {sorted(hrefs)}"
    assert not hub.select(f".{markup.MISSING_LINK}")


def test_twins_both_published(full_build: Build) -> None:
    site = full_build.require_site()
    left, right = soup(page_of(site, "Twins/Left/Twin.md")), soup(page_of(site, "Twins/Right/Twin.md"))
    assert "Left twin" in left.find("article").get_text()
    assert "Right twin" in right.find("article").get_text()
    link = soup(page_of(site, "Twins/Twin link.md")).find("article").find("a", href=re.compile("Twin"))
    assert link is not None and link["href"] == "../Left/Twin/"


def test_bom_frontmatter_is_read(full_build: Build, bad_vault) -> None:
    site = full_build.require_site()
    _, cases = bad_vault
    page = soup(page_of(site, cases["bom"].path))
    assert page.title is not None and page.title.get_text().startswith("BOM title")
    assert "---" not in page.find("article").get_text()


# --------------------------------------------------------------------------- 4. nothing leaks


def test_secret_from_outside_the_vault_is_never_published(full_build: Build) -> None:
    site = full_build.require_site()
    secret = badvault.SECRET.encode()
    leaked = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if secret in data:
            leaked.append(path.relative_to(site).as_posix())
    assert not leaked, f"the secret marker from outside the vault is in: {leaked}"


def test_symlinks_out_of_the_vault_are_not_published(full_build: Build) -> None:
    site = full_build.require_site()
    published = [path.relative_to(site).as_posix() for path in site.rglob("*")]
    assert not [p for p in published if p.split("/")[0] in ("Leak", "Leak.md")], "Leak.md was published"
    assert not [p for p in published if p.split("/")[0] == badvault.LINKED_FOLDER], "the linked folder was published"
    docs = pagefind_records(site)
    assert "Inside linked folder" not in json.dumps(docs)
    assert not [record for record in docs if record["url"].startswith("/Leak/")]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/Leak/" not in sitemap and f"/{badvault.LINKED_FOLDER}/" not in sitemap


# --------------------------------------------------------------------------- 5. serve with an edit


def test_serve_with_an_edit_changes_only_the_edited_note(tmp_path: Path) -> None:
    vault = tmp_path / VAULT_NAME
    make_good_vault(vault)
    edited = vault / badvault.GOOD_FOLDER / "Good three.md"
    docs = REPO / "docs"
    before_vault, before_docs = snapshot([vault]), snapshot([docs])

    page = f"{badvault.GOOD_FOLDER}/{quote('Good three')}/"
    marker = "Edited while serving: 7c1e"
    with mkdocs_serve(vault, tmp_path / "serve.log", ready=page) as server:
        server.body_with(page, "Nothing else.")
        with edited.open("a", encoding="utf-8") as note:  # in place: the folder itself is not touched
            note.write(f"\n{marker}\n")
        server.body_with(page, marker)

    assert changes(before_vault, snapshot([vault])) == [f"changed {edited}"]
    assert changes(before_docs, snapshot([docs])) == [], "mkdocs serve wrote to docs/"


# --------------------------------------------------------------------------- 6. reproducible builds

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def site_bytes(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if relative == "sitemap.xml.gz":
            data = gzip.decompress(data)
        if relative in ("sitemap.xml", "sitemap.xml.gz"):
            data = LASTMOD.sub(b"", data)
        files[relative] = data
    return files


def test_two_builds_of_the_demo_vault_are_byte_identical(tmp_path: Path) -> None:
    first = run_build(DEMO_VAULT, tmp_path / "first", strict=True, timeout=FULL_TIMEOUT)
    second = run_build(DEMO_VAULT, tmp_path / "second", strict=True, timeout=FULL_TIMEOUT)
    one, two = site_bytes(first.require_site()), site_bytes(second.require_site())
    assert sorted(one) == sorted(two), f"different file lists: {sorted(set(one) ^ set(two))}"
    # Anki packages carry the time of their export (Anki updates only from newer notes);
    # tests/integration/test_integration_anki.py checks what is in them.
    different = [path for path in one if one[path] != two[path] and not path.startswith("anki/")]
    assert not different, f"files that differ between two identical builds: {different}"
    shutil.rmtree(tmp_path / "first")
    shutil.rmtree(tmp_path / "second")
