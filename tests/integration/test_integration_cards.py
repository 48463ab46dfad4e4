"""Study cards in real builds: counts per note format, category and home totals, diagnostics, ids.

The fixture vault `tests/fixtures/vaults/cards/` has one note per card format; every number
below was counted by hand from those files, never taken from the code under test.
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, build_site, soup
from vaultmark import markup

VAULTS = FIXTURES / "vaults"
CARDS = VAULTS / "cards"
BAD_CARDS = VAULTS / "bad-cards"

# Hand-counted from the fixture notes: (page dir in the site, category, cards, topics).
NOTES = {
    "Interview/QA note.md": ("Interview/QA note", "Interview", 4, 0),  # 4 `Q:` lines (two with the same slug)
    "Courses/Questionnaire.md": ("Courses/Questionnaire", "Courses", 4, 0),  # `qa: list`, 4 top-level items
    "Courses/Small notebook.ipynb": ("Courses/Small notebook", "Courses", 2, 0),  # 2 answer cells
    "Flashcards/SR note.md": ("Flashcards/SR note", "Flashcards", 3, 0),  # 2 `::` cards + 1 `?` card
    "Notes/Scribble pad.md": ("Notes/Scribble pad", "Notes", 0, 3),  # `scribbles: true`, 3 `## ` topics
}
TOTAL_NOTES = 5
TOTAL_CATEGORIES = 4
TOTAL_QUESTIONS = 13
TOTAL_TOPICS = 3
SCRIBBLE_TOPICS = {
    "Warmup schedules": "warmup-schedules",
    "Label smoothing": "label-smoothing",
    "Mixed precision": "mixed-precision",
}

SUMMARY = re.compile(
    r"vaultmark: (?P<notes>\d+) notes? in (?P<categories>\d+) categor(?:y|ies), (?P<questions>\d+) questions?, "
    r"(?P<topics>\d+) topics?, (?P<attachments>\d+) attachments?, (?P<warnings>\d+) warnings?"
)


def page_html(site: Path, page_dir: str) -> Path:
    return site / page_dir / "index.html"


def card_ids(document: BeautifulSoup) -> list[str]:
    """The anchor of every card, in page order: the heading id (notes) or the question id (notebooks)."""
    ids = []
    for card in document.select(f"article .{markup.CARD}"):
        if f"{markup.NOTEBOOK_CARD}" in card.get("class", []):
            question = document.find(attrs={"data-answer": card["id"]})
            assert question is not None, f"notebook answer card {card['id']} has no question heading"
            ids.append(question["id"])
        else:
            heading = card.find(re.compile(r"^h[2-6]$"))
            assert heading is not None and heading.get("id"), f"card without heading id: {str(card)[:200]}"
            ids.append(heading["id"])
    return ids


def all_card_ids(site: Path) -> dict[str, list[str]]:
    return {page_dir: card_ids(soup(page_html(site, page_dir))) for page_dir, *_ in NOTES.values()}


@pytest.fixture(scope="module")
def cards_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A strict build of the cards fixture vault: (site dir, build log)."""
    site = tmp_path_factory.mktemp("cards-site")
    process = build_site(CARDS, site)
    assert process.returncode == 0, f"strict build of the cards fixture failed:\n{process.stderr}"
    return site, process.stdout + process.stderr


# --- 8. card counts, log summary, category pages, home page -------------------------------------


def test_fixture_notebook_is_valid_nbformat() -> None:
    notebook = nbformat.read(CARDS / "Courses" / "Small notebook.ipynb", as_version=4)
    nbformat.validate(notebook)
    answers = [c for c in notebook.cells if c.cell_type == "markdown" and re.match(r"(?i)answer\s*:", c.source)]
    assert len(answers) == NOTES["Courses/Small notebook.ipynb"][2]


