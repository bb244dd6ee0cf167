"""The search widgets used as a learner would: type, choose, press buttons, read what they show.

The widgets are built in this process (ipywidgets needs no front end to hold and change state), over
the real models and a real practice database.
"""

from __future__ import annotations

import json
from html import unescape

import ipywidgets as widgets
import pytest
from widgets.search_corpus import small_database

from searchcraft.errors import SearchCraftError
from searchcraft.export import read_ris
from searchcraft.practice.goldset import GoldSet
from searchcraft.widgets import (
    BooleanVenn,
    ConceptTable,
    HeadingBrowser,
    QuestionFramer,
    SearchBuilder,
    TruncationExplorer,
)

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Text, widgets.SelectMultiple, widgets.ToggleButtons)


def controls_in(widget):
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from controls_in(child)


@pytest.fixture(scope="module")
def db():
    return small_database()


def text(html_widget) -> str:
    return unescape(html_widget.value)


@pytest.mark.parametrize("make", [
    lambda db: SearchBuilder(db, gold=GoldSet("tiny", "Falls?", relevant={"r1"})),
    lambda db: ConceptTable([{"concept": "Falls", "terms": ["falls"]}, {"concept": "Age", "terms": ["aged"]}], db),
    lambda db: TruncationExplorer("nurs*", db),
    lambda db: HeadingBrowser(db, concept_table=ConceptTable([{"concept": "Falls"}], db)),
    lambda db: BooleanVenn(queries=["falls[tiab]", "nurs*[tiab]"], source=db),
], ids=["builder", "concepts", "truncation", "headings", "venn"])
def test_every_control_has_a_label(make, db):
    found = list(controls_in(make(db)))
    assert len(found) >= 3
    assert [type(c).__name__ for c in found if not (c.description or "").strip()] == []


def test_search_builder_counts_as_you_type_and_keeps_a_line_with_a_syntax_error(db):
    builder = SearchBuilder(db)
    builder.line.value = "falls[tiab] AND (nurs*"
    shown = text(builder.count)
    assert "never closed (at character 17)" in shown
    assert "falls[tiab] AND (nurs*\n                ^</pre>" in shown  # the caret under the bracket
    assert "Hint:" in shown
    builder.add.click()
    assert builder.line.value == "falls[tiab] AND (nurs*"  # nothing typed is lost
    assert builder.model.lines == []
    builder.line.value = "falls[tiab] AND (nurs*[tiab])"
    assert "would find 1 record." in text(builder.count)
    builder.add.click()
    assert builder.line.value == "" and "Added #1: 1 result." in text(builder.status)
    assert "<th scope='row'>#1</th><td><code>falls[tiab] AND (nurs*[tiab])</code></td>" in builder.history.value


def test_search_builder_edits_deletes_shows_results_and_exports(db, tmp_path):
    builder = SearchBuilder(db)
    for line in ("falls[tiab]", "nurs*[tiab]", "#1 OR #2"):
        builder.line.value = line
        builder.add.click()
    builder.chosen.value = 1
    assert builder.edit_text.value == "falls[tiab]"
    builder.edit_text.value = "falls[tiab] OR falling[tiab]"
    builder.save_edit.click()
    assert "Edited #1: now 3 results." in text(builder.status)
    builder.delete.click()
    assert "#1 cannot be deleted: #3 uses it" in text(builder.status)
    builder.chosen.value = 3
    builder.show.click()
    assert "records 1 to 5 of 5" in text(builder.results)
    assert "Tai chi and <mark>falling</mark> among the elderly <span>(2021; r2)</span>" in builder.results.value
    assert builder.next.disabled and builder.previous.disabled
    builder.export_format.value = "csv"
    assert builder.export_path.value == "my-results.csv"  # the extension follows the format
    builder.export_format.value = "ris"
    builder.export_path.value = str(tmp_path / "mine.ris")
    builder.export.click()
    assert f"Exported 5 records of #3 to {tmp_path / 'mine.ris'}" in text(builder.status)
    assert len(read_ris(tmp_path / "mine.ris")) == 5


def test_how_did_i_do_shows_recall_precision_and_the_missed_records(db):
    builder = SearchBuilder(db, gold=GoldSet("tiny", "Do falls happen at home?", relevant={"r1", "r2", "r6"}))
    builder.line.value = "falls[tiab]"
    builder.add.click()
    builder.mark.click()
    shown = text(builder.feedback)
    assert "recall 67%, precision 100%" in shown and "found 2 of the 3 relevant records" in shown
    assert "r2 “Tai chi and falling among the elderly”" in shown


