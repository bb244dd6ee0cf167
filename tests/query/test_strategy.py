"""Whole strategies: numbered lines parsed, printed and translated line by line."""

from __future__ import annotations

import pytest

from searchcraft.errors import QueryError
from searchcraft.query import QuerySyntaxError
from searchcraft.query.ast import And, Field, HistoryRef, Or, Phrase, Term
from searchcraft.query.strategy import number_list, parse_strategy, renumbered
from searchcraft.query.translate import render_strategy, translate_strategy

FALLS = """exp Falls, Accidental/
(fall$ or faller$).ti,ab.
1 or 2
exp Aged/
3 and 4
limit 5 to yr="2015-Current"
"""


def test_bare_lines_are_numbered_in_order():
    strategy = parse_strategy(FALLS, "ovid")
    assert [line.number for line in strategy.lines] == [1, 2, 3, 4, 5, 6]
    assert strategy.line(3).node == Or((HistoryRef(1), HistoryRef(2)))


def test_numbers_written_in_front_of_lines_are_read():
    strategy = parse_strategy("1. falls.ti.\n2. exp Aged/\n3. 1 and 2", "ovid")
    assert strategy.line(3).node == And((HistoryRef(1), HistoryRef(2)))


def test_a_line_may_only_refer_to_earlier_lines():
    with pytest.raises(QuerySyntaxError) as caught:
        parse_strategy("falls.ti.\n1 or 3\nexp Aged/", "ovid")
    assert caught.value.reason.startswith("Line 2: ")
    assert caught.value.position == 5


def test_expanded_line_writes_references_out():
    strategy = parse_strategy("falls.ti.\nexp Aged/\n1 and 2", "ovid")
    assert strategy.expanded(3) == And((Field(Term("falls"), ("ti",)), Field(Phrase("Aged"), ("mh",))))


def test_translation_to_pubmed_keeps_line_numbers_as_history_references():
    result = translate_strategy(FALLS, "ovid", "pubmed")
    assert result.text.splitlines() == [
        '"Falls, Accidental"[mh]',
        "fall*[tiab] OR faller*[tiab]",
        "#1 OR #2",
        '"Aged"[mh]',
        "#3 AND #4",
        "#5 AND 2015:3000[dp]",
    ]


def test_skipped_history_numbers_are_renumbered_with_references_updated():
    result = translate_strategy("#1 falls[tiab]\n#4 injur*[tiab]\n#7 #1 OR #4", "pubmed", "ovid")
    assert result.text.splitlines() == ["falls.ti,ab.", "injur*.ti,ab.", "1 or 2"]
    assert "4->2" in str(result.warnings[0]) and "7->3" in str(result.warnings[0])


def test_renumbered_maps_old_numbers_to_new():
    strategy = parse_strategy("#2 falls[tiab]\n#5 #2 AND aged[mh]", "pubmed")
    fresh, mapping = renumbered(strategy)
    assert mapping == {2: 1, 5: 2}
    assert fresh.line(2).node.children[0] == HistoryRef(1)


def test_europe_pmc_has_no_history_so_references_are_written_out_with_a_warning():
    result = translate_strategy("falls.ti.\nexp Aged/\n1 and 2", "ovid", "europepmc")
    assert result.text.splitlines()[2] == 'TITLE:falls AND MESH_HEADING:"Aged"'
    assert any(w.line == 3 and "written out in full" in w.message for w in result.warnings)


def test_limit_to_humans_is_translated_faithfully_with_cochrane_advice():
    result = translate_strategy("falls.ti.\nlimit 1 to humans", "ovid", "pubmed")
    assert result.text.splitlines()[1] == '#1 AND "Humans"[mh]'
    advice = [w for w in result.warnings if w.line == 2][-1].message
    assert "#1 NOT (animals[mh] NOT humans[mh])" in advice


def test_unmapped_limit_is_left_out_with_a_warning():
    result = translate_strategy('falls.ti.\nlimit 1 to "reviews (maximizes specificity)"', "ovid", "pubmed")
    assert result.text.splitlines()[1] == "#1"
    assert any("left out" in w.message for w in result.warnings)


def test_strategy_prints_back_in_its_own_syntax():
    strategy = parse_strategy(FALLS, "ovid")
    again = parse_strategy(render_strategy(strategy), "ovid")
    assert [line.node for line in again.lines] == [line.node for line in strategy.lines]


def test_cinahl_history_uses_s_numbers():
    assert translate_strategy("falls[ti]\naged[mh]\n#1 AND #2", "pubmed", "cinahl").text.splitlines()[2] == "S1 AND S2"


def test_empty_strategy_is_an_error():
    with pytest.raises(QueryError):
        parse_strategy("\n  \n", "ovid")


def test_number_list_reads_ranges():
    assert number_list([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"
