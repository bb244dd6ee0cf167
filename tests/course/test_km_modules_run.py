"""The knowledge management modules run from top to bottom in a real kernel, as the site build runs them;
their worked examples print what the text says, and a learner who fills in the exercises is marked right."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from support import REPO, printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

PAGES = {
    "km-01-what-is-km": "what-is-knowledge-management.ipynb",
    "km-02-learning-before": "learning-before-doing.ipynb",
    "km-03-learning-while": "learning-while-doing.ipynb",
    "km-04-learning-after": "learning-after-doing.ipynb",
    "km-05-findability-impact": "findability-impact.ipynb",
}


def run_module(module: str, tmp_path, monkeypatch, replace: dict[str, str] | None = None) -> str:
    folder = tmp_path / module
    shutil.copytree(REPO / "modules" / module, folder)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    notebook = nbformat.read(REPO / "modules" / module / PAGES[module], as_version=4)
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    for old, new in (replace or {}).items():
        assert any(old in cell for cell in cells), f"{old!r} is not in {module}"
        cells = [cell.replace(old, new) for cell in cells]
    return "\n".join(printed(cell) for cell in run_in_kernel(cells, folder, timeout=300).cells)


def test_what_is_km_runs_and_a_learner_can_sort_tacit_from_explicit(tmp_path, monkeypatch):
    answers = {"falls prevention\": \"?\"": "falls prevention\": \"explicit\"",
               "phone call to an email\": \"?\"": "phone call to an email\": \"tacit\"",
               "pressure ulcer prevention\": \"?\"": "pressure ulcer prevention\": \"explicit\"",
               "assignment deadline\": \"?\"": "assignment deadline\": \"tacit\"",
               "searching MEDLINE\": \"?\"": "searching MEDLINE\": \"explicit\"",
               "'deprescribing'\": \"?\"": "'deprescribing'\": \"tacit\""}
    out = run_module("km-01-what-is-km", tmp_path, monkeypatch, answers)
    assert "216 records match" in out          # the count the page's table and text quote
    assert "6 of 6 right" in out
    assert "Retrospect is ruled out because" in out


def test_learning_before_runs_and_its_worked_answer_puts_peer_assist_first(tmp_path, monkeypatch):
    out = run_module("km-02-learning-before", tmp_path, monkeypatch)
    assert "Peer Assist: it is a technique for learning before doing" in out
    assert "Still to write: Task, Intended result" in out


def test_learning_while_runs_and_a_learner_can_match_every_situation(tmp_path, monkeypatch):
    choices = {"several months\": \"?\"": "several months\": \"Action Learning Sets\"",
               "20 minutes on Friday\": \"?\"": "20 minutes on Friday\": \"After Action Review\"",
               "guideline questions separately\": \"?\"":
                   "guideline questions separately\": \"Communities of practice\"",
               "hardly know each other\": \"?\"": "hardly know each other\": \"Randomised Coffee Trials\"",
               "and join in\": \"?\"": "and join in\": \"Fishbowl\"",
               "cannot find\": \"?\"": "cannot find\": \"Knowledge assets\""}
    out = run_module("km-03-learning-while", tmp_path, monkeypatch, choices)
    assert "6 of 6 right" in out
    assert "Knowledge Cafe is ruled out" in out


def test_learning_after_runs_and_the_worked_leaver_plan_is_sound(tmp_path, monkeypatch):
    out = run_module("km-04-learning-after", tmp_path, monkeypatch, {
        '("?", 0),': '("Knowledge harvesting", 9), ("Elicitation interview", 6), ("Exit interview", 1),'})
    assert "A sound plan" in out
    assert " 9 weeks before: Knowledge harvesting" in out


def test_findability_and_impact_runs_and_the_reference_strategy_earns_full_marks(tmp_path, monkeypatch):
    out = run_module("km-05-findability-impact", tmp_path, monkeypatch, {
        "strategy = '\"communities of practice\"[tiab]'": "strategy = gold.reference_strategy"})
    assert "Complete: every part of the template is there." in out
    for kind in ("Evaluation Study", "Systematic Review", "Observational Study", "Letter", "Published Erratum"):
        assert kind in out                     # the kinds of evidence the text says the profile shows
    assert "Randomized Controlled Trial" not in out
    assert "Marks: 4 out of 4." in out
