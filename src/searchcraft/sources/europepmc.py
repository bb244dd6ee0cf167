"""Europe PMC through its REST search, as a :class:`~searchcraft.source.Source`.

Example, the same cell as for the practice database and PubMed with one argument changed::

    europe = EuropePMC(email="you@example.org")
    result = europe.search('"hand hygiene" AND nurs*', limit=50)
    records = europe.fetch(result.ids)            # resultType=core, in the kit's record model

Paging uses ``cursorMark`` (start with ``*``, send back each answer's ``nextCursorMark``; the last
page echoes the cursor back) with ``pageSize`` up to 1,000. Searches ask for ``resultType=idlist``;
records come with ``resultType=core``, the one result type that includes abstracts, MeSH headings
and keywords. :meth:`records` does both in one pass when the records are wanted straight away.

Europe PMC's query syntax is not PubMed's: a string is passed as it is, a parsed query (AST) is
rendered with ``searchcraft.query.render(node, "europepmc")``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import Record
from ..source import SearchResult
from .europepmc_records import SearchPage, check_europepmc_errors, core_record, parse_search_page, record_id
from .query_text import query_text
from .session import PoliteClient

if TYPE_CHECKING:  # pragma: no cover
    from ..query.ast import Node

EUROPEPMC_URL = "https://www.ebi.ac.uk/europepmc/webservices/rest"
PAGE_SIZE_LIMIT = 1000      # Europe PMC: pageSize may be 1 to 1,000
FETCH_BATCH = 100           # ids per record request (the query grows with each id)
Progress = Callable[[int, int], None]


class EuropePMC:
    """Search and fetch Europe PMC records politely. See the module docstring for an example.

    ``base_url`` defaults to ``SEARCHCRAFT_EUROPEPMC_URL`` or the public service. Europe PMC
    publishes no numeric rate limit; ``requests_per_second`` (default 5) keeps the kit well inside
    fair use. ``cache``, ``cache_ttl``, ``offline`` and ``timeout`` work as for :class:`PubMed`;
    ``default_limit`` is how many ids a search without a limit brings back. ``synonym=True``
    expands searches with MeSH synonyms as the Europe PMC website does (the API's default is off).
    """

    name = "europepmc"
    syntax = "europepmc"    # what SearchHistory renders expanded lines in

    def __init__(self, email: str | None = None, base_url: str | None = None, *,
                 cache: str | Path | None = None, cache_ttl: float | timedelta = timedelta(days=1),
                 offline: bool = False, timeout: tuple[float, float] = (5.0, 30.0),
                 retries: int = 4, requests_per_second: float = 5.0,
                 page_size: int = PAGE_SIZE_LIMIT, batch_size: int = FETCH_BATCH,
                 default_limit: int = PAGE_SIZE_LIMIT, synonym: bool = False,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.default_limit = default_limit
        self.synonym = synonym
        self.email = email
        self.base_url = base_url or os.environ.get("SEARCHCRAFT_EUROPEPMC_URL") or EUROPEPMC_URL
        self.page_size = max(1, min(page_size, PAGE_SIZE_LIMIT))
        self.batch_size = max(1, min(batch_size, PAGE_SIZE_LIMIT))
        self.client = PoliteClient(
            self.base_url, service="Europe PMC", rate=requests_per_second,
            params={"email": email}, timeout=timeout, retries=retries, cache=cache,
            cache_ttl=cache_ttl, offline=offline, sleep=sleep)

    def __repr__(self) -> str:
        return f"EuropePMC(base_url={self.base_url!r})"

    # -- Source ---------------------------------------------------------------------------------
    def search(self, query: str | Node, *, limit: int | None = None) -> SearchResult:
        """Run ``query``; return the hit count and the first ``limit`` ids. ``limit=None`` means
        ``default_limit`` (1,000: one request), so a broad search never pages through millions."""
        text = self._text(query)
        count, ids = 0, list[str]()
        for page in self._pages(text, "idlist", self.default_limit if limit is None else limit):
            count = page.hit_count
            ids.extend(record_id(result) for result in page.results)
        return SearchResult(query=text, count=count, ids=tuple(dict.fromkeys(ids)))

    def count(self, query: str | Node) -> int:
        """How many records ``query`` finds (one request for a single id)."""
        data = self.client.get("search", {"query": self._text(query), "format": "json",
                                          "resultType": "idlist", "pageSize": 1,
                                          "synonym": _flag(self.synonym)},
                               expect="json", check=check_europepmc_errors)
        return parse_search_page(data, cursor="*").hit_count

    def fetch(self, ids: Iterable[str], *, progress: Progress | None = None) -> list[Record]:
        """Full (core) records for ``SOURCE:id`` ids, in the order given; unknown ids are left out.
        A bare number is taken as a PubMed id (``MED``)."""
        wanted = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
        found: dict[str, Record] = {}
        for start in range(0, len(wanted), self.batch_size):
            batch = wanted[start:start + self.batch_size]
            query = " OR ".join(_id_clause(i) for i in batch)
            for page in self._pages(query, "core", len(batch)):
                for result in page.results:
                    record = core_record(result)
                    found[record.id] = record
            if progress:
                progress(min(start + len(batch), len(wanted)), len(wanted))
        return [found[i] if i in found else found[f"MED:{i}"] for i in wanted
                if i in found or f"MED:{i}" in found]

    # -- beyond the Source protocol -----------------------------------------------------------
    def records(self, query: str | Node, *, limit: int | None = None,
                progress: Progress | None = None) -> list[Record]:
        """Search and return full records in one pass (``resultType=core``), page by page;
        ``limit=None`` means ``default_limit``."""
        limit = self.default_limit if limit is None else limit
        records: list[Record] = []
        for page in self._pages(self._text(query), "core", limit):
            records.extend(core_record(result) for result in page.results)
            if progress:
                progress(len(records), min(limit, page.hit_count))
        return records

    def close(self) -> None:
        self.client.close()

    # -- helpers --------------------------------------------------------------------------------
    def _pages(self, query: str, result_type: str, limit: int | None) -> Iterator[SearchPage]:
        """Pages of results, following cursorMark, trimmed so that no more than ``limit`` results
        come back in all. The first page is always asked for, so the hit count is known."""
        cursor: str | None = "*"
        delivered = 0
        while cursor is not None:
            size = self.page_size if limit is None else max(1, min(self.page_size, limit - delivered))
            data = self.client.get("search", {
                "query": query, "format": "json", "resultType": result_type,
                "pageSize": size, "cursorMark": cursor, "synonym": _flag(self.synonym)},
                expect="json", check=check_europepmc_errors)
            page = parse_search_page(data, cursor=cursor)
            results = page.results if limit is None else page.results[:limit - delivered]
            delivered += len(results)
            yield SearchPage(page.hit_count, results, page.next_cursor)
            if not page.results or (limit is not None and delivered >= limit):
                return
            cursor = page.next_cursor

    def _text(self, query: str | Node) -> str:
        return query_text(query, "europepmc", service="Europe PMC")


def _flag(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def _id_clause(record_id_: str) -> str:
    source, _, ext_id = record_id_.partition(":")
    if not ext_id:  # a bare number is taken as a PubMed id
        source, ext_id = "MED", source
    return f"(SRC:{source} AND EXT_ID:{ext_id})"
