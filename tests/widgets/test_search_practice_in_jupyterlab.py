"""Translator, ScreeningDesk, DedupLab and StrategyOrder in a real JupyterLab in Chromium: screening by
shortcut keys alone, axe-core on every widget, every control reached with Tab, and screenshots."""

from __future__ import annotations

import json

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


def _tab_to_label(page, text: str, limit: int = 120) -> None:
    """Press Tab until the focused control in a widget area is labelled ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate("""() => {
            const a = document.activeElement;
            if (!a.closest('.jp-OutputArea-output')) return '';
            const box = a.closest('.widget-inline-hbox, .widget-button, label');
            return ((box && box.textContent) || a.textContent || '').trim();
        }""")
        if label.startswith(text):
            return
    raise AssertionError(f"Tab never reached the control labelled {text!r}")


def test_screening_by_shortcut_keys_alone_ends_with_the_flow_diagram(jupyter_lab, browser):
    jupyter_lab.add_notebook("screening-keys.ipynb", [code_cell(
        "from searchcraft.widgets import ScreeningDesk\n"
        "ScreeningDesk(query='leaflet*[tiab] AND readability[tiab]', limit=3, save_to='work/screening-keys.json')",
        hide_source=True)])
    page = lab_page(browser, jupyter_lab)
    open_notebook(page, jupyter_lab, "screening-keys.ipynb")
    page.locator(".jp-OutputArea-output article").first.wait_for()
    _tab_to_label(page, "Shortcut keys:")
    for key in ("i", "e", "m"):
        page.keyboard.type(key)
        page.wait_for_timeout(300)     # each key is sent to the kernel and the box is emptied
    page.wait_for_function("() => [...document.querySelectorAll('.jp-OutputArea-output label')]"
                           ".some(e => e.textContent.includes('Screened 3 of 3'))", timeout=20_000)
    flow = page.locator(".jp-OutputArea-output figure svg[role=img]")
    flow.wait_for(timeout=20_000)
    assert "1 records excluded" in flow.locator("desc").text_content()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "screening-desk-keys.png"), full_page=True)
    saved = json.loads((jupyter_lab.root / "work" / "screening-keys.json").read_text())
    assert sorted(d["decision"] for d in saved["state"]["decisions"].values()) == ["exclude", "include", "maybe"]
    page.close()


FOUR_WIDGETS = """
from IPython.display import display
from searchcraft.widgets import DedupLab, ScreeningDesk, StrategyOrder, Translator
translator = Translator()
translator.text.value = '(falls[tiab] OR fall[tiab] AND exercise[tiab]'
order = StrategyOrder('falls-exercise')
order.run()
for widget in (translator, order, DedupLab(), ScreeningDesk(query='leaflet*[tiab] AND readability[tiab]', limit=4)):
    display(widget)
"""


def test_the_four_widgets_pass_axe_and_every_control_is_reached_by_tab(jupyter_lab, browser):
    jupyter_lab.add_notebook("search-practice.ipynb", [code_cell(FOUR_WIDGETS, hide_source=True)])
    page = lab_page(browser, jupyter_lab, height=1000)
    open_notebook(page, jupyter_lab, "search-practice.ipynb")
    page.locator(".jp-OutputArea-output article").first.wait_for()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "search-practice-widgets.png"), full_page=True)
    for index, name in enumerate(("translator", "strategy-order", "dedup-lab", "screening-desk")):
        widget = page.locator(".jp-OutputArea-output > .widget-vbox, .jp-OutputArea-output .widget-subarea > "
                              ".widget-vbox").nth(index)
        widget.scroll_into_view_if_needed()
        widget.screenshot(path=str(RESULTS / f"{name}.png"))
    serious = widget_axe_violations(page)
    assert serious == [], json.dumps(serious, indent=1)
    text = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    assert "Could not translate" in text and "Hint:" in text            # the caret and hint are shown
    assert "could not be run" in text                                  # the shuffled strategy fails

    reached, controls = controls_reached_by_tab(page, start=".jp-OutputArea-output select", extra_presses=40)
    assert controls >= 40
    assert reached == controls, f"Tab reached {reached} of {controls} controls"
    page.close()
