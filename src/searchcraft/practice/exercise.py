"""Marking a learner's search strategy against a gold set, and saying why each relevant record was missed.

The same code serves the widgets (a learner asks "how did I do?") and the nbgrader assessments (a
test cell marks the strategy), so what a learner practises and what a tutor grades cannot drift
apart. Marks follow recall, as long as the strategy is precise enough: a strategy that finds
everything by finding nearly the whole database earns nothing, and the feedback says so.

Feedback names each missed record with the reason a searcher would give: which part (concept) of the
strategy failed to match it, and the trap it carries in the practice corpus (an American spelling,
a synonym used only in the abstract, a record found only through its subject heading, or a record
not yet indexed).

Example::

    >>> mark = mark_strategy('falls[tiab] AND exercise[tiab]', "falls-exercise")   # doctest: +SKIP
    >>> mark.marks, mark.out_of                                                       # doctest: +SKIP
    (2.0, 4)
    >>> print(mark.feedback)                                                          # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import SearchCraftError
from ..query import And, parse, render
from .goldset import Evaluation, GoldSet

if TYPE_CHECKING:  # pragma: no cover
    from .database import PracticeDatabase

# What each trap of the practice corpus means for a searcher, in plain words.
_TRAP_REASONS = {
    "unindexed": "it has no subject headings yet (like PubMed's newest records), so only free-text "
                 "words in its title and abstract can find it",
    "heading_only": "its title and abstract use none of the usual words for a concept: only its "
                    "subject heading describes it",
    "synonym_only_in_abstract": "it describes a concept only with a synonym, in its abstract",
}
# Spelling traps: (the stem this record uses, the other spelling's stem, the word as the record has it).
# A spelling is worth mentioning only when the strategy uses the other spelling and not this one.
_SPELLINGS = {
    "spelling_randomized": ("randomiz", "randomis", "the American spelling 'randomized'"),
    "spelling_randomised": ("randomis", "randomiz", "the British spelling 'randomised'"),
    "spelling_pediatric": ("pediatr", "paediatr", "the American spelling 'pediatric'"),
    "spelling_paediatric": ("paediatr", "pediatr", "the British spelling 'paediatric'"),
    "spelling_hemoglobin": ("hemoglob", "haemoglob", "the American spelling 'hemoglobin'"),
    "spelling_haemoglobin": ("haemoglob", "hemoglob", "the British spelling 'haemoglobin'"),
}


def _trap_reasons(traps: frozenset[str], strategy: str) -> tuple[str, ...]:
    text = strategy.casefold()
    reasons = [_TRAP_REASONS[t] for t in sorted(traps) if t in _TRAP_REASONS]
    for trap in sorted(traps):
        if trap in _SPELLINGS:
            own, other, words = _SPELLINGS[trap]
            if other in text and own not in text.replace(other, ""):
                reasons.append(f"it uses {words}, which your strategy does not search for")
    return tuple(reasons)


class ExerciseError(SearchCraftError):
    """A strategy could not be marked (for example, it does not parse)."""


@dataclass(frozen=True)
class Miss:
    """One relevant record the strategy did not find, and why."""

    id: str
    title: str
    concept: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        why = f"missed by {self.concept}" if self.concept else "not matched"
        if self.reasons:
            why += "; " + "; ".join(self.reasons)
        return f"{self.id} \u201c{self.title}\u201d: {why}."


@dataclass(frozen=True)
class StrategyMark:
    """The marks a strategy earns, with the figures behind them and feedback a learner can act on."""

    strategy: str
    marks: float
    out_of: float
    evaluation: Evaluation
    precision_floor: float
    misses: tuple[Miss, ...]

    @property
    def recall(self) -> float:
        return self.evaluation.recall

    @property
    def precision(self) -> float:
        return self.evaluation.precision

    @property
    def feedback(self) -> str:
        e = self.evaluation
        lines = [f"Your strategy found {len(e.found)} of the {e.relevant} relevant records "
                 f"(recall {e.recall:.0%}) among {e.retrieved} results (precision {e.precision:.0%}).",
                 f"Marks: {self.marks:g} out of {self.out_of:g}."]
        if e.precision < self.precision_floor:
            lines.append(f"The strategy is too broad: at least {self.precision_floor:.0%} of what it finds "
                         f"should be relevant, so it earns no marks. Add a concept with AND, use more "
                         f"specific terms, or search titles and abstracts rather than all fields.")
        if self.misses:
            lines.append("Relevant records it missed:")
            lines.extend(f"- {miss}" for miss in self.misses)
        elif e.relevant:
            lines.append("It found every relevant record.")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _bundled_database() -> "PracticeDatabase":
    from .database import PracticeDatabase

    return PracticeDatabase.bundled()


@lru_cache(maxsize=1)
def _bundled_traps() -> dict[str, frozenset[str]]:
    from .corpus import bundled_entries

    return {entry.record["id"]: entry.traps for entry in bundled_entries()}


def explain_misses(strategy: str, gold: GoldSet, evaluation: Evaluation, db: "PracticeDatabase",
                   traps: dict[str, frozenset[str]] | None = None, *, limit: int = 10) -> tuple[Miss, ...]:
    """Why each missed relevant record was missed (the first ``limit`` of them, in id order)."""
    missed = list(evaluation.missed)[:limit]
    if not missed:
        return ()
    tree = parse(strategy)
    concepts = list(tree.children) if isinstance(tree, And) else [tree]
    matched = [frozenset(db.search(concept).ids) for concept in concepts]
    titles = {record.id: record.title for record in db.fetch(missed)}
    found = []
    for record_id in missed:
        failing = [i for i, ids in enumerate(matched) if record_id not in ids]
        concept = ""
        if failing and len(concepts) > 1:
            concept = f"concept {failing[0] + 1} ({render(concepts[failing[0]])})"
        reasons = _trap_reasons((traps or {}).get(record_id, frozenset()), strategy)
        found.append(Miss(record_id, titles.get(record_id, ""), concept, reasons))
    return tuple(found)


def mark_strategy(strategy: str, gold: GoldSet | str, *, out_of: float = 4,
                  precision_floor: float = 0.05, db: "PracticeDatabase | None" = None) -> StrategyMark:
    """Mark ``strategy`` (PubMed syntax) against a gold set, by name or object.

    Marks are ``out_of`` times recall, rounded down to the half mark, or none when precision is below
    ``precision_floor``. ``db`` defaults to the bundled practice database.
    """
    if isinstance(gold, str):
        from .corpus import load_gold_set

        gold = load_gold_set(gold)
    if not isinstance(strategy, str) or not strategy.strip():
        raise ExerciseError("There is no strategy to mark", hint="Write your search as text, in quotes.")
    bundled = db is None
    database = _bundled_database() if bundled else db
    result = database.search(strategy)
    evaluation = gold.evaluate(result)
    marks = 0.0 if evaluation.precision < precision_floor else math.floor(out_of * evaluation.recall * 2) / 2
    traps = _bundled_traps() if bundled else None
    misses = explain_misses(strategy, gold, evaluation, database, traps)
    return StrategyMark(strategy, marks, out_of, evaluation, precision_floor, misses)
