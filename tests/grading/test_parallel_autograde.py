"""Parallel autograding gives exactly plain nbgrader's grades, and concurrent runs never lose or
double a grade in the gradebook."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, require, require_executable, run, tool_env

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENTS = sorted(p.name for p in (REPO / "assessments" / "source").iterdir() if p.is_dir())
ASSIGNMENT = "search-05-boolean-logic" if "search-05-boolean-logic" in ASSIGNMENTS else ASSIGNMENTS[0]
COHORT = 4


def fresh_course(target: Path) -> Path:
    shutil.copytree(REPO / "assessments", target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("release", "submitted", "autograded", "feedback",
                                                  "reports", "gradebook.db*", ".ipynb_checkpoints"))
    return target


def grade_table(gradebook: Path) -> dict[tuple[str, str], float]:
    """(learner, graded cell) -> score, read straight from nbgrader's SQLite gradebook."""
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(f"sqlite:///{gradebook}") as book:
        for submission in book.find_assignment(ASSIGNMENT).submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    table[(submission.student.id, f"{notebook.name}/{grade.name}")] = float(grade.score)
    return table


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """The same cohort graded by plain ``nbgrader autograde`` and by ``Course.autograde(jobs=2)``."""
    nbgrader = require_executable("nbgrader")
    require(shutil.which("bwrap") is not None, "bubblewrap (the 'bwrap' command)")
    from searchcraft.grading import Course
    from searchcraft.grading.cohort import make_cohort

    base = tmp_path_factory.mktemp("parallel")
    plain = fresh_course(base / "plain")
    run([nbgrader, "generate_assignment", ASSIGNMENT, "--force"], cwd=plain)
    students = make_cohort(plain, ASSIGNMENT, COHORT)
    parallel = base / "parallel"
    shutil.copytree(plain, parallel)
    run([nbgrader, "autograde", ASSIGNMENT, "--force"], cwd=plain)
    outcome = Course(parallel).autograde(ASSIGNMENT, jobs=2)
    return {"plain": plain, "parallel": parallel, "students": students, "outcome": outcome}


def test_parallel_grades_are_identical_to_plain_nbgrader(courses):
    plain = grade_table(courses["plain"] / "gradebook.db")
    parallel = grade_table(courses["parallel"] / "gradebook.db")
    assert plain and parallel == plain


def test_the_cohort_has_full_zero_and_partial_marks(courses):
    scores = {r.student: r.score for r in courses["outcome"].results}
    assert len(scores) == COHORT
    full = scores["learner-001"]
    assert full > 0
    assert scores["learner-002"] == 0
    assert 0 < scores["learner-003"] < full


def test_concurrent_autograde_runs_neither_lose_nor_double_grades(courses, tmp_path):
    """Two tutors grading the same course at the same moment, each with two workers."""
    course = tmp_path / "course"
    shutil.copytree(courses["plain"], course, ignore=shutil.ignore_patterns("gradebook.db*", "autograded"))
    shutil.copy(courses["parallel"] / "gradebook.db", course / "gradebook.db")
    with sqlite3.connect(course / "gradebook.db") as db:  # start from released, ungraded
        for table in ("comment", "grade", "submitted_notebook", "submitted_assignment"):
            db.execute(f"DELETE FROM {table}")
    command = [sys.executable, "-m", "searchcraft.cli", "grade", "--quiet", "--course-dir", str(course),
               "autograde", ASSIGNMENT, "--jobs", "2"]
    runs = [subprocess.Popen(command, env=tool_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    for process in runs:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()[-3000:]
    expected = grade_table(courses["plain"] / "gradebook.db")
    assert grade_table(course / "gradebook.db") == expected
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        submissions = db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone()[0]
        grades = db.execute("SELECT COUNT(*) FROM grade").fetchone()[0]
    assert submissions == COHORT
    assert grades == len(expected)
