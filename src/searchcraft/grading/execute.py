"""nbgrader's execute step, made safe for hostile notebooks.

Why: nbgrader marks a test cell correct when running it raised no error. If a kernel dies half way
(a fork bomb, a CPU limit, ``os._exit``), the cells after it have no output at all and nbgrader would
give them full marks. :class:`SandboxedExecute` runs the notebook in the sandbox
(:mod:`searchcraft.grading.sandbox`), stops it when it exceeds its time or output budget, and marks
every cell that did not finish as failed with the reason, so it earns nothing and the tutor sees why.

Example (in an nbgrader config)::

    c.Autograde.autograde_preprocessors = [SandboxedExecute, ...]
    c.SandboxedExecute.output_bytes = 1_000_000
"""

from __future__ import annotations

import os
import signal
import time

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from .sandbox import SandboxLimits, SandboxedKernelManager

# Notebook metadata key where the sandbox records why a notebook stopped early.
METADATA_KEY = "searchcraft"
STOPPED_ENAME = "SandboxStopped"


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
        result = super().preprocess_cell(cell, resources, index)
        if self._stop_reason is not None:  # stopped while this cell ran
            raise _Stop(self._stop_reason)
        self._finished.add(index)
        return result

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        size += sum(len(line) for line in content.get("traceback", []))
        self._output_total += size
        if self._output_total > self.output_bytes:
            if self._stop_reason is None:
                self._stop_reason = (f"the notebook printed more than {self.output_bytes:,} bytes of "
                                     "output and was stopped")
                self._kill_kernel()
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
