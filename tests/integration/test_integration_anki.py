"""Anki decks from real builds, read by Anki itself (the `anki` package, Anki's own library).

The vault is the demo vault plus a note of this module's own: a card with a picture and a
nested inline tag. The decks are imported into a fresh collection, then the vault is
edited, built again and imported again: the edited note is updated in place and keeps its
reviews; the others are left alone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from support import DEMO_VAULT, FIXTURES, HOOKS, REPO, build_site, mkdocs_env, soup
from vaultmark import markup

SITE_URL = "https://example.org/ml/"
PICTURE_NOTE = Path("Interview") / "Picture card.md"
PICTURE_TEXT = """---
tags: [vision]
---
Q: What does the kernel in this picture do?
A: It blurs the image: ![[conv-kernel.png]] every output is an average of its neighbours. #vision/kernels
"""
PICTURE_ID = "Interview/Picture card.md#what-does-the-kernel-in-this-picture-do"
PICTURE_SOURCE = DEMO_VAULT / "attachments" / "conv-kernel.png"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = tmp_path_factory.mktemp("anki-vault") / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    (vault / PICTURE_NOTE).write_text(PICTURE_TEXT, encoding="utf-8")
    (vault / "Courses" / "Embeds.md").write_text("![[Picture card]]\n\nAgain:\n\n![[Picture card]]\n", "utf-8")
    return vault


@pytest.fixture(scope="module")
def site(vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("anki-site")
    process = build_site(vault, site, SITE_URL=SITE_URL)
    assert process.returncode == 0, f"strict build failed:\n{process.stderr}"
    return site


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_package(col: Collection, package: Path):
    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


def study_cards(site: Path) -> dict[str, str]:
    """Each card id of the site's study index, once, with its category."""
    index = json.loads((site / "study" / "index.json").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for page in index["pages"]:
        for short in page["cards"]:
            card_id = page["source"] + short if short.startswith("#") else short
            if card_id.startswith(page["source"] + "#") or card_id not in found:
                found[card_id] = page["category"]
    return found


def notes_by_id(col: Collection) -> dict[str, object]:
    return {col.get_note(nid)["Card id"]: col.get_note(nid) for nid in col.find_notes("")}


def test_the_build_writes_a_deck_for_the_vault_and_each_category_linked_with_its_size(site: Path) -> None:
    decks = sorted(path.name for path in (site / "anki").iterdir())
    assert decks == ["ml-study-notes-courses.apkg", "ml-study-notes-interview.apkg", "ml-study-notes.apkg"]
    for page, deck in (
        ("index.html", "ml-study-notes.apkg"),
        ("categories/courses/index.html", "ml-study-notes-courses.apkg"),
    ):
        link = soup(site / page).select_one(f"article .{markup.ANKI_DECK} a[download]")
        assert link is not None and link.get_text() == "Download Anki deck"
        assert (site / page).parent.joinpath(link["href"]).resolve() == (site / "anki" / deck).resolve()
        size = round((site / "anki" / deck).stat().st_size / 1024)
        assert f"({size} KB, .apkg)" in link.parent.get_text()
    assert "vaultmark:anki-deck" not in (site / "index.html").read_text(encoding="utf-8")


def test_anki_imports_one_note_per_card_in_decks_that_mirror_the_site(site: Path, collection: Collection) -> None:
    expected = study_cards(site)
    log = import_package(collection, site / "anki" / "ml-study-notes.apkg")
    assert len(log.new) == len(expected) == collection.note_count()
    notes = notes_by_id(collection)
    assert set(notes) == set(expected)
    decks = Counter(collection.decks.name(collection.get_card(cid).did) for cid in collection.find_cards(""))
    assert decks["ML study notes::Interview::Deep learning interview"] == 8
    assert decks["ML study notes::Courses::Convolutions notebook"] == 3
    assert decks["ML study notes::Interview::Picture card"] == 1  # embedded twice elsewhere: still one note
    assert not any(name.endswith("::Embeds") for name in decks)
    for card_id, note in notes.items():
        assert f"category::{expected[card_id]}" in note.tags, (card_id, note.tags)
        anchor = card_id.split("#")[1]
        assert note["Source"].startswith(f'<a href="{SITE_URL}') and note["Source"].split('"')[1].endswith("#" + anchor)
        for field in (note["Question"], note["Answer"]):
            field = re.sub(r"<code>.*?</code>", "", field, flags=re.S)  # code may hold anything
            assert "[[" not in field and "<!--SR" not in field and not re.search(r"(^|>)\s*[QA]:", field), field
    picture = notes[PICTURE_ID]
    assert sorted(picture.tags) == ["category::Interview", "vision", "vision::kernels"]
    interview = notes[
        "Interview/Deep learning interview.md#how-many-trainable-weights-does-a-conv-layer-with-eight-5x5"
    ]
    assert "\\(" in interview["Answer"] and "$" not in interview["Answer"]  # Anki's own MathJax delimiters
    loop = next(
        note for card_id, note in notes.items() if card_id.endswith("#review-this-training-loop-what-is-wrong-with-it")
    )
    assert 'style="color:' in loop["Question"] and 'class="k"' not in loop["Question"]  # highlighting without CSS
    notebook = next(
        note for card_id, note in notes.items() if card_id.startswith("Courses/Convolutions notebook.ipynb#")
    )
    assert "\\newcommand{\\mat}" in notebook["Question"]  # the notebook's macros travel with its cards


def test_a_cards_picture_is_in_ankis_media(site: Path, collection: Collection) -> None:
    import_package(collection, site / "anki" / "ml-study-notes-interview.apkg")
    picture = notes_by_id(collection)[PICTURE_ID]
    name = re.search(r'<img[^>]*src="([^"]+)"', picture["Answer"]).group(1)
    assert "/" not in name and name.endswith(".png")
    stored = Path(collection.media.dir()) / name
    assert stored.read_bytes() == PICTURE_SOURCE.read_bytes()


def test_a_category_deck_holds_that_category_only(site: Path, collection: Collection) -> None:
    import_package(collection, site / "anki" / "ml-study-notes-courses.apkg")
    courses = [card_id for card_id, category in study_cards(site).items() if category == "Courses"]
    assert sorted(notes_by_id(collection)) == sorted(courses)


def test_exporting_again_after_an_edit_updates_that_note_and_keeps_its_reviews(
    vault: Path, site: Path, collection: Collection, tmp_path: Path
) -> None:
    import_package(collection, site / "anki" / "ml-study-notes.apkg")
    before = notes_by_id(collection)
    edited = before[PICTURE_ID]
    (card,) = edited.cards()
    card.type, card.queue, card.ivl, card.reps, card.due = 2, 2, 12, 5, collection.sched.today + 12
    collection.update_card(card)
    untouched = {card_id: note.mod for card_id, note in before.items()}

    (vault / PICTURE_NOTE).write_text(PICTURE_TEXT.replace("It blurs the image", "It smooths the image"), "utf-8")
    again = tmp_path / "again"
    process = build_site(vault, again, SITE_URL=SITE_URL)
    assert process.returncode == 0, process.stderr
    log = import_package(collection, again / "anki" / "ml-study-notes.apkg")

    after = notes_by_id(collection)
    assert collection.note_count() == len(before) and not log.new
    assert [note.fields[3] for note in log.updated] == [PICTURE_ID]
    note = after[PICTURE_ID]
    assert note.id == edited.id and "It smooths the image" in note["Answer"]
    (card,) = note.cards()
    assert (card.ivl, card.reps, card.type) == (12, 5, 2)
    assert {card_id: n.mod for card_id, n in after.items() if card_id != PICTURE_ID} == {
        card_id: mod for card_id, mod in untouched.items() if card_id != PICTURE_ID
    }


def run_anki_command(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "vaultmark", "anki", *arguments]
    env = mkdocs_env() | {"PYTHONPATH": str(HOOKS)}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_the_anki_command_writes_one_deck_of_a_category_or_a_tag(
    vault: Path, site: Path, collection: Collection, tmp_path: Path
) -> None:
    process = run_anki_command(str(vault), str(tmp_path / "courses.apkg"), "--category", "courses")
    assert process.returncode == 0, process.stderr
    assert re.fullmatch(r"vaultmark anki: \S+courses\.apkg \(\d+ KB\)\n", process.stdout), process.stdout
    import_package(collection, tmp_path / "courses.apkg")
    courses = [card_id for card_id, category in study_cards(site).items() if category == "Courses"]
    assert sorted(notes_by_id(collection)) == sorted(courses)

    process = run_anki_command(str(vault), str(tmp_path / "vision.apkg"), "--tag", "vision")
    assert process.returncode == 0, process.stderr
    other = Collection(str(tmp_path / "vision.anki2"))
    try:
        import_package(other, tmp_path / "vision.apkg")
        assert list(notes_by_id(other)) == [PICTURE_ID]
    finally:
        other.close()

    process = run_anki_command(str(vault), str(tmp_path / "none.apkg"), "--tag", "no-such-tag")
    assert process.returncode == 1
    assert "no card of tag 'no-such-tag': no Anki deck written" in process.stderr
    assert not (tmp_path / "none.apkg").exists()


def test_a_question_without_an_answer_stays_out_of_the_deck(tmp_path: Path, collection: Collection) -> None:
    site = tmp_path / "site"
    process = build_site(FIXTURES / "vaults" / "bad-cards", site, strict=False)
    assert process.returncode == 0, process.stderr
    assert "bad-cards/Broken cards.md:6: question has no answer" in process.stderr  # reported at its line
    assert "1 question(s) without an answer left out of the Anki decks" in process.stderr
    import_package(collection, site / "anki" / "ml-study-notes.apkg")
    assert list(notes_by_id(collection)) == ["Broken cards.md#a-proper-question"]


def test_decks_can_be_switched_off(tmp_path: Path) -> None:
    site = tmp_path / "site"
    process = build_site(FIXTURES / "vaults" / "cards", site, ANKI_DECKS="false")
    assert process.returncode == 0, process.stderr
    assert not (site / "anki").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Download Anki deck" not in home and "vaultmark:anki-deck" not in home
