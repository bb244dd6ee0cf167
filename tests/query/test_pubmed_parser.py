"""The PubMed parser reads PubMed's query language as PubMed does, into the kit's AST."""

from __future__ import annotations

import pytest

from searchcraft.query import (
    And,
    Field,
    HistoryRef,
    Not,
    Or,
    Phrase,
    Proximity,
    QuerySyntaxError,
    Range,
    Term,
    Truncated,
    analyse,
    parse,
)
from searchcraft.query.pubmed import MIN_STEM


def tiab(node):
    return Field(node, ("tiab",))


# --- operators ---------------------------------------------------------------------------------


def test_upper_case_operators_combine_searches():
    assert parse("falls AND elderly") == And((Term("falls"), Term("elderly")))
    assert parse("falls OR fall") == Or((Term("falls"), Term("fall")))
    assert parse("falls NOT hip") == Not(Term("falls"), Term("hip"))


def test_operators_are_read_left_to_right_without_precedence():
    assert parse("a OR b AND c") == And((Or((Term("a"), Term("b"))), Term("c")))
    assert parse("a AND b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a OR b NOT c") == Not(Or((Term("a"), Term("b"))), Term("c"))


def test_brackets_change_the_order():
    assert parse("a OR (b AND c)") == Or((Term("a"), And((Term("b"), Term("c")))))


def test_chains_of_one_operator_flatten_into_one_node():
    assert parse("a OR b OR c OR d") == Or(tuple(Term(x) for x in "abcd"))
    assert parse("a AND (b AND c)") == And((Term("a"), Term("b"), Term("c")))


def test_not_is_binary_and_left_associative():
    assert parse("a NOT b NOT c") == Not(Not(Term("a"), Term("b")), Term("c"))
    assert parse("a NOT (b NOT c)") == Not(Term("a"), Not(Term("b"), Term("c")))


def test_adjacent_words_are_anded_as_pubmed_does():
    assert parse("heart attack") == And((Term("heart"), Term("attack")))
    assert parse('"hand hygiene" nurses') == And((Phrase("hand hygiene"), Term("nurses")))


def test_lower_case_operators_are_words_with_a_warning():
    parsed = analyse("cancer or tumour")
    assert parsed.node == And((Term("cancer"), Term("or"), Term("tumour")))
    assert [w.position for w in parsed.warnings] == [7]
    assert "upper-case OR" in parsed.warnings[0].message


def test_a_lower_case_operator_before_a_tag_joins_the_tagged_phrase():
    # PubMed reads the untagged words before a tag as one phrase: "or biliary"[tiab]
    parsed = analyse("bile duct[tiab] or biliary[tiab]")
    assert parsed.node == And((tiab(Phrase("bile duct")), tiab(Phrase("or biliary"))))
    assert parsed.warnings[0].position == 16


