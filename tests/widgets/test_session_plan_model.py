"""SessionPlan: outcomes with observable verbs, each taught and checked (constructive alignment), timings that fit."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.session_plan import (
    Activity,
    Check,
    SessionPlan,
    SessionPlanError,
    outcome_verb,
    verb_category,
)


def aligned_plan() -> SessionPlan:
    return SessionPlan(
        title="Searching CINAHL for ward nurses", audience="Band 5 nurses on the surgical wards", minutes=60,
        outcomes=["Combine two concepts in a search with AND and OR",
                  "Choose CINAHL headings for a concept using the thesaurus",
                  "Evaluate whether a results list answers the question"],
        activities=[Activity("Tutor demonstrates a search on pressure ulcers", 10, [1, 2]),
                    Activity("Pairs build and run a search on their own question", 25, [1, 2]),
                    Activity("Pairs swap results lists and judge them against the question", 15, [3])],
        checks=[Check("Each pair's saved search is checked against a model answer", [1, 2]),
                Check("Exit ticket: is this results list fit for the question, and why?", [3])])


def test_an_aligned_plan_has_nothing_to_fix():
    plan = aligned_plan()
    assert plan.check() == [] and plan.aligned()
    assert plan.planned_minutes() == 50


@pytest.mark.parametrize("outcome, verb, category", [
    ("Combine two concepts with AND", "combine", "Apply"),
    ("By the end, you will be able to explain what MeSH is", "explain", "Understand"),
    ("Learners will evaluate a search strategy with PRESS", "evaluate", "Evaluate"),
    ("Design a current awareness alert", "design", "Create"),
    ("List three sources of guidelines", "list", "Remember"),
])
def test_outcome_verbs_are_found_and_sorted_into_bloom_categories(outcome, verb, category):
    assert outcome_verb(outcome) == verb and verb_category(verb) == category


def test_vague_verbs_are_blocking():
    plan = aligned_plan()
    plan.outcomes[1] = "Understand subject headings"
    messages = [str(f) for f in plan.check()]
    assert messages == ["To fix: Outcome 2: 'understand' cannot be observed. Start with what learners will do, "
                        "e.g. 'combine', 'choose', 'explain', 'evaluate'."]


def test_an_outcome_with_no_activity_or_check_is_caught():
    plan = aligned_plan()
    plan.outcomes.append("Save a search and set up an alert")
    messages = [str(f) for f in plan.check()]
    assert "To fix: Outcome 4: no activity lets learners practise it." in messages
    assert "To fix: Outcome 4: nothing checks whether learners achieved it." in messages


def test_activities_must_serve_real_outcomes_and_fit_the_time():
    plan = aligned_plan()
    plan.activities.append(Activity("Quiz on Boolean operators", 20, [5]))
    plan.activities.append(Activity("Coffee", 5, []))
    where = {f.where: f.message for f in plan.check()}
    assert "outcome 5" in where["Activity 4"] and "serves" in where["Activity 5"]
    assert where["Timing"] == "activities take 75 minutes but the session is 60."


def test_a_session_where_only_the_tutor_talks_is_caught():
    plan = aligned_plan()
    plan.activities = [Activity("Demonstrate the search", 20, [1, 2]), Activity("Present results lists", 10, [3])]
    assert any(f.where == "Activities" for f in plan.check())


def test_too_many_outcomes_for_the_time_is_advice_only():
    plan = aligned_plan()
    plan.minutes = 30
    plan.activities = [Activity("Pairs build a search", 15, [1, 2]), Activity("Pairs judge results", 10, [3])]
    findings = plan.check()
    assert [f.where for f in findings] == ["Learning outcomes"] and not findings[0].blocking
    assert plan.aligned()


def test_missing_title_audience_and_outcomes_are_reported():
    where = [f.where for f in SessionPlan(minutes=0).check()]
    assert where[:4] == ["Title", "Audience", "Length", "Learning outcomes"]


def test_alignment_table_and_text():
    rows = aligned_plan().alignment_table()
    assert [r[1] for r in rows] == ["Apply", "Apply", "Evaluate"]
    assert "   check:    Exit ticket" in aligned_plan().to_text()


def test_state_round_trips_and_bad_state_is_refused():
    plan = aligned_plan()
    assert SessionPlan.from_state(plan.to_state()) == plan
    with pytest.raises(SessionPlanError, match="could not be read"):
        SessionPlan.from_state({"activities": [{"description": "x"}]})
