"""The traps of the bundled corpus: each is counted, and each count is checked against the records."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from searchcraft.practice.corpus import (
    bundled_entries,
    duplicate_groups,
    gold_sets,
    trap_counts,
)
from searchcraft.practice.corpus.sources import topics
from searchcraft.practice.corpus.spelling import americanise

MINIMUM = {
    "spelling_randomised": 100, "spelling_randomized": 100, "spelling_paediatric": 20,
    "spelling_pediatric": 20, "spelling_haemoglobin": 10, "spelling_hemoglobin": 10,
    "synonym_only_in_abstract": 100, "heading_only": 50, "unindexed": 50,
    "near_duplicate": 50, "false_friend": 30,
}


@pytest.fixture(scope="module")
def entries():
    return bundled_entries()


def facet_of(entry, concept):
    return next(f for f in topics()[entry.topic].concepts[concept] if f.key == entry.facets[concept])


def appears(phrase: str, text: str) -> bool:
    core = re.sub(r"^(a|an|the) ", "", phrase.lower())
    return re.search(r"(?<![a-z0-9])" + re.escape(core) + r"(?![a-z0-9])", text.lower()) is not None


def wordings(phrases, record):
    return list(phrases) + [americanise(p) for p in phrases]


def test_every_trap_is_counted_and_common_enough_to_meet(entries):
    counts = trap_counts()
    assert set(counts) == set(MINIMUM)
    recount = Counter(t for e in entries for t in e.traps)
    for trap, minimum in MINIMUM.items():
        assert counts[trap] == recount[trap]
        assert counts[trap] >= minimum, trap


@pytest.mark.parametrize("british,american", [("randomised", "randomized"), ("paediatric", "pediatric"),
                                              ("haemoglobin", "hemoglobin")])
def test_spelling_variant_counts_match_the_words_in_the_records(entries, british, american):
    for form in (british, american):
        having = {e.record["id"] for e in entries
                  if re.search(rf"\b{form}", f"{e.record['title']} {e.record['abstract']}".lower())}
        counted = {e.record["id"] for e in entries if f"spelling_{form}" in e.traps}
        assert having == counted


def test_synonym_only_records_use_the_concept_only_as_a_synonym_in_the_abstract(entries):
    checked = 0
    for entry in entries:
        if "synonym_only_in_abstract" not in entry.traps or entry.kind != "topic":
            continue
        record = entry.record
        for concept, mode in entry.modes.items():
            if mode != "synonym":
                continue
            facet = facet_of(entry, concept)
            everywhere = " | ".join([record["title"], record["abstract"], *record["keywords"]])
            assert not any(appears(t, everywhere) for t in wordings(facet.terms, record))
            assert not any(appears(s, record["title"]) for s in wordings(facet.synonyms, record))
            assert any(appears(s, record["abstract"]) for s in wordings(facet.synonyms, record))
            checked += 1
    assert checked >= MINIMUM["synonym_only_in_abstract"]


def test_heading_only_records_never_use_the_words_but_carry_the_heading(entries):
    checked = 0
    for entry in entries:
        if "heading_only" not in entry.traps or entry.kind != "topic":
            continue
        record = entry.record
        given = {h.lstrip("*") for h in record["headings"]}
        for concept, mode in entry.modes.items():
            if mode != "heading":
                continue
            facet = facet_of(entry, concept)
            everywhere = " | ".join([record["title"], record["abstract"], *record["keywords"]])
            assert not any(appears(p, everywhere) for p in wordings(facet.searchable, record))
            assert {h.lstrip("*") for h in facet.headings} <= given
            checked += 1
    assert checked >= MINIMUM["heading_only"]


def test_unindexed_records_are_recent_have_no_headings_and_still_name_their_subject(entries):
    unindexed = [e for e in entries if "unindexed" in e.traps]
    for entry in unindexed:
        assert entry.record["headings"] == [] and entry.record["year"] >= 2025
        assert entry.record["abstract"] and set(entry.modes.values()) <= {"text", "synonym"}
    relevant = set().union(*(g.relevant for g in gold_sets().values()))
    assert sum(e.record["id"] in relevant for e in unindexed) >= 10


def test_near_duplicates_are_one_study_with_small_differences(entries):
    by_id = {e.record["id"]: e.record for e in entries}
    groups = duplicate_groups()
    assert len(groups) >= 40
    differences = Counter()
    for group in groups:
        records = [by_id[i] for i in sorted(group)]
        original, copies = records[0], records[1:]
        assert original["source"] == "medline-like"
        for copy in copies:
            assert copy["source"] == "embase-like" and not copy["pmid"]
            assert copy["doi"].lower() == original["doi"].lower() and copy["doi"] != original["doi"]
            assert copy["title"] != original["title"]
            assert copy["authors"][0].split()[0] == original["authors"][0].split()[0]
            differences["pages"] += copy["pages"] != original["pages"]
            differences["authors"] += copy["authors"] != original["authors"]
    assert differences["pages"] > 0 and differences["authors"] > 0


def test_only_duplicate_groups_share_a_doi(entries):
    dois = Counter(e.record["doi"].lower() for e in entries)
    shared = {doi for doi, n in dois.items() if n > 1}
    assert len(shared) == len(duplicate_groups())


def test_false_friends_tempt_every_topic_but_answer_no_question(entries):
    friends = [e for e in entries if e.kind == "false_friend"]
    assert {e.topic for e in friends} == set(topics())
    relevant = set().union(*(g.relevant for g in gold_sets().values()))
    assert not relevant & {e.record["id"] for e in friends}


def test_every_gold_set_holds_records_a_first_search_would_miss(entries):
    traps = {e.record["id"]: e.traps for e in entries}
    hard = {"synonym_only_in_abstract", "heading_only", "unindexed", "near_duplicate"}
    for name, gold in gold_sets().items():
        assert any(traps[i] & hard for i in gold.relevant), name
