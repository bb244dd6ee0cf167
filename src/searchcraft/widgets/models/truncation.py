"""Exploring truncation: which words a stem such as ``nurs*`` really finds, and which it misses.

A learner types a stem and sees every word in the index that starts with it, with the number of
records for each. That shows both ways truncation goes wrong:

* **missed variants**: a stem that is too long misses words (``nurse*`` misses *nursing*;
  ``randomis*`` misses the American *randomized*); the words a one-letter-shorter stem would add
  (if PubMed accepts that stem) are listed as :attr:`Exploration.shorter`;
* **over-truncation**: a stem that is too short finds unrelated words (``car*``: *care*,
  *cardiovascular*, *caries*, *Carter*). PubMed refuses stems under :data:`MIN_STEM` characters
  for this reason, and the explorer says so while still showing what the stem would have found.

The learner can then keep just the words they want and compare ``nurse OR nurses OR nursing`` with
``nurs*`` (:meth:`TruncationModel.alternative`).

Example::

    >>> model = TruncationModel(db, field="tiab")          # doctest: +SKIP
    >>> found = model.explore("nurse*")                    # doctest: +SKIP
    >>> [w.word for w in found.words], [w.word for w in found.shorter]   # doctest: +SKIP
    (['nurse', 'nurses'], ['nursing'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import QueryError
from ...query import Field, Node, Or, Term, Truncated, render
from ...query.pubmed import MIN_STEM
from .index_words import IndexWord, index_words

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.database import PracticeDatabase

#: Fields the explorer offers, with the learner's name for each.
FIELDS = {"all": "All Fields", "tiab": "Title/Abstract", "ti": "Title", "ab": "Abstract"}


@dataclass(frozen=True)
class Exploration:
    """What a stem finds in one field: its words, the overall count and what a shorter stem adds."""

    stem: str
    field: str
    query: str
    count: int
    words: tuple[IndexWord, ...]
    distinct: int
    shorter: tuple[IndexWord, ...]
    too_short: bool

    @property
    def message(self) -> str:
        """The explanation a learner reads under the list."""
        words = "word in the index starts" if self.distinct == 1 else "different words in the index start"
        text = (f"{self.query} finds {self.count:,} record{'s' if self.count != 1 else ''}: "
                f"{self.distinct} {words} with '{self.stem}'.")
        if self.too_short:
            text += (f" PubMed needs at least {MIN_STEM} letters before the *, so it would refuse "
                     f"{self.stem}*: a stem this short finds too many unrelated words (see the list). "
                     "Search the words you want in full instead.")
        if self.distinct > len(self.words):
            text += f" Only the {len(self.words)} most frequent are listed."
        if self.shorter:
            missed = ", ".join(w.word for w in self.shorter[:6])
            text += (f" A shorter stem, {self.stem[:-1]}*, would also find: {missed}. "
                     "Are any of them variants you meant to find?")
        return text


def _stem(text: str) -> str:
    stem = text.strip().strip('"').strip()
    if stem.endswith("*"):
        stem = stem[:-1]
    if not stem:
        raise QueryError("Type a stem to explore, e.g. nurs*", hint="Type the start of a word followed by *.")
    if "*" in stem or any(ch.isspace() for ch in stem):
        raise QueryError(f"{text.strip()!r} is not one word stem",
                         hint="Type the start of one word with one * at the end, e.g. nurs*.")
    return stem


class TruncationModel:
    """Explore truncated stems in one field of a practice database."""

    def __init__(self, db: PracticeDatabase, *, field: str = "all") -> None:
        self.db = db
        self.field = "all"
        self.set_field(field)

    def set_field(self, field: str) -> None:
        if field not in FIELDS:
            raise QueryError(f"Unknown field {field!r}", hint=f"Use one of: {', '.join(FIELDS)}.")
        self.field = field

    def _node(self, node: Node) -> Node:
        return node if self.field == "all" else Field(node, (self.field,))

    def explore(self, text: str) -> Exploration:
        """The words ``text`` (``nurs*`` or ``nurs``) matches, its count, and what a shorter stem adds."""
        stem = _stem(text)
        found = index_words(self.db, stem, field=self.field)
        node = self._node(Truncated(found.stem))
        shorter: tuple[IndexWord, ...] = ()
        if len(found.stem) > MIN_STEM:  # a shorter stem PubMed accepts
            have = {w.word for w in found.words}
            wider = index_words(self.db, found.stem[:-1], field=self.field)
            shorter = tuple(w for w in wider.words if w.word not in have)
        return Exploration(found.stem, self.field, render(node), self.db.count(node), found.words,
                           found.distinct, shorter, len(found.stem) < MIN_STEM)

    def alternative(self, words: Iterable[str]) -> tuple[str, int]:
        """The chosen words searched in full with OR, and how many records that finds."""
        chosen = list(dict.fromkeys(w.strip() for w in words if w.strip()))
        if not chosen:
            raise QueryError("Choose at least one word", hint="Select the words you meant to find.")
        terms = [Term(w) for w in chosen]
        node = self._node(terms[0] if len(terms) == 1 else Or(tuple(terms)))
        return render(node), self.db.count(node)

    def to_state(self) -> dict[str, Any]:
        return {"field": self.field}

    @classmethod
    def from_state(cls, db: PracticeDatabase, state: Mapping[str, Any]) -> TruncationModel:
        return cls(db, field=state.get("field") or "all")
