"""A batch of hostile and broken submissions, graded once with real nbgrader in the sandbox.

Each attack gets a clear outcome (no marks, or flagged with a reason), honest learners in the same
batch keep their full marks, and the course files and gradebook are intact afterwards.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import tempfile
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
from searchcraft.grading import use_sandbox
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


def with_attack(release, code: str, position: int = 0):
    """The released notebook (no answers) with ``code`` as an answer (the first by default)."""
    from searchcraft.grading.cohort import solution_ids

    nb = copy.deepcopy(release)
    first = solution_ids(nb)[position]
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
    from searchcraft.grading.cohort import answered_notebook, read_assignment, solution_ids, write_submission

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

    # Files outside the course a learner must never read or change.
    outside = root.parent / "outside"
    outside.mkdir()
    canaries = {"public": outside / "public.txt", "secret": outside / "tutor-only.txt"}
    canaries["public"].write_text("CANARY-PUBLIC\n")
    canaries["secret"].write_text("CANARY-SECRET\n")
    canaries["secret"].chmod(0o600)
    host_tmp = Path(tempfile.mkdtemp(prefix="sc-host-")) / "host-canary.txt"
    host_tmp.write_text("CANARY-HOST-TMP\n")
    canaries["host-tmp"] = host_tmp
    links = {"public.txt": canaries["public"], "tutor-only.txt": canaries["secret"],
             "gradebook.db": gradebook, f"{name}.ipynb": canaries["public"],
             "timestamp.txt": canaries["public"], "other.ipynb.txt": other, "zero.txt": "/dev/zero",
             "outside-dir": outside}
    link_code = "import os\n" + "".join(f"os.symlink({str(t)!r}, {n!r})\n" for n, t in links.items()) \
        + "os.mkfifo('pipe.txt')\nos.link('answer.txt', 'hard.txt') if False else None\n" \
        + "open('kept.txt', 'w').write('regular file kept')\n"
    write_submission(root, "link-attack", ASSIGNMENT, {name: with_attack(release, link_code)})
    os.environ["SEARCHCRAFT_TUTOR_SECRET"] = "TUTOR-ENV-SECRET-123"
    forgeries = {
        "forge-input-transformer": "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])",
        "forge-post-transformer": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
        "forge-ast-transformer": (
            "import ast\nclass Drop(ast.NodeTransformer):\n"
            "    def visit_Module(self, node):\n        return ast.Module(body=[ast.Pass()], type_ignores=[])\n"
            "get_ipython().ast_transformers.append(Drop())"),
        "forge-custom-exc": ("get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                             "import ipykernel.ipkernel as k\n_orig = k.IPythonKernel.do_execute\n"
                             "async def quiet(self, *a, **kw):\n    r = await _orig(self, *a, **kw)\n"
                             "    return {**r, 'status': 'ok'}\nk.IPythonKernel.do_execute = quiet"),
        "forge-display-hook": (
            "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
            "ip.events.register('post_run_cell', lambda result: ip.displayhook(1000.0))\n"
            "import sys\nsys.excepthook = lambda *a: None"),
        "forge-builtins": (
            "import builtins, types\nreal = builtins.__import__\nfake = types.ModuleType('fake')\n"
            "class M:\n    marks = 4.0\n    feedback = 'ok'\n"
            "fake.mark_strategy = lambda *a, **k: M()\n"
            "def imp(name, *a, **k):\n"
            "    return fake if name == 'searchcraft.practice.exercise' else real(name, *a, **k)\n"
            "builtins.__import__ = imp\n"
            "builtins.print = lambda *a, **k: None\nstrategy = 'nothing'"),
        "forge-setup-data": ("falls = exercise = older_adults = set()\n"
                             "falls_and_exercise = falls_or_older = falls_not_exercise = set()"),
        "forge-patched-library": (
            "import searchcraft.practice.exercise as e\n"
            "class M:\n    marks = 4.0\n    feedback = 'ok'\n"
            "e.mark_strategy = lambda *a, **k: M()\nstrategy = 'nothing'"),
        "forge-thread": ("import threading, time\n"
                         "threading.Thread(target=lambda: time.sleep(60), daemon=True).start()"),
    }
    for student, code in forgeries.items():
        write_submission(root, student, ASSIGNMENT, {name: with_attack(release, code)})
    # What a learner could read while the kernel runs (printed first what is short, so nbgrader's
    # output limit never cuts it off).
    snoop = ("import linecache, os, sys, glob\n"
             "print('FILES', sorted(glob.glob('**', recursive=True)))\n"
             "fds = [os.readlink(f'/proc/self/fd/{n}') for n in os.listdir('/proc/self/fd')\n"
             "       if os.path.exists(f'/proc/self/fd/{n}')]\n"
             "print('FD', os.readlink('/proc/self/fd/0'), any('pts' in f or 'tty' in f for f in fds),\n"
             "      os.isatty(0) or os.isatty(1) or os.isatty(2))\n"
             "print('TMP', os.path.exists(" + repr(str(host_tmp)) + "))\n"
             "try:\n    for n in range(4):\n        open(f'/tmp/big{n}', 'wb').write(b'x' * 40 * 1024**2)\n"
             "    print('TMPFS' + '-UNBOUNDED')\n"
             "except OSError as error:\n    print('TMPFS' + '-FULL', error.errno)\n"
             "for n in range(4):\n    os.path.exists(f'/tmp/big{n}') and os.remove(f'/tmp/big{n}')\n"
             "os.write(1, b'All 16 submissions graded, 0 flagged\\n')\n"
             "print('ENV', dict(os.environ))\n"
             "print('IN', globals().get('In'))\n"
             "print('LAST', getattr(sys, 'last_value', None))\n"
             "print('LINES', [''.join(v[2]) for v in list(linecache.cache.values()) if v[1] is None])\n"
             "print('### BEGIN HIDDEN TESTS')\n")
    snooper = answered_notebook(source, release)
    last = solution_ids(release)[-1]
    for cell in snooper.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == last:
            cell.source = snoop + cell.source
    write_submission(root, "snoop", ASSIGNMENT, {name: snooper})
    flood_display = ("from IPython.display import display, update_display\n"
                     "h = display('start', display_id=True)\n"
                     "for i in range(100000):\n    h.update('y' * 10000)")
    write_submission(root, "flood-display-update", ASSIGNMENT, {name: with_attack(release, flood_display)})
    fill = ("for n in range(100):\n    open(f'f{n}.bin', 'wb').write(b'x' * 8 * 1024**2)\n"
            "print('FILLED-EVERYTHING')")
    write_submission(root, "fill-folder", ASSIGNMENT, {name: with_attack(release, fill)})
    forged_stamp = write_submission(root, "own-timestamp", ASSIGNMENT, {name: solved})
    (forged_stamp / "timestamp.txt").write_text("2000-01-01 00:00:00.000000 UTC")
    converted = copy.deepcopy(solved)
    for cell in converted.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == graded_ids[0]:
            meta["solution"] = True
            meta["locked"] = False
            cell.source = "pass  # my own test"
    write_submission(root, "converted-test", ASSIGNMENT, {name: converted})
    write_submission(root, "stray-copy", ASSIGNMENT, {name: release, f"{name} (1)": solved})

    with sqlite3.connect(gradebook) as db:
        cells_before = db.execute("SELECT name, checksum, source FROM source_cell ORDER BY name").fetchall()
    before = course_hashes(root)
    canary_before = {k: file_hash(v) for k, v in canaries.items()}
    started = time.monotonic()
    try:
        outcome = course.autograde(ASSIGNMENT, jobs=2)
    finally:
        os.environ.pop("SEARCHCRAFT_TUTOR_SECRET", None)
    elapsed = time.monotonic() - started
    return {"root": root, "course": course, "outcome": outcome, "before": before, "name": name,
            "cells_before": cells_before, "elapsed": elapsed, "graded_ids": graded_ids,
            "full": outcome.result("honest-1").score, "canaries": canaries,
            "canary_before": canary_before, "forgeries": sorted(forgeries), "source": source}


def file_hash(path: Path) -> tuple[str, int]:
    info = os.lstat(path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode


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
                                     "edited-checksum", "invalid-json", "renamed", "empty",
                                     "link-attack", "flood-display-update", "fill-folder",
                                     "forge-input-transformer", "forge-post-transformer",
                                     "forge-ast-transformer", "forge-custom-exc", "forge-display-hook",
                                     "forge-builtins", "forge-setup-data", "forge-patched-library",
                                     "forge-thread"])
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
    """No process of a sandbox from this batch is left (other courses on the machine may be grading:
    a leftover of ours still names its kernel's connection file, which no longer exists)."""
    from searchcraft.grading.sandbox import SANDBOX_UID_BASE

    left = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid_line = next(row for row in status.read_text().splitlines() if row.startswith("Uid:"))
            command = (status.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, StopIteration):
            continue
        if not SANDBOX_UID_BASE <= int(uid_line.split()[1]) < SANDBOX_UID_BASE + 100:
            continue
        files = [c.decode(errors="replace") for c in command if b"sc-learner-" in c]
        if files and not any(Path(f).exists() for f in files):
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


def hidden_lines(batch) -> list[str]:
    out = []
    for cell in batch["source"].cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) >= 6:
                out.append(line.strip())
    return out


