"""A learner's journey in a real JupyterLab in Chromium: the entry self-test recommends a route, a real
module's exercise and quiz are done, the My progress page makes a certificate, and the certificate
prints to a PDF that holds the learner's name and the module (read back with pdftotext). The new
widget areas are checked with axe-core, and every control of My progress is reached with the Tab key."""

from __future__ import annotations

import re
import shutil
import subprocess

import nbformat
import pytest
import yaml
from widgets.jupyterlab import (  # noqa: F401 (jupyter_lab is a fixture)
    code_cell,
    controls_reached_by_tab,
    jupyter_lab,
    lab_page,
    open_notebook,
    widget_axe_violations,
)

from support import REPO, require_executable

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

MODULE = "search-01-planning"
LEARNER = "Asha Patel"
RESULTS = REPO / "test-results"
TIMEOUT = 120_000


def exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def copy_with_record_folder(lab, source, name, record) -> None:
    """Copy a course notebook into the lab, with a first cell keeping the record in the test's folder
    (so the developer's own home folder is never touched)."""
    notebook = nbformat.read(source, as_version=4)
    notebook.cells.insert(0, code_cell(f"from searchcraft.widgets import use_record_folder\n"
                                       f"use_record_folder({str(record)!r})"))
    target = lab.root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def test_entry_test_module_quiz_and_exercise_to_a_printed_certificate(jupyter_lab, browser, tmp_path):
    pdftotext = require_executable("pdftotext")
    RESULTS.mkdir(exist_ok=True)
    record = jupyter_lab.root / "journey-record"
    shutil.rmtree(record, ignore_errors=True)
    module_dir = jupyter_lab.root / "modules" / MODULE
    shutil.copytree(REPO / "modules" / MODULE, module_dir, dirs_exist_ok=True)
    page_name = next(p.name for p in (REPO / "modules" / MODULE).glob("*.ipynb"))
    copy_with_record_folder(jupyter_lab, REPO / "modules" / MODULE / page_name, f"modules/{MODULE}/{page_name}", record)
    copy_with_record_folder(jupyter_lab, REPO / "book" / "where-to-start.ipynb", "where-to-start.ipynb", record)
    copy_with_record_folder(jupyter_lab, REPO / "book" / "my-progress.ipynb", "my-progress.ipynb", record)
    page = lab_page(browser, jupyter_lab)

    # 1. The entry self-test: foundation all right, one practitioner question right -> practitioner route.
    open_notebook(page, jupyter_lab, "where-to-start.ipynb", timeout=TIMEOUT)
    test = page.locator(".searchcraft-entry-test")
    test.wait_for()
    from searchcraft.widgets.models.entry_test import QUESTIONS

    right = {"f1", "f2", "f3", "p1"}
    groups = test.locator(".widget-radio-box")
    assert groups.count() == len(QUESTIONS)
    for number, question in enumerate(QUESTIONS):
        choice = question.correct if question.id in right else (question.correct + 1) % len(question.options)
        groups.nth(number).locator("label").filter(has_text=exactly(question.options[choice].text)).click()
    test.get_by_role("button", name="Mark my answers").click()
    page.wait_for_function("() => document.body.innerText.includes('We recommend the Practitioner route')",
                           timeout=TIMEOUT)
    assert "Modules to study: 16" in test.inner_text()
    page.screenshot(path=str(RESULTS / "entry-test.png"), full_page=True)
    entry_violations = widget_axe_violations(page)

    # 2. The module page: its banner, Exercise 1 (the question framer) and its quiz.
    open_notebook(page, jupyter_lab, f"modules/{MODULE}/{page_name}", timeout=TIMEOUT)
    banner = page.locator(".searchcraft-module-banner")
    banner.wait_for()
    banner.scroll_into_view_if_needed()
    assert "Level: Foundation" in " ".join(banner.text_content().split())
    question_box = page.get_by_label("Your question:")
    question_box.fill("How do family carers of people with dementia experience respite care?")
    question_box.press("Tab")
    framework = page.locator(".widget-dropdown select").filter(has=page.locator("option", has_text="PICo:"))
    framework.select_option(label=framework.locator("option", has_text="PICo:").first.inner_text())
    population = page.get_by_label(re.compile("^Population"))
    population.first.fill("family carers, caregivers")
    population.first.press("Tab")
    page.get_by_role("button", name="Make concept table").click()
    page.wait_for_function("() => [...document.querySelectorAll('.jp-OutputArea-output th')]"
                           ".some(th => th.textContent.trim() === 'Population')", timeout=TIMEOUT)

    quiz_data = yaml.safe_load((REPO / "modules" / MODULE / "quiz.yml").read_text(encoding="utf-8"))
    quiz = page.locator(".jp-OutputArea-output").filter(has=page.get_by_role("button", name="Check answer 1"))
    options = quiz.locator("label:has(input)")
    assert options.count() == sum(len(q["options"]) for q in quiz_data["questions"])
    index = 0
    for number, question in enumerate(quiz_data["questions"], start=1):
        for option in question["options"]:
            if option["correct"]:
                options.nth(index).click()
            index += 1
        quiz.get_by_role("button", name=f"Check answer {number}").click()
    total = len(quiz_data["questions"])
    page.wait_for_function(f"() => document.body.innerText.includes('Score: {total} of {total} correct')",
                           timeout=TIMEOUT)

    # 3. My progress: name, exercises done, a certificate.
    open_notebook(page, jupyter_lab, "my-progress.ipynb", timeout=TIMEOUT)
    progress = page.locator(".searchcraft-my-progress")
    progress.wait_for()
    assert "Practitioner route</strong> (recommended" in progress.inner_html()
    name = progress.get_by_label("Your name:")
    name.fill(LEARNER)
    name.press("Enter")
    progress.locator("select").first.select_option(label="Planning a search")
    progress.locator("label").filter(has_text="I have done this module's exercises").click()
    page.wait_for_function("() => document.body.innerText.includes('Planning a search: complete.')", timeout=TIMEOUT)
    progress.get_by_role("button", name="Make module certificate").click()
    page.wait_for_function(f"() => document.body.innerText.includes('Saved certificate-{MODULE}.html')",
                           timeout=TIMEOUT)
    progress.get_by_role("button", name="Refresh").click()
    page.wait_for_function("() => /Planning a search\\s+Foundation\\s+\\S.*complete \\(/.test("
                           "document.querySelector('.searchcraft-progress').innerText)", timeout=TIMEOUT)
    page.screenshot(path=str(RESULTS / "my-progress.png"), full_page=True)
    progress_violations = widget_axe_violations(page)
    reached, controls = controls_reached_by_tab(page, start=".searchcraft-my-progress input[type=text]")
    assert controls >= 8 and reached == controls, f"the Tab key reached {reached} of {controls} controls"

    # 4. The certificate, printed to PDF by Chromium, read back as text.
    relative = (record / "certificates" / f"certificate-{MODULE}.html").relative_to(jupyter_lab.root)
    page.goto(f"{jupyter_lab.url}/files/{relative.as_posix()}?token={jupyter_lab.token}")
    page.wait_for_selector("h1")
    pdf = tmp_path / "certificate.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    shutil.copy(pdf, RESULTS / "certificate.pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert LEARNER in text
    assert "Planning a search" in text and "Certificate of completion" in text
    assert "Learning outcomes met" in text and "Save as PDF" not in text   # the hint is not printed
    page.close()

    assert entry_violations == [], entry_violations
    assert progress_violations == [], progress_violations
