"""Grade a cohort in parallel while only one process ever writes the course's gradebook.

Why this design: nbgrader's gradebook is one SQLite file and nbgrader was not written for several
processes writing it at once ("database is locked", lost updates). So:

1. **Grade (parallel).** ``jobs`` worker processes each hold a private copy of the course (config,
   ``source/<assignment>``, a snapshot of the gradebook). A worker runs real ``nbgrader autograde``
   for one learner there, with the sandboxed execute step, and reports nbgrader's results: the
   autograded folder (copied to a staging folder) and the automatic scores and comments nbgrader
   saved in the private gradebook, as plain data. Workers never touch the course's gradebook.
2. **Merge (one writer).** As each learner finishes, the main process, holding the course's
   gradebook lock (:mod:`searchcraft.grading.lock`), copies those automatic scores, comments and
   late penalties into the course gradebook through nbgrader's own API (keeping any manual marks a
   tutor already gave, as nbgrader does) and moves the autograded folder into place. Merging is
   cheap, so the single writer never holds up the workers.

Example::

    for result in execute_cohort(config, course, gradebook, "week-1", ["ana", "ben"], staging, jobs=2):
        merge_result(gradebook, course, "week-1", result, staging)
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config import Config


@dataclass
class ExecutionResult:
    """What one worker reports for one learner: nbgrader's log and the automatic results saved.

    ``saved`` is ``{"timestamp": ..., "notebooks": {name: {"late_penalty": ...,
    "grades": {grade id: auto score}, "comments": {grade id: auto comment}}}}`` (empty on failure).
    """

    student: str
    success: bool
    log: str
    saved: dict = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


_worker: dict = {}


def _start_worker(course_config: Config, course_root: str, gradebook_path: str, assignment: str,
                  staging: str, scratch: str, counter, times: dict) -> None:
    """Make this worker's private copy of the course (runs once per worker process)."""
    with counter.get_lock():
        counter.value += 1
        os.environ["SEARCHCRAFT_WORKER"] = str(counter.value)
    private = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
    root = Path(course_root)
    for name in ("nbgrader_config.py",):
        if (root / name).is_file():
            shutil.copy2(root / name, private / name)
    shutil.copytree(root / "source" / assignment, private / "source" / assignment)
    snapshot_gradebook(Path(gradebook_path), private / "gradebook.db")

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from .execute import sandboxed_steps

    config = copy.deepcopy(course_config)
    config.CourseDirectory.root = str(private)
    config.CourseDirectory.db_url = f"sqlite:///{private / 'gradebook.db'}"
    config.Autograde.autograde_preprocessors = sandboxed_steps(config)
    config.SandboxedKernelManager.protected_paths = [course_root, gradebook_path, staging]
    coursedir = CourseDirectory(config=config)
    os.environ["SEARCHCRAFT_SANDBOX_SCRATCH"] = scratch
    _worker.update(private=private, api=NbGraderAPI(coursedir=coursedir, config=config),
                   root=root, assignment=assignment, staging=Path(staging), times=times)


def _execute_one(student: str) -> ExecutionResult:
    from .safe_copy import UNCAPPED, copy_regular_files, remove_tree, replace_folder

    private: Path = _worker["private"]
    assignment: str = _worker["assignment"]
    submitted = private / "submitted" / student / assignment
    autograded = private / "autograded" / student / assignment
    for folder in (submitted.parent, autograded.parent):
        remove_tree(folder)
    submitted.parent.mkdir(parents=True)
    # Regular files only (a learner's link to /etc/shadow is not followed), and never the
    # learner's own timestamp.txt: the submission time is the one the collect step recorded.
    refused = [f"submitted {r}" for r in copy_regular_files(
        _worker["root"] / "submitted" / student / assignment, submitted, skip=("timestamp.txt",))]
    collected = _worker["times"].get(student)
    if collected:
        (submitted / "timestamp.txt").write_text(collected, encoding="utf-8")
    try:
        result = _worker["api"].autograde(assignment, student, force=True, create=True)
    except Exception as error:  # nbgrader should catch its own errors; never lose the batch
        return ExecutionResult(student, False, f"{type(error).__name__}: {error}", refused=refused)
    log = result.get("log", "") + ("\n" + result["error"] if result.get("error") else "")
    saved = {}
    if result.get("success") and autograded.is_dir():
        target = _worker["staging"] / student / assignment
        refused += [f"autograded {r}" for r in replace_folder(autograded, target, limits=UNCAPPED)]
        saved = _saved_results(private / "gradebook.db", assignment, student)
    for folder in (submitted.parent, autograded.parent):
        remove_tree(folder)
    return ExecutionResult(student, bool(result.get("success")) and bool(saved), log, saved, refused)


