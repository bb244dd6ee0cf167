"""The learner's record: completion, routes, certificates and the CPD export, worked by hand."""

from __future__ import annotations

import csv
import io
import json
from html import escape

import pytest

from searchcraft.pathways import course_registry, format_hours, format_minutes
from searchcraft.widgets.models.progress import LearnerRecordModel, RecordError

BOOLEAN = "search-05-boolean-logic"


def complete(record, module_id, on="2026-11-30"):
    record.note_quiz(module_id, correct=5, checked=5, total=5, on=on)
    record.set_exercises_done(module_id, True, on=on)


def test_a_module_is_complete_only_with_a_passed_quiz_and_exercises_done():
    record = LearnerRecordModel()
    assert record.status(BOOLEAN) == "not started"
    record.note_quiz(BOOLEAN, correct=4, checked=5, total=6, on="2026-11-01")
    assert record.status(BOOLEAN) == "started"
    assert record.quiz_text(BOOLEAN) == "4 of 6 correct (5 checked)"
    record.set_exercises_done(BOOLEAN, True, on="2026-11-01")
    assert record.status(BOOLEAN) == "started"            # not every question checked yet
    record.note_quiz(BOOLEAN, correct=4, checked=6, total=6, on="2026-11-02")
    assert record.status(BOOLEAN) == "started"            # 4 of 6 is 67%, below the 80% pass mark
    record.note_quiz(BOOLEAN, correct=5, checked=6, total=6, on="2026-11-03")
    assert record.status(BOOLEAN) == "complete"           # 5 of 6 is 83%
    assert record.modules[BOOLEAN]["completed"] == "2026-11-03"
    record.note_quiz(BOOLEAN, correct=3, checked=6, total=6, on="2026-11-04")
    assert record.status(BOOLEAN) == "complete"           # a later, lower attempt keeps the pass
    record.set_exercises_done(BOOLEAN, False)
    assert record.status(BOOLEAN) == "started"


def test_impossible_scores_and_unknown_modules_are_refused():
    record = LearnerRecordModel()
    with pytest.raises(RecordError, match="not possible"):
        record.note_quiz(BOOLEAN, correct=5, checked=4, total=6)
    with pytest.raises(Exception, match="no module 'search-99'"):
        record.note_quiz("search-99", correct=1, checked=1, total=1)


def test_route_progress_counts_modules_and_minutes_to_study():
    registry = course_registry()
    record = LearnerRecordModel()
    advanced = [m for m in registry.modules if m.level == "advanced"]
    for module in advanced[:2]:
        complete(record, module.id)
    complete(record, BOOLEAN)  # foundation: optional on the advanced route
    progress = record.route_progress("advanced")
    assert (progress.done, progress.total) == (2, len(advanced))
    assert progress.minutes_done == advanced[0].minutes + advanced[1].minutes
    assert record.route_progress("foundation").done == 3
    assert not progress.complete


def test_the_record_survives_a_json_round_trip():
    record = LearnerRecordModel()
    record.name = "Asha Patel"
    record.note_entry_test({"route": "practitioner", "scores": {}}, on="2026-11-01")
    complete(record, BOOLEAN)
    again = LearnerRecordModel(json.loads(json.dumps(record.to_state())))
    assert again.status(BOOLEAN) == "complete" and again.name == "Asha Patel"
    assert again.recommended_route() == "practitioner"


def test_a_module_certificate_has_name_date_hours_and_outcomes():
    record = LearnerRecordModel()
    record.name = "  Asha   <Patel> "
    complete(record, BOOLEAN, on="2026-11-30")
    html = record.module_certificate(BOOLEAN)
    module = course_registry().module(BOOLEAN)
    assert "Asha &lt;Patel&gt;" in html                  # the name, tidied and escaped
    assert "30 November 2026" in html
    assert f"{format_minutes(module.minutes)} ({format_hours(module.minutes)} hours)" in html
    assert module.title in html
    for outcome in module.outcomes:
        assert escape(outcome.replace("`", "")) in html
    assert "@page" in html and "@media print" in html


def test_certificates_refuse_unfinished_work_or_a_missing_name_and_say_what_is_left():
    record = LearnerRecordModel()
    record.note_quiz(BOOLEAN, correct=6, checked=6, total=6)
    with pytest.raises(RecordError) as raised:
        record.module_certificate(BOOLEAN)
    assert "tick that you have done the exercises" in raised.value.hint
    record.set_exercises_done(BOOLEAN, True)
    with pytest.raises(RecordError, match="needs your name"):
        record.module_certificate(BOOLEAN)
    record.name = "Asha Patel"
    with pytest.raises(RecordError, match="Advanced route is not complete: 6 modules to go"):
        record.route_certificate("advanced")


