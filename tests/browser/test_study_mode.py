"""Study mode in a real browser: sessions, FSRS scheduling over days, progress that stays.

The site is a strict build of the demo vault plus two notes of this module's own: spaced
repetition cards (one with the plugin's `<!--SR:...-->` schedule) and a note that embeds
them twice. Dates come from Playwright's clock, in a fixed time zone, so "due tomorrow"
means the same on every machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler as fsrs_scheduler
import pytest
from playwright.sync_api import Page, expect
from test_e2e import axe_violations

from subpath_server import PREFIX, serving
from support import build_demo_with
from vaultmark import markup
from views import INTERVIEW, MATH_TIMEOUT_MS, NOTEBOOK, open_page

ZONE = ZoneInfo("Europe/Berlin")
STORE_KEY = f"vaultmark-study:{PREFIX}/"
READ_STORE = f"() => JSON.parse(localStorage.getItem({json.dumps(STORE_KEY)}) || 'null')"
FLASHCARDS = "Concepts/Flashcards/"
EMBEDS = "Interview/Embedded%20cards/"
SR_DUE = datetime(2027, 1, 10, tzinfo=ZONE)  # the schedule written in the note below
# A fixed sequence of "random" numbers, so shuffles and FSRS's fuzz are the same on every run.
SEEDED_RANDOM = """(() => {
  let seed = 42
  Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
})()"""
HALF_RANDOM = "Math.random = () => 0.5"

FLASHCARDS_NOTE = """---
tags: [flashcards]
---
What does SGD stand for::stochastic gradient descent
<!--SR:!2027-01-10,12,250-->

Which norm does weight decay penalise::the squared L2 norm of the weights
"""
EMBEDS_NOTE = """A page that reuses the flashcards twice: they stay two cards.

![[Flashcards]]

And once more, further down:

![[Flashcards]]
"""


@pytest.fixture(scope="module")
def study_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    notes = {"Concepts/Flashcards.md": FLASHCARDS_NOTE, "Interview/Embedded cards.md": EMBEDS_NOTE}
    with serving(build_demo_with(notes, tmp_path_factory.mktemp("study"))) as url:
        yield url


@pytest.fixture
def context_options() -> dict:
    return {"timezone_id": "Europe/Berlin"}


def at(page: Page, moment: datetime) -> None:
    """The browser's clock at `moment`, running from there; set before a page loads."""
    page.clock.install(time=moment)


def store(page: Page) -> dict:
    return page.evaluate(READ_STORE) or {"version": 1, "cards": {}}


def dialog(page: Page):
    return page.locator("dialog.vm-session")


def start_page_session(page: Page, cards: int):
    page.get_by_role("button", name=f"Study this page ({cards})").click()
    session = dialog(page)
    expect(session).to_be_visible()
    expect(session.locator(".vm-session__question")).not_to_be_empty()
    return session


def question_title(page: Page) -> str:
    text = dialog(page).locator(".vm-session__question").inner_text()
    return text.strip().split("\n")[0]


def grade_through(page: Page, key: str) -> list[str]:
    """Reveal and grade every card of the open session with `key`; the questions in the order shown."""
    titles = []
    session = dialog(page)
    while session.locator(".vm-session__question").count():
        titles.append(question_title(page))
        page.keyboard.press("Space")
        expect(session.locator(".vm-session__grades")).to_be_visible()
        page.keyboard.press(key)
        expect(session.locator(".vm-session__progress")).not_to_have_text(re.compile(rf"^{len(titles)} of"))
    expect(session.locator(".vm-session__summary")).to_be_visible()
    return titles


def counts(page: Page) -> str:
    return page.locator("article .vm-study__counts").first.inner_text()


def states(page: Page) -> list[str]:
    return page.locator("article .vm-state").all_text_contents()


def to_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


# --------------------------------------------------------------------------- a session


