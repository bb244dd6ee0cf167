"""nbgrader's execute step, made safe for hostile notebooks.

Why: nbgrader marks a test cell correct when running it raised no error. If a kernel dies half way
(a fork bomb, a CPU limit, ``os._exit``), the cells after it have no output at all and nbgrader would
give them full marks. :class:`SandboxedExecute` runs the notebook in the sandbox
(:mod:`searchcraft.grading.sandbox`), stops it when it exceeds its time or output budget, and marks
every cell that did not finish as failed with the reason, so it earns nothing and the tutor sees why.

Marks only real answers earn:

* before the first cell, :mod:`searchcraft.grading.guard_kernel` is loaded into the kernel and
  remembers the pristine state; before every test cell it puts back input and AST transformers,
  event callbacks, display and exception hooks, ``set_custom_exc`` handlers, builtins and the
  functions of the modules the tests import, and must echo a fresh random token. A test cell whose
  guard did not answer, or that ran while learner threads were alive, fails (no marks); what the
  guard put back is recorded for the tutor (notebook metadata ``searchcraft.guard``);
* test cells run with ``store_history=False`` and are scrubbed from IPython's line cache and
  ``sys.last_traceback`` afterwards, so later learner cells cannot read the hidden tests;
* a test cell whose outputs (or execute reply) include an error scores zero whatever else it shows:
  the error is put first, so nbgrader's partial-credit rule never sees a forged result before it;
* every message the kernel sends while a cell runs (streams, results, display data and updates,
  errors, widget ``comm`` messages) counts against ``output_bytes`` (the size of its content as
  JSON); past it the kernel is killed.

Example (in an nbgrader config)::

    c.Autograde.autograde_preprocessors = [SandboxedExecute, ...]
    c.SandboxedExecute.output_bytes = 1_000_000
"""

from __future__ import annotations

import ast
import json
import os
import secrets
import signal
import time
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Integer

from ..errors import GradingError
from .sandbox import SandboxedKernelManager, SandboxLimits, sandbox_enabled

# Notebook metadata key where the sandbox records why a notebook stopped early.
METADATA_KEY = "searchcraft"
STOPPED_ENAME = "SandboxStopped"
GUARD_ENAME = "GraderStateChanged"
GUARD_SOURCE = (Path(__file__).with_name("guard_kernel.py")).read_text(encoding="utf-8")
GUARD_SECONDS = 30


class _Stop(Exception):
    """Internal: the notebook's budget ran out between cells."""


