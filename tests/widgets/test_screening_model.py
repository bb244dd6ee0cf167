"""The ScreeningDesk's model: decisions with reasons, moving between records, and the PRISMA figures."""

from __future__ import annotations

import pytest

from searchcraft.records import Record
from searchcraft.report import FlowCounts
from searchcraft.widgets.models.screening import DEFAULT_REASONS, ScreeningError, ScreeningModel


def records(n: int) -> list[Record]:
    return [Record(f"r{i}", title=f"Record {i}") for i in range(1, n + 1)]


def test_deciding_moves_on_to_the_next_undecided_record():
    desk = ScreeningModel(records(3))
    desk.go_to(1)
    desk.decide("include")
    assert desk.current.id == "r3"
    desk.decide("maybe")
    assert desk.current.id == "r1"  # wraps round to the one left
    assert desk.progress() == (2, 3)


def test_an_exclusion_needs_one_of_the_listed_reasons():
    desk = ScreeningModel(records(2))
    with pytest.raises(ScreeningError, match="Say why"):
        desk.decide("exclude")
    with pytest.raises(ScreeningError, match="not one of the exclusion reasons"):
        desk.decide("exclude", reason="Boring")
    desk.decide("exclude", reason=DEFAULT_REASONS[0])
    assert desk.decision_for("r1").reason == DEFAULT_REASONS[0]
    assert desk.exclusion_reasons() == {DEFAULT_REASONS[0]: 1}


def test_next_and_previous_stop_at_the_ends():
    desk = ScreeningModel(records(2))
    desk.previous()
    assert desk.position == 0
    desk.next(), desk.next()
    assert desk.position == 1


def test_undo_clears_the_decision_on_the_current_record():
    desk = ScreeningModel(records(2))
    desk.decide("include", advance=False)
    desk.undo()
    assert desk.decision_for("r1") is None and desk.progress() == (0, 2)


def test_flow_figures_follow_the_decisions_once_screening_is_complete():
    desk = ScreeningModel(records(5), duplicates_removed=2, source_name="MEDLINE")
    for decision in ("include", "maybe", "exclude", "exclude"):
        desk.decide(decision, reason=DEFAULT_REASONS[1])
    partial = desk.flow_counts()
    assert partial.databases == {"MEDLINE": 7} and partial.records_excluded is None
    desk.decide("exclude", reason=DEFAULT_REASONS[2])
    counts = desk.flow_counts()
    assert isinstance(counts, FlowCounts)
    assert (counts.identified, counts.duplicates_removed, counts.screened) == (7, 2, 5)
    assert (counts.records_excluded, counts.reports_sought) == (3, 2)
    assert "2 go on to full-text assessment" in desk.summary()


def test_saved_decisions_come_back_and_stray_ones_are_reported():
    desk = ScreeningModel(records(3))
    desk.decide("exclude", reason=DEFAULT_REASONS[3])
    state = desk.to_state()
    state["decisions"]["gone"] = {"decision": "include", "reason": ""}
    again = ScreeningModel(records(3))
    assert again.restore(state) == ["gone"]
    assert again.decision_for("r1").decision == "exclude" and again.position == desk.position


def test_a_tampered_saved_decision_is_refused():
    with pytest.raises(ScreeningError):
        ScreeningModel(records(1)).restore({"decisions": {"r1": {"decision": "exclude", "reason": "nope"}}})


def test_no_records_or_repeated_records_are_clear_errors():
    with pytest.raises(ScreeningError, match="no records"):
        ScreeningModel([])
    with pytest.raises(ScreeningError, match="appears twice"):
        ScreeningModel(records(1) + records(1))