@pytest.mark.parametrize("note", sorted(NOTES))
def test_card_count_per_format(cards_build, note: str) -> None:
    site, _ = cards_build
    page_dir, _, expected, _ = NOTES[note]
    document = soup(page_html(site, page_dir))
    cards = document.select(f"article .{markup.CARD}")
    assert len(cards) == expected, f"{note}: {len(cards)} cards, expected {expected}"
    for card in cards:
        answers = card.select(f"details.{markup.ANSWER}")
        assert len(answers) == 1, str(card)[:300]
        assert answers[0].get("open") is None, f"{note}: an answer is open in the HTML"
        assert answers[0].find("summary").get_text(strip=True) == "Answer"
        assert answers[0].get_text(" ", strip=True) != "Answer", f"{note}: an answer is empty"
    if note.endswith(".ipynb"):
        questions = document.select(f"article h3.{markup.NOTEBOOK_QUESTION}")
        assert len(questions) == expected
        for question in questions:
            answer = document.find(id=question["data-answer"])
            assert answer is not None and f"{markup.NOTEBOOK_CARD}" in answer["class"]
    else:
        assert not document.select(f"article .{markup.NOTEBOOK_QUESTION}")


def test_card_answers_hold_the_right_text(cards_build) -> None:
    """Markers are gone, answers sit in the card they belong to."""
    site, _ = cards_build

    def answers(page_dir: str) -> list[str]:
        document = soup(page_html(site, page_dir))
        return [
            " ".join(d.get_text(" ").split())
            for d in document.select(f"article .{markup.CARD} details.{markup.ANSWER}")
        ]

    qa = answers("Interview/QA note")
    assert qa[0] == "Answer A multi-dimensional array with a dtype and a device."
    assert "A:" not in " ".join(qa)
    flash = answers("Flashcards/SR note")
    assert flash == ["Answer Paris", "Answer Jupiter", "Answer Red, green and blue."]
    code = (
        soup(page_html(site, "Courses/Questionnaire"))
        .select(f"article .{markup.CARD}")[2]
        .select_one("details pre code")
    )
    assert code is not None and code.get_text().strip() == "torch.Size([2, 3])"
    notebook = answers("Courses/Small notebook")
    assert notebook == ["Answer It prints 2.", "Answer Building must not depend on a kernel."]


def test_build_log_summary_has_exact_totals(cards_build) -> None:
    _, log = cards_build
    matches = SUMMARY.findall(log)
    assert len(matches) == 1, [line for line in log.splitlines() if "vaultmark:" in line]
    found = SUMMARY.search(log).groupdict()
    assert {key: int(value) for key, value in found.items()} == {
        "notes": TOTAL_NOTES,
        "categories": TOTAL_CATEGORIES,
        "questions": TOTAL_QUESTIONS,
        "topics": TOTAL_TOPICS,
        "attachments": 0,
        "warnings": 0,
    }
    assert sum(count for _, _, count, _ in NOTES.values()) == TOTAL_QUESTIONS


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@pytest.mark.parametrize("category", sorted({category for _, category, _, _ in NOTES.values()}))
def test_category_page_lists_notes_with_counts(cards_build, category: str) -> None:
    site, _ = cards_build
    page = site / "categories" / category.lower() / "index.html"
    assert page.is_file(), page
    article = soup(page).select_one("article")
    notes = {path: entry for path, entry in NOTES.items() if entry[1] == category}
    questions = sum(entry[2] for entry in notes.values())
    topics = sum(entry[3] for entry in notes.values())
    summary = f"{_count(len(notes), 'note')}, {_count(questions, 'question')}"
    if topics:
        summary += f", {_count(topics, 'topic')}"
    assert article.find("p").get_text(strip=True) == summary + "."

    items = article.select(":scope > ul > li")
    assert len(items) == len(notes), [li.get_text(" ", strip=True) for li in items]
    page_url = "http://site/categories/" + category.lower() + "/"
    for (path, (page_dir, _, cards, note_topics)), item in zip(
        sorted(notes.items(), key=lambda n: n[0].lower()), items, strict=False
    ):
        link = item.find("a")
        title = Path(path).stem
        assert link.get_text(strip=True) == title
        target = unquote(urlsplit(urljoin(page_url, link["href"])).path)
        assert target == f"/{page_dir}/", (link["href"], target)
        counts = _count(note_topics, "topic") if note_topics else _count(cards, "question")
        own_text = item.find(string=re.compile("—"))
        assert own_text is not None and own_text.strip() == f"— {counts}", item.get_text(" ", strip=True)
        topic_links = item.select(":scope ul a")
        assert len(topic_links) == note_topics
        if note_topics:
            target_page = soup(page_html(site, page_dir))
            assert {a.get_text(strip=True) for a in topic_links} == set(SCRIBBLE_TOPICS)
            for a in topic_links:
                url = urlsplit(urljoin(page_url, a["href"]))
                assert unquote(url.path) == f"/{page_dir}/"
                assert url.fragment == SCRIBBLE_TOPICS[a.get_text(strip=True)]
                heading = target_page.find(id=url.fragment)
                assert heading is not None and heading.name == "h2", f"anchor #{url.fragment} is broken"
                assert heading.get_text(strip=True).rstrip("¶") == a.get_text(strip=True)


