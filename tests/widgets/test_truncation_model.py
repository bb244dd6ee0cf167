"""TruncationModel and index_words: the words a stem finds in the index, missed variants, over-truncation."""

from __future__ import annotations

import pytest
from widgets.search_corpus import small_database

from searchcraft.errors import QueryError
from searchcraft.query.pubmed import MIN_STEM
from searchcraft.widgets.models.index_words import index_words
from searchcraft.widgets.models.truncation import TruncationModel


@pytest.fixture(scope="module")
def db():
    return small_database()


def words(found) -> list[tuple[str, int]]:
    return [(w.word, w.records) for w in found]


def test_index_words_lists_each_word_with_the_records_that_have_it_in_the_field(db):
    # title/abstract: Nurse(s) r1 r3, nursing r2 r4 (nurses: r1; nurse: r3)
    assert words(index_words(db, "nurs", field="tiab").words) == [("nursing", 2), ("nurse", 1), ("nurses", 1)]
    # the headings column adds "Nursing Staff" (r3) when all fields are searched
    assert words(index_words(db, "nurs", field="all").words) == [("nursing", 3), ("nurse", 1), ("nurses", 1)]
    assert words(index_words(db, "nurs", field="ti").words) == [("nurse", 1), ("nursing", 1)]


def test_index_word_counts_agree_with_searching_each_word(db):
    for word in index_words(db, "ca", field="tiab").words:
        assert word.records == db.count(f"{word.word}[tiab]")


def test_index_words_refuses_what_is_not_a_stem(db):
    with pytest.raises(QueryError, match="not a word stem"):
        index_words(db, "hand hyg")
    with pytest.raises(QueryError, match="field"):
        index_words(db, "nurs", field="mh")


def test_a_long_stem_shows_the_variants_a_shorter_stem_would_add(db):
    found = TruncationModel(db, field="tiab").explore("nurse*")
    assert words(found.words) == [("nurse", 1), ("nurses", 1)]
    assert words(found.shorter) == [("nursing", 2)]
    assert (found.query, found.count, found.too_short) == ("nurse*[tiab]", 2, False)
    assert "A shorter stem, nurs*, would also find: nursing." in found.message


def test_a_stem_under_the_minimum_is_explained_and_still_shows_what_it_would_find(db):
    found = TruncationModel(db, field="tiab").explore("car*")
    assert found.too_short and len(found.stem) < MIN_STEM
    assert words(found.words) == [("cardiovascular", 1), ("care", 1), ("carers", 1), ("caries", 1)]
    assert found.count == 2  # r4 (care, carers) and r5 (caries, cardiovascular)
    assert f"PubMed needs at least {MIN_STEM} letters" in found.message
    assert found.shorter == ()  # no shorter stem is suggested: PubMed would refuse it too


def test_the_star_is_optional_but_a_phrase_is_not_a_stem(db):
    model = TruncationModel(db)
    assert model.explore("nurs").query == model.explore("nurs*").query == "nurs*"
    with pytest.raises(QueryError, match="one word stem"):
        model.explore("nurs* home*")


def test_chosen_words_in_full_are_compared_with_the_stem(db):
    model = TruncationModel(db, field="tiab")
    assert model.alternative(["nurse", "nurses"]) == ("nurse[tiab] OR nurses[tiab]", 2)
    assert model.alternative(["nursing"]) == ("nursing[tiab]", 2)
    with pytest.raises(QueryError, match="at least one word"):
        model.alternative([])
