"""Synthetic submissions for trying out an assignment's grading before learners see it.

Why: a tutor (and the kit's tests and benchmark) wants to know, before release, that the
solution earns every automatic mark, a blank notebook earns none, and partial answers earn partial
marks. These helpers build such submissions from the course's own source and release notebooks,
for any assignment.

Example::

    course = Course("assessments")
    make_cohort(course.root, "search-05-boolean-logic", 20)   # learner-001 ... learner-020
    course.autograde("search-05-boolean-logic", jobs=2)
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from ..errors import GradingError
from ..files import write_atomically


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solution_ids(release_nb) -> list[str]:
    """Grade ids of the cells learners answer (nbgrader "solution" cells), in notebook order."""
    return [grade_id for c in release_nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution") and (grade_id := _grade_id(c))]


def answered_notebook(source_nb, release_nb, answered: int | None = None):
    """The released notebook with the first ``answered`` answer cells (all when None) filled in
    from the source solution, as a diligent learner would submit it."""
    solutions = {_grade_id(c): c.source for c in source_nb.cells if _grade_id(c)}
    wanted = solution_ids(release_nb)
    if answered is not None:
        wanted = wanted[:answered]
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        grade_id = _grade_id(cell)
        if grade_id in wanted and grade_id in solutions:
            cell.source = solutions[grade_id]
    return nb


def read_assignment(course_root: Path, assignment: str) -> dict[str, tuple]:
    """``{notebook name: (source notebook, release notebook)}``; the assignment must be released."""
    release = course_root / "release" / assignment
    pairs = {}
    for path in sorted(release.glob("*.ipynb")):
        source = course_root / "source" / assignment / path.name
        pairs[path.stem] = (nbformat.read(source, as_version=4), nbformat.read(path, as_version=4))
    if not pairs:
        raise GradingError(f"{assignment} has no released notebooks in {release}",
                           hint=f"Run 'searchcraft grade release {assignment}' first.")
    return pairs


def write_submission(course_root: Path, student: str, assignment: str, notebooks: dict) -> Path:
    """Write a learner's submission folder; values are notebooks or raw text (for broken files)."""
    folder = course_root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in notebooks.items():
        text = content if isinstance(content, str) else nbformat.writes(content)
        write_atomically(folder / f"{name}.ipynb", text)
    return folder


def make_cohort(course_root: Path, assignment: str, size: int, *, prefix: str = "learner") -> list[str]:
    """Write ``size`` submissions cycling through: all answered, none answered, partly answered."""
    pairs = read_assignment(course_root, assignment)
    students = []
    for index in range(size):
        student = f"{prefix}-{index + 1:03d}"
        kind = index % 3
        notebooks = {}
        for name, (source, release) in pairs.items():
            if kind == 0:
                notebooks[name] = answered_notebook(source, release)
            elif kind == 1:
                notebooks[name] = release
            else:
                notebooks[name] = answered_notebook(source, release, max(1, len(solution_ids(release)) // 2))
        write_submission(course_root, student, assignment, notebooks)
        students.append(student)
    return students