def test_home_page_shows_totals(cards_build) -> None:
    site, _ = cards_build
    article = soup(site / "index.html").select_one("article")
    text = " ".join(article.get_text(" ").split())
    assert f"{TOTAL_NOTES} notes, {TOTAL_QUESTIONS} questions, {TOTAL_TOPICS} topics" in text
    assert article.find("strong", string=f"{TOTAL_NOTES} notes, {TOTAL_QUESTIONS} questions, {TOTAL_TOPICS} topics")
    entries = {
        li.find("a").get_text(strip=True): " ".join(li.get_text(" ").split())
        for li in article.select("li")
        if li.find("a", href=re.compile("categories/"))
    }
    assert set(entries) == {category for _, category, _, _ in NOTES.values()}
    for name, text in entries.items():
        notes = [entry for entry in NOTES.values() if entry[1] == name]
        expected = f"{name} — {_count(len(notes), 'note')}, {_count(sum(n[2] for n in notes), 'question')}"
        topics = sum(n[3] for n in notes)
        if topics:
            expected += f", {_count(topics, 'topic')}"
        assert text == expected


# --- 9. malformed cards fail a strict build at the right lines ----------------------------------


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [number for number, line in enumerate(lines, start=1) if line == text]
    assert len(matches) == 1, f"{text!r} should be on exactly one line of {path}"
    return matches[0]


def test_bad_cards_fail_strict_build_at_the_right_lines(tmp_path: Path) -> None:
    note = BAD_CARDS / "Broken cards.md"
    question_line = _line_of(note, "Q: What is the answer to this question?")
    answer_line = _line_of(note, "A: An answer that belongs to no question.")
    assert (question_line, answer_line) == (6, 10)  # frontmatter lines count, as in the editor

    process = build_site(BAD_CARDS, tmp_path / "site", strict=True)
    assert process.returncode != 0, "a strict build with malformed cards must fail"
    warnings = [line for line in process.stderr.splitlines() if line.startswith("WARNING")]
    prefix = "WARNING -  bad-cards/Broken cards.md"
    assert f"{prefix}:{question_line}: question has no answer: add an `A:` line after it" in warnings, warnings
    assert f"{prefix}:{answer_line}: `A:` answer has no question: add a `Q:` line before it" in warnings, warnings
    assert len(warnings) == 2, warnings
    assert re.search(r"Aborted with 2 warnings in strict mode", process.stdout + process.stderr)


def test_bad_cards_still_build_without_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    process = build_site(BAD_CARDS, site, strict=False)
    assert process.returncode == 0, process.stderr
    summary = SUMMARY.search(process.stdout + process.stderr)
    assert summary and int(summary["warnings"]) == 2 and int(summary["questions"]) == 2, summary
    document = soup(page_html(site, "Broken cards"))
    cards = document.select(f"article .{markup.CARD}")
    assert len(cards) == 2
    # The unanswered question is still a card, with a placeholder instead of an answer.
    assert "No answer yet." in cards[0].select_one(f"details.{markup.ANSWER}").get_text()


