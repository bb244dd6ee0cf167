"""Marking a strategy against a gold set: marks follow recall above a precision floor, and the
feedback says which concept missed each relevant record and why."""

from __future__ import annotations

import pytest

from searchcraft.practice import GoldSet, PracticeDatabase
from searchcraft.practice.exercise import ExerciseError, mark_strategy

RECORDS = [
    {"id": "r1", "title": "Exercise to prevent falls in care homes", "headings": ["Accidental Falls"]},
    {"id": "r2", "title": "Tai chi and falls in older people", "headings": ["Accidental Falls"]},
    {"id": "r3", "title": "Balance training for fallers", "headings": []},
    {"id": "r4", "title": "Exercise and mood in students", "headings": []},
    {"id": "r5", "title": "Falls from ladders at work", "headings": ["Accidental Falls"]},
] + [{"id": f"n{i}", "title": f"Unrelated record number {i}"} for i in range(40)]

GOLD = GoldSet("demo", "Does exercise prevent falls?", relevant={"r1", "r2", "r3"})


@pytest.fixture(scope="module")
def db():
    return PracticeDatabase.from_records(RECORDS)


def test_full_recall_earns_full_marks(db):
    mark = mark_strategy('(falls[tiab] OR fallers[tiab]) AND (exercise[tiab] OR "tai chi"[tiab] OR '
                         'balance[tiab])', GOLD, db=db)
    assert mark.recall == 1.0 and mark.marks == 4
    assert "It found every relevant record." in mark.feedback


def test_marks_follow_recall_rounded_down_to_the_half_mark(db):
    mark = mark_strategy("falls[tiab] AND exercise[tiab]", GOLD, out_of=5, db=db)
    assert mark.recall == pytest.approx(1 / 3)
    assert mark.marks == 1.5


def test_feedback_names_the_concept_that_missed_each_record(db):
    mark = mark_strategy("falls[tiab] AND exercise[tiab]", GOLD, db=db)
    by_id = {miss.id: miss for miss in mark.misses}
    assert set(by_id) == {"r2", "r3"}
    assert by_id["r2"].concept == "concept 2 (exercise[tiab])"
    assert by_id["r3"].concept == "concept 1 (falls[tiab])"
    assert "r3 \u201cBalance training for fallers\u201d: missed by concept 1" in mark.feedback


def test_a_strategy_below_the_precision_floor_earns_nothing(db):
    mark = mark_strategy("unrelated OR falls OR exercise OR balance", GOLD, precision_floor=0.2, db=db)
    assert mark.recall == 1.0 and mark.precision < 0.2
    assert mark.marks == 0
    assert "too broad" in mark.feedback


@pytest.mark.parametrize("strategy", ["", "   "])
def test_an_empty_strategy_is_a_clear_error(db, strategy):
    with pytest.raises(ExerciseError, match="no strategy"):
        mark_strategy(strategy, GOLD, db=db)


def test_on_the_bundled_corpus_a_missing_spelling_variant_is_named():
    mark = mark_strategy('("Accidental Falls"[mh] OR falls[tiab]) AND (exercise*[tiab] OR "Exercise"[mh] '
                         'OR "tai chi"[tiab] OR "Tai Ji"[mh]) AND randomised[tiab]', "falls-exercise-trials")
    assert mark.recall < 1
    assert any("American spelling 'randomized'" in reason for miss in mark.misses for reason in miss.reasons)


def test_the_reference_strategy_earns_full_marks_on_the_bundled_corpus():
    from searchcraft.practice.corpus import load_gold_set

    gold = load_gold_set("falls-exercise")
    mark = mark_strategy(gold.reference_strategy, gold, precision_floor=gold.min_precision)
    assert mark.marks == mark.out_of
