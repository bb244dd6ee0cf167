"""Ovid MEDLINE lines parse into the shared AST the way Ovid reads them."""

from __future__ import annotations

import pytest

from searchcraft.query import QuerySyntaxError, analyse, parse
from searchcraft.query.ast import And, Field, HistoryRef, Near, Not, Or, Phrase, Range, Term, Truncated


def ovid(text: str, **kwargs):
    return parse(text, "ovid", **kwargs)


def test_exp_heading_is_an_exploded_mesh_heading():
    assert ovid("exp Falls, Accidental/") == Field(Phrase("Falls, Accidental"), ("mh",))


def test_heading_without_exp_is_not_exploded():
    assert ovid("Falls, Accidental/") == Field(Phrase("Falls, Accidental"), ("mh:noexp",))


def test_capitalised_exp_and_star_make_an_exploded_major_heading():
    assert ovid("Exp *Dementia/") == Field(Phrase("Dementia"), ("majr",))
    assert ovid("*Dementia/") == Field(Phrase("Dementia"), ("majr:noexp",))


def test_quoted_heading_may_contain_operator_words():
    assert ovid('exp "sensitivity and specificity"/') == Field(Phrase("sensitivity and specificity"), ("mh",))


def test_heading_subheadings_become_one_heading_search_each():
    assert ovid("Lasers/du [Diagnostic Use]") == Field(Phrase("Lasers/diagnostic use"), ("mh:noexp",))
    assert ovid("exp Dementia/bl, cf [Blood, Cerebrospinal Fluid]") == Or((
        Field(Phrase("Dementia/blood"), ("mh",)),
        Field(Phrase("Dementia/cerebrospinal fluid"), ("mh",)),
    ))


def test_doubled_word_before_a_heading_is_read_once_with_a_warning():
    parsed = analyse("Immunoassay Immunoassay/", "ovid")
    assert parsed.node == Field(Phrase("Immunoassay"), ("mh:noexp",))
    assert "repeats" in parsed.warnings[0].message


def test_title_abstract_suffix_applies_to_the_word():
    assert ovid("falls.ti,ab.") == Field(Term("falls"), ("tiab",))
    assert ovid("falls.ab,ti.") == Field(Term("falls"), ("tiab",))


def test_text_word_suffix_is_title_and_abstract_words():
    assert ovid("falls.tw.") == Field(Term("falls"), ("tiab",))


def test_multipurpose_suffix_is_text_words_and_several_fields_are_kept():
    assert ovid("falls.mp.") == Field(Term("falls"), ("tw",))
    assert ovid("falls.ti,ab,kf.") == Field(Term("falls"), ("tiab", "kw"))


def test_suffix_on_a_bracketed_group_applies_to_the_whole_group():
    assert ovid("(falls or faller$).ti.") == Field(Or((Term("falls"), Truncated("faller"))), ("ti",))


def test_words_side_by_side_are_a_phrase():
    assert ovid("rapid diagnos* test*.ti,ab") == Field(Phrase("rapid diagnos* test*"), ("tiab",))


def test_missing_final_full_stop_is_read_with_a_warning():
    parsed = analyse("falls.ti,ab", "ovid")
    assert parsed.node == Field(Term("falls"), ("tiab",))
    assert "no closing full stop" in parsed.warnings[0].message


def test_field_codes_separated_by_full_stops_are_read_with_a_warning():
    parsed = analyse("(GeneXpert or cepheid).ti.ab .", "ovid")
    assert parsed.node.fields == ("tiab",)
    assert "full stops" in parsed.warnings[0].message


def test_dollar_star_and_colon_are_unlimited_truncation():
    assert ovid("fall$") == Truncated("fall")
    assert ovid("fall*") == Truncated("fall")
    assert ovid("sensitiv:.mp.") == Field(Truncated("sensitiv"), ("tw",))


def test_limited_truncation_and_wildcards_are_kept_as_written():
    assert ovid("hypno$6") == Term("hypno$6")
    assert ovid("colo?r") == Term("colo?r")
    assert ovid("wom#n") == Term("wom#n")
    assert ovid("h?emoconcentrat*.tw.") == Field(Truncated("h?emoconcentrat"), ("tiab",))


