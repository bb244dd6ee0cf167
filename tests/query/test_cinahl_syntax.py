"""CINAHL (EBSCOhost) searches parse into the shared AST and print back the same."""

from __future__ import annotations

import pytest

from searchcraft.query import QuerySyntaxError, analyse, parse, render
from searchcraft.query.ast import Field, HistoryRef, Near, Or, Phrase, Range, Term, Truncated


def cinahl(text: str, **kwargs):
    return parse(text, "cinahl", **kwargs)


def test_mh_heading_is_not_exploded_unless_it_has_a_plus():
    assert cinahl('MH "Accidental Falls"') == Field(Phrase("Accidental Falls"), ("mh:noexp",))
    assert cinahl('(MH "Accidental Falls+")') == Field(Phrase("Accidental Falls"), ("mh",))
    assert cinahl('MM "Dementia+"') == Field(Phrase("Dementia"), ("majr",))


def test_heading_subheading_code_becomes_the_subheading_name():
    assert cinahl('MH "Accidental Falls/PC"') == Field(Phrase("Accidental Falls/prevention & control"), ("mh:noexp",))


def test_field_codes_come_before_the_term():
    assert cinahl("TI falls") == Field(Term("falls"), ("ti",))
    assert cinahl("AB (falls OR fall*)") == Field(Or((Term("falls"), Truncated("fall"))), ("ab",))


def test_n_and_w_count_the_words_that_may_come_between():
    assert cinahl("fall* N3 prevent*") == Near(Truncated("fall"), Truncated("prevent"), 3)
    assert cinahl("hip W1 fracture") == Near(Term("hip"), Term("fracture"), 1, ordered=True)


def test_wildcards_are_stored_in_ovid_notation():
    # EBSCO # is one optional character (Ovid ?), EBSCO ? exactly one (Ovid #)
    assert cinahl("colo#r") == Term("colo?r")
    assert cinahl("wom?n") == Term("wom#n")
    assert render(Term("colo?r"), "cinahl") == "colo#r"


def test_history_lines_are_s_numbers():
    assert cinahl("S1 OR S2", history={1, 2}) == Or((HistoryRef(1), HistoryRef(2)))
    with pytest.raises(QuerySyntaxError):
        cinahl("S1 OR S3", history={1, 2})


def test_publication_dates():
    assert cinahl("DT 2015-2020") == Field(Range("2015", "2020"), ("dp",))


def test_unquoted_words_side_by_side_are_a_phrase_with_a_warning():
    parsed = analyse("TI hand hygiene", "cinahl")
    assert parsed.node == Field(Phrase("hand hygiene"), ("ti",))
    assert "quotes" in parsed.warnings[0].message


@pytest.mark.parametrize("query", [
    '(MH "Accidental Falls+") OR TI (fall* N3 prevent*)',
    '(TI "hand hygiene" OR AB "hand hygiene") AND DT 2015-2020',
    "S1 AND (S2 OR S3) NOT S4",
    '(MM "Dementia") AND LA english',
])
def test_printed_search_reads_back_as_the_same_tree(query):
    tree = cinahl(query)
    assert cinahl(render(tree, "cinahl")) == tree
