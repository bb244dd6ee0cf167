"""VennModel.from_queries: two or three searches drawn with the exact number of records in each region."""

from __future__ import annotations

import pytest
from widgets.search_corpus import small_database

from searchcraft.widgets.models.practice import practice_database
from searchcraft.widgets.models.venn import VennError, VennModel, venn_svg


def regions(model) -> dict[tuple[bool, ...], set[str]]:
    return {r.membership: set(r.ids) for r in model.regions()}


def test_two_searches_give_the_records_of_each_region():
    model = VennModel.from_queries(["falls[tiab]", "nurs*[tiab]"], small_database())
    # falls[tiab]: r1 r6; nurs*[tiab]: r1 r2 r3 r4
    assert regions(model) == {(True, True): {"r1"}, (True, False): {"r6"}, (False, True): {"r2", "r3", "r4"}}
    assert model.names == model.queries == ("falls[tiab]", "nurs*[tiab]")
    model.set_operators(["NOT"])
    assert model.result() == {"r6"}


def test_labels_can_name_the_searches():
    model = VennModel.from_queries({"Falls": "falls[tiab]", "Nurses": "nurs*[tiab]"}, small_database())
    assert model.names == ("Falls", "Nurses") and model.queries == ("falls[tiab]", "nurs*[tiab]")
    assert ">Falls</text>" in venn_svg(model)


def test_one_or_four_searches_are_refused():
    with pytest.raises(VennError, match="two or three"):
        VennModel.from_queries(["falls"], small_database())
    with pytest.raises(VennError, match="two or three"):
        VennModel.from_queries(["a", "b", "c", "d"], small_database())


def test_three_searches_on_the_bundled_corpus_use_every_record_and_match_the_boolean_counts():
    db = practice_database()
    a, b, c = "falls[tiab]", "exercise*[tiab]", '"Aged"[mh]'
    model = VennModel.from_queries([a, b, c])  # the practice database by default
    found = {r.membership: len(r.ids) for r in model.regions()}
    assert sum(found.values()) == db.count(f"{a} OR {b} OR {c}") > 100  # not a first page of results
    assert found[(True, True, True)] == db.count(f"{a} AND {b} AND {c}")
    assert found[(True, False, False)] == db.count(f"({a} NOT {b}) NOT {c}")
    assert found[(False, True, True)] == db.count(f"({b} AND {c}) NOT {a}")
    model.set_operators(["AND", "OR"])
    assert len(model.result()) == db.count(f"({a} AND {b}) OR {c}")


def test_the_existing_constructor_still_takes_sets():
    model = VennModel({"falls": {"r1", "r2"}, "exercise": {"r2"}})
    assert model.queries == () and model.result() == {"r2"}
