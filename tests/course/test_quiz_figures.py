"""The figures that module quizzes quote about the practice database are the ones the database gives.

Each test runs, on the built practice database, the strategy a quiz question describes (the same
strategy as in the module's worked example) and checks that the question's text quotes the counts
that come out. When the corpus changes, these fail and name the question to update.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searchcraft.practice import PracticeDatabase
from searchcraft.practice.corpus import load_gold_set
from searchcraft.widgets.models.quiz import load_quiz

MODULES = Path(__file__).resolve().parents[2] / "modules"

FALLS = '("Accidental Falls"[mh] OR falls[tiab] OR fall[tiab] OR falling[tiab] OR fallers[tiab])'
EXERCISE = ('("Exercise"[mh] OR "Exercise Therapy"[mh] OR "Tai Ji"[mh] OR exercise*[tiab] '
            'OR "balance training"[tiab] OR "resistance training"[tiab] OR "tai chi"[tiab] OR taiji[tiab])')


@pytest.fixture(scope="module")
def db() -> PracticeDatabase:
    return PracticeDatabase.bundled()


def question_text(module: str, question_id: str) -> str:
    """The question, its options and all their feedback, as one string to search for figures."""
    question = load_quiz(MODULES / module / "quiz.yml").question(question_id)
    return " ".join([question.text, *(f"{o.text} {o.feedback}" for o in question.options)])


def evaluate(db, gold_set: str, query: str):
    return load_gold_set(gold_set).evaluate(db.search(query))


def test_health_literacy_quiz_quotes_what_teach_back_as_a_phrase_finds(db):
    one_phrase = evaluate(db, "health-literacy-teach-back", '"teach-back"[tiab]')
    better = evaluate(db, "health-literacy-teach-back",
                      '"Teach-Back Communication"[mh] OR "teach back"[tiab] OR teachback[tiab] OR '
                      '"closing the loop"[tiab] OR "own words"[tiab] OR "show-me technique"[tiab]')
    text = question_text("hl-01-health-literacy", "heading-and-words")
    assert f"finds {len(one_phrase.found)} of the {one_phrase.relevant} relevant records" in text
    assert f"among {one_phrase.retrieved} results" in text
    assert f"the other {one_phrase.relevant - len(one_phrase.found)}" in text
    assert f"precision ({one_phrase.precision:.0%})" in text
    assert better.recall == 1.0 and f"finds all {better.relevant} at the same {better.precision:.0%}" in text


def test_planning_quiz_quotes_what_adding_the_population_loses(db):
    two = evaluate(db, "falls-exercise", f"{FALLS} AND {EXERCISE}")
    three = evaluate(db, "falls-exercise", f"{FALLS} AND {EXERCISE} AND (older[tiab] OR elderly[tiab] OR aged[tiab])")
    text = question_text("search-01-planning", "concepts")
    assert two.recall == 1.0 and f"find all {two.relevant} relevant records" in text
    assert f"lost {len(two.found) - len(three.found)} of them" in text


def test_boolean_quiz_quotes_the_and_or_counts_and_what_not_fracture_removes(db):
    text = question_text("search-05-boolean-logic", "synonyms-or")
    assert (f"falls AND fallers finds {db.count('falls[tiab] AND fallers[tiab]')} records against "
            f"{db.count('falls[tiab] OR fallers[tiab]')} for falls OR fallers") in text

    strategy = ('(falls[tiab] OR fallers[tiab] OR "Accidental Falls"[mh]) AND '
                '(exercise*[tiab] OR "tai chi"[tiab] OR "Exercise"[mh] OR "Exercise Therapy"[mh] OR "Tai Ji"[mh])')
    without = evaluate(db, "falls-exercise", strategy)
    with_not = evaluate(db, "falls-exercise", f"{strategy} NOT fracture*[tiab]")
    text = question_text("search-05-boolean-logic", "not-cost")
    assert f"finds {without.retrieved} records. Adding NOT fracture* brings it to {with_not.retrieved}" in text
    lost = len(without.found) - len(with_not.found)
    assert f"removed {lost} of the {without.relevant} relevant records" in text
    assert 0.25 <= lost / without.relevant <= 0.4, "the feedback calls this 'about a third'"


def test_refining_quiz_quotes_what_one_spelling_of_randomized_loses(db):
    start = evaluate(db, "falls-exercise-trials", f"{FALLS} AND {EXERCISE}")
    one_spelling = evaluate(db, "falls-exercise-trials", f"{FALLS} AND {EXERCISE} AND randomized[tiab]")
    text = question_text("search-06-refining", "too-many-trials")
    assert f"finds {start.retrieved} records" in text
    assert f"lost {len(start.found) - len(one_spelling.found)} of the {start.relevant} trials" in text


def test_limits_quiz_says_what_and_humans_drops_from_the_falls_search(db):
    gold = load_gold_set("falls-exercise")
    topic = f"({gold.reference_strategy})"
    everything, humans = db.search(topic), db.search(f"{topic} AND humans[mh]")
    dropped = set(everything.ids) - set(humans.ids)
    text = question_text("search-07-limits-filters", "humans-limit")
    assert f"drops all {len(dropped)} records without headings" in text
    # the feedback says none of the dropped records answers the question: hold it to that
    assert not dropped & set(gold.evaluate(everything).found)