def test_study_a_page_by_keys_and_mouse_undo_and_find_the_progress_after_a_reload(
    page: Page, study_url: str, assert_offline
) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + INTERVIEW)
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 8 new · 0 known")
    opener = page.get_by_role("button", name="Study this page (8)")
    session = start_page_session(page, 8)
    expect(session).to_have_accessible_name("Deep learning interview")
    expect(session.locator(".vm-session__progress")).to_have_text("1 of 8")
    expect(session.locator(".vm-session__answer")).to_be_empty()  # the question view spoils nothing
    expect(session.get_by_role("button", name="Show answer")).to_be_focused()
    first = question_title(page)

    page.keyboard.press("Space")
    expect(session.get_by_role("region", name="Answer")).to_contain_text("608")
    expect(session.get_by_role("button", name=re.compile("^Good"))).to_be_focused()
    page.keyboard.press("3")  # Good on a new card: its next step is 10 minutes, in this session
    expect(session.locator(".vm-session__progress")).to_have_text("2 of 9")
    second = question_title(page)
    assert second != first

    session.get_by_role("button", name="Show answer").click()
    session.get_by_role("button", name=re.compile("^Again")).click()
    expect(session.locator(".vm-session__progress")).to_have_text("3 of 10")
    page.keyboard.press("u")  # undo the Again: the second card again, unrevealed, not stored
    expect(session.locator(".vm-session__progress")).to_have_text("2 of 9")
    expect(session.locator(".vm-session__answer")).to_be_empty()
    assert question_title(page) == second
    assert len(store(page)["cards"]) == 1

    page.keyboard.press("Enter")
    session.get_by_role("button", name=re.compile("^Easy")).click()
    expect(session.locator(".vm-session__progress")).to_have_text("3 of 9")
    page.keyboard.press("Escape")
    expect(session).to_be_hidden()
    expect(opener).to_be_focused()

    recorded = store(page)["cards"]
    assert len(recorded) == 2
    assert {record["card"]["state"] for record in recorded.values()} == {1, 2}  # Learning, Review
    page.reload()
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 6 new · 1 learning · 1 known")
    assert states(page)[:3] == ["learning", "known", "new"]
    assert not page.js_errors, page.js_errors
    assert_offline()


def test_the_session_ends_with_a_summary(page: Page, study_url: str) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + FLASHCARDS)
    start_page_session(page, 2)
    page.clock.run_for(1000)
    titles = grade_through(page, "4")
    assert titles == ["What does SGD stand for", "Which norm does weight decay penalise"]
    summary = dialog(page).locator(".vm-session__summary")
    expect(summary).to_contain_text("Session complete")
    expect(summary).to_contain_text(re.compile(r"2 graded · 0 again · \d+ s"))
    expect(dialog(page).get_by_role("button", name="Close").last).to_be_focused()


# --------------------------------------------------------------------------- scheduling over days


