"""The "Using evidence" modules run from top to bottom in a real kernel, as the site build runs them,
and their worked examples print the numbers the text quotes; a learner filling in the exercises gets
them marked right."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from support import REPO, printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

PAGES = {
    "ev-01-appraising-evidence": "appraising-evidence.ipynb",
    "ev-02-numbers-in-evidence": "numbers-in-evidence.ipynb",
    "ev-03-summarising-evidence": "summarising-evidence.ipynb",
}


def code_cells(module: str) -> list[str]:
    notebook = nbformat.read(REPO / "modules" / module / PAGES[module], as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def run_module(module: str, tmp_path, monkeypatch, replace: dict[str, str] | None = None):
    folder = tmp_path / module
    shutil.copytree(REPO / "modules" / module, folder)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cells = code_cells(module)
    for old, new in (replace or {}).items():
        assert any(old in cell for cell in cells), f"{old!r} is not in {module}"
        cells = [cell.replace(old, new) for cell in cells]
    return "\n".join(printed(cell) for cell in run_in_kernel(cells, folder, timeout=300).cells)


def test_appraising_evidence_runs_and_a_learner_can_complete_its_exercises(tmp_path, monkeypatch):
    out = run_module("ev-01-appraising-evidence", tmp_path, monkeypatch, {
        '"q2": "...",   # edit each "..." to a design id, e.g. "cohort"': '"q2": "cross-sectional",',
        '"q3": "...",': '"q3": "cohort",', '"q4": "...",': '"q4": "qualitative",',
        '"q5": "...",': '"q5": "cross-sectional",', '"q6": "...",': '"q6": "cohort",',
        'my_design = "..."': 'my_design = "qualitative"',
        "my_search = 'falls[tiab] AND exercise[tiab]'":
            """my_search = 'falls[tiab] AND exercise[tiab] AND "Qualitative Research"[mh]'""",
        '"randomised": "...",': '"randomised": "no",',
    })
    assert "5 of 5 right" in out
    assert "the design limit works" in out
    assert "7 of 7 items agree with the model answer." in out
    assert "1 of 7 items agree with the model answer; 6 not rated yet." in out


def test_numbers_in_evidence_runs_and_quotes_the_numbers_it_computes(tmp_path, monkeypatch):
    out = run_module("ev-02-numbers-in-evidence", tmp_path, monkeypatch, {
        '"risk_treated": "...",': '"risk_treated": 0.25,', '"risk_control": "...",': '"risk_control": "38.1%",',
        '"nnt": "...",': '"nnt": 7,',
        '"rd_standard_error": "...",': '"rd_standard_error": 0.0597,',
        '"rd_lower": "...",': '"rd_lower": 0.014,', '"rd_upper": "...",': '"rd_upper": 0.248,',
        "strokes_on_drug = 0 ": "strokes_on_drug = 10 ", "strokes_on_placebo = 0 ": "strokes_on_placebo = 20 ",
        'my_headline = {"risk_difference": "...", "nnt": "..."}': 'my_headline = {"risk_difference": 0.01, "nnt": 100}',
    })
    assert "NNT = 1 / 0.0725 = 13.79, rounded up to 14" in out
    assert "95% CI = 0.0725 -/+ 1.96 x 0.0311 = 0.012 to 0.133" in out
    assert "As an NNT: NNTB 7.5 to 86.1" in out
    assert "round UP to 8" in out                     # the learner's NNT of 7 is caught
    assert "3 of 3 steps correct." in out             # the interval exercise
    assert "Counts right: 10 and 20 in 1,000." in out and "2 of 2 steps correct." in out


def test_summarising_evidence_runs_and_its_worked_revision_meets_the_rubric(tmp_path, monkeypatch):
    out = run_module("ev-03-summarising-evidence", tmp_path, monkeypatch)
    assert "Checked automatically: 2 of 9 points." in out      # the first draft
    assert "Checked automatically: 9 of 9 points." in out      # the revision
    assert "8 automatic points still to gain." in out          # the untouched exercise
