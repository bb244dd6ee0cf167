"""TwoDatabaseSearch used as a learner would, in this process: type a strategy in each box, press the
buttons, read the histories, the positioned errors and the combined marking; saved work comes back."""

from __future__ import annotations

import sys
from html import unescape
from pathlib import Path

import ipywidgets as widgets

from searchcraft.widgets import TwoDatabaseSearch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "practice"))
from test_two_databases import NARROW, STRONG  # noqa: E402  (the strategies the marking tests use)

CONTROLS = (widgets.Button, widgets.Textarea, widgets.Text)


def controls_in(widget):
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from controls_in(child)


def test_every_control_has_a_label():
    found = list(controls_in(TwoDatabaseSearch()))
    assert len(found) == 5  # two boxes, two run buttons, the marking button
    assert [type(c).__name__ for c in found if not (c.description or "").strip()] == []


def test_each_platform_runs_as_its_own_numbered_history():
    widget = TwoDatabaseSearch(strategies=STRONG)
    ovid, cinahl = widget.run("ovid"), widget.run("cinahl")
    shown = unescape(widget.histories["ovid"].value)
    assert "<caption>Ovid MEDLINE search history</caption>" in shown
    assert "<th scope='row'>7</th><td><code>3 and 6</code>" in shown
    assert f"{ovid.count:,} results from the last line" in shown
    shown = unescape(widget.histories["cinahl"].value)
    assert "<caption>CINAHL (EBSCOhost) search history</caption>" in shown
    assert "<th scope='row'>S7</th><td><code>S3 AND S6</code>" in shown
    assert f"{cinahl.count:,} results from the last line" in shown


def test_a_malformed_line_is_shown_with_its_platform_name_and_a_caret_and_the_text_is_kept():
    typed = {"ovid": "Hand Hygiene/\n(hand adj3 wash$.ti,ab.\n1 or 2",
             "cinahl": 'MH "Hand Hygiene"\nTI hand N3 hygiene)\nS1 OR S2'}
    widget = TwoDatabaseSearch(strategies=typed)
    assert widget.run("ovid") is None and widget.run("cinahl") is None
    ovid = unescape(widget.histories["ovid"].value)
    assert "Ovid MEDLINE could not run it." in ovid and "Line 2: Unbalanced bracket (at character 1)" in ovid
    assert "(hand adj3 wash$.ti,ab.\n^</pre>" in ovid
    cinahl = unescape(widget.histories["cinahl"].value)
    assert "S2: Closing bracket without an opening one (at character 19)" in cinahl
    assert "TI hand N3 hygiene)\n" + " " * 18 + "^</pre>" in cinahl
    assert widget.boxes["ovid"].value == typed["ovid"] and widget.boxes["cinahl"].value == typed["cinahl"]
    widget.mark_button.click()
    assert "Both strategies must run before they are marked." in unescape(widget.feedback.value)


def test_marking_both_shows_each_database_and_what_cinahl_added():
    widget = TwoDatabaseSearch(strategies=NARROW)
    widget.mark_button.click()
    shown = unescape(widget.feedback.value)
    assert "Ovid MEDLINE:</strong> 9 of the 32 relevant records MEDLINE holds" in shown
    assert "Missed in CINAHL, and why:" in shown
    assert "Together, with duplicates removed:" in shown and "were found in both (duplicates removed)" in shown
    assert "Relevant records neither search found, and why:" in shown
    widget.boxes["ovid"].value, widget.boxes["cinahl"].value = STRONG["ovid"], STRONG["cinahl"]
    result = widget.show_mark()
    shown = unescape(widget.feedback.value)
    assert result.marks == 4 and "Relevant records neither search found" not in shown
    assert f"CINAHL added {len(result.added):,} records" in shown and "Marks: 4 out of 4." in shown


def test_saved_strategies_come_back(tmp_path):
    path = tmp_path / "work" / "two.json"
    widget = TwoDatabaseSearch(save_to=path)
    widget.boxes["cinahl"].value = NARROW["cinahl"]
    widget.run("cinahl")
    again = TwoDatabaseSearch(save_to=path, strategies={"cinahl": "ignored: the saved work wins"})
    assert again.boxes["cinahl"].value == NARROW["cinahl"]
