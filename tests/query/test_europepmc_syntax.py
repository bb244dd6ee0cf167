"""Europe PMC queries parse into the shared AST and print back the same."""

from __future__ import annotations

import pytest

from searchcraft.errors import QueryError
from searchcraft.query import QuerySyntaxError, analyse, parse, render
from searchcraft.query.ast import And, Field, HistoryRef, Near, Not, Or, Phrase, Range, Term, Truncated


def epmc(text: str):
    return parse(text, "europepmc")


def test_field_codes_map_to_canonical_fields():
    assert epmc("TITLE:falls") == Field(Term("falls"), ("ti",))
    assert epmc('ABSTRACT:"hand hygiene"') == Field(Phrase("hand hygiene"), ("ab",))
    assert epmc('AUTH:"Smith AB"') == Field(Phrase("Smith AB"), ("au",))
    assert epmc('MESH_HEADING:"Falls, Accidental"') == Field(Phrase("Falls, Accidental"), ("mh:noexp",))
    assert epmc("KW:falls") == Field(Term("falls"), ("kw",))


def test_publication_year_range():
    assert epmc("PUB_YEAR:[2015 TO 2020]") == Field(Range("2015", "2020"), ("dp",))


def test_field_on_a_bracketed_group():
    assert epmc("TITLE:(falls OR fall*)") == Field(Or((Term("falls"), Truncated("fall"))), ("ti",))


def test_words_side_by_side_are_anded_as_europe_pmc_does():
    assert epmc("wheat gluten") == And((Term("wheat"), Term("gluten")))


def test_not_is_binary_and_left_associative():
    assert epmc("a AND b NOT c") == Not(And((Term("a"), Term("b"))), Term("c"))


def test_lower_case_operator_is_a_word_with_a_warning():
    parsed = analyse("falls and injuries", "europepmc")
    assert parsed.node == And((Term("falls"), Term("and"), Term("injuries")))
    assert "case-sensitive" in parsed.warnings[0].message


def test_mixing_or_with_and_without_brackets_warns():
    parsed = analyse("a OR b AND c", "europepmc")
    assert parsed.node == Or((Term("a"), And((Term("b"), Term("c")))))
    assert "without brackets" in parsed.warnings[0].message


def test_title_or_abstract_of_the_same_term_reads_back_as_title_abstract():
    assert epmc("(TITLE:falls OR ABSTRACT:falls)") == Field(Term("falls"), ("tiab",))
    assert render(Field(Term("falls"), ("tiab",)), "europepmc") == "(TITLE:falls OR ABSTRACT:falls)"


@pytest.mark.parametrize("query", [
    'TITLE:"hand hygiene" AND PUB_YEAR:[2015 TO 2020]',
    "(KW:falls OR TITLE:fall*) NOT AUTH:smith",
    'MESH_MAJOR:"Dementia" AND (LANG:eng OR LANG:fre)',
    '(TITLE:"nurse led" OR ABSTRACT:"nurse led") AND PUB_TYPE:"review"',
])
def test_printed_query_reads_back_as_the_same_tree(query):
    tree = epmc(query)
    assert epmc(render(tree, "europepmc")) == tree


def test_history_and_proximity_cannot_be_printed_without_translation():
    with pytest.raises(QueryError):
        render(HistoryRef(1), "europepmc")
    with pytest.raises(QueryError):
        render(Field(Near(Term("a"), Term("b"), 2), ("ti",)), "europepmc")


def test_unclosed_quote_is_a_positioned_error():
    with pytest.raises(QuerySyntaxError) as caught:
        epmc('TITLE:"hand hygiene')
    assert caught.value.position == 6
