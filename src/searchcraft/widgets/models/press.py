"""Peer review of a flawed search strategy with the six PRESS 2015 elements.

The learner marks issues on lines of a strategy, each under one PRESS element; the model compares
the marks with the known flaws (``widgets/data/press_strategies.yml``) and explains every flaw found
or missed and every false alarm. The six elements are those retained in the PRESS 2015 Guideline
Statement (McGowan J, Sampson M, Salzwedel DM, Cogo E, Foerster V, Lefebvre C. J Clin Epidemiol.
2016;75:40-46).

Example::

    >>> review = PressReview(flawed_strategy("falls-exercise"))
    >>> review.mark(6, "boolean")
    >>> review.mark(5, "textwords")
    >>> outcome = review.compare()
    >>> len(outcome.found), len(outcome.missed), len(outcome.false_alarms)
    (1, 4, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...errors import DataFileError, SearchCraftError, named
from .data import load_data_file

PRESS_SOURCE = ("McGowan J, Sampson M, Salzwedel DM, Cogo E, Foerster V, Lefebvre C. PRESS Peer Review "
                "of Electronic Search Strategies: 2015 guideline statement. J Clin Epidemiol. "
                "2016;75:40-46.")

# The six PRESS 2015 elements, with the kit's own one-line prompt for each.
PRESS_ELEMENTS: dict[str, tuple[str, str]] = {
    "translation": ("Translation of the research question",
                    "Does the search match the question: the right concepts, none missing, none added?"),
    "boolean": ("Boolean and proximity operators",
                "Are AND, OR, NOT and proximity used correctly, with brackets where needed?"),
    "headings": ("Subject headings",
                 "Are the headings relevant, exploded where they should be, and not over-restricted?"),
    "textwords": ("Text word searching (free text)",
                  "Are synonyms, spelling variants and truncation covered, in suitable fields?"),
    "syntax": ("Spelling, syntax and line numbers",
               "Are there typing errors, wrong field syntax, or lines combined by the wrong numbers?"),
    "limits": ("Limits and filters",
               "Are limits and filters justified by the question, and are filters tested ones?"),
}


class PressError(SearchCraftError):
    """A mark on a line or element the strategy does not have."""


@dataclass(frozen=True)
class Flaw:
    line: int
    element: str
    explanation: str


@dataclass(frozen=True)
class FlawedStrategy:
    id: str
    title: str
    question: str
    database: str
    lines: tuple[str, ...]
    flaws: tuple[Flaw, ...]


@lru_cache(maxsize=1)
def flawed_strategies() -> dict[str, FlawedStrategy]:
    """The kit's flawed strategies, checked on loading: every flaw on a real line and element."""
    found = {}
    for raw in load_data_file("press_strategies.yml")["strategies"]:
        lines = tuple(str(line) for line in raw["lines"])
        flaws = tuple(Flaw(int(f["line"]), f["element"], " ".join(f["explanation"].split())) for f in raw["flaws"])
        for flaw in flaws:
            if flaw.element not in PRESS_ELEMENTS or not 1 <= flaw.line <= len(lines):
                raise DataFileError(f"Strategy {raw['id']!r}: flaw on line {flaw.line} ({flaw.element}) does not fit",
                                    hint=f"Use a line from 1 to {len(lines)} and one of: {', '.join(PRESS_ELEMENTS)}.")
        found[raw["id"]] = FlawedStrategy(raw["id"], raw["title"], " ".join(raw["question"].split()),
                                          raw["database"], lines, flaws)
    return found


def flawed_strategy(strategy_id: str) -> FlawedStrategy:
    return named(flawed_strategies(), strategy_id, "flawed strategy", PressError)


@dataclass(frozen=True)
class Finding:
    """One line of the comparison: a flaw found or missed, or a mark with no flaw behind it."""

    line: int
    element: str
    verdict: str  # "found", "missed" or "false alarm"
    explanation: str

    @property
    def element_name(self) -> str:
        return PRESS_ELEMENTS[self.element][0]


@dataclass(frozen=True)
class Comparison:
    found: tuple[Finding, ...]
    missed: tuple[Finding, ...]
    false_alarms: tuple[Finding, ...]

    def summary(self) -> str:
        total = len(self.found) + len(self.missed)
        text = f"You found {len(self.found)} of {total} known flaws"
        alarms = len(self.false_alarms)
        return text + (f" and raised {alarms} false alarm{'s' if alarms != 1 else ''}." if alarms else ".")


@dataclass
class PressReview:
    """The learner's marks on one strategy: a set of (line, element) pairs."""

    strategy: FlawedStrategy
    marks: set[tuple[int, str]] = field(default_factory=set)

    def _check(self, line: int, element: str) -> None:
        if not 1 <= line <= len(self.strategy.lines):
            raise PressError(f"The strategy has no line {line}",
                             hint=f"Lines run from 1 to {len(self.strategy.lines)}.")
        if element not in PRESS_ELEMENTS:
            raise PressError(f"{element!r} is not a PRESS element", hint=f"Use one of: {', '.join(PRESS_ELEMENTS)}.")

    def mark(self, line: int, element: str) -> None:
        """Flag an issue on a line (1-based) under a PRESS element key (``"boolean"``)."""
        self._check(line, element)
        self.marks.add((line, element))

    def unmark(self, line: int, element: str | None = None) -> None:
        """Clear one mark, or every mark on the line."""
        self.marks = {(at, e) for at, e in self.marks if not (at == line and element in (None, e))}

    def compare(self) -> Comparison:
        """Found, missed and false alarms, each with its explanation, in line order."""
        flaws = {(f.line, f.element): f for f in self.strategy.flaws}
        found = [Finding(at, e, "found", flaws[(at, e)].explanation)
                 for at, e in sorted(flaws) if (at, e) in self.marks]
        missed = [Finding(at, e, "missed", flaws[(at, e)].explanation)
                  for at, e in sorted(flaws) if (at, e) not in self.marks]
        alarms = []
        for line, element in sorted(self.marks - set(flaws)):
            on_line = [f for (at, _), f in flaws.items() if at == line]
            if on_line:
                names = ", ".join(PRESS_ELEMENTS[f.element][0] for f in on_line)
                why = f"Line {line} does have a problem, but under {names}, not {PRESS_ELEMENTS[element][0]}."
            else:
                why = (f"Line {line} has no known problem under {PRESS_ELEMENTS[element][0]}. "
                       "Look again: is it a matter of taste rather than an error that changes the results?")
            alarms.append(Finding(line, element, "false alarm", why))
        return Comparison(tuple(found), tuple(missed), tuple(alarms))

    def to_state(self) -> dict[str, Any]:
        return {"strategy": self.strategy.id, "marks": [[at, e] for at, e in sorted(self.marks)]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> PressReview:
        review = cls(flawed_strategy(state["strategy"]))
        for line, element in state.get("marks") or []:
            review.mark(int(line), str(element))
        return review
