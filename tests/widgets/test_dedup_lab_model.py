"""The DedupLab's model: candidate pairs with evidence, accept/reject, and the merged count."""

from __future__ import annotations

import pytest

from searchcraft.records import Record
from searchcraft.widgets.models.dedup_lab import DedupLabError, DedupLabModel, candidate_pairs, practice_exports

MEDLINE = [
    Record("m1", title="Tai chi to prevent falls in older adults: a randomised trial", authors=["Lee K"],
           year=2019, pages="100-9", doi="10.1/a", source="MEDLINE"),
    Record("m2", title="Hand hygiene audit and feedback in intensive care", authors=["Ng P"], year=2020,
           pages="5-12", source="MEDLINE"),
    Record("m3", title="Smoking cessation in pregnancy", authors=["Roe J"], year=2018, source="MEDLINE"),
]
EMBASE = [
    Record("e1", title="Tai chi to prevent falls in older adults: a randomized trial.", authors=["Lee, Kim"],
           year=2019, pages="100-109", doi="https://doi.org/10.1/A", source="Embase"),
    Record("e2", title="Hand hygiene audit and feedback in intensive care", authors=["Ng P"], year=2024,
           pages="5-12", source="Embase"),
    Record("e3", title="Hand hygiene audit and feedback in intensive care", authors=["Ng P"], year=2020,
           pages="5-12", source="Embase"),
]


def test_pairs_are_the_suggested_duplicates_first_then_the_look_alikes_with_their_evidence():
    lab = DedupLabModel(MEDLINE, EMBASE)
    keys = [p.key for p in lab.pairs]
    assert keys[:2] == ["m1|e1", "m2|e3"]
    assert all(p.suggested for p in lab.pairs[:2])
    lookalike = next(p for p in lab.pairs if p.key == "m2|e2")
    assert not lookalike.suggested and any("too far apart" in r for r in lookalike.evidence.reasons)
    assert lab.pairs[0].evidence.rule == "DOI"
    assert not any("m3" in p.key for p in lab.pairs)


def test_the_merged_count_follows_the_accepted_pairs_and_chains_merge_into_one():
    lab = DedupLabModel(MEDLINE, EMBASE)
    assert (lab.before, lab.merged_count()) == (6, 6)
    index = {p.key: i for i, p in enumerate(lab.pairs)}
    lab.decide(index["m1|e1"], "accept")
    assert lab.merged_count() == 5
    lab.decide(index["m2|e3"], "accept")
    lab.decide(index["m2|e2"], "accept")          # a chain m2=e3, m2=e2 (and e2~e3) is one article
    assert lab.merged_count() == 3
    lab.decide(index["m2|e2"], "reject")
    assert lab.merged_count() == 4 and lab.removed() == 2
    lab.decide(index["m2|e2"], None)
    assert lab.progress() == (2, len(lab.pairs))


def test_decisions_are_checked_against_the_known_truth():
    lab = DedupLabModel(MEDLINE, EMBASE, truth=[{"m1", "e1"}, {"m2", "e3"}])
    lab.accept_suggestions()
    outcome = lab.check()
    assert outcome["wrong"] == [] and len(outcome["right"]) == len(lab.pairs)
    lab.decide(0, "reject")
    assert lab.check()["wrong"] == [0]
    assert DedupLabModel(MEDLINE, EMBASE).check() is None


def test_bad_decisions_and_empty_sets_are_clear_errors():
    lab = DedupLabModel(MEDLINE, EMBASE)
    with pytest.raises(DedupLabError, match="no pair 99"):
        lab.decide(98, "accept")
    with pytest.raises(DedupLabError, match="Unknown decision"):
        lab.decide(0, "merge")
    with pytest.raises(DedupLabError, match="empty"):
        DedupLabModel([], EMBASE)


def test_state_round_trips_and_ignores_pairs_no_longer_offered():
    lab = DedupLabModel(MEDLINE, EMBASE)
    lab.decide(0, "accept")
    state = lab.to_state()
    state["decisions"]["x|y"] = "reject"
    again = DedupLabModel(MEDLINE, EMBASE)
    again.restore(state)
    assert again.decisions == {lab.pairs[0].key: "accept"}


def test_two_ris_exports_can_be_compared(tmp_path):
    from searchcraft.export import write_ris

    write_ris(MEDLINE, tmp_path / "medline.ris")
    write_ris(EMBASE, tmp_path / "embase.ris")
    lab = DedupLabModel(tmp_path / "medline.ris", tmp_path / "embase.ris")
    assert lab.before == 6 and sum(p.suggested for p in lab.pairs) == 2


def test_candidate_pairs_leave_out_unrelated_records():
    assert candidate_pairs([MEDLINE[2], EMBASE[0]]) == []


@pytest.mark.slow
def test_practice_exports_hold_the_corpus_near_duplicates_and_the_kit_finds_them():
    first, second, truth = practice_exports("falls[tiab] AND exercise[tiab]")
    assert {r.source for r in second} == {"embase-like"} and "embase-like" not in {r.source for r in first}
    lab = DedupLabModel(first, second, truth=truth)
    suggested = [p for p in lab.pairs if p.suggested]
    assert len(suggested) >= 5
    lab.accept_suggestions()
    assert lab.check()["wrong"] == []
    assert lab.merged_count() == lab.before - len(suggested)
