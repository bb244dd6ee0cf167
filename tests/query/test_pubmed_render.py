"""render() prints canonical PubMed syntax that parses back to the same tree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchcraft.query import (
    And,
    Field,
    HistoryRef,
    Near,
    Not,
    Or,
    Phrase,
    Proximity,
    QueryError,
    Range,
    Term,
    Truncated,
    parse,
    render,
)
from searchcraft.query.fields import FIELDS

QUERIES = [
    "falls",
    '"hand hygiene"[tiab] AND nurs*',
    "a OR b AND c",
    "a AND b OR c AND d",
    "a NOT b NOT c",
    "a NOT (b NOT c)",
    "(a OR b) NOT (c AND d)",
    "heart attack",
    "back pain[mesh] OR sciatica[mesh]",
    "Fractures, Bone [MeSH Terms]",
    '"Falls, Accidental"[Majr:NoExp]',
    "2015:2020[dp]",
    '"2015"[dp] : "2020"[dp]',
    "2015/01/01:2020/12/31[Date - Publication]",
    '"hand hygiene"[Title/Abstract:~3]',
    "#1 AND (#2 OR #4) NOT #5",
    "bile duct[tiab] or biliary[tiab]",
    "“Reflex, stretch”[mesh] OR slump[tw]",
    "lateral flow assay*[tiab]",
    '"hand hyg*"[tiab]',
    "77679-27-7[rn]",
    '"lipoarabinomannan"[Supplementary Concept]',
    "english[la] AND review[pt] AND smith j[au] AND bmj[ta] AND 12345678[pmid]",
    "diagnosis[sh] OR diagnosis[mesh:noexp] OR aged[majr]",
    '((a OR "b c") AND (d[ti] OR eeee*[ab])) NOT f[all]',
    "tumor, peripheral OR h?emoglobin",
]


@pytest.mark.parametrize("query", QUERIES)
def test_parse_of_render_gives_the_same_tree(query):
    tree = parse(query)
    assert parse(render(tree)) == tree


@pytest.mark.parametrize(
    ("query", "printed"),
    [
        ('"hand hygiene"[Title/Abstract] AND nurs*', '"hand hygiene"[tiab] AND nurs*'),
        ("a OR b AND c", "(a OR b) AND c"),
        ("a NOT b NOT c", "(a NOT b) NOT c"),
        ("back pain [MeSH Terms]", '"back pain"[mh]'),
        ("falls[Title]", "falls[ti]"),
        ('"2015"[dp] : "2020"[dp]', "2015:2020[dp]"),
        ('"hip pain"[Title/Abstract:~2]', '"hip pain"[tiab:~2]'),
        ("heart attack", "heart AND attack"),
        ("keyword[Other Term]", "keyword[ot]"),
    ],
)
def test_render_prints_canonical_short_tags_and_brackets_compound_parts(query, printed):
    assert render(parse(query)) == printed


def test_trees_from_other_syntaxes_print_as_equivalent_pubmed():
    # Ovid's (falls or fall).ti,ab. : PubMed has no tag on a group, so each term gets it.
    ovid = Field(Or((Term("falls"), Term("fall"))), ("ti", "ab"))
    assert render(ovid) == "falls[tiab] OR fall[tiab]"
    assert render(Field(Term("falls"), ("ti", "kw"))) == "(falls[ti] OR falls[ot])"
    near = Field(Near(Term("hand"), Term("hygiene"), 2), ("tiab",))
    assert render(near) == '"hand hygiene"[tiab:~2]'


@pytest.mark.parametrize(
    "tree",
    [
        Proximity("a b", 2),
        Range("2015", "2020"),
        Field(Range("2015", "2020"), ("tiab",)),
        Field(Proximity("a b", 2), ("mh",)),
        Field(Near(Term("a"), Term("b"), 2, ordered=True), ("tiab",)),
        Field(Term("a"), ("nonsense",)),
        Phrase('say "hi"'),
        And(()),
    ],
)
def test_trees_pubmed_cannot_express_raise_a_query_error(tree):
    with pytest.raises(QueryError):
        render(tree)


# --- property: every generated canonical tree survives a round trip ----------------------------

WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'/."
PROXIMITY_FIELDS = sorted(n for n, f in FIELDS.items() if f.proximity)
DATE_FIELDS = sorted(n for n, f in FIELDS.items() if f.dates)


@st.composite
def words(draw, min_length=1):
    word = draw(st.text(alphabet=WORD_CHARS, min_size=min_length, max_size=8))
    if not any(c.isalpha() for c in word) or word in ("AND", "OR", "NOT"):
        word = "w" + word
    return word


@st.composite
def leaves(draw):
    """A leaf as parse() returns it: a word, stem, phrase, #N, or one of those with a tag."""
    kind = draw(st.sampled_from(["term", "stem", "phrase", "history", "proximity", "range"]))
    if kind == "history":
        return HistoryRef(draw(st.integers(1, 99)))
    if kind == "proximity":
        text = " ".join(draw(st.lists(words(), min_size=2, max_size=3)))
        node = Proximity(text, draw(st.integers(0, 20)))
        return Field(node, (draw(st.sampled_from(PROXIMITY_FIELDS)),))
    if kind == "range":
        date = st.from_regex(r"\A(19|20)\d\d(/(0[1-9]|1[0-2])(/(0[1-9]|[12]\d))?)?\Z")
        node = Range(draw(date), draw(date))
        return Field(node, (draw(st.sampled_from(DATE_FIELDS)),))
    if kind == "term":
        node = Term(draw(words()))
    elif kind == "stem":
        node = Truncated(draw(words(min_length=4)))
    else:
        node = Phrase(" ".join(draw(st.lists(words(), min_size=1, max_size=3))))
    if draw(st.booleans()):
        return Field(node, (draw(st.sampled_from(sorted(FIELDS))),))
    return node


def _flat(kind):
    # Canonical trees (what parse returns) never nest And directly in And, nor Or in Or.
    return lambda children: kind(tuple(children)) if not any(isinstance(c, kind) for c in children) else None


TREE = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(_flat(And)),
        st.lists(inner, min_size=2, max_size=4).map(_flat(Or)),
        st.tuples(inner, inner).map(lambda pair: Not(*pair)),
    ).filter(lambda node: node is not None),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(TREE)
def test_any_canonical_tree_round_trips_through_pubmed_syntax(tree):
    assert parse(render(tree)) == tree
