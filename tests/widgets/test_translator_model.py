"""The Translator's model: translations with warnings, and errors a learner can place and fix."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.translator import (EXAMPLES, SYNTAXES, TranslatorError, TranslatorModel,
                                                   problem_from)
from searchcraft.errors import QuerySyntaxError


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
