"""The pure building blocks of the grading tools, fast: the sandbox command line, hiding hidden
tests, diagnosing broken submissions, the LMS CSV layouts and the gradebook lock."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from searchcraft.errors import GradingError
from searchcraft.grading.diagnose import ExpectedNotebook, diagnose_submission
from searchcraft.grading.export import LearnerGrades, grades_csv
from searchcraft.grading.feedback import HIDDEN_FAILURE, HIDDEN_NOTE, HideHiddenTests
from searchcraft.grading.lock import GradebookLock
from searchcraft.grading.sandbox import SandboxLimits, SandboxPlan, bwrap_command


def plan(tmp_path: Path, **extra) -> SandboxPlan:
    return SandboxPlan(working_folder=tmp_path / "work", runtime_folder=tmp_path / "run",
                       limits=SandboxLimits(cpu_seconds=7, memory_bytes=123456789, processes=33),
                       readable=[Path("/opt/python")], **extra)


def test_sandbox_command_cuts_the_network_and_sets_every_limit(tmp_path):
    command = bwrap_command(plan(tmp_path), ["python", "-m", "ipykernel"], as_root=False)
    assert command[0] == "bwrap" and "--unshare-net" in command and "--unshare-pid" in command
    assert "--die-with-parent" in command and "--unshare-user" in command
    assert {"--cpu=7:12", "--as=123456789", "--nproc=33"} <= set(command)
    assert command[-3:] == ["python", "-m", "ipykernel"]


def test_sandbox_binds_only_the_working_folder_writable(tmp_path):
    command = bwrap_command(plan(tmp_path), ["k"], as_root=False)
    writable = [command[i + 1] for i, arg in enumerate(command) if arg == "--bind"]
    assert writable == [str(tmp_path / "run"), str(tmp_path / "work")]
    assert ["--ro-bind", "/opt/python", "/opt/python"] == command[command.index("/opt/python") - 1:
                                                                  command.index("/opt/python") + 2]


def test_sandbox_covers_a_protected_folder_inside_a_readable_one(tmp_path):
    readable = tmp_path / "env"
    course = readable / "course"
    course.mkdir(parents=True)
    sandbox = SandboxPlan(tmp_path / "work", tmp_path / "run", readable=[readable], protected=[course])
    command = bwrap_command(sandbox, ["k"], as_root=False)
    assert command[command.index(str(course)) - 1] == "--tmpfs"


def test_as_root_the_kernel_drops_to_an_unprivileged_user(tmp_path):
    command = bwrap_command(plan(tmp_path, uid=61003), ["k"], as_root=True)
    assert "--unshare-user" not in command
    assert command[command.index("setpriv"):command.index("setpriv") + 3] == [
        "setpriv", "--reuid=61003", "--regid=61003"]


def test_hidden_tests_and_their_tracebacks_are_removed_from_feedback():
    cell = new_code_cell("assert x == 1\n### BEGIN HIDDEN TESTS\nassert y == 42\n### END HIDDEN TESTS\n")
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="y is wrong",
                                           traceback=["assert y == 42", "AssertionError: y is wrong"])]
    visible = new_code_cell("assert x == 1, 'x should be 1'\n### BEGIN HIDDEN TESTS\n"
                            "assert y == 42, 'y must be 42, the answer'\n### END HIDDEN TESTS\n")
    visible.outputs = [nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="x should be 1",
        traceback=["----> 1 assert x == 1, 'x should be 1'", "AssertionError: x should be 1"])]
    printed = new_code_cell("print(secret)")
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text="assert y == 42, 'y must be 42, the answer'\n"),
                       nbformat.v4.new_output("display_data", data={
                           "text/html": "<b>y must be 42, the answer</b>", "text/plain": "ok"})]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell, visible, printed]), {})
    assert nb.cells[0].source == f"assert x == 1\n{HIDDEN_NOTE}"
    # The failing hidden assert: its message and traceback are not returned.
    assert nb.cells[0].outputs[0]["evalue"] == HIDDEN_FAILURE
    assert nb.cells[0].outputs[0]["traceback"] == [f"AssertionError: {HIDDEN_FAILURE}"]
    # A failing visible assert keeps its helpful message.
    assert nb.cells[1].outputs[0]["evalue"] == "x should be 1"
    # Whatever a later cell printed or displayed is cleaned of hidden test text.
    shown = json.dumps([o for c in nb.cells for o in c.outputs])
    assert "y must be 42" not in shown and "assert y == 42" not in shown


def graded_cell(grade_id: str, source: str, checksum: str = "c"):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": True, "locked": True, "points": 1,
                                 "solution": False, "schema_version": 3, "checksum": checksum}
    return cell


def test_diagnosis_names_each_problem_in_a_submission(tmp_path):
    from nbgrader.utils import compute_checksum

    original = graded_cell("q1-tests", "assert answer == 1")
    checksum = compute_checksum(original)
    expected = {"week": ExpectedNotebook("week", {"q1-tests": checksum, "q2-tests": "x"},
                                         {"q1-tests", "q2-tests"}, frozenset({"q1-tests", "q2-tests"}))}
    edited = graded_cell("q1-tests", "pass", checksum)
    folder = tmp_path / "ana"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[edited, graded_cell("q1-tests", "pass", checksum),
                                       graded_cell("mine", "1")]), folder / "week.ipynb")
    kinds = {issue.kind for issue in diagnose_submission("ana", folder, expected)}
    assert kinds == {"edited read-only cell", "duplicated cell", "changed cell id", "deleted grade cell"}


def test_diagnosis_reports_invalid_json_and_renamed_notebooks(tmp_path):
    expected = {"week": ExpectedNotebook("week", {}, set())}
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / "week.ipynb").write_text("{nope", encoding="utf-8")
    (tmp_path / "cai").mkdir()
    (tmp_path / "cai" / "Week (1).ipynb").write_text("{}", encoding="utf-8")
    assert [i.kind for i in diagnose_submission("ben", tmp_path / "ben", expected)] == ["invalid notebook"]
    renamed = diagnose_submission("cai", tmp_path / "cai", expected)
    assert renamed[0].kind == "renamed notebook" and "Week (1).ipynb" in renamed[0].message


def test_csv_layouts_follow_each_lms():
    learners = [LearnerGrades("u1", "Ana", "Silva", "ana@example.org", "901", {"w1": 3.5})]
    moodle = grades_csv(learners, {"w1": 4}, "moodle").splitlines()
    canvas = grades_csv(learners, {"w1": 4}, "canvas").splitlines()
    assert moodle == ["First name,Last name,ID number,Institution,Department,Email address,"
                      "Username,Assignment: w1 (Real)", "Ana,Silva,,,,ana@example.org,u1,3.5"]
    assert canvas == ["Student,ID,SIS User ID,SIS Login ID,Section,w1", "Points Possible,,,,,4",
                      '"Silva, Ana",901,,u1,,3.5']
    with pytest.raises(GradingError):
        grades_csv(learners, {"w1": 4}, "sakai")


def _hold(path: str, seconds: float, log) -> None:
    with GradebookLock(Path(path)):
        log.put(("in", time.monotonic()))
        time.sleep(seconds)
        log.put(("out", time.monotonic()))


def test_gradebook_lock_lets_one_writer_in_at_a_time(tmp_path):
    context = multiprocessing.get_context("fork")
    log = context.Queue()
    workers = [context.Process(target=_hold, args=(str(tmp_path / "gradebook.db"), 0.3, log))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    events = sorted((log.get() for _ in range(6)), key=lambda e: e[1])
    assert [kind for kind, _ in events] == ["in", "out"] * 3


def test_copying_a_learners_folder_refuses_links_devices_fifos_and_hard_links(tmp_path):
    import os

    from searchcraft.grading.safe_copy import bring_back, copy_regular_files

    outside = tmp_path / "outside.txt"
    outside.write_text("CANARY")
    learner = tmp_path / "learner"
    (learner / "sub").mkdir(parents=True)
    (learner / "answer.txt").write_text("mine")
    (learner / "sub" / "notes.txt").write_text("notes")
    os.symlink(outside, learner / "link.txt")
    os.symlink("/dev/zero", learner / "zero.txt")
    os.symlink(tmp_path, learner / "dir-link")
    os.mkfifo(learner / "pipe")
    os.link(outside, learner / "hard.txt")
    refused = copy_regular_files(learner, tmp_path / "copy")
    assert sorted((r.name, r.kind) for r in refused) == [
        ("dir-link", "symbolic link"), ("hard.txt", "hard link"), ("link.txt", "symbolic link"),
        ("pipe", "named pipe (FIFO)"), ("zero.txt", "symbolic link")]
    assert sorted(str(p.relative_to(tmp_path / "copy")) for p in (tmp_path / "copy").rglob("*")) == [
        "answer.txt", "sub", "sub/notes.txt"]
    # Bringing files back replaces a link in the target folder instead of writing through it.
    target = tmp_path / "working"
    target.mkdir()
    os.symlink(outside, target / "answer.txt")
    bring_back(learner, target)
    assert outside.read_text() == "CANARY"
    assert not (target / "answer.txt").is_symlink() and (target / "answer.txt").read_text() == "mine"


def test_the_kernel_environment_is_an_allow_list(monkeypatch, tmp_path):
    from searchcraft.grading.sandbox import SandboxPlan, bwrap_command

    monkeypatch.setenv("NCBI_API_KEY", "secret-key")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    args = bwrap_command(SandboxPlan(tmp_path / "w", tmp_path / "r"), ["python"], as_root=False)
    assert "--clearenv" in args and "--new-session" in args
    pairs = {args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setenv"}
    assert "NCBI_API_KEY" not in pairs and pairs["LANG"] == "en_GB.UTF-8"
    sizes = [args[i + 1] for i, a in enumerate(args) if a == "--size"]
    assert len(sizes) >= 3 and all(int(size) > 0 for size in sizes)
    assert args[args.index("--remount-ro") + 1] == "/"


def test_a_test_cell_with_an_error_scores_zero_whatever_else_it_shows():
    from nbgrader.utils import determine_grade

    from searchcraft.grading.execute import errors_first

    cell = graded_cell("q1", "assert answer == 3")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1),
                    nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=[])]
    assert determine_grade(cell)[0] == 1  # what nbgrader alone would give
    errors_first(cell, "ok")
    assert determine_grade(cell)[0] == 0
    silent = graded_cell("q2", "assert answer == 3")  # an error hidden from the outputs
    errors_first(silent, "error")
    assert determine_grade(silent)[0] == 0


def test_output_cap_counts_every_message_kind():
    from searchcraft.grading.execute import message_size

    kinds = [{"msg_type": "update_display_data", "content": {"data": {"text/plain": "x" * 1000}}},
             {"msg_type": "comm_msg", "content": {"data": {"state": "y" * 1000}}},
             {"msg_type": "clear_output", "content": {"wait": False}}]
    assert all(message_size(m) >= len(json.dumps(m["content"])) for m in kinds)


def stream_message(text: str) -> dict:
    return {"msg_type": "stream", "header": {"msg_type": "stream"}, "parent_header": {},
            "metadata": {}, "content": {"name": "stdout", "text": text}}


@pytest.mark.parametrize("kind", ["stream", "display_data", "update_display_data", "comm_msg"])
def test_the_output_cap_keeps_output_up_to_its_edge_and_stops_one_byte_past_it(kind):
    from searchcraft.grading.execute import SandboxedExecute, message_size

    message = stream_message("x" * 500)
    message["msg_type"] = message["header"]["msg_type"] = kind
    if kind != "stream":
        message["content"] = {"data": {"text/plain": "y" * 500}, "metadata": {}, "transient": {}}
    if kind == "comm_msg":
        message["content"] = {"comm_id": "c1", "data": {"method": "update", "state": {"v": "z" * 500}}}
    size = message_size(message)
    for cap, stopped in ((2 * size, False), (2 * size - 1, True)):
        runner = SandboxedExecute(output_bytes=cap)
        runner._output_total, runner._stop_reason = 0, None
        cell = new_code_cell("print('x')")
        runner.nb = new_notebook(cells=[cell])
        for _ in range(2):
            try:
                runner.process_message(message, cell, 0)
            except Exception:  # nbclient's own handling of a message kind; the count is ours
                pass
        assert (runner._stop_reason is not None) is stopped, (kind, cap, runner._output_total)
        assert runner._output_total == 2 * size
