"""What the layering promises, seen from a real build: hand-written pages are part of the
vault index before notes are normalized, the export writes exactly what the site builds from,
and a problem in an embedded note is reported at both places."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support import HOOKS, REPO, build_site, soup

LINKING_NOTE = """# Links to the help page

See [[writing-notes#Callouts|the callouts section]] of the help page.

![[writing-notes#Callout without a title]]
"""


def test_a_note_can_link_and_embed_a_hand_written_page(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / "Topics").mkdir(parents=True)
    (vault / "Topics" / "Links.md").write_text(LINKING_NOTE, encoding="utf-8")
    process = build_site(vault, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    article = soup(tmp_path / "site" / "Topics" / "Links" / "index.html").find("article")
    link = article.find("a", string="the callouts section")
    assert link is not None and link["href"] == "../../writing-notes/#callouts"
    embedded = article.select_one(".vm-embed")
    assert embedded is not None and "9 weights and one bias" in embedded.get_text(), "the section of docs/ is missing"


def test_export_writes_what_the_site_builds_from(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / "Topics").mkdir(parents=True)
    note = "---\ntitle: <b>Bold</b> & co\ntags: [<i>x</i>]\n---\nQ: Why?\nA: Because.\n"
    (vault / "Topics" / "Markup.md").write_text(note, encoding="utf-8")
    out = tmp_path / "export"
    env = {"PYTHONPATH": str(HOOKS)}
    process = subprocess.run([sys.executable, "-m", "vaultmark", "export", str(vault), str(out)], env=env, cwd=REPO)
    assert process.returncode == 0
    exported = (out / "Topics" / "Markup.md").read_text(encoding="utf-8")
    assert "title: '&lt;b&gt;Bold&lt;/b&gt; &amp; co'" in exported, exported
    assert "- '&lt;i&gt;x&lt;/i&gt;'" in exported, exported
    built = build_site(vault, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    title = soup(tmp_path / "site" / "Topics" / "Markup" / "index.html").find("title").get_text()
    assert title.startswith("<b>Bold</b> & co"), "the site shows the title as text, as the export escapes it"


def test_a_problem_in_an_embedded_note_names_both_places(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / "Topics").mkdir(parents=True)
    (vault / "Topics" / "Outer.md").write_text("# Outer\n\nIntro.\n\n![[Inner]]\n", encoding="utf-8")
    (vault / "Topics" / "Inner.md").write_text("---\ntags: [x]\n---\n# Inner\n\nSee [[Nowhere]].\n", encoding="utf-8")
    process = build_site(vault, tmp_path / "site", strict=False)
    assert process.returncode == 0, process.stderr
    pattern = r"notes/Topics/Outer\.md:5: !\[\[Inner\]\] → notes/Topics/Inner\.md:6: \[\[Nowhere\]\] does not match"
    assert re.search(pattern, process.stderr), process.stderr
    # The embedded note's own page reports it too, at its own line.
    assert re.search(r"notes/Topics/Inner\.md:6: \[\[Nowhere\]\] does not match", process.stderr)


def test_export_writes_the_tag_pages_its_chips_link_to(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / "Topics").mkdir(parents=True)
    (vault / "Topics" / "Vision.md").write_text("# Vision\n\nConvolutions see edges. #ml/vision\n", encoding="utf-8")
    out = tmp_path / "export"
    env = {"PYTHONPATH": str(HOOKS)}
    process = subprocess.run([sys.executable, "-m", "vaultmark", "export", str(vault), str(out)], env=env, cwd=REPO)
    assert process.returncode == 0
    exported = (out / "Topics" / "Vision.md").read_text(encoding="utf-8")
    chip = re.search(r"\[#ml/vision\]\((?P<url>[^)]+)\)", exported)
    assert chip is not None, exported
    target = (out / "Topics" / chip.group("url")).resolve()
    assert target == (out / "tags" / "ml" / "vision.md").resolve() and target.is_file()
    assert (out / "tags" / "ml.md").is_file(), "the parent tag's page lists the nested one"
    assert "[Vision](../../Topics/Vision.md)" in target.read_text(encoding="utf-8")