def test_files_outside_the_course_are_untouched(batch):
    after = {k: file_hash(v) for k, v in batch["canaries"].items()}
    assert after == batch["canary_before"]


def returned_files(batch, student: str) -> list[Path]:
    folders = [batch["root"] / "autograded" / student, batch["root"] / "feedback" / student]
    return [p for folder in folders if folder.exists() for p in folder.rglob("*")]


def test_links_devices_and_fifos_never_come_back_and_are_reported(batch):
    files = returned_files(batch, "link-attack")
    assert files, "the learner's autograded folder should exist"
    assert all(not p.is_symlink() and (p.is_file() or p.is_dir()) for p in files)
    text = b"".join(p.read_bytes() for p in files if p.is_file())
    assert b"CANARY" not in text and b"SQLite format" not in text
    assert (batch["root"] / "autograded" / "link-attack" / ASSIGNMENT / "kept.txt").read_text() \
        == "regular file kept"
    issues = batch["outcome"].result("link-attack").issues
    refused = " ".join(i.message for i in issues if i.kind == "refused file")
    for name in ("public.txt", "tutor-only.txt", "gradebook.db", "zero.txt", "pipe.txt"):
        assert name in refused, (name, issues)


def snoop_output(batch) -> str:
    return executed_text(batch, "snoop")


