"""Building a practice database: the SQLite schema and the streaming indexer.

Records stream through in batches, so a generator of a million records is indexed in bounded
memory. Preparing a batch (validating records, working out index codes) is Python work; writing
it is SQLite work, which releases the interpreter lock, so a writer thread stores one batch while
the next is prepared.

The ``records`` table keeps each record's fields as columns (lists joined with the unit separator
``\\x1f``), so fetching records needs no parsing. ``rank`` is the record's place in the stable
result order (newest first, records without a year last, then by id).
"""

from __future__ import annotations

import json
import queue
import sqlite3
import sys
import threading
import time
from typing import Iterable, Mapping

from ..errors import DatabaseError
from ..records import Record
from .indexing import COLUMNS, KINDS, RecordIndexer
from .vocabulary import Vocabulary

SCHEMA_VERSION = "3"
LIST_SEPARATOR = "\x1f"
BATCH = 2_000

# records columns after rowid/rank, in Record field order; list fields are joined
RECORD_COLUMNS = ("id", "title", "abstract", "authors", "journal", "journal_abbreviation", "year",
                  "volume", "issue", "pages", "language", "publication_types", "keywords",
                  "headings", "doi", "pmid", "source")
_LISTS = frozenset({"authors", "publication_types", "keywords", "headings"})

SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records(rowid INTEGER PRIMARY KEY, rank INTEGER,
                     {', '.join(f'{c} {"INTEGER" if c == "year" else "TEXT NOT NULL"}'
                                for c in RECORD_COLUMNS)});
