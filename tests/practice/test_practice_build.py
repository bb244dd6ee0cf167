"""The fast index build stores exactly what a plain, record-by-record reading of the records says.

The build takes shortcuts for speed (plain dicts skip ``Record.from_dict``'s conversions, index
codes are remembered per journal, type and language, rows are written in batches). These tests
pin the results: the shortcut gives the same records, batching changes nothing in the stored
index, and counts for many field-tagged searches equal counts worked out by reading the records
word by word. Nothing here is timed; ``benchmarks/search.py`` measures the speed.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import threading

import pytest

from searchcraft.errors import DatabaseError, DataFileError
from searchcraft.practice import PracticeDatabase, Vocabulary
from searchcraft.practice.build import as_record, build
from searchcraft.practice.corpus import generate_records, vocabulary
from searchcraft.practice.indexing import language_key
from searchcraft.practice.tokenise import author_token, normalise_name, words
from searchcraft.records import Record
from support import run

CORPUS_SIZE = 400


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return list(generate_records(CORPUS_SIZE))


@pytest.fixture(scope="module")
def headings() -> list[dict]:
    return vocabulary()


@pytest.fixture(scope="module")
def db(corpus, headings):
    database = PracticeDatabase.from_records(corpus, headings)
    yield database
    database.close()


ODD_RECORDS = [
    {"id": "r1"},
    {"id": "r2", "title": None, "year": None, "authors": None, "doi": None},
    {"id": "r3", "year": "2019", "pmid": 123, "volume": 7},
    {"id": 4, "title": "A numeric id"},
    {"id": "r5", "headings": ("Falls", "*Aged"), "keywords": ["a", 2]},
    {"id": "r6", "year": True, "title": "A year given as a boolean"},
    {"id": "r7", "authors": ["Smith JA"], "shelf": "B2", "notes": None},
    {"id": "r8", "year": 2020.0},
]


@pytest.mark.parametrize("data", ODD_RECORDS, ids=lambda d: str(d["id"]))
def test_a_dict_becomes_the_same_record_as_from_dict_gives(data):
    assert as_record(dict(data)) == Record.from_dict(dict(data))


def test_generated_records_become_the_same_records_as_from_dict_gives(corpus):
    assert [as_record(r) for r in corpus] == [Record.from_dict(r) for r in corpus]


def test_a_record_owns_its_lists_so_changing_the_dict_later_changes_nothing():
    data = {"id": "r1", "authors": ["Smith JA"]}
    record = as_record(data)
    data["authors"].append("Jones B")
    assert record.authors == ["Smith JA"]


@pytest.mark.parametrize("data", [{"title": "no id"}, {"id": ""}, {"id": None},
                                  {"id": "r1", "headings": "Falls"}, {"id": "r1", "year": "soon"},
                                  "not a dict"])
def test_bad_records_are_refused_with_the_same_error_as_from_dict(data):
    with pytest.raises(DataFileError) as expected:
        Record.from_dict(data)
    with pytest.raises(DataFileError) as raised:
        as_record(data)
    assert raised.value.message == expected.value.message


def test_duplicate_ids_are_still_refused_after_the_fast_load():
    with pytest.raises(DatabaseError, match="more than once: r1"):
        PracticeDatabase.from_records([{"id": "r1"}, {"id": "r2"}, {"id": "r1"}])


def contents(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Everything a build stores, including every indexed word's position in every record."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instance USING fts5vocab(main, fts, 'instance')")
    return {table: conn.execute(sql).fetchall() for table, sql in {
        "records": "SELECT * FROM records ORDER BY rowid",
        "ranks": "SELECT * FROM ranks ORDER BY rowid",
        "terms": "SELECT * FROM terms ORDER BY kind, key",
        "vocabulary": "SELECT * FROM vocabulary ORDER BY position",
        "meta": "SELECT * FROM meta ORDER BY key",
        "words": "SELECT * FROM fts_words ORDER BY term, col",
        "instances": "SELECT * FROM fts_instance ORDER BY term, doc, col, offset",
    }.items()}


def test_batched_fast_build_stores_the_same_as_one_converted_record_at_a_time(corpus, headings):
    fast = sqlite3.connect(":memory:", isolation_level=None)
    build(fast, iter(corpus), headings, False)
    slow = sqlite3.connect(":memory:", isolation_level=None)
    build(slow, (Record.from_dict(r) for r in corpus), Vocabulary(headings), False, batch=1)
    stored = contents(fast)
    assert stored == contents(slow)
    assert len(stored["records"]) == CORPUS_SIZE


# -- counts against a word-by-word reading of the records ------------------------------------------
def tiab_words(record: dict) -> set[str]:
    texts = [record.get("title", ""), record.get("abstract", ""), *record.get("keywords", [])]
    return {w for text in texts for w in words(text)}


def test_tiab_word_counts_equal_a_word_by_word_reading(db, corpus):
    seen: dict[str, int] = {}
    for record in corpus:
        for word in tiab_words(record):
            seen[word] = seen.get(word, 0) + 1
    chosen = [w for w, n in sorted(seen.items()) if w.isalpha() and len(w) > 3][::25][:40]
    assert len(chosen) >= 20
    for word in chosen:
        assert db.count(f"{word}[tiab]") == seen[word], word


def test_heading_journal_type_language_and_year_counts_equal_a_reading_of_the_fields(db, corpus):
    vocab = db.vocabulary
    expectations: dict[str, int] = {}

    def expect(query: str, predicate) -> None:
        expectations[query] = sum(1 for r in corpus if predicate(r))

    def heading_names(record: dict, major_only: bool = False) -> set[str]:
        found = set()
        for raw in record.get("headings", []):
            if major_only and not raw.startswith("*"):
                continue
            heading = vocab.find(raw.lstrip("*").split("/")[0])
            found.add(normalise_name(heading.heading if heading else raw.lstrip("*")))
        return found

    names = sorted({h.lstrip("*") for r in corpus for h in r.get("headings", [])})[::7]
    for name in names:
        key = normalise_name(name)
        expect(f'"{name}"[mh:noexp]', lambda r, k=key: k in heading_names(r))
        expect(f'"{name}"[majr:noexp]', lambda r, k=key: k in heading_names(r, major_only=True))
    for journal in sorted({r["journal"] for r in corpus if r.get("journal")})[::3]:
        key = normalise_name(journal)
        expect(f'"{journal}"[ta]', lambda r, k=key: k in {
            normalise_name(r.get("journal", "")), normalise_name(r.get("journal_abbreviation", ""))})
    for pubtype in sorted({t for r in corpus for t in r.get("publication_types", [])}):
        key = normalise_name(pubtype)
        expect(f'"{pubtype}"[pt]', lambda r, k=key: k in {
            normalise_name(t) for t in r.get("publication_types", [])})
    for language in sorted({r["language"] for r in corpus if r.get("language")}):
        key = language_key(language)
        expect(f"{language}[la]", lambda r, k=key: language_key(r.get("language") or "-") == k)
    for year in sorted({r["year"] for r in corpus if r.get("year")})[::4]:
        expect(f"{year}[dp]", lambda r, y=year: r.get("year") == y)
    for author in sorted({a for r in corpus for a in r.get("authors", [])})[::40]:
        token = author_token(author)
        expect(f'"{author}"[au]', lambda r, t=token: any(
            author_token(a).startswith(t) for a in r.get("authors", []) if a.strip()))
    assert len(expectations) > 40
    assert any(expectations.values())
    assert {q: db.count(q) for q in expectations} == expectations


# -- file builds: a second process writes while this one prepares ---------------------------------
@pytest.fixture(scope="module")
def in_memory_contents(corpus, headings) -> dict:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    build(conn, iter(corpus), headings, False)
    return contents(conn)


def file_contents(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return contents(conn)
    finally:
        conn.close()


def test_a_file_build_stores_the_same_as_an_in_memory_build(corpus, headings, tmp_path,
                                                            in_memory_contents):
    path = tmp_path / "practice.db"
    PracticeDatabase.from_records(corpus, headings, path=path).close()
    stored = file_contents(path)
    assert stored == in_memory_contents
    assert len(stored["records"]) == CORPUS_SIZE


# A fresh interpreter, as the searchcraft command is: the test process may have threads of its own.
NOTE_WRITERS = """
import multiprocessing, sys
from searchcraft.practice import PracticeDatabase
from searchcraft.practice.corpus import generate_records