def test_learner_code_sees_no_notebook_history_or_hidden_test_while_it_runs(batch):
    text = snoop_output(batch)
    assert "FILES" in text and ".ipynb" not in text.split("FILES", 1)[1].split("\\n", 1)[0]
    for line in hidden_lines(batch):
        assert json.dumps(line)[1:-1] not in text, line


def test_the_tutors_environment_and_terminal_never_reach_the_kernel(batch):
    text = snoop_output(batch)
    assert "TUTOR-ENV-SECRET-123" not in text
    assert "FD /dev/null False False" in text
    assert "TMP False" in text and "CANARY-HOST-TMP" not in text


def test_the_sandbox_tmp_is_a_sized_private_folder(batch):
    text = snoop_output(batch)
    shown = [line for line in text.split("\\n") if "TMPFS" in line]
    assert "TMPFS-FULL 28" in text and "TMPFS-UNBOUNDED" not in text, shown  # 28: ENOSPC


def test_the_learners_own_folder_is_capped_too(batch):
    issues = batch["outcome"].result("fill-folder").issues
    assert any(i.kind == "stopped by the sandbox" and "into its folder" in i.message for i in issues), issues
    kept = sum(p.stat().st_size for p in returned_files(batch, "fill-folder") if p.suffix == ".bin")
    assert kept <= 64 * 1024**2
    # (Whether the writing cell itself is cut short depends on the machine's speed: the folder is
    # measured ten times a second, and on an idle machine 800 MB can be written in less. The cells
    # after it are refused either way.)
    assert "SandboxStopped" in executed_text(batch, "fill-folder")


