"""Translator, ScreeningDesk, DedupLab and StrategyOrder used as a learner would, in this process:
set values, press buttons, read what they show; saved work comes back and a corrupt file is kept aside."""

from __future__ import annotations

import json
from html import unescape

import ipywidgets as widgets
import pytest

from searchcraft.records import Record
from searchcraft.widgets import DedupLab, ScreeningDesk, StrategyOrder, Translator

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Textarea, widgets.Text, widgets.Checkbox,
            widgets.RadioButtons)


def controls_in(widget):
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from controls_in(child)


RECORDS = [Record(f"r{i}", title=f"Leaflet readability study {i}", abstract="An abstract.",
                  authors=["Roe J"], journal="J Test", year=2020) for i in range(1, 5)]
MEDLINE = [Record("m1", title="Tai chi to prevent falls in older adults", doi="10.1/a", year=2019),
           Record("m2", title="Knee replacement outcomes", doi="10.1/b", year=2019)]
EMBASE = [Record("e1", title="Tai chi to prevent falls in older adults.", doi="10.1/A", year=2019)]


@pytest.mark.parametrize("make", [
    lambda: Translator(), lambda: ScreeningDesk(RECORDS), lambda: DedupLab(MEDLINE, EMBASE),
    lambda: StrategyOrder("falls-exercise"),
], ids=["translator", "screening", "dedup", "strategy-order"])
def test_every_control_has_a_label(make):
    found = list(controls_in(make()))
    assert len(found) >= 4
    assert [type(c).__name__ for c in found if not (c.description or "").strip()] == []


def test_translator_runs_both_sides_on_the_practice_database_and_shows_both_counts():
    widget = Translator("1 exp Accidental Falls/\n2 fall$.ti,ab.\n3 1 or 2", from_="ovid", to="cinahl")
    widget.run_both.click()
    shown = unescape(widget.comparison.value)
    assert "<caption>Both searches run on the practice database</caption>" in shown
    assert 'S1 (MH "Accidental Falls+")' in shown and "1 exp Accidental Falls/" in shown
    comparison = widget.model.compare()
    assert f"Both find the same {comparison.original.count:,} records" in shown
    widget.text.value = "falls.ti."  # a changed search clears a comparison that no longer applies
    assert widget.comparison.value == ""


def test_translator_translates_as_the_learner_types_and_shows_errors_with_a_caret():
    widget = Translator("falls.ti.", from_="ovid", to="pubmed")
    assert "falls[ti]" in unescape(widget.result.value)
    widget.to.value = "cinahl"
    assert "TI falls" in unescape(widget.result.value)
    widget.text.value = "(falls or fall"
    shown = unescape(widget.result.value)
    assert "Could not translate (column 1)" in shown and "(falls or fall\n^" in shown and "Hint:" in shown


def test_translator_examples_load_their_own_syntax():
    widget = Translator()
    widget.example.value = "CINAHL strategy: falls"
    assert widget.from_.value == "cinahl" and widget.text.value.startswith("S1")
    assert "Accidental Falls" in unescape(widget.result.value)


def test_screening_by_buttons_and_shortcut_keys_then_the_flow_diagram(tmp_path):
    desk = ScreeningDesk(RECORDS, save_to=tmp_path / "screen.json")
    desk.include.click()
    desk.reason.value = "Wrong outcome"
    desk.shortcuts.value = "e"
    assert desk.shortcuts.value == ""                  # the box empties after each key
    desk.shortcuts.value = "M"
    assert "Screened 3 of 4" in desk.progress.value
    desk.shortcuts.value = "x"
    assert "not a shortcut" in desk.status.value
    assert desk.flow.value == ""
    desk.reason.value = "Wrong study design"
    desk.exclude.click()
    assert desk.model.tally() == {"include": 1, "exclude": 2, "maybe": 1}
    assert "Wrong outcome: 1" in desk.tally.value
    image = desk.flow.value
    assert '<svg' in image and 'role="img"' in image and "<title" in image  # drawn in plain Python
    description = unescape(image.split("<desc", 1)[1].split("</desc>", 1)[0])
    assert "4 records screened" in description and "2 records excluded" in description  # read aloud
    saved = json.loads((tmp_path / "screen.json").read_text())
    assert saved["kind"] == "ScreeningDesk" and len(saved["state"]["decisions"]) == 4


def test_screening_moves_with_previous_and_next_and_undo_clears():
    desk = ScreeningDesk(RECORDS)
    desk.next.click()
    assert "Record 2 of 4" in desk.record.value
    desk.shortcuts.value = "p"
    assert "Record 1 of 4" in desk.record.value
    desk.include.click()
    desk.previous.click()
    desk.undo.click()
    assert desk.model.progress() == (0, 4) and "Not yet decided" in desk.record.value


