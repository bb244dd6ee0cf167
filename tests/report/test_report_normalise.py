"""Normalised identifying fields: the forms deduplication compares."""

from __future__ import annotations

import pytest

from searchcraft.report.normalise import (
    american_spelling,
    normalise_author,
    normalise_doi,
    normalise_pages,
    normalise_pmid,
    normalise_title,
)


@pytest.mark.parametrize("doi", ["10.1136/bmj.n71", "10.1136/BMJ.N71", "https://doi.org/10.1136/bmj.n71",
                                 "http://dx.doi.org/10.1136/bmj.n71", "doi: 10.1136/bmj.n71.", " 10.1136/bmj.n71 "])
def test_dois_compare_without_case_or_resolver(doi):
    assert normalise_doi(doi) == "10.1136/bmj.n71"


@pytest.mark.parametrize("not_a_doi", ["", "n/a", "https://example.org/paper"])
def test_text_that_is_not_a_doi_gives_no_doi(not_a_doi):
    assert normalise_doi(not_a_doi) == ""


def test_pmids_keep_only_their_digits():
    assert normalise_pmid("PMID: 0031234567") == "31234567"
    assert normalise_pmid("") == ""


@pytest.mark.parametrize("british, american", [
    ("randomised", "randomized"), ("organisation", "organization"), ("behavioural", "behavioral"),
    ("paediatric", "pediatric"), ("haemorrhage", "hemorrhage"), ("oedema", "edema"),
    ("oesophageal", "esophageal"), ("diarrhoea", "diarrhea"), ("centre", "center"),
    ("programme", "program"), ("analysed", "analyzed"), ("modelling", "modeling"),
    ("tumours", "tumors"), ("anaemia", "anemia"), ("ageing", "aging"), ("foetal", "fetal"),
    ("catalogue", "catalog"), ("manoeuvre", "maneuver"),
])
def test_british_and_american_spellings_meet(british, american):
    assert american_spelling(british) == american_spelling(american)


@pytest.mark.parametrize("first, second", [("four", "for"), ("hours", "hors"), ("poet", "pet"),
                                           ("does", "des")])
def test_spelling_rules_do_not_make_different_words_alike(first, second):
    assert american_spelling(first) != american_spelling(second)


def test_titles_lose_case_accents_markup_and_punctuation():
    assert normalise_title("Müller's <i>In Vitro</i> β-blocker study: 1,000 patients.") == \
        "mullers in vitro beta blocker study 1000 patients"


@pytest.mark.parametrize("name", ["Smith J", "Smith JA", "Smith, John", "Smith, J. A.", "John Smith",
                                  "SMITH, John", "Smíth J"])
def test_author_forms_reduce_to_surname_and_initial(name):
    assert normalise_author(name) == ("smith", "j")


def test_multi_word_surnames_are_kept_whole():
    assert normalise_author("van der Berg, Anna") == ("vanderberg", "a")
    assert normalise_author("") == ("", "")


@pytest.mark.parametrize("pages, expected", [
    ("123-9", ("123", "129")), ("123-129", ("123", "129")), ("123–29", ("123", "129")),
    ("pp. 45-52", ("45", "52")), ("1199-205", ("1199", "1205")), ("e0212345", ("e0212345", "")),
    ("", ("", "")),
])
def test_page_ranges_are_written_out_in_full(pages, expected):
    assert normalise_pages(pages) == expected
