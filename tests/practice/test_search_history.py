"""A search history numbers searches, combines them with #N, and keeps itself consistent."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from searchcraft.errors import QueryError, QuerySyntaxError
from searchcraft.practice import HistoryLine, PracticeDatabase, SearchHistory
from searchcraft.query import parse
from searchcraft.query.ast import And, Field, Not, Or, Term, Truncated
from searchcraft.source import SearchResult

CORPUS = json.loads((Path(__file__).parent / "data" / "small_corpus.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def db() -> PracticeDatabase:
    return PracticeDatabase.from_records(CORPUS["records"], CORPUS["vocabulary"])


class RemoteSource:
    """Stands in for a live service: answers from a practice database but is not one, and
    remembers every query text it was sent (as PubMed would receive it)."""

    name = "remote"

    def __init__(self, db: PracticeDatabase) -> None:
        self._db = db
        self.sent: list[str] = []

    def search(self, query, *, limit=None) -> SearchResult:
        assert isinstance(query, str)
        self.sent.append(query)
        return self._db.search(query, limit=limit)

    def count(self, query) -> int:
        return self.search(query).count

    def fetch(self, ids):
        return self._db.fetch(ids)


def strategy(history: SearchHistory) -> SearchHistory:
    history.add("falls[tiab]")                 # r01 r05
    history.add("exercise[tiab]")              # r01 r06 r07 r08
    history.add("#1 OR #2")                    # r01 r05 r06 r07 r08
    history.add("#3 AND 2019:2021[dp]")        # r01 r06 r07 r08
    return history


def test_lines_are_numbered_from_one_with_their_counts(db):
    history = strategy(SearchHistory(db))
    assert [(line.number, line.query, line.count) for line in history.lines] == [
        (1, "falls[tiab]", 2), (2, "exercise[tiab]", 4), (3, "#1 OR #2", 5),
        (4, "#3 AND 2019:2021[dp]", 4)]
    assert isinstance(history.lines[0], HistoryLine)
    assert isinstance(history.lines[0].run_at, datetime) and history.lines[0].run_at.tzinfo


def test_a_combined_line_finds_what_the_written_out_query_finds(db):
    history = strategy(SearchHistory(db))
    written_out = db.search("(falls[tiab] OR exercise[tiab]) AND 2019:2021[dp]")
    assert history.result(4).ids == written_out.ids == ("r01", "r06", "r07", "r08")
    assert history.result(4, limit=2).ids == ("r01", "r06")


def test_editing_a_line_reruns_every_line_that_depends_on_it(db):
    history = strategy(SearchHistory(db))
    history.edit(1, "drowning[ti]")            # r04
    assert [line.count for line in history.lines] == [1, 4, 5, 5]
    assert set(history.result(4).ids) == {"r01", "r04", "r06", "r07", "r08"}
    assert history.lines[0].query == "drowning[ti]"


def test_editing_a_line_that_nothing_uses_changes_only_that_line(db):
    history = strategy(SearchHistory(db))
    before = [line.run_at for line in history.lines]
    history.edit(4, "#3 AND 2020[dp]")
    assert [line.count for line in history.lines] == [2, 4, 5, 2]
    assert [line.run_at for line in history.lines][:3] == before[:3]


def test_a_failed_edit_leaves_the_history_as_it_was(db):
    history = strategy(SearchHistory(db))
    before = history.to_table()
    with pytest.raises(QueryError):
        history.edit(1, "falls[sh]")
    assert history.to_table() == before


def test_deleting_an_unused_line_keeps_the_other_numbers(db):
    history = strategy(SearchHistory(db))
    history.delete(4)
    assert [line.number for line in history.lines] == [1, 2, 3]
    assert history.add("#1 AND #2").number == 5


def test_deleting_a_line_other_lines_use_is_refused_naming_them(db):
    history = strategy(SearchHistory(db))
    history.add("#1 NOT review[pt]")
    with pytest.raises(QueryError, match=r"#3, #5") as error:
        history.delete(1)
    assert "#1" in str(error.value)
    assert len(history) == 5


def test_dependants_include_lines_that_use_a_line_indirectly(db):
    history = strategy(SearchHistory(db))
    assert history.dependants(1) == [3, 4]
    assert history.dependants(4) == []


def test_a_reference_to_a_later_line_is_an_error_at_its_position(db):
    history = strategy(SearchHistory(db))
    with pytest.raises(QuerySyntaxError) as error:
        history.add("falls AND #9")
    assert error.value.position == 10


def test_editing_a_line_to_use_a_later_line_is_refused_so_no_circle_can_form(db):
    history = strategy(SearchHistory(db))
    with pytest.raises(QuerySyntaxError) as error:
        history.edit(1, "#3 OR drowning")
    assert error.value.position == 0
    assert "later line" in str(error.value)
    with pytest.raises(QuerySyntaxError, match="itself"):
        history.edit(2, "#2 OR drowning")


def test_a_reference_to_a_deleted_line_is_an_error(db):
    history = strategy(SearchHistory(db))
    history.delete(4)
    with pytest.raises(QuerySyntaxError, match="#4 is not in the search history"):
        history.add("#4 OR #1")


def test_asking_for_a_missing_line_is_a_clear_error(db):
    with pytest.raises(QueryError, match="no line #7"):
        SearchHistory(db).result(7)


def test_the_strategy_exports_as_numbered_text_and_as_a_table(db):
    history = SearchHistory(db)
    history.add("falls[tiab]")
    history.add("drowning[ti]")
    history.add("#1 OR #2")
    assert history.to_text() == ("#1 falls[tiab] (2 results)\n"
                                 "#2 drowning[ti] (1 result)\n"
                                 "#3 #1 OR #2 (3 results)")
    assert history.to_text(counts=False).splitlines()[2] == "#3 #1 OR #2"
    assert history.to_table() == [
        {"number": 1, "label": "#1", "query": "falls[tiab]", "results": 2},
        {"number": 2, "label": "#2", "query": "drowning[ti]", "results": 1},
        {"number": 3, "label": "#3", "query": "#1 OR #2", "results": 3},
    ]


def test_a_line_may_be_given_as_a_parsed_query(db):
    history = SearchHistory(db)
    history.add(Field(Term("falls"), ("ti",)))
    assert history.lines[0].count == 2
    assert parse(history.lines[0].query) == Field(Term("falls"), ("ti",))


def test_a_live_source_receives_each_reference_written_out_in_full(db):
    remote = RemoteSource(db)
    history = strategy(SearchHistory(remote))
    assert parse(remote.sent[2]) == Or((Field(Term("falls"), ("tiab",)),
                                        Field(Term("exercise"), ("tiab",))))
    assert "#" not in remote.sent[3]
    assert history.lines[3].expanded == remote.sent[3]
    # written out, the remote answers exactly what the practice history answers
    practice = strategy(SearchHistory(db))
    assert [line.count for line in history.lines] == [line.count for line in practice.lines]
    assert history.result(4).ids == practice.result(4).ids


def test_editing_a_line_on_a_live_source_resends_its_dependants(db):
    remote = RemoteSource(db)
    history = strategy(SearchHistory(remote))
    remote.sent.clear()
    history.edit(2, "drowning[ti]")
    assert len(remote.sent) == 3  # line 2, then 3 and 4 that use it
    assert parse(remote.sent[1]) == Or((Field(Term("falls"), ("tiab",)),
                                        Field(Term("drowning"), ("ti",))))
    assert set(history.result(4).ids) == {"r01", "r04"}  # r05 (falls) has no year


def test_history_lines_combine_and_with_text_in_one_line(db):
    history = strategy(SearchHistory(db))
    line = history.add("#2 AND home[ab] NOT #1")
    assert line.count == 2  # r07 and r08: exercise, home, not falls
    assert set(history.result(line.number).ids) == {"r07", "r08"}


def test_a_line_and_a_new_search_are_written_out_with_the_platforms_default_fields(db):
    # What the search builder previews and runs: Ovid's words without a field search .mp. ([tw]),
    # given line by line as the practice database runs each line.
    history = SearchHistory(db, syntax="ovid")
    history.add("falls")
    history.add("exercise.ti.")
    history.add("1 and 2")
    both = And((Field(Term("falls"), ("tw",)), Field(Term("exercise"), ("ti",))))
    assert history.expanded(3, default_fields=True) == both
    assert history.expanded(3) == And((Term("falls"), Field(Term("exercise"), ("ti",))))
    assert history.expand(parse("3 not hip", "ovid"), default_fields=True) == Not(
        both, Field(Term("hip"), ("tw",)))
    history.edit(1, "fall$")  # an edit is seen at once: nothing keeps a copy of the old line
    assert history.expanded(3, default_fields=True).children[0] == Field(Truncated("fall"), ("tw",))
    with pytest.raises(QueryError, match="no line 4"):
        history.expanded(4)