# --- 10. unique and stable ids ------------------------------------------------------------------


def _duplicates(values: list[str]) -> dict[str, int]:
    return {value: count for value, count in collections.Counter(values).items() if count > 1}


@pytest.mark.parametrize("note", sorted(NOTES))
def test_every_id_on_a_card_page_is_unique(cards_build, note: str) -> None:
    site, _ = cards_build
    document = soup(page_html(site, NOTES[note][0]))
    ids = card_ids(document)
    assert len(ids) == NOTES[note][2]
    assert not _duplicates(ids), ids
    every_id = [element["id"] for element in document.select("[id]")]
    assert not _duplicates(every_id), _duplicates(every_id)


def test_questions_with_the_same_slug_get_distinct_ids(cards_build) -> None:
    site, _ = cards_build
    ids = card_ids(soup(page_html(site, "Interview/QA note")))
    assert ids[:2] == ["what-is-a-tensor", "what-is-a-tensor-2"], ids


def test_demo_card_ids_are_unique(demo_site: Path) -> None:
    for page in sorted(demo_site.rglob("index.html")):
        document = soup(page)
        if not document.select(f"article .{markup.CARD}"):
            continue
        ids = card_ids(document)
        assert not _duplicates(ids), (page, ids)
        every_id = [element["id"] for element in document.select("[id]")]
        assert not _duplicates(every_id), (page, _duplicates(every_id))


