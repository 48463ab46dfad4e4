"""The study mode's scheduler (overrides/assets/vaultmark-fsrs.js) gives the results of py-fsrs.

A table of review histories (deterministic pseudo-random ones and hand-written edge cases)
runs through the reference, `fsrs` 6.3.2's Scheduler.review_card, and through the browser
module under Node, one `node` process for the whole table. After every review both cards
must agree: state and step exactly, stability, difficulty and the retrievability before the
review to 4 significant digits, due and last review exactly. py-fsrs keeps datetimes to the
microsecond; every time in the table is a whole millisecond and every step a whole second,
so its due dates are whole milliseconds and are compared exactly, at microsecond precision.

Fuzzing is compared too: py-fsrs's `random()` is replaced by a list of numbers per history
and the module is given the same list (its `random` option), so both must draw the same
numbers at the same reviews and land on the same day.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler, State
from fsrs import scheduler as fsrs_scheduler

from support import REPO

MODULE = REPO / "overrides" / "assets" / "vaultmark-fsrs.js"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
YEAR = 365 * DAY
# Relative difference allowed for stability, difficulty and retrievability: 4 significant digits.
REL_TOL = 5e-5

# Runs the table through the module: stdin {module, histories, parameter_sets}, stdout the cards.
RUNNER = """
let input = ""
for await (const chunk of process.stdin) input += chunk
const { module, histories, parameter_sets } = JSON.parse(input)
const fsrs = await import(module)