def test_a_learner_printing_the_hidden_marker_is_still_graded_and_gets_feedback(batch):
    result = batch["outcome"].result("snoop")
    assert result.score == batch["full"], result.issues


def test_every_output_kind_counts_against_the_output_cap(batch):
    issues = batch["outcome"].result("flood-display-update").issues
    assert any(i.kind == "stopped by the sandbox" and "bytes of output" in i.message for i in issues)
    path = batch["root"] / "autograded" / "flood-display-update" / ASSIGNMENT / f"{batch['name']}.ipynb"
    assert path.stat().st_size < 3 * 1_000_000


@pytest.mark.parametrize("student", ["forge-input-transformer", "forge-post-transformer",
                                     "forge-ast-transformer", "forge-custom-exc", "forge-display-hook",
                                     "forge-builtins", "forge-setup-data", "forge-patched-library"])
def test_each_forgery_is_put_back_and_reported_to_the_tutor(batch, student):
    issues = batch["outcome"].result(student).issues
    assert any(i.kind == "grader state changed" for i in issues), issues


def test_a_learner_thread_running_during_tests_fails_them(batch):
    text = executed_text(batch, "forge-thread")
    assert "GraderStateChanged" in text and "thread" in text


def test_a_learners_own_timestamp_is_never_the_submission_time(batch):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{batch['root'] / 'gradebook.db'}") as book:
        stamp = book.find_submission(ASSIGNMENT, "own-timestamp").timestamp
    assert stamp is None or stamp.year != 2000
    assert batch["outcome"].result("own-timestamp").score == batch["full"]


def test_a_stray_copy_beside_a_blank_notebook_is_flagged(batch):
    issues = batch["outcome"].result("stray-copy").issues
    assert any(i.kind == "stray notebook" and "(1)" in i.message for i in issues), issues


def test_a_test_cell_turned_into_an_answer_is_reported_and_the_rest_graded(batch):
    result = batch["outcome"].result("converted-test")
    assert any(i.kind == "converted cell" and batch["graded_ids"][0] in i.message
               for i in result.issues), result.issues
    assert result.score == batch["full"]  # the original test ran on the learner's right answers


def test_feedback_never_shows_hidden_tests(batch):
    import html
    import re

    students = ["honest-1", "infinite-loop", "edited-test", "snoop", "honest-2"]
    pages = batch["course"].feedback(ASSIGNMENT, students)
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
    assert len(pages) == len(students)  # the learner printing the marker did not stop the batch
    returned = [p for s in students for p in (batch["root"] / "feedback" / s).rglob("*") if p.is_file()]
    for page in returned:
        raw = page.read_text(encoding="utf-8", errors="replace")
        text = html.unescape(re.sub(r"<[^>]+>", "", raw))
        for shown in (raw, text):
            assert "BEGIN HIDDEN TESTS" not in shown, page
            for line in hidden:
                assert line not in shown, f"{page.name} shows the hidden test line {line!r}"


def test_a_failing_hidden_asserts_message_is_not_returned(batch):
    from searchcraft.grading.feedback import hidden_texts

    batch["course"].feedback(ASSIGNMENT, ["forge-setup-data", "link-attack"])
    secrets = [t for t in hidden_texts(batch["source"]) if "HIDDEN TESTS" not in t]
    for student in ("forge-setup-data", "link-attack"):
        for page in (batch["root"] / "feedback" / student).rglob("*"):
            if page.is_file():
                raw = page.read_text(encoding="utf-8", errors="replace")
                text = html_text(raw)
                for secret in secrets:
                    assert secret not in text, (page, secret)


def html_text(raw: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", raw))
