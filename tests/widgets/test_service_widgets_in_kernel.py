"""AdvocacyCardMaker, QualitySelfAssessment and SessionPlanner in real Jupyter kernels: driven from a
notebook, their work (including lines that cannot be read yet) survives a kernel restart, and the card
they export is a page with no serious or critical accessibility violation in Chromium."""

from __future__ import annotations

import json

import pytest

from support import REPO, printed, require, run_in_kernel

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

SETUP = """
from searchcraft.widgets import AdvocacyCardMaker, QualitySelfAssessment, SessionPlanner
card = AdvocacyCardMaker(save_to='work/card.json', export_to='work/card.html')
parts = {'headline': 'Evidence summary changed the falls policy',
         'decision': 'The falls prevention group had two weeks to decide how to revise the inpatient falls policy.',
         'service': 'The clinical librarian searched three databases and wrote a two-page evidence summary.',
         'difference': 'The group added a structured medication review to the policy, citing two reviews we found.',
         'quote': 'The summary gave us the evidence in one place, in time for the meeting.',
         'quote_by': 'Lead nurse, falls prevention group',
         'evidence': 'Email from the lead nurse, 12 March 2026; policy version 4.0.'}
for key, text in parts.items():
    card.inputs[key].value = text
card.export.click()
print('before permission:', 'Not exported' in card.status.value)
card.permission.value = True
card.export.click()
print('after permission:', 'Exported' in card.status.value)

quality = QualitySelfAssessment('Riverside', assessed_on='2026-03-01', save_to='work/quality.json')
level, target, evidence, actions = quality.controls[6]
level.value = 2
target.value = 3
evidence.value = 'Impact questionnaire after every search'
actions.value = 'Extend the questionnaire to training; Clinical librarian; 2026-06-30\\nask for quotes, no owner yet'
print('unreadable line reported:', 'action line 2' in quality.findings.value)

planner = SessionPlanner(save_to='work/plan.json')
planner.title.value = 'Searching CINAHL'
planner.audience.value = 'Ward nurses'
planner.minutes.value = 45
planner.outcomes.value = 'Combine two concepts with AND and OR'
planner.activities.value = 'Pairs build and run a search; 25; 1'
planner.checks.value = 'Tutor reviews each search history; 1'
print('aligned:', planner.plan.aligned())
"""

CHECK = """
from searchcraft.widgets import AdvocacyCardMaker, QualitySelfAssessment, SessionPlanner
card = AdvocacyCardMaker(save_to='work/card.json')
quality = QualitySelfAssessment(save_to='work/quality.json')
planner = SessionPlanner(save_to='work/plan.json')
print(card.card.ready(), card.permission.value, card.inputs['quote_by'].value)
print(quality.service.value, quality.model.ratings[6].level, quality.model.ratings[6].target)
print(repr(quality.controls[6][3].value))
print(planner.plan.title, planner.plan.minutes, planner.plan.aligned())
"""


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("service-widgets")
    first = run_in_kernel([SETUP], folder)
    second = run_in_kernel([CHECK], folder)   # a new kernel: nothing shared but the files
    return folder, printed(first.cells[0]), printed(second.cells[0])


@pytest.mark.notebook
@pytest.mark.slow
def test_the_card_exports_only_with_permission_and_the_plans_are_checked_as_typed(worked):
    _, first, _ = worked
    assert first.splitlines() == ["before permission: True", "after permission: True",
                                  "unreadable line reported: True", "aligned: True"]


@pytest.mark.notebook
@pytest.mark.slow
def test_work_survives_a_kernel_restart_including_a_line_not_yet_readable(worked):
    folder, _, restored = worked
    assert restored.splitlines() == [
        "True True Lead nurse, falls prevention group",
        "Riverside 2 3",
        "'Extend the questionnaire to training; Clinical librarian; 2026-06-30\\nask for quotes, no owner yet'",
        "Searching CINAHL 45 True",
    ]
    kinds = {p.name: json.loads(p.read_text())["kind"] for p in (folder / "work").glob("*.json")}
    assert kinds == {"card.json": "AdvocacyCardMaker", "quality.json": "QualitySelfAssessment",
                     "plan.json": "SessionPlanner"}


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_exported_card_has_no_serious_accessibility_violation_and_prints(worked, browser, scheme):
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    require(axe.is_file(), "axe-core from npm (run `npm ci`)")
    folder, _, _ = worked
    html = (folder / "work" / "card.html").read_text(encoding="utf-8")
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.emulate_media(color_scheme=scheme)
    page.set_content(html, wait_until="load")
    assert page.title() == "Evidence summary changed the falls policy (#AMillionDecisions)"
    assert page.locator("h1").inner_text() == "Evidence summary changed the falls policy"
    page.add_script_tag(path=str(axe))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    serious = [(v["id"], v["help"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert len(result["passes"]) >= 10
    assert serious == []
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert [url for url in requested if url.startswith(("http:", "https:"))] == []
    page.close()