def test_ids_are_stable_when_a_question_is_inserted_at_the_top(cards_build, tmp_path: Path) -> None:
    site, _ = cards_build
    before = all_card_ids(site)

    vault = tmp_path / "cards"
    shutil.copytree(CARDS, vault)
    note = vault / "Interview" / "QA note.md"
    text = note.read_text(encoding="utf-8")
    front, separator, body = text.partition("\n---\n")
    assert separator, "the Q/A fixture note should start with frontmatter"
    inserted = "Q: Which optimizer adapts a learning rate per weight?\nA: Adam does.\n\n"
    note.write_text(front + separator + inserted + body, encoding="utf-8")

    process = build_site(vault, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    after = all_card_ids(tmp_path / "site")

    assert after["Interview/QA note"][0] == "which-optimizer-adapts-a-learning-rate-per-weight"
    assert after["Interview/QA note"][1:] == before["Interview/QA note"], (before, after)
    for page_dir, ids in before.items():
        if page_dir != "Interview/QA note":
            assert after[page_dir] == ids, page_dir
    summary = SUMMARY.search(process.stdout + process.stderr)
    assert summary and int(summary["questions"]) == TOTAL_QUESTIONS + 1
    # The old deep links still land on the same questions.
    document = soup(page_html(tmp_path / "site", "Interview/QA note"))
    old = soup(page_html(site, "Interview/QA note"))
    for anchor in before["Interview/QA note"]:
        assert document.find(id=anchor).get_text() == old.find(id=anchor).get_text(), anchor


def test_site_ships_the_fixture_notebook_unchanged(cards_build) -> None:
    site, _ = cards_build
    shipped = site / "Courses" / "Small notebook" / "Small notebook.ipynb"
    assert shipped.read_bytes() == (CARDS / "Courses" / "Small notebook.ipynb").read_bytes()
    json.loads(shipped.read_text(encoding="utf-8"))


# --- study mode's data: the index and one card file per page -----------------------------------


def study_index(site: Path) -> dict:
    return json.loads((site / "study" / "index.json").read_text(encoding="utf-8"))


def card_file(site: Path, entry: dict) -> dict:
    return json.loads((site / entry["file"].split("?")[0]).read_text(encoding="utf-8"))


def test_the_study_index_lists_every_card_of_the_vault_once(cards_build) -> None:
    site, _ = cards_build
    index = study_index(site)
    assert index["settings"] == {"desired_retention": 0.9, "new_per_day": 20}
    pages = {entry["source"]: entry for entry in index["pages"]}
    with_cards = {path: note for path, note in NOTES.items() if note[2]}
    assert set(pages) == set(with_cards)  # the help page's example cards are not the vault's
    for path, (_, category, cards, _) in with_cards.items():
        assert pages[path]["category"] == category
        assert len(pages[path]["cards"]) == cards
        assert all(short.startswith("#") for short in pages[path]["cards"]), "own cards are written as #anchor"
    ids = [entry["source"] + short for entry in index["pages"] for short in entry["cards"]]
    assert len(ids) == len(set(ids)) == TOTAL_QUESTIONS
    assert pages["Interview/QA note.md"]["tags"] == ["interview"]
    schedules = {path: entry.get("schedules") for path, entry in pages.items() if entry.get("schedules")}
    assert schedules == {
        "Flashcards/SR note.md": {"Flashcards/SR note.md#largest-planet-in-the-solar-system": "2024-01-01,3,250"}
    }


def test_each_card_file_holds_its_pages_questions_and_answers_apart(cards_build) -> None:
    site, _ = cards_build
    for entry in study_index(site)["pages"]:
        data = card_file(site, entry)
        assert [card["id"] for card in data["cards"]] == [entry["source"] + short for short in entry["cards"]]
        for card in data["cards"]:
            assert "<details" not in card["q"] and "<summary>" not in card["a"], card
            assert 'class="headerlink"' not in card["q"]
            assert card["q"].strip() and card["a"].strip()
    notebook = next(entry for entry in study_index(site)["pages"] if entry["source"].endswith(".ipynb"))
    cards = card_file(site, notebook)["cards"]
    assert "What does <code>print(x)</code> show?" in cards[0]["q"] and "It prints 2." in cards[0]["a"]
    assert "It prints 2." not in cards[0]["q"]
    qa = next(entry for entry in study_index(site)["pages"] if entry["source"] == "Interview/QA note.md")
    for card in card_file(site, qa)["cards"]:
        assert not re.search(r"\bA:", card["a"]) and not re.search(r"\bQ:", card["q"]), card


def test_each_page_names_its_card_file_and_each_card_its_stable_id(cards_build) -> None:
    site, _ = cards_build
    for entry in study_index(site)["pages"]:
        page = soup(site / unquote(entry["url"]) / "index.html")
        marker = page.select_one(f"article .{markup.STUDY}[data-study-file]")
        assert marker is not None and marker["data-study-file"] == entry["file"]
        assert marker["data-study-source"] == entry["source"]
        version = entry["file"].split("?v=")[1]
        text = (site / entry["file"].split("?")[0]).read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode()).hexdigest().startswith(version)
        ids = [card[markup.CARD_ID_ATTRIBUTE] for card in page.select(f"article .{markup.CARD}")]
        assert ids == [entry["source"] + short for short in entry["cards"]]
        for card in page.select(f"article .{markup.CARD}:not(.{markup.NOTEBOOK_CARD})"):
            heading = card.find(re.compile("^h[2-6]$"))
            assert card[markup.CARD_ID_ATTRIBUTE] == f"{entry['source']}#{heading['id']}"
    page = soup(site / "Flashcards/SR note/index.html")
    scheduled = page.select(f"article [{markup.SCHEDULE_ATTRIBUTE}]")
    assert [card[markup.SCHEDULE_ATTRIBUTE] for card in scheduled] == ["2024-01-01,3,250"]
    assert "<!--SR" not in (site / "Flashcards/SR note/index.html").read_text(encoding="utf-8")


def test_category_and_home_pages_hold_a_study_panel(cards_build) -> None:
    site, _ = cards_build
    home = soup(site / "index.html")
    assert home.select(f"article .{markup.STUDY}[data-study-site]")
    interview = soup(site / "categories/interview/index.html")
    assert interview.select_one(f"article .{markup.STUDY}")["data-study-category"] == "Interview"
    notes = soup(site / "categories/notes/index.html")  # scribbles only: nothing to study
    assert not notes.select(f"article .{markup.STUDY}")
