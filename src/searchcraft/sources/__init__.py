"""Live databases (PubMed, Europe PMC) behind the same :class:`~searchcraft.source.Source` interface
as the practice database, so a strategy moves from practice to the real thing by one argument::

    from searchcraft.sources import open_source

    for name in ("practice", "pubmed", "europepmc"):
        source = open_source(name)
        print(name, source.count('"hand hygiene" AND nurs*'))

Layers, from the outside in: :class:`PubMed` and :class:`EuropePMC` (one thin class per service)
over :class:`~searchcraft.sources.session.PoliteClient` (rate limit, retries, timeouts,
User-Agent, cache, offline mode), with the services' answers read by pure functions in
:mod:`.medline` and :mod:`.europepmc_records`.
"""

from __future__ import annotations

from typing import Any

from ..source import SearchResult, Source
from .errors import (
    OfflineCacheMissError,
    ResponseFormatError,
    ResultSetTooLargeError,
    ServiceError,
    ServiceUnavailableError,
    UnknownSourceError,
)
from .europepmc import EuropePMC
from .pubmed import PubMed, PubMedResult

SOURCE_NAMES = ("practice", "pubmed", "europepmc")

__all__ = [
    "EuropePMC", "OfflineCacheMissError", "PubMed", "PubMedResult", "ResponseFormatError",
    "ResultSetTooLargeError", "SOURCE_NAMES", "SearchResult", "ServiceError",
    "ServiceUnavailableError", "Source", "UnknownSourceError", "open_source",
]


def open_source(name: str, **options: Any) -> Source:
    """The source called ``name``, built with ``options``.

    * ``"practice"``: the practice database; ``path=`` (or ``db=``) a database file, else the
      bundled corpus.
    * ``"pubmed"``: :class:`PubMed` (``api_key``, ``email``, ``base_url``, ``cache``, ``offline``…).
    * ``"europepmc"``: :class:`EuropePMC` (``email``, ``base_url``, ``cache``, ``offline``…).

    Options that are ``None`` are dropped, so a command line can pass its arguments straight on.
    Example: ``open_source("pubmed", email="me@example.org", cache="pubmed.sqlite")``.
    """
    key = (name or "").strip().lower().replace(" ", "").replace("_", "")
    options = {k: v for k, v in options.items() if v is not None}
    if key == "practice":
        from ..practice import PracticeDatabase

        path = options.pop("path", None) or options.pop("db", None)
        if options:
            raise UnknownSourceError(
                f"The practice database takes no option(s) {', '.join(sorted(options))}",
                hint="Give only path= (a practice database file), or nothing for the bundled one.")
        return PracticeDatabase.open(path) if path else PracticeDatabase.bundled()
    if key == "pubmed":
        return PubMed(**options)
    if key == "europepmc":
        return EuropePMC(**options)
    raise UnknownSourceError(f"There is no source called {name!r}",
                             hint=f"Choose one of: {', '.join(SOURCE_NAMES)}.")
