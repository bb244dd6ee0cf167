"""Knowledge management techniques: the data hangs together, the finder's rules choose and explain,
templates keep the learner's plan, and the TechniqueFinder widget works as a learner would use it."""

from __future__ import annotations

import json

import pytest

from searchcraft.errors import DataFileError, SearchCraftError
from searchcraft.widgets.models import techniques as km
from searchcraft.widgets.models.techniques import (
    Situation,
    TechniqueError,
    TechniqueTemplate,
    assess,
    ruled_out,
    suggest,
    technique,
    techniques,
    techniques_for_module,
)

KM_MODULES = ("km-02-learning-before", "km-03-learning-while", "km-04-learning-after")
TAUGHT = {
    "km-02-learning-before": {"Evidence and knowledge self-assessment", "Peer Assist", "Before Action Review",
                              "Appreciative Inquiry"},
    "km-03-learning-while": {"After Action Review", "Knowledge Cafe", "Randomised Coffee Trials",
                             "Communities of practice", "Action Learning Sets", "Fishbowl", "Knowledge assets"},
    "km-04-learning-after": {"Retrospect", "Knowledge harvesting", "Elicitation interview", "Exit interview",
                             "Lessons learned log", "Storytelling"},
}


def names(found):
    return [s.technique.name for s in found]


# --- the data ---------------------------------------------------------------------------------

@pytest.mark.parametrize("module", KM_MODULES)
def test_each_module_teaches_exactly_its_techniques(module):
    assert {t.name for t in techniques_for_module(module)} == TAUGHT[module]


def test_every_technique_is_fully_described():
    for item in techniques().values():
        assert item.what and item.when and item.time_label and item.people_label and item.source, item.id
        assert len(item.steps) >= 3 and len(item.questions) >= 3, item.id
        assert len(item.template) >= 4 and len({f.name for f in item.template}) == len(item.template), item.id
        assert all(f.prompt for f in item.template), item.id
        assert "invented" in item.example.casefold(), f"{item.id}: the worked example must say it is invented"


def test_origins_name_the_people_and_organisations_checked():
    assert "United States Army" in technique("after-action-review").origin
    assert "BP" in technique("peer-assist").origin
    assert "Nesta" in technique("randomised-coffee-trials").origin
    assert "Gurteen" in technique("knowledge-cafe").origin
    assert "Revans" in technique("action-learning-sets").origin
    assert "Cooperrider" in technique("appreciative-inquiry").origin


def test_lines_with_a_colon_must_be_quoted_in_the_data_file():
    broken = {"id": "x", "name": "X", "stages": ["before"], "module": "m", "purposes": ["plan"], "what": "w",
              "when": "w", "time": {"label": "1 hour", "minutes": 60}, "people": {"label": "2", "min": 2, "max": 2},
              "steps": ["Ask: why?"], "questions": ["q", "q", "q"], "example": "e", "template": [], "source": "s"}
    broken["steps"] = [{"Ask": "why?"}]
    broken["template"] = [{"field": "F", "prompt": "P"}]
    with pytest.raises(DataFileError, match="not plain text"):
        km._technique(broken, km.purposes())


def test_technique_is_found_by_id_or_name_and_an_unknown_one_is_a_clear_error():
    assert technique("Peer Assist") is technique("peer-assist")
    with pytest.raises(TechniqueError) as error:
        technique("Peer Review")
    assert "Peer Assist" in error.value.hint


# --- the rules --------------------------------------------------------------------------------

def test_a_finished_project_with_a_team_and_an_afternoon_suggests_a_retrospect_first():
    found = suggest(Situation("after", people=8, minutes=240, purpose="review"))
    assert names(found)[0] == "Retrospect"
    assert "After Action Review" in names(found)  # it also works after, but ranks lower


def test_a_quarter_of_an_hour_during_work_suggests_an_after_action_review():
    found = suggest(Situation("during", people=4, minutes=15, purpose="review"))
    assert names(found)[0] == "After Action Review"


def test_planning_with_peers_and_half_a_day_suggests_peer_assist_first():
    assert names(suggest(Situation("before", people=10, minutes=240, purpose="plan")))[0] == "Peer Assist"


def test_a_short_briefing_before_a_task_suggests_a_before_action_review():
    assert names(suggest(Situation("before", people=3, minutes=15, purpose="plan"))) == ["Before Action Review"]


def test_someone_leaving_suggests_retention_techniques():
    found = names(suggest(Situation("after", people=2, minutes=60, purpose="retain")))
    assert {"Elicitation interview", "Exit interview"} <= set(found[:4])
    assert "Retrospect" not in found  # needs at least 4 people


def test_connecting_many_people_with_little_time_suggests_coffee_trials():
    assert names(suggest(Situation("during", people=40, minutes=30,
                                   purpose="connect")))[0] == "Randomised Coffee Trials"


def test_each_reason_for_ruling_a_technique_out_is_given():
    result = assess(technique("knowledge-cafe"), Situation("before", people=3, minutes=30))
    assert isinstance(result, km.RuledOut)
    text = " ".join(result.reasons)
    assert "not learning before doing" in text
    assert "at least 12 people" in text
    assert "at least 90 minutes" in text


def test_too_many_people_rules_out_a_small_group_technique():
    result = assess(technique("action-learning-sets"), Situation("during", people=20, minutes=180))
    assert isinstance(result, km.RuledOut) and "at most 8 people" in result.reasons[0]


