"""The widgets in a real JupyterLab in Chromium: a quiz done by keyboard alone, and every widget
checked with axe-core and reached with the Tab key."""

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

_FOCUSED = """() => {
  const a = document.activeElement;
  const label = a.tagName === 'BUTTON' ? a.textContent : (a.closest('label') || a.parentElement).textContent;
  return {tag: a.tagName, type: a.type || '', label: (label || '').trim(),
          inOutput: !!a.closest('.jp-OutputArea-output'), checked: !!a.checked};
}"""


def _tab_to(page, wanted, limit: int = 80) -> dict:
    """Press Tab until the focused element is the one wanted; fail if it is never reached."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if wanted(focused):
            return focused
        seen.append(focused["label"][:30])
    raise AssertionError(f"Tab never reached the control; focus went through: {seen}")


def _option(text: str):
    return lambda f: f["inOutput"] and f["type"] in ("radio", "checkbox") and f["label"] == text


def _button(text: str):
    return lambda f: f["inOutput"] and f["tag"] == "BUTTON" and f["label"] == text


def test_a_quiz_can_be_completed_by_keyboard_alone(jupyter_lab, browser):
    jupyter_lab.add_notebook("quiz-keyboard.ipynb", [code_cell(
        "from searchcraft.widgets import Quiz\nQuiz('boolean-basics', save_to='work/quiz-keyboard.json')",
        hide_source=True)])
    page = lab_page(browser, jupyter_lab)
    open_notebook(page, jupyter_lab, "quiz-keyboard.ipynb")
    page.locator(".jp-OutputArea-output .widget-radio-box").first.wait_for()

    # Question 1 (single answer): AND, with Space to choose and Enter to check.
    _tab_to(page, _option("AND"))
    page.keyboard.press("Space")
    _tab_to(page, _button("Check answer 1"))
    page.keyboard.press("Enter")
    # Question 2 (multiple answers): tick the first two boxes, check with Space.
    for text in ("falls OR accidental falls OR fallers", "elderly OR older adults OR aged"):
        _tab_to(page, _option(text))
        page.keyboard.press("Space")
    _tab_to(page, _button("Check answer 2"))
    page.keyboard.press("Space")
    # Question 3: a deliberately wrong answer, so the score is not simply "all correct".
    _tab_to(page, _option("Only the word nurse"))
    page.keyboard.press("Space")
    _tab_to(page, _button("Check answer 3"))
    page.keyboard.press("Enter")

    score = page.locator(".jp-OutputArea-output [role=status]", has_text="Score:")
    score.wait_for()
    page.wait_for_function("() => [...document.querySelectorAll('[role=status]')]"
                           ".some(e => e.textContent.includes('3 of 3 checked'))", timeout=10_000)
    assert "Score: 2 of 3 correct" in score.inner_text()
    feedback = page.locator(".jp-OutputArea-output [role=status][aria-live=polite]", has_text="Not quite")
    assert "Only the word nurse" in feedback.inner_text()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "quiz-keyboard.png"), full_page=True)
    saved = json.loads((jupyter_lab.root / "work" / "quiz-keyboard.json").read_text())
    assert saved["state"]["checked"] == ["narrow", "synonyms", "truncation"]
    page.close()


ALL_WIDGETS = """
from searchcraft.widgets import PressChecklist, QuestionFramer, Quiz, ReflectionLog, SkillsProfile
from IPython.display import display
for widget in (QuestionFramer(question="How do carers experience respite care?"), Quiz("question-frameworks"),
               ReflectionLog(), SkillsProfile(), PressChecklist("dementia-respite")):
    display(widget)
"""


def test_every_widget_passes_axe_and_every_control_is_reached_by_tab(jupyter_lab, browser):
    jupyter_lab.add_notebook("all-widgets.ipynb", [code_cell(ALL_WIDGETS, hide_source=True)])
    page = lab_page(browser, jupyter_lab, height=1000)
    open_notebook(page, jupyter_lab, "all-widgets.ipynb")
    # The harness keeps the page on 127.0.0.1: a request elsewhere is refused inside the browser.
    assert page.evaluate("() => fetch('https://example.org/').then(() => 'sent', () => 'refused')") == "refused"
    page.locator(".jp-OutputArea-output svg[role=img]").first.wait_for()
    serious = widget_axe_violations(page)
    assert serious == [], json.dumps(serious, indent=1)

    reached, controls = controls_reached_by_tab(page)
    assert controls >= 50  # five widgets: dozens of controls
    assert reached == controls, f"Tab reached {reached} of {controls} controls"
    page.close()
