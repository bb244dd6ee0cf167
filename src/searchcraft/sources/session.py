"""The one polite HTTP client that every live source is built on.

Like psf/requests' own layering, the services (:mod:`.pubmed`, :mod:`.europepmc`) are thin classes
over this client, which does everything the services' usage rules ask of a program:

* a request-rate limit held across threads (:mod:`.ratelimit`); cached answers do not count;
* retries with exponential backoff on HTTP 429, 5xx, timeouts and dropped connections, honouring
  ``Retry-After``;
* connect and read timeouts, and a User-Agent that names the kit;
* an optional on-disk cache (requests-cache, SQLite) with a time to live, and an offline mode that
  answers only from that cache;
* answers checked before they are trusted: the content type, well-formed XML or JSON, and (through a
  ``check`` the service supplies) the service's own error forms. A cached answer that fails a check
  is deleted, so no half-written or broken entry survives a failure.

Example::

    client = PoliteClient("https://eutils.ncbi.nlm.nih.gov/entrez/eutils", service="PubMed",
                          rate=3, cache="~/.cache/searchcraft/pubmed.sqlite")
    root = client.get("esearch.fcgi", {"db": "pubmed", "term": "falls"}, expect="xml")
"""

from __future__ import annotations

import email.utils
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from .. import __version__
from ..errors import SourceError
from .errors import OfflineCacheMissError, ResponseFormatError, ServiceError, ServiceUnavailableError
from .ratelimit import RateLimiter, shared_limiter

USER_AGENT = f"searchcraft/{__version__} (literature-searching e-learning kit; python-requests/{requests.__version__})"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Parameters that identify the user, not the question: kept out of cache keys and stored requests.
PRIVATE_PARAMETERS = ("api_key", "email", "tool")

Payload = Any


class _RateLimitedAdapter(HTTPAdapter):
    """Waits for the limiter before each request that really goes out (cache hits never get here)."""

    def __init__(self, limiter: RateLimiter) -> None:
        super().__init__()
        self.limiter = limiter

    def send(self, request, **kwargs):  # type: ignore[override]
        self.limiter.wait()
        return super().send(request, **kwargs)


