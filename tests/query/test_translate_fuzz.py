"""Whatever is typed, the Ovid, Europe PMC and CINAHL parsers answer with a tree or a positioned
QuerySyntaxError; a tree prints back as text that reads as the same tree; and any tree translates
to every other syntax (with warnings) or fails with a clear QueryError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchcraft.errors import QueryError
from searchcraft.query import QuerySyntaxError, analyse, parse, render
from searchcraft.query.translate import translate_node

OVID_TOKENS = [
    "falls", "fall$", "fall*", "hypno$6", "colo?r", "wom#n", "exp", "Exp", "*Dementia/", "Falls,",
    "Accidental/", "/du", "/bl, cf", "and", "or", "not", "adj3", "adj", "ADJ5", "(", ")", '"',
    '"hand hygiene"', ".ti,ab.", ".tw.", ".mp", ".pt.", ".fs.", ".sh.", ".ti.ab .", "1", "12",
    "or/1-3", "and/1,2", "limit 1 to", 'yr="2015-2020"', "english language", "humans", "[note]",
    "ed=19480101-20170125", "-", ",", ".", "$", "?", "#", ":",
]
EPMC_TOKENS = [
    "falls", "fall*", "TITLE:", "ABSTRACT:", "AUTH:", "KW:", "MESH_HEADING:", "PUB_YEAR:",
    "[2015 TO 2020]", "[", "]", "AND", "OR", "NOT", "and", "(", ")", '"', '"hand hygiene"',
    "FOO:", ":", "*", "TO",
]
CINAHL_TOKENS = [
    "falls", "fall*", "colo#r", "wom?n", "TI", "AB", "MH", "MM", "TX", "DT", "2015-2020",
    '"Accidental Falls+"', '"Accidental Falls/PC"', "AND", "OR", "NOT", "N3", "W2", "S1", "S2",
    "(", ")", '"', "+", "/",
]


def _texts(tokens: list[str]):
    return st.lists(st.sampled_from(tokens), max_size=10).flatmap(
        lambda parts: st.lists(st.sampled_from(["", " "]), min_size=len(parts), max_size=len(parts)).map(
            lambda gaps: "".join(gap + part for gap, part in zip(gaps, parts, strict=False))))


def _check(text: str, syntax: str) -> None:
    try:
        parsed = analyse(text, syntax, history={1, 2, 3})
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text), (text, error.position)
        str(error)
        return
    try:
        printed = render(parsed.node, syntax)
    except QueryError:
        return  # e.g. an Ovid limit that only prints as a line of its own
    assert parse(printed, syntax, history={1, 2, 3}) == parsed.node, (text, printed)
    for target in ("pubmed", "ovid", "europepmc", "cinahl"):
        try:
            result = translate_node(parsed.node, target, from_=syntax)
        except QueryError:
            continue  # history references have no Europe PMC form; said clearly
        parse(result.text, target)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_texts(OVID_TOKENS))
def test_ovid_input_parses_or_fails_cleanly(text):
    _check(text, "ovid")


@SETTINGS
@given(_texts(EPMC_TOKENS))
def test_europepmc_input_parses_or_fails_cleanly(text):
    _check(text, "europepmc")


@SETTINGS
@given(_texts(CINAHL_TOKENS))
def test_cinahl_input_parses_or_fails_cleanly(text):
    _check(text, "cinahl")


@pytest.mark.parametrize("syntax", ["ovid", "europepmc", "cinahl"])
def test_empty_input_is_a_syntax_error(syntax):
    with pytest.raises(QuerySyntaxError):
        parse("   ", syntax)