def test_search_builder_pages_through_the_bundled_corpus_and_marks_against_a_gold_set():
    builder = SearchBuilder(gold="falls-exercise")  # the bundled practice database
    builder.line.value = "falls[tiab] AND exercise*[tiab]"
    builder.add.click()
    builder.show.click()
    assert "records 1 to 20 of" in text(builder.results) and not builder.next.disabled
    builder.next.click()
    assert "records 21 to 40 of" in text(builder.results) and not builder.previous.disabled
    builder.mark.click()
    assert "recall" in text(builder.feedback) and "missed" in text(builder.feedback)


def test_concept_table_takes_question_framer_output_and_shows_the_strategy(db):
    framer = QuestionFramer("PICO")
    framer.inputs["Population"].value = "older adults; elderly"
    framer.inputs["Intervention"].value = "exercise"
    table = ConceptTable(framer, db)
    assert [c.name for c in table.columns.children] == ["Population", "Intervention"]
    population = table.columns.children[0]
    assert population.suggestions.options[0][0].startswith("Aged (heading")
    population.accept.click()
    assert "Added the heading Aged to Population." in text(table.status)
    population.term.value = "cat*"
    population.add_term.click()
    assert "Not added to Population." in text(table.status) and "too short" in text(table.status)
    assert table.strategy() == '("older adults"[tiab] OR elderly[tiab] OR "Aged"[mh]) AND exercise[tiab]'
    # older adults r1, elderly r2, Aged[mh] r1 r2; exercise[tiab] r1
    assert "Finds 2 records" in population.contents.value
    assert "The strategy finds 1 records." in text(table.strategy_view)
    table.syntax.value = "ovid"
    assert '("older adults".ti,ab. or elderly.ti,ab. or exp Aged/) and exercise.ti,ab.' in text(table.strategy_view)
    population.remove_choice.value = ("heading", "Aged")
    population.remove.click()
    assert table.concept_table()[0]["headings"] == []


def test_concept_table_adds_and_removes_concepts(db):
    table = ConceptTable(source=db)
    assert "The concept table is empty" in text(table.strategy_view)
    table.new_concept.value = "Setting"
    table.add_concept.click()
    setting = table.columns.children[0]
    setting.term.value = "nursing homes"
    setting.add_term.click()
    assert table.strategy() == '"nursing homes"[tiab]'
    setting.drop.click()
    assert table.columns.children == () and table.concept_table() == []


def test_truncation_explorer_lists_words_and_compares_them_in_full(db):
    explorer = TruncationExplorer(source=db)
    explorer.stem.value = "nurse*"
    assert "nurse*[tiab] finds 2 records" in text(explorer.found)
    assert explorer.words.options == ("nurse", "nurses", "nursing")  # nursing: what nurs* would add
    explorer.words.value = ("nurse", "nurses", "nursing")
    explorer.compare.click()
    assert "nurse[tiab] OR nurses[tiab] OR nursing[tiab] finds 4 records; nurse*[tiab] finds 2: 2 more records." \
        in text(explorer.comparison)
    explorer.stem.value = "car*"
    assert "PubMed needs at least 4 letters" in text(explorer.found)
    explorer.field.value = "ti"
    assert "car* [ti]" not in text(explorer.found) and "car*[ti] finds 1 record" in text(explorer.found)


def test_heading_browser_opens_branches_finds_by_entry_term_and_adds_to_a_concept_table(db):
    table = ConceptTable([{"concept": "Population", "terms": ["older adults"]}], db)
    browser = HeadingBrowser(db, concept_table=table)
    persons = next(b for b in browser.tree.children if b.description.endswith("Persons"))
    persons.click()
    assert [b.description for b in browser.tree.children][3:5] == ["\u25b8 Aged", "\u2022 Child"]
    assert "Persons" in browser.details.value
    browser.find.value = "older people"
    assert "1 heading found" in text(browser.found_note)
    browser.found.children[0].click()
    shown = text(browser.details)
    assert "A person aged 65 years or over." in shown
    assert '"Aged"[mh]</code> (with narrower headings)</td><td>2<' in shown
    assert '"Aged"[mh:noexp]</code> (this heading only)</td><td>1<' in shown
    assert "Exploding Aged adds 1 record indexed only with narrower headings." in shown
    browser.add.click()
    assert "Added Aged to Population." in text(browser.status)
    assert table.concept_table()[0]["headings"] == ["Aged"]


def test_boolean_venn_from_queries_redraws_and_explains_a_bad_query(db):
    venn = BooleanVenn.from_queries(["falls[tiab]", "nurs*[tiab]"], db)
    assert "falls[tiab] AND nurs*[tiab] finds 1 record." in venn.summary.value
    venn.choosers[0].value = "OR"
    assert "finds 5 records" in venn.summary.value
    venn.query_inputs[1].value = "exercise[tiab]"
    venn.redraw.click()
    assert "falls[tiab] OR exercise[tiab] finds 2 records." in venn.summary.value
    venn.query_inputs[1].value = "(exercise"
    venn.redraw.click()
    assert "never closed" in text(venn.status)
    assert "exercise[tiab]" in venn.summary.value  # the last good diagram stays


