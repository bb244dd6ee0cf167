"""A course of nbgrader assignments, as a tutor scripts it: release, collect, autograde, feedback.

Why: nbgrader's apps each need their own configuration and command line; tutors who grade a cohort
want one object that finds the course as nbgrader does (the folder holding ``nbgrader_config.py``),
grades in parallel inside the sandbox, keeps going past broken submissions and says what was wrong.
Every step is nbgrader's own app; this module only wires them together.

Example::

    from searchcraft.grading import Course
    course = Course("assessments")
    course.release("search-05-boolean-logic")
    outcome = course.autograde("search-05-boolean-logic", jobs=2)
    for result in outcome.flagged():
        print(result.student, [issue.message for issue in result.issues])
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import CourseError, GradingError
from ..files import write_atomically
from .diagnose import Issue, diagnose_submission, expected_notebooks
from .execute import METADATA_KEY
from .feedback import HIDDEN_NOTE, HideHiddenTests
from .lock import GradebookLock
from .parallel import execute_cohort, merge_result, scratch_folder
from .progress import ProgressBar
from .repair import with_repairs

CONFIG_FILE = "nbgrader_config.py"

# Filename patterns of LMS bulk downloads, for nbgrader's zip_collect (student id, notebook name).
LMS_FILENAMES = {
    # Canvas: <login>_[LATE_]<canvas user id>_<submission id>_<original name>[-N].ipynb
    "canvas": r".*/(?P<student_id>[^/_]+)_(?:late_|LATE_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$",
    # Moodle: <Full Name>_<participant id>_assignsubmission_file_[/]<original name>.ipynb
    "moodle": r".*/[^/]*_(?P<student_id>\d+)_assignsubmission_file_/?(?P<file_id>[^/]+?)\.ipynb$",
}


@dataclass
class SubmissionResult:
    """The outcome of autograding one learner: marks, and what the tutor should look at."""

    student: str
    score: float
    max_score: float
    issues: list[Issue] = field(default_factory=list)
    log: str = ""

    @property
    def flagged(self) -> bool:
        return bool(self.issues)

    def to_dict(self) -> dict:
        return {"student": self.student, "score": self.score, "max_score": self.max_score,
                "issues": [i.to_dict() for i in self.issues]}


@dataclass
class AutogradeOutcome:
    """Every learner's result for one assignment, in student order."""

    assignment: str
    results: list[SubmissionResult]

    def flagged(self) -> list[SubmissionResult]:
        return [r for r in self.results if r.flagged]

    def result(self, student: str) -> SubmissionResult:
        for item in self.results:
            if item.student == student:
                return item
        raise KeyError(student)

    def to_json(self) -> str:
        return json.dumps({"assignment": self.assignment,
                           "results": [r.to_dict() for r in self.results]}, indent=2)

    def summary(self) -> str:
        """A few lines for the tutor: how many graded, and each flagged submission with reasons."""
        lines = [f"{self.assignment}: {len(self.results)} submission(s) graded, "
                 f"{len(self.flagged())} flagged for the tutor."]
        for item in self.flagged():
            lines.append(f"  {item.student} ({item.score:g}/{item.max_score:g}):")
            lines += [f"    - {issue.kind}: {issue.message}" for issue in item.issues]
        return "\n".join(lines)


