"""Reading NCBI E-utilities XML: esearch pages, efetch PubmedArticle records and esummary DocSums.

Pure functions from a parsed XML root to the kit's own shapes, so they are tested on the service's
real answers without any network. The record mapping follows MEDLINE's own conventions: authors as
``"Last Initials"``, a heading is major (``*``) when it or one of its subheadings is starred (what
PubMed's ``[majr]`` searches), and a structured abstract keeps its labelled sections, one a line::

    OBJECTIVE: Telomere shortening occurs ...
    DESIGN: We measured ...

Example::

    >>> xml_bytes = (b"<eSearchResult><Count>42249</Count><RetMax>2</RetMax><RetStart>0</RetStart>"
    ...              b"<WebEnv>MCID_6927d6e7fee3e90f880ec190</WebEnv>"
    ...              b"<IdList><Id>41297076</Id><Id>41297074</Id></IdList></eSearchResult>")
    >>> page = parse_esearch(ET.fromstring(xml_bytes))
    >>> page.count, page.ids[:2], page.webenv
    (42249, ('41297076', '41297074'), 'MCID_6927d6e7fee3e90f880ec190')
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..records import Record
from .errors import ResponseFormatError, ServiceError

SERVICE = "PubMed"


@dataclass(frozen=True)
class ESearchPage:
    """One esearch answer: the total ``count`` and the ids from ``retstart`` on."""

    count: int
    retstart: int
    ids: tuple[str, ...]
    webenv: str = ""
    query_key: str = ""
    query_translation: str = ""
    warnings: tuple[str, ...] = ()


def check_eutils_errors(root: ET.Element) -> None:
    """Raise :class:`ServiceError` for E-utilities' ``<ERROR>`` form (any E-utility, any depth)."""
    messages = [" ".join((e.text or "").split()) for e in root.iter("ERROR")]
    messages = [m for m in messages if m]
    if messages:
        raise ServiceError(f"PubMed reported an error: {'; '.join(messages)}", service=SERVICE,
                           hint="Check the search and the ids; the message above is PubMed's own.")


def parse_esearch(root: ET.Element) -> ESearchPage:
    """An ``<eSearchResult>`` as an :class:`ESearchPage`; PubMed's warnings (phrases not found,
    "No items found.") are kept, not raised, because a search that finds nothing is an answer."""
    if root.tag != "eSearchResult":
        raise ResponseFormatError(f"PubMed answered <{root.tag}> where <eSearchResult> was expected")
    check_eutils_errors(root)
    count_text = root.findtext("Count")
    if count_text is None or not count_text.strip().isdigit():
        raise ResponseFormatError("PubMed's esearch answer has no <Count>; it may have been cut off")
    warnings = []
    for parent in ("ErrorList", "WarningList"):
        for item in root.findall(f"{parent}/*"):
            text = " ".join((item.text or "").split())
            if text:
                warnings.append(f"{item.tag}: {text}")
    return ESearchPage(
        count=int(count_text),
        retstart=int(root.findtext("RetStart") or 0),
        ids=tuple((e.text or "").strip() for e in root.findall("IdList/Id")),
        webenv=(root.findtext("WebEnv") or "").strip(),
        query_key=(root.findtext("QueryKey") or "").strip(),
        query_translation=" ".join((root.findtext("QueryTranslation") or "").split()),
        warnings=tuple(warnings),
    )


def parse_pubmed_articles(root: ET.Element) -> list[Record]:
    """Every ``<PubmedArticle>`` of an efetch ``<PubmedArticleSet>`` as a :class:`Record`."""
    if root.tag != "PubmedArticleSet":
        check_eutils_errors(root)
        raise ResponseFormatError(f"PubMed answered <{root.tag}> where <PubmedArticleSet> was expected")
    return [pubmed_article_record(article) for article in root.findall("PubmedArticle")]


def pubmed_article_record(article: ET.Element) -> Record:
    """One ``<PubmedArticle>`` in the kit's record model."""
    citation = article.find("MedlineCitation")
    if citation is None or not (citation.findtext("PMID") or "").strip():
        raise ResponseFormatError("A PubMed record has no <MedlineCitation>/<PMID>")
    pmid = (citation.findtext("PMID") or "").strip()
    art = citation.find("Article")
    if art is None:
        art = ET.Element("Article")
    journal = art.find("Journal")
    if journal is None:
        journal = ET.Element("Journal")
    issue = journal.find("JournalIssue")
    if issue is None:
        issue = ET.Element("JournalIssue")
    return Record(
        id=pmid,
        pmid=pmid,
        title=_text(art.find("ArticleTitle")) or _text(art.find("VernacularTitle")),
        abstract=_abstract(art.find("Abstract")),
        authors=_authors(art.find("AuthorList")),
        journal=_text(journal.find("Title")),
        journal_abbreviation=_text(journal.find("ISOAbbreviation"))
        or _text(citation.find("MedlineJournalInfo/MedlineTA")),
        year=_year(issue.find("PubDate"), art),
        volume=_text(issue.find("Volume")),
        issue=_text(issue.find("Issue")),
        pages=_text(art.find("Pagination/MedlinePgn")) or _start_end(art.find("Pagination")),
        language="; ".join(_text(e) for e in art.findall("Language") if _text(e)),
        publication_types=[_text(e) for e in art.findall("PublicationTypeList/PublicationType")],
        keywords=[_text(e) for e in citation.findall("KeywordList/Keyword") if _text(e)],
        headings=_headings(citation.find("MeshHeadingList")),
        doi=_doi(article, art),
        source="pubmed",
    )


