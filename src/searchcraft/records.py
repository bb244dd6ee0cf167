"""The record model: one citation, the same shape whichever database it came from.

The practice database, PubMed and Europe PMC all hand back :class:`Record` objects, so exports,
deduplication and screening never need to know where a record was found.

Example::

    >>> r = Record.from_dict({"id": "p1", "title": "Falls in care homes", "year": 2019})
    >>> r.title, r.year, r.major_headings
    ('Falls in care homes', 2019, [])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .errors import DataFileError


@dataclass
class Record:
    """One citation. ``headings`` keeps MEDLINE's convention: a leading ``*`` marks a major heading."""

    id: str
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    journal: str = ""
    journal_abbreviation: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    language: str = ""
    publication_types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    doi: str = ""
    pmid: str = ""
    source: str = ""

    @property
    def major_headings(self) -> list[str]:
        """Headings marked major (``*``), without the mark."""
        return [h[1:] for h in self.headings if h.startswith("*")]

    @property
    def heading_names(self) -> list[str]:
        """All headings, without major marks."""
        return [h.lstrip("*") for h in self.headings]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Build a record from a dict, ignoring keys the model does not know.

        Raises :class:`DataFileError` when ``id`` is missing or a list field is not a list.
        """
        if not isinstance(data, dict) or "id" not in data or data["id"] in (None, ""):
            raise DataFileError(
                f"A record needs an 'id'; got {str(data)[:80]!r}",
                hint="Give every record a unique 'id' field.",
            )
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["id"] = str(values["id"])
        for name in ("authors", "publication_types", "keywords", "headings"):
            value = values.get(name)
            if value is None:
                values.pop(name, None)
            elif isinstance(value, str) or not isinstance(value, (list, tuple)):
                raise DataFileError(
                    f"Record {values['id']}: '{name}' must be a list, got {type(value).__name__}",
                    hint=f"Write '{name}' as a list, e.g. [\"...\"].",
                )
            else:
                values[name] = [str(v) for v in value]
        year = values.get("year")
        if year not in (None, ""):
            try:
                values["year"] = int(year)
            except (TypeError, ValueError):
                raise DataFileError(
                    f"Record {values['id']}: year {year!r} is not a number",
                    hint="Give the year of publication as four digits, e.g. 2019.",
                ) from None
        else:
            values["year"] = None
        for name in ("title", "abstract", "journal", "journal_abbreviation", "volume", "issue",
                     "pages", "language", "doi", "pmid", "source"):
            if values.get(name) is None:
                values.pop(name, None)
            else:
                values[name] = str(values[name])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
