"""Each translation says, in plain words, what could not be carried over exactly."""

from __future__ import annotations

import pytest

from searchcraft.errors import QueryError
from searchcraft.query import parse
from searchcraft.query.ast import And, Field, Or, Proximity, Truncated
from searchcraft.query.translate import translate, translate_query


def messages(result) -> str:
    return "\n".join(str(w) for w in result.warnings)


def test_exact_translation_has_no_warnings():
    result = translate('"hand hygiene"[tiab] AND nurs*[tiab]', "pubmed", "ovid")
    assert result.text == '"hand hygiene".ti,ab. and nurs*.ti,ab.'
    assert result.warnings == []


def test_adj_of_plain_words_becomes_pubmed_proximity():
    result = translate("(hip adj3 fracture).ti,ab.", "ovid", "pubmed")
    assert result.text == '"hip fracture"[tiab:~2]'
    assert parse(result.text) == Field(Proximity("hip fracture", 2), ("tiab",))
    assert result.warnings == []


def test_adj_of_truncated_words_becomes_and_with_a_warning_that_it_finds_more():
    result = translate("(fall$ adj3 prevent$).ti,ab.", "ovid", "pubmed")
    assert parse(result.text) == And((Field(Truncated("fall"), ("tiab",)), Field(Truncated("prevent"), ("tiab",))))
    assert "adj3" in messages(result) and "finds more records" in messages(result)


def test_adj_between_word_lists_is_written_out_pair_by_pair():
    result = translate("((hip or femur) adj3 fracture).ti,ab.", "ovid", "pubmed")
    assert parse(result.text) == Or((Field(Proximity("hip fracture", 2), ("tiab",)),
                                     Field(Proximity("femur fracture", 2), ("tiab",))))
    assert "2 PubMed proximity searches" in messages(result)


def test_adj_without_a_title_or_abstract_field_cannot_be_pubmed_proximity():
    result = translate("(hip adj3 fracture).mp.", "ovid", "pubmed")
    assert "AND" in result.text
    assert "finds more records" in messages(result)


def test_europe_pmc_gets_and_for_proximity_with_a_warning():
    result = translate("(hip adj3 fracture).ti.", "ovid", "europepmc")
    assert result.text == "TITLE:(hip AND fracture)"
    assert "no equivalent in Europe PMC" in messages(result)


def test_cinahl_near_counts_words_between_like_the_ast():
    assert translate("(hip adj3 fracture).ti.", "ovid", "cinahl").text == "TI (hip N2 fracture)"


def test_ovid_wildcards_are_translated_for_pubmed_with_warnings():
    result = translate("randomi#ed.ab. or h?emoconcentrat*.tw. or hypno$6.ti.", "ovid", "pubmed")
    assert result.text == "randomi*[ab] OR hemoconcentrat*[tiab] OR hypno*[ti]"
    text = messages(result)
    assert "randomi#ed" in text and "hypno$6" in text and "extra letter" in text


def test_wildcards_carry_over_to_cinahl_in_its_own_notation():
    result = translate("colo?r.ti. or wom#n.ti.", "ovid", "cinahl")
    assert result.text == "TI colo#r OR TI wom?n"
    assert result.warnings == []


def test_exploded_heading_to_europe_pmc_warns_that_narrower_headings_are_lost():
    result = translate("exp Falls, Accidental/", "ovid", "europepmc")
    assert result.text == 'MESH_HEADING:"Falls, Accidental"'
    assert "narrower headings" in messages(result)


def test_ovid_multipurpose_field_is_pubmed_text_words_exactly():
    assert translate("falls.mp.", "ovid", "pubmed").text == "falls[tw]"


def test_field_with_no_equivalent_says_which_field_and_what_happens():
    result = translate("falls.ot.", "ovid", "pubmed")
    assert result.text == "falls[ti]"
    assert ".ot." in messages(result) and "original language" in messages(result)


def test_headings_between_mesh_and_cinahl_warn_that_vocabularies_differ():
    result = translate("exp Falls, Accidental/", "ovid", "cinahl")
    assert result.text == '(MH "Falls, Accidental+")'
    assert "CINAHL Subject Headings are not MeSH" in messages(result)


def test_source_precedence_warning_is_passed_on_and_output_is_bracketed():
    result = translate("falls.ti. or injur$.ti. and elderly.ti.", "ovid", "pubmed")
    assert result.text == "falls[ti] OR (injur*[ti] AND elderly[ti])"
    assert "without brackets" in messages(result)


def test_pubmed_left_to_right_reading_is_kept_by_brackets_in_ovid():
    result = translate("a[ti] OR b[ti] AND c[ti]", "pubmed", "ovid")
    assert parse(result.text, "ovid") == parse("(a.ti. or b.ti.) and c.ti.", "ovid")


def test_single_query_with_history_reference_cannot_go_to_europe_pmc():
    with pytest.raises(QueryError) as caught:
        translate_query("#1 AND #2", "pubmed", "europepmc")
    assert "whole strategy" in caught.value.hint


def test_warning_names_its_line_in_a_strategy():
    result = translate("falls.ti.\n(hip adj3 fracture$).ti.", "ovid", "pubmed")
    assert str(result.warnings[0]).startswith("Line 2: ")


def test_unknown_target_is_a_clear_error():
    with pytest.raises(QueryError):
        translate("falls", "pubmed", "scopus")


def test_translation_report_puts_warnings_after_the_text():
    result = translate("(fall$ adj3 prevent$).ti,ab.", "ovid", "pubmed")
    report = result.report()
    assert report.startswith(result.text) and "\nWarnings:\n- " in report


def test_title_abstract_on_a_group_means_each_word_in_either_field():
    assert translate("(fall$ and prevent$).ti,ab.", "ovid", "europepmc").text == \
        "(TITLE:fall* OR ABSTRACT:fall*) AND (TITLE:prevent* OR ABSTRACT:prevent*)"
    assert translate("(fall$ and prevent$).ti,ab.", "ovid", "cinahl").text == \
        "(TI fall* OR AB fall*) AND (TI prevent* OR AB prevent*)"


def test_ovid_words_without_a_field_get_a_note_about_default_fields():
    result = translate("falls or exp Aged/", "ovid", "pubmed")
    assert result.text == 'falls OR "Aged"[mh]'
    assert "Automatic Term Mapping" in messages(result)
    assert translate("falls.ti.", "ovid", "pubmed").warnings == []


def test_pubmed_short_truncated_stem_becomes_the_word_with_a_warning():
    result = translate("(los$ or loss).ti.", "ovid", "pubmed")
    assert result.text == "los[ti] OR loss[ti]"
    assert "at least 4 letters" in messages(result)


def test_pubmed_filter_with_no_equivalent_is_left_out_with_a_warning():
    result = translate("falls[tiab] AND free full text[sb]", "pubmed", "ovid")
    assert result.text == "falls.ti,ab."
    assert "left out" in messages(result)


def test_pubmed_create_date_becomes_the_nearest_date_field():
    result = translate("falls[tiab] AND 2015/01/01:2020/12/31[crdt]", "pubmed", "europepmc")
    assert result.text == "(TITLE:falls OR ABSTRACT:falls) AND PUB_YEAR:[2015 TO 2020]"
    assert "[crdt]" in messages(result) and "shortened to the years" in messages(result)