def test_cards_fall_due_on_the_days_the_fsrs_package_gives(
    page: Page, study_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.add_init_script(HALF_RANDOM)
    monkeypatch.setattr(fsrs_scheduler, "random", lambda: 0.5)
    reference = fsrs.Scheduler(desired_retention=0.9)
    first_review = datetime(2027, 3, 1, 9, 0, tzinfo=ZONE)
    at(page, first_review)
    open_page(page, study_url + INTERVIEW)
    start_page_session(page, 8)
    page.keyboard.press("Space")
    page.keyboard.press("4")
    card_id, record = next(iter(store(page)["cards"].items()))
    graded = datetime.fromtimestamp(record["last"] / 1000, UTC)  # the clock runs: when the key was pressed
    expected, _ = reference.review_card(fsrs.Card(due=first_review.astimezone(UTC)), fsrs.Rating.Easy, graded)
    assert record["card"]["state"] == int(expected.state)
    assert f"{record['card']['stability']:.4g}" == f"{expected.stability:.4g}"
    assert f"{record['card']['difficulty']:.4g}" == f"{expected.difficulty:.4g}"
    due = record["card"]["due"]
    assert due == to_ms(expected.due), f"due {due} vs py-fsrs {to_ms(expected.due)}"
    days = (expected.due - graded).days
    assert days >= 3

    page.clock.set_system_time(expected.due - timedelta(minutes=1))
    page.reload()
    assert states(page)[0] == "known"
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 7 new · 1 known")
    page.clock.set_system_time(expected.due + timedelta(minutes=1))
    page.reload()
    assert states(page)[0] == "due"
    expect(page.locator("article .vm-study__counts")).to_have_text("1 due · 7 new · 0 known")

    start_page_session(page, 8)
    page.keyboard.press("Space")
    page.keyboard.press("3")
    record = store(page)["cards"][card_id]
    second_review = datetime.fromtimestamp(record["last"] / 1000, UTC)
    expected, _ = reference.review_card(expected, fsrs.Rating.Good, second_review)
    assert record["card"]["due"] == to_ms(expected.due)
    assert f"{record['card']['stability']:.4g}" == f"{expected.stability:.4g}"
    assert record["reviews"] == 2


def test_a_card_with_a_spaced_repetition_comment_starts_due_on_its_date(page: Page, study_url: str) -> None:
    at(page, SR_DUE - timedelta(hours=12))
    open_page(page, study_url + FLASHCARDS)
    assert states(page) == ["known", "new"]
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 1 new · 1 known")
    page.clock.set_system_time(SR_DUE + timedelta(minutes=30))  # just past midnight, local time
    page.reload()
    assert states(page) == ["due", "new"]
    start_page_session(page, 2)
    page.keyboard.press("Space")
    page.keyboard.press("3")
    record = store(page)["cards"]["Concepts/Flashcards.md#what-does-sgd-stand-for"]
    assert record["card"]["state"] == 2  # Review, carried on from the plugin's schedule
    assert record["card"]["due"] > to_ms(SR_DUE + timedelta(days=10))


# --------------------------------------------------------------------------- progress


def test_export_reset_and_import_give_back_the_same_progress(page: Page, study_url: str, tmp_path: Path) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + INTERVIEW)
    start_page_session(page, 8)
    for key in ("4", "2"):
        page.keyboard.press("Space")
        page.keyboard.press(key)
    page.keyboard.press("Escape")
    before = store(page)
    assert len(before["cards"]) == 2

    open_page(page, study_url + "review/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == "vaultmark-progress" and data["cards"] == before["cards"]

    page.once("dialog", lambda confirm: confirm.accept())
    page.get_by_role("button", name=re.compile("^Reset progress")).click()
    expect(page.get_by_role("status")).to_have_text("Progress reset.")
    assert page.evaluate(READ_STORE) is None
    expect(page.locator(".vm-review__total")).to_have_text(re.compile(r"^1 due · \d+ new · 0 known$"))  # the SR card

    page.get_by_label("Progress file to import").set_input_files(exported)
    expect(page.get_by_role("status")).to_have_text("Imported: 2 cards updated.")
    assert store(page) == before
    expect(page.locator(".vm-review__total")).to_have_text(re.compile(r"1 learning · 1 known$"))

    # Import merges: per card, the later review wins.
    newer, older = sorted(before["cards"])
    data["cards"][newer] = before["cards"][newer] | {"last": before["cards"][newer]["last"] + 1000, "reviews": 9}
    data["cards"][older] = before["cards"][older] | {"last": before["cards"][older]["last"] - 1000, "reviews": 7}
    exported.write_text(json.dumps(data))
    page.get_by_label("Progress file to import").set_input_files(exported)
    expect(page.get_by_role("status")).to_have_text("Imported: 1 card updated.")
    merged = store(page)["cards"]
    assert merged[newer]["reviews"] == 9 and merged[older]["reviews"] == before["cards"][older]["reviews"]

    exported.write_text('{"cards": {}}')
    page.get_by_label("Progress file to import").set_input_files(exported)
    expect(page.get_by_role("status")).to_contain_text("Not imported: this is not a study progress file")
    assert store(page)["cards"] == merged


def test_a_reworded_question_keeps_its_history_and_a_deleted_card_is_ignored(page: Page, study_url: str) -> None:
    now = datetime(2027, 3, 1, 9, 0, tzinfo=ZONE)
    note = "Interview/Deep learning interview.md"
    known = {
        "state": 2,
        "step": None,
        "stability": 30.0,
        "difficulty": 5.0,
        "due": to_ms(now + timedelta(days=20)),
        "last_review": to_ms(now - timedelta(days=10)),
    }
    record = {"card": known, "first": to_ms(now - timedelta(days=40)), "last": known["last_review"], "reviews": 4}
    planted = {
        "version": 1,
        "cards": {
            f"{note}#how-many-weights-does-a-conv-layer-have": record | {"page": note, "ordinal": 0},  # old wording
            f"{note}#a-question-since-deleted": record | {"page": note, "ordinal": 42},
        },
    }
    page.add_init_script(f"localStorage.setItem({json.dumps(STORE_KEY)}, {json.dumps(json.dumps(planted))})")
    at(page, now)
    open_page(page, study_url + INTERVIEW)
    first_id = page.locator("article [data-card]").first.get_attribute("data-card")
    assert states(page)[:2] == ["known", "new"]
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 7 new · 1 known")
    cards = store(page)["cards"]
    assert cards[first_id]["reviews"] == 4  # the history moved to the card's new id
    assert f"{note}#how-many-weights-does-a-conv-layer-have" not in cards
    assert f"{note}#a-question-since-deleted" in cards  # kept, and ignored
    assert not page.js_errors, page.js_errors


def test_shuffle_changes_the_order_and_keeps_every_card_once(page: Page, study_url: str) -> None:
    page.add_init_script(SEEDED_RANDOM)
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + INTERVIEW)
    start_page_session(page, 8)
    in_order = grade_through(page, "4")  # Easy: no card comes back within the session
    dialog(page).get_by_role("button", name="Close").last.click()
    session = start_page_session(page, 8)
    session.get_by_role("button", name="Shuffle").click()
    shuffled = grade_through(page, "4")
    assert len(in_order) == 8 and sorted(shuffled) == sorted(in_order)
    assert len(set(shuffled)) == 8
    assert shuffled != in_order


