"""The words in the practice database's index that start with a stem, and how many records have each.

Truncation (``nurs*``) searches every index word that starts with the stem. Seeing those words is
the quickest way to learn what a stem really does: ``nurs*`` finds *nurse*, *nurses* and *nursing*
(and the journal abbreviation *Nurs*), while a short stem drags in unrelated words.

The words come from :meth:`PracticeDatabase.index_words_starting` (the index's own vocabulary); the
record counts come from the database's own search, so they are exactly what a search for the word
finds.

Example::

    >>> [(w.word, w.records) for w in index_words(db, "nurs", field="tiab")]  # doctest: +SKIP
    [('nursing', 392), ('nurse', 626), ('nurses', 468)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import QueryError
from ...practice.compiler import TEXT_FIELDS
from ...practice.tokenise import fold
from ...query import Field, Term

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.database import PracticeDatabase

#: At most this many words get an exact record count (the most frequent ones).
MAX_COUNTED = 150


@dataclass(frozen=True)
class IndexWord:
    """One index word and the number of records that have it in the field searched."""

    word: str
    records: int


@dataclass(frozen=True)
class IndexWords:
    """The words starting with ``stem`` in ``field``: ``words`` (most records first) and how many there are.

    ``distinct`` can exceed ``len(words)`` when the stem is so short that only the
    :data:`MAX_COUNTED` most frequent words were counted.
    """

    stem: str
    field: str
    words: tuple[IndexWord, ...]
    distinct: int


def index_words(db: PracticeDatabase, stem: str, *, field: str = "all") -> IndexWords:
    """Every index word starting with ``stem`` in the columns ``field`` searches (``all``, ``tiab``, ``ti``...)."""
    if field not in TEXT_FIELDS:
        raise QueryError(f"Truncation cannot be explored in the field {field!r}",
                         hint=f"Use one of: {', '.join(TEXT_FIELDS)}.")
    key = fold(stem.strip())
    if not key or not key.replace("-", "").isalnum() or "-" in key:
        raise QueryError(f"{stem!r} is not a word stem",
                         hint="Type the start of one word, letters or digits only, e.g. nurs.")
    rows = db.index_words_starting(key, TEXT_FIELDS[field])
    counted = [IndexWord(term, db.count(Field(Term(term), (field,)))) for term, _ in rows[:MAX_COUNTED]]
    counted.sort(key=lambda w: (-w.records, w.word))
    return IndexWords(key, field, tuple(w for w in counted if w.records), len(rows))
