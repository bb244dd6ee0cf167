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
from urllib.parse import urlparse

import pytest

from searchcraft.course.lab_link import lab_href
from searchcraft.course.lab_site import canonical, data_wheel, pyodide_lock
from support import REPO, Recorder, require

BOOLEAN = "modules/search-05-boolean-logic/boolean-operators.ipynb"
KERNEL_MS = 300_000
# A fresh kernel numbers the cells 1, 2, 3 ... in the order Run All runs them. A cell whose source is
# hidden (the module banner at the top) shows no input prompt at all, so the numbers of the cells after
# it are what show it ran; the last cell must show its own.
ALL_CELLS_RAN = """() => {
  // Every code cell shows an execution number, one more than the cell before it (so one Run All ran
  // them all in order, the hidden banner cell first: the cell after it shows a number above 1). A
  // hidden cell shows an empty prompt.
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  let previous = null;
  return cells.length > 0 && cells.every((cell, i) => {
    const prompt = cell.querySelector('.jp-InputArea-prompt');
    const text = prompt === null ? '' : prompt.textContent.trim();
    if (text === '' && i < cells.length - 1) return true;
    const match = text.match(/^\\[(\\d+)\\]:$/);
    if (!match) return false;
    const n = Number(match[1]);
    const ok = n >= i + 1 && (previous === null || n === previous + 1);
    previous = n;
    return ok;
  });
}"""
SOME_CELL_STARTED = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
  .some(prompt => /\\[(\\*|\\d+)\\]/.test(prompt.textContent))"""


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


def test_the_database_wheel_holds_the_database_and_the_corpus_facts_byte_for_byte(tmp_path):
    from searchcraft.practice.corpus.facts import FACTS_FILE

    database = tmp_path / "practice.sqlite"
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    facts = tmp_path / "facts.json"
    facts.write_text('{"fingerprint": "abc"}', encoding="utf-8")
    wheel = data_wheel(database, tmp_path, facts)
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("searchcraft_practice_data/practice.sqlite") == database.read_bytes()
        assert archive.read(f"searchcraft_practice_data/{FACTS_FILE}") == facts.read_bytes()
        assert "searchcraft_practice_data/__init__.py" in archive.namelist()
        record = archive.read(f"searchcraft_practice_data-{wheel.name.split('-')[1]}.dist-info/RECORD").decode()
    assert "searchcraft_practice_data/practice.sqlite,sha256=" in record


def test_the_lab_is_refused_until_the_site_holds_the_same_pyodide_and_wheels(tmp_path):
    from searchcraft.course.lab_site import site_files
    from searchcraft.errors import CourseError

    live = REPO / "_live"
    require((live / "wheels" / "manifest.json").is_file(), "the live files (run `make vendor`)")
    with pytest.raises(CourseError, match="does not hold the Pyodide and wheels") as raised:
        site_files(live, tmp_path / "_static")
    assert "Build the site first" in raised.value.hint
    manifest = json.loads((live / "wheels" / "manifest.json").read_text())
    for entry in [*manifest["pyodide"]["files"], *manifest["wheels"]]:
        (tmp_path / "_static" / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "_static" / entry["file"]).write_bytes((live / entry["file"]).read_bytes())
    pyodide, wheels = site_files(live, tmp_path / "_static")
    assert (pyodide / "pyodide.asm.wasm").is_file() and len(wheels) == len(manifest["wheels"])
    first = wheels[0]
    first.write_bytes(first.read_bytes() + b"\0")            # one byte out of step: refused again
    with pytest.raises(CourseError, match=first.name):
        site_files(live, tmp_path / "_static")


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
    assert kernel["pyodideUrl"] == "./../_static/pyodide/pyodide.mjs"   # the site's copy
    assert kernel["loadPyodideOptions"] == {"lockFileURL": "static/wheels/pyodide-lock.json"}
    names = {extension["name"] for extension in config["federated_extensions"]}
    assert names == {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"}


@pytest.mark.slow
def test_pyodide_is_stored_once_and_every_wheel_the_lab_locks_is_served_with_its_hash(lab_site):
    cores = sorted(p.relative_to(lab_site).as_posix() for p in lab_site.rglob("pyodide.asm.wasm"))
    assert cores == ["_static/pyodide/pyodide.asm.wasm"]
    assert not (lab_site / "lab" / "static" / "pyodide").exists()
    lock_path = lab_site / "lab" / "static" / "wheels" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    shared = 0
    for entry in lock["packages"].values():
        wheel = (lock_path.parent / entry["file_name"]).resolve()
        assert wheel.is_file(), entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
        shared += wheel.parent == (lab_site / "_static" / "wheels").resolve()
    assert shared == len(list((lab_site / "_static" / "wheels").glob("*.whl")))   # none stored twice
    assert lock["packages"]["searchcraft"]["file_name"].startswith("../../../_static/wheels/")
    assert {"ipython", "searchcraft-practice-data"} <= set(lock["packages"])
    with zipfile.ZipFile(lock_path.parent / lock["packages"]["searchcraft-practice-data"]["file_name"]) as data:
        assert "searchcraft_practice_data/corpus-facts.json" in data.namelist()


@pytest.mark.slow
def test_notebook_pages_link_to_their_notebook_in_the_lab(lab_site):
    page = (lab_site / BOOLEAN).with_suffix(".html").read_text(encoding="utf-8")
    href = "../../lab/lab/index.html?path=modules/search-05-boolean-logic/boolean-operators.ipynb"
    assert page.count(f'href="{href}"') >= 2  # the launch menu and the top of the page
    assert "Open in JupyterLab, in your browser" in page
    assert "example.org" not in page and "searchcraft-course/searchcraft" not in page


def run_all_and_check(page) -> None:
    """Run All in the lab's Run menu, wait until every code cell has run, and check no cell failed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=KERNEL_MS)
    run_all = page.get_by_role("menuitem", name="Run All Cells", exact=True)
    for _attempt in range(3):
        for _ in range(3):   # a menu opened while the lab is still laying itself out can close at once
            page.get_by_role("menuitem", name="Run", exact=True).click()
            try:
                run_all.wait_for(state="visible", timeout=10_000)
                break
            except PlaywrightTimeoutError:
                page.keyboard.press("Escape")
        run_all.click()
        try:   # a Run All pressed before the notebook is ready can be lost: press it again
            page.wait_for_function(SOME_CELL_STARTED, timeout=60_000, polling=500)
            break
        except PlaywrightTimeoutError:
            continue
    page.wait_for_function(ALL_CELLS_RAN, timeout=KERNEL_MS, polling=500)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.locator(".jupyter-widgets").count() > 0  # the widgets drew, not just their text stand-in


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
def test_the_lab_opens_a_module_notebook_and_runs_it_to_the_end_with_no_error(browser, lab_site, site_url):
    context = browser.new_context()
    recorder = Recorder(context, site_url)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/lab/lab/index.html?path={BOOLEAN}")
        run_all_and_check(page)
        recorder.assert_clean()
        paths = [urlparse(url).path for url in recorder.requested]
        assert "/_static/pyodide/pyodide.asm.wasm" in paths   # the site's one copy of Pyodide
        assert "/_static/wheels/" + next((lab_site / "_static" / "wheels").glob("searchcraft-*.whl")).name in paths
        assert not [path for path in paths if path.startswith("/lab/static/pyodide/")]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
