"""The Ovid, Europe PMC and CINAHL parsers meet the same mistakes with the same positioned messages."""

from __future__ import annotations

import pytest

from searchcraft.query import QuerySyntaxError, analyse, parse
from searchcraft.query.ast import And, Or, Term
from searchcraft.query.tokens import quoted

SYNTAXES = ["ovid", "europepmc", "cinahl"]


def syntax_error(text: str, syntax: str) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text, syntax)
    return caught.value


def test_a_quoted_phrase_is_read_with_the_index_after_its_closing_quote():
    token, after = quoted('x "hand hygiene" y', 2)
    assert (token.kind, token.text, token.position, after) == ("quoted", "hand hygiene", 2, 16)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_an_unclosed_quote_is_reported_where_it_opens(syntax):
    error = syntax_error('falls AND "hand hygiene', syntax)
    assert (error.message, error.position) == ("Unclosed quotation mark", 10)
    assert 'second "' in error.hint


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_empty_quotes_are_reported_where_they_open(syntax):
    error = syntax_error('falls AND "  "', syntax)
    assert (error.message, error.position) == ("Empty quotation marks", 10)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_an_unclosed_bracket_is_reported_at_the_bracket(syntax):
    error = syntax_error("falls AND (hip OR knee", syntax)
    assert (error.message, error.position, error.hint) == (
        "Unbalanced bracket", 10, "Add a closing ')'.")


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_closing_bracket_without_an_opening_one_is_reported_where_it_stands(syntax):
    error = syntax_error("falls) AND hip", syntax)
    assert (error.message, error.position) == ("Closing bracket without an opening one", 5)
    assert "Remove this ')'" in error.hint


@pytest.mark.parametrize(("syntax", "message", "hint"), [
    ("ovid", "Empty search line", "Type a word, a heading ending in /, or a line number."),
    ("europepmc", "Empty query", "Type a word, a phrase in quotes or FIELD:term."),
    ("cinahl", "Empty query", "Type a word, a phrase in quotes or e.g. TI falls."),
])
def test_an_empty_query_is_refused_with_the_syntaxs_own_hint(syntax, message, hint):
    error = syntax_error("   ", syntax)
    assert (error.message, error.position, error.hint) == (message, 0, hint)


@pytest.mark.parametrize(("syntax", "text", "name"), [
    ("europepmc", "falls OR hip AND fracture", "query"),
    ("cinahl", "falls OR hip AND fracture", "search"),
])
def test_and_is_grouped_before_or_with_a_warning_at_the_start(syntax, text, name):
    parsed = analyse(text, syntax)
    assert parsed.node == Or((Term("falls"), And((Term("hip"), Term("fracture")))))
    [warning] = parsed.warnings
    assert warning.position == 0
    assert warning.message.startswith(f"This {name} mixes OR with AND or NOT without brackets")
    assert analyse("falls OR (hip AND fracture)", syntax).warnings == []
