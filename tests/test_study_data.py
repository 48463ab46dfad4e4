"""Study data from rendered pages: what a session shows of each card, and `extra.study`."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import ConfigurationError

from vaultmark_mkdocs.study import StudySettings, cards_in_html, math_macros

CARD = """<div class="vm-card" data-card="Notes/A.md#why" data-sr="2026-03-01,12,250">
<h2 id="why">Why?<a class="headerlink" href="#why" title="Permanent link">¶</a></h2>
<p>Some context.</p>
<details class="vm-answer">
<summary>Answer</summary>
<p>Because.</p>
{inner}
</details>
</div>"""
INNER = """<div class="vm-card" data-card="Notes/B.md#how">
<h3 id="how">How?</h3>
<details class="vm-answer">
<summary>Answer</summary>
<div class="admonition"><p>Like <em>this</em>.</p></div>
</details>
</div>"""


def test_a_card_is_its_question_without_the_answer_and_its_answer_without_the_fold() -> None:
    (card,) = cards_in_html("<p>before</p>" + CARD.format(inner="") + "<p>after</p>")
    assert card.id == "Notes/A.md#why" and card.schedule == "2026-03-01,12,250"
    assert card.question.startswith('<h2 id="why">Why?') and "headerlink" not in card.question
    assert card.question.endswith("<p>Some context.</p>")
    assert card.answer == "<p>Because.</p>"


def test_a_card_inside_an_answer_is_a_card_of_its_own_and_stays_in_that_answer() -> None:
    outer, inner = cards_in_html(CARD.format(inner=INNER))
    assert (outer.id, inner.id) == ("Notes/A.md#why", "Notes/B.md#how")
    assert 'data-card="Notes/B.md#how"' in outer.answer and "Like <em>this</em>" in outer.answer
    assert inner.answer == '<div class="admonition"><p>Like <em>this</em>.</p></div>'
    assert "<details" not in inner.question


def test_ids_with_quotes_and_ampersands_come_back_as_written() -> None:
    html = CARD.format(inner="").replace("Notes/A.md#why", "Q &amp; A/&quot;Why&quot;.md#why")
    assert cards_in_html(html)[0].id == 'Q & A/"Why".md#why'


def test_only_formulas_that_define_macros_are_kept() -> None:
    html = (
        '<span class="arithmatex">\\(x^2\\)</span>'
        '<div class="arithmatex">\\[\\newcommand{\\mat}[1]{\\boldsymbol{#1}}\\]</div>'
        '<span class="arithmatex">\\(\\DeclareMathOperator{\\tr}{tr}\\)</span>'
    )
    assert math_macros(html) == (
        '<div class="arithmatex">\\[\\newcommand{\\mat}[1]{\\boldsymbol{#1}}\\]</div>'
        '<span class="arithmatex">\\(\\DeclareMathOperator{\\tr}{tr}\\)</span>'
    )
    assert math_macros('<span class="arithmatex">\\(x\\)</span>') == ""


def test_study_settings_default_to_fsrs_and_twenty_new_cards_a_day() -> None:
    assert StudySettings.from_config(None) == StudySettings(0.9, 20)
    assert StudySettings.from_config({"desired_retention": 0.85, "new_per_day": 0}) == StudySettings(0.85, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("often", "extra.study must be a mapping"),
        ({"retention": 0.9}, "unknown setting retention"),
        ({"desired_retention": 1.2}, "between 0 and 1"),
        ({"desired_retention": True}, "between 0 and 1"),
        ({"new_per_day": -1}, "0 or more"),
        ({"new_per_day": 2.5}, "whole number"),
    ],
)
def test_study_settings_that_fsrs_cannot_use_stop_the_build_with_what_to_write(value: object, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        StudySettings.from_config(value)
