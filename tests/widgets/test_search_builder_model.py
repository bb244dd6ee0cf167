"""SearchBuilderModel: previews, a numbered history with edits and deletes, results, export and marking."""

from __future__ import annotations

import csv

import pytest
from widgets.search_corpus import small_database

from searchcraft.errors import QuerySyntaxError
from searchcraft.export import read_ris
from searchcraft.practice.goldset import GoldSet
from searchcraft.practice.history import HistoryError
from searchcraft.widgets.models.builder import SearchBuilderError, SearchBuilderModel, highlight


@pytest.fixture()
def builder():
    return SearchBuilderModel(small_database())


def test_preview_counts_a_line_without_adding_it(builder):
    assert builder.preview("falls[tiab]") == 2
    assert builder.lines == []


def test_preview_understands_references_to_earlier_lines(builder):
    builder.add("falls[tiab]")
    builder.add("exercise[tiab]")
    assert builder.preview("#1 NOT #2") == 1  # r6


def test_syntax_errors_carry_the_position_of_the_problem(builder):
    with pytest.raises(QuerySyntaxError) as caught:
        builder.preview("falls[tiab] AND (exercise")
    assert caught.value.position == 16
    with pytest.raises(QuerySyntaxError) as missing:
        builder.preview("falls AND #4")
    assert missing.value.position == 10
    with pytest.raises(QuerySyntaxError):
        builder.add("falls[tiab")
    assert builder.lines == []


def test_lines_combine_and_an_edit_updates_the_lines_that_depend_on_it(builder):
    builder.add("falls[tiab]")          # r1 r6
    builder.add("nurs*[tiab]")          # r1 r2 r3 r4
    assert builder.add("#1 AND #2").count == 1
    builder.add("#3 OR exercise[tiab]")
    changes = builder.edit(1, "falls[tiab] OR falling[tiab]")  # r1 r2 r6
    assert [(c.number, c.before, c.after) for c in changes] == [(1, 2, 3), (3, 1, 2), (4, 1, 2)]
    assert builder.strategy(4) == "((falls[tiab] OR falling[tiab]) AND nurs*[tiab]) OR exercise[tiab]"


def test_a_line_others_use_cannot_be_deleted_and_numbers_are_not_reused(builder):
    builder.add("falls[tiab]")
    builder.add("exercise[tiab]")
    builder.add("#1 AND #2")
    with pytest.raises(HistoryError, match="#3 uses it"):
        builder.delete(1)
    builder.delete(3)
    assert builder.add("tai chi").number == 4
    assert [line.number for line in builder.lines] == [1, 2, 4]


def test_results_list_titles_and_years_newest_first_with_matched_words_marked(builder):
    builder.add("falls[tiab] OR nurs*[tiab]")
    page = builder.results(1, size=3)
    assert page.count == 5
    assert [(row.position, row.id, row.year) for row in page.rows] == \
        [(1, "r2", 2021), (2, "r1", 2020), (3, "r3", 2019)]
    assert page.rows[1].title_html == "Exercise to prevent <mark>falls</mark> in older adults"
    assert page.rows[2].title_html == "<mark>Nurse</mark> staffing and mortality"
    second = builder.results(1, start=3, size=3)
    assert [row.id for row in second.rows] == ["r4", "r6"] and second.rows[0].position == 4


def test_highlighting_escapes_html_and_matches_folded_words():
    assert highlight("Über <b>falls</b>", frozenset({"uber", "falls"})) == \
        "<mark>Über</mark> &lt;b&gt;<mark>falls</mark>&lt;/b&gt;"


def test_export_writes_every_record_of_a_line(builder, tmp_path):
    builder.add("falls[tiab] OR nurs*[tiab]")
    path, count = builder.export(1, tmp_path / "out" / "results.ris", "ris")
    assert count == 5 and sorted(r.id for r in read_ris(path)) == ["r1", "r2", "r3", "r4", "r6"]
    path, _ = builder.export(1, tmp_path / "results.csv", "csv")
    with path.open(newline="", encoding="utf-8-sig") as stream:  # a BOM, for spreadsheets
        assert [row["id"] for row in csv.DictReader(stream)] == ["r2", "r1", "r3", "r4", "r6"]
    with pytest.raises(SearchBuilderError, match="Cannot export"):
        builder.export(1, tmp_path / "x.doc", "doc")


