"""Every assignment, graded by real nbgrader on a temporary copy of the course:
the source solution earns every automatic mark, and the released notebook, untouched, earns none."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import REPO, require_executable, run, selected_params

pytestmark = [pytest.mark.nbgrader, pytest.mark.notebook, pytest.mark.slow]

ASSIGNMENTS = sorted(p.name for p in (REPO / "assessments" / "source").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def graded_course(request, tmp_path_factory) -> Path:
    """A copy of the course with every selected assignment (all of them in a full run) released,
    submitted twice and autograded."""
    nbgrader = require_executable("nbgrader")
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO / "assessments", course, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("release", "submitted", "autograded", "feedback",
                                                  "gradebook.db", ".ipynb_checkpoints"))
    for assignment in selected_params(request, "assignment", ASSIGNMENTS):
        run([nbgrader, "generate_assignment", assignment, "--force"], cwd=course)
        for student, origin in (("solution", "source"), ("untouched", "release")):
            target = course / "submitted" / student / assignment
            shutil.copytree(course / origin / assignment, target)
        run([nbgrader, "autograde", assignment, "--force"], cwd=course)
    return course


def automatic_marks(course: Path, assignment: str, student: str) -> tuple[float, float]:
    """(marks earned, marks available) over the automatically graded cells of one submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        grades = [g for nb in submission.notebooks for g in nb.grades if g.cell.cell_type == "code"]
        assert grades, f"{assignment}: no automatically graded cells"
        return sum(g.score for g in grades), sum(g.max_score for g in grades)


def cells_awaiting_tutor(course: Path, assignment: str, student: str) -> int:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return sum(1 for nb in submission.notebooks for g in nb.grades if g.needs_manual_grade)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_solution_earns_every_automatic_mark(graded_course, assignment):
    earned, available = automatic_marks(graded_course, assignment, "solution")
    assert available > 0
    assert earned == available


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_earns_no_marks(graded_course, assignment):
    earned, available = automatic_marks(graded_course, assignment, "untouched")
    assert available > 0
    assert earned == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_written_answers_wait_for_the_tutor_only_when_answered(graded_course, assignment):
    assert cells_awaiting_tutor(graded_course, assignment, "solution") >= 1
    assert cells_awaiting_tutor(graded_course, assignment, "untouched") == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebook_hides_solutions_and_hidden_tests(graded_course, assignment):
    for notebook in (graded_course / "release" / assignment).glob("*.ipynb"):
        text = "".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"])
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "raise NotImplementedError()" in text
