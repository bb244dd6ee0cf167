"""Numbers in evidence: risks, NNT, odds and 95% intervals from counts, checked against values worked
by hand, and the step-by-step marking of a learner's working."""

from __future__ import annotations

import ast
import math
import sys
from pathlib import Path

import pytest

from searchcraft.widgets.models.numbers import (
    NNTInterval,
    NumbersError,
    TwoByTwo,
    check_working,
    proportion_interval,
    wilson_interval,
)

# Worked by hand: 15 of 100 treated and 25 of 100 controls had the event.
#   risks 0.15 and 0.25; RD = 0.10; RR = 0.6; RRR = 0.4; NNT = 1/0.10 = 10
#   odds 15/85 = 0.17647 and 25/75 = 0.33333; OR = 0.52941
#   SE(RD) = sqrt(0.15*0.85/100 + 0.25*0.75/100) = sqrt(0.00315) = 0.056125
#   95% CI = 0.10 -/+ 1.96*0.056125 = -0.0100 to 0.2100
SIMPLE = TwoByTwo(15, 100, 25, 100)


def test_risks_ratio_and_difference_from_a_2x2_table_match_the_hand_working():
    assert SIMPLE.risk_treated == pytest.approx(0.15)
    assert SIMPLE.risk_control == pytest.approx(0.25)
    assert SIMPLE.risk_difference == pytest.approx(0.10)
    assert SIMPLE.relative_risk == pytest.approx(0.6)
    assert SIMPLE.relative_risk_reduction == pytest.approx(0.4)


def test_nnt_from_a_2x2_table_is_one_over_the_risk_difference():
    assert SIMPLE.nnt == 10


def test_nnt_is_rounded_up_not_to_the_nearest_whole_number():
    # 14/197 v 28/195: RD = 0.143590 - 0.071066 = 0.072524; 1/RD = 13.79 -> 14.
    # 10/100 v 13/100: RD = 0.03; 1/RD = 33.33 -> 34 (nearest would give 33).
    assert TwoByTwo(14, 197, 28, 195).nnt == 14
    assert TwoByTwo(10, 100, 13, 100).nnt == 34


def test_odds_and_odds_ratio_use_non_events_as_the_denominator():
    assert SIMPLE.odds_treated == pytest.approx(15 / 85)
    assert SIMPLE.odds_control == pytest.approx(1 / 3)
    assert SIMPLE.odds_ratio == pytest.approx(0.529412, abs=1e-6)


def test_95_percent_interval_for_a_risk_difference_from_counts():
    assert SIMPLE.risk_difference_standard_error == pytest.approx(0.056125, abs=1e-6)
    low, high = SIMPLE.risk_difference_interval()
    assert low == pytest.approx(-0.0100, abs=5e-5)
    assert high == pytest.approx(0.2100, abs=5e-5)


def test_95_percent_interval_for_a_proportion_from_counts():
    # 20/100: SE = sqrt(0.2*0.8/100) = 0.04; 0.2 -/+ 0.0784
    assert proportion_interval(20, 100) == pytest.approx((0.1216, 0.2784))
    # Wilson for 0/20: centre = (1.96^2/40)/(1+1.96^2/20) = 0.080565, upper = 0.16113
    low, high = wilson_interval(0, 20)
    assert low == pytest.approx(0.0, abs=1e-9) and high == pytest.approx(0.16113, abs=1e-5)


def test_a_wald_interval_is_kept_between_nought_and_one():
    low, high = proportion_interval(1, 10)
    assert low == 0.0 and high == pytest.approx(0.1 + 1.96 * math.sqrt(0.09 / 10))


def test_nnt_interval_is_the_inverted_risk_difference_interval():
    # 14/197 v 28/195: CI for RD 0.0116 to 0.1334 -> NNTB 7.5 to 86.1
    interval = TwoByTwo(14, 197, 28, 195).nnt_interval()
    assert not interval.includes_no_effect
    assert interval.text() == "NNTB 7.5 to 86.1"


