"""Appraisal: study designs for each kind of question, and checklist ratings of the practice records
compared item by item with the model answers."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.appraisal import (
    ANSWERS,
    CHECKLISTS,
    DESIGN_QUESTIONS,
    STUDY_DESIGNS,
    Appraisal,
    AppraisalError,
    check_design_choices,
    practice_records,
)


def test_each_practice_record_has_a_model_answer_for_every_item_of_its_checklist():
    records = practice_records()
    assert len(records) >= 3 and {r.checklist for r in records.values()} == set(CHECKLISTS)
    for record in records.values():
        assert set(record.answers) == {i.id for i in CHECKLISTS[record.checklist].items}
        for answer in record.answers.values():
            assert set(answer.accepted) <= set(ANSWERS) and len(answer.explanation) > 40


def test_the_records_differ_so_the_checklist_has_to_be_read():
    flawed = practice_records()["rct-text-reminders"].answers
    sound = practice_records()["rct-bedside-education"].answers
    assert [i for i in flawed if flawed[i].accepted[0] != sound[i].accepted[0]] == [
        "randomised", "baseline", "follow_up", "precision", "local"]


def test_ratings_are_compared_item_by_item_with_the_model_answer():
    appraisal = Appraisal("rct-text-reminders")
    appraisal.rate("question", "yes")
    appraisal.rate("randomised", "yes")          # taken in by the title
    appraisal.rate("blinding", "Can't tell")     # a second defensible answer
    feedback = appraisal.compare()
    by_item = {f.item.id: f for f in feedback.items}
    assert by_item["question"].agrees
    assert not by_item["randomised"].agrees and "day of the week" in by_item["randomised"].text()
    assert by_item["blinding"].agrees
    assert by_item["baseline"].given is None and "Not rated yet" in by_item["baseline"].text()
    assert feedback.summary() == "2 of 7 items agree with the model answer; 4 not rated yet."


def test_a_rating_can_be_cleared_and_saved_state_restores_it():
    appraisal = Appraisal("cohort-night-shifts")
    appraisal.rate("confounding", "no")
    appraisal.rate("exposure", "yes")
    appraisal.rate("exposure", None)
    restored = Appraisal.from_state(appraisal.to_state())
    assert restored.ratings == {"confounding": "no"} and restored.record.id == "cohort-night-shifts"


def test_unknown_ratings_items_and_records_are_clear_errors():
    appraisal = Appraisal("rct-bedside-education")
    with pytest.raises(AppraisalError, match="not a rating"):
        appraisal.rate("question", "maybe")
    with pytest.raises(AppraisalError, match="no item 'confounding'"):
        appraisal.rate("confounding", "yes")
    with pytest.raises(AppraisalError, match="no practice record"):
        Appraisal("rct-nonexistent")


def test_design_choices_are_marked_with_the_best_design_for_the_question():
    checks = {c.question.id: c for c in check_design_choices(
        {"q1": "rct", "q2": "cohort", "q3": "cohort", "q4": "systematic-review", "q6": "case-control", "q5": "..."})}
    assert checks["q1"].correct and checks["q3"].correct and checks["q6"].correct
    assert not checks["q2"].correct and "cross-sectional" in checks["q2"].feedback
    assert checks["q4"].correct and "qualitative" in checks["q4"].feedback
    assert "q5" not in checks


def test_a_trial_is_not_the_answer_to_a_long_term_harm_or_an_experience_question():
    checks = check_design_choices({"q6": "rct", "q4": "rct"})
    assert [c.correct for c in checks] == [False, False]


def test_every_practice_question_names_a_known_design():
    assert len(DESIGN_QUESTIONS) >= 5
    assert all(q.best in STUDY_DESIGNS for q in DESIGN_QUESTIONS.values())
    with pytest.raises(AppraisalError, match="not a study design"):
        check_design_choices({"q1": "anecdote"})


def test_a_design_limited_search_of_the_practice_database_finds_only_that_design():
    from searchcraft.practice import PracticeDatabase
    from searchcraft.widgets.models.appraisal import check_design_search, design_filter

    db = PracticeDatabase.bundled()
    limited = db.fetch(db.search(f"falls[tiab] AND {design_filter('qualitative')}").ids)
    assert check_design_search(limited, "qualitative").correct
    unlimited = check_design_search(db.fetch(db.search("falls[tiab]").ids), "qualitative")
    assert not unlimited.correct and 0 < unlimited.matching < unlimited.records
    assert "Qualitative Research" in unlimited.feedback
    assert not check_design_search([], "rct").correct