def parse_esummary(root: ET.Element) -> list[Record]:
    """esummary (DocSum, version 1) as partial records: no abstract, headings or keywords, which is
    why it is cheaper than efetch for showing a list of hits."""
    if root.tag != "eSummaryResult":
        raise ResponseFormatError(f"PubMed answered <{root.tag}> where <eSummaryResult> was expected")
    check_eutils_errors(root)
    records = []
    for docsum in root.findall("DocSum"):
        items = {item.get("Name"): item for item in docsum.findall("Item")}

        def item(name: str, items: dict = items) -> str:
            return _text(items.get(name))

        def listed(name: str, items: dict = items) -> list[str]:
            node = items.get(name)
            return [_text(i) for i in node.findall("Item") if _text(i)] if node is not None else []

        pmid = (docsum.findtext("Id") or "").strip()
        year = re.match(r"\d{4}", item("PubDate"))
        ids = items.get("ArticleIds")
        doi = item("DOI") or (next((_text(i) for i in ids.findall("Item") if i.get("Name") == "doi"), "")
                              if ids is not None else "")
        records.append(Record(
            id=pmid, pmid=pmid, title=item("Title"), authors=listed("AuthorList"),
            journal=item("FullJournalName"), journal_abbreviation=item("Source"),
            year=int(year.group()) if year else None, volume=item("Volume"), issue=item("Issue"),
            pages=item("Pages"), language="; ".join(listed("LangList")),
            publication_types=listed("PubTypeList"), doi=doi, source="pubmed",
        ))
    return records


# -- field helpers ---------------------------------------------------------------------------------
def _text(element: ET.Element | None) -> str:
    """All text inside ``element`` (inline markup such as <i> flattened), whitespace tidied."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _abstract(abstract: ET.Element | None) -> str:
    if abstract is None:
        return ""
    parts = []
    for section in abstract.findall("AbstractText"):
        text = _text(section)
        label = (section.get("Label") or "").strip()
        if label and label.upper() != "UNLABELLED":
            parts.append(f"{label}: {text}")
        elif text:
            parts.append(text)
    return "\n".join(parts)


def _authors(author_list: ET.Element | None) -> list[str]:
    if author_list is None:
        return []
    names = []
    for author in author_list.findall("Author"):
        if author.get("ValidYN", "Y") == "N":
            continue
        collective = _text(author.find("CollectiveName"))
        last = _text(author.find("LastName"))
        initials = _text(author.find("Initials"))
        suffix = _text(author.find("Suffix"))
        if last:
            names.append(" ".join(p for p in (last, initials, suffix) if p))
        elif collective:
            names.append(collective)
    return names


def _year(pub_date: ET.Element | None, article: ET.Element) -> int | None:
    candidates = []
    if pub_date is not None:
        candidates += [_text(pub_date.find("Year")), _text(pub_date.find("MedlineDate"))]
    candidates.append(_text(article.find("ArticleDate/Year")))
    for text in candidates:
        match = re.search(r"\b(\d{4})\b", text)
        if match:
            return int(match.group(1))
    return None


def _start_end(pagination: ET.Element | None) -> str:
    if pagination is None:
        return ""
    start, end = _text(pagination.find("StartPage")), _text(pagination.find("EndPage"))
    return f"{start}-{end}" if start and end else start


def _headings(mesh_list: ET.Element | None) -> list[str]:
    if mesh_list is None:
        return []
    headings = []
    for heading in mesh_list.findall("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = _text(descriptor)
        if descriptor is None or not name:
            continue
        major = descriptor.get("MajorTopicYN") == "Y" or any(
            q.get("MajorTopicYN") == "Y" for q in heading.findall("QualifierName"))
        headings.append(("*" if major else "") + name)
    return headings


def _doi(article: ET.Element, art: ET.Element) -> str:
    for element in art.findall("ELocationID"):
        if element.get("EIdType") == "doi" and element.get("ValidYN", "Y") == "Y" and _text(element):
            return _text(element)
    for element in article.findall("PubmedData/ArticleIdList/ArticleId"):
        if element.get("IdType") == "doi" and _text(element):
            return _text(element)
    return ""
