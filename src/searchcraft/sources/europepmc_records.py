"""Reading Europe PMC's REST search JSON: result pages and ``resultType=core`` records.

Pure functions, tested on the documented JSON shapes without a network. A core record becomes the
same :class:`~searchcraft.records.Record` a PubMed record does: authors ``"Last Initials"`` (Europe
PMC's ``fullName``), headings with ``*`` when the heading or a subheading is major, a structured
abstract's ``<h4>`` sections as ``Label: text`` lines. Ids are Europe PMC's own ``SOURCE:id`` pairs
(``MED:31234567``, ``PPR:PPR123456``, ``PMC:PMC1234567``), because an id alone is not unique across
Europe PMC's sources.

Example::

    >>> record = core_record({"id": "123", "source": "MED", "pmid": "123", "title": "Falls"})
    >>> record.id, record.pmid, record.title
    ('MED:123', '123', 'Falls')
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from ..records import Record
from .errors import ResponseFormatError, ServiceError

SERVICE = "Europe PMC"
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_SECTION = re.compile(r"<h4>(.*?)</h4>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class SearchPage:
    """One page of a Europe PMC search: the total ``hit_count``, this page's results and the cursor
    for the next page (``None`` when this is the last one)."""

    hit_count: int
    results: tuple[dict, ...]
    next_cursor: str | None


def check_europepmc_errors(data: Any) -> None:
    """Raise :class:`ServiceError` for Europe PMC's error JSON (``errCode``/``errMsg``)."""
    if isinstance(data, dict) and (data.get("errMsg") or data.get("errCode")):
        message = data.get("errMsg") or f"error code {data.get('errCode')}"
        raise ServiceError(f"Europe PMC reported an error: {message}", service=SERVICE,
                           hint="Check the search syntax; the message above is Europe PMC's own.")


def parse_search_page(data: Any, *, cursor: str) -> SearchPage:
    """A decoded search answer as a :class:`SearchPage`. The last page is the one whose
    ``nextCursorMark`` is missing or the same as the cursor that was sent."""
    check_europepmc_errors(data)
    if not isinstance(data, dict) or not isinstance(data.get("hitCount"), int):
        raise ResponseFormatError("Europe PMC's answer has no hitCount; it is not a search result")
    results = (data.get("resultList") or {}).get("result")
    if results is None:
        results = []
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise ResponseFormatError("Europe PMC's resultList is not a list of records")
    next_cursor = data.get("nextCursorMark")
    if not next_cursor or next_cursor == cursor:
        next_cursor = None
    return SearchPage(hit_count=data["hitCount"], results=tuple(results), next_cursor=next_cursor)


def record_id(result: dict) -> str:
    """Europe PMC's ``SOURCE:id`` for a result."""
    if not result.get("id") or not result.get("source"):
        raise ResponseFormatError(f"A Europe PMC result has no id/source: {str(result)[:80]}")
    return f"{result['source']}:{result['id']}"


def core_record(result: dict) -> Record:
    """One ``resultType=core`` result in the kit's record model."""
    journal_info = result.get("journalInfo") or {}
    journal = journal_info.get("journal") or {}
    year = str(journal_info.get("yearOfPublication") or result.get("pubYear") or "")
    return Record(
        id=record_id(result),
        pmid=str(result.get("pmid") or ""),
        title=_plain(result.get("title") or ""),
        abstract=_abstract(result.get("abstractText") or ""),
        authors=_authors(result.get("authorList")),
        journal=_plain(journal.get("title") or ""),
        journal_abbreviation=journal.get("isoabbreviation") or journal.get("medlineAbbreviation") or "",
        year=int(year[:4]) if year[:4].isdigit() else None,
        volume=str(journal_info.get("volume") or ""),
        issue=str(journal_info.get("issue") or ""),
        pages=str(result.get("pageInfo") or ""),
        language=str(result.get("language") or ""),
        publication_types=_listed(result.get("pubTypeList"), "pubType"),
        keywords=_listed(result.get("keywordList"), "keyword"),
        headings=_headings(result.get("meshHeadingList")),
        doi=str(result.get("doi") or ""),
        source="europepmc",
    )


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _abstract(text: str) -> str:
    pieces = _SECTION.split(text)
    lines = [_plain(pieces[0])] if _plain(pieces[0]) else []
    for label, body in zip(pieces[1::2], pieces[2::2], strict=False):
        label, body = _plain(label), _plain(body)
        lines.append(f"{label}: {body}" if label else body)
    return "\n".join(lines)


def _listed(container: Any, key: str) -> list[str]:
    values = (container or {}).get(key) if isinstance(container, dict) else None
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [_plain(str(v)) for v in values if str(v).strip()]


def _authors(author_list: Any) -> list[str]:
    authors = (author_list or {}).get("author") or [] if isinstance(author_list, dict) else []
    names = []
    for author in authors:
        if not isinstance(author, dict):
            continue
        name = author.get("fullName") or author.get("collectiveName")
        if not name and author.get("lastName"):
            name = " ".join(p for p in (author["lastName"], author.get("initials", "")) if p)
        if name:
            names.append(_plain(name))
    return names


def _headings(mesh_list: Any) -> list[str]:
    headings = (mesh_list or {}).get("meshHeading") or [] if isinstance(mesh_list, dict) else []
    names = []
    for heading in headings:
        if not isinstance(heading, dict) or not heading.get("descriptorName"):
            continue
        qualifiers = (heading.get("meshQualifierList") or {}).get("meshQualifier") or []
        major = heading.get("majorTopic_YN") == "Y" or any(
            isinstance(q, dict) and q.get("majorTopic_YN") == "Y" for q in qualifiers)
        names.append(("*" if major else "") + _plain(heading["descriptorName"]))
    return names