def test_the_review_page_counts_match_the_stored_progress(page: Page, study_url: str) -> None:
    start = datetime(2027, 3, 1, 9, 0, tzinfo=ZONE)
    at(page, start)
    for path, cards, keys in ((INTERVIEW, 8, "4313"), (NOTEBOOK, 3, "41"), (FLASHCARDS, 2, "")):
        open_page(page, study_url + path)
        start_page_session(page, cards)
        for key in keys:
            page.keyboard.press("Space")
            page.keyboard.press(key)
        page.keyboard.press("Escape")
    later = start + timedelta(days=2)
    page.clock.set_system_time(later)
    open_page(page, study_url + "review/")
    index = json.loads(page.evaluate("() => fetch('../study/index.json').then((r) => r.text())"))
    recorded = store(page)["cards"]
    expected: dict[str, dict[str, int]] = {}
    seen = set()
    for entry in index["pages"]:
        for short in entry["cards"]:
            card_id = entry["source"] + short if short.startswith("#") else short
            if card_id in seen:
                continue
            seen.add(card_id)
            row = expected.setdefault(entry["category"], {"due": 0, "new": 0, "learning": 0, "known": 0})
            card = recorded.get(card_id, {}).get("card")
            if card is None and card_id in entry.get("schedules", {}):
                row["known" if SR_DUE > later else "due"] += 1
            elif card is None:
                row["new"] += 1
            elif card["due"] <= to_ms(later):
                row["due"] += 1
            else:
                row["learning" if card["state"] != 2 else "known"] += 1
    assert sum(sum(row.values()) for row in expected.values()) == len(seen)
    shown = {}
    for row in page.locator("article .vm-study table").first.locator("tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        shown[row.get_attribute("data-name")] = dict(
            zip(("due", "new", "learning", "known"), map(int, cells[:4]), strict=True)
        )
    assert shown == expected
    total = {status: sum(row[status] for row in expected.values()) for status in ("due", "new", "learning", "known")}
    learning = f" · {total['learning']} learning" if total["learning"] else ""
    expect(page.locator(".vm-review__total")).to_have_text(
        f"{total['due']} due · {total['new']} new{learning} · {total['known']} known"
    )
    week = sum(1 for record in recorded.values() if to_ms(later) < record["card"]["due"] <= to_ms(later) + 7 * 86400000)
    expect(page.locator(".vm-review__week")).to_have_text(f"{week} coming due in the next 7 days")


def test_a_card_embedded_twice_is_one_card_with_its_source_notes_progress(page: Page, study_url: str) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + EMBEDS)
    assert page.locator("article [data-card]").count() == 4
    start_page_session(page, 2)
    page.keyboard.press("Space")
    page.keyboard.press("1")  # Again: the card (due from its SR comment) goes back to learning
    page.keyboard.press("Escape")
    assert list(store(page)["cards"]) == ["Concepts/Flashcards.md#what-does-sgd-stand-for"]
    open_page(page, study_url + FLASHCARDS)
    assert states(page) == ["learning", "new"]


# --------------------------------------------------------------------------- where sessions start


