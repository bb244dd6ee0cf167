"""The practice database: a PubMed-like search engine over any set of records, on SQLite FTS5.

Learners practise on it exactly as they would search PubMed: field tags, phrases, truncation,
proximity, exploded headings and a numbered search history, with instant counts and no network.
It is a :class:`~searchcraft.source.Source`, so widgets treat it like the live databases.

What each field tag searches (PubMed's definitions, within the fields a practice record has):

* untagged and ``[all]``: title, abstract, author keywords, headings, publication types,
  authors, journal and language, as words;
* ``[tiab]``: title, abstract and author keywords (PubMed's Title/Abstract includes author
  keywords); ``[ti]``, ``[ab]``, ``[kw]`` (author keywords, PubMed's ``[ot]``);
* ``[tw]``: title, abstract, author keywords, headings and publication types (PubMed's Text Word);
* ``[mh]``: a heading *exploded* (it and every heading below it in the tree), found by its name
  or an entry term; ``[mh:noexp]`` the heading only; ``[majr]``/``[majr:noexp]`` the same where
  the heading is a major topic;
* ``[au]``: an author as ``surname initials``; initials are truncated as in PubMed, so
  ``smith j[au]`` finds Smith J, Smith JA and Smith JB, and ``smith[au]`` every Smith;
* ``[ta]``: the whole journal title or its abbreviation; ``[pt]``: a publication type;
  ``[la]``: a language by name or ISO code (``english`` or ``eng``);
* ``[dp]``: the year of publication, ``2019[dp]``, ``2015:2020[dp]`` (inclusive), ``201*[dp]``;
* ``[pmid]``: the record's identifier or PMID.

Phrases are words next to each other in order within one field; truncation (``nurs*``) works in
words and inside phrases; ``"hip pain"[tiab:~2]`` finds the words within 2 words of each other in
any order within one field; AND, OR and NOT are set operations. How text becomes index words
(case, diacritics, hyphens, British and American spellings) is described in
:mod:`searchcraft.practice.tokenise`.

Results list record ids newest first (year descending, records without a year last), then by id,
so the same search always lists records in the same order.

Example::

    >>> db = PracticeDatabase.from_records([
    ...     {"id": "a", "title": "Hand hygiene in nursing homes", "year": 2019},
    ...     {"id": "b", "title": "Hand washing and hygiene", "year": 2021},
    ... ])
    >>> db.count('"hand hygiene"[ti]'), db.search("hygiene[ti]").ids
    (1, ('b', 'a'))
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, QueryError
from ..query import parse
from ..query.ast import Node, push_field
from ..records import Record
from ..source import SearchResult
from .build import SCHEMA_VERSION, SELECT_RECORD, build, build_file, connect, record_from_values
from .compiler import Compilation, Match, Plan, QueryCompiler, Rows
from .index import IndexReader
from .vocabulary import Vocabulary

#: Where each platform searches a word typed without a field. Ovid MEDLINE searches its default
#: fields, .mp. (title, abstract, heading words, keywords...), which is the practice database's
#: [tw]; PubMed's untagged words go through Automatic Term Mapping, which the practice database
#: stands in for with all fields, as it does for EBSCOhost's default (all fields).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {"ovid": ("tw",)}


def with_default_fields(node: Node, syntax: str) -> Node:
    """``node`` with the platform's default fields given to every search typed without a field.

    >>> with_default_fields(parse("falls", "ovid"), "ovid")
    Field(child=Term(text='falls'), fields=('tw',))
    """
    fields = DEFAULT_FIELDS.get(syntax)
    return push_field(node, fields) if fields else node


def in_platform_terms(error: QueryError, syntax: str) -> QueryError:
    """An unsupported-field error reworded with the platform's own field codes (Ovid ``.fs.``,
    CINAHL ``SU``), so a learner searching in Ovid is not told about PubMed tags."""
    from .compiler import CODE_FIELDS, TEXT_FIELDS, UnsupportedFieldError

    if syntax == "pubmed" or not isinstance(error, UnsupportedFieldError):
        return error
    from ..query import syntax_module

    codes = getattr(syntax_module(syntax), "CANONICAL_CODES", {})
    field = getattr(error, "field", "")
    if syntax == "ovid":
        def show(name: str) -> str:
            return f".{codes[name]}." if name in codes else ""
    else:
        def show(name: str) -> str:
            return str(codes.get(name, ""))
    known = [s for s in dict.fromkeys(show(n) for n in (*TEXT_FIELDS, *CODE_FIELDS)) if s]
    shown = show(field) or field
    reworded = UnsupportedFieldError(f"The practice database cannot search {shown}",
                                     hint=f"Search one of: {', '.join(known)}.")
    reworded.field = field
    return reworded


def parse_query(query: str | Node, syntax: str = "pubmed") -> tuple[str, Node]:
    """The query's text and AST; text is parsed in ``syntax`` (PubMed's unless told).

    >>> parse_query("(fall$ adj3 prevent$).ti,ab.", "ovid")[1].fields
    ('tiab',)
    """
    if isinstance(query, Node):
        try:
            from ..query import render
            text = render(query, syntax)
        except Exception:  # a node the PubMed syntax cannot print: show the AST
            text = repr(query)
        return text, query
    if not isinstance(query, str):
        raise QueryError(f"A query must be text or a parsed query, not {type(query).__name__}")
    if not query.strip():
        raise QueryError("The search is empty", hint="Type some search terms.")
    return query, with_default_fields(parse(query, syntax), syntax)


class PracticeDatabase:
    """A searchable set of records (the bundled practice corpus, or any records you give it).

    Make one with :meth:`from_records`, :meth:`open` or :meth:`bundled`; then ``search``,
    ``count`` and ``fetch`` as with any :class:`~searchcraft.source.Source`.
    """

    name = "practice"

    def __init__(self, connection: sqlite3.Connection, *, path: Path | None = None) -> None:
        self._conn = connection
        self.path = path
        self._lock = threading.RLock()
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as error:
            raise DatabaseError(
                f"{path or 'This file'} is not a practice database ({error})",
                hint="Build it with PracticeDatabase.from_records(records, path=...).",
            ) from None
        if meta.get("schema") != SCHEMA_VERSION:
            raise DatabaseError(
                f"{path or 'The database'} was built by another version of SearchCraft",
                hint="Build it again with this version (delete the file and rebuild).",
            )
        self.meta = meta
        #: what the query compiler reads from the index (its lookups), and the caches of counts and sets
        self.index = IndexReader(connection, self._lock, meta)

    # -- making one ---------------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any] | Record],
                     vocabulary: list[dict[str, Any]] | Vocabulary | None = None, *,
                     path: str | os.PathLike[str] | None = None,
                     progress: bool = False) -> PracticeDatabase:
        """Index ``records`` (dicts or :class:`Record`) with an optional headings ``vocabulary``.

        Without ``path`` the database lives in memory; with one it is written there (atomically)
        and can be reopened later with :meth:`open`. Records stream: a generator of a million
        records is indexed in bounded memory.
        """
        if path is not None:
            build_file(path, records, vocabulary, progress=progress)
            return cls.open(path)
        conn = connect(":memory:")
        build(conn, records, vocabulary, progress)
        return cls(conn)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> PracticeDatabase:
        """Open a database file built earlier, read-only."""
        target = Path(path)
        if not target.is_file():
            raise DatabaseError(
                f"No practice database at {target}",
                hint="Build one with PracticeDatabase.from_records(records, path=...) "
                     "or use PracticeDatabase.bundled().",
            )
        try:
            conn = connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(
                f"{target} is not a practice database ({error})",
                hint="Build it with PracticeDatabase.from_records(records, path=...).",
            ) from None
        return cls(conn, path=target)

    @classmethod
    def bundled(cls) -> PracticeDatabase:
        """The practice corpus shipped with the course, built into a cached file on first use."""
        from .bundled import build_bundled
        return cls.open(build_bundled(progress=True))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PracticeDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self.meta.get("records", "0"))

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"<PracticeDatabase{where}: {len(self):,} records>"

    # -- the Source protocol ------------------------------------------------------------------
    def search(self, query: str | Node, *, limit: int | None = None,
               syntax: str = "pubmed") -> SearchResult:
        """Run ``query``; the result lists ids in the stable order (newest first, then id).

        ``syntax`` is the notation the text is written in: ``"pubmed"`` (the default), ``"ovid"``
        (Ovid MEDLINE, e.g. ``exp Accidental Falls/`` or ``(fall$ adj3 prevent$).ti,ab.``),
        ``"cinahl"`` (EBSCOhost, e.g. ``MH "Accidental Falls+" OR TI fall*``) or ``"europepmc"``.
        One search line only: numbered lines that refer to each other need a
        :class:`~searchcraft.practice.SearchHistory`.
        """
        text, node = parse_query(query, syntax)
        try:
            compilation = self.compile(node)
        except QueryError as error:
            raise in_platform_terms(error, syntax) from None
        return self.result(text, compilation.plan, limit=limit,
                           matched_terms=self.matched_terms(compilation))

    def count(self, query: str | Node, *, syntax: str = "pubmed") -> int:
        """How many records ``query`` (written in ``syntax``, see :meth:`search`) finds."""
        _, node = parse_query(query, syntax)
        try:
            plan = self.compile(node).plan
        except QueryError as error:
            raise in_platform_terms(error, syntax) from None
        return self.plan_count(plan)

    def fetch(self, ids: Iterable[str]) -> list[Record]:
        """The records with these ids, in the order asked; unknown ids are skipped."""
        wanted = [str(i) for i in ids]
        found: dict[str, Record] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                for values in self._conn.execute(f"{SELECT_RECORD} WHERE id IN ({marks})", chunk):
                    found[values[0]] = record_from_values(values)
        return [found[i] for i in wanted if i in found]

    # -- the vocabulary -----------------------------------------------------------------------
    @property
    def vocabulary(self) -> Vocabulary:
        """The headings tree: ``lookup``, ``children``, ``explode``, ``roots``."""
        return self.index.vocabulary

    # -- plans (used by SearchHistory) --------------------------------------------------------
    def compile(self, node: Node, history: Mapping[int, Plan] | None = None) -> Compilation:
        """The plan for ``node``; ``history`` maps line numbers to plans of lines already run."""
        return QueryCompiler(self.index, history).compile(node)

    def plan_count(self, plan: Plan) -> int:
        """How many records a plan finds (a count the index remembers)."""
        if isinstance(plan, Rows):
            return len(plan.rows)
        return self.index.count_matching(plan.expression)

    def clear_cache(self) -> None:
        """Forget remembered counts and record sets (for timing searches from cold)."""
        self.index.clear_cache()

    def plan_ids(self, plan: Plan, limit: int | None = None) -> tuple[str, ...]:
        """Record ids for a plan, in the stable result order, the first ``limit`` only if given."""
        if limit is not None and limit <= 0:
            return ()
        if isinstance(plan, Match):
            sql = ("SELECT r.id FROM records r JOIN (SELECT rowid FROM fts WHERE fts MATCH ?) m "
                   "ON r.rowid = m.rowid JOIN ranks k ON k.rowid = r.rowid ORDER BY k.rank")
            params: tuple[Any, ...] = (plan.expression,)
            if limit is not None:
                sql += " LIMIT ?"
                params += (limit,)
            with self._lock:
                try:
                    return tuple(r[0] for r in self._conn.execute(sql, params))
                except sqlite3.OperationalError as error:
                    raise self.index.query_failed(plan.expression, error) from None
        ranks = self.index.rank_array()
        ordered = sorted(plan.rows, key=ranks.__getitem__)
        if limit is not None:
            ordered = ordered[:limit]
        ids: dict[int, str] = {}
        with self._lock:
            for start in range(0, len(ordered), 5000):
                chunk = ordered[start:start + 5000]
                for rowid, record_id in self._conn.execute(
                        "SELECT rowid, id FROM records WHERE rowid IN "
                        "(SELECT value FROM json_each(?))", (json.dumps(chunk),)):
                    ids[rowid] = record_id
        return tuple(ids[r] for r in ordered)

    def result(self, query: str, plan: Plan, *, limit: int | None = None,
               matched_terms: frozenset[str] = frozenset()) -> SearchResult:
        return SearchResult(query=query, count=self.plan_count(plan),
                            ids=self.plan_ids(plan, limit), matched_terms=matched_terms)

    def matched_terms(self, compilation: Compilation) -> frozenset[str]:
        """Index words a compiled query can match: its words, and what its truncations expand to."""
        found = set(compilation.words)
        with self._lock:
            for stem, columns in compilation.prefixes:
                upper = stem[:-1] + chr(ord(stem[-1]) + 1)
                marks = ", ".join("?" * len(columns))
                found.update(r[0] for r in self._conn.execute(
                    f"SELECT DISTINCT term FROM fts_words WHERE term >= ? AND term < ? "
                    f"AND col IN ({marks}) LIMIT 500", (stem, upper, *columns)))
        return frozenset(found)

    # -- the truncation explorer's words -----------------------------------------------------
    def index_words_starting(self, stem: str, columns: tuple[str, ...]) -> list[tuple[str, int]]:
        """Index words in ``columns`` that start with ``stem``, most records first (see
        :meth:`IndexReader.index_words_starting`): what truncation expands to, for the truncation
        explorer."""
        return self.index.index_words_starting(stem, columns)


__all__ = ["PracticeDatabase", "build_file", "parse_query"]
