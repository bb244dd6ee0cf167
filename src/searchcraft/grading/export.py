"""Grades as CSV for an LMS gradebook import (Moodle or Canvas).

Why: tutors keep the official marks in the institution's LMS. Each LMS imports a CSV laid out
like its own export, so the file is written in that layout:

* **Moodle** (Grades > Import > CSV file): one row per learner with the columns of Moodle's own
  plain-text export, ``First name, Last name, ID number, Institution, Department, Email address``,
  then one column per grade item, named ``Assignment: <name> (Real)``. In the import mapping,
  identify users by "ID number" or "Email address".
* **Canvas** (Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section``, then one
  column per assignment; the second row is ``Points Possible``. ``ID`` is the learner's Canvas id
  (nbgrader's ``lms_user_id``); ``SIS Login ID`` is the nbgrader student id.

Example::

    rows = gradebook_rows(Path("assessments/gradebook.db"), ["search-05-boolean-logic"])
    write_grades_csv(rows, ["search-05-boolean-logic"], Path("grades.csv"), lms="moodle")
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GradingError
from ..files import write_atomically

MOODLE_IDENTITY = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
FORMATS = ("moodle", "canvas")


@dataclass
class LearnerGrades:
    """One learner's identity and their score (and the maximum) for each assignment."""

    student_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    scores: dict[str, float] = field(default_factory=dict)


def gradebook_rows(gradebook: Path, assignments: list[str]) -> tuple[list[LearnerGrades], dict[str, float]]:
    """Every learner in the gradebook with their scores, and each assignment's maximum score."""
    from nbgrader.api import Gradebook, MissingEntry

    learners: list[LearnerGrades] = []
    maxima: dict[str, float] = {}
    with Gradebook(f"sqlite:///{gradebook}") as book:
        for name in assignments:
            try:
                maxima[name] = float(book.find_assignment(name).max_score)
            except MissingEntry:
                raise GradingError(f"No assignment '{name}' in the gradebook {gradebook}",
                                   hint="Release and autograde it first.") from None
        for student in book.students:
            row = LearnerGrades(student.id, student.first_name or "", student.last_name or "",
                                student.email or "", student.lms_user_id or "")
            for name in assignments:
                try:
                    row.scores[name] = float(book.find_submission(name, student.id).score)
                except MissingEntry:
                    row.scores[name] = 0.0
            learners.append(row)
    return sorted(learners, key=lambda r: r.student_id), maxima


def grades_csv(learners: list[LearnerGrades], maxima: dict[str, float], lms: str) -> str:
    """The CSV text for ``lms`` ("moodle" or "canvas")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(maxima)
    if lms == "moodle":
        writer.writerow(MOODLE_IDENTITY + [f"Assignment: {n} (Real)" for n in names])
        for r in learners:
            writer.writerow([r.first_name, r.last_name, r.student_id, "", "", r.email]
                            + [_number(r.scores[n]) for n in names])
    elif lms == "canvas":
        writer.writerow(CANVAS_IDENTITY + names)
        writer.writerow(["Points Possible", "", "", "", ""] + [_number(maxima[n]) for n in names])
        for r in learners:
            display = ", ".join(p for p in (r.last_name, r.first_name) if p) or r.student_id
            writer.writerow([display, r.lms_user_id, r.student_id, r.student_id, ""]
                            + [_number(r.scores[n]) for n in names])
    else:
        raise GradingError(f"Unknown gradebook format '{lms}'", hint=f"Use one of: {', '.join(FORMATS)}.")
    return out.getvalue()


def write_grades_csv(learners: list[LearnerGrades], maxima: dict[str, float], path: Path, *,
                     lms: str = "moodle") -> Path:
    """Write the CSV for ``lms`` atomically to ``path``."""
    write_atomically(path, grades_csv(learners, maxima, lms))
    return path


def _number(value: float) -> str:
    return f"{value:g}"