def test_review_all_due_and_a_random_question_start_from_the_home_page(page: Page, study_url: str) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url)
    panel = page.locator("article .vm-study")
    expect(panel.locator(".vm-study__counts")).to_have_text(re.compile(r"^1 due · \d+ new · 0 known$"))  # the SR card
    page.keyboard.press("r")
    expect(dialog(page)).to_have_accessible_name("Random question: all notes")
    expect(dialog(page).locator(".vm-session__progress")).to_have_text("1 of 1")
    page.keyboard.press("Escape")
    panel.get_by_role("button", name="Review · 21 cards").click()  # the due card, then the daily 20 new ones
    expect(dialog(page).locator(".vm-session__progress")).to_have_text("1 of 21")
    assert question_title(page) == "What does SGD stand for"


def test_a_category_page_studies_its_own_cards(page: Page, study_url: str) -> None:
    at(page, datetime(2027, 3, 1, 9, 0, tzinfo=ZONE))
    open_page(page, study_url + "categories/courses/")
    panel = page.locator("article .vm-study")
    expect(panel.locator(".vm-study__counts")).to_have_text("0 due · 11 new · 0 known")
    panel.get_by_role("button", name="Review · 11 cards").click()
    expect(dialog(page)).to_have_accessible_name("Review: Courses")
    expect(dialog(page).locator(".vm-session__progress")).to_have_text("1 of 11")


def test_instant_navigation_sets_study_up_on_each_page(page: Page, deployed_base_url: str) -> None:
    open_page(page, deployed_base_url)
    page.evaluate("() => { window.vmNoReload = true }")
    page.locator("article a", has_text="Interview").first.click()
    page.locator("article a", has_text="Deep learning interview").first.click()
    expect(page.get_by_role("button", name="Study this page (8)")).to_be_visible()
    start_page_session(page, 8)
    dialog(page).get_by_role("link", name="Deep learning interview").click()  # to the card, closing the session
    expect(dialog(page)).to_have_count(0)
    expect(page.locator("article .vm-study__counts")).to_have_text("0 due · 8 new · 0 known")
    assert page.evaluate("() => window.vmNoReload") is True, "the page reloaded: no instant navigation"
    assert not page.js_errors, page.js_errors


# --------------------------------------------------------------------------- phone, math, accessibility


def test_a_session_on_a_phone_fits_the_screen_and_typesets_the_notebooks_macros(
    page: Page, study_url: str, assert_offline
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, study_url + NOTEBOOK)
    session = start_page_session(page, 3)
    page.keyboard.press("Space")
    answer = session.locator(".vm-session__answer")
    expect(answer.locator("mjx-container").first).to_be_visible(timeout=MATH_TIMEOUT_MS)
    assert answer.locator("mjx-merror, .mjx-merror").count() == 0  # \\mat is defined by the notebook
    assert "\\mat" not in answer.inner_text()
    widths = page.evaluate(
        """() => { const body = document.querySelector('.vm-session__body')
        return [document.documentElement.scrollWidth, body.scrollWidth, body.clientWidth] }"""
    )
    assert widths[0] <= 390 and widths[1] <= widths[2], widths
    for grade in session.locator(".vm-session__grade").all():
        box = grade.bounding_box()
        assert box is not None and box["y"] > 844 / 2 and box["y"] + box["height"] <= 844, box  # within thumb reach
        assert box["height"] >= 44
    page.keyboard.press("Escape")
    open_page(page, study_url + "review/")  # its tables scroll in their own boxes, never the page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_offline()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_session_screen_has_no_serious_accessibility_violation(page: Page, study_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, study_url + INTERVIEW)
    start_page_session(page, 8)
    page.keyboard.press("Space")
    expect(dialog(page).locator(".vm-session__grades")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "axe-core on a study session:\n  " + "\n  ".join(violations)


def test_the_home_and_category_pages_offer_their_anki_deck(page: Page, study_url: str, tmp_path: Path) -> None:
    for path, name in (("", "ml-study-notes.apkg"), ("categories/courses/", "ml-study-notes-courses.apkg")):
        open_page(page, study_url + path)
        offer = page.locator(f"article .{markup.ANKI_DECK}")
        size = re.search(r"\((\d+) KB, \.apkg\)", offer.inner_text())
        assert size, offer.inner_text()
        with page.expect_download() as download:
            offer.get_by_role("link", name="Download Anki deck").click()
        assert download.value.suggested_filename == name
        saved = tmp_path / name
        download.value.save_as(saved)
        assert round(saved.stat().st_size / 1024) == int(size.group(1))
        assert saved.read_bytes()[:2] == b"PK"  # an .apkg is a zip archive
