"""The evidence widgets used as a learner would: rate, type, press, read what they show, and find the
work again after a restart (a new widget on the same file)."""

from __future__ import annotations

from html import unescape

import ipywidgets as widgets
import pytest

from searchcraft.widgets import AppraisalChecklist, RiskCalculator, SummaryMarker

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Textarea, widgets.Text, widgets.ToggleButtons,
            widgets.BoundedIntText)


def controls_in(widget):
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from controls_in(child)


@pytest.mark.parametrize("make", [lambda: AppraisalChecklist(), lambda: RiskCalculator(), lambda: SummaryMarker()],
                         ids=["appraisal", "risk", "summary"])
def test_every_control_has_a_label(make):
    found = list(controls_in(make()))
    assert len(found) >= 2
    assert [type(c).__name__ for c in found if not (c.description or "").strip()] == []


def test_appraisal_ratings_get_feedback_per_item_and_survive_a_restart(tmp_path):
    saved = tmp_path / "appraisal.json"
    view = AppraisalChecklist("rct-text-reminders", save_to=saved)
    view.choices["randomised"].value = "yes"
    view.choices["question"].value = "yes"
    view.compare.click()
    shown = unescape(view.result.value)
    assert "1 of 7 items agree" in shown and "day of the week" in shown
    again = AppraisalChecklist(save_to=saved)
    assert again.record.value == "rct-text-reminders"
    assert again.choices["randomised"].value == "yes" and "Restored" in again.status.value


def test_risk_calculator_marks_each_step_and_shows_the_worked_answer(tmp_path):
    view = RiskCalculator(treated=(14, 197), control=(28, 195), save_to=tmp_path / "risk.json")
    view.steps["risk_treated"].value = "0.071"
    view.steps["nnt"].value = "13"
    view.check.click()
    shown = unescape(view.result.value)
    assert "1 of 2 steps right" in shown and "round UP to 14" in shown
    view.show.click()
    assert "rounded up to 14" in view.result.value
    view.counts[1].value = 0
    view.check.click()
    assert "no people" in view.result.value
    assert RiskCalculator(save_to=tmp_path / "risk.json").steps["nnt"].value == "13"


def test_summary_marker_marks_against_the_rubric_and_keeps_the_text(tmp_path):
    view = SummaryMarker(save_to=tmp_path / "summary.json")
    view.summary.value = "## Question\nDoes it work?\n## Bottom line\nProbably, in 7 in 100 people [1].\n"
    view.mark.click()
    shown = unescape(view.result.value)
    assert "Checked automatically:" in shown and "Marked by your tutor" in shown and "Not yet" in shown
    view.summary.value = ""
    view.mark.click()
    assert "empty" in view.result.value
    assert SummaryMarker(save_to=tmp_path / "summary.json").summary.value == ""
