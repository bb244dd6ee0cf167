"""Rewriting the figures each exercise states in exercises.yaml (the measuring is tested on the
built database in tests/practice/corpus/test_corpus_gold_sets.py)."""

from __future__ import annotations

from importlib import resources

from searchcraft.practice.corpus import exercises
from searchcraft.practice.figures import ExerciseFigures, _rewrite

TEXT = """# comment

first:
  topic: falls
  min_precision: 0.9
  figures: {relevant: 1, retrieved: 2, recall: 0.500, precision: 0.500, naive_found: 0, naive_missed: 1}

second:
  topic: falls
  min_precision: 0.5
"""


def figures(precision: float, floor: float) -> ExerciseFigures:
    return ExerciseFigures(relevant=40, retrieved=200, recall=1.0, precision=precision, naive_found=10,
                           naive_missed=30, min_precision=floor)


def test_rewriting_replaces_stated_figures_adds_missing_ones_and_keeps_the_rest():
    new = _rewrite(TEXT, {"first": figures(0.2, 0.2), "second": figures(0.155, 0.15)})
    assert "# comment" in new and new.count("topic: falls") == 2
    first, second = new.split("\nsecond:\n")
    assert "  min_precision: 0.20\n" in first and "recall: 1.000, precision: 0.200" in first
    assert "relevant: 1," not in first
    assert "  min_precision: 0.15\n" in second and "precision: 0.155, naive_found: 10" in second
    assert _rewrite(new, {"first": figures(0.2, 0.2), "second": figures(0.155, 0.15)}) == new


def test_the_shipped_exercises_file_is_already_in_the_rewritten_form():
    path = resources.files("searchcraft.practice.corpus").joinpath("data", "exercises.yaml")
    text = path.read_text(encoding="utf-8")
    stated = {name: ExerciseFigures(**ex.figures, min_precision=ex.min_precision)
              for name, ex in exercises().items()}
    assert _rewrite(text, stated) == text
