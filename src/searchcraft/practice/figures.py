"""Each exercise's figures on the practice database, as stated in ``corpus/data/exercises.yaml``.

An exercise states what its reference strategy achieves on the bundled database (how many records it
retrieves, its recall and precision) and how many relevant records the naive one-line strategy
finds and misses, so that module text can quote real numbers and the tests can prove them. The
figures are measured here by searching the built database, never copied from the generator.

Example::

    >>> from searchcraft.practice import PracticeDatabase
    >>> figures = exercise_figures(PracticeDatabase.bundled())      # doctest: +SKIP
    >>> figures["falls-exercise"].recall                             # doctest: +SKIP
    1.0

To rewrite the stated figures after changing the corpus::

    python -m searchcraft.practice.figures --write
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .corpus import gold_sets, naive_strategy
from .database import PracticeDatabase


@dataclass(frozen=True)
class ExerciseFigures:
    """What the reference and naive strategies of one exercise find on the practice database.

    ``min_precision`` is the reference strategy's precision rounded down to two places.
    """

    relevant: int
    retrieved: int
    recall: float
    precision: float
    naive_found: int
    naive_missed: int
    min_precision: float = 0.0

    def as_flow(self) -> str:
        """The one-line YAML mapping written into ``exercises.yaml``."""
        return (f"{{relevant: {self.relevant}, retrieved: {self.retrieved}, recall: {self.recall:.3f}, "
                f"precision: {self.precision:.3f}, naive_found: {self.naive_found}, "
                f"naive_missed: {self.naive_missed}}}")

    @property
    def number_needed_to_read(self) -> float:
        """Records screened for each relevant one found by the reference strategy."""
        return self.retrieved / max(1, round(self.recall * self.relevant))


def exercise_figures(database: PracticeDatabase) -> dict[str, ExerciseFigures]:
    """Measure every exercise's reference and naive strategies on ``database``."""
    figures: dict[str, ExerciseFigures] = {}
    for name, gold in gold_sets().items():
        result = database.search(gold.reference_strategy)
        score = gold.evaluate(result)
        naive = gold.evaluate(database.search(naive_strategy(name)))
        figures[name] = ExerciseFigures(
            relevant=len(gold.relevant), retrieved=len(result.ids), recall=round(score.recall, 3),
            precision=round(score.precision, 3), naive_found=len(naive.found),
            naive_missed=len(naive.missed),
            min_precision=math.floor(score.precision * 100) / 100)
    return figures


def _rewrite(text: str, figures: dict[str, ExerciseFigures]) -> str:
    """``exercises.yaml`` with each exercise's ``figures`` and ``min_precision`` lines brought up to date."""
    for name, measured in figures.items():
        block = re.search(rf"^{re.escape(name)}:\n(?:(?:  .*|)\n)*", text, re.M)
        if block is None:
            raise ValueError(f"exercise {name} not found in exercises.yaml")
        body = block.group(0)
        new = re.sub(r"^  min_precision: .*$", f"  min_precision: {measured.min_precision:.2f}", body, flags=re.M)
        line = f"  figures: {measured.as_flow()}"
        if re.search(r"^  figures: .*$", new, re.M):
            new = re.sub(r"^  figures: .*$", line, new, flags=re.M)
        else:
            new = new.rstrip("\n") + "\n" + line + "\n" + ("\n" if body.endswith("\n\n") else "")
        text = text[:block.start()] + new + text[block.end():]
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchcraft.practice.figures",
                                     description="Measure each exercise's figures on the practice database.")
    parser.add_argument("--write", action="store_true",
                        help="rewrite the figures and min_precision lines of exercises.yaml")
    args = parser.parse_args(argv)
    figures = exercise_figures(PracticeDatabase.bundled())
    for name, measured in figures.items():
        print(f"{name:38s} {measured.as_flow()}")
    if args.write:
        path = Path(str(resources.files("searchcraft.practice.corpus").joinpath("data", "exercises.yaml")))
        path.write_text(_rewrite(path.read_text(encoding="utf-8"), figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
