"""What the search widgets share: the default source, and turning a learner's term into a query.

The search widgets (``ConceptTable``, ``SearchBuilder``, ``TruncationExplorer``, ``HeadingBrowser``,
``BooleanVenn.from_queries``) search the bundled practice database unless given another
:class:`~searchcraft.source.Source`. The database is opened once per kernel and shared.

Example::

    >>> term_node("older adults", field="tiab")
    Field(child=Phrase(text='older adults'), fields=('tiab',))
    >>> term_node("nurs*", field="tiab")
    Field(child=Truncated(stem='nurs'), fields=('tiab',))
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, TypeGuard

from ...errors import QueryError
from ...query import Field, Node, Phrase, Term, Truncated, parse

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.database import PracticeDatabase
    from ...practice.vocabulary import Vocabulary
    from ...source import Source


@lru_cache(maxsize=1)
def practice_database() -> PracticeDatabase:
    """The bundled practice database, opened once and shared by every widget in the kernel."""
    from ...practice.database import PracticeDatabase

    return PracticeDatabase.bundled()


def source_or_default(source: Source | None) -> Source:
    """``source``, or the bundled practice database when none is given."""
    return practice_database() if source is None else source


def is_practice(source: object) -> TypeGuard[PracticeDatabase]:
    """True for the practice database: counts are instant there, so widgets may count as you type."""
    from ...practice.database import PracticeDatabase

    return isinstance(source, PracticeDatabase)


def vocabulary_of(source: Source) -> Vocabulary:
    """The headings tree to browse and suggest from: the source's own, or the practice database's.

    Live sources (PubMed, Europe PMC) carry no vocabulary here; the practice vocabulary uses MeSH
    heading names, so it still gives sensible suggestions.
    """
    vocabulary = getattr(source, "vocabulary", None)
    return vocabulary if vocabulary is not None else practice_database().vocabulary


_OPERATOR = re.compile(r"[\[\]()#]|\b(?:AND|OR|NOT)\b")


def term_node(text: str, *, field: str = "tiab") -> Node:
    """One synonym as a query: a word, a phrase (words with spaces) or a truncated stem, in ``field``.

    A term that already has search syntax (a field tag, brackets, an operator) is parsed as PubMed
    syntax and kept as typed. Raises :class:`QueryError` for an empty term.
    """
    term = " ".join(text.split())
    if len(term) >= 2 and term[0] == term[-1] == '"':
        term = term[1:-1].strip()
    if not term:
        raise QueryError("A term is empty", hint="Type a word or phrase, e.g. older adults.")
    if _OPERATOR.search(term):
        return parse(term)
    if " " in term or "-" in term:
        node: Node = Phrase(term)
    elif term.endswith("*") and "*" not in term[:-1]:
        node = Truncated(term[:-1])
    else:
        node = Term(term)
    return Field(node, (field,)) if field else node


def heading_node(name: str, *, explode: bool = True) -> Node:
    """A subject heading search: ``"Accidental Falls"[mh]`` (or ``[mh:noexp]``)."""
    return Field(Phrase(name), ("mh" if explode else "mh:noexp",))