def load_course_config(root: Path):
    """The traitlets config of ``root/nbgrader_config.py``, with the course root set."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / CONFIG_FILE).is_file():
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    with_repairs(config)
    return config


def find_course(start: str | Path | None = None) -> Path:
    """The course folder as nbgrader finds it: ``start`` (or the current folder) holding the config."""
    root = Path(start or ".").resolve()
    if not (root / CONFIG_FILE).is_file():
        raise CourseError(f"No {CONFIG_FILE} in {root}: this is not an nbgrader course folder",
                          hint="Run the command from the course folder (e.g. assessments/) or pass "
                               "--course-dir.")
    return root


class Course:
    """An nbgrader course folder. Each method runs nbgrader's own app for that step."""

    def __init__(self, root: str | Path = ".", *, progress: bool = False) -> None:
        self.root = find_course(root)
        _put_tools_on_path()
        self.progress = progress
        self.config = load_course_config(self.root)

    # -- what is in the course -------------------------------------------------------------------
    @property
    def gradebook_path(self) -> Path:
        url = self._coursedir().db_url
        if not url.startswith("sqlite:///"):
            raise CourseError(f"The gradebook {url} is not an SQLite file",
                              hint="SearchCraft's grading tools support nbgrader's default SQLite gradebook.")
        return Path(url[len("sqlite:///"):])

    def assignments(self) -> list[str]:
        source = self.root / "source"
        return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []

    def submitted_students(self, assignment: str) -> list[str]:
        """Learners with a folder for ``assignment`` under ``submitted/`` (empty folders included)."""
        submitted = self.root / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())

    def _check_assignment(self, assignment: str) -> None:
        if not (self.root / "source" / assignment).is_dir():
            known = ", ".join(self.assignments()) or "none"
            raise CourseError(f"No assignment '{assignment}' in {self.root / 'source'}",
                              hint=f"Assignments in this course: {known}.")

    def _coursedir(self, config=None):
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=config or self.config)

    def _api(self, config=None):
        from nbgrader.apps.api import NbGraderAPI

        config = config or self.config
        return NbGraderAPI(coursedir=self._coursedir(config), config=config)

    def _lock(self) -> GradebookLock:
        return GradebookLock(self.gradebook_path)

    @staticmethod
    def _check(result: dict, what: str) -> dict:
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or "").strip().splitlines()[-5:]
            raise GradingError(f"nbgrader could not {what}:\n" + "\n".join(detail))
        return result

    # -- release ---------------------------------------------------------------------------------
    def release(self, assignment: str) -> Path:
        """Make the learners' version (``release/<assignment>``) and record it in the gradebook.

        Checks that no solution or hidden test reached the released notebooks.
        """
        self._check_assignment(assignment)
        with self._lock():
            self._check(self._api().generate_assignment(assignment, force=True, create=True),
                        f"generate the release version of {assignment}")
        release = self.root / "release" / assignment
        for notebook in release.glob("*.ipynb"):
            text = notebook.read_text(encoding="utf-8")
            for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION"):
                if marker in text:
                    raise GradingError(f"{notebook} still contains '{marker}' after release",
                                       hint="Check the cell's nbgrader metadata in the source notebook.")
        return release

    # -- collect ---------------------------------------------------------------------------------
    def collect(self, assignment: str, archive: str | Path | None = None, *, lms: str = "canvas",
                pattern: str | None = None) -> list[str]:
        """Gather submissions into ``submitted/``: from nbgrader's exchange, or from an LMS download.

        ``archive`` is a zip file (or a folder of them) downloaded from the LMS; learners are told
        apart by the LMS's file names (``lms`` = "canvas" or "moodle", or your own ``pattern``, a
        regular expression with ``student_id`` and ``file_id`` groups). Returns the learners found.
        """
        self._check_assignment(assignment)
        before = set(self.submitted_students(assignment))
        if archive is None:
            with self._lock():
                self._check(self._api().collect(assignment), f"collect {assignment}")
            return sorted(set(self.submitted_students(assignment)) - before)
        regexp = pattern or LMS_FILENAMES.get(lms)
        if regexp is None:
            raise GradingError(f"Unknown LMS '{lms}'", hint=f"Use one of: {', '.join(LMS_FILENAMES)}.")
        source = Path(archive)
        if not source.exists():
            raise GradingError(f"The LMS download {source} does not exist")
        self._collect_zip(assignment, source, regexp)
        return sorted(set(self.submitted_students(assignment)) - before)

    def _collect_zip(self, assignment: str, source: Path, regexp: str) -> None:
        """Run nbgrader's zip_collect over ``downloaded/<assignment>/archive`` (nbgrader's layout)."""
        from nbgrader.apps.zipcollectapp import ZipCollectApp

        archive_dir = self.root / "downloaded" / assignment / "archive"
        archive_dir.mkdir(parents=True, exist_ok=True)
        files = sorted(source.glob("*.zip")) if source.is_dir() else [source]
        for item in files:
            shutil.copy(item, archive_dir / item.name)
        config = copy.deepcopy(self.config)
        config.ZipCollectApp.force = True
        config.FileNameCollectorPlugin.named_regexp = regexp
        app = ZipCollectApp(config=config)
        app.coursedir = self._coursedir(config)
        app.coursedir.assignment_id = assignment
        with self._lock():
            try:
                app.start()
            except SystemExit as stop:  # nbgrader's apps exit on errors
                if stop.code:
                    raise GradingError(f"nbgrader zip_collect failed for {source}",
                                       hint="Check that the file names match the LMS pattern.") from None

    # -- autograde -------------------------------------------------------------------------------
    def autograde(self, assignment: str, students: Iterable[str] | None = None, *,
                  jobs: int = 1) -> AutogradeOutcome:
        """Grade every submission of ``assignment`` (or only ``students``) with ``jobs`` workers.

        Broken submissions are graded as far as they can be and flagged with reasons; a report is
        written to ``reports/<assignment>-autograde.json``.
        """
        self._check_assignment(assignment)
        students = sorted(students) if students is not None else self.submitted_students(assignment)
        gradebook = self.gradebook_path
        if not gradebook.is_file():
            raise CourseError(f"No gradebook at {gradebook}", hint=f"Run 'searchcraft grade release "
                                                                   f"{assignment}' first.")
        expected = expected_notebooks(self.root / "release" / assignment)
        if not expected:
            raise CourseError(f"No released notebooks for {assignment} in {self.root / 'release'}",
                              hint=f"Run 'searchcraft grade release {assignment}' first.")
        issues = {s: diagnose_submission(s, self.root / "submitted" / s / assignment, expected)
                  for s in students}
        runnable = [s for s in students if not any(i.kind == "empty submission" for i in issues[s])]
        logs: dict[str, str] = {}
        bar = ProgressBar(len(students), f"Grading {assignment}", enabled=self.progress)
        staging = Path(tempfile.mkdtemp(prefix="sc-staging-", dir=scratch_folder()))
        try:
            for executed in execute_cohort(self.config, self.root, gradebook, assignment, runnable,
                                           staging, jobs=jobs):
                logs[executed.student] = executed.log
                if executed.success:
                    with self._lock():
                        merge_result(gradebook, self.root, assignment, executed, staging)
                else:
                    issues[executed.student].append(Issue(
                        executed.student, "", "not graded",
                        "nbgrader could not grade this submission: " + _last_line(executed.log),
                        zero=True))
                bar.advance(executed.student)
            for student in students:
                if student not in runnable:
                    bar.advance(student)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        outcome = self._outcome(assignment, students, issues, logs)
        reports = self.root / "reports"
        reports.mkdir(exist_ok=True)
        write_atomically(reports / f"{assignment}-autograde.json", outcome.to_json())
        return outcome

    def _outcome(self, assignment: str, students: list[str], issues: dict[str, list[Issue]],
                 logs: dict[str, str]) -> AutogradeOutcome:
        """Read the marks back from the gradebook, record every learner, and flag those with issues."""
        from nbgrader.api import Gradebook, MissingEntry

        results = []
        with self._lock(), Gradebook(f"sqlite:///{self.gradebook_path}") as gradebook:
            for student in students:
                found = list(issues[student]) + self._sandbox_issues(assignment, student)
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:  # nothing gradable: record a zero so the LMS export has a row
                    gradebook.update_or_create_student(student)
                    submission = gradebook.add_submission(assignment, student)
                if any(i.kind == "not graded" for i in found):  # no stale marks from an earlier run
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            grade.auto_score = 0
                            grade.needs_manual_grade = grade.manual_score is not None
                if found:
                    for notebook in submission.notebooks:
                        notebook.flagged = True
                    gradebook.db.commit()
                results.append(SubmissionResult(student, float(submission.score),
                                                float(submission.max_score), found, logs.get(student, "")))
        return AutogradeOutcome(assignment, results)

    def _sandbox_issues(self, assignment: str, student: str) -> list[Issue]:
        import nbformat

        out = []
        for notebook in sorted((self.root / "autograded" / student / assignment).glob("*.ipynb")):
            try:
                meta = nbformat.read(notebook, as_version=4).metadata.get(METADATA_KEY, {})
            except Exception:
                continue
            if meta.get("stopped"):
                out.append(Issue(student, notebook.stem, "stopped by the sandbox",
                                 f"Cells that had not finished earn no marks: {meta['stopped']}.",
                                 zero=True))
        return out

    # -- feedback ----------------------------------------------------------------------------------
    def feedback(self, assignment: str, students: Iterable[str] | None = None) -> list[Path]:
        """Write each learner's HTML feedback (``feedback/<learner>/<assignment>/``), hidden tests hidden."""
        from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
        from nbgrader.preprocessors import GetGrades

        self._check_assignment(assignment)
        config = copy.deepcopy(self.config)
        config.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
        api = self._api(config)
        wanted = list(students) if students is not None else [
            p.name for p in (self.root / "autograded").iterdir() if (p / assignment).is_dir()
        ] if (self.root / "autograded").is_dir() else []
        bar = ProgressBar(len(wanted), f"Feedback {assignment}", enabled=self.progress)
        written: list[Path] = []
        for student in sorted(wanted):
            with self._lock():
                result = api.generate_feedback(assignment, student, force=True)
            if not result.get("success"):
                raise GradingError(f"nbgrader could not write feedback for {student}: {_last_error(result)}")
            for page in (self.root / "feedback" / student / assignment).glob("*.html"):
                if "BEGIN HIDDEN TESTS" in page.read_text(encoding="utf-8"):
                    raise GradingError(f"Hidden tests leaked into {page}")
                written.append(page)
            bar.advance(student)
        return written


    # -- export and report -----------------------------------------------------------------------
    def export(self, path: str | Path, assignments: Iterable[str] | None = None, *,
               lms: str = "moodle") -> Path:
        """Write every learner's grades as CSV for the ``lms`` gradebook import ("moodle", "canvas")."""
        from .export import gradebook_rows, write_grades_csv

        names = list(assignments) if assignments is not None else self.assignments()
        learners, maxima = gradebook_rows(self.gradebook_path, names)
        return write_grades_csv(learners, maxima, Path(path), lms=lms)

    def report(self, assignment: str, path: str | Path) -> Path:
        """Write the tutor's HTML report (distributions, item difficulty, recall and precision)."""
        from .report import write_report

        self._check_assignment(assignment)
        return write_report(self.root, self.gradebook_path, assignment, Path(path))


def _put_tools_on_path() -> None:
    """nbgrader runs ``alembic`` from PATH when it creates a gradebook: use this Python's copy."""
    import os
    import sys

    folder = str(Path(sys.executable).parent)
    if folder not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = folder + os.pathsep + os.environ.get("PATH", "")


def _last_line(log: str) -> str:
    lines = [line for line in log.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    return (errors or lines or ["unknown error"])[-1][:300]


def _last_error(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip().splitlines()
    return text[-1][:300] if text else "unknown error"


__all__ = ["Course", "CourseError", "AutogradeOutcome", "SubmissionResult", "LMS_FILENAMES",
           "find_course", "load_course_config", "HIDDEN_NOTE"]
