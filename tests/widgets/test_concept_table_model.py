"""ConceptTableModel: columns of synonyms and headings, vocabulary suggestions, and the strategy they imply."""

from __future__ import annotations

import pytest
from widgets.search_corpus import small_database

from searchcraft.errors import QuerySyntaxError
from searchcraft.practice.vocabulary import HeadingNotFound
from searchcraft.query import parse
from searchcraft.widgets.models.concepts import ConceptTableError, ConceptTableModel


@pytest.fixture(scope="module")
def db():
    return small_database()


def framer_rows():
    return [{"concept": "Population", "terms": ["older adults", "elderly"]},
            {"concept": "Outcome", "terms": ["falls", "fall*"]}]


def test_question_framer_output_becomes_one_column_per_concept():
    table = ConceptTableModel(framer_rows())
    assert table.to_rows() == [
        {"concept": "Population", "terms": ["older adults", "elderly"], "headings": []},
        {"concept": "Outcome", "terms": ["falls", "fall*"], "headings": []},
    ]


def test_strategy_joins_synonyms_with_or_and_concepts_with_and():
    table = ConceptTableModel(framer_rows())
    table.add_heading("Outcome", "Accidental Falls")
    assert table.strategy() == ('("older adults"[tiab] OR elderly[tiab]) AND '
                                '(falls[tiab] OR fall*[tiab] OR "Accidental Falls"[mh])')
    # the printed strategy is valid PubMed syntax
    parse(table.strategy())


def test_strategy_is_printed_in_every_supported_syntax_with_translation_warnings():
    table = ConceptTableModel(framer_rows())
    table.add_heading("Population", "Aged")
    ovid = table.strategy_in("ovid")
    assert ovid.text == ('("older adults".ti,ab. or elderly.ti,ab. or exp Aged/) and '
                         '(falls.ti,ab. or fall*.ti,ab.)')
    europe = table.strategy_in("europepmc")
    assert 'MESH_HEADING:"Aged"' in europe.text
    assert any("narrower headings" in w for w in europe.warnings)  # Europe PMC cannot explode
    assert 'MH "Aged+"' in table.strategy_in("cinahl").text


def test_empty_columns_are_left_out_and_an_empty_table_is_explained():
    table = ConceptTableModel([{"concept": "Population", "terms": ["nurses"]}, {"concept": "Setting"}])
    assert table.strategy() == "nurses[tiab]"
    with pytest.raises(ConceptTableError, match="empty"):
        ConceptTableModel().strategy()


def test_free_text_field_can_be_changed():
    table = ConceptTableModel([{"concept": "P", "terms": ["nurses"]}], field="ti")
    assert table.strategy() == "nurses[ti]"
    with pytest.raises(ConceptTableError, match="Unknown field"):
        table.set_field("mh")


def test_a_term_pubmed_would_refuse_is_refused_with_its_position():
    table = ConceptTableModel([{"concept": "P"}])
    with pytest.raises(QuerySyntaxError) as caught:
        table.add_term("P", "cat*")
    assert caught.value.position == 0 and "4 characters" in caught.value.hint
    assert table.concept("P").terms == []


def test_duplicates_are_not_added_twice_ignoring_case():
    table = ConceptTableModel([{"concept": "P", "terms": ["Nurses"]}])
    assert table.add_term("P", "nurses") is False
    assert table.add_concept("p") is table.concept("P")
    assert len(table.concepts) == 1


def test_headings_are_checked_against_the_vocabulary_and_entry_terms_lead_to_the_heading(db):
    table = ConceptTableModel([{"concept": "P"}], vocabulary=db.vocabulary)
    table.add_heading("P", "elderly")
    assert table.concept("P").headings == ["Aged"]
    with pytest.raises(HeadingNotFound):
        table.add_heading("P", "Martians")


def test_suggestions_offer_the_heading_its_entry_terms_and_narrower_headings(db):
    table = ConceptTableModel([{"concept": "Population", "terms": ["older adults"]}], vocabulary=db.vocabulary)
    offered = {(s.kind, s.text) for s in table.suggestions("Population")}
    assert offered == {("heading", "Aged"), ("entry term", "Elderly"), ("entry term", "Older people"),
                       ("narrower heading", "Aged, 80 and over")}
    # what the column already has is not offered again
    heading = next(s for s in table.suggestions("Population") if s.kind == "heading")
    table.accept("Population", heading)
    assert ("heading", "Aged") not in {(s.kind, s.text) for s in table.suggestions("Population")}
    entry = next(s for s in table.suggestions("Population") if s.text == "Elderly")
    table.accept("Population", entry)
    assert table.concept("Population").terms == ["older adults", "Elderly"]


def test_a_truncated_term_suggests_headings_starting_with_its_stem(db):
    table = ConceptTableModel([{"concept": "Falls", "terms": ["accident*"]}], vocabulary=db.vocabulary)
    headings = [s.text for s in table.suggestions("Falls") if s.kind == "heading"]
    assert headings == ["Accidents", "Accidental Falls", "Accidents, Home"]


def test_counts_per_column_and_for_the_whole_strategy(db):
    table = ConceptTableModel([{"concept": "Falls", "terms": ["falls"], "headings": ["Accidental Falls"]},
                               {"concept": "Exercise", "terms": ["exercise", "tai chi"]}], vocabulary=db.vocabulary)
    # falls[tiab]: r1 r6; "Accidental Falls"[mh]: r1 r2; exercise[tiab]: r1; "tai chi"[tiab]: r2
    assert table.counts(db) == {"Falls": 3, "Exercise": 2, "All concepts": 2}


def test_state_round_trips():
    table = ConceptTableModel(framer_rows(), field="tw")
    table.add_heading("Outcome", "Accidental Falls")
    again = ConceptTableModel.from_state(table.to_state())
    assert again.to_rows() == table.to_rows() and again.strategy() == table.strategy()