class SandboxedExecute(Execute):
    """nbgrader's ``Execute`` with the kernel in the sandbox and budgets on time and output."""

    notebook_seconds = Integer(SandboxLimits.notebook_seconds,
                               help="Wall-clock seconds for the whole notebook").tag(config=True)
    output_bytes = Integer(SandboxLimits.output_bytes,
                           help="Bytes of output a notebook may produce").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    # -- budgets -------------------------------------------------------------------------------
    def _remaining(self) -> float:
        return self.notebook_seconds - (time.monotonic() - self._started)

    def _cell_timeout(self, cell) -> int:
        return max(1, int(min(self.timeout if self.timeout and self.timeout > 0 else 10**9,
                              self._remaining())))

    def preprocess(self, nb, resources=None, km=None):
        self._started = time.monotonic()
        self._output_total = 0
        self._stop_reason: str | None = None
        self._finished: set[int] = set()
        self._guard_ready = False
        self._guard_log: list[dict] = []
        self._last_reply_status = None
        self._test_imports = test_imports(nb)
        self.timeout_func = self._cell_timeout
        try:
            super().preprocess(nb, resources, km)
        except Exception as error:  # the kernel died or the budget ran out: grade what finished
            reason = self._stop_reason or self._death_reason(error)
            self._stop_reason = reason
            self.log.warning("Notebook stopped early: %s", reason)
        finally:
            manager = getattr(self, "_sandbox_km", None)
            if manager is not None and hasattr(manager, "give_back"):
                manager.give_back()
        mark_unfinished(nb, self._finished, self._stop_reason)
        record = nb.metadata.setdefault(METADATA_KEY, {})
        if self._guard_log:
            record["guard"] = self._guard_log
        refused = [str(r) for r in getattr(manager, "refused", [])]
        if refused:
            record["refused"] = refused[:50]
        if not record:
            del nb.metadata[METADATA_KEY]
        return nb, resources

    def create_kernel_manager(self):
        self._sandbox_km = super().create_kernel_manager()
        return self._sandbox_km

    def preprocess_cell(self, cell, resources, index):
        if self._stop_reason is None and self._remaining() <= 0:
            self._stop_reason = (f"the notebook ran for longer than its {self.notebook_seconds} "
                                 "seconds and was stopped")
        if self._stop_reason is not None:
            raise _Stop(self._stop_reason)
        self._check_assign_resources(resources)
        test = is_test_cell(cell)
        if not self._guard_ready:
            self._guard_ready = True
            self._run_quietly(_install_snippet(self._test_imports))
        if test:
            failure = self._reset_before_test(cell)
            if failure:
                cell.outputs = [new_output("error", ename=GUARD_ENAME, evalue=failure,
                                           traceback=[f"{GUARD_ENAME}: {failure}"])]
                self._finished.add(index)
                return cell, self.resources
        cell = self.execute_cell(cell, index, store_history=not test)
        if self._stop_reason is not None:  # stopped while this cell ran
            raise _Stop(self._stop_reason)
        if test:
            self._run_quietly("import sys as _g\n_g.modules['_searchcraft_guard'].scrub("
                              "_g.modules['_searchcraft_guard'].state)\ndel _g")
            errors_first(cell, self._last_reply_status)
        elif is_setup_cell(cell):
            names = assigned_names(cell.source)
            if names:
                self._run_quietly("import sys as _g\n_g.modules['_searchcraft_guard'].remember("
                                  f"_g.modules['_searchcraft_guard'].state, {names!r})\ndel _g")
        self._finished.add(index)
        return cell, self.resources

    def on_cell_executed(self, **kwargs):
        self._last_reply_status = kwargs["execute_reply"]["content"].get("status")
        return super().on_cell_executed(**kwargs)

    # -- the guard in the kernel -----------------------------------------------------------------
    def _reset_before_test(self, cell) -> str | None:
        """Put the grader's state back before a test cell; the reason it could not, or None."""
        token = secrets.token_hex(16)
        text = self._run_quietly("import sys as _g\n_g.modules['_searchcraft_guard'].reset("
                                 f"_g.modules['_searchcraft_guard'].state, {token!r})\ndel _g")
        report = None
        for line in (text or "").splitlines():
            if line.startswith("SEARCHCRAFT-GUARD "):
                try:
                    found = json.loads(line[len("SEARCHCRAFT-GUARD "):])
                except ValueError:
                    continue
                if isinstance(found, dict) and found.get("token") == token:
                    report = found
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "?")
        if report is None:
            self._guard_log.append({"cell": grade_id, "changed": ["the grader's check did not run"]})
            return ("the notebook changed how cells run, so the grader could not check this test; "
                    "it earns no marks")
        if report.get("changed"):
            self._guard_log.append({"cell": grade_id, "changed": list(report["changed"])[:20]})
        if report.get("threads"):
            self._guard_log.append({"cell": grade_id, "changed": [
                f"{report['threads']} thread(s) started by the notebook still running"]})
            return (f"{report['threads']} thread(s) started by the notebook were still running when "
                    "this test ran; it earns no marks")
        return None

    def _run_quietly(self, code: str) -> str | None:
        """Run ``code`` in the kernel outside any cell; its printed text, or None on failure."""
        try:
            return run_sync_in_kernel(self, code)
        except Exception as error:  # the kernel died or did not answer: the cell's own run says so
            self.log.warning("The grader's check could not run: %s", error)
            return None

    # -- budgets ---------------------------------------------------------------------------------
    def process_message(self, msg, cell, cell_index):
        """Count every message kind against the output budget before nbclient handles it."""
        kind = msg.get("msg_type", "")
        if kind not in ("status", "execute_input"):
            self._output_total += message_size(msg)
            if self._output_total > self.output_bytes:
                if self._stop_reason is None:
                    self._stop_reason = (f"the notebook sent more than {self.output_bytes:,} bytes of "
                                         "output and was stopped")
                    self._kill_kernel()
                return None
        return super().process_message(msg, cell, cell_index)

    def output(self, outs, msg, display_id, cell_index):
        if self._stop_reason is not None and self._output_total > self.output_bytes:
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _kill_kernel(self) -> None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()

    def _death_reason(self, error: Exception) -> str:
        manager = getattr(self, "_sandbox_km", None) or self.km
        if getattr(manager, "stop_reason", None):
            return manager.stop_reason
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        signals = {signal.SIGXCPU: "it used more than its CPU time", signal.SIGKILL: "it was killed",
                   signal.SIGSEGV: "it crashed (memory)"}
        for number, text in signals.items():
            if code in (-number, 128 + number):
                return f"the kernel stopped: {text}"
        name = type(error).__name__
        if name == "DeadKernelError":
            return "the kernel stopped unexpectedly" + (f" (exit status {code})" if code else "")
        return f"the notebook could not be run to the end ({name}: {str(error)[:200]})"


def mark_unfinished(nb, finished: set[int], reason: str | None) -> None:
    """Give every code cell that did not run to the end an error output naming ``reason``.

    Without it nbgrader would count an unrun test cell (no error) as passed.
    """
    if reason is None:
        return
    nb.metadata.setdefault(METADATA_KEY, {})["stopped"] = reason
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and index not in finished:
            cell.outputs.append(new_output("error", ename=STOPPED_ENAME, evalue=reason,
                                           traceback=[f"{STOPPED_ENAME}: {reason}"]))