def _saved_results(gradebook: Path, assignment: str, student: str) -> dict:
    """The automatic results nbgrader saved for one learner, as plain data."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{gradebook}") as book:
        submission = book.find_submission(assignment, student)
        return {"timestamp": submission.timestamp, "notebooks": {
            notebook.name: {
                "late_penalty": notebook.late_submission_penalty,
                "grades": {g.name: g.auto_score for g in notebook.grades},
                "comments": {c.name: c.auto_comment for c in notebook.comments},
            } for notebook in submission.notebooks}}


def merge_result(gradebook: Path, course_root: Path, assignment: str, result: ExecutionResult,
                 staging: Path) -> None:
    """Write one worker's results into the course: gradebook rows, then the autograded folder.

    The caller holds the gradebook lock. Manual marks already given are kept, and a grade with a
    manual mark still needs the tutor's look, exactly as nbgrader's ``SaveAutoGrades`` decides.
    """
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{gradebook}") as book:
        book.update_or_create_student(result.student)
        submission = book.update_or_create_submission(assignment, result.student,
                                                      timestamp=result.saved.get("timestamp"))
        for notebook in submission.notebooks:
            saved = result.saved["notebooks"].get(notebook.name, {})
            notebook.late_submission_penalty = saved.get("late_penalty")
            for grade in notebook.grades:
                grade.auto_score = saved.get("grades", {}).get(grade.name)
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            for comment in notebook.comments:
                comment.auto_comment = saved.get("comments", {}).get(comment.name)
        book.db.commit()
    from .safe_copy import UNCAPPED, replace_folder

    target = course_root / "autograded" / result.student / assignment
    staged = staging / result.student / assignment
    result.refused += [f"autograded {r}" for r in replace_folder(staged, target, limits=UNCAPPED)]


def scratch_folder() -> str | None:
    """Where workers keep their private course copies: memory (``/dev/shm``) when available.

    The private gradebook is committed after every graded cell; on a tmpfs those commits cost
    nothing, on a disk each is an fsync. Nothing there outlives the run.
    """
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def snapshot_gradebook(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite gradebook, even while another process writes it."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)


def execute_cohort(course_config: Config, course_root: Path, gradebook_path: Path, assignment: str,
                   students: list[str], staging: Path, *, jobs: int = 2,
                   times: dict | None = None) -> Iterator[ExecutionResult]:
    """Execute every learner's notebooks; yield each result as soon as it is ready."""
    # fork: workers inherit the imported nbgrader (fast) and never re-run the tutor's script.
    context = multiprocessing.get_context("fork")
    from .sandbox import practice_database, sandbox_enabled

    if sandbox_enabled():
        practice_database()  # build once here; forked workers inherit the answer
    counter = context.Value("i", 0)
    scratch = tempfile.mkdtemp(prefix="sc-grading-", dir=scratch_folder())
    try:
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context,
                                 initializer=_start_worker,
                                 initargs=(course_config, str(course_root), str(gradebook_path),
                                           assignment, str(staging), scratch, counter, dict(times or {}))) as pool:
            futures: dict[Future, str] = {pool.submit(_execute_one, s): s for s in students}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # a worker process died: report it, keep the batch going
                    yield ExecutionResult(futures[future], False, f"grading worker failed: {error}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