def test_nnt_interval_crossing_no_effect_runs_through_infinity():
    assert SIMPLE.nnt_interval().text() == "NNTB 4.8 to infinity to NNTH 100.0"
    assert NNTInterval(-0.2, -0.1).text() == "NNTH 5.0 to 10.0"


def test_from_cells_reads_a_textbook_2x2_layout():
    assert TwoByTwo.from_cells(15, 85, 25, 75) == SIMPLE


@pytest.mark.parametrize("counts, words", [((5, 0, 1, 10), "no people"), ((12, 10, 1, 10), "only 10 people"),
                                           ((-1, 10, 1, 10), "whole number"), ((1.5, 10, 1, 10), "whole number")])
def test_impossible_counts_are_refused_with_a_clear_message(counts, words):
    with pytest.raises(NumbersError, match=words):
        TwoByTwo(*counts)


def test_a_ratio_that_cannot_be_calculated_says_why():
    table = TwoByTwo(3, 50, 0, 50)
    with pytest.raises(NumbersError, match="No events in the control group"):
        _ = table.relative_risk
    assert "relative_risk" not in table.values() and "risk_difference" in table.values()


def test_correct_working_is_marked_right_step_by_step():
    report = check_working(SIMPLE, {"risk_treated": 0.15, "risk_control": "25%", "risk_difference": 0.1,
                                    "relative_risk": 0.6, "nnt": 10, "odds_ratio": 0.53,
                                    "rd_standard_error": 0.0561, "rd_lower": -0.01, "rd_upper": 0.21})
    assert [s.correct for s in report.steps] == [True] * 9
    assert report.correct == 9


def test_an_nnt_rounded_down_is_told_to_round_up():
    step = check_working(TwoByTwo(14, 197, 28, 195), {"nnt": 13}).steps[0]
    assert not step.correct and "round UP to 14" in step.feedback


def test_an_unrounded_nnt_is_told_to_make_it_a_whole_number():
    step = check_working(TwoByTwo(14, 197, 28, 195), {"nnt": 13.79}).steps[0]
    assert not step.correct and "whole number" in step.feedback


def test_common_slips_get_their_own_feedback():
    report = check_working(SIMPLE, {"risk_treated": 15, "risk_difference": -0.1, "odds_treated": 0.15,
                                    "odds_ratio": 1.889})
    feedback = {s.step: s.feedback for s in report.steps}
    assert "percentage" in feedback["risk_treated"]
    assert "wrong sign" in feedback["risk_difference"]
    assert "risk, not the odds" in feedback["odds_treated"]
    assert "Upside down" in feedback["odds_ratio"]
    assert report.correct == 0


def test_a_step_right_for_the_learners_own_wrong_numbers_says_so():
    report = check_working(SIMPLE, {"risk_treated": 0.15, "risk_control": 0.30, "risk_difference": 0.15, "nnt": 7})
    feedback = {s.step: s.feedback for s in report.steps}
    assert "your own earlier numbers" in feedback["risk_difference"]
    assert "Right for your risk difference" in feedback["nnt"]


def test_blank_steps_are_skipped_and_unknown_steps_named():
    assert check_working(SIMPLE, {"nnt": "", "risk_treated": "..."}).steps == []
    with pytest.raises(NumbersError, match="Unknown step"):
        check_working(SIMPLE, {"number_needed": 10})
    with pytest.raises(NumbersError, match="Cannot read"):
        check_working(SIMPLE, {"nnt": "ten"})


@pytest.mark.parametrize("module", ["numbers", "appraisal", "summary"])
def test_the_evidence_models_import_only_the_standard_library_and_the_kit(module):
    """They must run in the learner's browser: no numpy, matplotlib, YAML or ipywidgets."""
    source = Path(__import__(f"searchcraft.widgets.models.{module}", fromlist=["x"]).__file__).read_text()
    tree = ast.parse(source)
    absolute = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    absolute |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0}
    relative = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 0}
    assert absolute <= set(sys.stdlib_module_names), absolute - set(sys.stdlib_module_names)
    assert relative <= {"errors", "readability"}
