"""The learner's record in real Jupyter kernels: a module's banner and quiz write the record, and a
second kernel (another notebook, as on a hub) reads it, marks exercises done and makes certificates."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from searchcraft.pathways import course_registry, format_minutes
from support import REPO, printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

QUIZ = REPO / "modules" / "search-05-boolean-logic" / "quiz.yml"

MODULE_PAGE = f"""
from searchcraft.widgets import Quiz, show_module_banner, use_record_folder
use_record_folder('record')
banner = show_module_banner("search-05-boolean-logic")
display(banner)
quiz = Quiz({str(QUIZ)!r})
for view in quiz.views:                     # answer every question correctly, as a learner would
    correct = sorted(view.question.correct_indexes)
    if view.boxes:
        for i, box in enumerate(view.boxes):
            box.value = i in correct
    else:
        view.choices.value = correct[0]
    view.check.click()
print(quiz.model.score().text())
"""

PROGRESS_PAGE = """
from pathlib import Path
from searchcraft.widgets import MyProgress, use_record_folder
use_record_folder('record')
page = MyProgress()
page.name.value = 'Asha Patel'
page.module.value = 'search-05-boolean-logic'
page.exercises.value = True
page.module_certificate.click()
print(page.status.value)
page.cpd.click()
print(sorted(p.name for p in Path('record/certificates').iterdir()))
"""


def test_a_quiz_on_a_module_page_is_recorded_and_the_progress_page_makes_a_certificate(tmp_path):
    first = run_in_kernel([MODULE_PAGE], tmp_path)
    html = [o["data"]["text/html"] for o in first.cells[0].outputs if "text/html" in o.get("data", {})]
    minutes = format_minutes(course_registry().module("search-05-boolean-logic").minutes)
    assert html and "Level:</strong> Foundation" in html[0] and minutes in html[0]
    total = len(yaml.safe_load(QUIZ.read_text())["questions"])
    assert f"{total} of {total} correct" in printed(first.cells[0])
    saved = json.loads((tmp_path / "record" / "record.json").read_text())
    assert saved["kind"] == "LearnerRecord"
    quiz = saved["state"]["modules"]["search-05-boolean-logic"]["quiz"]
    assert quiz["correct"] == quiz["total"] == total and quiz["passed"] is True

    second = run_in_kernel([PROGRESS_PAGE], tmp_path)   # a new kernel: only the file is shared
    out = printed(second.cells[0])
    assert "Saved certificate-search-05-boolean-logic.html" in out
    assert "['certificate-search-05-boolean-logic.html', 'cpd-record.csv']" in out
    certificate = (tmp_path / "record" / "certificates" / "certificate-search-05-boolean-logic.html").read_text()
    assert "Asha Patel" in certificate and "Boolean operators: AND, OR and NOT" in certificate
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "record" / "certificates" / "cpd-record.csv").read_text(encoding="utf-8-sig"))))
    assert [r["skills_areas"] for r in rows] == ["Building search strategies"]
    record = json.loads((tmp_path / "record" / "record.json").read_text())["state"]
    assert record["name"] == "Asha Patel"
    assert record["modules"]["search-05-boolean-logic"]["completed"]
    assert not list((tmp_path / "record").glob(".*.tmp"))   # written atomically: no temporary files left


def test_a_quiz_without_a_module_banner_records_nothing(tmp_path):
    run_in_kernel([
        "from searchcraft.widgets import Quiz, use_record_folder\nuse_record_folder('record')\n"
        "quiz = Quiz('boolean-basics')\nquiz.views[0].choices.value = 1\nquiz.views[0].check.click()"], tmp_path)
    assert not (tmp_path / "record").exists()
