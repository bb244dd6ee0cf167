"""How the checker reads a module's required parts from its headings."""

from __future__ import annotations

import json

import pytest

from searchcraft.course.modules import find_modules, missing_parts, page_sections
from searchcraft.errors import CourseError

COMPLETE = """# Planning a search

## Learning objectives
- Plan a search.

## Exercise 1: frame a question
Text.

## Exercise 2: list the concepts

## Key points
- Plan first.

## Further reading
- Lefebvre C, et al. Cochrane Handbook chapter 4. 2023.
"""


def notebook(cells):
    return json.dumps({"cells": [{"cell_type": t, "source": s, "metadata": {}} for t, s in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course(tmp_path):
    (tmp_path / "modules" / "search-01-planning").mkdir(parents=True)
    (tmp_path / "assessments" / "source" / "search-01-planning").mkdir(parents=True)
    return tmp_path


def write_module(course, cells):
    (course / "modules" / "search-01-planning" / "planning.ipynb").write_text(notebook(cells))
    return find_modules(course)[0]


def test_a_complete_module_lacks_nothing(course):
    module = write_module(course, [("markdown", COMPLETE), ("markdown", "## Quiz"),
                                   ("code", 'Quiz.from_file("quiz.yml")')])
    assert missing_parts(module, course) == []


def test_each_missing_part_is_named(course):
    module = write_module(course, [("markdown", "# Planning\n## Exercise 1\n")])
    problems = " | ".join(missing_parts(module, course))
    for part in ("Learning objectives", "Key points", "Further reading", "at least 2 exercises", "a quiz"):
        assert part in problems


def test_a_quiz_heading_without_a_quiz_widget_does_not_count(course):
    module = write_module(course, [("markdown", COMPLETE + "\n## Quiz\nNo widget here.")])
    assert any("a quiz" in p for p in missing_parts(module, course))


def test_further_reading_needs_a_list_item(course):
    text = COMPLETE.replace("- Lefebvre C, et al. Cochrane Handbook chapter 4. 2023.", "To follow.")
    module = write_module(course, [("markdown", text), ("markdown", "## Quiz"), ("code", "Quiz()")])
    assert missing_parts(module, course) == ["at least one item under 'Further reading'"]


def test_a_module_without_its_assignment_is_reported(course):
    (course / "assessments" / "source" / "search-01-planning").rmdir()
    module = write_module(course, [("markdown", COMPLETE), ("markdown", "## Quiz"), ("code", "Quiz()")])
    assert missing_parts(module, course) == ["its assignment in assessments/source/search-01-planning/"]


def test_headings_inside_code_fences_are_not_sections(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Real\n```\n# not a heading\n```\n## Also real\n")
    assert [s.title for s in page_sections(page)] == ["Real", "Also real"]


def test_a_broken_notebook_is_a_clear_error(course):
    (course / "modules" / "search-01-planning" / "broken.ipynb").write_text("{oops")
    with pytest.raises(CourseError, match="not a readable notebook"):
        find_modules(course)[0].sections()
