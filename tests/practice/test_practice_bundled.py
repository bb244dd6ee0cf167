"""The bundled practice database is built once from the shipped corpus and then reused."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from searchcraft.practice import PracticeDatabase
from searchcraft.practice.build import SCHEMA_VERSION
from searchcraft.practice.bundled import (
    ENVIRONMENT_VARIABLE,
    build_bundled,
    bundled_path,
    cache_directory,
    corpus_fingerprint,
)

corpus = pytest.importorskip("searchcraft.practice.corpus")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    # start from a stale file (another corpus) at the path: it must be replaced
    path = tmp_path_factory.mktemp("bundled") / "practice.sqlite"
    PracticeDatabase.from_records([{"id": "old", "title": "old corpus"}], path=path).close()
    return build_bundled(path, progress=False)


def test_the_cache_path_names_the_version_and_corpus_fingerprint(monkeypatch, tmp_path):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = bundled_path()
    assert path.parent == cache_directory() == tmp_path / "searchcraft"
    assert corpus_fingerprint() in path.name and path.suffix == ".sqlite"


def test_the_environment_variable_chooses_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path / "mine.sqlite"))
    assert bundled_path() == tmp_path / "mine.sqlite"


@pytest.mark.slow
def test_build_bundled_replaces_a_stale_file_with_the_whole_corpus(built):
    db = PracticeDatabase.open(built)
    assert len(db) == corpus.BUNDLED_SIZE
    assert len(db.vocabulary) == len(corpus.vocabulary())
    assert db.count("falls[tiab]") > 0


@pytest.mark.slow
def test_an_up_to_date_file_is_reused_not_rebuilt(built):
    before = built.stat().st_mtime_ns
    assert build_bundled(built, progress=False) == built
    assert built.stat().st_mtime_ns == before


@pytest.mark.slow
def test_bundled_opens_the_file_named_by_the_environment(built, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(built))
    db = PracticeDatabase.bundled()
    assert db.path == built and db.name == "practice"


@pytest.mark.slow
def test_a_file_built_with_an_older_schema_is_rebuilt(built, tmp_path):
    old = tmp_path / "practice.sqlite"
    shutil.copyfile(built, old)
    conn = sqlite3.connect(old)
    with conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'schema'")
    conn.close()
    assert build_bundled(old, progress=False) == old
    db = PracticeDatabase.open(old)
    assert db.meta["schema"] == SCHEMA_VERSION
    assert len(db) == corpus.BUNDLED_SIZE
