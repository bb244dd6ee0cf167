"""Every module notebook runs from top to bottom in a real kernel, as a learner's JupyterLab runs it,
with no error in any cell, and every widget it makes reaches the front end as a live widget view.

The site build runs the notebooks too, but only when they change (``execute_notebooks: cache``) and
all at once; this test names the notebook that breaks. Each runs on a copy of its module folder with
a fresh home folder, so nothing a learner has saved on this machine can make it pass or fail.
"""

from __future__ import annotations

import shutil

import pytest

from searchcraft.practice.bundled import build_bundled, cache_directory
from support import REPO, require

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOKS = sorted(path.relative_to(REPO / "modules") for path in (REPO / "modules").glob("*/*.ipynb"))


def test_every_module_folder_has_a_notebook_to_run():
    assert len({path.parts[0] for path in NOTEBOOKS}) >= 24


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_module_notebook_runs_to_the_end_with_every_widget_live(notebook_path, tmp_path, monkeypatch):
    import nbclient
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        require(False, "the python3 Jupyter kernel")
    database = build_bundled(progress=False)            # the shared, already-built practice database
    folder = tmp_path / notebook_path.parts[0]
    shutil.copytree(REPO / "modules" / notebook_path.parts[0], folder)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_directory().parent))
    monkeypatch.setenv("SEARCHCRAFT_PRACTICE_DB", str(database))
    (tmp_path / "home").mkdir()

    notebook = nbformat.read(folder / notebook_path.name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, f"{notebook_path} has no code to run"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()

    errors = [f"cell {n}: {o.ename}: {o.evalue}" for n, cell in enumerate(code)
              for o in cell.outputs if o.output_type == "error"]
    assert errors == [], f"{notebook_path} stopped with an error"
    warnings = [f"cell {n}: {o.text.strip()[:300]}" for n, cell in enumerate(code) for o in cell.outputs
                if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
    assert warnings == [], f"{notebook_path} warns the learner about the kit itself"
    assert all(cell.get("execution_count") for cell in code), "not every cell ran"
    views = [o.data[WIDGET_VIEW]["model_id"] for cell in code for o in cell.outputs
             if o.output_type in ("display_data", "execute_result") and WIDGET_VIEW in o.get("data", {})]
    saved = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    missing = [model for model in views if model not in saved.get("state", {})]
    assert missing == [], "a widget was shown but its model never reached the front end"
    makes_widgets = any(word in cell.source for cell in code
                        for word in ("from searchcraft.widgets import", "import searchcraft.widgets"))
    if makes_widgets:
        assert views, f"{notebook_path} imports widgets but shows none"