def test_screening_a_practice_search_by_default():
    desk = ScreeningDesk(query="leaflet*[tiab] AND readability[tiab]", limit=5)
    assert len(desk.model.records) == 5 and desk.model.source_name == "Practice database"


def test_dedup_lab_decisions_change_the_merged_count():
    lab = DedupLab(MEDLINE, EMBASE, truth=[{"m1", "e1"}])
    assert "3 records (2 + 1)" in lab.figures.value and "same DOI" in lab.pair.value
    lab.choice.value = "accept"
    assert "After merging: 2 records" in lab.figures.value
    lab.check.click()
    assert "1 of your 1 decisions are right" in lab.feedback.value
    lab.choice.value = "reject"
    lab.check.click()
    assert "are the same article" in lab.feedback.value


def test_dedup_lab_without_truth_cannot_check_and_with_no_pairs_says_so():
    assert DedupLab(MEDLINE, EMBASE).check.disabled
    lonely = DedupLab(MEDLINE[1:], EMBASE)
    assert "No likely duplicates" in lonely.figures.value


def test_strategy_order_rows_move_lines_and_running_reports_each_line():
    widget = StrategyOrder("hand-hygiene-feedback")
    order = list(widget.model.order)
    widget.downs[0].click()
    assert widget.model.order[:2] == [order[1], order[0]]
    assert "Moved" in widget.status.value
    widget.use[0].value = False
    assert order[1] not in widget.model.included
    assert "not used" in widget.texts[0].value


@pytest.mark.slow
def test_strategy_order_solved_by_hand_in_the_widget():
    widget = StrategyOrder("falls-medication-review")
    model = widget.model
    model.arrange(model.puzzle.solution())
    widget._show()
    for use, key in zip(widget.use, model.order, strict=True):
        assert use.value == (key in model.included)
    widget.run_button.click()
    assert "Solved" in widget.result.value and "<table>" in widget.result.value


def test_saved_work_comes_back_in_a_new_widget(tmp_path):
    Translator("falls[ti]", from_="pubmed", to="ovid", save_to=tmp_path / "t.json").to.value = "cinahl"
    assert Translator(save_to=tmp_path / "t.json").to.value == "cinahl"
    order = StrategyOrder("diabetes-education-hba1c", save_to=tmp_path / "o.json")
    order.ups[-1].click()
    again = StrategyOrder(save_to=tmp_path / "o.json")
    assert again.puzzle.value == "diabetes-education-hba1c" and again.model.order == order.model.order
    lab = DedupLab(MEDLINE, EMBASE, save_to=tmp_path / "d.json")
    lab.choice.value = "accept"
    assert DedupLab(MEDLINE, EMBASE, save_to=tmp_path / "d.json").choice.value == "accept"
    desk = ScreeningDesk(RECORDS, save_to=tmp_path / "s.json")
    desk.maybe.click()
    restored = ScreeningDesk(RECORDS, save_to=tmp_path / "s.json")
    assert restored.model.decision_for("r1").decision == "maybe" and "Restored" in restored.status.value


@pytest.mark.parametrize("make", [
    lambda path: Translator(save_to=path), lambda path: ScreeningDesk(RECORDS, save_to=path),
    lambda path: DedupLab(MEDLINE, EMBASE, save_to=path), lambda path: StrategyOrder(save_to=path),
], ids=["translator", "screening", "dedup", "strategy-order"])
def test_a_corrupt_save_file_is_kept_aside_and_the_learner_told(tmp_path, make):
    path = tmp_path / "work.json"
    path.write_text("{not json")
    widget = make(path)
    kept = tmp_path / "work.corrupt-1.json"
    assert kept.read_text() == "{not json"
    assert "kept as" in widget.status.value and "#8a1c1c" in widget.status.value


@pytest.mark.parametrize("make", [
    lambda: Translator(), lambda: ScreeningDesk(RECORDS), lambda: DedupLab(MEDLINE, EMBASE),
    lambda: StrategyOrder("falls-exercise"),
], ids=["translator", "screening", "dedup", "strategy-order"])
def test_a_widget_can_be_shown_as_text_as_a_notebook_shows_it(make):
    # A notebook asks every displayed widget for its text form; a method that shadows one of
    # ipywidgets' own (Translator._compare once did) breaks the module notebook that shows it.
    assert repr(make()).startswith(type(make()).__name__ + "(")
