"""The Python tokeniser agrees with FTS5's unicode61 tokeniser, so highlighting shows real matches."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchcraft.practice.tokenise import author_parts, author_token, fold, normalise_name, words


def fts5_words(text: str) -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (text,))
    return [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]


@pytest.mark.parametrize("text", [
    "Self-management in Über-cafés",
    "O'Brien's naïve coöperation, façade; résumé",
    "COVID-19 & SARS-CoV-2: 3.5 mg/kg",
    "paediatric_nurses (organisation) vs. organization",
    "Ærø Łódź Straße",
])
def test_words_match_fts5_for_typical_text(text):
    assert words(text) == fts5_words(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=40))
def test_words_match_fts5_for_any_latin_text(text):
    assert words(text) == fts5_words(text)


def test_fold_lowers_case_and_removes_diacritics():
    assert fold("Über Café") == "uber cafe"


def test_normalise_name_ignores_case_punctuation_and_accents():
    assert normalise_name("Falls, Accidental") == normalise_name("falls accidental")
    assert normalise_name("J. Adv. Nurs.") == "j adv nurs"


@pytest.mark.parametrize("name, expected", [
    ("Smith JA", ("smith", "ja")),
    ("van der Berg J", ("vanderberg", "j")),
    ("Smith, John Andrew", ("smith", "ja")),
    ("Smith, JA", ("smith", "ja")),
    ("Müller K", ("muller", "k")),
    ("WHO Collaborative Group", ("whocollaborativegroup", "")),
])
def test_author_names_split_into_surname_and_initials(name, expected):
    assert author_parts(name) == expected


def test_a_query_author_in_lower_case_still_has_initials():
    assert author_parts("smith ja", from_query=True) == ("smith", "ja")
    assert author_parts("smith", from_query=True) == ("smith", "")


def test_one_author_is_one_index_token():
    assert author_token("O'Brien M") == "auobrien0m"
