"""On any small corpus, the practice database finds exactly what a word-by-word reading finds.

A slow, obvious evaluator (lists of words, no index) is the specification; hypothesis generates
corpora and queries, and the FTS5-backed database must agree with it on every one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchcraft.practice import PracticeDatabase
from searchcraft.practice.tokenise import words
from searchcraft.query.ast import And, Field, Node, Not, Or, Phrase, Proximity, Term, Truncated

POOL = ["falls", "fall", "fallen", "exercise", "older", "home", "care", "hip", "pain", "nurse",
        "nursing", "self-care"]

texts = st.lists(st.sampled_from(POOL), min_size=1, max_size=8).map(" ".join)
records = st.lists(
    st.fixed_dictionaries({"title": texts, "abstract": texts,
                           "keywords": st.lists(texts, max_size=2)}),
    min_size=1, max_size=12,
).map(lambda rs: [dict(r, id=f"r{i}") for i, r in enumerate(rs)])

word = st.sampled_from([w for w in POOL if "-" not in w])
leaf = st.one_of(
    word.map(Term),
    st.sampled_from(["fall", "nurs", "hom", "ca"]).map(Truncated),
    st.lists(word, min_size=2, max_size=3).map(lambda ws: Phrase(" ".join(ws))),
)
fielded = st.tuples(leaf, st.sampled_from([("ti",), ("ab",), ("tiab",)])).map(
    lambda pair: Field(*pair))
proximity = st.tuples(st.lists(word, min_size=2, max_size=2, unique=True), st.integers(0, 3),
                      st.sampled_from([("ti",), ("ab",)])).map(
    lambda t: Field(Proximity(" ".join(t[0]), t[1]), t[2]))
queries = st.recursive(
    st.one_of(fielded, proximity),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda cs: And(tuple(cs))),
        st.lists(inner, min_size=2, max_size=3).map(lambda cs: Or(tuple(cs))),
        st.tuples(inner, inner).map(lambda lr: Not(*lr)),
    ),
    max_leaves=5,
)


def fields_of(record: dict, tags: tuple[str, ...]) -> list[list[str]]:
    """The word lists a tag searches; each keyword is its own list (phrases never cross them)."""
    tag = tags[0]
    found = []
    if tag in ("ti", "tiab"):
        found.append(words(record["title"]))
    if tag in ("ab", "tiab"):
        found.append(words(record["abstract"]))
    if tag == "tiab":
        found.extend(words(k) for k in record["keywords"])
    return found


def contains(tokens: list[str], pattern: list[tuple[str, bool]]) -> bool:
    n = len(pattern)
    return any(all(tokens[i + k].startswith(w) if prefix else tokens[i + k] == w
                   for k, (w, prefix) in enumerate(pattern))
               for i in range(len(tokens) - n + 1))


def matches(record: dict, node: Node, tags: tuple[str, ...] = ("all",)) -> bool:
    if isinstance(node, And):
        return all(matches(record, c, tags) for c in node.children)
    if isinstance(node, Or):
        return any(matches(record, c, tags) for c in node.children)
    if isinstance(node, Not):
        return matches(record, node.left, tags) and not matches(record, node.right, tags)
    if isinstance(node, Field):
        return matches(record, node.child, node.fields)
    columns = fields_of(record, tags)
    if isinstance(node, Term):
        return any(contains(c, [(w, False) for w in words(node.text)]) for c in columns)
    if isinstance(node, Truncated):
        return any(contains(c, [(node.stem, True)]) for c in columns)
    if isinstance(node, Phrase):
        return any(contains(c, [(w, False) for w in words(node.text)]) for c in columns)
    if isinstance(node, Proximity):
        a, b = words(node.text)
        return any(abs(i - j) - 1 <= node.distance
                   for c in columns for i, x in enumerate(c) if x == a
                   for j, y in enumerate(c) if y == b and j != i)
    raise AssertionError(node)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, queries)
def test_the_database_agrees_with_reading_every_record(corpus, query):
    db = PracticeDatabase.from_records(corpus)
    expected = {r["id"] for r in corpus if matches(r, query)}
    result = db.search(query)
    assert set(result.ids) == expected
    assert result.count == len(expected) == db.count(query)
