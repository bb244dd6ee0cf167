"""Quiz files (YAML and Markdown) and QuizModel: feedback on every option, all-or-nothing scores."""

from __future__ import annotations

import pytest

from searchcraft.errors import DataFileError
from searchcraft.widgets.models.quiz import (
    QuizAnswerError,
    QuizFormatError,
    QuizModel,
    bundled_quizzes,
    load_quiz,
    parse_quiz_markdown,
    parse_quiz_yaml,
)

YAML = """
title: Operators
questions:
  - id: narrow
    question: Which operator narrows?
    type: single
    options:
      - {text: OR, correct: false, feedback: OR widens.}
      - {text: AND, correct: true, feedback: AND narrows.}
  - id: synonyms
    question: Which are synonyms for falls?
    type: multiple
    options:
      - {text: fallers, correct: true, feedback: Yes.}
      - {text: slips, correct: true, feedback: "Often, yes."}
      - {text: fractures, correct: false, feedback: "An outcome, not a synonym."}
"""

MARKDOWN = """# Operators

Tutor notes are ignored.

## Which operator narrows?
id: narrow
type: single

- [ ] OR
  > OR widens.
- [x] AND
  > AND narrows.

## Which are synonyms
for falls?
id: synonyms
type: multiple

- [x] fallers
  > Yes.
- [x] slips
  > Often,
  > yes.
- [ ] fractures
  > An outcome, not a synonym.
"""


def test_yaml_and_markdown_describe_the_same_quiz():
    from_yaml, from_markdown = parse_quiz_yaml(YAML), parse_quiz_markdown(MARKDOWN)
    assert from_yaml.title == from_markdown.title == "Operators"
    assert from_yaml.questions == from_markdown.questions


def test_a_single_answer_scores_only_when_right():
    model = QuizModel(parse_quiz_yaml(YAML))
    model.choose("narrow", [0])
    assert model.check("narrow").correct is False
    model.choose("narrow", [1])
    assert model.check("narrow").correct is True
    assert model.score().text() == "1 of 2 correct"


def test_a_multiple_answer_question_needs_exactly_the_correct_options():
    model = QuizModel(parse_quiz_yaml(YAML))
    for chosen, right in [([0], False), ([0, 1, 2], False), ([1, 0], True)]:
        model.choose("synonyms", chosen)
        assert model.check("synonyms").correct is right, chosen


def test_feedback_covers_every_option_and_says_what_was_missed():
    model = QuizModel(parse_quiz_yaml(YAML))
    model.choose("synonyms", [0, 2])
    result = model.check("synonyms")
    assert [(o.text, o.chosen, o.correct) for o in result.options] == [
        ("fallers", True, True), ("slips", False, True), ("fractures", True, False)]
    assert [o.feedback for o in result.options] == ["Yes.", "Often, yes.", "An outcome, not a synonym."]
    assert result.summary() == ("Not quite: 1 chosen option is not right and 1 correct option was not "
                                "chosen. Read the feedback on each option.")


def test_changing_an_answer_unchecks_it_until_checked_again():
    model = QuizModel(parse_quiz_yaml(YAML))
    model.choose("narrow", [1])
    model.check("narrow")
    model.choose("narrow", [0])
    assert model.score().checked == 0 and model.score().correct == 0


def test_empty_and_impossible_answers_are_refused():
    model = QuizModel(parse_quiz_yaml(YAML))
    with pytest.raises(QuizAnswerError, match="Choose an answer"):
        model.check("narrow")
    with pytest.raises(QuizAnswerError, match="takes one answer"):
        model.choose("narrow", [0, 1])
    with pytest.raises(QuizAnswerError, match="no option 3"):
        model.choose("narrow", [2])
    with pytest.raises(QuizAnswerError, match="no question 'q9'"):
        model.choose("q9", [0])


def test_saved_answers_restore_and_stale_ones_are_skipped():
    model = QuizModel(parse_quiz_yaml(YAML))
    model.choose("narrow", [1])
    model.check("narrow")
    state = model.to_state()
    state["answers"]["gone"] = [0]
    state["answers"]["synonyms"] = [7]
    again = QuizModel(parse_quiz_yaml(YAML))
    again.restore(state)
    assert again.answers == {"narrow": (1,)}
    assert again.score().text() == "1 of 2 correct"


@pytest.mark.parametrize("broken, message", [
    ("questions: []", "has no questions"),
    ("questions:\n  - {question: Q, type: essay, options: []}", "type 'essay'"),
    ("questions:\n  - question: Q\n    options:\n      - {text: a, correct: true}\n      - {text: b, feedback: f}",
     "option 1 has no feedback"),
    ("questions:\n  - question: Q\n    options:\n      - {text: a, correct: true, feedback: f}\n"
     "      - {text: b, correct: true, feedback: f}", "single-answer but has 2 correct"),
    ("questions:\n  - question: Q\n    options:\n      - {text: a, correct: true, feedback: f}",
     "at least two options"),
    ("questions:\n  - question: Q\n    options:\n      - {text: a, correct: yes please, feedback: f}\n"
     "      - {text: b, feedback: f}", "correct must be true or false"),
    ("questions: [\n", "not valid YAML at line"),
])
def test_malformed_yaml_quizzes_say_what_and_where(broken, message):
    with pytest.raises(DataFileError, match=message):
        parse_quiz_yaml(broken, source="broken.yml")


def test_markdown_with_a_stray_line_says_which_line():
    with pytest.raises(QuizFormatError, match="line 5"):
        parse_quiz_markdown("## Q?\n- [x] a\n  > f\n- [ ] b\nstray text\n  > g\n", source="q.md")


def test_bundled_quizzes_all_load_and_can_be_loaded_from_a_path(tmp_path):
    names = bundled_quizzes()
    assert {"boolean-basics", "question-frameworks"} <= set(names)
    for name in names:
        assert load_quiz(name).questions
    path = tmp_path / "mine.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert load_quiz(path).title == "Operators"


def test_an_unknown_quiz_name_lists_the_bundled_ones():
    with pytest.raises(QuizFormatError, match="No quiz file") as caught:
        load_quiz("no-such-quiz")
    assert "boolean-basics" in caught.value.hint
