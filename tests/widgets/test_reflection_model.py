"""ReflectionLogModel: CPD entries in a reflective model, checked, totalled, exported as CSV and Markdown."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from searchcraft.widgets.models.reflection import (
    ReflectionEntry,
    ReflectionError,
    ReflectionLogModel,
    reflective_model,
    reflective_models,
)

AREA = "Building search strategies"


def entry(when="2026-03-02", title="Peer review with PRESS", model="Gibbs", hours=1.5, area=AREA, **responses):
    return ReflectionEntry(when, title, model, hours, area, responses or {"Description": "I reviewed a search."})


@pytest.mark.parametrize("name, stages", [
    ("Gibbs", ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"]),
    ("Kolb", ["Concrete experience", "Reflective observation", "Abstract conceptualisation", "Active experimentation"]),
    ("Rolfe", ["What?", "So what?", "Now what?"]),
    ("Driscoll", ["What?", "So what?", "Now what?"]),
])
def test_each_model_has_its_stages_with_a_prompt_and_a_source(name, stages):
    model = reflective_model(name)
    assert [s.name for s in model.stages] == stages
    assert all("?" in s.prompt for s in model.stages)  # each stage prompts with a question
    assert model.source


def test_sources_name_the_authors():
    sources = {name: m.source for name, m in reflective_models().items()}
    assert sources["Gibbs"].startswith("Gibbs G") and "1988" in sources["Gibbs"]
    assert sources["Kolb"].startswith("Kolb DA") and "1984" in sources["Kolb"]
    assert "Rolfe G, Freshwater D, Jasper M" in sources["Rolfe"]
    assert sources["Driscoll"].startswith("Driscoll J")


def test_entries_are_kept_in_date_order_and_totalled_by_area():
    log = ReflectionLogModel()
    log.add(entry("2026-04-01", hours=2))
    log.add(entry("2026-01-15", hours=0.5, area="Subject headings"))
    log.add(entry("2026-02-10", hours=1.25))
    assert [e.date for e in log.entries] == ["2026-01-15", "2026-02-10", "2026-04-01"]
    assert log.total_hours() == 3.75
    assert log.hours_by_area() == {"Subject headings": 0.5, AREA: 3.25}


@pytest.mark.parametrize("bad, message", [
    (dict(when="02/03/2026"), "is not a date"),
    (dict(when=(date.today() + timedelta(days=2)).isoformat()), "in the future"),
    (dict(title="   "), "needs a title"),
    (dict(hours=0), "more than 0"),
    (dict(hours=250), "at most 100"),
    (dict(hours="lots"), "must be a number"),
    (dict(model="Schön"), "Unknown reflective model"),
    (dict(area="Juggling"), "Unknown skills area"),
    (dict(Feelings="   "), "reflection is empty"),
    (dict(**{"So what?": "x"}), "Gibbs has no stage 'So what\\?'"),
])
def test_unusable_entries_are_refused_with_a_clear_message(bad, message):
    with pytest.raises(ReflectionError, match=message):
        ReflectionLogModel().add(entry(**bad))


def test_an_entry_with_blank_stages_is_kept_and_says_which():
    added = ReflectionLogModel().add(entry(model="rolfe", **{"What?": "Ran a session", "Now what?": "Repeat"}))
    assert added.model == "Rolfe"
    assert added.missing_stages() == ["So what?"]


def test_csv_export_reads_back_with_the_csv_module(tmp_path):
    log = ReflectionLogModel()
    log.add(entry(title='Taught "Boolean, truncation"', Description="Line one\nline two, with comma",
                  **{"Action plan": "Use PRESS, always."}))
    log.add(entry("2026-05-05", model="Kolb", hours=3, **{"Concrete experience": "Café searching"}))
    path = log.export_csv(tmp_path / "cpd.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["date"] for r in rows] == ["2026-03-02", "2026-05-05"]
    assert rows[0]["title"] == 'Taught "Boolean, truncation"'
    assert rows[0]["reflection"] == "Description: Line one\nline two, with comma\n\nAction plan: Use PRESS, always."
    assert rows[1]["hours"] == "3" and rows[1]["model"] == "Kolb"
    assert rows[1]["reflection"] == "Concrete experience: Café searching"


def test_markdown_export_has_totals_every_stage_and_the_sources(tmp_path):
    log = ReflectionLogModel()
    log.add(entry(hours=1.5))
    text = log.export_markdown(tmp_path / "cpd.md").read_text(encoding="utf-8")
    assert text.startswith("# CPD reflection log\n")
    assert "Total: 1.5 hours in 1 entry." in text
    assert "## 2026-03-02: Peer review with PRESS" in text
    for stage in reflective_model("Gibbs").stages:
        assert f"### {stage.name}" in text
    assert "_Not written yet._" in text
    assert reflective_model("Gibbs").source in text


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path):
    from searchcraft.errors import DataFileError
    with pytest.raises(DataFileError, match="does not exist"):
        ReflectionLogModel([entry()]).export_csv(tmp_path / "nope" / "cpd.csv")


def test_state_round_trips():
    log = ReflectionLogModel([entry(), entry("2026-01-01", model="Driscoll", **{"What?": "x"})])
    assert ReflectionLogModel.from_state(log.to_state()).to_state() == log.to_state()


def test_markdown_export_says_one_hour_not_one_hours():
    log = ReflectionLogModel()
    log.add(entry(hours=1))
    text = log.markdown_text()
    assert "Total: 1 hour in 1 entry." in text
    assert ": 1 hour\n" in text and "1 hours" not in text
