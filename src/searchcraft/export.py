"""Export records to reference managers and spreadsheets, and import RIS files.

Learners take their results out of the kit as a reference manager would want them: RIS (EndNote,
Zotero, Mendeley, Rayyan, Covidence), BibTeX (LaTeX, JabRef) or CSV (a spreadsheet for
screening). RIS files can also come *in*: :func:`read_ris` turns one into records, so a practice
database can be built from a real export::

    records = read_ris("my-pubmed-export.ris")
    db = PracticeDatabase.from_records(records)
    export_records(db.fetch(db.search("falls[tiab]").ids), "falls.csv", "csv")

Files are written atomically (a temporary file in the same folder, then a rename), so an
interrupted export never leaves half a file in place of a good one.

How the fields map:

=====================  ==========================  =====================================
Record field           RIS tag                     BibTeX field
=====================  ==========================  =====================================
id                     ID                          entry key (made BibTeX-safe) + ``id``
title / abstract       TI / AB                     title / abstract
authors                AU (one per author)         author (joined with `` and ``)
journal / abbreviation T2 / J2                     journal / shortjournal
year, volume, issue    PY, VL, IS                  year, volume, number
pages                  SP and EP                   pages
language               LA                          language
publication_types      M3 (joined with ``; ``)     type
keywords               KW (one per keyword)        keywords (joined with ``; ``)
headings               N1 ``Heading: ...``         mesh (joined with ``; ``)
doi / pmid / source    DO / AN / DB                doi / pmid / source
=====================  ==========================  =====================================

CSV has one column per record field, lists joined with ``"; "``, UTF-8 with a byte-order mark
so that Excel shows accented names correctly.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

import rispy

from .errors import DataFileError
from .records import Record

FORMATS = ("ris", "bibtex", "csv")
LIST_SEPARATOR = "; "
_HEADING_NOTE = "Heading: "


class ExportError(DataFileError):
    """Records could not be written or read in the requested format."""


def _write_atomically(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target} is a folder", hint="Give a file name, e.g. results.ris.")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _records(records: Iterable[Record | dict]) -> list[Record]:
    return [r if isinstance(r, Record) else Record.from_dict(r) for r in records]


# -- RIS -------------------------------------------------------------------------------------------
def _split_pages(pages: str) -> tuple[str, str]:
    start, _, end = pages.partition("-")
    return start.strip(), end.strip()


def _ris_entry(record: Record) -> dict:
    entry: dict = {"type_of_reference": "JOUR", "id": record.id}
    simple = {"title": record.title, "abstract": record.abstract, "secondary_title": record.journal,
              "alternate_title1": record.journal_abbreviation, "volume": record.volume,
              "number": record.issue, "language": record.language, "doi": record.doi,
              "accession_number": record.pmid, "name_of_database": record.source,
              "year": "" if record.year is None else str(record.year),
              "type_of_work": LIST_SEPARATOR.join(record.publication_types)}
    entry.update({k: v for k, v in simple.items() if v})
    if record.pages:
        start, end = _split_pages(record.pages)
        entry["start_page"] = start
        if end:
            entry["end_page"] = end
    if record.authors:
        entry["authors"] = list(record.authors)
    if record.keywords:
        entry["keywords"] = list(record.keywords)
    if record.headings:
        entry["notes"] = [_HEADING_NOTE + h for h in record.headings]
    return entry


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the ``1.`` counter lines, which some importers reject."""

    def set_header(self, count: int) -> None:
        return None


def _one_line(value: object) -> object:
    # RIS is line-based: a line break inside a value would end it, so it becomes a space
    if isinstance(value, str):
        return " ".join(value.split()) if "\n" in value or "\r" in value else value
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return value


def write_ris(records: Iterable[Record | dict], path: str | os.PathLike[str]) -> Path:
    """Write records as an RIS file (one ``TY  - JOUR`` reference each).

    Line breaks inside a value (e.g. a structured abstract) become spaces, as RIS has one line
    per value.
    """
    entries = [{k: _one_line(v) for k, v in _ris_entry(r).items()} for r in _records(records)]
    return _write_atomically(path, rispy.dumps(entries, implementation=_RisWriter))


def _first(entry: dict, *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value).strip()
    return ""


