"""The search widgets in a real JupyterLab in Chromium: a live count while typing, keyboard use, axe-core."""

from __future__ import annotations

import json
import re

import pytest
from widgets.jupyterlab import (  # noqa: F401 (jupyter_lab is a fixture)
    code_cell,
    controls_reached_by_tab,
    jupyter_lab,
    lab_page,
    open_notebook,
    widget_axe_violations,
)

from support import REPO

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

RESULTS = REPO / "test-results"

BUILDER = "from searchcraft.widgets import SearchBuilder\nSearchBuilder(save_to='work/builder-lab.json')"

ALL_SEARCH_WIDGETS = """
from IPython.display import display
from searchcraft.widgets import BooleanVenn, ConceptTable, HeadingBrowser, SearchBuilder, TruncationExplorer
builder = SearchBuilder(gold='falls-exercise')
builder.line.value = 'falls[tiab]'
builder.add.click()
builder.show.click()
builder.mark.click()
table = ConceptTable([{'concept': 'Population', 'terms': ['older adults']}, {'concept': 'Outcome', 'terms': ['falls']}])
browser = HeadingBrowser(concept_table=table)
browser.show('Accidental Falls')
for widget in (builder, table, TruncationExplorer('nurse*'), browser,
               BooleanVenn.from_queries(['falls[tiab]', 'exercise*[tiab]', '"Aged"[mh]'])):
    display(widget)
"""


def _expected_count(query: str) -> int:
    from searchcraft.widgets.models.practice import practice_database

    return practice_database().count(query)


def test_typing_in_the_search_builder_shows_the_live_count_and_enter_adds_the_line(jupyter_lab, browser):
    jupyter_lab.add_notebook("search-builder.ipynb", [code_cell(BUILDER, hide_source=True)])
    page = lab_page(browser, jupyter_lab)
    open_notebook(page, jupyter_lab, "search-builder.ipynb")
    line = page.locator(".jp-OutputArea-output .widget-text", has_text="Search line:").locator("input")
    line.wait_for()
    line.click()
    page.keyboard.type('falls[tiab] AND "tai chi"[tiab]', delay=20)
    expected = _expected_count('falls[tiab] AND "tai chi"[tiab]')
    live = page.locator(".jp-OutputArea-output [role=status]", has_text="would find")
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('[role=status]')].some(e => e.textContent.includes("
        "'\"tai chi\"[tiab] would find ' + n))", arg=f"{expected:,}", timeout=15_000)
    assert re.search(rf'"tai chi"\[tiab\] would find {expected:,} records?\.', live.inner_text())
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "search-builder-typing.png"))

    # a syntax error shows a caret and keeps the line
    page.keyboard.type(" AND (", delay=20)
    problem = page.locator(".jp-OutputArea-output [role=status]", has_text="Not a complete search yet")
    problem.wait_for(timeout=15_000)
    assert "^" in problem.inner_text() and "Hint:" in problem.inner_text()
    for _ in " AND (":
        page.keyboard.press("Backspace")
    live.wait_for(timeout=15_000)
    # Tab to the button and press Enter: the line joins the history
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Add to history"
    page.keyboard.press("Enter")
    history = page.locator(".jp-OutputArea-output table", has_text="Search history")
    history.wait_for(timeout=15_000)
    assert "#1" in history.inner_text() and f"{expected:,}" in history.inner_text()
    page.screenshot(path=str(RESULTS / "search-builder.png"))
    saved = json.loads((jupyter_lab.root / "work" / "builder-lab.json").read_text())
    assert saved["state"]["lines"] == [{"number": 1, "query": 'falls[tiab] AND "tai chi"[tiab]'}]
    page.close()


def test_search_widgets_pass_axe_and_every_control_is_reached_by_tab(jupyter_lab, browser):
    jupyter_lab.add_notebook("search-widgets.ipynb", [code_cell(ALL_SEARCH_WIDGETS, hide_source=True)])
    page = lab_page(browser, jupyter_lab, height=1000)
    open_notebook(page, jupyter_lab, "search-widgets.ipynb")
    page.locator(".jp-OutputArea-output svg[role=img]").first.wait_for()
    page.locator(".jp-OutputArea-output mark").first.wait_for()  # the results list, with highlighted words
    RESULTS.mkdir(exist_ok=True)
    outputs = page.locator(".jp-OutputArea-output")
    for number, name in enumerate(("builder", "concept-table", "truncation", "headings", "venn")):
        outputs.nth(number).screenshot(path=str(RESULTS / f"search-widget-{name}.png"))
    serious = widget_axe_violations(page)
    assert serious == [], json.dumps(serious, indent=1)

    reached, controls = controls_reached_by_tab(page)
    assert controls >= 60  # five widgets, the headings tree alone has dozens of buttons
    assert reached == controls, f"Tab reached {reached} of {controls} controls"
    page.close()
