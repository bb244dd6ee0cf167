"""The search summary handed back to a requester: marked on the practice database, part by part."""

from __future__ import annotations

import dataclasses

import pytest

from searchcraft.practice import PracticeDatabase, SearchHistory
from searchcraft.report import SearchSummary, SourceSearched, SummaryError, mark_summary

SENSITIVE = ['"Accidental Falls"[mh] OR falls[tiab] OR fall[tiab] OR falling[tiab] OR fallers[tiab]',
             '"Exercise"[mh] OR "Exercise Therapy"[mh] OR "Tai Ji"[mh] OR exercise*[tiab] OR "tai chi"[tiab] '
             'OR balance[tiab] OR strength*[tiab]',
             '#1 AND #2']
NARROW = ['falls[ti]', '"tai chi"[ti]', '#1 AND #2']


def last_count(lines):
    history = SearchHistory(PracticeDatabase.bundled())
    return [history.add(line).count for line in lines][-1]


def summary(lines=SENSITIVE, **changes):
    found = last_count(lines)
    base = SearchSummary(
        requester="Ward manager, older people's unit",
        question="Do exercise programmes prevent falls in older people?",
        sources=[SourceSearched("Practice database (MEDLINE-like)", "SearchCraft", "2026-12-03")],
        strategy=list(lines), limits="None: all years and languages, as agreed with the requester.",
        found=found, duplicates_removed=0, sent=found,
        limitations="Only one database was searched and the records have not been screened.")
    return dataclasses.replace(base, **changes)


def test_a_complete_summary_with_a_sensitive_strategy_earns_full_marks():
    mark = mark_summary(summary(), "falls-exercise")
    assert mark.recall == 1.0
    assert mark.marks == mark.out_of, mark.feedback
    assert mark.comments == ()


def test_a_sensitive_strategy_scores_higher_than_a_narrow_one():
    narrow = mark_summary(summary(NARROW), "falls-exercise")
    assert narrow.marks < mark_summary(summary(), "falls-exercise").marks
    assert any("relevant records" in comment for comment in narrow.comments)


def test_counts_that_do_not_come_from_the_strategy_lose_the_count_mark():
    right = summary()
    mark = mark_summary(dataclasses.replace(right, found=right.found + 5, sent=right.found + 5), "falls-exercise")
    assert mark.marks == mark.out_of - 1
    assert any(f"finds {right.found:,}" in comment for comment in mark.comments)


def test_a_source_without_its_platform_and_date_loses_a_mark():
    mark = mark_summary(summary(sources=[SourceSearched("MEDLINE", "", "last week")]), "falls-exercise")
    assert mark.marks == mark.out_of - 1
    assert any("platform" in comment for comment in mark.comments)


def test_numbered_lines_as_typed_are_read_and_shown_as_a_history():
    typed = dataclasses.replace(summary(), strategy=[f"{n}. {line}" for n, line in enumerate(SENSITIVE, start=1)])
    mark = mark_summary(typed, "falls-exercise")
    assert mark.marks == mark.out_of
    assert typed.lines()[2] == "#3 #1 AND #2"
    assert f"({mark.last_line_count:,} results)" in typed.text()


def test_a_line_that_cannot_run_is_named():
    with pytest.raises(SummaryError, match="Line 2"):
        mark_summary(dataclasses.replace(summary(), strategy=SENSITIVE[:1] + ["#5 AND falls[tiab]"]),
                     "falls-exercise")
