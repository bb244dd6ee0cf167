"""Open in JupyterLab, in your browser: the course's JupyterLite copy under the built site's ``lab/``.

The browser tests drive Debian's Chromium against the built site (``built_site``, which builds the lab as
``make book`` does) served by a plain static HTTP server on 127.0.0.1, record every request, and check
that none left 127.0.0.1 and none failed.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from searchcraft.course.lab_link import lab_href
from searchcraft.course.lab_site import canonical, data_wheel, pyodide_lock
from support import REPO, Recorder, require

BOOLEAN = "modules/search-05-boolean-logic/boolean-operators.ipynb"
KERNEL_MS = 300_000
ALL_CELLS_RAN = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent.trim());
  return prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
}"""


def test_the_lock_names_only_served_wheels_with_their_own_hashes(tmp_path):
    live = REPO / "_live"
    require((live / "pyodide" / "pyodide-lock.json").is_file(), "the live files (run `make vendor`)")
    wheels = sorted((live / "wheels").glob("*.whl"))
    lock = pyodide_lock(live / "pyodide", wheels)
    assert set(lock["packages"]) == {canonical(w.name.split("-")[0]) for w in wheels}
    for wheel in wheels:
        entry = lock["packages"][canonical(wheel.name.split("-")[0])]
        assert entry["file_name"] == wheel.name
        assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
        assert set(entry["depends"]) <= set(lock["packages"])
    assert "searchcraft" in lock["packages"]["searchcraft"]["imports"]
    assert {"comm", "traitlets"} <= set(lock["packages"]["ipywidgets"]["depends"])


def test_the_database_wheel_holds_the_database_byte_for_byte(tmp_path):
    database = tmp_path / "practice.sqlite"
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    wheel = data_wheel(database, tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("searchcraft_practice_data/practice.sqlite") == database.read_bytes()
        assert "searchcraft_practice_data/__init__.py" in archive.namelist()
        record = archive.read(f"searchcraft_practice_data-{wheel.name.split('-')[1]}.dist-info/RECORD").decode()
    assert "searchcraft_practice_data/practice.sqlite,sha256=" in record


def test_a_page_links_to_its_notebook_in_the_lab_relative_to_itself():
    def pathto(uri, resource):
        return "../../" + uri

    assert lab_href(pathto, "modules/a b/c.ipynb") == "../../lab/lab/index.html?path=modules/a%20b/c.ipynb"
    assert lab_href(pathto, None) == "../../lab/lab/index.html"


@pytest.fixture(scope="module")
def lab_site(built_site) -> Path:
    require((built_site / "lab" / "jupyter-lite.json").is_file(),
            "the JupyterLite build (run `make vendor`, then the site build runs `searchcraft course lab`)")
    return built_site


@pytest.mark.slow
def test_the_lab_holds_every_notebook_and_no_pypi_fallback(lab_site):
    notebooks = {p.relative_to(REPO).as_posix() for folder in ("modules", "book")
                 for p in (REPO / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    served = {p.relative_to(lab_site / "lab" / "files").as_posix()
              for p in (lab_site / "lab" / "files").rglob("*.ipynb")}
    assert notebooks and notebooks <= served
    config = json.loads((lab_site / "lab" / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    names = {extension["name"] for extension in config["federated_extensions"]}
    assert names == {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"}


@pytest.mark.slow
def test_notebook_pages_link_to_their_notebook_in_the_lab(lab_site):
    page = (lab_site / BOOLEAN).with_suffix(".html").read_text(encoding="utf-8")
    href = "../../lab/lab/index.html?path=modules/search-05-boolean-logic/boolean-operators.ipynb"
    assert page.count(f'href="{href}"') >= 2  # the launch menu and the top of the page
    assert "Open in JupyterLab, in your browser" in page
    assert "example.org" not in page and "searchcraft-course/searchcraft" not in page


def run_all_and_check(page) -> None:
    """Run All in the lab's Run menu, wait until every code cell has run, and check no cell failed."""
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=KERNEL_MS)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(ALL_CELLS_RAN, timeout=KERNEL_MS, polling=500)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.locator(".jupyter-widgets").count() > 0  # the widgets drew, not just their text stand-in


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.xfail(reason="Known failure since the realistic corpus and the new exercises were merged: Run All on "
                          "search-05 in the JupyterLite lab does not finish within 300 s (left open in issue 15)",
                   strict=False)
def test_the_lab_opens_a_module_notebook_and_runs_it_to_the_end_with_no_error(browser, lab_site, site_url):
    context = browser.new_context()
    recorder = Recorder(context, site_url)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/lab/lab/index.html?path={BOOLEAN}")
        run_all_and_check(page)
        recorder.assert_clean()
    finally:
        context.close()
