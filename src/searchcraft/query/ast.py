"""The query AST: small, immutable node classes that every syntax parses to and prints from.

A strategy in any database's syntax becomes the same tree, so the practice database, the live
sources and the translator all speak one language. Nodes compare by value, which is what makes
``parse(render(tree)) == tree`` a meaningful test. Each node may also carry the ``position`` in the
text it was parsed from (every parser sets it); the position is left out of comparisons and reprs,
so a tree built by hand equals the parsed one, and a warning about a node can point into the text.

Field names are the kit's canonical names, PubMed's short tags where PubMed has one:
``all``, ``tw``, ``tiab``, ``ti``, ``ab``, ``mh`` (exploded heading), ``mh:noexp``, ``majr``
(major heading, exploded), ``majr:noexp``, ``au``, ``1au``, ``lastau``, ``ad`` (affiliation),
``ta``, ``dp``, ``crdt``, ``edat``, ``mhda``, ``pt``, ``la``, ``pmid``, ``aid``, ``kw`` (author keywords,
PubMed's ``[ot]``), ``sh`` (subheading), ``rn``, ``nm`` (supplementary concept), ``sb`` (subset).
``searchcraft.query.fields`` holds every tag spelling and a label for each name.

Example: ``"hand hygiene"[tiab] AND nurs*`` is::

    And((Field(Phrase("hand hygiene"), ("tiab",)), Truncated("nurs")))

Code that walks a tree does it once, here: a :class:`TreeVisitor` computes something from a tree
(one ``visit_<node>`` method per kind of node it cares about), a :class:`TreeTransformer` builds a
changed copy (the nodes it does not handle are copied with their children transformed). This is the
pattern of luqum's ``TreeVisitor``/``TreeTransformer`` for Lucene queries::

    >>> class Words(TreeVisitor[list[str]]):
    ...     def visit_term(self, node: Term) -> list[str]:
    ...         return [node.text]
    ...     def generic_visit(self, node: Node) -> list[str]:
    ...         return [word for child in node.subnodes() for word in self.visit(child)]
    >>> Words().visit(Or((Term("falls"), And((Term("fall"), Truncated("prevent"))))))
    ['falls', 'fall']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class QueryNode:
    """Base of every node: where it starts in the text it was parsed from (``None`` if built).

    The position is not part of a node's value: two nodes that differ only in position are equal.
    """

    position: int | None = field(default=None, compare=False, repr=False, kw_only=True)

    def subnodes(self) -> tuple[Node, ...]:
        """The nodes directly below this one, left to right (none for a search term)."""
        return ()

    def rebuilt(self: _N, subnodes: Sequence[Node]) -> _N:
        """A copy of this node with ``subnodes`` in place of its own (same kind, fields, position)."""
        return self


_N = TypeVar("_N", bound=QueryNode)


@dataclass(frozen=True)
class Term(QueryNode):
    """One word, searched as it is (``falls``)."""

    text: str


@dataclass(frozen=True)
class Truncated(QueryNode):
    """A word stem followed by truncation (``nurs*``): every word that starts with ``stem``."""

    stem: str


@dataclass(frozen=True)
class Phrase(QueryNode):
    """Words searched next to each other in order (``"hand hygiene"``).

    A word in ``text`` that ends in ``*`` is truncated, as PubMed allows inside phrases.
    Heading names (``"Falls, Accidental"[mh]``) are phrases too.
    """

    text: str


@dataclass(frozen=True)
class Proximity(QueryNode):
    """Words within ``distance`` words of each other, in any order (PubMed ``"a b"[tiab:~3]``)."""

    text: str
    distance: int


@dataclass(frozen=True)
class Near(QueryNode):
    """Two expressions within ``distance`` words of each other (Ovid ``adj3``, CINAHL ``N3``/``W3``).

    ``distance`` counts as PubMed's proximity does: the most words that may come between the two,
    so Ovid ``adj3`` (up to two words between) is ``distance=2``. ``ordered`` is true when the left
    side must come first (CINAHL ``W``).
    """

    left: Node
    right: Node
    distance: int
    ordered: bool = False

    def subnodes(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def rebuilt(self, subnodes: Sequence[Node]) -> Near:
        left, right = subnodes
        return replace(self, left=left, right=right)


@dataclass(frozen=True)
class Range(QueryNode):
    """An inclusive range of values, e.g. publication years ``2015:2020[dp]``."""

    start: str
    end: str


@dataclass(frozen=True)
class Field(QueryNode):
    """A sub-query searched in the named fields only (``falls[tiab]``, Ovid ``(a or b).ti,ab.``)."""

    child: Node
    fields: tuple[str, ...]

    def subnodes(self) -> tuple[Node, ...]:
        return (self.child,)

    def rebuilt(self, subnodes: Sequence[Node]) -> Field:
        (child,) = subnodes
        return replace(self, child=child)


@dataclass(frozen=True)
class HistoryRef(QueryNode):
    """A reference to line ``number`` of the search history (``#3``, Ovid ``3``)."""

    number: int


@dataclass(frozen=True)
class Combination(QueryNode):
    """Base of :class:`And` and :class:`Or`: searches combined, any number of them."""

    children: tuple[Node, ...]

    def subnodes(self) -> tuple[Node, ...]:
        return self.children

    def rebuilt(self: _C, subnodes: Sequence[Node]) -> _C:
        return replace(self, children=tuple(subnodes))


_C = TypeVar("_C", bound=Combination)


@dataclass(frozen=True)
class And(Combination):
    """Every child must match."""


@dataclass(frozen=True)
class Or(Combination):
    """Any child may match."""


@dataclass(frozen=True)
class Not(QueryNode):
    """Records matching ``left`` but not ``right``."""

    left: Node
    right: Node

    def subnodes(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def rebuilt(self, subnodes: Sequence[Node]) -> Not:
        left, right = subnodes
        return replace(self, left=left, right=right)


#: Any node of a query tree.
Node: TypeAlias = Term | Truncated | Phrase | Proximity | Near | Range | Field | HistoryRef | And | Or | Not
#: The nodes that combine whole searches (``isinstance(node, BOOLEAN)``).
BOOLEAN = (And, Or, Not)
#: The nodes that are one search term.
WORDS = (Term, Truncated, Phrase)
#: One search term.
Word: TypeAlias = Term | Truncated | Phrase


# --------------------------------------------------------------------------------------------
# Visiting


@functools.cache
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class TreeVisitor(Generic[T]):
    """Computes a ``T`` from a tree, one method per kind of node.

    :meth:`visit` calls ``visit_<kind>`` for the node's class or the nearest base class that has
    one (``visit_term``, ``visit_history_ref``, ``visit_combination`` for both And and Or), else
    :meth:`generic_visit`. A method decides whether and how to visit the nodes below its node, by
    calling :meth:`visit` on them; the visitor keeps any context it needs (the fields above, the
    depth) in its own attributes.
    """

    #: each visitor class's method for each node class, found once (see :meth:`visit`)
    _methods: ClassVar[dict[tuple[type, type], Callable[[Any, Any], Any]]] = {}

    def visit(self, node: Node) -> T:
        """The result for ``node``, from the method for its kind of node."""
        key = (type(self), type(node))
        method = TreeVisitor._methods.get(key)
        if method is None:
            method = type(self).generic_visit
            for cls in type(node).__mro__:
                found = getattr(type(self), f"visit_{_snake(cls.__name__)}", None)
                if found is not None:
                    method = found
                    break
            TreeVisitor._methods[key] = method
        return cast(T, method(self, node))

    def generic_visit(self, node: Node) -> T:
        """The result for a node no ``visit_<kind>`` method handles; a subclass says what it is."""
        raise NotImplementedError(f"{type(self).__name__} cannot visit {type(node).__name__}")


class TreeTransformer(TreeVisitor[Node]):
    """Builds a changed copy of a tree: a node without a ``visit_<kind>`` method is copied, with the
    nodes below it transformed, and keeps its position.

    >>> class Lower(TreeTransformer):
    ...     def visit_term(self, node: Term) -> Node:
    ...         return Term(node.text.lower(), position=node.position)
    >>> Lower().visit(Field(Or((Term("Falls"), Term("Fall"))), ("ti",)))
    Field(child=Or(children=(Term(text='falls'), Term(text='fall'))), fields=('ti',))
    """

    def generic_visit(self, node: Node) -> Node:
        subnodes = node.subnodes()
        if not subnodes:
            return node
        return node.rebuilt(tuple(self.visit(child) for child in subnodes))


# --------------------------------------------------------------------------------------------
# What every syntax needs


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and every node below it, depth first, left to right."""
    yield node
    for child in node.subnodes():
        yield from walk(child)


def history_refs(node: Node) -> set[int]:
    """The history line numbers a query refers to (``#1 AND #3`` -> ``{1, 3}``)."""
    return {n.number for n in walk(node) if isinstance(n, HistoryRef)}


class _Substitution(TreeTransformer):
    def __init__(self, replacements: Mapping[int, Node]) -> None:
        self.replacements = replacements

    def visit_history_ref(self, node: HistoryRef) -> Node:
        return self.replacements.get(node.number, node)


def substitute(node: Node, replacements: Mapping[int, Node]) -> Node:
    """Replace each ``HistoryRef(n)`` in ``node`` by ``replacements[n]`` (when present).

    This is how a line that combines earlier lines is written out in full: for a strategy being
    translated, for a search history sent to a live source, and for the search builder's preview.

    >>> substitute(And((HistoryRef(1), Term("aged"))), {1: Term("falls")})
    And(children=(Term(text='falls'), Term(text='aged')))
    """
    return _Substitution(replacements).visit(node)


class _Placed(TreeTransformer):
    def __init__(self, position: int | None) -> None:
        self.position = position

    def generic_visit(self, node: Node) -> Node:
        node = super().generic_visit(node)
        return node if node.position is not None else replace(node, position=self.position)


def placed(node: Node, position: int | None) -> Node:
    """``node`` with ``position`` given to it and to every node below it that has none yet: what a
    parser does with a search it builds from one place in the text (an Ovid limit, a heading).

    >>> placed(Field(Term("falls"), ("ti",)), 4).child.position
    4
    """
    return node if position is None else _Placed(position).visit(node)


class _PushField(TreeTransformer):
    def __init__(self, fields: tuple[str, ...], leaf: Callable[[Node], Node]) -> None:
        self.fields, self.leaf = fields, leaf

    def visit_combination(self, node: And | Or) -> Node:
        return self.generic_visit(node)

    def visit_not(self, node: Not) -> Node:
        return self.generic_visit(node)

    def visit_field(self, node: Field) -> Node:
        return node

    def visit_history_ref(self, node: HistoryRef) -> Node:
        return node

    def visit_query_node(self, node: Node) -> Node:  # a search term, a range, a proximity search
        return Field(self.leaf(node), self.fields, position=node.position)


def each_field(child: Node, names: Iterable[str], one_field: Callable[[Node, str], str]) -> list[str]:
    """``child`` printed once per field of ``names`` by ``one_field``, ``tiab`` as title and abstract
    apart: for syntaxes whose field codes take one field each (CINAHL ``TI``, Europe PMC ``TITLE:``).

        >>> each_field(Term("falls"), ["tiab", "au"], lambda node, name: f"{name}={node.text}")
        ['ti=falls', 'ab=falls', 'au=falls']
    """
    parts: list[str] = []
    for name in names:
        parts.extend(one_field(child, n) for n in (("ti", "ab") if name == "tiab" else (name,)))
    return parts


def push_field(node: Node, fields: tuple[str, ...], leaf: Callable[[Node], Node] = lambda term: term) -> Node:
    """Give ``fields`` to every search in ``node`` that has no field yet, through AND, OR and NOT.

    Syntaxes that tag a bracketed group (Ovid ``(a or b).ti.``) mean the tag for each term inside it.
    ``leaf`` may rewrite a term before it is wrapped (CINAHL reads a heading's words as a phrase).
    """
    return _PushField(fields, leaf).visit(node)


def merge_title_abstract(children: list[Node]) -> list[Node]:
    """Read ``x`` in the title next to the same ``x`` in the abstract as one title/abstract search."""
    merged: list[Node] = []
    for child in children:
        previous = merged[-1] if merged else None
        if (isinstance(child, Field) and child.fields == ("ab",) and isinstance(previous, Field)
                and previous.fields == ("ti",) and previous.child == child.child):
            merged[-1] = Field(child.child, ("tiab",), position=previous.position)
        else:
            merged.append(child)
    return merged
