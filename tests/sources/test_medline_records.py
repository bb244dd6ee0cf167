"""Reading NCBI E-utilities XML into the kit's record model, field by field.

Real NCBI answers come from ../shared/fixtures/eutils/ (read in place; skipped where that folder is
missing, a failure on CI); the invented ones from tests/sources/fixtures/.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from searchcraft.sources.errors import ResponseFormatError, ServiceError
from searchcraft.sources.medline import parse_esearch, parse_esummary, parse_pubmed_articles

FIXTURES = Path(__file__).parent / "fixtures"
EUTILS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "eutils"


def real(name: str) -> ET.Element:
    path = EUTILS / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} is missing (the shared real NCBI responses live beside the repository)")
    return ET.parse(path).getroot()


def own(name: str) -> ET.Element:
    return ET.parse(FIXTURES / name).getroot()


# -- esearch ---------------------------------------------------------------------------------
def test_an_esearch_page_gives_the_total_count_and_the_ids_in_order():
    page = parse_esearch(real("esearch1.xml"))
    assert page.count == 63
    assert len(page.ids) == 20 and page.retstart == 0
    assert all(i.isdigit() for i in page.ids)
    assert page.webenv == "" and page.query_key == ""


def test_an_esearch_with_usehistory_keeps_the_webenv_and_query_key():
    page = parse_esearch(real("esearch2.xml"))
    assert page.count == 42249 and len(page.ids) == 100
    assert page.ids[:2] == ("41297076", "41297074")
    assert page.webenv == "MCID_6927d6e7fee3e90f880ec190" and page.query_key == "1"


def test_a_later_esearch_page_reports_where_it_starts_and_how_pubmed_translated_the_query():
    page = parse_esearch(real("esearch3.xml"))
    assert page.retstart == 6 and page.count == 2651
    assert page.ids == ("11121077", "11121076", "11121075", "11121074", "11121073", "11121072")
    assert page.query_translation == '"proc natl acad sci u s a"[Journal] AND "97"[Volume]'


def test_a_search_that_finds_nothing_is_an_answer_with_pubmeds_warnings_not_an_error():
    page = parse_esearch(real("esearch8.xml"))
    assert page.count == 0 and page.ids == ()
    assert page.warnings == ("PhraseNotFound: abcXYZ", "OutputMessage: No items found.")


def test_the_eutilities_error_form_becomes_a_service_error_with_pubmeds_message():
    with pytest.raises(ServiceError, match="Empty term and query_key - nothing todo"):
        parse_esearch(own("esearch_error.xml"))


@pytest.mark.parametrize("name, message", [
    ("epost2.xml", "Invalid db name specified: nothing"),
    ("epost3.xml", "Empty ID list; Nothing to store; Some IDs have invalid value"),
])
def test_every_error_element_of_a_real_error_answer_is_reported(name, message):
    from searchcraft.sources.medline import check_eutils_errors

    with pytest.raises(ServiceError, match=message):
        check_eutils_errors(real(name))


def test_an_esearch_answer_without_a_count_is_reported_as_unreadable():
    with pytest.raises(ResponseFormatError, match="no <Count>"):
        parse_esearch(ET.fromstring("<eSearchResult><RetMax>0</RetMax></eSearchResult>"))


# -- efetch: real records --------------------------------------------------------------------
def test_a_real_record_with_a_structured_abstract_keeps_its_labelled_sections():
    (record,) = parse_pubmed_articles(real("pubmed4.xml"))
    assert record.id == record.pmid == "27797938"
    lines = record.abstract.split("\n")
    assert [line.split(":")[0] for line in lines] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert "telomerase reverse transcriptase (TERT) gene" in lines[0]   # <i>TERT</i> flattened
    assert record.doi == "10.1136/gutjnl-2016-312510"
    assert record.journal == "Gut" and record.year == 2017
    assert record.keywords == ["PANCREATIC CANCER"]
    assert "Observational Study" in record.publication_types
    assert record.source == "pubmed"


def test_real_records_give_authors_journal_pages_language_and_the_doi_from_the_article_ids():
    records = parse_pubmed_articles(real("pubmed2.xml"))
    first = records[0]
    assert first.id == "11748933"
    assert first.title.startswith("Is cryopreservation a homogeneous process?")
    assert first.authors == ["Taddei AR", "Barbato F", "Abelli L", "Canese S", "Moretti F",
                             "Rana KJ", "Fausto AM", "Mazzini M"]
    assert (first.journal, first.journal_abbreviation) == ("Cryobiology", "Cryobiology")
    assert (first.volume, first.issue, first.pages, first.year) == ("42", "4", "244-55", 2001)
    assert first.language == "eng"
    assert first.publication_types == ["Journal Article", "Research Support, Non-U.S. Gov't"]
    assert first.doi == "10.1006/cryo.2001.2328"


def test_real_mesh_headings_are_starred_when_the_heading_or_one_of_its_subheadings_is_major():
    first = parse_pubmed_articles(real("pubmed2.xml"))[0]
    assert "Animals" in first.headings                      # not major
    assert "*Cryopreservation" in first.headings            # major only through methods
    assert "*Sperm Motility" in first.headings              # the heading itself is major
    assert "Male" in first.headings and "*Male" not in first.headings
    assert first.major_headings == ["Cryopreservation", "Sea Bream", "Semen Preservation",
                                    "Sperm Motility", "Spermatozoa"]


def test_every_real_efetch_sample_reads_without_losing_a_record():
    for name in ("pubmed1.xml", "pubmed2.xml", "pubmed4.xml", "pubmed5.xml", "pubmed6.xml", "pubmed7.xml"):
        root = real(name)
        records = parse_pubmed_articles(root)
        assert [r.id for r in records] == [a.findtext("MedlineCitation/PMID") for a in root.findall("PubmedArticle")]
        assert all(r.title and r.year for r in records)


# -- efetch: invented edge cases ---------------------------------------------------------------
def test_an_invented_record_is_read_field_by_field():
    first, second = parse_pubmed_articles(own("efetch_invented.xml"))
    assert first.id == first.pmid == "90000001"
    assert first.title == "Hand hygiene compliance of ward nurses: an invented trial."
    assert first.abstract == ("BACKGROUND: Hand hygiene prevents infection; compliance is low (p<0.05).\n"
                              "METHODS: We invented a cluster trial on 12 wards.\n"
                              "RESULTS: Compliance rose from 40% to 70%.")
    assert first.authors == ["O'Brien SM", "Smith J Jr", "Invented Infection Control Group"]
    assert first.journal == "Journal of invented nursing research"
    assert first.journal_abbreviation == "J Invent Nurs Res"
    assert first.year == 2019                                   # from "2019 Winter-2020 Spring"
    assert (first.volume, first.issue, first.pages) == ("12", "3", "101-115")
    assert first.language == "eng; fre"
    assert first.publication_types == ["Randomized Controlled Trial", "Journal Article"]
    assert first.keywords == ["hand hygiene", "audit"]
    assert first.headings == ["Humans", "*Hand Hygiene", "*Nursing Staff, Hospital", "Cross Infection"]
    assert first.doi == "10.9999/jinr.2020.0001"                # ELocationID wins


def test_missing_parts_fall_back_sensibly():
    _, second = parse_pubmed_articles(own("efetch_invented.xml"))
    assert second.abstract == "An unlabelled abstract about falls."
    assert second.journal_abbreviation == "Invent Rev Falls Prev"  # MedlineTA when no ISO abbreviation
    assert (second.volume, second.issue, second.pages) == ("", "", "")
    assert second.headings == [] and second.keywords == []
    assert second.doi == "10.9999/irfp.2024.2"
    assert second.year == 2024


def test_an_efetch_error_answer_is_a_service_error_not_an_empty_list():
    with pytest.raises(ServiceError, match="Cannot retrieve history data"):
        parse_pubmed_articles(own("efetch_error.xml"))


def test_a_record_without_a_pmid_is_reported():
    with pytest.raises(ResponseFormatError, match="PMID"):
        parse_pubmed_articles(ET.fromstring(
            "<PubmedArticleSet><PubmedArticle><MedlineCitation/></PubmedArticle></PubmedArticleSet>"))


# -- esummary --------------------------------------------------------------------------------
def test_esummary_gives_brief_records_without_abstracts():
    records = parse_esummary(real("esummary1.xml"))
    first = records[0]
    assert first.id == "11850928"
    assert first.title == "Zirconium granuloma following treatment of rhus dermatitis."
    assert first.authors == ["LoPresti PJ", "Hambrick GW Jr"]
    assert (first.journal_abbreviation, first.year, first.volume, first.issue, first.pages) == \
        ("Arch Dermatol", 1965, "92", "2", "188-91")
    assert first.publication_types == ["Journal Article"]
    assert first.abstract == "" and first.headings == []