def test_every_technique_is_either_suggested_or_ruled_out_never_both():
    situation = Situation("during", people=6, minutes=60, purpose="share")
    fit = set(names(suggest(situation)))
    out = {r.technique.name for r in ruled_out(situation)}
    assert fit.isdisjoint(out) and fit | out == {t.name for t in techniques().values()}


def test_suggestions_explain_why_in_the_learners_words():
    best = suggest(Situation("after", people=8, minutes=240, purpose="review"))[0]
    sentence = km.explain(best)
    assert sentence.startswith("Retrospect: it is a technique for learning after doing")
    assert "review how something went" in sentence


def test_a_purpose_match_outranks_a_technique_that_only_fits_the_stage():
    found = suggest(Situation("during", people=20, minutes=120, purpose="connect"))
    scores = {s.technique.name: s.score for s in found}
    assert scores["Knowledge Cafe"] > scores["Fishbowl"]


@pytest.mark.parametrize("bad", [
    Situation("later", 4, 60), Situation("after", 0, 60), Situation("after", 4, 60, "celebrate"),
])
def test_an_impossible_situation_is_a_clear_error(bad):
    with pytest.raises(TechniqueError):
        suggest(bad)


# --- templates --------------------------------------------------------------------------------

def test_a_template_lists_blank_fields_and_exports_markdown_atomically(tmp_path):
    plan = TechniqueTemplate("after-action-review")
    plan.fill("event", "Online search skills session, 3 March")
    plan.fill("Why there was a difference", "Three nurses joined late from a ward.")
    assert plan.missing() == ["What was supposed to happen", "What actually happened", "Keep and change"]
    written = plan.export_markdown(tmp_path / "aar.md")
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# After Action Review: my notes")
    assert "## Event\n\nWhat did you review, when, and who took part?\n\nOnline search skills session" in text
    assert text.count("_Not written yet._") == 3
    assert "1. Hold it as soon as possible" in text and "Source: Headquarters, Department of the Army" in text
    assert [p.name for p in tmp_path.iterdir()] == ["aar.md"]  # no temporary file left behind


def test_a_template_refuses_a_field_the_technique_does_not_have():
    with pytest.raises(TechniqueError, match="no template field"):
        TechniqueTemplate("retrospect").fill("Budget", "£200")
    with pytest.raises(TechniqueError):
        TechniqueTemplate.from_state({"technique": "retrospect", "answers": {"Budget": "£200"}})


def test_a_template_survives_a_round_trip_through_its_saved_state():
    plan = TechniqueTemplate("Peer Assist", {"Purpose": "Start a clinical librarian service"})
    again = TechniqueTemplate.from_state(json.loads(json.dumps(plan.to_state())))
    assert again.technique_id == "peer-assist" and again.answers == plan.answers


# --- the widget ---------------------------------------------------------------------------------

def test_the_finder_suggests_opens_the_best_template_and_explains(tmp_path):
    from searchcraft.widgets import TechniqueFinder

    finder = TechniqueFinder(stage="after", save_to=tmp_path / "km.json")
    finder.people.value, finder.minutes.value, finder.purpose.value = 8, 240, "review"
    finder.find.click()
    assert finder.choice.value == "retrospect"
    assert finder.results.value.index("Retrospect") < finder.results.value.index("After Action Review")
    assert "Why the others do not fit" in finder.results.value and "Peer Assist" in finder.results.value
    assert "techniques fit this situation" in finder.status.value


def test_the_finder_restores_the_situation_and_every_template_after_a_restart(tmp_path):
    from searchcraft.widgets import TechniqueFinder

    first = TechniqueFinder("retrospect", save_to=tmp_path / "km.json")
    first.stage.value = "after"
    first.boxes["Project"].value = "Library management system migration"
    first.choice.value = "peer-assist"
    first.boxes["Purpose"].value = "Learn how others ran clinical librarian services"
    again = TechniqueFinder(save_to=tmp_path / "km.json")
    assert again.stage.value == "after" and again.choice.value == "peer-assist"
    assert again.boxes["Purpose"].value == "Learn how others ran clinical librarian services"
    again.choice.value = "retrospect"
    assert again.boxes["Project"].value == "Library management system migration"
    assert "Restored your saved work" in TechniqueFinder(save_to=tmp_path / "km.json").status.value


def test_the_finder_exports_the_template_as_markdown_beside_the_saved_work(tmp_path):
    from searchcraft.widgets import TechniqueFinder

    finder = TechniqueFinder("storytelling", save_to=tmp_path / "work" / "km.json")
    finder.boxes["Situation"].value = "A consultant asked for a search before a change to post-operative care."
    written = finder.export_markdown()
    assert written == tmp_path / "work" / "storytelling-plan.md"
    assert "A consultant asked for a search" in written.read_text(encoding="utf-8")
    assert "Still blank: Challenge" in finder.status.value


def test_a_page_author_naming_an_unknown_technique_gets_a_clear_error():
    from searchcraft.widgets import TechniqueFinder

    with pytest.raises(SearchCraftError, match="Unknown technique"):
        TechniqueFinder("Lessons Learnt Register")


def test_every_finder_control_has_a_label():
    import ipywidgets as widgets

    from searchcraft.widgets import TechniqueFinder

    def controls(widget):
        if isinstance(widget, (widgets.Button, widgets.Dropdown, widgets.Textarea, widgets.BoundedIntText)):
            yield widget
        for child in getattr(widget, "children", ()):
            yield from controls(child)

    found = list(controls(TechniqueFinder()))
    assert len(found) >= 8
    assert all((c.description or "").strip() for c in found)