def records():
    for number, record in enumerate(generate_records(400)):
        if number == 200:
            print(sorted(child.name for child in multiprocessing.active_children()))
        yield record

PracticeDatabase.from_records(records(), path=sys.argv[1]).close()
print(len(PracticeDatabase.open(sys.argv[1])), multiprocessing.active_children())
"""


def test_a_file_build_from_a_single_thread_writes_in_a_child_process(tmp_path):
    done = run([sys.executable, "-c", NOTE_WRITERS, str(tmp_path / "p.db")], cwd=tmp_path)
    assert done.stdout.splitlines() == ["['searchcraft-index-writer']", "400 []"]


def test_a_file_build_started_while_another_thread_runs_stores_the_same(
        corpus, headings, tmp_path, in_memory_contents):
    # As in a Jupyter kernel: with other threads about, this process writes the index itself
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        PracticeDatabase.from_records(corpus, headings, path=tmp_path / "threaded.db").close()
    finally:
        stop.set()
        other.join()
    assert file_contents(tmp_path / "threaded.db") == in_memory_contents


def test_a_file_build_inside_a_daemon_process_stores_the_same(corpus, headings, tmp_path,
                                                              in_memory_contents):
    # as in a multiprocessing pool's worker, which may not start children of its own
    path = tmp_path / "in-daemon.db"
    worker = multiprocessing.get_context("fork").Process(
        target=lambda: PracticeDatabase.from_records(corpus, headings, path=path).close(),
        daemon=True)
    worker.start()
    worker.join()
    assert worker.exitcode == 0
    assert file_contents(path) == in_memory_contents


def test_a_file_build_written_in_many_batches_stores_the_same_as_one_record_at_a_time(
        corpus, headings, tmp_path):
    path = tmp_path / "batched.db"
    conn = sqlite3.connect(path, isolation_level=None)
    build(conn, iter(corpus), headings, False, batch=7)
    conn.close()
    slow = sqlite3.connect(":memory:", isolation_level=None)
    build(slow, (Record.from_dict(r) for r in corpus), Vocabulary(headings), False, batch=1)
    assert file_contents(path) == contents(slow)


def test_a_duplicate_id_in_a_file_build_gives_the_in_memory_error_and_leaves_no_file(tmp_path):
    records = [{"id": f"r{n}"} for n in range(5000)] + [{"id": "r42"}]
    with pytest.raises(DatabaseError) as expected:
        PracticeDatabase.from_records(records)
    with pytest.raises(DatabaseError) as raised:
        PracticeDatabase.from_records(records, path=tmp_path / "practice.db")
    assert raised.value.message == expected.value.message
    assert raised.value.hint == expected.value.hint
    assert "more than once: r42" in raised.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_bad_record_late_in_a_file_build_is_refused_and_leaves_no_file(corpus, tmp_path):
    records = [*corpus, *[{"id": f"extra{n}"} for n in range(5000)], {"title": "no id"}]
    with pytest.raises(DataFileError) as expected:
        Record.from_dict({"title": "no id"})
    with pytest.raises(DataFileError) as raised:
        PracticeDatabase.from_records(iter(records), path=tmp_path / "practice.db")
    assert raised.value.message == expected.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_file_build_reports_progress_on_stderr(corpus, tmp_path, capsys):
    PracticeDatabase.from_records(corpus, path=tmp_path / "practice.db", progress=True).close()
    err = capsys.readouterr().err
    assert f"Indexing records: {CORPUS_SIZE:,}" in err
    assert "Finishing the index..." in err
