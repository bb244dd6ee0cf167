"""Every assignment gives partial credit: answering some questions earns some, not all, marks.

(That the full solution earns every automatic mark, and a blank notebook none, is proven for each
assignment in tests/assessments/test_assignments_autograde.py.)
"""

from __future__ import annotations

import shutil

import pytest

from support import REPO, require, require_executable, selected_params

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENTS = sorted(p.name for p in (REPO / "assessments" / "source").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    """Each selected assignment (all of them in a full run) released, submitted with the first half of
    its answers, and autograded."""
    require_executable("nbgrader")
    require(shutil.which("bwrap") is not None, "bubblewrap (the 'bwrap' command)")
    from searchcraft.grading import Course
    from searchcraft.grading.cohort import answered_notebook, read_assignment, solution_ids, write_submission

    root = tmp_path_factory.mktemp("partial") / "course"
    shutil.copytree(REPO / "assessments", root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db*"))
    course = Course(root)
    scores, answer_cells = {}, {}
    for assignment in selected_params(request, "assignment", ASSIGNMENTS):
        course.release(assignment)
        pairs = read_assignment(root, assignment)
        answer_cells[assignment] = sum(len(solution_ids(release)) for _, release in pairs.values())
        write_submission(root, "half", assignment, {
            name: answered_notebook(s, r, len(solution_ids(r)) // 2) for name, (s, r) in pairs.items()})
        scores[assignment] = course.autograde(assignment, jobs=2).result("half").score
    return {"root": root, "scores": scores, "answer_cells": answer_cells}


def automatic_marks_available(root, assignment: str) -> float:
    """The marks of the automatically graded (code) cells, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        return sum(cell.max_score for nb in book.find_assignment(assignment).notebooks
                   for cell in nb.grade_cells if cell.cell_type == "code")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_half_the_answers_earn_some_but_not_all_automatic_marks(graded, assignment):
    if graded["answer_cells"][assignment] < 2:
        pytest.skip(f"{assignment} has a single answer cell, so it cannot be half answered")
    available = automatic_marks_available(graded["root"], assignment)
    assert 0 < graded["scores"][assignment] < available