def _ris_record(entry: dict, position: int, source: Path) -> Record:
    notes = entry.get("notes") or []
    headings = [n[len(_HEADING_NOTE):] for n in notes if n.startswith(_HEADING_NOTE)]
    year_text = _first(entry, "year", "publication_year", "date")
    year_match = re.search(r"\d{4}", year_text)
    start, end = _first(entry, "start_page"), _first(entry, "end_page")
    pages = f"{start}-{end}" if start and end else start or end
    pmid = _first(entry, "accession_number")
    identifier = _first(entry, "id") or pmid or _first(entry, "doi") or f"ris-{position}"
    types = _first(entry, "type_of_work")
    return Record(
        id=identifier,
        title=_first(entry, "title", "primary_title", "translated_title"),
        abstract=_first(entry, "abstract", "notes_abstract"),
        authors=list(entry.get("authors") or entry.get("first_authors") or []),
        journal=_first(entry, "secondary_title", "alternate_title3", "journal_name"),
        journal_abbreviation=_first(entry, "alternate_title1", "alternate_title2", "journal_name"),
        year=int(year_match.group()) if year_match else None,
        volume=_first(entry, "volume"),
        issue=_first(entry, "number"),
        pages=pages,
        language=_first(entry, "language"),
        publication_types=[t for t in types.split(LIST_SEPARATOR) if t] if types else [],
        keywords=list(entry.get("keywords") or []),
        headings=headings,
        doi=_first(entry, "doi"),
        pmid=pmid if pmid.isdigit() else "",
        source=_first(entry, "name_of_database") or source.name,
    )


def read_ris(path: str | os.PathLike[str]) -> list[Record]:
    """Read an RIS file into records (EndNote, PubMed, Ovid and Zotero exports all work).

    A reference without an ``ID`` gets its accession number (PMID), DOI or ``ris-N`` as its id;
    a duplicate id gets ``-2``, ``-3``... appended, so the records can be indexed as they are.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"No RIS file at {source}", hint="Check the file name and folder.") from None
    except UnicodeDecodeError:
        text = source.read_text(encoding="latin-1")
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:  # rispy raises plain exceptions for malformed files
        raise ExportError(f"{source} is not a readable RIS file ({error})",
                          hint="Export the references again as RIS (.ris).") from None
    records: list[Record] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries, start=1):
        record = _ris_record(entry, position, source)
        if record.id in seen:
            seen[record.id] += 1
            record.id = f"{record.id}-{seen[record.id]}"
        seen.setdefault(record.id, 1)
        records.append(record)
    return records


# -- BibTeX ----------------------------------------------------------------------------------------
def _bibtex_key(record: Record, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_:.-]", "", record.id) or "record"
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key)
    return key


def write_bibtex(records: Iterable[Record | dict], path: str | os.PathLike[str]) -> Path:
    """Write records as BibTeX ``@article`` entries."""
    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bwriter import BibTexWriter

    database = BibDatabase()
    used: set[str] = set()
    for record in _records(records):
        values = {
            "id": record.id, "title": record.title, "abstract": record.abstract,
            "author": " and ".join(record.authors), "journal": record.journal,
            "shortjournal": record.journal_abbreviation,
            "year": "" if record.year is None else str(record.year), "volume": record.volume,
            "number": record.issue, "pages": record.pages, "language": record.language,
            "type": LIST_SEPARATOR.join(record.publication_types),
            "keywords": LIST_SEPARATOR.join(record.keywords),
            "mesh": LIST_SEPARATOR.join(record.headings), "doi": record.doi, "pmid": record.pmid,
            "source": record.source,
        }
        entry = {k: v for k, v in values.items() if v}
        entry.update({"ENTRYTYPE": "article", "ID": _bibtex_key(record, used)})
        database.entries.append(entry)
    writer = BibTexWriter()
    writer.order_entries_by = None
    return _write_atomically(path, writer.write(database))


# -- CSV -------------------------------------------------------------------------------------------
CSV_COLUMNS = tuple(f.name for f in fields(Record))
_LIST_FIELDS = ("authors", "publication_types", "keywords", "headings")


def write_csv(records: Iterable[Record | dict], path: str | os.PathLike[str]) -> Path:
    """Write records as CSV, one column per field, lists joined with ``"; "``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in _records(records):
        row = record.to_dict()
        for name in _LIST_FIELDS:
            row[name] = LIST_SEPARATOR.join(row[name])
        row["year"] = "" if record.year is None else record.year
        writer.writerow(row)
    return _write_atomically(path, buffer.getvalue(), encoding="utf-8-sig")


def export_records(records: Iterable[Record | dict], path: str | os.PathLike[str],
                   format: str) -> Path:
    """Write records in ``format``: ``"ris"``, ``"bibtex"`` or ``"csv"``."""
    writers = {"ris": write_ris, "bibtex": write_bibtex, "csv": write_csv}
    key = str(format).lower().lstrip(".")
    key = {"bib": "bibtex"}.get(key, key)
    if key not in writers:
        raise ExportError(f"Cannot export to {format!r}",
                          hint=f"Choose one of: {', '.join(FORMATS)}.")
    return writers[key](records, path)


__all__ = ["CSV_COLUMNS", "ExportError", "FORMATS", "export_records", "read_ris", "write_bibtex",
           "write_csv", "write_ris"]
