"""A real JupyterLab for browser tests: start it, put notebooks in it, open them in Chromium, run them.

Import the fixture into a test module (pytest finds fixtures in a module's globals)::

    from widgets.jupyterlab import jupyter_lab, lab_page, open_notebook, code_cell  # noqa: F401

    def test_something(jupyter_lab, browser):
        cell = code_cell("from searchcraft.widgets import Quiz\\nQuiz('boolean-basics')")
        jupyter_lab.add_notebook("demo.ipynb", [cell])
        page = lab_page(browser, jupyter_lab)
        open_notebook(page, jupyter_lab, "demo.ipynb")   # opens it, runs all cells, fails on any error
        ...

The server is ``jupyter lab`` from the kit's own environment, on 127.0.0.1 with a random port and a
random token, serving a temporary folder (notebooks are copied or written there, never into the
repository). Its configuration, settings and workspaces live in that temporary folder too, so a
developer's own JupyterLab settings cannot change a test. News and update checks are switched off
and the browser page refuses every request that is not to 127.0.0.1. One server is shared by a test
session (even across test modules); it is stopped, with its kernels, at the end.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from support import require_executable, tool_env

START_TIMEOUT = 60  # seconds for the server to answer
RUN_TIMEOUT = 60_000  # milliseconds for a notebook to open and run


def code_cell(source: str, *, hide_source: bool = False) -> nbformat.NotebookNode:
    """A code cell; ``hide_source`` collapses its input in JupyterLab, leaving just the output."""
    cell = nbformat.v4.new_code_cell(source)
    if hide_source:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


@dataclass
class JupyterLab:
    """A running JupyterLab server: its address, token and the folder it serves."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen

    def add_notebook(self, name: str, cells: list[nbformat.NotebookNode | str]) -> Path:
        """Write a notebook (python3 kernel) into the served folder; strings become code cells."""
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook.cells = [code_cell(c) if isinstance(c, str) else c for c in cells]
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, path)
        return path

    def copy_in(self, source: Path, name: str | None = None) -> Path:
        """Copy an existing notebook (or any file) into the served folder."""
        target = self.root / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return target

    def notebook_url(self, name: str) -> str:
        # ``reset`` starts from an empty workspace, so notebooks opened by earlier tests stay closed.
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(lab: JupyterLab, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    state = f"exited with {lab.process.returncode}" if lab.process.poll() is not None else \
        f"did not answer within {START_TIMEOUT} s"
    raise AssertionError(f"JupyterLab {state}:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (its own process group, nothing else)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def start_jupyter_lab(home: Path) -> JupyterLab:
    """Start ``jupyter lab`` serving ``home/notebooks``; wait until it answers."""
    executable = require_executable("jupyter-lab")
    root = home / "notebooks"
    root.mkdir()
    config = home / "config"
    (config / "labconfig").mkdir(parents=True)
    # The news toast would cover the page and fetch from the internet; switch it off.
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    env = tool_env()
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               IPYTHONDIR=str(home / "ipython"), MPLBACKEND="Agg")
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [executable, "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabApp.extension_manager=readonly",
             *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    lab = JupyterLab(f"http://127.0.0.1:{port}", token, root, process)
    try:
        _wait_until_up(lab, log)
    except BaseException:
        _stop(process)
        raise
    return lab


# One server per test process, however many test modules import the fixture (pytest makes a
# separate session fixture for each importing module; they share this one and the last stops it).
_SHARED: dict = {"lab": None, "users": 0}


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory) -> JupyterLab:
    """A JupyterLab server on 127.0.0.1 serving a fresh temporary folder, for the whole session."""
    if _SHARED["lab"] is None:
        _SHARED["lab"] = start_jupyter_lab(tmp_path_factory.mktemp("jupyterlab"))
    _SHARED["users"] += 1
    try:
        yield _SHARED["lab"]
    finally:
        _SHARED["users"] -= 1
        if _SHARED["users"] == 0:
            _stop(_SHARED["lab"].process)
            _SHARED["lab"] = None


def lab_page(browser, lab: JupyterLab, *, width: int = 1280, height: int = 900):
    """A new page that may only talk to the lab server (anything else is refused)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    own = urlparse(lab.url).netloc

    def only_local(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own:
            route.abort()
        else:
            route.continue_()

    page.route("**/*", only_local)
    return page


_KERNEL_IDLE = """(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && w.context && w.context.path === path && w.content.widgets.length);
}"""

_ALL_RUN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return k.status === 'idle' && cells.every(c => c.model.executionCount !== null);
}"""

_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const found = [];
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs.get(i).toJSON();
      if (o.output_type === 'error') found.push(o.ename + ': ' + o.evalue + '\\n' + (o.traceback || []).join('\\n'));
    }
  }
  return found;
}"""


def open_notebook(page, lab: JupyterLab, name: str, *, run_all: bool = True, timeout: int = RUN_TIMEOUT) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, run every cell, and fail on any error."""
    page.goto(lab.notebook_url(name))
    page.wait_for_function(_KERNEL_IDLE, arg=name, timeout=timeout)
    if not run_all:
        return
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_ALL_RUN, timeout=timeout, polling=250)
    errors = [re.sub(r"\x1b\[[0-9;]*m", "", error) for error in page.evaluate(_ERRORS)]
    assert not errors, "a cell raised an error:\n" + "\n\n".join(errors)


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def widget_axe_violations(page) -> list[dict]:
    """The serious or critical axe-core (WCAG) violations in the notebook's output areas.

    Scoped to the widget areas: JupyterLab's own toolbar and cell list have violations of their own.
    """
    from support import require

    require(AXE.is_file(), "axe-core (run `npm ci`)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run({include: [['.jp-OutputArea-output']]}, {resultTypes: ['violations']});
        return {passes: r.passes.length,
                violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}))};
    }""")
    assert found["passes"] >= 10, "axe checked almost nothing: are the widgets on the page?"
    return [v for v in found["violations"] if v["impact"] in ("serious", "critical")]


def controls_reached_by_tab(page, *, start: str | None = None, extra_presses: int = 60) -> tuple[int, int]:
    """Mark every visible control in the widget areas, Tab through the page, and return (how many
    the Tab key reached, how many there are). ``start`` focuses that element first."""
    controls = page.evaluate("""() => {
        const found = [...document.querySelectorAll(['input', 'select', 'textarea', 'button', 'summary']
            .map(tag => '.jp-OutputArea-output ' + tag).join(', '))]
            .filter(e => !e.disabled && e.offsetParent !== null);
        found.forEach((e, i) => e.setAttribute('data-probe', String(i)));
        return found.length;
    }""")
    if start:
        page.locator(start).first.focus()
        page.keyboard.press("Shift+Tab")
    reached: set[str] = set()
    for _ in range(controls + extra_presses):
        page.keyboard.press("Tab")
        probe = page.evaluate("() => document.activeElement.getAttribute('data-probe')")
        if probe is not None:
            reached.add(probe)
        if len(reached) == controls:
            break
    return len(reached), controls
