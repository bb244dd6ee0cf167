"""The query AST: small, immutable node classes that every syntax parses to and prints from.

A strategy in any database's syntax becomes the same tree, so the practice database, the live
sources and the translator all speak one language. Nodes compare by value, which is what makes
``parse(render(tree)) == tree`` a meaningful test.

Field names are the kit's canonical names, PubMed's short tags where PubMed has one:
``all``, ``tw``, ``tiab``, ``ti``, ``ab``, ``mh`` (exploded heading), ``mh:noexp``, ``majr``
(major heading, exploded), ``majr:noexp``, ``au``, ``1au``, ``lastau``, ``ad`` (affiliation),
``ta``, ``dp``, ``crdt``, ``edat``, ``mhda``, ``pt``, ``la``, ``pmid``, ``aid``, ``kw`` (author keywords,
PubMed's ``[ot]``), ``sh`` (subheading), ``rn``, ``nm`` (supplementary concept), ``sb`` (subset).
``searchcraft.query.fields`` holds every tag spelling and a label for each name.

Example: ``"hand hygiene"[tiab] AND nurs*`` is::

    And((Field(Phrase("hand hygiene"), ("tiab",)), Truncated("nurs")))
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """Base of every node."""


@dataclass(frozen=True)
class Term(Node):
    """One word, searched as it is (``falls``)."""

    text: str


@dataclass(frozen=True)
class Truncated(Node):
    """A word stem followed by truncation (``nurs*``): every word that starts with ``stem``."""

    stem: str


@dataclass(frozen=True)
class Phrase(Node):
    """Words searched next to each other in order (``"hand hygiene"``).

    A word in ``text`` that ends in ``*`` is truncated, as PubMed allows inside phrases.
    Heading names (``"Falls, Accidental"[mh]``) are phrases too.
    """

    text: str


@dataclass(frozen=True)
class Proximity(Node):
    """Words within ``distance`` words of each other, in any order (PubMed ``"a b"[tiab:~3]``)."""

    text: str
    distance: int


@dataclass(frozen=True)
class Near(Node):
    """Two expressions within ``distance`` words of each other (Ovid ``adj3``, CINAHL ``N3``/``W3``).

    ``distance`` counts as PubMed's proximity does: the most words that may come between the two,
    so Ovid ``adj3`` (up to two words between) is ``distance=2``. ``ordered`` is true when the left
    side must come first (CINAHL ``W``).
    """

    left: Node
    right: Node
    distance: int
    ordered: bool = False


@dataclass(frozen=True)
class Range(Node):
    """An inclusive range of values, e.g. publication years ``2015:2020[dp]``."""

    start: str
    end: str


@dataclass(frozen=True)
class Field(Node):
    """A sub-query searched in the named fields only (``falls[tiab]``, Ovid ``(a or b).ti,ab.``)."""

    child: Node
    fields: tuple[str, ...]


@dataclass(frozen=True)
class HistoryRef(Node):
    """A reference to line ``number`` of the search history (``#3``, Ovid ``3``)."""

    number: int


@dataclass(frozen=True)
class And(Node):
    """Every child must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    """Any child may match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    """Records matching ``left`` but not ``right``."""

    left: Node
    right: Node


def walk(node: Node):
    """Yield ``node`` and every node below it, depth first, left to right."""
    yield node
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, (Not, Near)):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Field):
        yield from walk(node.child)


def history_refs(node: Node) -> set[int]:
    """The history line numbers a query refers to (``#1 AND #3`` -> ``{1, 3}``)."""
    return {n.number for n in walk(node) if isinstance(n, HistoryRef)}


def push_field(node: Node, fields: tuple[str, ...], leaf=lambda term: term) -> Node:
    """Give ``fields`` to every search in ``node`` that has no field yet, through AND, OR and NOT.

    Syntaxes that tag a bracketed group (Ovid ``(a or b).ti.``) mean the tag for each term inside it.
    ``leaf`` may rewrite a term before it is wrapped (CINAHL reads a heading's words as a phrase).
    """
    if isinstance(node, (And, Or)):
        return type(node)(tuple(push_field(child, fields, leaf) for child in node.children))
    if isinstance(node, Not):
        return Not(push_field(node.left, fields, leaf), push_field(node.right, fields, leaf))
    if isinstance(node, (Field, HistoryRef)):
        return node
    return Field(leaf(node), fields)


def merge_title_abstract(children: list[Node]) -> list[Node]:
    """Read ``x`` in the title next to the same ``x`` in the abstract as one title/abstract search."""
    merged: list[Node] = []
    for child in children:
        previous = merged[-1] if merged else None
        if (isinstance(child, Field) and child.fields == ("ab",) and isinstance(previous, Field)
                and previous.fields == ("ti",) and previous.child == child.child):
            merged[-1] = Field(child.child, ("tiab",))
        else:
            merged.append(child)
    return merged
