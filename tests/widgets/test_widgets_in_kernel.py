"""The widgets in real Jupyter kernels (nbclient): used from a notebook, and surviving a restart."""

from __future__ import annotations

import json

import pytest

from support import printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_a_notebook_builds_and_drives_the_widgets_in_a_kernel(tmp_path):
    notebook = run_in_kernel([
        "from searchcraft.widgets import Quiz, QuestionFramer\n"
        "quiz = Quiz('question-frameworks')\nquiz",
        "quiz.views[0].choices.value = 1\nquiz.views[0].check.click()\n"
        "quiz.views[1].boxes[0].value = True\nquiz.views[1].check.click()\n"
        "print(quiz.model.score().text())",
        "framer = QuestionFramer('PEO', question='Is night-shift work associated with sleep disorders?')\n"
        "framer.inputs['Exposure'].value = 'shift work; night shift'\n"
        "print(framer.advice.value)\nprint(framer.concept_table())\nframer",
    ], tmp_path)
    first, second, third = notebook.cells
    assert any(WIDGET_VIEW in o.get("data", {}) for o in first.outputs)
    assert printed(second).strip() == "1 of 2 correct"
    assert "Prevalence or aetiology" in printed(third)
    assert "[{'concept': 'Exposure', 'terms': ['shift work', 'night shift']}]" in printed(third)
    # The executed notebook carries the widgets' state, which the published site renders from.
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert any("Check answer 1" == m["state"].get("description") for m in state.values())


RESTART_SETUP = """
from datetime import date
from searchcraft.widgets import PressChecklist, QuestionFramer, Quiz, ReflectionLog, SkillsProfile
framer = QuestionFramer(save_to='work/framer.json')
framer.framework.value = 'PCC'
framer.inputs['Concept'].value = 'clinical librarians'
quiz = Quiz('boolean-basics', save_to='work/quiz.json')
quiz.views[0].choices.value = 1
quiz.views[0].check.click()
log = ReflectionLog('Driscoll', save_to='work/cpd-log.json')
log.title.value = 'Shadowed a clinical librarian'
log.date.value = date(2026, 2, 1)
log.stage_inputs['What?'].value = 'Joined ward rounds'
log.add.click()
skills = SkillsProfile(save_to='work/skills.json')
skills.ratings['Subject headings'].value = 2
skills.snapshot_date.value = date(2026, 2, 1)
skills.take.click()
press = PressChecklist('hand-hygiene', save_to='work/press.json')
press.line_inputs[2].value = 'syntax'
print('saved')
"""

RESTART_CHECK = """
from searchcraft.widgets import PressChecklist, QuestionFramer, Quiz, ReflectionLog, SkillsProfile
framer = QuestionFramer(save_to='work/framer.json')
quiz = Quiz('boolean-basics', save_to='work/quiz.json')
log = ReflectionLog(save_to='work/cpd-log.json')
skills = SkillsProfile(save_to='work/skills.json')
press = PressChecklist(save_to='work/press.json')
print(framer.framework.value, framer.concept_table())
print(quiz.model.score().text())
print([(e.title, e.model) for e in log.model.entries])
print(skills.ratings['Subject headings'].value, skills.model.snapshot_dates())
print(press.strategy.value, press.line_inputs[2].value)
print(Quiz('boolean-basics', save_to='work/broken.json').status.value)
"""


def test_saved_work_survives_a_kernel_restart_and_a_corrupt_file_is_kept_aside(tmp_path):
    first = run_in_kernel([RESTART_SETUP], tmp_path)
    assert printed(first.cells[0]).strip() == "saved"
    (tmp_path / "work" / "broken.json").write_text('{"kind": "Quiz", "state": ', encoding="utf-8")
    second = run_in_kernel([RESTART_CHECK], tmp_path)  # a new kernel: nothing shared but the files
    *restored, message = printed(second.cells[0]).splitlines()
    assert restored == [
        "PCC [{'concept': 'Concept', 'terms': ['clinical librarians']}]",
        "1 of 3 correct",
        "[('Shadowed a clinical librarian', 'Driscoll')]",
        "2 ['2026-02-01']",
        "hand-hygiene syntax",
    ]
    assert "could not be loaded" in message and "broken.corrupt-1.json" in message
    assert (tmp_path / "work" / "broken.corrupt-1.json").read_text() == '{"kind": "Quiz", "state": '
    kinds = {p.name: json.loads(p.read_text())["kind"] for p in (tmp_path / "work").glob("*.json")
             if "corrupt" not in p.name}
    assert kinds == {"framer.json": "QuestionFramer", "quiz.json": "Quiz", "cpd-log.json": "ReflectionLog",
                     "skills.json": "SkillsProfile", "press.json": "PressChecklist"}
