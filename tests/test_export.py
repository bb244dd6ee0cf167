"""Exports re-read with the same libraries a reference manager would use, field by field."""

from __future__ import annotations

import csv
import os

import bibtexparser
import pytest
import rispy

from searchcraft.errors import DataFileError
from searchcraft.export import CSV_COLUMNS, export_records, read_ris, write_bibtex, write_csv, write_ris
from searchcraft.practice import PracticeDatabase
from searchcraft.records import Record

RECORDS = [
    Record(id="r1", title="Exercise & balance to prevent falls: a randomised trial",
           abstract="Background: falls are common. Methods: 300 adults aged ≥65.",
           authors=["Smith JA", "Müller K", "O'Brien M"], journal="Journal of Advanced Nursing",
           journal_abbreviation="J Adv Nurs", year=2019, volume="75", issue="3", pages="512-520",
           language="eng", publication_types=["Journal Article", "Randomized Controlled Trial"],
           keywords=["falls", "exercise"], headings=["*Accidental Falls", "Exercise/physiology"],
           doi="10.1111/jan.13900", pmid="30412345", source="practice"),
    Record(id="r2", title="Café culture and hip fractures", authors=["Ångström Z"],
           year=2021, language="fre", source="practice"),
    Record(id="r3", title="No year, no authors", source="practice"),
]


def test_ris_export_reads_back_with_rispy_field_by_field(tmp_path):
    path = write_ris(RECORDS, tmp_path / "results.ris")
    entries = rispy.load(path.open(encoding="utf-8"))
    first = entries[0]
    assert first["type_of_reference"] == "JOUR"
    assert first["id"] == "r1"
    assert first["title"] == RECORDS[0].title
    assert first["abstract"] == RECORDS[0].abstract
    assert first["authors"] == RECORDS[0].authors
    assert first["secondary_title"] == "Journal of Advanced Nursing"
    assert first["alternate_title1"] == "J Adv Nurs"
    assert (first["year"], first["volume"], first["number"]) == ("2019", "75", "3")
    assert (first["start_page"], first["end_page"]) == ("512", "520")
    assert first["keywords"] == ["falls", "exercise"]
    assert first["doi"] == "10.1111/jan.13900"
    assert first["accession_number"] == "30412345"
    assert [e["title"] for e in entries] == [r.title for r in RECORDS]


def test_ris_export_and_import_round_trip_every_record_field(tmp_path):
    path = write_ris(RECORDS, tmp_path / "results.ris")
    assert read_ris(path) == RECORDS


def test_line_breaks_in_a_value_become_spaces_in_ris(tmp_path):
    record = Record(id="x", abstract="Background: one.\nMethods: two.", source="s")
    (again,) = read_ris(write_ris([record], tmp_path / "x.ris"))
    assert again.abstract == "Background: one. Methods: two."


def test_a_database_can_be_built_from_an_imported_ris_file(tmp_path):
    path = write_ris(RECORDS, tmp_path / "results.ris")
    db = PracticeDatabase.from_records(read_ris(path))
    assert db.search("falls[tiab]").ids == ("r1",)
    assert db.search('"accidental falls"[mh]').ids == ("r1",)
    assert db.search("angstrom z[au]").ids == ("r2",)


def test_ris_from_another_tool_gets_ids_and_fields_from_its_tags(tmp_path):
    path = tmp_path / "pubmed.ris"
    path.write_text(
        "TY  - JOUR\nT1  - Falls in care homes\nA1  - Smith, John\nJO  - Age Ageing\n"
        "Y1  - 2018/05/01\nAN  - 29876543\nKW  - falls\nER  - \n\n"
        "TY  - JOUR\nTI  - Untitled duplicate\nAN  - 29876543\nER  - \n", encoding="utf-8")
    first, second = read_ris(path)
    assert (first.id, first.pmid, first.year) == ("29876543", "29876543", 2018)
    assert first.title == "Falls in care homes" and first.authors == ["Smith, John"]
    assert first.journal == first.journal_abbreviation == "Age Ageing"
    assert second.id == "29876543-2"  # duplicate ids made unique, so the file can be indexed


def test_reading_a_missing_ris_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="No RIS file"):
        read_ris(tmp_path / "missing.ris")


def test_bibtex_export_reads_back_with_bibtexparser_field_by_field(tmp_path):
    path = write_bibtex(RECORDS, tmp_path / "results.bib")
    with path.open(encoding="utf-8") as stream:
        entries = bibtexparser.load(stream).entries
    first = entries[0]
    assert (first["ENTRYTYPE"], first["ID"], first["id"]) == ("article", "r1", "r1")
    assert first["title"] == RECORDS[0].title
    assert first["author"].split(" and ") == RECORDS[0].authors
    assert first["journal"] == "Journal of Advanced Nursing"
    assert (first["year"], first["volume"], first["number"], first["pages"]) == (
        "2019", "75", "3", "512-520")
    assert first["keywords"] == "falls; exercise"
    assert first["mesh"] == "*Accidental Falls; Exercise/physiology"
    assert (first["doi"], first["pmid"]) == ("10.1111/jan.13900", "30412345")
    assert entries[1]["author"] == "Ångström Z"
    assert "year" not in entries[2]


def test_bibtex_keys_are_made_safe_and_unique(tmp_path):
    records = [Record(id="a b,c"), Record(id="a b c")]
    path = write_bibtex(records, tmp_path / "keys.bib")
    entries = bibtexparser.load(path.open(encoding="utf-8")).entries
    assert [e["ID"] for e in entries] == ["abc", "abc-2"]
    assert [e["id"] for e in entries] == ["a b,c", "a b c"]


def test_csv_export_reads_back_with_the_csv_module_field_by_field(tmp_path):
    path = write_csv(RECORDS, tmp_path / "results.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == CSV_COLUMNS
    for row, record in zip(rows, RECORDS, strict=True):
        for name, value in record.to_dict().items():
            expected = "; ".join(value) if isinstance(value, list) else (
                "" if value is None else str(value))
            assert row[name] == expected, name


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_accents(tmp_path):
    path = write_csv(RECORDS, tmp_path / "results.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("format, suffix", [("ris", "ris"), ("bibtex", "bib"), ("csv", "csv"),
                                            ("BIB", "bib")])
def test_export_records_chooses_the_writer_by_format(tmp_path, format, suffix):
    path = export_records(RECORDS, tmp_path / f"out.{suffix}", format)
    assert path.exists() and "r1" in path.read_text(encoding="utf-8-sig")


def test_an_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="Cannot export to 'docx'"):
        export_records(RECORDS, tmp_path / "out.docx", "docx")


def test_exports_replace_files_atomically_leaving_no_temporary_files(tmp_path):
    target = tmp_path / "results.ris"
    target.write_text("old content", encoding="utf-8")
    write_ris(RECORDS, target)
    assert sorted(os.listdir(tmp_path)) == ["results.ris"]
    assert target.read_text(encoding="utf-8").startswith("TY  - JOUR")


def test_a_failed_export_keeps_the_previous_file(tmp_path):
    target = tmp_path / "results.csv"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(DataFileError):
        write_csv([{"title": "a record without an id"}], target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(os.listdir(tmp_path)) == ["results.csv"]


def test_records_may_be_given_as_dicts(tmp_path):
    path = write_ris([r.to_dict() for r in RECORDS], tmp_path / "dicts.ris")
    assert read_ris(path) == RECORDS