def is_test_cell(cell) -> bool:
    """An autograded test cell: graded code the learner does not write."""
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def is_setup_cell(cell) -> bool:
    """A read-only code cell that is not a test (it sets up data the tests rely on)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("locked")) and not meta.get("grade") \
        and not meta.get("solution")


def assigned_names(source: str) -> list[str]:
    """Names a cell binds at top level (assignments, imports, functions, classes)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return sorted(names)


def errors_first(cell, reply_status: str | None) -> None:
    """Make a test cell with any error (in its outputs or its reply) score zero.

    nbgrader's ``determine_grade`` stops at the first ``execute_result`` (partial credit) before
    it reaches a later error, so error outputs are moved to the front.
    """
    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
    if not errors and reply_status == "error":
        errors = [new_output("error", ename="Error", evalue="the test failed",
                             traceback=["the test failed"])]
        cell.outputs.append(errors[0])
    if errors:
        cell.outputs = errors + [o for o in cell.outputs if o.get("output_type") != "error"]


def test_imports(nb) -> list[str]:
    """Top-level module names the notebook's test cells import (loaded before learner code)."""
    names: set[str] = set()
    for cell in nb.cells:
        if not (is_test_cell(cell) or is_setup_cell(cell)):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


def _install_snippet(imports: list[str]) -> str:
    return ("import sys as _g, types as _t\n"
            "_m = _t.ModuleType('_searchcraft_guard')\n"
            f"exec(compile({GUARD_SOURCE!r}, '<searchcraft-guard>', 'exec'), _m.__dict__)\n"
            f"_m.state = _m.install({imports!r})\n"
            "_g.modules['_searchcraft_guard'] = _m\n"
            "del _g, _t, _m\n")


def message_size(msg) -> int:
    """Bytes a kernel message adds to the notebook: its content and metadata as JSON."""
    try:
        return len(json.dumps(msg.get("content", {}), default=str)) + \
            len(json.dumps(msg.get("metadata", {}), default=str))
    except (TypeError, ValueError):
        return len(str(msg))


def run_sync_in_kernel(client, code: str) -> str:
    """Execute ``code`` (no history, not silent) and return the text it printed."""
    from nbclient.util import run_sync

    return run_sync(_run_in_kernel)(client, code)


async def _run_in_kernel(client, code: str) -> str:
    from nbclient.util import ensure_async

    kc = client.kc
    msg_id = await ensure_async(kc.execute(code, store_history=False, allow_stdin=False,
                                           stop_on_error=False))
    deadline = time.monotonic() + GUARD_SECONDS
    printed: list[str] = []
    idle = False
    while not idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the kernel did not answer the grader's check")
        msg = await ensure_async(kc.get_iopub_msg(timeout=remaining))
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        client._output_total += message_size(msg)
        kind = msg["msg_type"]
        if kind == "stream" and sum(map(len, printed)) < 100_000:
            printed.append(msg["content"].get("text", ""))
        elif kind == "status" and msg["content"].get("execution_state") == "idle":
            idle = True
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the kernel did not answer the grader's check")
        reply = await ensure_async(kc.get_shell_msg(timeout=remaining))
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            break
    return "".join(printed)


def sandboxed_steps(config=None) -> list:
    """nbgrader's autograde steps (from ``config`` or nbgrader's defaults) with ``Execute``
    replaced by :class:`SandboxedExecute` (unless switched off)."""
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute

    steps = None
    if config is not None and "Autograde" in config:
        steps = config.Autograde.get("autograde_preprocessors")
    steps = list(steps or Autograde.class_traits()["autograde_preprocessors"].default())
    if not sandbox_enabled():
        return [Execute if s is SandboxedExecute else s for s in steps]
    return [SandboxedExecute if s is Execute else s for s in steps]


def use_sandbox(c, **limits: int) -> None:
    """Switch nbgrader's execute step to the sandbox in an nbgrader config object ``c``.

    Keyword arguments are :class:`SandboxLimits` fields. Unless ``SEARCHCRAFT_SANDBOX=off``, the
    autograde pipeline's ``Execute`` is replaced by
    :class:`SandboxedExecute`.
    """
    names = {f for f in SandboxLimits.__dataclass_fields__}
    unknown = set(limits) - names
    if unknown:
        raise GradingError(f"Unknown sandbox limit(s): {', '.join(sorted(unknown))}",
                           hint=f"Use one of: {', '.join(sorted(names))}.")
    if not sandbox_enabled():
        return
    c.Autograde.autograde_preprocessors = sandboxed_steps(c)
    for name, value in limits.items():
        if name in ("notebook_seconds", "output_bytes"):
            setattr(c.SandboxedExecute, name, value)
        else:
            setattr(c.SandboxedKernelManager, name, value)