def test_adj3_allows_two_words_between():
    assert ovid("(hip adj3 fracture$).ti,ab.") == Field(Near(Term("hip"), Truncated("fracture"), 2), ("tiab",))


def test_plain_adj_is_words_next_to_each_other_in_order():
    assert ovid("case adj stud*") == Near(Term("case"), Truncated("stud"), 0, ordered=True)


def test_adj_binds_tighter_than_or():
    node = ovid("(a or b adj2 c).ti.")
    assert node == Field(Or((Term("a"), Near(Term("b"), Term("c"), 1))), ("ti",))


def test_numbers_are_history_references():
    assert ovid("1 or 2", history={1, 2}) == Or((HistoryRef(1), HistoryRef(2)))
    assert ovid("36 not (36 and 37)") == Not(HistoryRef(36), And((HistoryRef(36), HistoryRef(37))))


def test_or_slash_range_and_list_combine_lines():
    assert ovid("or/1-3") == Or((HistoryRef(1), HistoryRef(2), HistoryRef(3)))
    assert ovid("and/17,34") == And((HistoryRef(17), HistoryRef(34)))
    assert ovid("or/1-2,5") == Or((HistoryRef(1), HistoryRef(2), HistoryRef(5)))


def test_limit_to_years_becomes_a_publication_date_range():
    assert ovid('limit 26 to yr="2015-2020"') == And((HistoryRef(26), Field(Range("2015", "2020"), ("dp",))))
    assert ovid('limit 1 to yr="2007 -Current"') == And((HistoryRef(1), Field(Range("2007", "3000"), ("dp",))))


def test_limit_to_entry_dates_becomes_an_entry_date_range():
    assert ovid("limit 46 to ed=19400101-20131212") == And((
        HistoryRef(46), Field(Range("1940/01/01", "2013/12/12"), ("edat",))))


def test_limit_to_language_and_humans():
    assert ovid("limit 3 to english language") == And((HistoryRef(3), Field(Term("english"), ("la",))))
    assert ovid("Limit 3 to Humans") == And((HistoryRef(3), Field(Phrase("Humans"), ("mh",))))


def test_unknown_limit_is_kept_with_a_warning():
    parsed = analyse('limit 5 to "reviews (maximizes specificity)"', "ovid")
    assert parsed.node.children[1].fields == ("ovid.limit",)
    assert "no field equivalent" in parsed.warnings[0].message


def test_floating_subheading_abbreviations_become_subheading_names():
    assert ovid("drug therapy.fs.") == Field(Phrase("drug therapy"), ("sh",))
    assert ovid("(di or du).fs.") == Field(Or((Phrase("diagnosis"), Phrase("diagnostic use"))), ("sh",))


def test_mixed_operators_without_brackets_warn_about_precedence():
    parsed = analyse("a or b and c", "ovid")
    assert parsed.node == Or((Term("a"), And((Term("b"), Term("c")))))
    assert "without brackets" in parsed.warnings[0].message
    assert analyse("a or (b and c)", "ovid").warnings == []


def test_reference_to_a_missing_line_is_a_positioned_error():
    with pytest.raises(QuerySyntaxError) as caught:
        ovid("1 or 5", history={1, 2})
    assert caught.value.position == 5


def test_unbalanced_bracket_is_a_positioned_error():
    with pytest.raises(QuerySyntaxError) as caught:
        ovid("(falls or fall$.ti.")
    assert caught.value.position == 0


def test_exp_without_a_heading_is_an_error_with_a_hint():
    with pytest.raises(QuerySyntaxError) as caught:
        ovid("exp falls.ti.")
    assert "exp Falls, Accidental/" in caught.value.hint


def test_not_followed_by_and_warns_but_and_followed_by_not_does_not():
    assert analyse("a not b and c", "ovid").warnings
    assert analyse("a and b not c", "ovid").warnings == []  # the same records either way
    assert analyse("(a not b) and c", "ovid").warnings == []
