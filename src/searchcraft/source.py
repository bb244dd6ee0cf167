"""What every searchable database answers, practice or live.

A widget or notebook takes any :class:`Source`, so the same strategy runs on the practice
database, PubMed or Europe PMC by changing one argument::

    for source in (PracticeDatabase.bundled(), PubMed(), EuropePMC()):
        print(source.name, source.count('"hand hygiene"[tiab]'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from .query.ast import Node
    from .records import Record


@dataclass(frozen=True)
class SearchResult:
    """What a search found: how many records, their ids in a stable order, and the words matched.

    ``ids`` may hold fewer than ``count`` ids when the search was asked for the first few only.
    ``matched_terms`` lists the index words that matched, for highlighting.
    """

    query: str
    count: int
    ids: tuple[str, ...]
    matched_terms: frozenset[str] = field(default_factory=frozenset)


@runtime_checkable
class Source(Protocol):
    """A database a learner can search. ``query`` is text in the source's syntax, or a parsed query."""

    name: str

    def search(self, query: str | Node, *, limit: int | None = None) -> SearchResult: ...

    def count(self, query: str | Node) -> int: ...

    def fetch(self, ids: Iterable[str]) -> list[Record]: ...
