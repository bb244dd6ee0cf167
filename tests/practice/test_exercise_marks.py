"""Marking a strategy against a gold set: recall first, braked by the kind of search the task asks
for, and feedback that names why each relevant record was missed, computed from the strategy given.

The tests on the bundled corpus derive every strategy from the exercise's own reference strategy
(a narrower and a broader version of it), so they hold on whatever corpus is built.
"""

from __future__ import annotations

import pytest

from searchcraft.practice import GoldSet, PracticeDatabase
from searchcraft.practice.exercise import ExerciseError, concepts_of, mark_strategy
from searchcraft.practice.purpose import PURPOSES, PurposeError, search_purpose
from searchcraft.query import And, Field, Or, parse, render

RECORDS = [
    {"id": "r1", "title": "Exercise to prevent falls in care homes", "headings": ["Accidental Falls"]},
    {"id": "r2", "title": "Tai chi and falls in older people", "headings": ["Accidental Falls"]},
    {"id": "r3", "title": "Balance training for fallers", "headings": []},
    {"id": "r4", "title": "Exercise and mood in students", "headings": []},
    {"id": "r5", "title": "Falls from ladders at work", "headings": ["Accidental Falls"]},
    {"id": "r6", "title": "A randomized trial of exercise in care homes",
     "abstract": "Older residents who fall often took part.", "headings": ["Accidental Falls"]},
    {"id": "r7", "title": "Group exercise for older people",
     "abstract": "Exercise reduced falls among older people.", "headings": ["Accidental Falls"]},
    {"id": "r8", "title": "Prevention of falls by exercise", "headings": ["Accidental Falls"]},
] + [{"id": f"n{i}", "title": f"Unrelated record number {i} on other topics"} for i in range(400)] \
  + [{"id": f"l{i}", "title": f"Falls from ladders at work, report {i}"} for i in range(30)]

GOLD = GoldSet("demo", "Does exercise prevent falls?", relevant={"r1", "r2", "r3", "r6", "r7", "r8"},
               pico={"Population": "older people", "Intervention": "exercise", "Outcome": "falls"},
               reference_strategy='("Accidental Falls"[mh] OR falls[tiab] OR fallers[tiab] OR '
                                  'fall[tiab]) AND (exercise[tiab] OR "tai chi"[tiab] OR '
                                  'balance[tiab] OR "falls prevention"[tiab])')


@pytest.fixture(scope="module")
def db():
    return PracticeDatabase.from_records(RECORDS)


def test_full_recall_earns_full_marks(db):
    mark = mark_strategy(GOLD.reference_strategy, GOLD, db=db)
    assert mark.recall == 1.0 and mark.marks == 4
    assert "It found every relevant record." in mark.feedback


def test_marks_follow_recall_rounded_down_to_the_half_mark(db):
    mark = mark_strategy("falls[ti] AND exercise[ti]", GOLD, out_of=5, db=db)
    assert mark.recall == pytest.approx(2 / 6)
    assert mark.marks == 1.5  # 5 * 2/6 = 1.67, rounded down to the half mark


def test_a_broad_sensitive_strategy_beats_a_precise_narrow_one(db):
    narrow = mark_strategy('"tai chi"[ti]', GOLD, db=db)
    broad = mark_strategy("falls[tiab] OR fallers[tiab] OR fall[tiab]", GOLD, db=db)
    assert narrow.precision > broad.precision
    assert broad.marks > narrow.marks


def test_the_brake_depends_on_the_kind_of_search(db):
    # finds 5 of 6 relevant among ~36 results: fine for a review, too noisy for a weekly alert
    strategy = "falls[tiab] OR fallers[tiab]"
    review = mark_strategy(strategy, GOLD, db=db, purpose="systematic-review")
    alert = mark_strategy(strategy, GOLD, db=db, purpose="current-awareness")
    assert review.brake == 1.0 and review.marks > 0
    assert alert.brake < review.brake and alert.marks < review.marks
    assert "current-awareness alert" in alert.feedback and "keeps" in alert.feedback


