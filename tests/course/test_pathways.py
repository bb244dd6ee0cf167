"""The course registry: levels, study times by the stated rule, routes by level, the front page's routes."""

from __future__ import annotations

import json

import pytest

from searchcraft.errors import CourseError
from searchcraft.pathways import (
    LEVELS,
    course_registry,
    estimate_minutes,
    format_hours,
    format_minutes,
    parse_registry,
    replace_routes,
    routes_markdown,
    within_tolerance,
)

NEW_MODULES = ["ev-01-appraising-evidence", "ev-02-numbers-in-evidence", "ev-03-summarising-evidence",
               "lks-01-showing-impact", "lks-02-service-quality", "lks-03-teaching-searching"]


def test_the_study_time_rule_worked_by_hand():
    # 1500 words / 150 = 10; 2 exercises = 30; 6 questions = 6; 10 code cells = 10 -> 56 -> 55
    assert estimate_minutes(words=1500, exercises=2, quiz_questions=6, code_cells=10) == 55
    # 1915 / 150 = 12.77; 3 x 15 = 45; 6; 16 -> 79.77 -> 80
    assert estimate_minutes(words=1915, exercises=3, quiz_questions=6, code_cells=16) == 80
    assert estimate_minutes(words=0, exercises=0, quiz_questions=0, code_cells=0) == 5


def test_tolerance_is_twenty_percent_either_way():
    assert within_tolerance(60, 50) and within_tolerance(40, 50)
    assert not within_tolerance(61, 50) and not within_tolerance(39, 50)


def test_times_read_as_words_and_decimal_hours():
    assert format_minutes(45) == "45 minutes"
    assert format_minutes(60) == "1 hour"
    assert format_minutes(130) == "2 hours 10 minutes"
    assert format_hours(95) == "1.6"


def test_the_registry_holds_all_24_modules_each_with_level_time_outcomes_and_competencies():
    registry = course_registry()
    assert len(registry.modules) == 24
    assert set(NEW_MODULES) <= set(registry.ids())
    for module in registry.modules:
        assert module.level in LEVELS and module.minutes > 0 and module.outcomes and module.competencies
    assert {m.level for m in registry.modules} == set(LEVELS)


def test_each_route_goes_through_every_module_and_studies_its_level_and_above():
    registry = course_registry()
    foundation, practitioner, advanced = (registry.route(level) for level in LEVELS)
    for route in (foundation, practitioner, advanced):
        assert [s.module.id for s in route.steps] == registry.ids()
    assert len(foundation.core) == 24
    assert all(m.level != "foundation" for m in practitioner.core)
    assert {m.level for m in advanced.core} == {"advanced"}
    assert foundation.minutes == sum(m.minutes for m in registry.modules)
    assert advanced.minutes < practitioner.minutes < foundation.minutes


def test_a_broken_registry_says_what_and_where():
    good = {"id": "x-01", "level": "foundation", "minutes": 30, "outcomes": ["Do"], "competencies": ["q"]}
    with pytest.raises(CourseError, match="module 'x-01' has level 'beginner'"):
        parse_registry(json.dumps({"competencies": {"q": "Q"}, "modules": [{**good, "level": "beginner"}]}))
    with pytest.raises(CourseError, match="has study time '1 hour'"):
        parse_registry(json.dumps({"competencies": {"q": "Q"}, "modules": [{**good, "minutes": "1 hour"}]}))
    with pytest.raises(CourseError, match="lists 'x-01' twice"):
        parse_registry(json.dumps({"competencies": {"q": "Q"}, "modules": [good, good]}))
    with pytest.raises(CourseError, match="unknown area 'q'"):
        parse_registry(json.dumps({"competencies": {}, "modules": [good]}))
    with pytest.raises(CourseError, match="not valid JSON"):
        parse_registry("{")
    with pytest.raises(CourseError, match="no module 'nope'"):
        course_registry().module("nope")


def test_the_front_page_routes_are_generated_and_replaced_in_place():
    section = routes_markdown()
    assert "| Foundation route | 24 |" in section
    page = "# Welcome\n\nIntro.\n"
    once = replace_routes(page)
    assert once.startswith(page.rstrip("\n")) and section in once
    assert replace_routes(once) == once


def test_the_registry_reads_without_pyyaml():
    """The registry runs in the learner's browser, where PyYAML is not available. (The widget models
    package itself still imports PyYAML for its other data files; the record and entry test import
    nothing else from it.)"""
    import subprocess
    import sys

    code = ("import sys; sys.modules['yaml'] = None\n"
            "from searchcraft.pathways import course_registry\n"
            "print(len(course_registry().modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "24"


def test_each_module_first_page_opens_with_its_own_banner_cell():
    from searchcraft.course.check import toc_files
    from support import REPO

    first_pages: dict[str, str] = {}
    for entry in toc_files(REPO):
        parts = entry.split("/")
        if parts[0] == "modules":
            first_pages.setdefault(parts[1], entry)
    assert len(first_pages) >= 18
    for module_id, entry in first_pages.items():
        cell = json.loads((REPO / f"{entry}.ipynb").read_text(encoding="utf-8"))["cells"][0]
        assert cell["cell_type"] == "code", entry
        assert "".join(cell["source"]).endswith(f'show_module_banner("{module_id}")'), entry
        assert "remove-input" in cell["metadata"].get("tags", []) and not cell["outputs"], entry
        course_registry().module(module_id)
