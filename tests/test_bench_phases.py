"""bench/phases.py: how a build's time is shared out between its phases (with a fake clock:
each call of a timed function takes the seconds it is given)."""

from __future__ import annotations

import importlib

from support import bench_module

phases = bench_module("phases")
PHASES, Phase, PhaseTimer = phases.PHASES, phases.Phase, phases.PhaseTimer


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nested_primitives_count_their_own_time_and_features_own_their_callees() -> None:
    clock = FakeClock()
    timer = PhaseTimer(clock=clock)
    feature = Phase("Anki", True, ())
    markdown, highlighting = Phase("Markdown", False, ()), Phase("highlighting", False, ())

    def work(seconds: float, inner=None):
        clock.now += seconds
        if inner is not None:
            inner()

    highlight = timer.wrap(highlighting, lambda: work(2.0))
    convert = timer.wrap(markdown, lambda: work(3.0, highlight))
    anki = timer.wrap(feature, lambda: work(1.0, convert))

    convert()  # a page: 3 s of Markdown around 2 s of highlighting
    anki()  # the decks: 1 s of their own, then a field rendered with Markdown (5 s)
    assert timer.seconds == {"highlighting": 2.0, "Markdown": 3.0, "Anki": 6.0}
    assert timer.calls == {"highlighting": 1, "Markdown": 1, "Anki": 1}


def test_every_phase_target_names_a_function_of_the_installed_packages() -> None:
    for phase in PHASES:
        for target in phase.targets:
            module_name, _, qualname = target.partition(":")
            owner = importlib.import_module(module_name)
            for part in qualname.split("."):
                owner = getattr(owner, part)
            assert callable(owner), target