def test_the_original_boolean_venn_still_takes_sets():
    venn = BooleanVenn({"falls": {"r1", "r2"}, "exercise": {"r2", "r3"}}, ["NOT"])
    assert "falls NOT exercise finds 1 record." in venn.summary.value and venn.query_inputs == []


def test_each_widget_restores_its_saved_state(db, tmp_path):
    builder = SearchBuilder(db, save_to=tmp_path / "builder.json")
    builder.line.value = "falls[tiab]"
    builder.add.click()
    table = ConceptTable([{"concept": "Falls", "terms": ["falls"]}], db, save_to=tmp_path / "table.json")
    table.columns.children[0].heading.value = "Accidental Falls"
    table.columns.children[0].add_heading.click()
    explorer = TruncationExplorer("nurse*", db, save_to=tmp_path / "truncation.json")
    explorer.stem.value = "nurs*"
    browser = HeadingBrowser(db, save_to=tmp_path / "headings.json")
    browser.show("Aged, 80 and over")
    venn = BooleanVenn(queries=["falls[tiab]", "nurs*[tiab]"], source=db, save_to=tmp_path / "venn.json")
    venn.choosers[0].value = "NOT"

    assert [line.query for line in SearchBuilder(db, save_to=tmp_path / "builder.json").model.lines] == ["falls[tiab]"]
    assert ConceptTable(source=db, save_to=tmp_path / "table.json").strategy() == \
        'falls[tiab] OR "Accidental Falls"[mh]'
    assert TruncationExplorer(source=db, save_to=tmp_path / "truncation.json").stem.value == "nurs*"
    assert HeadingBrowser(db, save_to=tmp_path / "headings.json").model.selected == "Aged, 80 and over"
    again = BooleanVenn(queries=["x", "y"], source=db, save_to=tmp_path / "venn.json")
    assert again.model.operators == ("NOT",) and again.model.queries == ("falls[tiab]", "nurs*[tiab]")
    assert json.loads((tmp_path / "builder.json").read_text())["kind"] == "SearchBuilder"


def test_a_corrupt_state_file_is_kept_aside_with_a_clear_message(db, tmp_path):
    for name in ("builder", "table", "truncation", "headings"):
        (tmp_path / f"{name}.json").write_text("{not json", encoding="utf-8")
    made = [SearchBuilder(db, save_to=tmp_path / "builder.json"),
            ConceptTable(source=db, save_to=tmp_path / "table.json"),
            TruncationExplorer(source=db, save_to=tmp_path / "truncation.json"),
            HeadingBrowser(db, save_to=tmp_path / "headings.json")]
    for widget, name in zip(made, ("builder", "table", "truncation", "headings"), strict=True):
        message = text(widget.status)
        assert "could not be loaded" in message and f"{name}.corrupt-1.json" in message
        assert (tmp_path / f"{name}.corrupt-1.json").read_text(encoding="utf-8") == "{not json"


def test_truncation_explorer_needs_the_practice_database():
    class LiveSource:
        name = "pubmed"

    with pytest.raises(SearchCraftError, match="practice database"):
        TruncationExplorer(source=LiveSource())


def test_a_bundled_gold_set_is_restored_and_an_unsaved_one_is_simply_dropped(db, tmp_path):
    own = SearchBuilder(db, gold=GoldSet("tiny", "Falls?", relevant={"r1"}), save_to=tmp_path / "own.json")
    own.line.value = "falls[tiab]"
    own.add.click()
    again = SearchBuilder(db, save_to=tmp_path / "own.json")
    assert again.model.gold is None and [line.query for line in again.model.lines] == ["falls[tiab]"]
    named = SearchBuilder(db, gold="falls-exercise", save_to=tmp_path / "named.json")
    named.line.value = "falls[tiab]"
    named.add.click()
    assert SearchBuilder(db, save_to=tmp_path / "named.json").model.gold.name == "falls-exercise"


def test_venn_labels_follow_pubmeds_left_to_right_reading():
    # The second operator joins the result of the first with the third set, not the set beside it.
    venn = BooleanVenn.from_queries({"falls": "falls[tiab]", "exercise": "exercise[tiab]",
                                     "older adults": "older[tiab]"})
    labels = [chooser.description for chooser in venn.choosers]
    assert labels == ["Between falls and exercise:", "Between the result so far and older adults:"]