def test_a_quick_answer_is_braked_by_its_result_count():
    quick = search_purpose("quick answer")
    assert quick.brake_factor(retrieved=50, found=10, relevant=10) == 1.0
    assert quick.brake_factor(retrieved=100, found=10, relevant=10) == 0.0
    assert 0 < quick.brake_factor(retrieved=70, found=10, relevant=10) < 1
    # recall is out of what can be read: 40 of 80 relevant within 50 results is 80%
    assert quick.credit(found=40, relevant=80) == pytest.approx(0.8)


def test_a_quick_answer_that_finds_too_much_is_advised_to_apply_the_agreed_limits():
    from searchcraft.practice.corpus import load_gold_set

    gold = load_gold_set("diabetes-apps-recent")
    topic = gold.reference_strategy.split(" AND 2020:2026[dp]")[0]   # every relevant record, 138 results
    braked = mark_strategy(topic, gold, purpose="quick-answer")
    assert braked.brake < 1 and braked.recall == 1.0
    assert "limits agreed in the interview" in braked.advice[0] and "up to 50 results" in braked.advice[0]
    limited = mark_strategy(topic + " AND 2015:2026[dp]", gold, purpose="quick-answer")
    assert not any("limits agreed" in tip for tip in limited.advice)      # a limit is there: other advice
    review = mark_strategy(topic, gold, purpose="systematic-review")
    assert not any("limits agreed" in tip for tip in review.advice)


def test_the_review_ceiling_scales_to_a_small_database_but_never_brakes_the_reference():
    review = PURPOSES["systematic-review"]
    assert review.ceiling_for(database_size=10_000_000, relevant=50) == 75
    assert review.ceiling_for(database_size=8000, relevant=100) == 20
    assert review.ceiling_for(database_size=8000, relevant=100, reference_nnr=30) == 60


def test_an_unknown_purpose_is_a_clear_error():
    with pytest.raises(PurposeError, match="systematic-review"):
        search_purpose("scoping")


def test_a_strategy_that_reads_far_too_much_earns_nothing_and_says_why(db):
    mark = mark_strategy("fall* OR exercise OR balance OR unrelated", GOLD, db=db)
    assert mark.recall == 1.0 and mark.marks == 0
    assert "earns none" in mark.feedback
    # the advice is about this strategy: its untagged terms, by name
    assert any("fall*, exercise, balance, unrelated" in tip and "[tiab]" in tip for tip in mark.advice)


def test_advice_never_suggests_tiab_for_a_strategy_already_all_tiab(db):
    mark = mark_strategy("falls[tiab] OR fallers[tiab] OR exercise[tiab]", GOLD, db=db,
                         purpose="current-awareness")
    assert mark.brake < 1
    assert not any("([tiab])" in tip for tip in mark.advice)
    assert any("already in titles and abstracts" in tip or "one concept" in tip for tip in mark.advice)


def test_each_miss_names_the_word_the_record_uses(db):
    mark = mark_strategy("falls[tiab] AND exercise[tiab]", GOLD, db=db)
    reasons = {miss.id: " ".join(miss.reasons) for miss in mark.misses}
    assert "'fallers'" in reasons["r3"] or "'balance'" in reasons["r3"]
    assert "'tai chi'" in reasons["r2"]
    assert all(miss.reasons for miss in mark.misses)
    assert "not matched" not in mark.feedback


def test_a_miss_for_the_field_searched_names_the_field(db):
    mark = mark_strategy("falls[ti] AND exercise[ti]", GOLD, db=db)
    r7 = next(m for m in mark.misses if m.id == "r7")
    assert "only in its abstract" in " ".join(r7.reasons) and "titles" in " ".join(r7.reasons)


def test_a_miss_for_a_heading_names_the_heading(db):
    mark = mark_strategy("(falls[tiab] OR fallers[tiab]) AND exercise[tiab]", GOLD, db=db)
    r6 = next(m for m in mark.misses if m.id == "r6")
    assert "subject heading 'Accidental Falls'" in " ".join(r6.reasons)


def test_a_miss_for_a_phrase_says_the_words_are_there_but_apart(db):
    mark = mark_strategy('(falls[tiab] OR fallers[tiab]) AND "exercise prevention"[tiab]', GOLD, db=db)
    r8 = next(m for m in mark.misses if m.id == "r8")
    assert "not side by side" in " ".join(r8.reasons)


def test_a_miss_removed_by_not_blames_the_not(db):
    mark = mark_strategy('(falls[tiab] AND exercise[tiab]) NOT homes[tiab]', GOLD, db=db)
    r1 = next(m for m in mark.misses if m.id == "r1")
    assert "NOT" in " ".join(r1.reasons)


