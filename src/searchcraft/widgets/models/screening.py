"""Title and abstract screening: a decision on every record, with a reason for each exclusion.

Screening is the step after the search: each record is read (title and abstract) and marked
*include*, *exclude* (with a reason) or *maybe* (unsure from the abstract, so it goes on to full
text). The model keeps the decisions and where the screener is, and turns the decisions into the
figures of a PRISMA 2020 flow diagram: records screened, records excluded, reports sought for
retrieval (included and maybe).

Example::

    >>> from searchcraft.records import Record
    >>> desk = ScreeningModel([Record("r1", title="Tai chi for falls"), Record("r2", title="Knee surgery")])
    >>> desk.decide("include")
    >>> desk.decide("exclude", reason="Wrong population")
    >>> desk.progress()
    (2, 2)
    >>> counts = desk.flow_counts()
    >>> counts.screened, counts.records_excluded, counts.reports_sought
    (2, 1, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import SearchCraftError
from ...records import Record
from ...report import FlowCounts

DECISIONS = ("include", "exclude", "maybe")

#: The usual reasons for excluding a record at title and abstract stage.
DEFAULT_REASONS: tuple[str, ...] = (
    "Wrong population", "Wrong intervention or exposure", "Wrong outcome", "Wrong study design",
    "Not a research article (editorial, letter, comment)", "Not in a language we can read",
)


class ScreeningError(SearchCraftError):
    """A decision the screening desk cannot take (no records, an unknown decision, no reason)."""


@dataclass(frozen=True)
class Decision:
    decision: str
    reason: str = ""


class ScreeningModel:
    """Records to screen, one decision per record, and the record on screen now (``position``)."""

    def __init__(self, records: Iterable[Record | dict], *, reasons: Sequence[str] = DEFAULT_REASONS,
                 source_name: str = "Practice database", duplicates_removed: int = 0) -> None:
        self.records: list[Record] = [r if isinstance(r, Record) else Record.from_dict(r) for r in records]
        if not self.records:
            raise ScreeningError("There are no records to screen",
                                 hint="Give a search that finds something, or a list of records.")
        ids = [r.id for r in self.records]
        if len(set(ids)) != len(ids):
            repeated = next(i for i in ids if ids.count(i) > 1)
            raise ScreeningError(f"Record {repeated!r} appears twice",
                                 hint="Deduplicate the records before screening them.")
        self.reasons = tuple(reasons)
        if not self.reasons:
            raise ScreeningError("Give at least one reason for excluding records")
        self.source_name = source_name
        self.duplicates_removed = duplicates_removed
        self.decisions: dict[str, Decision] = {}
        self.position = 0

    # --- moving about ---------------------------------------------------------------------------
    @property
    def current(self) -> Record:
        return self.records[self.position]

    def go_to(self, position: int) -> None:
        self.position = max(0, min(position, len(self.records) - 1))

    def next(self) -> None:
        self.go_to(self.position + 1)

    def previous(self) -> None:
        self.go_to(self.position - 1)

    def next_undecided(self) -> int | None:
        """Position of the first undecided record after the current one (wrapping round), if any."""
        n = len(self.records)
        for step in range(1, n + 1):
            candidate = (self.position + step) % n
            if self.records[candidate].id not in self.decisions:
                return candidate
        return None

    # --- deciding -------------------------------------------------------------------------------
    def decide(self, decision: str, *, reason: str = "", advance: bool = True) -> None:
        """Decide on the current record; then move on to the next undecided one (``advance``)."""
        if decision not in DECISIONS:
            raise ScreeningError(f"Unknown decision {decision!r}", hint="Use include, exclude or maybe.")
        if decision == "exclude":
            if reason not in self.reasons:
                raise ScreeningError("Say why the record is excluded" if not reason
                                     else f"{reason!r} is not one of the exclusion reasons",
                                     hint=f"Choose one of: {'; '.join(self.reasons)}.")
        else:
            reason = ""
        self.decisions[self.current.id] = Decision(decision, reason)
        if advance:
            following = self.next_undecided()
            if following is not None:
                self.position = following

    def undo(self) -> None:
        """Clear the decision on the current record."""
        self.decisions.pop(self.current.id, None)

    def decision_for(self, record_id: str) -> Decision | None:
        return self.decisions.get(record_id)

    # --- figures --------------------------------------------------------------------------------
    def progress(self) -> tuple[int, int]:
        """(records decided, records in all)."""
        return len(self.decisions), len(self.records)

    @property
    def complete(self) -> bool:
        return len(self.decisions) == len(self.records)

    def tally(self) -> dict[str, int]:
        counts = Counter(d.decision for d in self.decisions.values())
        return {d: counts.get(d, 0) for d in DECISIONS}

    def exclusion_reasons(self) -> dict[str, int]:
        """Records excluded for each reason, in the order of the reason list (unused reasons left out)."""
        counts = Counter(d.reason for d in self.decisions.values() if d.decision == "exclude")
        return {reason: counts[reason] for reason in self.reasons if counts[reason]}

    def flow_counts(self) -> FlowCounts:
        """The PRISMA 2020 figures so far. Until every record is decided, the screening boxes stay
        ``n = ?``: a part-screened set has no honest number of records excluded yet."""
        identified = len(self.records) + self.duplicates_removed
        return FlowCounts(databases={self.source_name: identified},
                          duplicates_removed=self.duplicates_removed,
                          records_excluded=self.tally()["exclude"] if self.complete else None)

    def summary(self) -> str:
        done, total = self.progress()
        tally = self.tally()
        text = (f"{done} of {total} records screened: {tally['include']} included, "
                f"{tally['exclude']} excluded, {tally['maybe']} maybe.")
        if self.complete:
            text += f" {tally['include'] + tally['maybe']} go on to full-text assessment."
        return text

    # --- saving ---------------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"position": self.position,
                "decisions": {rid: {"decision": d.decision, "reason": d.reason}
                              for rid, d in self.decisions.items()}}

    def restore(self, state: dict[str, Any]) -> list[str]:
        """Take back saved decisions for records that are still in the set; returns ids not found."""
        known = {r.id for r in self.records}
        missing = []
        decisions = state.get("decisions") or {}
        if not isinstance(decisions, dict):
            raise ScreeningError("The saved decisions are not in the expected form")
        for record_id, raw in decisions.items():
            if record_id not in known:
                missing.append(record_id)
                continue
            decision, reason = raw.get("decision"), raw.get("reason", "")
            if decision not in DECISIONS or (decision == "exclude" and reason not in self.reasons):
                raise ScreeningError(f"The saved decision on {record_id} cannot be used: {decision!r} {reason!r}")
            self.decisions[record_id] = Decision(decision, reason)
        self.go_to(int(state.get("position", 0)))
        return missing
