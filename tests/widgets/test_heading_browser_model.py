"""HeadingBrowserModel: the tree opens and closes, headings are found by name or entry term, counts compare."""

from __future__ import annotations

import pytest
from widgets.search_corpus import small_database

from searchcraft.practice.vocabulary import HeadingNotFound
from searchcraft.widgets.models.headings import HeadingBrowserModel


@pytest.fixture(scope="module")
def db():
    return small_database()


def shown(model) -> list[tuple[str, str, int]]:
    return [(row.heading, row.tree_number, row.depth) for row in model.visible_rows()]


def test_only_the_top_of_the_tree_shows_until_a_branch_is_opened(db):
    model = HeadingBrowserModel(db.vocabulary)
    assert [r[1] for r in shown(model)] == ["C01", "G01", "M01", "N01", "N02", "Z01"]
    assert model.toggle("M01") is True
    assert shown(model)[2:5] == [("Persons", "M01", 0), ("Aged", "M01.100", 1), ("Child", "M01.200", 1)]
    aged = model.visible_rows()[3]
    assert aged.has_children and not aged.expanded
    model.toggle("M01.100")
    assert ("Aged, 80 and over", "M01.100.100", 2) in shown(model)
    assert model.toggle("M01") is False  # closing a branch hides everything below it
    assert [r[1] for r in shown(model)] == ["C01", "G01", "M01", "N01", "N02", "Z01"]


def test_a_heading_is_found_by_its_name_or_an_entry_term(db):
    model = HeadingBrowserModel(db.vocabulary)
    found = model.search("fall")
    assert [(f.heading, f.matched, f.by_entry_term) for f in found] == [
        ("Accidental Falls", "Accidental Falls", False)]
    assert [(f.heading, f.matched) for f in model.search("ELDERLY")] == [("Aged", "Elderly")]
    assert model.search("   ") == [] and model.search("martian") == []


def test_revealing_a_heading_opens_the_branches_above_it(db):
    model = HeadingBrowserModel(db.vocabulary)
    model.reveal("oldest old")  # an entry term of Aged, 80 and over
    assert model.selected == "Aged, 80 and over"
    assert ("Aged, 80 and over", "M01.100.100", 2) in shown(model)
    with pytest.raises(HeadingNotFound):
        model.reveal("Martians")


def test_details_compare_exploded_and_unexploded_counts(db):
    model = HeadingBrowserModel(db.vocabulary)
    accidents = model.details("Accidents", db)
    # nobody is indexed with Accidents itself; its narrower headings index r1, r2 (Falls) and r6 (Home)
    assert (accidents.exploded, accidents.unexploded, accidents.explosion_adds) == (3, 0, 3)
    assert (accidents.exploded_query, accidents.unexploded_query) == ('"Accidents"[mh]', '"Accidents"[mh:noexp]')
    assert accidents.narrower == ("Accidental Falls", "Accidents, Home") and accidents.broader == ()
    aged = model.details("elderly", db)
    assert (aged.heading, aged.exploded, aged.unexploded) == ("Aged", 2, 1)
    assert aged.scope_note == "A person aged 65 years or over." and "Older adults" in aged.entry_terms
    assert model.details("Aged").exploded is None  # without a source nothing is counted


def test_state_round_trips_and_ignores_places_that_no_longer_exist(db):
    model = HeadingBrowserModel(db.vocabulary)
    model.reveal("Accidental Falls")
    again = HeadingBrowserModel(db.vocabulary)
    again.restore({**model.to_state(), "expanded": [*model.to_state()["expanded"], "Q99"]})
    assert shown(again) == shown(model) and again.selected == "Accidental Falls"
