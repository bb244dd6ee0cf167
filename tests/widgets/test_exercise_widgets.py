"""The exercise widgets used as a learner would: set values, press buttons, read what they show.

The widgets are built in this process (ipywidgets needs no front end to hold and change state), so
these tests exercise the real views over the real models.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from html import unescape

import ipywidgets as widgets
import pytest

from searchcraft.widgets import PressChecklist, QuestionFramer, Quiz, ReflectionLog, SkillsProfile

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Textarea, widgets.Text, widgets.Checkbox,
            widgets.RadioButtons, widgets.DatePicker, widgets.BoundedFloatText)


def controls_in(widget):
    """Every interactive control inside a widget tree."""
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from controls_in(child)


@pytest.mark.parametrize("make", [
    lambda: QuestionFramer(), lambda: Quiz("boolean-basics"), lambda: Quiz("question-frameworks"),
    lambda: ReflectionLog(), lambda: SkillsProfile(), lambda: PressChecklist("hand-hygiene"),
], ids=["framer", "quiz-yaml", "quiz-markdown", "reflection", "skills", "press"])
def test_every_control_has_a_label(make):
    found = list(controls_in(make()))
    assert len(found) >= 5
    unlabelled = [type(c).__name__ for c in found if not (c.description or "").strip()]
    assert unlabelled == []


def test_button_labels_are_unique_within_a_quiz():
    labels = [c.description for c in controls_in(Quiz("boolean-basics")) if isinstance(c, widgets.Button)]
    assert len(labels) == len(set(labels)) == 3


def test_quiz_checks_answers_shows_feedback_and_scores(tmp_path):
    quiz = Quiz("boolean-basics", save_to=tmp_path / "quiz.json")
    first, second, third = quiz.views
    first.choices.value = 1
    first.check.click()
    assert "Correct." in first.feedback.value and 'aria-live="polite"' in first.feedback.value
    second.boxes[0].value = True
    second.check.click()
    assert "Not quite" in second.feedback.value
    assert "you did not choose this, but it is correct" in second.feedback.value
    third.check.click()
    assert "Choose an answer before checking" in third.feedback.value
    assert "Score: 1 of 3 correct" in quiz.score.value and "(2 of 3 checked)" in quiz.score.value
    second.boxes[1].value = True  # changing an answer clears its feedback until checked again
    assert "Not quite" not in second.feedback.value
    second.check.click()
    assert "Score: 2 of 3 correct" in quiz.score.value


def test_quiz_restores_answers_checks_and_feedback(tmp_path):
    path = tmp_path / "quiz.json"
    quiz = Quiz("boolean-basics", save_to=path)
    quiz.views[1].boxes[0].value = True
    quiz.views[1].boxes[1].value = True
    quiz.views[1].check.click()
    quiz.views[2].choices.value = 0
    again = Quiz("boolean-basics", save_to=path)
    assert [b.value for b in again.views[1].boxes] == [True, True, False]
    assert again.views[2].choices.value == 0
    assert "Correct." in again.views[1].feedback.value
    assert "Score: 1 of 3 correct" in again.score.value and "(1 of 3 checked)" in again.score.value
    assert "Restored your saved work" in again.status.value


def test_a_corrupt_save_file_is_kept_aside_and_the_quiz_starts_afresh(tmp_path):
    path = tmp_path / "quiz.json"
    path.write_text("{half a file", encoding="utf-8")
    quiz = Quiz("boolean-basics", save_to=path)
    assert "could not be loaded" in quiz.status.value and "quiz.corrupt-1.json" in quiz.status.value
    assert (tmp_path / "quiz.corrupt-1.json").read_text() == "{half a file"
    quiz.views[0].choices.value = 1
    assert json.loads(path.read_text())["state"]["answers"] == {"narrow": [1]}


def test_framer_gives_advice_guidance_and_a_concept_table(tmp_path):
    framer = QuestionFramer(save_to=tmp_path / "framer.json")
    framer.question.value = "What are the experiences of family carers using respite care?"
    assert "suggests a <strong>Qualitative" in framer.advice.value
    assert "PICO is not among them" in framer.advice.value
    framer.kind.value = "qualitative"
    framer.framework.value = "PICo"
    assert list(framer.inputs) == ["Population", "Phenomenon of interest", "Context"]
    assert "Lockwood C" in framer.about.value
    assert "not among them" not in framer.advice.value
    framer.inputs["Population"].value = "family carers; caregivers"
    framer.inputs["Phenomenon of interest"].value = "respite care, short breaks"
    framer.make_table.click()
    assert "<th scope='row'>Population</th><td>family carers OR caregivers</td>" in framer.table.value
    assert framer.concept_table() == [
        {"concept": "Population", "terms": ["family carers", "caregivers"]},
        {"concept": "Phenomenon of interest", "terms": ["respite care", "short breaks"]}]
    again = QuestionFramer(save_to=tmp_path / "framer.json")
    assert again.framework.value == "PICo" and again.kind.value == "qualitative"
    assert again.inputs["Population"].value == "family carers; caregivers"


def test_reflection_log_adds_entries_and_exports_them(tmp_path):
    log = ReflectionLog("Rolfe", save_to=tmp_path / "cpd-log.json")
    assert list(log.stage_inputs) == ["What?", "So what?", "Now what?"]
    log.add.click()
    assert "needs a title" in log.status.value
    log.title.value = "Ran a PRESS peer review"
    log.date.value = date(2026, 3, 2)
    log.hours.value = 1.5
    log.area.value = "Building search strategies"
    log.stage_inputs["What?"].value = "I reviewed a colleague's MEDLINE strategy."
    log.stage_inputs["Now what?"].value = "Use the checklist on my own searches."
    log.add.click()
    assert "Added 'Ran a PRESS peer review' (1.5 hours). You left So what? blank" in unescape(log.status.value)
    assert "1.5 hours in 1 entry" in log.table.value
    assert log.title.value == "" and log.stage_inputs["What?"].value == ""
    log.export_csv.click()
    log.export_md.click()
    with (tmp_path / "cpd-log.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["title"] == "Ran a PRESS peer review" and rows[0]["model"] == "Rolfe"
    assert "## 2026-03-02: Ran a PRESS peer review" in (tmp_path / "cpd-log.md").read_text(encoding="utf-8")


def test_reflection_log_keeps_an_unfinished_draft(tmp_path):
    log = ReflectionLog(save_to=tmp_path / "cpd-log.json")
    log.reflective_model.value = "Kolb"
    log.title.value = "Half-written"
    log.stage_inputs["Concrete experience"].value = "Taught a session"
    again = ReflectionLog(save_to=tmp_path / "cpd-log.json")
    assert again.reflective_model.value == "Kolb" and again.title.value == "Half-written"
    assert again.stage_inputs["Concrete experience"].value == "Taught a session"


def test_skills_profile_shows_chart_needs_and_change_since_a_snapshot(tmp_path):
    profile = SkillsProfile(save_to=tmp_path / "skills.json")
    for dropdown in profile.ratings.values():
        dropdown.value = 3
    profile.ratings["Subject headings"].value = 1
    chart = profile.chart.value          # inline SVG, described for screen readers
    assert '<svg' in chart and 'role="img"' in chart and "<desc" in chart and "<img" not in chart
    assert "Skills profile, ratings out of 4:" in chart
    assert "Subject headings 1" in chart and "now 1, target 3" in chart
    assert "<strong>Subject headings</strong>: 1 now, target 3" in profile.needs.value
    profile.snapshot_date.value = date(2026, 1, 10)
    profile.take.click()
    assert "Snapshot saved for 2026-01-10" in profile.status.value
    profile.ratings["Subject headings"].value = 3
    profile.compare.value = "2026-01-10"
    assert "<th scope='row'>Subject headings</th><td>1</td><td>3</td><td>+2</td>" in profile.changes.value
    assert "Dotted line: ratings on 2026-01-10" in profile.chart.value
    profile.target.value = 2
    assert "You have reached your target in every area" in profile.needs.value
    again = SkillsProfile(save_to=tmp_path / "skills.json")
    assert again.model.snapshot_dates() == ["2026-01-10"] and again.ratings["Subject headings"].value == 3


def test_press_checklist_compares_marks_with_the_known_flaws(tmp_path):
    press = PressChecklist("falls-exercise", save_to=tmp_path / "press.json")
    assert len(press.line_inputs) == 11
    press.line_inputs[5].value = "boolean"   # line 6: a real flaw
    press.line_inputs[3].value = "headings"  # line 4: no flaw there
    press.compare.click()
    shown = press.result.value
    assert "You found 1 of 5 known flaws and raised 1 false alarm." in shown
    assert "<h4>Found (1)</h4>" in shown and "<h4>Missed (4)</h4>" in shown and "<h4>False alarms (1)</h4>" in shown
    press.strategy.value = "hand-hygiene"
    assert len(press.line_inputs) == 11 and press.result.value == ""
    again = PressChecklist(save_to=tmp_path / "press.json")
    assert again.strategy.value == "hand-hygiene"
    again.strategy.value = "falls-exercise"
    assert again.line_inputs[5].value == "boolean" and again.line_inputs[3].value == "headings"