def test_a_route_certificate_lists_every_module_on_the_route_with_its_total_time():
    registry = course_registry()
    record = LearnerRecordModel()
    record.name = "Sam Lee"
    route = registry.route("advanced")
    for day, module in enumerate(route.core, start=1):
        complete(record, module.id, on=f"2026-10-{day:02d}")
    html = record.route_certificate("advanced")
    assert "Sam Lee" in html and "the SearchCraft Advanced route" in html
    assert f"{len(route.core)} modules" in html and "6 October 2026" in html  # the last completion
    for module in route.core:
        assert module.title in html


def test_the_cpd_export_maps_each_completed_module_to_skills_areas():
    record = LearnerRecordModel()
    complete(record, BOOLEAN, on="2026-11-30")
    complete(record, "search-10-reporting", on="2026-12-01")
    record.note_quiz("search-01-planning", correct=1, checked=1, total=6)  # started only: not exported
    rows = list(csv.DictReader(io.StringIO(record.cpd_csv())))
    assert [r["activity"] for r in rows] == ["SearchCraft module: Boolean operators: AND, OR and NOT",
                                             "SearchCraft module: Documenting and reporting a search"]
    assert rows[0]["hours"] == format_hours(course_registry().module(BOOLEAN).minutes)
    assert rows[0]["date"] == "2026-11-30"
    assert rows[0]["skills_area_ids"] == "strategy" and rows[0]["skills_areas"] == "Building search strategies"
    assert rows[1]["skills_areas"] == "Recording and reporting searches"
    assert "`" not in rows[0]["outcomes_met"] and "AND, OR and NOT" in rows[0]["outcomes_met"]


def test_every_registry_competency_is_an_area_of_the_skills_profile_framework():
    from searchcraft.widgets.models.skills import skills_framework

    areas = {area.id: area.name for area in skills_framework().areas}
    assert course_registry().competency_names == areas


def test_a_module_quiz_is_found_by_its_folder_or_the_banner_shown(tmp_path):
    from searchcraft.widgets import learner_record

    module_quiz = tmp_path / "search-05-boolean-logic" / "quiz.yml"
    other_quiz = tmp_path / "practice" / "quiz.yml"
    for path in (module_quiz, other_quiz, tmp_path / "search-08-multiple-databases" / "translation-check.yml"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("questions: []\n")
    learner_record._STATE["module"] = None
    assert learner_record.quiz_module(module_quiz) == "search-05-boolean-logic"   # a later page, no banner
    assert learner_record.quiz_module(other_quiz) is None
    learner_record.show_module_banner("search-01-planning")
    try:
        assert learner_record.quiz_module(other_quiz) == "search-01-planning"
        assert learner_record.quiz_module(module_quiz) == "search-05-boolean-logic"
        assert learner_record.quiz_module(tmp_path / "search-08-multiple-databases" / "translation-check.yml") is None
        assert learner_record.quiz_module(None) is None
    finally:
        learner_record._STATE["module"] = None


def test_the_banner_shows_level_time_and_outcomes_from_the_registry():
    from searchcraft.widgets.learner_record import show_module_banner

    banner = show_module_banner("search-10-reporting")._repr_html_()
    module = course_registry().module("search-10-reporting")
    assert "<strong>Level:</strong> Advanced" in banner and f"about {module.time_text}" in banner
    assert banner.count("<li>") == len(module.outcomes) and 'aria-label="About this module"' in banner


def test_the_record_folder_is_named_from_home_as_a_learner_would_say_it(tmp_path, monkeypatch):
    from pathlib import Path

    from searchcraft.widgets.learner_record import folder_for_people, record_folder, use_record_folder

    monkeypatch.delenv("SEARCHCRAFT_RECORD_DIR", raising=False)
    use_record_folder(None)
    assert record_folder() == Path.home() / "searchcraft-work" / "my-record"
    assert folder_for_people() == "~/searchcraft-work/my-record"
    try:
        assert folder_for_people(use_record_folder(tmp_path / "elsewhere")) == str(tmp_path / "elsewhere")
    finally:
        use_record_folder(None)
