"""The real course: every module has the parts a module must have, its quiz gives feedback on every
option, and `searchcraft course check` finds nothing to fix before publishing."""

from __future__ import annotations

import pytest

from searchcraft.course.check import check_course, toc_files
from searchcraft.course.modules import find_modules, missing_parts
from searchcraft.widgets.models.quiz import load_quiz
from support import REPO

MODULES = find_modules(REPO)
SEARCHING = [m for m in MODULES if m.name.startswith("search-")]


def test_the_course_has_the_literature_searching_and_other_modules():
    assert len(SEARCHING) >= 10
    assert {m.name.split("-")[0] for m in MODULES} >= {"search", "km", "hl", "cpd"}


def test_course_check_finds_nothing_to_fix():
    assert [str(problem) for problem in check_course(REPO)] == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_module_has_every_required_part(module):
    assert missing_parts(module, REPO) == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_module_quiz_has_feedback_on_every_option(module):
    quiz = load_quiz(module.path / "quiz.yml")
    assert len(quiz.questions) >= 5
    for question in quiz.questions:
        assert any(option.correct for option in question.options)
        for option in question.options:
            assert len(option.feedback.split()) >= 4, f"{question.id}: feedback too thin on {option.text!r}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_every_page_of_the_module_is_published(module):
    listed = set(toc_files(REPO))
    for page in module.pages:
        assert page.relative_to(REPO).with_suffix("").as_posix() in listed
