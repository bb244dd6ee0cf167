"""Helpers the tests share: where the repository is, and how a test asks for an outside tool.

With ``CI=true`` a missing tool (Chromium, nbgrader, a kernel) fails the test; elsewhere it skips, so
a developer without Chromium can still run the rest of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ON_CI = os.environ.get("CI") == "true"
BIN = Path(sys.executable).parent


def tool_env() -> dict[str, str]:
    """The environment for subprocesses: this interpreter's bin folder first on PATH, so the
    ``python3`` kernel, ``nbgrader`` and ``jupyter-book`` are the ones installed with the kit."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def require(condition: bool, what: str) -> None:
    """Skip (or, on CI, fail) when something a test needs is missing."""
    if not condition:
        if ON_CI:
            pytest.fail(f"{what} is missing, and CI=true forbids skipping this test")
        pytest.skip(f"{what} is missing")


def require_executable(name: str) -> str:
    path = shutil.which(name, path=tool_env()["PATH"])
    require(path is not None, f"the '{name}' command")
    return path  # type: ignore[return-value]


def run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a command with the kit's environment; raise with its output if it fails."""
    done = subprocess.run(args, cwd=cwd, env=tool_env(), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {done.returncode}\nstdout:\n{done.stdout[-4000:]}\n"
            f"stderr:\n{done.stderr[-4000:]}"
        )
    return done


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def launch_chromium(playwright):
    """Debian's Chromium, headless, found on PATH (Playwright's own browser download is not used)."""
    executable = require_executable("chromium")
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def run_in_kernel(cells: list[str], folder: Path, timeout: int = 180):
    """Run code cells in a fresh python3 Jupyter kernel (nbclient), in ``folder``; return the
    executed notebook."""
    import nbclient
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        require(False, "the python3 Jupyter kernel")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    client = nbclient.NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def printed(cell) -> str:
    """What a cell printed to standard output."""
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


class Recorder:
    """Every request of a browser context, and which failed (network error or HTTP status >= 400)."""

    def __init__(self, context, site_url: str) -> None:
        self.host = urlparse(site_url).netloc
        self.requested: list[str] = []
        self.failed: list[str] = []
        context.on("request", lambda request: self.requested.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(f"{request.failure} {request.url}"))
        context.on("response", lambda response: self.failed.append(f"{response.status} {response.url}")
                   if response.status >= 400 else None)

    def assert_clean(self) -> None:
        assert self.requested, "the browser made no requests at all"
        elsewhere = [url for url in self.requested
                     if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).netloc != self.host]
        assert elsewhere == []
        assert self.failed == []
