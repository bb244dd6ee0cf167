"""A Parsons problem for search strategies: put shuffled lines back into an order that works.

A strategy is built up line by line, and later lines combine earlier ones by number (``#3 AND #6``).
The puzzle gives the lines of a working strategy shuffled, with a few distractor lines that do not
belong. The learner moves lines up and down, leaves out the distractors, and runs the result as a
search history on the practice database: the references only point at the right lines in a
working order, and the last line must find the gold set's relevant records.

Puzzles are data (``widgets/data/strategy_puzzles.yml``), one per gold-set question of the practice
corpus.

Example::

    >>> model = StrategyOrderModel(strategy_puzzle("hand-hygiene-feedback"))
    >>> model.arrange(model.puzzle.solution())     # the order the puzzle was written in
    >>> model.run().solved                          # doctest: +SKIP
    True
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...errors import DataFileError, SearchCraftError, named
from .data import load_data_file

_REFERENCE = re.compile(r"#(\d+)")


class StrategyOrderError(SearchCraftError):
    """A puzzle that does not exist, or a move the puzzle cannot make."""


@dataclass(frozen=True)
class Piece:
    """One line of the puzzle: its ``key`` (``L3`` or ``D1``), its text, and for a distractor, why."""

    key: str
    text: str
    why: str = ""

    @property
    def distractor(self) -> bool:
        return self.key.startswith("D")


@dataclass(frozen=True)
class StrategyPuzzle:
    id: str
    title: str
    gold_set: str
    pieces: tuple[Piece, ...]

    def piece(self, key: str) -> Piece:
        for piece in self.pieces:
            if piece.key == key:
                return piece
        raise StrategyOrderError(f"The puzzle has no line {key!r}")

    def solution(self) -> list[str]:
        """The keys of the working order the puzzle was written in (distractors left out)."""
        return [p.key for p in self.pieces if not p.distractor]

    @property
    def question(self) -> str:
        from ...practice.corpus.goldsets import exercises

        known = exercises()
        return known[self.gold_set].question if self.gold_set in known else self.title


@lru_cache(maxsize=1)
def strategy_puzzles() -> dict[str, StrategyPuzzle]:
    """Every bundled puzzle, by id, checked on loading: each ``#N`` points at an earlier line."""
    found = {}
    for raw in load_data_file("strategy_puzzles.yml")["puzzles"]:
        lines = [str(line) for line in raw["lines"]]
        for number, line in enumerate(lines, start=1):
            bad = [int(n) for n in _REFERENCE.findall(line) if not 1 <= int(n) < number]
            if bad:
                raise DataFileError(f"Puzzle {raw['id']!r}, line {number} refers to #{bad[0]}, which is not above it",
                                    hint="Write the lines in a working order; #N means line N of that order.")
        pieces = [Piece(f"L{i}", text) for i, text in enumerate(lines, start=1)]
        pieces += [Piece(f"D{i}", str(d["text"]), " ".join(str(d["why"]).split()))
                   for i, d in enumerate(raw.get("distractors") or [], start=1)]
        found[raw["id"]] = StrategyPuzzle(raw["id"], raw["title"], raw["gold_set"], tuple(pieces))
    return found


def strategy_puzzle(puzzle_id: str) -> StrategyPuzzle:
    return named(strategy_puzzles(), puzzle_id, "strategy puzzle", StrategyOrderError)


@dataclass(frozen=True)
class LineRun:
    """One line as run: its number in the learner's order, the text, and its count or the problem."""

    number: int
    text: str
    count: int | None
    problem: str = ""


@dataclass(frozen=True)
class OrderRun:
    """What running the learner's strategy gave, and whether it answers the question."""

    lines: tuple[LineRun, ...]
    solved: bool
    recall: float | None
    precision: float | None
    messages: tuple[str, ...]


