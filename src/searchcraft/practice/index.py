"""What the practice database reads from its index: the compiler's lookups, record sets and counts.

Why a class of its own: :class:`~searchcraft.practice.database.PracticeDatabase` is a
:class:`~searchcraft.source.Source` (search, count, fetch); this is the part the query compiler
asks while it plans a search (term codes, headings, row sets, proximity checks; the ``Lookups``
protocol of :mod:`searchcraft.practice.compiler`), with the two caches that keep repeated
searches instant. The index never changes once built, so whatever is read can be remembered.

Example::

    >>> from searchcraft.practice import PracticeDatabase
    >>> db = PracticeDatabase.from_records([{"id": "a", "title": "Falls in care homes", "year": 2020}])
    >>> db.index.count_matching('{title} : "falls"'), db.index.year_bounds()
    (1, (2020, 2020))
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from ..errors import QueryError
from ..records import Record
from .build import RECORD_COLUMNS, record_from_values
from .indexing import KINDS
from .vocabulary import Vocabulary

K = TypeVar("K")
V = TypeVar("V")


class RecentlyUsed(Generic[K, V]):
    """A small cache that forgets the least recently used entry once it holds ``size`` of them.

    >>> cache = RecentlyUsed[str, int](2)
    >>> cache.put("a", 1); cache.put("b", 2); _ = cache.get("a"); cache.put("c", 3)
    >>> cache.get("b") is None, cache.get("a"), cache.get("c")
    (True, 1, 3)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value for ``key`` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def peek(self, key: K) -> V | None:
        """The value for ``key`` without counting it as a use."""
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class IndexReader:
    """Reads a built practice database's index for the query compiler, remembering what it read.

    ``connection`` and ``lock`` are the database's own (one SQLite connection, used by one thread
    at a time); ``meta`` is its ``meta`` table.
    """

    def __init__(self, connection: sqlite3.Connection, lock: threading.RLock, meta: dict[str, str]) -> None:
        self._conn = connection
        self._lock = lock
        self.meta = meta
        self._vocabulary: Vocabulary | None = None
        self._terms: dict[str, dict[str, int]] | None = None
        self._ranks: array[int] | None = None
        self._materialised: RecentlyUsed[str, frozenset[int]] = RecentlyUsed(32)
        self._counts: RecentlyUsed[str, int] = RecentlyUsed(512)

    @property
    def vocabulary(self) -> Vocabulary:
        """The headings tree: ``lookup``, ``children``, ``explode``, ``roots``."""
        if self._vocabulary is None:
            with self._lock:
                rows = self._conn.execute("SELECT data FROM vocabulary ORDER BY position")
                self._vocabulary = Vocabulary(json.loads(r[0]) for r in rows)
        return self._vocabulary

    def count_matching(self, expression: str) -> int:
        """How many records an FTS5 MATCH ``expression`` finds (remembered)."""
        cached = self._materialised.peek(expression)
        if cached is not None:
            return len(cached)
        count = self._counts.get(expression)
        if count is None:
            count = self.query_one("SELECT count(*) FROM fts WHERE fts MATCH ?", expression)
            self._counts.put(expression, count)
        return count

    def clear_cache(self) -> None:
        """Forget remembered counts and record sets (for timing searches from cold)."""
        self._counts.clear()
        self._materialised.clear()

    def query_one(self, sql: str, *params: object) -> int:
        with self._lock:
            try:
                value: int = self._conn.execute(sql, params).fetchone()[0]
                return value
            except sqlite3.OperationalError as error:
                raise self.query_failed(str(params[0]), error) from None


    @staticmethod
    def query_failed(expression: str, error: Exception) -> QueryError:
        return QueryError(f"The practice database could not run this search ({error})",
                          hint=f"Simplify the search; the index query was: {expression[:200]}")


    def _load_terms(self) -> dict[str, dict[str, int]]:
        if self._terms is None:
            terms: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
            with self._lock:
                for kind, key, code in self._conn.execute("SELECT kind, key, code FROM terms"):
                    terms.setdefault(kind, {})[key] = code
            self._terms = terms
        return self._terms


    def term_code(self, kind: str, key: str) -> int | None:
        return self._load_terms().get(kind, {}).get(key)


    def term_codes_starting(self, kind: str, prefix: str) -> list[int]:
        return sorted({code for key, code in self._load_terms().get(kind, {}).items()
                       if key.startswith(prefix)})


    def term_labels_starting(self, kind: str, prefix: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self._conn.execute(
                "SELECT label FROM terms WHERE kind = ? AND key >= ? AND key < ? ORDER BY key",
                (kind, prefix, prefix + "\U0010ffff"))]


    def rows_for_identifiers(self, identifiers: list[str]) -> frozenset[int]:
        with self._lock:
            found: set[int] = set()
            for start in range(0, len(identifiers), 400):
                chunk = identifiers[start:start + 400]
                marks = ", ".join("?" * len(chunk))
                found.update(r[0] for r in self._conn.execute(
                    f"SELECT rowid FROM records WHERE id IN ({marks}) "
                    f"UNION SELECT rowid FROM records WHERE pmid IN ({marks}) AND pmid != ''",
                    chunk + chunk))
        return frozenset(found)


    def year_bounds(self) -> tuple[int, int] | None:
        if not self.meta.get("min_year"):
            return None
        return int(self.meta["min_year"]), int(self.meta["max_year"])


    def materialise(self, expression: str) -> frozenset[int]:
        cached = self._materialised.get(expression)
        if cached is not None:
            return cached
        with self._lock:
            try:
                rows = frozenset(r[0] for r in self._conn.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ?", (expression,)))
            except sqlite3.OperationalError as error:
                raise self.query_failed(expression, error) from None
        self._materialised.put(expression, rows)
        return rows


    def restrict(self, expression: str, rows: frozenset[int]) -> frozenset[int]:
        if not rows:
            return frozenset()
        with self._lock:
            try:
                return frozenset(r[0] for r in self._conn.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN "
                    "(SELECT value FROM json_each(?))", (expression, json.dumps(sorted(rows)))))
            except sqlite3.OperationalError as error:
                raise self.query_failed(expression, error) from None


    def ordered_near(self, expression: str, left: list[list[tuple[str, bool]]],
                     right: list[list[tuple[str, bool]]], distance: int,
                     columns: tuple[str, ...]) -> frozenset[int]:
        """Rows where a left alternative comes before a right one, at most ``distance`` between.

        FTS5's NEAR ignores order, so its matches are checked word by word here.
        """
        from .ordered import ordered_match
        candidates = self.materialise(expression)
        found = set()
        for rowid, record in self.records_by_rowid(candidates):
            if ordered_match(record, columns, left, right, distance):
                found.add(rowid)
        return frozenset(found)


    def index_words_starting(self, stem: str, columns: tuple[str, ...]) -> list[tuple[str, int]]:
        """Index words in ``columns`` that start with ``stem`` (folded, as the index stores words),
        each with the most records any one of those columns has it in, most frequent first.

        It is what truncation (``stem*``) expands to, so the truncation explorer can show it.

        >>> from searchcraft.practice import PracticeDatabase
        >>> db = PracticeDatabase.from_records([{"id": "r1", "title": "Nurses and nursing"}])
        >>> db.index.index_words_starting("nurs", ("title",))
        [('nurses', 1), ('nursing', 1)]
        """
        if not stem:
            return []
        upper = stem[:-1] + chr(ord(stem[-1]) + 1)
        marks = ", ".join("?" * len(columns))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT term, max(doc) FROM fts_words WHERE term >= ? AND term < ? AND col IN ({marks}) "
                "GROUP BY term ORDER BY max(doc) DESC, term", (stem, upper, *columns)).fetchall()
        return [(str(term), int(records)) for term, records in rows]


    def index_words_matching(self, patterns: list[str], columns: tuple[str, ...]) -> list[str]:
        """Index words in ``columns`` that match any SQLite GLOB pattern (for wildcards), sorted."""
        marks = ", ".join("?" * len(columns))
        found: set[str] = set()
        with self._lock:
            for pattern in patterns:
                literal = pattern.split("?", 1)[0]
                if literal:  # the letters before the first wildcard bound the scan
                    upper = literal[:-1] + chr(ord(literal[-1]) + 1)
                    sql = (f"SELECT DISTINCT term FROM fts_words WHERE term >= ? AND term < ? "
                           f"AND term GLOB ? AND col IN ({marks})")
                    params: tuple[Any, ...] = (literal, upper, pattern, *columns)
                else:
                    sql = f"SELECT DISTINCT term FROM fts_words WHERE term GLOB ? AND col IN ({marks})"
                    params = (pattern, *columns)
                found.update(r[0] for r in self._conn.execute(sql, params))
        return sorted(found)


    def records_by_rowid(self, rowids: Iterable[int]) -> Iterator[tuple[int, Record]]:
        ordered = sorted(rowids)
        for start in range(0, len(ordered), 2000):
            chunk = ordered[start:start + 2000]
            with self._lock:
                rows = self._conn.execute(
                    f"SELECT rowid, {', '.join(RECORD_COLUMNS)} FROM records WHERE rowid IN "
                    "(SELECT value FROM json_each(?))", (json.dumps(chunk),)).fetchall()
            for rowid, *values in rows:
                yield rowid, record_from_values(tuple(values))


    def rank_array(self) -> array[int]:
        if self._ranks is None:
            ranks = array("l", [0]) * (int(self.meta.get("records", "0")) + 1)
            with self._lock:
                for rowid, rank in self._conn.execute("SELECT rowid, rank FROM ranks"):
                    ranks[rowid] = rank
            self._ranks = ranks
        return self._ranks
