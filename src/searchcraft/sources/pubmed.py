"""PubMed through NCBI's E-utilities, as a :class:`~searchcraft.source.Source`.

The same strategy that runs on the practice database runs here by changing one argument::

    pubmed = PubMed(email="you@example.org")            # an api_key raises the rate to 10/s
    result = pubmed.search('"hand hygiene"[tiab] AND nurs*', limit=50)
    result.count, result.ids[:3]
    records = pubmed.fetch(result.ids)                   # efetch XML, 200 ids a request

What the E-utilities rules ask, and how this class does it:

* esearch returns at most 10,000 ids for PubMed (``retmax`` up to 10,000, paged with ``retstart``);
  a search without a limit brings the count and the first 10,000 ids in one request, and asking
  explicitly for more raises :class:`ResultSetTooLargeError` instead of silently stopping. Searches use
  ``usehistory=y``, so a result carries ``webenv``/``query_key`` and :meth:`fetch_result` fetches its
  records from the history server without sending the ids back.
* efetch in batches of 200 ids; esummary (:meth:`summaries`) where a list of titles is enough.
* ``tool`` and ``email`` on every request; 3 requests a second without an API key, 10 with one.

The query is a string in PubMed's syntax, passed as it is, or a parsed query (AST) that is rendered
with ``searchcraft.query.render(node, "pubmed")``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import Record
from ..source import SearchResult
from .errors import ResultSetTooLargeError
from .medline import check_eutils_errors, parse_esearch, parse_esummary, parse_pubmed_articles
from .query_text import query_text
from .session import PoliteClient

if TYPE_CHECKING:  # pragma: no cover
    from xml.etree.ElementTree import Element

    from ..query.ast import Node

EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
ESEARCH_LIMIT = 10_000      # PubMed: esearch reaches only the first 10,000 records of a search
BATCH_SIZE = 200            # ids per efetch/esummary request
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PubMedResult(SearchResult):
    """A :class:`SearchResult` plus what PubMed says about the search: the history-server keys,
    how PubMed translated the query (automatic term mapping), and its warnings."""

    webenv: str = ""
    query_key: str = ""
    query_translation: str = ""
    warnings: tuple[str, ...] = ()


class PubMed:
    """Search and fetch PubMed records politely. See the module docstring for an example.

    ``api_key`` defaults to the ``NCBI_API_KEY`` environment variable and ``base_url`` to
    ``SEARCHCRAFT_PUBMED_URL`` (tests point it at a local server). ``cache`` is a SQLite file for
    answers, kept ``cache_ttl``; ``offline=True`` answers from it only. ``requests_per_second``
    overrides NCBI's rate (3, or 10 with a key) and should only ever be lowered outside tests.
    ``default_limit`` is how many ids a search without a limit brings back.
    """

    name = "pubmed"
    syntax = "pubmed"       # what SearchHistory renders expanded lines in

    def __init__(self, api_key: str | None = None, email: str | None = None,
                 tool: str = "searchcraft", base_url: str | None = None, *,
                 cache: str | Path | None = None, cache_ttl: float | timedelta = timedelta(days=1),
                 offline: bool = False, timeout: tuple[float, float] = (5.0, 30.0),
                 retries: int = 4, requests_per_second: float | None = None,
                 page_size: int = ESEARCH_LIMIT, batch_size: int = BATCH_SIZE,
                 default_limit: int = ESEARCH_LIMIT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.default_limit = default_limit
        self.api_key = api_key if api_key is not None else os.environ.get("NCBI_API_KEY") or None
        self.email = email
        self.tool = tool
        self.base_url = base_url or os.environ.get("SEARCHCRAFT_PUBMED_URL") or EUTILS_URL
        self.page_size = max(1, min(page_size, ESEARCH_LIMIT))
        self.batch_size = max(1, min(batch_size, BATCH_SIZE))
        rate = requests_per_second or (10.0 if self.api_key else 3.0)
        self.client = PoliteClient(
            self.base_url, service="PubMed", rate=rate,
            params={"tool": tool, "email": email, "api_key": self.api_key},
            timeout=timeout, retries=retries, cache=cache, cache_ttl=cache_ttl,
            offline=offline, sleep=sleep)

    def __repr__(self) -> str:
        return f"PubMed(base_url={self.base_url!r}, api_key={'set' if self.api_key else None})"

    # -- Source ---------------------------------------------------------------------------------
    def search(self, query: str | Node, *, limit: int | None = None) -> PubMedResult:
        """Run ``query``; return the count and the first ``limit`` ids.

        ``limit=None`` means ``default_limit`` (10,000, the most PubMed pages through, which one
        request brings), so a broad line in a search history still gets its count. Asking for more
        than 10,000 ids of a larger result raises :class:`ResultSetTooLargeError`.
        """
        term = self._term(query)
        limit = self.default_limit if limit is None else limit
        first = self._esearch(term, retstart=0, retmax=min(limit, self.page_size), usehistory=True)
        wanted = min(limit, first.count)
        if wanted > ESEARCH_LIMIT:
            raise ResultSetTooLargeError(
                f"PubMed finds {first.count:,} records for {term!r}, but lets a program page "
                f"through only the first {ESEARCH_LIMIT:,}",
                hint="Narrow the search (e.g. add a date range such as 2015:2020[dp]), use count() "
                     "for the number alone, or pass limit= for the first records.")
        ids = list(dict.fromkeys(first.ids))
        seen, retstart = set(ids), len(first.ids)
        while len(ids) < wanted and retstart < first.count:
            page = self._esearch(term, retstart=retstart, retmax=min(self.page_size, wanted - len(ids)))
            if not page.ids:
                break
            retstart += len(page.ids)
            ids.extend(i for i in page.ids if i not in seen)
            seen.update(page.ids)
        return PubMedResult(query=term, count=first.count, ids=tuple(ids[:wanted]),
                            webenv=first.webenv, query_key=first.query_key,
                            query_translation=first.query_translation, warnings=first.warnings)

    def count(self, query: str | Node) -> int:
        """How many records ``query`` finds (one small esearch, ``rettype=count``)."""
        root = self.client.get("esearch.fcgi", {"db": "pubmed", "term": self._term(query),
                                                "rettype": "count"},
                               expect="xml", check=check_eutils_errors)
        return parse_esearch(root).count

    def fetch(self, ids: Iterable[str], *, progress: Progress | None = None) -> list[Record]:
        """Full records (efetch XML) for ``ids``, in the order given, 200 ids a request.
        Ids PubMed does not know are left out. ``progress(done, total)`` is called per batch."""
        return self._by_id("efetch.fcgi", {"retmode": "xml"}, parse_pubmed_articles, ids, progress)

    # -- beyond the Source protocol -----------------------------------------------------------
    def fetch_result(self, result: PubMedResult, *, limit: int | None = None,
                     progress: Progress | None = None) -> list[Record]:
        """Records of a search straight from NCBI's history server (``WebEnv``/``query_key``),
        200 a request, up to ``limit`` (default: the ids the result holds)."""
        if not result.webenv or not result.query_key:
            return self.fetch(result.ids if limit is None else result.ids[:limit], progress=progress)
        total = min(result.count, len(result.ids) if limit is None else limit)
        if total > ESEARCH_LIMIT:
            raise ResultSetTooLargeError(
                f"{total:,} records is more than PubMed lets a program page through ({ESEARCH_LIMIT:,})",
                hint="Ask for fewer records, or narrow the search.")
        records: list[Record] = []
        while len(records) < total:
            root = self.client.get("efetch.fcgi", {
                "db": "pubmed", "WebEnv": result.webenv, "query_key": result.query_key,
                "retstart": len(records), "retmax": min(self.batch_size, total - len(records)),
                "retmode": "xml"}, expect="xml", check=check_eutils_errors)
            batch = parse_pubmed_articles(root)
            if not batch:
                break
            records.extend(batch)
            if progress:
                progress(min(len(records), total), total)
        return records[:total]

    def summaries(self, ids: Iterable[str], *, progress: Progress | None = None) -> list[Record]:
        """Brief records (esummary: title, authors, journal, year, no abstract) for ``ids``: cheaper
        than :meth:`fetch` when a list of hits is all that is shown."""
        return self._by_id("esummary.fcgi", {}, parse_esummary, ids, progress)

    def close(self) -> None:
        self.client.close()

    # -- helpers --------------------------------------------------------------------------------
    def _by_id(self, endpoint: str, params: dict, parse: Callable[[Element], list[Record]],
               ids: Iterable[str], progress: Progress | None) -> list[Record]:
        """Records for ``ids`` from ``endpoint``, ``batch_size`` ids a request, in the order given;
        ids PubMed does not know are left out."""
        wanted = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
        found: dict[str, Record] = {}
        for start in range(0, len(wanted), self.batch_size):
            batch = wanted[start:start + self.batch_size]
            root = self.client.get(endpoint, {"db": "pubmed", "id": ",".join(batch), **params},
                                   expect="xml", check=check_eutils_errors)
            for record in parse(root):
                found[record.id] = record
            if progress:
                progress(min(start + len(batch), len(wanted)), len(wanted))
        return [found[i] for i in wanted if i in found]

    def _esearch(self, term: str, *, retstart: int, retmax: int, usehistory: bool = False):
        params = {"db": "pubmed", "term": term, "retstart": retstart, "retmax": retmax}
        if usehistory:
            params["usehistory"] = "y"
        root = self.client.get("esearch.fcgi", params, expect="xml", check=check_eutils_errors)
        return parse_esearch(root)

    def _term(self, query: str | Node) -> str:
        return query_text(query, "pubmed", service="PubMed")