def test_an_ovid_or_cinahl_strategy_is_marked_the_same_as_its_pubmed_form(db):
    pubmed = mark_strategy("(falls[tiab] OR fallers[tiab]) AND exercise[tiab]", GOLD, db=db)
    ovid = mark_strategy("(falls or fallers).ti,ab.\nexercise.ti,ab.\n1 and 2", GOLD, db=db, syntax="ovid")
    cinahl = mark_strategy("(TI (falls OR fallers) OR AB (falls OR fallers)) AND (TI exercise OR AB exercise)",
                           GOLD, db=db, syntax="cinahl")
    assert pubmed.marks == ovid.marks == cinahl.marks
    assert pubmed.evaluation == ovid.evaluation == cinahl.evaluation


def test_an_old_precision_floor_is_ignored_with_a_warning(db):
    with pytest.warns(DeprecationWarning, match="precision_floor"):
        mark = mark_strategy(GOLD.reference_strategy, GOLD, db=db, precision_floor=0.99)
    assert mark.marks == 4


@pytest.mark.parametrize("strategy", ["", "   ", None])
def test_an_empty_strategy_is_a_clear_error(db, strategy):
    with pytest.raises(ExerciseError):
        mark_strategy(strategy, GOLD, db=db)


# --- every exercise of the bundled corpus: strong, narrow, broad -------------------------------

def _alternatives(concept):
    return list(concept.children) if isinstance(concept, Or) else [concept]


def _narrowed(reference: str, gold: GoldSet, db) -> str:
    """The reference with one concept's synonyms dropped (the concept whose loss costs most)."""
    tree = parse(reference)
    concepts, excluded = concepts_of(tree)
    best, best_recall = None, 2.0
    for i, concept in enumerate(concepts):
        alternatives = _alternatives(concept)
        if len(alternatives) < 2:
            continue
        kept = list(concepts)
        kept[i] = alternatives[-1]  # the last synonym only: precise, but narrow
        node = And(tuple(kept)) if len(kept) > 1 else kept[0]
        recall = gold.evaluate(db.search(node)).recall
        if recall < best_recall:
            best, best_recall = node, recall
    assert best is not None, f"{gold.name}: the reference has no concept with synonyms"
    return render(best)


def _widened(node):
    """The reference with every title/abstract search widened to text words (broad, sensitive)."""
    if isinstance(node, Field):
        fields = tuple("tw" if f in ("tiab", "ti", "ab") else f for f in node.fields)
        return Field(_widened(node.child), fields)
    if isinstance(node, (And, Or)):
        return type(node)(tuple(_widened(c) for c in node.children))
    return node


def _exercises():
    from searchcraft.practice.corpus import gold_sets

    return sorted(gold_sets().items())


@pytest.fixture(scope="module")
def bundled():
    return PracticeDatabase.bundled()


@pytest.mark.parametrize("name, gold", _exercises(), ids=[n for n, _ in _exercises()])
def test_each_exercise_marks_broad_sensitive_above_precise_narrow(bundled, name, gold):
    strong = mark_strategy(gold.reference_strategy, gold)
    narrow_strategy = _narrowed(gold.reference_strategy, gold, bundled)
    narrow = mark_strategy(narrow_strategy, gold)
    broad = mark_strategy(render(_widened(parse(gold.reference_strategy))), gold)
    assert narrow.recall < strong.recall, f"{name}: dropping synonyms should lose records"
    assert broad.recall >= strong.recall and broad.evaluation.retrieved >= strong.evaluation.retrieved
    assert strong.marks >= 0.875 * strong.out_of, f"{name}: the reference should nearly earn full marks"
    assert broad.marks > narrow.marks, (
        f"{name}: broad {broad.marks} (recall {broad.recall:.2f}, NNR {broad.number_needed_to_read:.1f}) "
        f"should beat narrow {narrow.marks} (recall {narrow.recall:.2f})")
    # the narrow strategy's misses are each explained, with advice drawn from it
    assert narrow.misses and all(miss.reasons for miss in narrow.misses)
    assert "not matched" not in narrow.feedback
    assert narrow.advice, f"{name}: a strategy that misses records should get advice"
