"""Grades as CSV for an LMS gradebook import (Moodle or Canvas), identifying learners as the LMS does.

Why: tutors keep the official marks in the institution's LMS. Each LMS imports a CSV laid out
like its own export and matches rows to people by an identifier it knows, so:

* **Moodle** (Grades > Import > CSV file): the columns of Moodle's own plain-text export,
  ``First name, Last name, ID number, Institution, Department, Email address``, plus ``Username``,
  then one column per grade item, ``Assignment: <name> (Real)``. In the import's "Identify user
  by" mapping choose *Map from* "Email address" *to* "Email address" (or "Username" to
  "username"). Learners collected from a Moodle download are named by email address through the
  class list (the assignment's grading worksheet), never by Moodle's participant number, which
  differs in every assignment. ``ID number`` is left blank unless the class list gives it.
* **Canvas** (Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section``, then one
  column per assignment headed ``<name> (<Canvas assignment id>)`` so Canvas updates that
  assignment instead of creating a new one; the second row is ``Points Possible``. ``ID`` is the
  learner's Canvas user id (from the download's file names, or the class list: Canvas's own
  gradebook export), and the SIS columns come from that class list.

A learner with no submission gets a blank cell (the LMS then changes nothing), not a zero. Every
text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is prefixed with ``'`` (OWASP's advice on CSV injection).

Example::

    rows, maxima = gradebook_rows(Path("assessments/gradebook.db"), ["search-05-boolean-logic"])
    write_grades_csv(rows, maxima, Path("grades.csv"), lms="moodle")
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
    scores: dict[str, float | None] = field(default_factory=dict)
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    id_number: str = ""


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
                    row.scores[name] = None  # no submission: blank, never a zero
            learners.append(row)
    return sorted(learners, key=lambda r: r.student_id), maxima


def grades_csv(learners: list[LearnerGrades], maxima: dict[str, float], lms: str,
               assignment_ids: dict[str, str] | None = None) -> str:
    """The CSV text for ``lms`` ("moodle" or "canvas").

    >>> row = LearnerGrades("=cmd", first_name="+Ana", scores={"a1": None})
    >>> print(grades_csv([row], {"a1": 2.0}, "moodle").splitlines()[1])
    '+Ana,,,,,,'=cmd,
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(maxima)
    ids = assignment_ids or {}
    if lms == "moodle":
        writer.writerow(MOODLE_IDENTITY + ["Username"] + [f"Assignment: {n} (Real)" for n in names])
        for r in learners:
            email = r.email or (r.student_id if "@" in r.student_id else "")
            username = "" if r.student_id == email else r.student_id
            writer.writerow([safe_cell(v) for v in (r.first_name, r.last_name, r.id_number, "", "",
                                                    email, username)]
                            + [_number(r.scores[n]) for n in names])
    elif lms == "canvas":
        writer.writerow(CANVAS_IDENTITY + [safe_cell(f"{n} ({ids[n]})" if ids.get(n) else n)
                                           for n in names])
        writer.writerow(["Points Possible", "", "", "", ""] + [_number(maxima[n]) for n in names])
        for r in learners:
            display = ", ".join(p for p in (r.last_name, r.first_name) if p) or r.student_id
            writer.writerow([safe_cell(v) for v in (display, r.lms_user_id, r.sis_user_id,
                                                    r.sis_login_id or r.student_id, r.section)]
                            + [_number(r.scores[n]) for n in names])
    else:
        raise GradingError(f"Unknown gradebook format '{lms}'", hint=f"Use one of: {', '.join(FORMATS)}.")
    return out.getvalue()


def safe_cell(value: str) -> str:
    """``value`` made inert for spreadsheets: a leading ``= + - @``, tab or CR gets a ``'``.

    >>> safe_cell("=SUM(A1:A9)"), safe_cell("Ana")
    ("'=SUM(A1:A9)", 'Ana')
    """
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def apply_class_list(learners: list[LearnerGrades], rows: list[dict[str, str]],
                     names: list[str]) -> dict[str, str]:
    """Fill in each learner's LMS identity from a class list; return Canvas assignment ids.

    ``rows`` come from Canvas's gradebook export (``Student, ID, SIS User ID, SIS Login ID,
    Section`` and ``<assignment> (<id>)`` headers) or Moodle's grading worksheet
    (``Identifier, Full name, Email address``, optionally ``Username`` and ``ID number``).
    """
    import re

    ids: dict[str, str] = {}
    headers = list(rows[0]) if rows else []
    for header in headers:
        match = re.fullmatch(r"(.*) \((\d+)\)", header)
        if match and match.group(1).strip() in names:
            ids[match.group(1).strip()] = match.group(2)
    for learner in learners:
        for row in rows:
            keys = {row.get(k, "") for k in ("ID", "SIS User ID", "SIS Login ID", "Email address",
                                             "Username", "ID number")} - {""}
            if not keys & ({learner.student_id, learner.lms_user_id, learner.email} - {""}):
                continue
            learner.lms_user_id = row.get("ID") or learner.lms_user_id
            learner.sis_user_id = row.get("SIS User ID") or learner.sis_user_id
            learner.sis_login_id = row.get("SIS Login ID") or learner.sis_login_id
            learner.section = row.get("Section") or learner.section
            learner.email = row.get("Email address") or learner.email
            learner.id_number = row.get("ID number") or learner.id_number
            if row.get("Student") and not (learner.first_name or learner.last_name):
                last, _, first = row["Student"].partition(", ")
                learner.last_name, learner.first_name = last, first
            if row.get("Full name") and not (learner.first_name or learner.last_name):
                learner.first_name, _, learner.last_name = row["Full name"].partition(" ")
            break
    return ids


def write_grades_csv(learners: list[LearnerGrades], maxima: dict[str, float], path: Path, *,
                     lms: str = "moodle", assignment_ids: dict[str, str] | None = None) -> Path:
    """Write the CSV for ``lms`` atomically to ``path``."""
    write_atomically(path, grades_csv(learners, maxima, lms, assignment_ids))
    return path


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
