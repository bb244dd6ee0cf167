"""The Translator's model: translations with warnings, and errors a learner can place and fix."""

from __future__ import annotations

import pytest

from searchcraft.errors import QuerySyntaxError
from searchcraft.widgets.models.translator import EXAMPLES, SYNTAXES, TranslatorError, TranslatorModel, problem_from


def test_a_numbered_ovid_strategy_becomes_a_pubmed_history_with_its_warnings():
    model = TranslatorModel("1 exp Accidental Falls/\n2 (fall$ adj3 prevent$).ti,ab.\n3 1 or 2", "ovid", "pubmed")
    outcome = model.outcome()
    assert outcome.ok
    assert outcome.text.splitlines() == ['"Accidental Falls"[mh]', "fall*[tiab] AND prevent*[tiab]", "#1 OR #2"]
    assert any(w.startswith("Line 2:") and "adj3" in w for w in outcome.warnings)


def test_a_single_line_is_translated_on_its_own():
    outcome = TranslatorModel('"hand hygiene"[tiab] AND feedback[tiab]', "pubmed", "ovid").outcome()
    assert outcome.ok and "\n" not in outcome.text
    assert "hand hygiene" in outcome.text and ".ti,ab." in outcome.text


def test_an_unclosed_bracket_is_shown_with_a_caret_under_it_and_a_hint():
    outcome = TranslatorModel("falls[tiab] AND (exercise[tiab] OR tai chi", "pubmed", "ovid").outcome()
    assert not outcome.ok
    problem = outcome.problem
    assert problem.column == 16
    line, caret = problem.caret_lines().splitlines()
    assert line == "falls[tiab] AND (exercise[tiab] OR tai chi"
    assert caret == " " * 16 + "^"
    assert problem.hint


def test_an_error_in_a_strategy_names_the_line_and_points_within_it():
    outcome = TranslatorModel("1 falls.ti.\n2 1 and 3", "ovid", "cinahl").outcome()
    assert outcome.problem.message.startswith("Line 2:")
    assert outcome.problem.line_text == "1 and 3"
    assert outcome.problem.line_text[outcome.problem.column] == "3"


def test_a_caret_on_a_later_line_of_a_multi_line_query_is_measured_from_that_line():
    error = QuerySyntaxError("Bad", query="first line\nsecond (line", position=18, hint="Fix it")
    problem = problem_from(error)
    assert problem.line_text == "second (line" and problem.column == 7


def test_nothing_to_translate_and_the_same_syntax_twice_are_explained_not_raised():
    assert "nothing to translate" in TranslatorModel("  ", "ovid", "pubmed").outcome().problem.message
    assert "Both syntaxes" in TranslatorModel("falls", "ovid", "ovid").outcome().problem.message


def test_an_unknown_syntax_is_refused_with_the_known_ones():
    with pytest.raises(TranslatorError, match="Unknown syntax") as caught:
        TranslatorModel("falls", "embase", "pubmed")
    assert "pubmed" in caught.value.hint


@pytest.mark.parametrize("title", list(EXAMPLES))
def test_every_example_loads_in_its_own_syntax_into_another(title):
    model = TranslatorModel(to="ovid")
    model.load_example(title)
    assert model.from_ == EXAMPLES[title][0] != model.to
    outcome = model.outcome()
    assert outcome.ok == ("mistake" not in title.lower())


def test_state_round_trips():
    model = TranslatorModel("falls[ti]", "pubmed", "europepmc")
    again = TranslatorModel.from_state(model.to_state())
    assert (again.text, again.from_, again.to) == ("falls[ti]", "pubmed", "europepmc")
    assert set(SYNTAXES) == {"pubmed", "ovid", "europepmc", "cinahl"}


# --- both sides run on the practice database ----------------------------------------------------

from searchcraft.practice import PracticeDatabase  # noqa: E402

COMPARE_RECORDS = [
    {"id": "a", "title": "Strength training for older people", "headings": ["Exercise"]},
    {"id": "b", "title": "Training nurses in the strength of evidence", "headings": []},
    {"id": "c", "title": "Walking programmes", "headings": ["Walking"]},
    {"id": "d", "title": "Resistance and strength-based training at home", "headings": ["Exercise"]},
]
COMPARE_VOCABULARY = [{"heading": "Exercise", "tree_numbers": ["G11"]},
                      {"heading": "Walking", "tree_numbers": ["G11.100"]}]


@pytest.fixture(scope="module")
def small_db():
    return PracticeDatabase.from_records(COMPARE_RECORDS, COMPARE_VOCABULARY)


def test_both_sides_find_the_same_records_when_the_translation_is_exact(small_db):
    model = TranslatorModel("1 exp Exercise/\n2 strength$.ti.\n3 1 or 2", "ovid", "cinahl", source=small_db)
    comparison = model.compare()
    assert comparison.same
    assert [line[2] for line in comparison.original.lines] == [line[2] for line in comparison.translated.lines]
    assert comparison.original.lines[0][0] == "1" and comparison.translated.lines[0][0] == "S1"
    assert "Both find the same 4 records" in comparison.explanations[0]


def test_a_difference_is_counted_and_explained_by_the_warning_for_its_line(small_db):
    # Ovid adj3 has no PubMed equivalent for truncated words: the translation uses AND, which finds more
    model = TranslatorModel("1 exp Exercise/\n2 (strength$ adj3 train$).ti.", "ovid", "pubmed",
                            source=small_db)
    comparison = model.compare()
    assert not comparison.same
    assert comparison.original.count == 2 and comparison.translated.count == 3
    assert [i for i, _ in comparison.only_translated] == ["b"]
    assert comparison.extra_count == 1 and comparison.missing_count == 0
    line2 = next(e for e in comparison.explanations if e.startswith("Line 2:"))
    assert "2 in Ovid, 3 in PubMed" in line2 and "adj3" in line2


def test_the_platforms_explosion_defaults_show_in_the_counts(small_db):
    # CINAHL's MH without + is not exploded; PubMed's [mh] is, so an exact translation keeps :noexp
    comparison = TranslatorModel('MH "Exercise"', "cinahl", "pubmed", source=small_db).compare()
    assert comparison.same and comparison.translated.lines[0][1] == '"Exercise"[mh:noexp]'
    assert comparison.original.count == 2


def test_a_search_that_does_not_parse_is_not_run_and_says_why(small_db):
    comparison = TranslatorModel("(falls[tiab] OR fall[tiab]", "pubmed", "ovid", source=small_db).compare()
    assert not comparison.ok and not comparison.same
    assert comparison.explanations[0].startswith("Nothing was run")