def test_marking_needs_a_gold_set(builder):
    builder.add("falls[tiab]")
    with pytest.raises(SearchBuilderError, match="no gold set"):
        builder.mark(1)


def test_marking_gives_recall_precision_and_why_each_record_was_missed():
    gold = GoldSet("tiny", "Do falls happen at home?", relevant={"r1", "r2", "r6"})
    builder = SearchBuilderModel(small_database(), gold=gold)
    builder.add("falls[tiab]")
    builder.add("nurse[tiab]")  # r1 r3
    builder.add("#1 OR #2")
    mark = builder.mark(3)
    assert mark.evaluation.found == ("r1", "r6") and mark.evaluation.missed == ("r2",)
    assert mark.precision == pytest.approx(2 / 3) and mark.recall == pytest.approx(2 / 3)
    assert [miss.id for miss in mark.misses] == ["r2"]


def test_marking_follows_the_kind_of_search_the_task_asks_for():
    """The same line on the bundled database: full marks as a review search, braked as a quick answer."""
    from searchcraft.practice import PracticeDatabase
    from searchcraft.practice.corpus import load_gold_set

    gold = load_gold_set("diabetes-apps-recent")
    line = gold.reference_strategy.split(" AND 2020:2026[dp]")[0]   # the topic without the agreed limits
    marks = {}
    for purpose in ("systematic-review", "quick-answer"):
        builder = SearchBuilderModel(PracticeDatabase.bundled(), gold=gold, bundled=True, purpose=purpose)
        builder.add(line)
        marks[purpose] = builder.mark(1)
        assert builder.to_state()["purpose"] == purpose
    assert marks["systematic-review"].recall == marks["quick-answer"].recall == 1.0
    assert marks["quick-answer"].purpose.label == "a quick clinical answer"
    assert marks["quick-answer"].marks < marks["systematic-review"].marks == 4


def test_saved_lines_are_restored_with_their_numbers(builder):
    builder.add("falls[tiab]")
    builder.add("exercise[tiab]")
    builder.add("nurs*[tiab]")
    builder.add("#1 AND #3")
    builder.delete(2)
    again = SearchBuilderModel(small_database())
    again.restore(builder.to_state())
    assert [(line.number, line.query, line.count) for line in again.lines] == \
        [(line.number, line.query, line.count) for line in builder.lines] == \
        [(1, "falls[tiab]", 2), (3, "nurs*[tiab]", 4), (4, "#1 AND #3", 1)]
    assert again.add("tai chi").number == 5


def test_only_words_searched_as_text_are_marked_in_titles(builder):
    builder.add('"Aged"[mh] OR exercise[tiab] OR (nurse[ti] NOT older[au])')
    rows = {row.id: row.title_html for row in builder.results(1).rows}
    assert rows["r1"] == "<mark>Exercise</mark> to prevent falls in older adults"  # not "older", not "aged"
    assert rows["r3"] == "<mark>Nurse</mark> staffing and mortality"


def test_an_ovid_builder_counts_previews_lines_and_exports_alike():
    # Ovid's words without a field search .mp.; the preview, the history line and the expanded
    # strategy must all mean that, not PubMed's all fields
    ovid = SearchBuilderModel(small_database(), syntax="ovid")
    pubmed = SearchBuilderModel(small_database())
    first = ovid.add("falls")
    assert ovid.preview("falls") == first.count == pubmed.preview("falls[tw]")
    ovid.add("exercise.ti,ab.")
    combined = ovid.add("1 and 2")
    assert ovid.history.to_text(counts=False).splitlines()[2] == "3 1 and 2"
    assert len(ovid.source.search(ovid.expanded(3)).ids) == combined.count
    assert ovid.strategy(3) == "falls[tw] AND exercise[tiab]"
