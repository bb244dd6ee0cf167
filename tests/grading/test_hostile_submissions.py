"""A batch of hostile and broken submissions, graded once with real nbgrader in the sandbox.

Each attack gets a clear outcome (no marks, or flagged with a reason), honest learners in the same
batch keep their full marks, and the course files and gradebook are intact afterwards.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import nbformat
import pytest

from support import REPO, require, require_executable

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENTS = sorted(p.name for p in (REPO / "assessments" / "source").iterdir() if p.is_dir())
# The batch attacks one assignment; the quickest to run is preferred, any other works.
ASSIGNMENT = "search-05-boolean-logic" if "search-05-boolean-logic" in ASSIGNMENTS else ASSIGNMENTS[0]
EXPECTED_OUTPUTS = {"autograded", "feedback", "reports", "gradebook.db", "gradebook.db.lock"}
TEST_LIMITS = """
from searchcraft.grading.sandbox import use_sandbox
use_sandbox(c, cpu_seconds=10, memory_bytes=1024**3, processes=64, notebook_seconds=90,
            output_bytes=1_000_000)
c.Execute.timeout = 30
"""


def copy_course(target: Path) -> Path:
    shutil.copytree(REPO / "assessments", target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("release", "submitted", "autograded", "feedback",
                                                  "reports", "gradebook.db*", ".ipynb_checkpoints"))
    with open(target / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(TEST_LIMITS)
    return target


def course_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file in the course except what grading is expected to write."""
    out = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in EXPECTED_OUTPUTS:
            out[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def with_attack(release, code: str):
    """The released notebook (no answers) with ``code`` as the first answer."""
    from searchcraft.grading.cohort import solution_ids

    nb = copy.deepcopy(release)
    first = solution_ids(nb)[0]
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == first:
            cell.source = code
    return nb


def guarded(action: str) -> str:
    """Code that reports whether ``action`` (indented Python) worked, without stopping the kernel."""
    body = "\n".join("    " + line for line in action.strip().splitlines())
    return (f"try:\n{body}\n    print('ATTACK-SUCCEEDED')\n"
            f"except BaseException as error:\n    print('ATTACK-BLOCKED', type(error).__name__, error)\n")


class CountingServer:
    """A TCP server on 127.0.0.1 that counts connections, to prove none arrive from the sandbox."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def server():
    running = CountingServer()
    yield running
    running.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory, server):
    """Release the assignment, write honest and hostile submissions, autograde them all at once."""
    require_executable("nbgrader")
    require(shutil.which("bwrap") is not None, "bubblewrap (the 'bwrap' command)")
    from searchcraft.grading import Course
    from searchcraft.grading.cohort import answered_notebook, read_assignment, write_submission

    root = copy_course(tmp_path_factory.mktemp("hostile") / "course")
    course = Course(root)
    course.release(ASSIGNMENT)
    (name, (source, release)), = list(read_assignment(root, ASSIGNMENT).items())[:1]
    solved = answered_notebook(source, release)
    gradebook = root / "gradebook.db"
    source_path = root / "source" / ASSIGNMENT / f"{name}.ipynb"
    other = root / "submitted" / "honest-1" / ASSIGNMENT / f"{name}.ipynb"
    steal = ("import json\nnb = json.load(open({path!r}))\n"
             "exec('\\n'.join(''.join(c['source']) for c in nb['cells'] "
             "if c['metadata'].get('nbgrader', {{}}).get('solution')), globals())")
    attacks = {
        "infinite-loop": "while True:\n    pass",
        "fork-bomb": "import os\nwhile True:\n    os.fork()",
        "memory-hog": guarded("hog = []\nwhile True:\n    hog.append(bytearray(50 * 1024**2))"),
        "output-flood": "for _ in range(1_000_000):\n    print('x' * 1000)",
        "read-solution": guarded(steal.format(path=str(source_path))),
        "read-gradebook": guarded(f"print(len(open({str(gradebook)!r}, 'rb').read()))"),
        "read-other-learner": guarded(steal.format(path=str(other))),
        "network": guarded(f"import socket\nsocket.create_connection(('127.0.0.1', {server.port}), timeout=2)"),
        "delete-files": guarded(f"import shutil\nshutil.rmtree({str(root)!r})"),
        "fake-pass": "print('All tests passed!')\nprint('Score: 100%  ✓ q1-tests  ✓ q2-tests')",
        "kernel-exit": "import os\nos._exit(0)",
    }
    for student, code in attacks.items():
        write_submission(root, student, ASSIGNMENT, {name: with_attack(release, code)})
    for student in ("honest-1", "honest-2"):
        write_submission(root, student, ASSIGNMENT, {name: solved})

    edited_tests = copy.deepcopy(release)
    for cell in edited_tests.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "pass  # the learner replaced the test"
    write_submission(root, "edited-test", ASSIGNMENT, {name: edited_tests})
    checksum = copy.deepcopy(release)
    for cell in checksum.cells:
        if cell.metadata.get("nbgrader", {}).get("checksum"):
            cell.metadata["nbgrader"]["checksum"] = "0" * 32
    write_submission(root, "edited-checksum", ASSIGNMENT, {name: checksum})
    graded_ids = [c.metadata["nbgrader"]["grade_id"] for c in solved.cells
                  if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    deleted = copy.deepcopy(solved)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != graded_ids[0]]
    write_submission(root, "deleted-cell", ASSIGNMENT, {name: deleted})
    duplicated = copy.deepcopy(solved)
    index = next(i for i, c in enumerate(duplicated.cells)
                 if c.metadata.get("nbgrader", {}).get("grade_id") == graded_ids[0])
    duplicated.cells.insert(index, copy.deepcopy(duplicated.cells[index]))
    write_submission(root, "duplicated-cell", ASSIGNMENT, {name: duplicated})
    renamed_id = copy.deepcopy(solved)
    renamed_id.cells[index].metadata["nbgrader"]["grade_id"] = "my-own-id"
    write_submission(root, "changed-id", ASSIGNMENT, {name: renamed_id})
    write_submission(root, "invalid-json", ASSIGNMENT, {name: '{"cells": [ this is not json'})
    write_submission(root, "renamed", ASSIGNMENT, {"my work": solved})
    (root / "submitted" / "empty" / ASSIGNMENT).mkdir(parents=True)

    with sqlite3.connect(gradebook) as db:
        cells_before = db.execute("SELECT name, checksum, source FROM source_cell ORDER BY name").fetchall()
    before = course_hashes(root)
    started = time.monotonic()
    outcome = course.autograde(ASSIGNMENT, jobs=2)
    elapsed = time.monotonic() - started
    return {"root": root, "course": course, "outcome": outcome, "before": before, "name": name,
            "cells_before": cells_before, "elapsed": elapsed, "graded_ids": graded_ids,
            "full": outcome.result("honest-1").score}


def executed_text(batch, student: str) -> str:
    """Everything the learner's notebook printed (outputs only, not the code)."""
    path = batch["root"] / "autograded" / student / ASSIGNMENT / f"{batch['name']}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])


def test_honest_learners_in_the_same_batch_earn_every_automatic_mark(batch):
    for student in ("honest-1", "honest-2"):
        result = batch["outcome"].result(student)
        assert result.score > 0 and result.score == batch["full"]
        assert not result.issues


@pytest.mark.parametrize("student", ["infinite-loop", "fork-bomb", "memory-hog", "output-flood",
                                     "read-solution", "read-gradebook", "read-other-learner", "network",
                                     "delete-files", "fake-pass", "kernel-exit", "edited-test",
                                     "edited-checksum", "invalid-json", "renamed", "empty"])
def test_each_hostile_or_broken_submission_earns_no_marks(batch, student):
    assert batch["outcome"].result(student).score == 0


@pytest.mark.parametrize("student", ["read-solution", "read-gradebook", "read-other-learner",
                                     "network", "delete-files", "memory-hog"])
def test_the_sandbox_blocks_the_attack_inside_the_kernel(batch, student):
    text = executed_text(batch, student)
    assert "ATTACK-BLOCKED" in text
    assert "ATTACK-SUCCEEDED" not in text


def test_no_connection_reaches_the_host_from_a_learner_notebook(batch, server):
    assert server.connections == 0


@pytest.mark.parametrize("student, reason", [
    ("output-flood", "bytes of output"),
    ("kernel-exit", "kernel stopped"),
])
def test_a_notebook_stopped_by_the_sandbox_is_flagged_with_the_reason(batch, student, reason):
    issues = batch["outcome"].result(student).issues
    assert any(i.kind == "stopped by the sandbox" and reason in i.message for i in issues), issues


def test_an_infinite_loop_is_stopped_by_the_time_limit(batch):
    text = executed_text(batch, "infinite-loop")
    assert "Timeout" in text or "KeyboardInterrupt" in text or "SandboxStopped" in text


def test_a_fork_bomb_leaves_no_process_behind(batch):
    from searchcraft.grading.sandbox import SANDBOX_UID_BASE

    left = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid_line = next(l for l in status.read_text().splitlines() if l.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if SANDBOX_UID_BASE <= int(uid_line.split()[1]) < SANDBOX_UID_BASE + 100:
            left.append(status.parent.name)
    assert left == []


@pytest.mark.parametrize("student, kind", [
    ("edited-test", "edited read-only cell"),
    ("edited-checksum", "checksum changed"),
    ("deleted-cell", "deleted grade cell"),
    ("duplicated-cell", "duplicated cell"),
    ("changed-id", "changed cell id"),
    ("invalid-json", "invalid notebook"),
    ("renamed", "renamed notebook"),
    ("empty", "empty submission"),
])
def test_broken_submissions_are_flagged_for_the_tutor_with_the_reason(batch, student, kind):
    issues = batch["outcome"].result(student).issues
    assert any(issue.kind == kind for issue in issues), issues


def test_a_deleted_grade_cell_costs_only_its_own_marks(batch):
    result = batch["outcome"].result("deleted-cell")
    assert 0 < result.score < batch["full"]


def test_a_duplicated_grade_cell_is_graded_once(batch):
    assert batch["outcome"].result("duplicated-cell").score == batch["full"]


def test_course_files_are_intact_after_the_batch(batch):
    assert course_hashes(batch["root"]) == batch["before"]


def test_gradebook_is_intact_with_one_submission_per_learner(batch):
    gradebook = batch["root"] / "gradebook.db"
    with sqlite3.connect(gradebook) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cells = db.execute("SELECT name, checksum, source FROM source_cell ORDER BY name").fetchall()
        per_student = dict(db.execute(
            "SELECT student.id, COUNT(*) FROM submitted_assignment JOIN student "
            "ON submitted_assignment.student_id = student.id GROUP BY student.id").fetchall())
    assert cells == batch["cells_before"]
    submitted = {p.name for p in (batch["root"] / "submitted").iterdir()}
    assert per_student == {student: 1 for student in submitted}


def test_the_tutor_report_lists_every_learner_and_is_saved(batch):
    report = json.loads((batch["root"] / "reports" / f"{ASSIGNMENT}-autograde.json").read_text())
    assert {r["student"] for r in report["results"]} == {
        p.name for p in (batch["root"] / "submitted").iterdir()}
    assert "flagged for the tutor" in batch["outcome"].summary()


def test_feedback_never_shows_hidden_tests(batch):
    import html
    import re

    pages = batch["course"].feedback(ASSIGNMENT, ["honest-1", "infinite-loop", "edited-test"])
    source = nbformat.read(batch["root"] / "source" / ASSIGNMENT / f"{batch['name']}.ipynb", as_version=4)
    hidden = []
    for cell in source.cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                hidden.append(line.strip())
    assert hidden, "the assignment should have hidden tests for this test to mean anything"
    assert len(pages) == 3
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        assert "BEGIN HIDDEN TESTS" not in text
        for line in hidden:
            assert line not in text, f"{page.name} shows the hidden test line {line!r}"
