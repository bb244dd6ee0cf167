"""Duplicate detection measured on the bundled practice corpus, whose near-duplicates are known.

The corpus copies about 2.5% of its topic records as "exported from a second database": the title
respelt (British to American), re-punctuated or re-cased, middle initials dropped, page ranges
written out, the DOI upper-cased, the PMID dropped and sometimes the year moved on by one.
``duplicate_groups()`` is the truth. Recall and precision are counted over pairs of records.

Floors, and why:

* With DOIs the DOI rule alone should find every pair and nothing else: both floors are 0.99
  (measured 1.00 and 1.00), leaving room for one odd record if the generator changes.
* With DOIs and PMIDs removed, only the title/author/year/pages rule is left. Measured 1.00 and
  1.00 (182 true pairs). The floors of 0.95 allow for a few new corner cases in a regenerated
  corpus, yet catch a real regression: 28 of the 182 pairs carry years one apart, so treating a
  one-year gap as a different article would drop recall to about 0.85. (The corpus's title
  changes are mild; the individual normalisation rules are specified in test_report_normalise.py
  and test_report_dedup.py, not here.)
"""

from __future__ import annotations

import dataclasses

import pytest

from searchcraft.records import Record
from searchcraft.report import deduplicate, score_detection

corpus = pytest.importorskip("searchcraft.practice.corpus")


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Record], list[frozenset[str]]]:
    records, _ = corpus.bundled_corpus()
    return [Record.from_dict(r) for r in records], corpus.duplicate_groups()


def test_the_corpus_has_near_duplicates_to_find(bundled):
    records, truth = bundled
    assert len(truth) >= 50 and all(len(group) >= 2 for group in truth)
    ids = {r.id for r in records}
    assert all(group <= ids for group in truth)


def test_duplicates_in_the_corpus_are_found_with_their_dois(bundled):
    records, truth = bundled
    result = deduplicate(records)
    score = score_detection(result.id_groups(), truth)
    assert score.recall >= 0.99, score
    assert score.precision >= 0.99, score
    # the fuller record (the one with a PMID) is kept; the second database's copy is merged into it
    merged = [r for g in result.groups for r in g.merged]
    assert merged and {r.source for r in merged} == {"embase-like"}
    assert result.per_source["embase-like"].unique == 0


def test_duplicates_in_the_corpus_are_found_from_title_author_year_and_pages_alone(bundled):
    records, truth = bundled
    without_ids = [dataclasses.replace(r, doi="", pmid="") for r in records]
    result = deduplicate(without_ids)
    score = score_detection(result.id_groups(), truth)
    assert score.recall >= 0.95, score
    assert score.precision >= 0.95, score
    assert all(e.rule.startswith("title") for g in result.groups for e in g.evidence)
