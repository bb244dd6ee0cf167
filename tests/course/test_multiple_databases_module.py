"""Module 8 (searching more than one database) runs from top to bottom in a real kernel, as the site
build runs it: the two-database worked example prints each platform's numbered history, the combined
set and a positioned CINAHL error, and the exercise marks what is in the TwoDatabaseSearch boxes,
first the drafts as given, then strong strategies typed into the widget as a learner would."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from support import REPO, printed, run_in_kernel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "practice"))
from test_two_databases import STRONG  # noqa: E402

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

MODULE = REPO / "modules" / "search-08-multiple-databases"


def test_module_runs_and_its_two_database_exercise_marks_what_the_learner_typed(tmp_path, monkeypatch):
    folder = tmp_path / MODULE.name
    shutil.copytree(MODULE, folder)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    notebook = nbformat.read(MODULE / "multiple-databases.ipynb", as_version=4)
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    check = next(i for i, source in enumerate(cells) if source.startswith("# Check: both strategies"))
    typed = (f"two_databases.boxes['ovid'].value = {STRONG['ovid']!r}\n"
             f"two_databases.boxes['cinahl'].value = {STRONG['cinahl']!r}\n"
             "two_databases.run('ovid'); two_databases.run('cinahl')\n"
             "shown = two_databases.show_mark()\n"
             "print('widget marks', shown.marks, 'of', shown.out_of)")
    executed = run_in_kernel(cells + [typed, cells[check]], folder, timeout=600).cells
    out = [printed(cell) for cell in executed]
    whole = "\n".join(out)
    # worked example: Ovid's history numbered 1..7, CINAHL's S1..S7, the combined set, the error
    assert "7 3 and 6 (" in whole and "S7 S3 AND S6 (" in whole
    assert "MEDLINE: 32 of the 32 relevant records it holds (recall 100%)" in whole
    assert "were found in both (duplicates removed)" in whole and "9 of them relevant" in whole
    assert "S2: Unbalanced bracket at position 3:\n  TI (hand N3 hygiene\n     ^" in whole
    # the exercise as released: the title-only drafts, each marked and explained
    drafts = out[check]
    assert "It found 9 of the 32 relevant records MEDLINE holds (recall 28%)" in drafts
    assert "Relevant records neither search found, and why:" in drafts
    assert "Marks: 1 out of 4." in drafts
    # after the learner types strong strategies into the boxes
    assert "widget marks 4.0 of 4" in out[-2]
    assert "Together they found every relevant record." in out[-1] and "Marks: 4 out of 4." in out[-1]
