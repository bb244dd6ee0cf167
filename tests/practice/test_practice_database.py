"""The practice database searches like PubMed: a specification on a corpus small enough to read.

Every expected answer below can be checked by reading tests/practice/data/small_corpus.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from searchcraft.errors import DatabaseError, DataFileError, QueryError, SearchCraftError
from searchcraft.practice import PracticeDatabase
from searchcraft.query.ast import And, Field, HistoryRef, Near, Or, Phrase, Term, Truncated
from searchcraft.records import Record
from searchcraft.source import SearchResult, Source

CORPUS = json.loads((Path(__file__).parent / "data" / "small_corpus.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def db() -> PracticeDatabase:
    return PracticeDatabase.from_records(CORPUS["records"], CORPUS["vocabulary"])


def found(db: PracticeDatabase, query) -> set[str]:
    result = db.search(query)
    assert result.count == len(result.ids) == db.count(query)
    return set(result.ids)


# -- the Source protocol ---------------------------------------------------------------------------
def test_practice_database_is_a_source_named_practice(db):
    assert isinstance(db, Source)
    assert db.name == "practice"
    assert isinstance(db.search("falls"), SearchResult)


def test_search_accepts_a_parsed_query_as_well_as_text(db):
    node = And((Field(Term("falls"), ("ti",)), Truncated("exerc")))
    assert found(db, node) == found(db, "falls[ti] AND exerc*") == {"r01"}


def test_fetch_returns_records_in_the_order_asked_and_skips_unknown_ids(db):
    records = db.fetch(["r03", "nope", "r01"])
    assert [r.id for r in records] == ["r03", "r01"]
    assert records[1].authors == ["Smith JA", "Jones B"]
    assert records[1].headings == ["*Accidental Falls", "Exercise"]


# -- text fields ----------------------------------------------------------------------------------
def test_title_tag_searches_the_title_only(db):
    assert found(db, "falls[ti]") == {"r01", "r05"}
    assert found(db, "nurses[ti]") == set()


def test_abstract_tag_searches_the_abstract_only(db):
    assert found(db, "nurses[ab]") == {"r02"}
    assert found(db, "apps[ab]") == set()


def test_tiab_includes_author_keywords_as_pubmed_does(db):
    assert found(db, '"infection control"[tiab]') == {"r02"}
    assert found(db, '"infection control"[ti]') == set()
    assert found(db, '"infection control"[ab]') == set()


def test_tiab_does_not_search_headings_or_publication_types(db):
    assert found(db, "accidental[tiab]") == set()
    assert found(db, "review[tiab]") == {"r03"}


def test_text_word_adds_headings_and_publication_types(db):
    assert found(db, "accidental[tw]") == {"r01"}
    assert found(db, "review[tw]") == {"r03", "r05"}


def test_untagged_terms_search_all_fields_including_authors_and_journal(db):
    assert found(db, "ageing") == {"r02", "r03"}
    assert found(db, "ageing[tw]") == set()
    assert found(db, "smithson") == found(db, "smithson[all]") == {"r03"}


def test_keyword_tag_searches_author_keywords(db):
    assert found(db, Field(Term("drowning"), ("kw",))) == {"r04"}


# -- phrases, truncation, proximity ---------------------------------------------------------------
def test_a_phrase_needs_its_words_next_to_each_other_in_order(db):
    assert found(db, '"hand hygiene"[ti]') == {"r02"}
    assert found(db, '"hygiene hand"[ti]') == set()
    assert found(db, "hand[tiab] AND hygiene[tiab]") == {"r01", "r02"}


def test_a_phrase_never_runs_from_one_keyword_into_the_next(db):
    # r01 has the keywords "hand" and "hygiene" next to each other, but as two keywords
    assert found(db, '"hand hygiene"[tiab]') == {"r02"}


def test_truncation_finds_every_word_starting_with_the_stem(db):
    assert found(db, "exerc*[tiab]") == {"r01", "r06", "r07", "r08"}
    assert db.search("exerc*[tiab]").matched_terms >= {"exercise"}


def test_truncation_inside_a_phrase(db):
    assert found(db, '"self manage*"[tiab]') == {"r02", "r04"}
    assert found(db, Field(Phrase("hand hygien* compliance"), ("ti",))) == {"r02"}


def test_proximity_finds_words_within_the_distance_in_any_order(db):
    assert found(db, '"exercise home"[tiab:~3]') == {"r01"}
    assert found(db, '"exercise home"[tiab:~4]') == {"r01", "r07"}
    assert found(db, '"home exercise"[tiab:~4]') == {"r01", "r07"}


def test_proximity_counts_only_words_in_the_same_field(db):
    # r08 has "exercise" in its title and "home" in its abstract
    assert "r08" not in found(db, '"exercise home"[tiab:~20]')


def test_near_combines_alternatives_on_each_side(db):
    query = Field(Near(Or((Term("exercise"), Term("pain"))), Term("home"), 4), ("tiab",))
    assert found(db, query) == {"r01", "r07"}


def test_ordered_near_needs_the_left_side_first(db):
    assert found(db, Field(Near(Term("exercise"), Term("home"), 4, ordered=True), ("ab",))) == {"r07"}
    assert found(db, Field(Near(Term("home"), Term("exercise"), 4, ordered=True), ("ab",))) == {"r01"}


# -- headings -------------------------------------------------------------------------------------
def test_mh_explodes_to_every_heading_below_in_the_tree(db):
    assert found(db, "Accidents[mh]") == {"r01", "r03", "r04"}
    assert found(db, '"Wounds and Injuries"[mh]') == {"r03", "r05"}


def test_mh_noexp_finds_the_heading_only(db):
    assert found(db, "Accidents[mh:noexp]") == {"r03"}
    assert found(db, "Drowning[mh:noexp]") == set()
    assert found(db, "Drowning[mh]") == {"r04"}


def test_a_heading_is_found_by_an_entry_term(db):
    assert found(db, '"broken hip"[mh]') == {"r03"}
    assert found(db, '"physical activity"[mh]') == {"r01", "r06", "r07"}


def test_majr_finds_major_headings_only_exploded_or_not(db):
    assert found(db, "Accidents[majr]") == {"r01", "r03", "r04"}
    assert found(db, "Accidents[majr:noexp]") == {"r03"}
    assert found(db, "Exercise[majr]") == set()


def test_a_heading_missing_from_the_vocabulary_is_still_searchable(db):
    assert found(db, '"Hand Disinfection"[mh]') == {"r02"}
    assert found(db, '"No Such Heading"[mh]') == set()


def test_the_vocabulary_is_available_for_browsing(db):
    assert [h.heading for h in db.vocabulary.children("Accidents")] == ["Accidental Falls",
                                                                         "Drowning"]


# -- controlled fields ----------------------------------------------------------------------------
def test_author_initials_are_truncated_as_in_pubmed(db):
    assert found(db, '"smith j"[au]') == {"r01", "r02", "r04"}
    assert found(db, "smith ja[au]") == {"r01"}
    assert found(db, "jones b[au]") == {"r01", "r06"}


def test_author_surname_alone_finds_every_initial_but_not_longer_surnames(db):
    assert found(db, "smith[au]") == {"r01", "r02", "r04"}
    assert found(db, "smith*[au]") == {"r01", "r02", "r03", "r04"}


def test_author_search_never_mixes_two_authors_of_one_record(db):
    # r01 is by Smith JA and Jones B: there is no author "Smith B"
    assert found(db, "smith b[au]") == set()


def test_author_names_ignore_diacritics_and_apostrophes(db):
    assert found(db, "muller k[au]") == found(db, "müller k[au]") == {"r04"}
    assert found(db, "o'brien m[au]") == found(db, "obrien[au]") == {"r05"}


def test_journal_tag_matches_the_whole_title_or_abbreviation(db):
    assert found(db, '"J Adv Nurs"[ta]') == {"r01"}
    assert found(db, '"journal of advanced nursing"[ta]') == {"r01"}
    assert found(db, '"age ageing"[ta]') == {"r02", "r03"}
    assert found(db, "nursing[ta]") == set()


def test_publication_type_tag(db):
    assert found(db, "review[pt]") == {"r03", "r05"}
    assert found(db, '"randomized controlled trial"[pt]') == {"r01"}


def test_language_by_name_or_code(db):
    assert found(db, "english[la]") == found(db, "eng[la]") == {"r01", "r02", "r07"}
    assert found(db, "french[la]") == {"r03"}
    assert found(db, "ger[la]") == {"r04"}


def test_publication_year_and_inclusive_ranges(db):
    assert found(db, "2018[dp]") == {"r02", "r03"}
    assert found(db, "2018:2019[dp]") == {"r02", "r03", "r07", "r08"}
    assert found(db, "2021:3000[dp]") == {"r04"}
    assert found(db, "1900:1950[dp]") == set()


def test_a_range_that_ends_before_it_starts_is_a_clear_error(db):
    with pytest.raises(QueryError, match="ends before it starts"):
        db.count("2020:2018[dp]")


def test_pmid_tag_finds_a_record_by_id_or_pmid(db):
    assert found(db, "r02[pmid]") == {"r02"}
    assert found(db, "31234567[pmid]") == {"r06"}
    assert found(db, "falls AND r05[pmid]") == {"r05"}


def test_an_unindexed_field_is_a_clear_error(db):
    with pytest.raises(QueryError, match=r"cannot search the field \[sh\]"):
        db.count("prevention[sh]")


# -- Boolean logic --------------------------------------------------------------------------------
def test_not_removes_the_records_of_the_right_side(db):
    assert found(db, "falls") == {"r01", "r05"}
    assert found(db, "falls NOT review[pt]") == {"r01"}


def test_operators_combine_left_to_right_as_in_pubmed(db):
    # (falls OR drowning) AND children, not falls OR (drowning AND children)
    assert found(db, "falls OR drowning AND children") == {"r04"}
    assert found(db, "falls OR (drowning AND children)") == {"r01", "r04", "r05"}


def test_and_with_a_known_set_of_records_filters_it(db):
    assert found(db, "(r01[pmid] OR r02[pmid] OR r03[pmid]) AND hygiene") == {"r01", "r02"}
    assert found(db, "(r01[pmid] OR r02[pmid]) NOT hygiene[ti]") == {"r01"}


def test_a_history_reference_outside_a_history_is_a_clear_error(db):
    with pytest.raises(QueryError, match="#2 refers to a line of a search history"):
        db.search(HistoryRef(2))


# -- words ----------------------------------------------------------------------------------------
def test_diacritics_are_folded_in_text_and_queries(db):
    assert found(db, "uber") == found(db, "Über") == {"r05"}
    assert found(db, "cafe[ti]") == found(db, "café[ti]") == {"r05"}


def test_search_ignores_case(db):
    assert found(db, "FALLS[TI]") == found(db, "Falls[ti]") == {"r01", "r05"}


def test_british_and_american_spellings_are_different_words(db):
    assert found(db, "organisation") == {"r04"}
    assert found(db, "organization") == {"r03"}
    assert found(db, "randomised[tiab]") == {"r01"}
    assert found(db, "randomized[tiab]") == set()


def test_a_hyphenated_term_finds_the_hyphenated_and_the_spaced_form(db):
    assert found(db, "self-management") == {"r02", "r04"}
    assert found(db, '"self management"') == {"r02", "r04"}


def test_the_closed_form_of_a_hyphenated_word_is_a_different_word(db):
    assert found(db, "selfmanagement") == {"r06"}
    assert "r06" not in found(db, "self-management")


def test_matched_terms_list_the_index_words_found_but_not_excluded_ones(db):
    terms = db.search("exerc*[tiab] AND home NOT review[pt]").matched_terms
    assert {"exercise", "home"} <= terms
    assert "review" not in terms


def test_index_words_starting_a_stem_are_what_truncation_finds_most_records_first(db):
    words = db.index_words_starting("exerc", ("title", "abstract", "keywords"))
    assert [w for w, _ in words] == sorted({w for w, _ in words}, key=lambda w: (-dict(words)[w], w))
    assert {w for w, _ in words} <= db.search("exerc*[tiab]").matched_terms
    for word, records in words:
        per_column = max(db.count(Field(Term(word), (tag,))) for tag in ("ti", "ab", "kw"))
        assert records == per_column


def test_index_words_starting_keep_to_the_columns_asked_for(db):
    in_titles = {w for w, _ in db.index_words_starting("exerc", ("title",))}
    assert in_titles == {w for w in db.search("exerc*[ti]").matched_terms}
    assert db.index_words_starting("zzzz", ("title",)) == []


# -- order and limits -----------------------------------------------------------------------------
def test_results_are_listed_newest_first_then_by_id(db):
    assert db.search("exerc*[tiab]").ids == ("r01", "r06", "r07", "r08")


def test_records_without_a_year_come_last(db):
    assert db.search("review[pt]").ids == ("r03", "r05")


def test_limit_returns_the_first_ids_but_the_full_count(db):
    result = db.search("exerc*[tiab]", limit=2)
    assert result.ids == ("r01", "r06")
    assert result.count == 4


def test_order_is_the_same_for_sets_combined_outside_fts(db):
    assert db.search("r08[pmid] OR r01[pmid] OR r05[pmid]").ids == ("r01", "r08", "r05")


# -- building and opening -------------------------------------------------------------------------
def test_records_may_be_record_objects(db):
    small = PracticeDatabase.from_records([Record(id="x", title="Hip protectors")])
    assert small.search("protectors").ids == ("x",)


def test_duplicate_record_ids_are_refused_with_the_id_named():
    with pytest.raises(DatabaseError, match="dup"):
        PracticeDatabase.from_records([{"id": "dup", "title": "a"}, {"id": "dup", "title": "b"}])


def test_a_record_without_an_id_is_a_data_error():
    with pytest.raises(DataFileError):
        PracticeDatabase.from_records([{"title": "no id"}])


def test_a_database_built_on_disk_reopens_with_the_same_answers(db, tmp_path):
    path = tmp_path / "practice.sqlite"
    built = PracticeDatabase.from_records(CORPUS["records"], CORPUS["vocabulary"], path=path)
    built.close()
    assert sorted(os.listdir(tmp_path)) == ["practice.sqlite"]  # no temporary file left
    reopened = PracticeDatabase.open(path)
    for query in ("Accidents[mh]", '"smith j"[au]', "exerc*[tiab]", "2018:2019[dp]"):
        assert reopened.search(query).ids == db.search(query).ids
    assert reopened.vocabulary.lookup("falls").heading == "Accidental Falls"
    assert len(reopened) == len(CORPUS["records"])


def test_opening_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="No practice database"):
        PracticeDatabase.open(tmp_path / "missing.sqlite")


def test_opening_a_file_that_is_not_a_practice_database_is_a_clear_error(tmp_path):
    path = tmp_path / "other.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseError):
        PracticeDatabase.open(path)


def test_an_empty_query_is_a_clear_error(db):
    with pytest.raises(SearchCraftError, match="empty"):
        db.search("   ")


def test_a_truncated_heading_finds_every_heading_starting_with_the_stem(db):
    # Accidents and Accidental Falls, each unexploded (Near Drowning is not included)
    assert found(db, "accident*[mh]") == {"r01", "r03"}
    assert found(db, "hand*[mh]") == {"r02"}  # a heading missing from the vocabulary too


def test_a_heading_in_two_places_explodes_from_both():
    vocabulary = [{"heading": "Top A", "tree_numbers": ["A01"]},
                  {"heading": "Top B", "tree_numbers": ["B01"]},
                  {"heading": "Shared", "tree_numbers": ["A01.100", "B01.200"]},
                  {"heading": "Below Shared", "tree_numbers": ["B01.200.300"]}]
    records = [{"id": "s", "headings": ["Shared"]}, {"id": "b", "headings": ["Below Shared"]},
               {"id": "t", "headings": ["Top A"]}]
    small = PracticeDatabase.from_records(records, vocabulary)
    assert set(small.search('"Top A"[mh]').ids) == {"s", "t"}
    assert set(small.search('"Top B"[mh]').ids) == {"s", "b"}
    assert set(small.search("Shared[mh]").ids) == {"s", "b"}
    assert small.search("Shared[mh:noexp]").ids == ("s",)


def test_progress_is_reported_on_stderr_only_when_asked(capsys):
    PracticeDatabase.from_records(CORPUS["records"])
    assert capsys.readouterr().err == ""
    PracticeDatabase.from_records(CORPUS["records"], progress=True)
    assert "Indexing records: 8 (" in capsys.readouterr().err


def test_records_stream_from_a_generator_of_several_batches():
    stream = ({"id": f"g{n:05d}", "title": "falls" if n % 3 == 0 else "exercise", "year": 2000 + n % 20}
              for n in range(5_000))
    big = PracticeDatabase.from_records(stream)
    assert len(big) == 5_000
    assert big.count("falls[ti]") == 1_667
    assert big.search("falls[ti]", limit=2).ids == ("g00039", "g00099")  # 2019, then by id


def test_a_repeated_count_gives_the_same_answer_after_clearing_the_cache(db):
    first = db.count("exerc*[tiab] OR falls")
    assert db.count("exerc*[tiab] OR falls") == first
    db.clear_cache()
    assert db.count("exerc*[tiab] OR falls") == first == 5