class StrategyOrderModel:
    """The learner's arrangement of one puzzle: the order of its lines and which ones are used."""

    def __init__(self, puzzle: StrategyPuzzle | str, *, seed: int = 7) -> None:
        self.puzzle = puzzle if isinstance(puzzle, StrategyPuzzle) else strategy_puzzle(puzzle)
        keys = [p.key for p in self.puzzle.pieces]
        rng = random.Random(f"{self.puzzle.id}:{seed}")
        order = keys[:]
        while True:  # a shuffle that happens to be a working order would be no puzzle
            rng.shuffle(order)
            if [k for k in order if not k.startswith("D")] != self.puzzle.solution():
                break
        self.order: list[str] = order
        self.included: set[str] = set(keys)

    # --- arranging ------------------------------------------------------------------------------
    def arrange(self, keys: Sequence[str], *, include_only: bool = True) -> None:
        """Put these keys first, in this order (others follow); with ``include_only`` use only them."""
        for key in keys:
            self.puzzle.piece(key)
        rest = [k for k in self.order if k not in keys]
        self.order = list(keys) + rest
        if include_only:
            self.included = set(keys)

    def move(self, key: str, steps: int) -> None:
        """Move a line up (negative ``steps``) or down, stopping at the top or bottom."""
        self.puzzle.piece(key)
        index = self.order.index(key)
        target = max(0, min(len(self.order) - 1, index + steps))
        self.order.insert(target, self.order.pop(index))

    def move_up(self, key: str) -> None:
        self.move(key, -1)

    def move_down(self, key: str) -> None:
        self.move(key, 1)

    def include(self, key: str, used: bool = True) -> None:
        self.puzzle.piece(key)
        (self.included.add if used else self.included.discard)(key)

    def strategy(self) -> list[str]:
        """The lines in use, in the learner's order."""
        return [self.puzzle.piece(k).text for k in self.order if k in self.included]

    def numbers(self) -> dict[str, int]:
        """Each line in use, and the number it has in the learner's strategy."""
        used = [k for k in self.order if k in self.included]
        return {k: i for i, k in enumerate(used, start=1)}

    def reference_problems(self) -> list[str]:
        """Lines that refer to themselves, a later line or a line that is not there."""
        problems = []
        for number, text in enumerate(self.strategy(), start=1):
            for ref in (int(n) for n in _REFERENCE.findall(text)):
                if ref >= number:
                    problems.append(f"Line {number} ({text}) refers to #{ref}, which is not above it.")
        return problems

    # --- running --------------------------------------------------------------------------------
    def run(self, db=None) -> OrderRun:
        """Run the lines in use as a search history on the practice database, and mark the last line."""
        from ...practice import PracticeDatabase, SearchHistory
        from ...practice.corpus import load_gold_set

        lines = self.strategy()
        if not lines:
            return OrderRun((), False, None, None, ("Choose some lines to use first.",))
        history = SearchHistory(db or PracticeDatabase.bundled())
        runs: list[LineRun] = []
        for number, text in enumerate(lines, start=1):
            try:
                runs.append(LineRun(number, text, history.add(text).count))
            except SearchCraftError as error:
                runs.append(LineRun(number, text, None, error.message))
                runs += [LineRun(n, t, None, "not run") for n, t in enumerate(lines[number:], start=number + 1)]
                return OrderRun(tuple(runs), False, None, None, (
                    f"Line {number} could not be run: {error.message}",
                    "Each #N must point at a line above it: move the lines it combines higher up."))
        gold = load_gold_set(self.puzzle.gold_set)
        evaluation = gold.evaluate(history.result(len(lines)))
        solved = evaluation.recall == 1.0 and evaluation.precision >= gold.min_precision
        messages = [f"The last line finds {len(evaluation.found)} of the {evaluation.relevant} relevant records "
                    f"(recall {evaluation.recall:.0%}) among {evaluation.retrieved} results "
                    f"(precision {evaluation.precision:.0%})."]
        if solved:
            messages.append("Solved: the strategy works and finds every relevant record.")
        else:
            if evaluation.recall < 1.0:
                messages.append("It misses relevant records: check that each concept has all its lines, "
                                "combined with OR, and that no line narrows it.")
            if evaluation.precision < gold.min_precision:
                messages.append(f"It is too broad: at least {gold.min_precision:.0%} of the results should be "
                                "relevant. Are the concepts combined with AND on the last line?")
            used = [self.puzzle.piece(k) for k in self.order if k in self.included]
            messages += [f"Hint: \u201c{p.text}\u201d does not belong. {p.why}" for p in used if p.distractor][:1]
        return OrderRun(tuple(runs), solved, evaluation.recall, evaluation.precision, tuple(messages))

    # --- saving ---------------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"order": list(self.order), "included": sorted(self.included)}

    def restore(self, state: dict[str, Any]) -> None:
        keys = {p.key for p in self.puzzle.pieces}
        order, included = list(state.get("order") or []), set(state.get("included") or [])
        if sorted(order) != sorted(keys) or not included <= keys:
            raise StrategyOrderError("The saved order does not match this puzzle's lines")
        self.order, self.included = order, included
