"""The headings vocabulary: lookup by name or entry term, explosion and browsing the tree."""

from __future__ import annotations

import pytest

from searchcraft.errors import DataFileError, QueryError
from searchcraft.practice import Vocabulary

HEADINGS = [
    {"heading": "Accidents", "tree_numbers": ["Z01"], "entry_terms": []},
    {"heading": "Accidental Falls", "tree_numbers": ["Z01.100"], "entry_terms": ["Falls"],
     "scope_note": "Falls due to slipping or tripping."},
    {"heading": "Drowning", "tree_numbers": ["Z01.200"], "entry_terms": []},
    {"heading": "Near Drowning", "tree_numbers": ["Z01.200.500"], "entry_terms": []},
    # a heading in two places in the tree
    {"heading": "Hip Fractures", "tree_numbers": ["C26.404.061", "Z01.100.300"],
     "entry_terms": ["Broken Hip"]},
    {"heading": "Wounds and Injuries", "tree_numbers": ["C26"], "entry_terms": []},
    {"heading": "Fractures, Bone", "tree_numbers": ["C26.404"], "entry_terms": ["Falls, Bone"]},
    # a sibling whose tree number merely starts with the same characters
    {"heading": "Accidents, Home", "tree_numbers": ["Z011"], "entry_terms": []},
]


@pytest.fixture()
def vocab() -> Vocabulary:
    return Vocabulary(HEADINGS)


def names(headings) -> list[str]:
    return [h.heading for h in headings]


def test_lookup_by_heading_ignores_case_and_punctuation(vocab):
    assert vocab.lookup("accidental falls").heading == "Accidental Falls"
    assert vocab.lookup("FRACTURES BONE").heading == "Fractures, Bone"


def test_lookup_by_entry_term(vocab):
    assert vocab.lookup("broken hip").heading == "Hip Fractures"
    assert vocab.lookup("Falls").scope_note == "Falls due to slipping or tripping."


def test_an_unknown_name_is_a_clear_error_and_find_returns_none(vocab):
    assert vocab.find("Nothing Like It") is None
    assert "Nothing Like It" not in vocab and "Drowning" in vocab
    with pytest.raises(QueryError, match="not a heading or entry term"):
        vocab.lookup("Nothing Like It")


def test_explode_includes_every_heading_below_in_every_place(vocab):
    assert names(vocab.explode("Accidents")) == ["Accidents", "Accidental Falls", "Hip Fractures",
                                                  "Drowning", "Near Drowning"]
    assert names(vocab.explode("Hip Fractures")) == ["Hip Fractures"]


def test_explode_follows_tree_numbers_not_string_prefixes(vocab):
    assert "Accidents, Home" not in names(vocab.explode("Accidents"))


def test_descendants_leave_out_the_heading_itself(vocab):
    assert names(vocab.descendants("Drowning")) == ["Near Drowning"]


def test_children_and_parents_browse_one_level(vocab):
    assert names(vocab.children("Accidents")) == ["Accidental Falls", "Drowning"]
    assert names(vocab.children("Accidental Falls")) == ["Hip Fractures"]
    assert names(vocab.parents("Hip Fractures")) == ["Fractures, Bone", "Accidental Falls"]
    assert vocab.parents("Accidents") == []


def test_roots_are_the_top_headings_in_tree_order(vocab):
    assert names(vocab.roots()) == ["Wounds and Injuries", "Accidents", "Accidents, Home"]


def test_a_preferred_name_wins_over_another_headings_entry_term():
    vocab = Vocabulary([{"heading": "Falls", "tree_numbers": ["A1"]},
                        {"heading": "Accidental Falls", "tree_numbers": ["A2"],
                         "entry_terms": ["Falls"]}])
    assert vocab.lookup("falls").heading == "Falls"


def test_the_vocabulary_round_trips_as_a_list_of_dicts(vocab):
    again = Vocabulary(vocab.to_list())
    assert again.to_list() == vocab.to_list()
    assert len(again) == len(HEADINGS)


def test_a_heading_listed_twice_is_a_data_error():
    with pytest.raises(DataFileError, match="appears twice"):
        Vocabulary([{"heading": "Falls", "tree_numbers": ["A1"]},
                    {"heading": "falls", "tree_numbers": ["A2"]}])


def test_a_tree_number_used_twice_is_a_data_error():
    with pytest.raises(DataFileError, match="A1"):
        Vocabulary([{"heading": "One", "tree_numbers": ["A1"]},
                    {"heading": "Two", "tree_numbers": ["A1"]}])


def test_malformed_entries_are_data_errors():
    with pytest.raises(DataFileError, match="no 'heading'"):
        Vocabulary([{"tree_numbers": ["A1"]}])
    with pytest.raises(DataFileError, match="must be a list"):
        Vocabulary([{"heading": "One", "tree_numbers": "A1"}])


def test_the_bundled_vocabulary_loads_when_the_corpus_package_has_it():
    corpus_vocabulary = pytest.importorskip("searchcraft.practice.corpus.vocabulary")
    vocab = Vocabulary(corpus_vocabulary.vocabulary())
    assert len(vocab) > 0
    for root in vocab.roots():
        assert all(d.heading in names(vocab.explode(root.heading)) for d in vocab.descendants(root.heading))
