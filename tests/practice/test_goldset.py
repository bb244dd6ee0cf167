"""A gold set scores a strategy: recall, precision, number needed to read and the records missed."""

from __future__ import annotations

import math

from searchcraft.practice import GoldSet, PracticeDatabase
from searchcraft.source import SearchResult

GOLD = GoldSet("falls", "Do exercise programmes prevent falls?", relevant={"a", "b", "c", "d"})


def test_recall_is_the_share_of_relevant_records_found():
    assert GOLD.evaluate(["a", "b", "x"]).recall == 0.5
    assert GOLD.evaluate(["a", "b", "c", "d"]).recall == 1.0


def test_precision_is_the_share_of_retrieved_records_that_are_relevant():
    assert GOLD.evaluate(["a", "b", "x", "y"]).precision == 0.5
    assert GOLD.evaluate(["a"]).precision == 1.0


def test_number_needed_to_read_is_retrieved_per_relevant_found():
    assert GOLD.evaluate(["a", "x", "y", "z"]).number_needed_to_read == 4.0
    assert GOLD.evaluate(["a", "b"]).number_needed_to_read == 1.0


def test_finding_nothing_relevant_gives_infinite_nnr_and_zero_scores():
    score = GOLD.evaluate(["x", "y"])
    assert score.recall == 0.0 and score.precision == 0.0
    assert math.isinf(score.number_needed_to_read)
    assert GOLD.evaluate([]).precision == 0.0


def test_missed_and_found_list_the_relevant_records_in_order():
    score = GOLD.evaluate(["d", "x", "b"])
    assert score.found == ("b", "d")
    assert score.missed == ("a", "c")


def test_duplicated_ids_are_counted_once():
    score = GOLD.evaluate(["a", "a", "x"])
    assert score.retrieved == 2 and score.precision == 0.5


def test_a_search_result_counts_all_its_records_even_when_only_some_ids_are_listed():
    result = SearchResult(query="falls", count=40, ids=("a", "b"))
    score = GOLD.evaluate(result)
    assert score.retrieved == 40
    assert score.precision == 2 / 40
    assert score.recall == 0.5


def test_ids_are_compared_as_text():
    gold = GoldSet("numbers", "?", relevant={1, 2})
    assert gold.evaluate(["1", "2"]).recall == 1.0
    assert gold.evaluate([1]).found == ("1",)


def test_an_empty_gold_set_has_nothing_to_miss():
    assert GoldSet("empty", "?", relevant=set()).evaluate(["a"]).recall == 1.0


def test_a_strategy_on_the_practice_database_is_scored_end_to_end():
    db = PracticeDatabase.from_records([
        {"id": "a", "title": "Exercise prevents falls"},
        {"id": "b", "title": "Balance training and falls"},
        {"id": "c", "title": "Tai chi for older people", "keywords": ["falls"]},
        {"id": "x", "title": "Falls in hospital wards"},
    ])
    gold = GoldSet("falls", "?", relevant={"a", "b", "c"})
    narrow = gold.evaluate(db.search("falls[ti] AND (exercise[ti] OR training[ti])"))
    broad = gold.evaluate(db.search("falls[tiab]"))
    assert (narrow.recall, narrow.precision, narrow.missed) == (2 / 3, 1.0, ("c",))
    assert (broad.recall, broad.precision, broad.number_needed_to_read) == (1.0, 0.75, 4 / 3)
