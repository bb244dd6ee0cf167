"""Whatever a learner types, the PubMed parser answers with a tree or a QuerySyntaxError.

Two kinds of input: any text at all, and text built from query-like tokens (words, operators,
tags, quotes, brackets, ranges, #N), which reaches far deeper into the grammar than random text.
Whenever the input parses, printing the tree and parsing it again gives the same tree.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchcraft.query import QuerySyntaxError, analyse, render

TOKENS = st.sampled_from([
    "falls", "hand", "hygiene", "nurs*", "ab*", "*", "**", "organi*ation", "AND", "OR", "NOT",
    "and", "or", "Not", "(", ")", "((", "))", '"', "“", "”", "‘", "’", '"hand hygiene"',
    '"hand hyg*"', '""', "[tiab]", "[ti]", "[mh]", "[MeSH Terms]", "[mh:noexp]", "[dp]",
    "[tiab:~3]", "[ti:~x]", "[mh:~2]", "[tiabs]", "[", "]", "[]", "#1", "#2", "#0", "#",
    "#x", "2015:2020", "2015", ":", "2015/01/01:2020/12/31", "a:b", ",", "-", "=", "?", "6",
    "Fractures, Bone", "back pain", "\t", "\n", "~", "'", "/", "$", "[crdt]", "[ad:~5]",
])
GRAMMARISH = st.lists(TOKENS, max_size=14).flatmap(
    lambda tokens: st.lists(st.sampled_from(["", " ", "  "]), min_size=len(tokens),
                            max_size=len(tokens)).map(
        lambda gaps: "".join(gap + token for gap, token in zip(gaps, tokens, strict=False))))

QUERY_CHARS = st.text(alphabet=st.sampled_from(list('ab *()[]":#~,:0123456789“”‘’\n\tANDORT')),
                      max_size=30)


def _check(text: str, history: set[int] | None) -> None:
    try:
        parsed = analyse(text, history=history)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= max(len(text) - 1, 0), (text, error.position)
        assert error.hint
        str(error)  # the message with its caret renders for any position
        return
    for warning in parsed.warnings:
        assert 0 <= warning.position < len(text)
    assert analyse(render(parsed.node)).node == parsed.node


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), st.none() | st.sets(st.integers(0, 5)))
def test_any_text_parses_or_raises_a_positioned_syntax_error(text, history):
    _check(text, history)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERY_CHARS)
def test_text_of_query_characters_parses_or_raises_a_positioned_syntax_error(text):
    _check(text, None)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMARISH, st.none() | st.sets(st.integers(0, 3)))
def test_query_like_token_soup_parses_or_raises_a_positioned_syntax_error(text, history):
    _check(text, history)