def test_a_group_next_to_a_search_without_an_operator_is_refused():
    for query, position in [("(a OR b) c", 9), ("a (b OR c)", 2), ("#1 #2", 3), ("(a) (b)", 4)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == position, query
        assert "AND, OR or NOT" in caught.value.hint


# --- phrases, quotes, tags -----------------------------------------------------------------------


def test_quoted_words_are_one_phrase_with_spaces_normalised():
    assert parse('"hand   hygiene "') == Phrase("hand hygiene")
    assert parse('"falls"') == Phrase("falls")


def test_typographic_double_quotes_are_quotes_with_a_warning_at_each():
    parsed = analyse("x AND “Reflex, stretch”[mesh]")
    assert parsed.node == And((Term("x"), Field(Phrase("Reflex, stretch"), ("mh",))))
    assert [w.position for w in parsed.warnings] == [6, 22]
    mixed = analyse('“Aspergillus"[MeSH]')
    assert mixed.node == Field(Phrase("Aspergillus"), ("mh",))
    assert [w.position for w in mixed.warnings] == [0]


def test_typographic_single_quotes_are_not_quotes_but_are_flagged():
    parsed = analyse("‘falls’")
    assert parsed.node == Term("‘falls’")
    assert parsed.warnings and parsed.warnings[0].position == 0


@pytest.mark.parametrize(
    ("tag", "field"),
    [
        ("tiab", "tiab"), ("Title/Abstract", "tiab"), ("TIAB", "tiab"), ("ti", "ti"),
        ("Title", "ti"), ("ab", "ab"), ("Abstract", "ab"), ("tw", "tw"), ("Text Word", "tw"),
        ("all", "all"), ("All Fields", "all"), ("mh", "mh"), ("mesh", "mh"), ("MeSH Terms", "mh"),
        ("MESH", "mh"), ("mh:noexp", "mh:noexp"), ("MeSH:NoExp", "mh:noexp"),
        ("mesh:noexp", "mh:noexp"), ("MeSH Terms:noexp", "mh:noexp"), ("majr", "majr"),
        ("MeSH Major Topic", "majr"), ("majr:noexp", "majr:noexp"), ("sh", "sh"),
        ("Subheading", "sh"), ("au", "au"), ("Author", "au"), ("ta", "ta"), ("Journal", "ta"),
        ("dp", "dp"), ("Date - Publication", "dp"), ("pt", "pt"), ("Publication Type", "pt"),
        ("la", "la"), ("Language", "la"), ("pmid", "pmid"), ("ot", "kw"),
        ("Supplementary Concept", "nm"), ("rn", "rn"), ("crdt", "crdt"), ("ad", "ad"),
    ],
)
def test_field_tags_are_read_in_any_spelling_and_case(tag, field):
    assert parse(f"falls[{tag}]") == Field(Term("falls"), (field,))
    assert parse(f"falls [{tag}]") == Field(Term("falls"), (field,))


def test_unquoted_words_before_a_tag_are_one_phrase():
    assert parse("back pain[mesh]") == Field(Phrase("back pain"), ("mh",))
    assert parse("Fractures, Bone [mesh]") == Field(Phrase("Fractures, Bone"), ("mh",))
    assert parse("pain OR back pain[mesh]") == Or((Term("pain"), Field(Phrase("back pain"), ("mh",))))


def test_commas_between_untagged_words_separate_them():
    assert parse("tumor, peripheral") == And((Term("tumor"), Term("peripheral")))


def test_a_phrase_with_a_subheading_keeps_the_slash():
    assert parse('"Sepsis/blood"[Mesh]') == Field(Phrase("Sepsis/blood"), ("mh",))


def test_unknown_tag_is_an_error_that_suggests_the_nearest_tag():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("falls[tiabs] OR fall")
    assert caught.value.position == 5
    assert "[tiab]" in caught.value.hint


def test_a_tag_on_a_bracketed_group_or_a_history_line_is_refused():
    for query, position in [("(a OR b)[tiab]", 8), ("#1[tiab]", 2)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == position


def test_a_tag_without_a_term_is_refused():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("a AND [tiab]")
    assert caught.value.position == 6


# --- truncation ----------------------------------------------------------------------------------


def test_truncation_at_the_end_of_a_word():
    assert parse("nurs*") == Truncated("nurs")
    assert parse("nurs*[tiab]") == tiab(Truncated("nurs"))


def test_truncation_inside_phrases_stays_in_the_phrase_text():
    assert parse('"hand hyg*"[tiab]') == tiab(Phrase("hand hyg*"))
    assert parse("lateral flow assay*[tiab]") == tiab(Phrase("lateral flow assay*"))


def test_truncation_needs_the_minimum_stem():
    assert MIN_STEM == 4
    assert parse("colo*") == Truncated("colo")
    # counted from the start of the term or phrase, as PubMed does: "hand hyg*" is fine
    assert parse('"a hy*"[tiab]') == tiab(Phrase("a hy*"))
    for query, position in [("col*", 0), ("a AND ab*", 6), ('"ab*"[tiab]', 1), ("a b*[tiab]", 0),
                            ("*", 0), ("-----*", 0)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == position, query


def test_a_wildcard_inside_a_word_is_refused_with_its_position():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("organi*ation")
    assert caught.value.position == 6


def test_question_mark_is_not_a_wildcard_and_is_flagged():
    parsed = analyse("h?emoglobin")
    assert parsed.node == Term("h?emoglobin")
    assert parsed.warnings[0].position == 1


# --- ranges and proximity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2015:2020[dp]", Field(Range("2015", "2020"), ("dp",))),
        ("2015/01/01:2020/12/31[dp]", Field(Range("2015/01/01", "2020/12/31"), ("dp",))),
        ('"2015"[dp] : "2020"[dp]', Field(Range("2015", "2020"), ("dp",))),
        ("2015[dp]:2020[dp]", Field(Range("2015", "2020"), ("dp",))),
        ("1940/01/01:2012/09/21[crdt]", Field(Range("1940/01/01", "2012/09/21"), ("crdt",))),
        ("2015:2020[Date - Publication]", Field(Range("2015", "2020"), ("dp",))),
    ],
)
def test_date_ranges_in_every_pubmed_form(query, expected):
    assert parse(query) == expected


def test_a_range_needs_dates_and_a_date_tag():
    for query, position in [("2015:2020", 4), ("2015:2020[tiab]", 4), ("2015:soon[dp]", 5),
                            ('"2015"[dp] : "2020"[pt]', 11), ("a : b", 2)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == position, query


def test_proximity_in_title_abstract_and_affiliation():
    assert parse('"hand hygiene"[tiab:~3]') == tiab(Proximity("hand hygiene", 3))
    assert parse('"hip pain"[Title/Abstract:~2]') == tiab(Proximity("hip pain", 2))
    assert parse('"hip pain"[ti:~0]') == Field(Proximity("hip pain", 0), ("ti",))
    assert parse('"Hopkins Bloomberg"[Affiliation:~45]') == Field(
        Proximity("Hopkins Bloomberg", 45), ("ad",))


def test_proximity_elsewhere_or_without_quoted_words_is_refused():
    for query, position in [('"hand hygiene"[mh:~3]', 14), ("hand hygiene[tiab:~3]", 0),
                            ('"hygiene"[tiab:~3]', 0), ('"a b"[tiab:~x]', 5)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == position, query


# --- search history ------------------------------------------------------------------------------


def test_history_references_combine_like_searches():
    assert parse("#1 AND (#2 OR #4) NOT #5") == Not(
        And((HistoryRef(1), Or((HistoryRef(2), HistoryRef(4))))), HistoryRef(5))


def test_an_unknown_history_line_is_an_error_when_the_history_is_given():
    assert parse("#1 OR #3", history={1, 2, 3}) == Or((HistoryRef(1), HistoryRef(3)))
    with pytest.raises(QuerySyntaxError) as caught:
        parse("#1 OR #4", history={1, 2, 3})
    assert caught.value.position == 6
    assert "#1, #2, #3" in caught.value.hint
    with pytest.raises(QuerySyntaxError) as caught:
        parse("#1", history=set())
    assert "no searches yet" in caught.value.hint


def test_a_bare_number_among_history_references_is_a_forgotten_hash():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("#5 OR 6")
    assert caught.value.position == 6
    assert "#6" in caught.value.hint
    # quoted, the number is a word on purpose
    assert parse('#5 OR "6"') == Or((HistoryRef(5), Phrase("6")))


def test_malformed_history_references_are_refused():
    for query in ["#", "#x", "#0", "#1a"]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse(query)
        assert caught.value.position == 0, query


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ("(a OR b", 0, "never closed"),
        ("(a OR (b AND c)", 0, "never closed"),
        ("a OR b)", 6, "no matching"),
        ('"hand hygiene', 0, "never closed"),
        ('a OR hygiene"', 12, "never closed"),
        ("falls[tiab", 5, "never closed"),
        ("falls]", 5, "no matching"),
        ("a AND", 2, "nothing after"),
        ("(a AND) OR b", 3, "nothing after"),
        ("AND a", 0, "before it"),
        ("a AND OR b", 6, "Two operators"),
        ('""', 0, "Empty phrase"),
        ('" "[tiab]', 0, "Empty phrase"),
        ("()", 0, "Empty brackets"),
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ("a[]", 1, "Empty field tag"),
    ],
)
def test_syntax_errors_say_what_and_where(query, position, words):
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert caught.value.position == position
    assert words in caught.value.message
    assert caught.value.hint


def test_the_error_text_shows_the_query_with_a_caret():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("falls[tiabs]")
    assert str(caught.value).splitlines()[1:3] == ["  falls[tiabs]", "       ^"]


def test_deep_nesting_is_refused_rather_than_crashing():
    with pytest.raises(QuerySyntaxError):
        parse("(" * 500 + "a" + ")" * 500)
    assert parse("(" * 50 + "a" + ")" * 50) == Term("a")


def test_punctuation_on_its_own_is_ignored_with_a_warning():
    parsed = analyse("hip - pain")
    assert parsed.node == And((Term("hip"), Term("pain")))
    assert parsed.warnings[0].position == 4


def test_the_contract_example():
    assert parse('"hand hygiene"[tiab] AND nurs*') == And(
        (Field(Phrase("hand hygiene"), ("tiab",)), Truncated("nurs")))


def test_ovid_explode_before_a_pubmed_heading_is_flagged():
    parsed = analyse("exp Child [mesh] OR x")
    assert parsed.node == Or((Field(Phrase("exp Child"), ("mh",)), Term("x")))
    assert parsed.warnings[0].position == 0
    assert "explode" in parsed.warnings[0].message