def test_after_one_visit_the_lab_runs_a_notebook_with_the_network_cut_off(browser, lab_site, cut_off_site):
    listing = json.loads((lab_site / "lab" / "offline-files.json").read_text())["files"]
    assert "../_static/pyodide/pyodide.asm.wasm" in listing and "files/" + BOOLEAN in listing
    context = browser.new_context()                     # service workers allowed: the offline copy
    recorder = Recorder(context, cut_off_site.url)
    try:
        page = context.new_page()
        page.goto(f"{cut_off_site.url}/lab/lab/index.html?path={BOOLEAN}")
        run_all_and_check(page)
        page.wait_for_function("""async ([root, files]) => {
            const cache = await caches.open('searchcraft-lab-v1');
            const kept = await Promise.all(files.map(f => cache.match(new URL(f, root).href)));
            return kept.every(Boolean);
        }""", arg=[f"{cut_off_site.url}/lab/", listing], timeout=KERNEL_MS, polling=5_000)

        cut_off_site.cut_off()
        context.set_offline(True)
        served_before = len(recorder.requested)
        page.reload()
        run_all_and_check(page)
        assert len(recorder.requested) > served_before   # the lab did ask, and the offline copy answered
        elsewhere = [url for url in recorder.requested if urlparse(url).scheme in ("http", "https")
                     and urlparse(url).netloc != recorder.host]
        assert elsewhere == []
    finally:
        context.close()