const results = histories.map(({ options, start, initial, reviews, draws }) => {
  let used = 0
  const settings = draws === null ? options : { ...options, random: () => {
    if (used >= draws.length) throw new Error("out of random numbers")
    return draws[used++]
  } }
  let card = initial === null ? fsrs.createCard(start) : initial
  return reviews.map(([rating, at]) => {
    const retrievability = fsrs.retrievability(card, at, settings)
    card = fsrs.review(card, rating, at, settings)
    return { ...card, retrievability, draws: used }
  })
})
const rejections = parameter_sets.map(parameters => {
  try {
    fsrs.review(fsrs.createCard(0), 3, 0, { parameters })
    return null
  } catch (error) {
    return error.message
  }
})
const defaults = fsrs.DEFAULT_OPTIONS
process.stdout.write(JSON.stringify({ results, rejections, defaults }))
"""


@dataclass
class History:
    name: str
    options: dict[str, Any]  # the module's options; py-fsrs gets Scheduler.from_dict(defaults | options)
    start: int  # epoch ms
    reviews: list[tuple[int, int]] = field(default_factory=list)  # (rating, epoch ms)
    initial: dict[str, Any] | None = None  # a card to start from instead of a new one
    draws: list[float] | None = None  # py-fsrs's random() for fuzzing, in order

    def to_json(self) -> dict[str, Any]:
        return {
            "options": self.options,
            "start": self.start,
            "initial": self.initial,
            "reviews": self.reviews,
            "draws": self.draws,
        }


# --------------------------------------------------------------------------- py-fsrs


def to_datetime(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def to_microseconds(moment: datetime | None) -> int | None:
    return None if moment is None else (moment - EPOCH) // timedelta(microseconds=1)


def to_ms(moment: datetime) -> int:
    microseconds = to_microseconds(moment)
    assert microseconds is not None and microseconds % 1000 == 0
    return microseconds // 1000


def scheduler_for(options: dict[str, Any]) -> Scheduler:
    return Scheduler.from_dict({**Scheduler().to_dict(), **options})


def first_card(history: History) -> Card:
    if history.initial is None:
        return Card(card_id=0, due=to_datetime(history.start))
    initial = history.initial
    return Card(
        card_id=0,
        state=State(initial["state"]),
        step=initial["step"],
        stability=initial["stability"],
        difficulty=initial["difficulty"],
        due=to_datetime(initial["due"]),
        last_review=None if initial["last_review"] is None else to_datetime(initial["last_review"]),
    )


class Draws:
    """py-fsrs's random() while one history runs: the history's numbers, in order."""

    def __init__(self, numbers: list[float] | None) -> None:
        self.numbers = numbers or []
        self.used = 0

    def __call__(self) -> float:
        assert self.used < len(self.numbers), "py-fsrs drew more random numbers than the history has"
        self.used += 1
        return self.numbers[self.used - 1]


class Reference:
    """py-fsrs reviewing one history's card review by review."""

    def __init__(self, history: History, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scheduler = scheduler_for(history.options)
        self.card = first_card(history)
        self.draws = Draws(history.draws)
        monkeypatch.setattr(fsrs_scheduler, "random", self.draws)

    def review(self, rating: int, at: int) -> dict[str, Any]:
        moment = to_datetime(at)
        retrievability = self.scheduler.get_card_retrievability(self.card, moment)
        self.card, _ = self.scheduler.review_card(self.card, Rating(rating), moment)
        return {
            "state": int(self.card.state),
            "step": self.card.step,
            "stability": self.card.stability,
            "difficulty": self.card.difficulty,
            "due": to_microseconds(self.card.due),
            "last_review": to_microseconds(self.card.last_review),
            "retrievability": retrievability,
            "draws": self.draws.used,
        }


def run_reference(history: History, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    reference = Reference(history, monkeypatch)
    return [reference.review(rating, at) for rating, at in history.reviews]


# --------------------------------------------------------------------------- the table

SPECIAL_DRAWS = (0.0, 0.5, 0.25, 0.75, 0.1, 0.9, 1 - 2**-53)  # halves land exactly between two days


def gap(rng: random.Random, now: int, due: int) -> int:
    """How long after `now` the next review comes: from seconds to years, often when due."""
    kind = rng.choices(
        ["due", "seconds", "minutes", "hours", "day edge", "days", "months", "years"],
        weights=[30, 8, 10, 10, 6, 16, 14, 6],
    )[0]
    jitter = rng.randrange(SECOND)
    if kind == "due":
        return max(due - now, MINUTE) + int(rng.uniform(-0.1, 0.6) * max(due - now, MINUTE))
    if kind == "day edge":
        return rng.choice([DAY - 1, DAY, DAY + 1, 2 * DAY - 1, 2 * DAY])
    span = {
        "seconds": (1, 59, SECOND),
        "minutes": (1, 59, MINUTE),
        "hours": (1, 23, HOUR),
        "days": (1, 30, DAY),
        "months": (30, 400, DAY),
        "years": (1, 12, YEAR),
    }[kind]
    return rng.randint(span[0], span[1]) * span[2] + jitter


RATING_PROFILES = {
    "uniform": (1, 1, 1, 1),
    "mostly good": (1, 1, 7, 1),
    "struggling": (5, 2, 2, 1),
    "easy": (1, 1, 2, 6),
}


def random_history(name: str, seed: int, options: dict[str, Any], fuzz: bool = False) -> History:
    """A history of 1-40 reviews, each rating drawn from a profile (with runs of Again), each
    review some time after the last one; the times follow py-fsrs's due dates."""
    rng = random.Random(seed)
    options = {"enable_fuzzing": fuzz, **options}
    start = to_ms(datetime(2020, 1, 1, tzinfo=timezone.utc)) + rng.randrange(5 * YEAR)
    draws = [rng.choice(SPECIAL_DRAWS) if rng.random() < 0.25 else rng.random() for _ in range(60)] if fuzz else None
    history = History(name, options, start, draws=draws)
    weights = RATING_PROFILES[rng.choice(list(RATING_PROFILES))]
    with pytest.MonkeyPatch.context() as monkeypatch:
        reference = Reference(history, monkeypatch)
        now, again_run = start, 0
        for _ in range(rng.randint(1, 40)):
            if again_run == 0 and rng.random() < 0.05:
                again_run = rng.randint(3, 10)
            rating = 1 if again_run else rng.choices([1, 2, 3, 4], weights=weights)[0]
            again_run = max(again_run - 1, 0)
            now += gap(rng, now, to_ms(reference.card.due))
            history.reviews.append((rating, now))
            reference.review(rating, now)
    return history


def steps_history(
    name: str, options: dict[str, Any], start: int, steps: list[tuple[int, int]], initial: dict[str, Any] | None = None
) -> History:
    """A hand-written history: (rating, ms after the review before), without fuzzing."""
    history = History(name, {"enable_fuzzing": False, **options}, start, initial=initial)
    now = start
    for rating, after in steps:
        now += after
        history.reviews.append((rating, now))
    return history


def edge_cases() -> list[History]:
    start = 1_700_000_000_123
    graduated = {
        "state": 2,
        "step": None,
        "stability": 3.2,
        "difficulty": 6.5,
        "due": start,
        "last_review": start - 3 * DAY,
    }
    relearning = {**graduated, "state": 3, "step": 4}
    return [
        steps_history("easy at once", {}, start, [(4, 0)]),
        steps_history("forty Again, seconds apart", {}, start, [(1, 5 * SECOND)] * 40),
        steps_history("Again every day for forty days", {}, start, [(3, 0), (3, 10 * MINUTE)] + [(1, DAY + 7)] * 40),
        steps_history("Easy every ten years: the maximum interval", {}, start, [(4, 0)] + [(4, 10 * YEAR)] * 30),
        steps_history(
            "a day less a millisecond, then a day", {}, start, [(3, 0), (3, 10 * MINUTE), (3, DAY - 1), (3, DAY)]
        ),
        steps_history(
            "the clock goes back", {}, start, [(3, 0), (4, DAY), (3, -2 * DAY), (2, -5 * SECOND), (3, 3 * DAY)]
        ),
        steps_history(
            "same-day reviews in Review", {}, start, [(4, 0)] + [(3, HOUR), (2, HOUR), (1, HOUR), (4, HOUR)] * 3
        ),
        steps_history(
            "Hard on each learning step",
            {},
            start,
            [(2, 0), (2, 5 * MINUTE), (3, 6 * MINUTE), (2, MINUTE), (3, 11 * MINUTE)],
        ),
        steps_history(
            "lapse and relearn", {}, start, [(4, 0), (1, 8 * DAY), (2, 10 * MINUTE), (1, 15 * MINUTE), (3, 10 * MINUTE)]
        ),
        steps_history("learning beyond the steps", {}, start, [(3, 0)], {**graduated, "state": 1, "step": 5}),
        steps_history(
            "learning beyond the steps, Again", {}, start, [(1, 0), (3, MINUTE)], {**graduated, "state": 1, "step": 5}
        ),
        steps_history("relearning beyond the steps", {}, start, [(2, 0)], relearning),
        steps_history("relearning beyond the steps, Again", {}, start, [(1, 0), (2, 0), (3, MINUTE)], relearning),
        steps_history(
            "no steps at all",
            {"learning_steps": [], "relearning_steps": []},
            start,
            [(2, 0), (1, 3 * DAY), (1, HOUR), (3, DAY)],
        ),
        steps_history(
            "one learning step",
            {"learning_steps": [120], "relearning_steps": [60, 900]},
            start,
            [(2, 0), (2, 3 * MINUTE), (4, 0), (1, 5 * DAY), (2, MINUTE), (2, MINUTE), (3, MINUTE), (3, 15 * MINUTE)],
        ),
        # With these parameters and no learning steps the first interval is exactly 2.5, 4.5, 6.5 or
        # 8.5 days: Python rounds halves to the even day.
        *(
            steps_history(
                f"half a day over, rated {rating}",
                {"learning_steps": [], "parameters": [2.5, 4.5, 6.5, 8.5, *fsrs_scheduler.DEFAULT_PARAMETERS[4:]]},
                start,
                [(rating, 0), (3, 2 * DAY)],
            )
            for rating in (1, 2, 3, 4)
        ),
    ]


CUSTOM_OPTIONS = [
    {
        "desired_retention": 0.85,
        "learning_steps": [30, 300, 3600],
        "relearning_steps": [120, 1200],
        "maximum_interval": 365,
    },
    {"desired_retention": 0.85, "learning_steps": [600], "relearning_steps": [], "maximum_interval": 180},
    {"desired_retention": 0.85, "learning_steps": [], "relearning_steps": [300], "maximum_interval": 36500},
    {
        "desired_retention": 0.85,
        "learning_steps": [90, 450],
        "relearning_steps": [60, 300, 1800],
        "maximum_interval": 1000,
        "parameters": [
            0.4,
            1.1,
            3.0,
            10.0,
            5.5,
            1.2,
            2.2,
            0.02,
            1.5,
            0.2,
            1.0,
            1.8,
            0.1,
            0.3,
            1.2,
            0.4,
            2.5,
            0.7,
            0.3,
            0.1,
            0.25,
        ],
    },
]
FUZZ_OPTIONS = [{}, {"desired_retention": 0.95, "maximum_interval": 100}]
PARAMETER_SETS = [
    list(fsrs_scheduler.DEFAULT_PARAMETERS),
    list(fsrs_scheduler.DEFAULT_PARAMETERS[:20]),
    [*fsrs_scheduler.DEFAULT_PARAMETERS[:5], 5.0, *fsrs_scheduler.DEFAULT_PARAMETERS[6:]],
    [0.0, *fsrs_scheduler.DEFAULT_PARAMETERS[1:20], 0.05],
    [
        *fsrs_scheduler.DEFAULT_PARAMETERS[:16],
        1.0,
        *fsrs_scheduler.DEFAULT_PARAMETERS[17:20],
        0.8,
    ],  # bounds are inclusive
]


def table() -> list[History]:
    histories = [random_history(f"default #{seed}", seed, {}) for seed in range(240)]
    histories += [
        random_history(
            f"custom {index % len(CUSTOM_OPTIONS)} #{index}", 1000 + index, CUSTOM_OPTIONS[index % len(CUSTOM_OPTIONS)]
        )
        for index in range(100)
    ]
    histories += [
        random_history(f"fuzzed {index % 2} #{index}", 2000 + index, FUZZ_OPTIONS[index % 2], fuzz=True)
        for index in range(60)
    ]
    return histories + edge_cases()


# --------------------------------------------------------------------------- the comparison


@pytest.fixture(scope="module")
def node() -> str:
    """Skip locally, fail in CI: CI installs Node.js (see .ci/run)."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is missing (CI=true, so this is a failure, not a skip)", pytrace=False)
        pytest.skip("node is missing: the FSRS module cannot be run")
    return found


@dataclass
class Run:
    histories: list[History]
    expected: list[list[dict[str, Any]]]
    actual: dict[str, Any]


@pytest.fixture(scope="module")
def run(node: str) -> Run:
    histories = table()
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = [run_reference(history, monkeypatch) for history in histories]
    payload = {
        "module": MODULE.as_uri(),
        "histories": [history.to_json() for history in histories],
        "parameter_sets": PARAMETER_SETS,
    }
    process = subprocess.run(
        [node, "--input-type=module", "-e", RUNNER],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 0, f"the FSRS module failed under Node:\n{process.stderr}"
    return Run(histories, expected, json.loads(process.stdout))


def difference(js: dict[str, Any], py: dict[str, Any]) -> str | None:
    """The first field where the module's card differs from py-fsrs's, or None."""
    for name in ("state", "step", "draws"):
        if js[name] != py[name]:
            return f"{name}: module {js[name]!r}, py-fsrs {py[name]!r}"
    for name in ("stability", "difficulty", "retrievability"):
        if not math.isclose(js[name], py[name], rel_tol=REL_TOL):
            return f"{name}: module {js[name]!r}, py-fsrs {py[name]!r}"
    for name in ("due", "last_review"):
        if js[name] * 1000 != py[name]:
            return f"{name}: module {js[name]!r} ms, py-fsrs {py[name] / 1000!r} ms"
    return None


def test_module_matches_py_fsrs_after_every_review(run: Run) -> None:
    problems = []
    for history, expected, actual in zip(run.histories, run.expected, run.actual["results"], strict=True):
        assert len(actual) == len(expected) == len(history.reviews), history.name
        for number, (js, py) in enumerate(zip(actual, expected, strict=True), start=1):
            found = difference(js, py)
            if found:  # later reviews only repeat the consequences
                rating, at = history.reviews[number - 1]
                problems.append(f"{history.name}, review {number} (rating {rating} at {at}): {found}")
                break
    assert not problems, f"{len(problems)} of {len(run.histories)} histories differ:\n" + "\n".join(problems[:10])


def test_table_takes_every_path(run: Run) -> None:
    """The table is big enough to mean something: every state meets every rating on the same day
    and later, and the clamps, the maximum interval and fuzzing all come up. (Difficulty never
    reaches its upper clamp, 10, with parameters inside py-fsrs's bounds.)"""
    assert len(run.histories) >= 400 and sum(len(history.reviews) for history in run.histories) > 5000
    paths, seen = set(), set()
    for history, expected in zip(run.histories, run.expected, strict=True):
        previous = first_card(history)
        before = {"state": int(previous.state), "last_review": to_microseconds(previous.last_review), "draws": 0}
        maximum = scheduler_for(history.options).maximum_interval
        for (rating, at), card in zip(history.reviews, expected, strict=True):
            last = before["last_review"]
            same_day = last is not None and (at * 1000 - last) // (DAY * 1000) < 1
            paths.add((before["state"], rating, same_day))
            seen.add(("stability floor", card["stability"] == fsrs_scheduler.STABILITY_MIN))
            seen.add(("difficulty 1", card["difficulty"] == 1.0))
            seen.add(("maximum interval", card["due"] - at * 1000 == maximum * DAY * 1000))
            seen.add(("fuzzed", card["draws"] > before["draws"]))
            seen.add(("clock back", last is not None and at * 1000 < last))
            before = card
    assert paths == {
        (state, rating, same_day) for state in (1, 2, 3) for rating in (1, 2, 3, 4) for same_day in (True, False)
    }
    assert {name for name, happened in seen if happened} == {name for name, _ in seen}


def test_defaults_and_parameter_checks_match(run: Run) -> None:
    assert run.actual["defaults"] == Scheduler().to_dict()
    for parameters, message in zip(PARAMETER_SETS, run.actual["rejections"], strict=True):
        try:
            Scheduler(parameters=parameters)
        except ValueError as error:
            assert message is not None, f"the module accepts {parameters}"
            assert re.findall(r"parameters\[\d+\]", message) == re.findall(r"parameters\[\d+\]", str(error))
        else:
            assert message is None, f"the module rejects {parameters}: {message}"
