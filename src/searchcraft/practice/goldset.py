"""Gold sets: the records known to be relevant to a question, and how a strategy scores against them.

A gold set turns "is my search any good?" into numbers a learner can act on: recall (how many of
the relevant records the strategy found), precision (how much of what it found is relevant), the
number needed to read, and the relevant records it missed. The same code scores practice in the
widgets and answers in the nbgrader assessments, so the two cannot drift apart.

Example::

    >>> gold = GoldSet("demo", "Do exercise programmes prevent falls?", relevant={"a", "b", "c", "d"})
    >>> score = gold.evaluate(["a", "b", "x"])
    >>> score.recall, round(score.precision, 2), score.missed
    (0.5, 0.67, ('c', 'd'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..source import SearchResult


@dataclass(frozen=True)
class Evaluation:
    """How one strategy's results compare with a gold set."""

    retrieved: int
    relevant: int
    found: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def recall(self) -> float:
        """Share of the relevant records that were retrieved (1.0 when there are none to find)."""
        return len(self.found) / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        """Share of the retrieved records that are relevant (0.0 when nothing was retrieved)."""
        return len(self.found) / self.retrieved if self.retrieved else 0.0

    @property
    def number_needed_to_read(self) -> float:
        """Records a reader screens for each relevant one found (1 / precision; infinite if none)."""
        return self.retrieved / len(self.found) if self.found else float("inf")


@dataclass(frozen=True)
class GoldSet:
    """The relevant records for one exercise question.

    ``pico`` maps a framework's elements to their text (``{"Population": "older adults", ...}``);
    ``reference_strategy`` is a strategy that finds every relevant record with a precision of at
    least ``min_precision`` on the practice database.
    """

    name: str
    question: str
    relevant: frozenset[str]
    pico: Mapping[str, str] = field(default_factory=dict)
    reference_strategy: str = ""
    min_precision: float = 0.0
    topic: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "relevant", frozenset(str(i) for i in self.relevant))

    def evaluate(self, retrieved: SearchResult | Iterable[str]) -> Evaluation:
        """Score a search result (or a list of record ids) against this gold set."""
        ids = retrieved.ids if isinstance(retrieved, SearchResult) else tuple(str(i) for i in retrieved)
        unique = set(ids)
        found = tuple(sorted(self.relevant & unique))
        missed = tuple(sorted(self.relevant - unique))
        if isinstance(retrieved, SearchResult):
            total = max(retrieved.count, len(unique))
        else:
            total = len(unique)
        return Evaluation(retrieved=total, relevant=len(self.relevant), found=found, missed=missed)