CREATE TABLE terms(kind TEXT NOT NULL, key TEXT NOT NULL, code INTEGER NOT NULL,
                   label TEXT NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;
CREATE TABLE vocabulary(position INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({', '.join(COLUMNS)},
    tokenize='unicode61 remove_diacritics 2', content='', columnsize=0);
CREATE VIRTUAL TABLE fts_words USING fts5vocab(fts, 'col');
"""

SELECT_RECORD = f"SELECT {', '.join(RECORD_COLUMNS)} FROM records"


def record_values(record: Record) -> tuple:
    """A record as the values of the ``records`` columns."""
    return (record.id, record.title, record.abstract, LIST_SEPARATOR.join(record.authors),
            record.journal, record.journal_abbreviation, record.year, record.volume, record.issue,
            record.pages, record.language, LIST_SEPARATOR.join(record.publication_types),
            LIST_SEPARATOR.join(record.keywords), LIST_SEPARATOR.join(record.headings),
            record.doi, record.pmid, record.source)


def record_from_values(values: tuple) -> Record:
    """The inverse of :func:`record_values`."""
    data = dict(zip(RECORD_COLUMNS, values))
    for name in _LISTS:
        data[name] = data[name].split(LIST_SEPARATOR) if data[name] else []
    return Record(**data)


class Progress:
    """A one-line progress report on stderr for long builds (updated once a second at most)."""

    def __init__(self, enabled: bool, label: str = "Indexing records") -> None:
        self.enabled = enabled
        self.label = label
        self.start = self.last = time.monotonic()

    def update(self, done: int, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if final or now - self.last >= 1.0:
            self.last = now
            rate = done / max(now - self.start, 1e-9)
            print(f"\r{self.label}: {done:,} ({rate:,.0f} records/s)", end="\n" if final else "",
                  file=sys.stderr, flush=True)

    def note(self, text: str) -> None:
        if self.enabled:
            print(text, file=sys.stderr, flush=True)


class _Writer(threading.Thread):
    """Writes prepared batches while the next one is prepared; remembers the first failure."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(name="practice-db-writer", daemon=True)
        self.conn = conn
        self.batches: queue.Queue = queue.Queue(maxsize=3)  # bounded: at most 3 batches waiting
        self.error: BaseException | None = None
        self._fts_sql = (f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) "
                         f"VALUES (?{', ?' * len(COLUMNS)})")
        self._record_sql = (f"INSERT INTO records(rowid, {', '.join(RECORD_COLUMNS)}) "
                            f"VALUES (?{', ?' * len(RECORD_COLUMNS)})")

    def run(self) -> None:
        while (batch := self.batches.get()) is not None:
            if self.error is None:
                try:
                    self.conn.executemany(self._fts_sql, batch[0])
                    self.conn.executemany(self._record_sql, batch[1])
                except BaseException as error:  # handed to the building thread
                    self.error = error

    def put(self, batch: tuple[list, list] | None) -> None:
        if self.error is not None:
            raise self.error
        self.batches.put(batch)


def build(conn: sqlite3.Connection, records: Iterable["dict | Record"],
          vocabulary: Iterable[Mapping] | Vocabulary | None, progress: bool,
          meta: Mapping[str, str] | None = None) -> None:
    """Index ``records`` into the empty database behind ``conn`` (autocommit mode)."""
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary or [])
    conn.executescript(SCHEMA)  # executescript commits, so the transaction starts after it
    conn.execute("BEGIN")
    # a larger in-memory buffer means fewer, larger index segments to merge
    conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (64 << 20,))
    conn.executemany("INSERT INTO vocabulary(position, data) VALUES (?, ?)",
                     ((i, json.dumps(h.to_dict(), ensure_ascii=False)) for i, h in enumerate(vocab)))
    indexer = RecordIndexer(vocab)
    report = Progress(progress)
    writer = _Writer(conn)
    writer.start()
    rowid = 0
    years: set[int] = set()
    fts_rows: list[tuple] = []
    record_rows: list[tuple] = []
    try:
        for item in records:
            record = item if isinstance(item, Record) else Record.from_dict(item)
            rowid += 1
            fts_rows.append((rowid, *indexer.row(record)))
            record_rows.append((rowid, *record_values(record)))
            if record.year is not None:
                years.add(record.year)
            if len(fts_rows) >= BATCH:
                writer.put((fts_rows, record_rows))
                fts_rows, record_rows = [], []
                report.update(rowid)
        writer.put((fts_rows, record_rows))
    finally:
        writer.batches.put(None)
        writer.join()
    if writer.error is not None:
        raise writer.error
    report.update(rowid, final=True)
    report.note("Finishing the index...")
    _finish(conn, indexer, rowid, years, meta)


def _finish(conn: sqlite3.Connection, indexer: RecordIndexer, count: int, years: set[int],
            meta: Mapping[str, str] | None) -> None:
    try:
        conn.execute("CREATE UNIQUE INDEX records_id ON records(id)")
    except sqlite3.IntegrityError:
        duplicates = [r[0] for r in conn.execute(
            "SELECT id FROM records GROUP BY id HAVING count(*) > 1 LIMIT 5")]
        raise DatabaseError(
            f"Record ids must be unique; these appear more than once: {', '.join(duplicates)}",
            hint="Give every record its own id (deduplicate the records first).",
        ) from None
    conn.execute("CREATE INDEX records_pmid ON records(pmid) WHERE pmid != ''")
    conn.execute("""
        UPDATE records SET rank = ordered.position FROM (
            SELECT rowid AS rid, row_number() OVER (ORDER BY year IS NULL, year DESC, id)
                   AS position FROM records) AS ordered
        WHERE records.rowid = ordered.rid""")
    conn.executemany(
        "INSERT INTO terms(kind, key, code, label) VALUES (?, ?, ?, ?)",
        ((kind, key, code, indexer.labels[kind][key])
         for kind in KINDS for key, code in indexer.terms[kind].items()))
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    info = {"schema": SCHEMA_VERSION, "records": str(count),
            "min_year": str(min(years)) if years else "",
            "max_year": str(max(years)) if years else "", **(meta or {})}
    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", info.items())
    conn.execute("COMMIT")
