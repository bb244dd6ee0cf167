"""The entry self-test: marking and the recommended route, with hand-worked cases."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.entry_test import QUESTIONS, EntryTestError, EntryTestModel, recommend


def answer(model, right: set[str]):
    """Answer the questions in ``right`` correctly and every other one wrongly."""
    for question in model.questions:
        wrong = (question.correct + 1) % len(question.options)
        model.choose(question.id, question.correct if question.id in right else wrong)


@pytest.mark.parametrize("right, route, scores", [
    (set(), "foundation", {"foundation": [0, 3], "practitioner": [0, 3], "advanced": [0, 3]}),
    # one foundation question wrong is still secure (2 of 3); practitioner 1 of 3 is not
    ({"f1", "f2", "p1", "a1", "a2", "a3"}, "practitioner",
     {"foundation": [2, 3], "practitioner": [1, 3], "advanced": [3, 3]}),
    # strong on advanced questions but only 1 foundation right: start at foundation
    ({"f1", "p1", "p2", "p3", "a1", "a2", "a3"}, "foundation",
     {"foundation": [1, 3], "practitioner": [3, 3], "advanced": [3, 3]}),
    ({"f1", "f2", "f3", "p2", "p3", "a3"}, "advanced",
     {"foundation": [3, 3], "practitioner": [2, 3], "advanced": [1, 3]}),
    ({q.id for q in QUESTIONS}, "advanced", {"foundation": [3, 3], "practitioner": [3, 3], "advanced": [3, 3]}),
])
def test_marking_recommends_the_first_level_that_is_not_secure(right, route, scores):
    model = EntryTestModel()
    answer(model, right)
    result = model.mark()
    assert result.route == route
    assert result.to_dict() == {"route": route, "scores": scores}
    assert result.correct == len(right)


def test_recommend_rule_by_hand():
    assert recommend({"foundation": 2, "practitioner": 2, "advanced": 2}) == "advanced"
    assert recommend({"foundation": 2, "practitioner": 2, "advanced": 0}) == "advanced"
    assert recommend({"foundation": 3, "practitioner": 1, "advanced": 3}) == "practitioner"
    assert recommend({}) == "foundation"


def test_marking_needs_every_answer_and_names_the_missing_ones():
    model = EntryTestModel()
    answer(model, set())
    model.choose("p2", None)
    model.choose("a3", None)
    with pytest.raises(EntryTestError, match="questions 5, 9 are not answered"):
        model.mark()


def test_a_changed_answer_unmarks_and_bad_answers_are_refused():
    model = EntryTestModel()
    answer(model, set())
    model.mark()
    model.choose("f1", 1)
    assert model.result is None
    with pytest.raises(EntryTestError, match="no option 4"):
        model.choose("f1", 3)
    with pytest.raises(EntryTestError, match="no question 'z9'"):
        model.choose("z9", 0)


def test_every_option_has_feedback_and_each_level_three_questions():
    for question in QUESTIONS:
        assert all(option.feedback.strip() for option in question.options)
        assert 0 <= question.correct < len(question.options)
    assert sorted(q.level for q in QUESTIONS) == ["advanced"] * 3 + ["foundation"] * 3 + ["practitioner"] * 3


def test_saved_answers_restore_and_stay_marked():
    model = EntryTestModel()
    answer(model, {"f1", "f2", "f3"})
    model.mark()
    again = EntryTestModel()
    again.restore({**model.to_state(), "answers": {**model.answers, "gone": 1, "f1": 9}})
    assert again.result is None  # f1's saved answer no longer fits, so the test is not complete
    again.restore(model.to_state())
    assert again.result is not None and again.result.route == "practitioner"
