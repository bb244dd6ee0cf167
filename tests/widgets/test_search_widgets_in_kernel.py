"""The search widgets in real Jupyter kernels (nbclient): driven from a notebook, and surviving a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import require

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run_cells(cells: list[str], folder: Path):
    """Run code cells in a fresh python3 kernel whose working folder is ``folder``."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        require(False, "the python3 Jupyter kernel")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def printed(cell) -> list[str]:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").splitlines()


FIRST_SESSION = """
from html import unescape
from searchcraft.widgets import ConceptTable, HeadingBrowser, SearchBuilder, TruncationExplorer
builder = SearchBuilder(gold='falls-exercise', save_to='work/builder.json')
builder.line.value = 'falls[tiab]'
print(unescape(builder.count.value).split('>')[1].split('<')[0])
builder.add.click()
builder.line.value = 'exercise*[tiab]'
builder.add.click()
builder.line.value = '#1 AND #2'
builder.add.click()
builder.line.value = 'tai chi AND (falls'
table = ConceptTable([{'concept': 'Falls', 'terms': ['falls']}], save_to='work/table.json')
browser = HeadingBrowser(concept_table=table, save_to='work/headings.json')
browser.show('Accidental Falls')
browser.add.click()
explorer = TruncationExplorer('randomis*', save_to='work/truncation.json')
print(builder.model.history.to_text())
print(table.strategy())
builder
"""

SECOND_SESSION = """
from searchcraft.widgets import ConceptTable, HeadingBrowser, SearchBuilder, TruncationExplorer
builder = SearchBuilder(save_to='work/builder.json')
print(builder.model.history.to_text())
print(builder.model.gold.name)
print(ConceptTable(save_to='work/table.json').strategy())
print(HeadingBrowser(save_to='work/headings.json').model.selected)
print(TruncationExplorer(save_to='work/truncation.json').stem.value)
print(SearchBuilder(save_to='work/broken.json').status.value)
"""


def test_search_widgets_work_in_a_kernel_and_survive_a_restart(tmp_path):
    first = run_cells([FIRST_SESSION], tmp_path).cells[0]
    lines = printed(first)
    assert lines[0].startswith("falls[tiab] would find ") and lines[0].endswith(" records.")
    strategy = lines[1:4]
    assert [line.split(" (")[0] for line in strategy] == ["#1 falls[tiab]", "#2 exercise*[tiab]", "#3 #1 AND #2"]
    assert lines[4] == 'falls[tiab] OR "Accidental Falls"[mh]'
    assert any(WIDGET_VIEW in o.get("data", {}) for o in first.outputs)

    (tmp_path / "work" / "broken.json").write_text('{"kind": "SearchBuilder", "state": [', encoding="utf-8")
    second = printed(run_cells([SECOND_SESSION], tmp_path).cells[0])  # a new kernel: only the files remain
    assert second[:3] == strategy  # the same lines, numbers and counts
    assert second[3:7] == ["falls-exercise", 'falls[tiab] OR "Accidental Falls"[mh]', "Accidental Falls", "randomis*"]
    assert "could not be loaded" in second[7] and "broken.corrupt-1.json" in second[7]
    assert (tmp_path / "work" / "broken.corrupt-1.json").is_file()
