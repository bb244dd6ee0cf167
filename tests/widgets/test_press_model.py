"""PressReview: the six PRESS 2015 elements, flawed strategies, and found / missed / false alarm."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.press import (
    PRESS_ELEMENTS,
    PressError,
    PressReview,
    flawed_strategies,
    flawed_strategy,
)


def test_the_six_press_2015_elements():
    assert [name for name, _ in PRESS_ELEMENTS.values()] == [
        "Translation of the research question", "Boolean and proximity operators", "Subject headings",
        "Text word searching (free text)", "Spelling, syntax and line numbers", "Limits and filters"]


def test_at_least_three_strategies_whose_flaws_cover_every_element():
    strategies = flawed_strategies()
    assert len(strategies) >= 3
    covered = {f.element for s in strategies.values() for f in s.flaws}
    assert covered == set(PRESS_ELEMENTS)
    for strategy in strategies.values():
        assert strategy.question and strategy.database and len(strategy.flaws) >= 3
        for flaw in strategy.flaws:
            assert 1 <= flaw.line <= len(strategy.lines) and len(flaw.explanation) > 40


def test_line_references_in_the_strategies_point_backwards():
    import re
    for strategy in flawed_strategies().values():
        for number, line in enumerate(strategy.lines, start=1):
            refs = [int(r) for r in re.findall(r"(?:^|#|\s|/)(\d+)(?=\s|$|\))", line) if "yr=" not in line]
            if re.match(r"^(#\d|\d+ (and|or|not)|or/|limit \d)", line):
                assert all(r < number for r in refs), (strategy.id, number, line)


def test_comparison_sorts_marks_into_found_missed_and_false_alarms():
    review = PressReview(flawed_strategy("falls-exercise"))
    review.mark(2, "textwords")   # a real flaw
    review.mark(6, "syntax")      # right line, wrong element
    review.mark(4, "headings")    # no flaw on this line
    outcome = review.compare()
    assert [(f.line, f.element) for f in outcome.found] == [(2, "textwords")]
    assert [(f.line, f.element) for f in outcome.missed] == \
        [(6, "boolean"), (7, "headings"), (10, "syntax"), (11, "limits")]
    assert [(f.line, f.element) for f in outcome.false_alarms] == [(4, "headings"), (6, "syntax")]
    assert "under Boolean and proximity operators" in outcome.false_alarms[1].explanation
    assert "no known problem" in outcome.false_alarms[0].explanation
    assert outcome.summary() == "You found 1 of 5 known flaws and raised 2 false alarms."


def test_every_flaw_found_means_nothing_missed():
    strategy = flawed_strategy("dementia-respite")
    review = PressReview(strategy)
    for flaw in strategy.flaws:
        review.mark(flaw.line, flaw.element)
    outcome = review.compare()
    assert len(outcome.found) == len(strategy.flaws) and not outcome.missed and not outcome.false_alarms
    assert all(f.explanation for f in outcome.found)


def test_unmarking_a_line_removes_its_marks():
    review = PressReview(flawed_strategy("hand-hygiene"))
    review.mark(3, "syntax")
    review.mark(3, "textwords")
    review.unmark(3, "textwords")
    assert review.marks == {(3, "syntax")}
    review.unmark(3)
    assert review.marks == set()


@pytest.mark.parametrize("line, element, message", [(0, "boolean", "no line 0"), (99, "boolean", "no line 99"),
                                                     (1, "spelling", "not a PRESS element")])
def test_marks_off_the_strategy_are_refused(line, element, message):
    with pytest.raises(PressError, match=message):
        PressReview(flawed_strategy("hand-hygiene")).mark(line, element)


def test_state_round_trips():
    review = PressReview(flawed_strategy("hand-hygiene"))
    review.mark(11, "boolean")
    assert PressReview.from_state(review.to_state()).marks == {(11, "boolean")}
