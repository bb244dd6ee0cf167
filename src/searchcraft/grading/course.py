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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CourseError, GradingError
from ..files import write_atomically
from ..progress import ProgressLine
from .diagnose import Issue, diagnose_submission, expected_notebooks
from .execute import METADATA_KEY
from .feedback import HIDDEN_NOTE, HideHiddenTests, clean_returned_files, hidden_texts
from .lms_download import LMS_FILENAMES
from .lock import GradebookLock
from .parallel import execute_cohort, merge_result, scratch_folder
from .repair import with_repairs

CONFIG_FILE = "nbgrader_config.py"


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
                pattern: str | None = None, class_list: str | Path | None = None) -> list[str]:
        """Gather submissions into ``submitted/``: from nbgrader's exchange, or from LMS downloads.

        ``archive`` is a zip file (or a folder of them) downloaded from the LMS; learners are told
        apart by the LMS's file names (``lms`` = "canvas" or "moodle", or your own ``pattern``, a
        regular expression with ``student_id`` and ``file_id`` groups). Moodle's participant
        numbers are mapped to email addresses through ``class_list`` (the assignment's grading
        worksheet). A later download of the same assignment is merged: each learner's newest copy
        wins and :attr:`collect_notes` says which copies were replaced. Returns the learners found.

        Submission times are recorded here (``collected/<assignment>.json``), from nbgrader's
        exchange; a ``timestamp.txt`` inside a learner's own files is never used.
        """
        self._check_assignment(assignment)
        self.collect_notes: list[str] = []
        if archive is None:
            before = {s: _submission_digest(self.root / "submitted" / s / assignment)
                      for s in self.submitted_students(assignment)}
            with self._lock():
                self._check(self._api().collect(assignment), f"collect {assignment}")
            changed = [s for s in self.submitted_students(assignment)
                       if before.get(s) != _submission_digest(self.root / "submitted" / s / assignment)]
            times = {}
            for student in changed:
                stamp = self.root / "submitted" / student / assignment / "timestamp.txt"
                if stamp.is_file() and not stamp.is_symlink():
                    times[student] = stamp.read_text(encoding="utf-8", errors="replace").strip()[:64]
            self._record_collected(assignment, changed, times)
            return sorted(set(changed) - set(before))
        regexp = pattern or LMS_FILENAMES.get(lms)
        if regexp is None:
            raise GradingError(f"Unknown LMS '{lms}'", hint=f"Use one of: {', '.join(LMS_FILENAMES)}.")
        source = Path(archive)
        if not source.exists():
            raise GradingError(f"The LMS download {source} does not exist",
                               hint="Give the path of the zip file downloaded from the LMS.")
        return self._collect_zip(assignment, source, regexp, lms, class_list)

    def _collect_zip(self, assignment: str, source: Path, regexp: str, lms: str,
                     class_list: str | Path | None) -> list[str]:
        """Merge LMS downloads into ``submitted/``: every download kept so far, then this one."""
        from .lms_download import moodle_participants, read_downloads

        participants = None
        early_notes = []
        if lms == "moodle" and class_list is not None:
            participants = moodle_participants(Path(class_list))
        elif lms == "moodle" and pattern_is_moodle(regexp):
            early_notes.append("No --class-list: learners are named by Moodle's participant numbers, "
                               "which differ in every assignment; pass the grading worksheet to name "
                               "them by email address")
        archive_dir = self.root / "downloaded" / assignment / "archive"
        archive_dir.mkdir(parents=True, exist_ok=True)
        new = sorted(source.glob("*.zip")) if source.is_dir() else [source]
        kept = sorted(archive_dir.glob("*.zip"), key=lambda p: (p.stat().st_mtime, p.name))
        copies: list[Path] = []
        for item in new:
            target = archive_dir / item.name
            if target.exists() and target.read_bytes() != item.read_bytes():
                target = archive_dir / f"{item.stem}-{len(kept) + len(copies) + 1}{item.suffix}"
            if target.resolve() != item.resolve():
                shutil.copyfile(item, target)
            copies.append(target)
        archives = [p for p in kept if p not in copies] + copies
        files, notes = read_downloads(archives, regexp, participants=participants)
        notes[:0] = early_notes
        self.collect_notes = notes
        before = set(self.submitted_students(assignment))
        changed = []
        with self._lock():
            for download in files:
                folder = self.root / "submitted" / download.student / assignment
                if not _safe_name(download.student) or not _safe_name(download.file_id):
                    notes.append(f"{download.student}/{download.file_id}: not a usable name; skipped")
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{download.file_id}.ipynb"
                if path.is_file() and not path.is_symlink() and path.read_bytes() == download.data:
                    continue
                write_atomically(path, download.data)
                changed.append(download.student)
            self._remember_lms_ids({f.student: f.lms_user_id for f in files if f.lms_user_id})
        self._record_collected(assignment, sorted(set(changed)), {})
        return sorted({f.student for f in files} - before)

    def _remember_lms_ids(self, ids: dict[str, str]) -> None:
        """Keep each learner's LMS user id (Canvas) in the gradebook, for the export."""
        if not ids or not self.gradebook_path.is_file():
            return
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.gradebook_path}") as book:
            for student, lms_id in ids.items():
                book.update_or_create_student(student, lms_user_id=lms_id)

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
        bar = ProgressLine(f"Grading {assignment}", total=len(students), enabled=self.progress)
        staging = Path(tempfile.mkdtemp(prefix="sc-staging-", dir=scratch_folder()))
        try:
            for executed in execute_cohort(self.config, self.root, gradebook, assignment, runnable,
                                           staging, jobs=jobs, times=self.collected_times(assignment)):
                logs[executed.student] = executed.log
                if executed.success:
                    with self._lock():
                        merge_result(gradebook, self.root, assignment, executed, staging)
                else:
                    issues[executed.student].append(Issue(
                        executed.student, "", "not graded",
                        "nbgrader could not grade this submission: " + _last_line(executed.log),
                        zero=True))
                if executed.refused:
                    issues[executed.student].append(Issue(
                        executed.student, "", "refused file",
                        "Not copied (only regular files are): " + "; ".join(executed.refused[:10])
                        + (f" and {len(executed.refused) - 10} more" if len(executed.refused) > 10 else "")))
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
            for entry in meta.get("guard", []):
                out.append(Issue(student, notebook.stem, "grader state changed",
                                 f"Before test cell '{entry.get('cell')}' the notebook had changed: "
                                 + ", ".join(map(str, entry.get("changed", [])))
                                 + " (put back before the test ran)."))
            for entry in meta.get("converted", []):
                out.append(Issue(student, notebook.stem, "converted cell",
                                 f"The cell '{entry.get('cell')}' was changed ("
                                 + "; ".join(map(str, entry.get("changed", [])))
                                 + "); its original was put back and graded, the rest as usual."))
            if meta.get("refused"):
                out.append(Issue(student, notebook.stem, "refused file",
                                 "Files the notebook made that were not kept (only regular files "
                                 "within the limits are): " + "; ".join(map(str, meta["refused"][:10]))))
        return out

    # -- submission times ------------------------------------------------------------------------
    def _times_path(self, assignment: str) -> Path:
        return self.root / "collected" / f"{assignment}.json"

    def collected_times(self, assignment: str) -> dict[str, str]:
        """``{learner: submission time}`` as recorded by the collect step (never a learner's file)."""
        path = self._times_path(assignment)
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return {student: entry["time"] for student, entry in data.items() if entry.get("time")}

    def _record_collected(self, assignment: str, students: Iterable[str],
                          times: dict[str, str] | None = None) -> None:
        """Remember when each learner's submission was collected (or the LMS's own time)."""
        import datetime

        path = self._times_path(assignment)
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
        for student in students:
            data[student] = {"time": (times or {}).get(student) or now}
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, json.dumps(data, indent=2, sort_keys=True))

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
        bar = ProgressLine(f"Feedback {assignment}", total=len(wanted), enabled=self.progress)
        written: list[Path] = []
        self.feedback_notes: list[str] = []
        for student in sorted(wanted):
            with self._lock():
                result = api.generate_feedback(assignment, student, force=True)
            if not result.get("success"):  # report it and go on with the others
                self.feedback_notes.append(f"{student}: no feedback written ({_last_error(result)})")
                bar.advance(student)
                continue
            folder = self.root / "feedback" / student / assignment
            secrets = self._hidden_texts(assignment)
            self.feedback_notes += [f"{student}: {note}" for note in
                                    clean_returned_files(folder, secrets)]
            written += sorted(folder.glob("*.html"))
            bar.advance(student)
        return written

    def _hidden_texts(self, assignment: str) -> list[str]:
        """Every hidden-test text of the assignment's source notebooks (never to be returned)."""
        import nbformat

        texts: set[str] = set()
        for notebook in sorted((self.root / "source" / assignment).glob("*.ipynb")):
            texts.update(hidden_texts(nbformat.read(notebook, as_version=4)))
        return sorted(texts, key=len, reverse=True)

    # -- export and report -----------------------------------------------------------------------
    def export(self, path: str | Path, assignments: Iterable[str] | None = None, *,
               lms: str = "moodle", class_list: str | Path | None = None) -> Path:
        """Write every learner's grades as CSV for the ``lms`` gradebook import ("moodle", "canvas").

        Without ``assignments``, every assignment in the gradebook (released) is exported and the
        unreleased ones are listed in :attr:`export_notes`. ``class_list`` is the LMS's own
        export (Canvas gradebook CSV or Moodle grading worksheet) giving each learner's LMS
        identity and, for Canvas, each assignment's id.
        """
        from .export import apply_class_list, gradebook_rows, write_grades_csv
        from .lms_download import read_class_list

        self.export_notes: list[str] = []
        if assignments is not None:
            names = list(assignments)
        else:
            released = self._released_assignments()
            names = [a for a in self.assignments() if a in released]
            skipped = [a for a in self.assignments() if a not in released]
            if skipped:
                self.export_notes.append("Not released, so not exported: " + ", ".join(skipped))
            if not names:
                raise GradingError("No released assignment to export",
                                   hint="Release and autograde an assignment first.")
        learners, maxima = gradebook_rows(self.gradebook_path, names)
        ids: dict[str, str] = {}
        if class_list is not None:
            ids = apply_class_list(learners, read_class_list(Path(class_list)), names)
        if lms == "canvas":
            missing = [n for n in names if n not in ids]
            if missing:
                self.export_notes.append(
                    "No Canvas assignment id for " + ", ".join(missing) + ": Canvas will create new "
                    "assignments unless you pass its gradebook export with --class-list.")
        return write_grades_csv(learners, maxima, Path(path), lms=lms, assignment_ids=ids)

    def _released_assignments(self) -> set[str]:
        if not self.gradebook_path.is_file():
            return set()
        from nbgrader.api import Gradebook

        with self._lock(), Gradebook(f"sqlite:///{self.gradebook_path}") as book:
            return {a.name for a in book.assignments}

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


def _submission_digest(folder: Path) -> str:
    """A fingerprint of a submission's notebooks (to see which learners a collect changed)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def pattern_is_moodle(regexp: str) -> bool:
    return regexp == LMS_FILENAMES["moodle"]


def _safe_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\0" not in name


def _last_line(log: str) -> str:
    lines = [line for line in log.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    return (errors or lines or ["unknown error"])[-1][:300]


def _last_error(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip().splitlines()
    return text[-1][:300] if text else "unknown error"


__all__ = ["Course", "CourseError", "AutogradeOutcome", "SubmissionResult", "LMS_FILENAMES",
           "find_course", "load_course_config", "HIDDEN_NOTE"]