class PoliteClient:
    """GET requests to one service, politely, with answers checked and (optionally) cached.

    ``rate`` is requests a second; ``timeout`` is ``(connect, read)`` seconds; ``retries`` is how
    many times a failed request is tried again; waits grow ``backoff * 2**n`` up to ``max_backoff``
    unless the service says how long in ``Retry-After`` (a wait longer than ``max_retry_after``
    is not sat through: the error says when to try again). ``cache`` is a SQLite file for
    requests-cache, ``cache_ttl`` seconds (or a timedelta) before an entry is stale; ``offline``
    answers from the cache only, stale entries included. ``sleep`` is the backoff wait, replaceable
    in tests; the rate limiter always uses real time.
    """

    def __init__(self, base_url: str, *, service: str, rate: float,
                 params: Mapping[str, str | None] | None = None, user_agent: str = USER_AGENT,
                 timeout: tuple[float, float] = (5.0, 30.0), retries: int = 4,
                 backoff: float = 1.0, max_backoff: float = 60.0, max_retry_after: float = 120.0,
                 cache: str | Path | None = None, cache_ttl: float | timedelta = timedelta(days=1),
                 offline: bool = False, sleep: Callable[[float], None] = time.sleep,
                 describe_error: Callable[[requests.Response], str | None] | None = None) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.service = service
        self.params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.offline = offline
        self._sleep = sleep
        self._describe_error = describe_error or _describe_error_body
        self.limiter = shared_limiter(urlsplit(self.base_url).netloc, rate)
        self.cache_path = Path(cache).expanduser() if cache else None
        if offline and self.cache_path is None:
            raise SourceError(f"{service}: offline mode needs a cache file to answer from",
                              hint="Pass cache='path/to/cache.sqlite' (the file an online session filled).")
        self.session = self._make_session(cache_ttl)
        self.session.headers["User-Agent"] = user_agent

    def _make_session(self, cache_ttl: float | timedelta) -> requests.Session:
        if self.cache_path is None:
            session = requests.Session()
        else:
            import requests_cache  # only needed when caching

            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            if not isinstance(cache_ttl, timedelta):  # requests-cache reads a bare number as whole seconds
                cache_ttl = timedelta(seconds=float(cache_ttl))
            session = requests_cache.CachedSession(
                backend=requests_cache.SQLiteCache(self.cache_path),
                expire_after=cache_ttl, allowable_codes=(200,), allowable_methods=("GET",),
                ignored_parameters=list(PRIVATE_PARAMETERS), stale_if_error=self.offline,
            )
        adapter = _RateLimitedAdapter(self.limiter)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        self.session.close()

    # -- the one public verb ------------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any] | None = None, *, expect: str,
            check: Callable[[Payload], None] | None = None) -> Payload:
        """GET ``path`` and return the parsed answer: an XML root element (``expect="xml"``) or the
        decoded JSON (``expect="json"``). ``check(payload)`` raises for the service's own error
        forms; whatever fails here is removed from the cache before the error is raised."""
        response = self._send(path, {**dict(params or {}), **self.params})
        try:
            payload = read_payload(response, expect, service=self.service)
            if check is not None:
                check(payload)
        except SourceError:
            self._forget(response)
            raise
        return payload

    # -- sending, with retries ----------------------------------------------------------------
    def _send(self, path: str, params: dict[str, Any]) -> requests.Response:
        url = self.base_url + path.lstrip("/")
        extra: dict[str, Any] = {"only_if_cached": True} if self.offline else {}
        attempt = 0
        while True:
            problem: str
            wait: float | None = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout, **extra)
            except requests.Timeout:
                problem = f"did not answer within {self.timeout[1]:g} seconds"
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
                problem = f"could not be reached or broke off mid-answer ({type(error).__name__})"
            else:
                if self.offline and response.status_code == 504:  # requests-cache: "Not Cached"
                    raise OfflineCacheMissError(
                        f"{self.service}: offline, and this request is not in the cache "
                        f"({self.cache_path})",
                        hint="Run the same search once while online with the same cache file, "
                             "or turn offline mode off.")
                if response.status_code < 400:
                    return response
                message = self._describe_error(response)
                if response.status_code not in RETRY_STATUSES:
                    raise ServiceError(
                        f"{self.service} refused the request (HTTP {response.status_code})"
                        + (f": {message}" if message else ""),
                        service=self.service, status=response.status_code,
                        hint=_hint_for_status(response.status_code))
                problem = f"answered HTTP {response.status_code}" + (f" ({message})" if message else "")
                wait = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt >= self.retries:
                raise ServiceUnavailableError(
                    f"{self.service} {problem}, and still did after {self.retries} retries",
                    hint="The service may be busy or down; wait a few minutes and try again.")
            if wait is None:
                wait = min(self.backoff * (2 ** attempt), self.max_backoff)
            elif wait > self.max_retry_after:
                raise ServiceUnavailableError(
                    f"{self.service} {problem} and asks for a wait of {wait:.0f} seconds",
                    hint=f"Try again in {wait / 60:.0f} minutes.")
            self._sleep(wait)
            attempt += 1

    def _forget(self, response: requests.Response) -> None:
        cache = getattr(self.session, "cache", None)
        if cache is not None:
            cache.delete(requests=[response.request])


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def read_payload(response: requests.Response, expect: str, *, service: str) -> Payload:
    """Parse ``response`` as XML or JSON after checking it is what it claims to be."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = response.content
    if content_type == "text/html" or body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise ResponseFormatError(
            f"{service} answered with a web page instead of data: {_html_title(body)!r}",
            hint="The service may be down for maintenance; try again later.")
    if expect == "xml":
        if content_type == "application/json":
            message = _describe_error_body(response)   # E-utilities' JSON error form
            if message:
                raise ServiceError(f"{service} reported an error: {message}", service=service,
                                   status=response.status_code)
        if content_type and not (content_type.endswith("/xml") or content_type.endswith("+xml")):
            raise ResponseFormatError(
                f"{service} answered with {content_type!r} where XML was expected",
                hint="Check base_url points at the service's API, not its website.")
        try:
            return ET.fromstring(body)
        except ET.ParseError as error:
            raise ResponseFormatError(
                f"{service} sent XML the kit cannot read ({error}); the answer may have been cut off",
                hint="Try again; if it keeps happening, ask for fewer records at a time.") from None
    if expect == "json":
        if content_type and content_type != "application/json" and not content_type.endswith("+json"):
            raise ResponseFormatError(
                f"{service} answered with {content_type!r} where JSON was expected",
                hint="Check base_url points at the service's API, not its website.")
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise ResponseFormatError(
                f"{service} sent JSON the kit cannot read ({error}); the answer may have been cut off",
                hint="Try again; if it keeps happening, ask for fewer records at a time.") from None
    raise ValueError(f"expect must be 'xml' or 'json', not {expect!r}")


def _html_title(body: bytes) -> str:
    match = re.search(rb"<title[^>]*>(.*?)</title>", body, re.IGNORECASE | re.DOTALL)
    text = match.group(1) if match else body[:80]
    return " ".join(text.decode("utf-8", "replace").split())


def _describe_error_body(response: requests.Response) -> str | None:
    """The error text a service put in an error response, if any (JSON ``error``/``errMsg``,
    XML ``<ERROR>``, an HTML page's title)."""
    body = response.content or b""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict):
        for key in ("error", "errMsg", "message"):
            if data.get(key):
                return str(data[key])
    match = re.search(rb"<ERROR>(.*?)</ERROR>", body, re.DOTALL)
    if match:
        return match.group(1).decode("utf-8", "replace").strip()
    if b"<html" in body[:500].lower():
        return _html_title(body)
    return None


def _hint_for_status(status: int) -> str:
    if status in (401, 403):
        return "Check the API key; leave it out to search at the slower, keyless rate."
    if status == 404:
        return "Check base_url: the service did not recognise the address."
    if status == 414:
        return "The search is too long for one request; split it into smaller parts."
    return "Check the search for syntax the service does not accept."
