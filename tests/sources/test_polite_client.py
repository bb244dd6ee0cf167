"""The polite HTTP layer under every live source: rate limits, retries, timeouts, cache, offline.

Every test talks to a real HTTP server on 127.0.0.1. Backoff waits go through an injected ``sleep``
that records them, so the suite stays fast; the rate limit is measured at the server, by the
timestamps of the requests it really received.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from searchcraft.errors import SourceError
from searchcraft.sources import (
    OfflineCacheMissError,
    PubMed,
    ResponseFormatError,
    ServiceError,
    ServiceUnavailableError,
)
from searchcraft.sources.ratelimit import RateLimiter
from searchcraft.sources.session import USER_AGENT, PoliteClient, retry_after_seconds

FIXTURES = Path(__file__).parent / "fixtures"
COUNT_XML = (FIXTURES / "esearch_count.xml").read_bytes()
XML = "text/xml; charset=UTF-8"


class Sleeps(list):
    """A stand-in for time.sleep that records the waits instead of sitting through them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def scripted(*responses: Response):
    """A handler answering with ``responses`` in turn, then repeating the last one."""
    queue = list(responses)

    def handler(request: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def ok_count() -> Response:
    return Response(COUNT_XML, content_type=XML)


def pubmed(server: HTTPServer, **options) -> PubMed:
    options.setdefault("requests_per_second", 200)
    options.setdefault("sleep", Sleeps())
    return PubMed(base_url=server.url_for("/"), **options)


# -- rate limit ------------------------------------------------------------------------------
def arrival_times(server: HTTPServer) -> list[float]:
    stamps: list[float] = []
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            stamps.append(time.monotonic())
        return ok_count()

    server.expect_request("/esearch.fcgi").respond_with_handler(handler)
    return stamps


def run_in_threads(source: PubMed, threads: int, calls_each: int) -> None:
    errors = []

    def work():
        try:
            for _ in range(calls_each):
                source.count("falls")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors


def busiest_second(stamps: list[float], jitter: float = 0.25) -> int:
    """The most requests the server saw in any one-second window, allowing for arrival jitter: on a
    loaded machine a request can reach the server's handler a quarter of a second late and bunch up
    with the next one. An unlimited client still shows every request in one window."""
    stamps = sorted(stamps)
    return max(sum(1 for t in stamps[i:] if t - start < 1.0 - jitter) for i, start in enumerate(stamps))


def test_without_an_api_key_pubmed_sends_at_most_three_requests_a_second_across_threads(server, monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    stamps = arrival_times(server)
    source = PubMed(base_url=server.url_for("/"))
    run_in_threads(source, threads=4, calls_each=2)
    assert len(stamps) == 8
    assert busiest_second(stamps) <= 3
    assert max(stamps) - min(stamps) >= 7 / 3 - 0.05


def test_with_an_api_key_pubmed_sends_at_most_ten_requests_a_second_across_threads(server):
    stamps = arrival_times(server)
    source = PubMed(api_key="k", base_url=server.url_for("/"))
    run_in_threads(source, threads=4, calls_each=4)
    assert len(stamps) == 16
    assert busiest_second(stamps) <= 10
    assert busiest_second(stamps) >= 5  # and it does use the faster rate (three a second without a key)


def test_the_limiter_hands_out_slots_one_interval_apart_and_waits_only_when_needed():
    now, slept = [0.0], []
    limiter = RateLimiter(4, margin=0.0, clock=lambda: now[0], sleep=slept.append)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.5]
    now[0] = 10.0                      # after a pause, the next request goes at once
    assert limiter.wait() == 0 and slept == [0.25, 0.5]


def test_two_pubmed_objects_in_one_process_share_one_rate_limit(server, monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    stamps = arrival_times(server)
    first, second = PubMed(base_url=server.url_for("/")), PubMed(base_url=server.url_for("/"))
    for _ in range(2):
        first.count("a")
        second.count("b")
    assert busiest_second(stamps) <= 3


# -- what every request carries --------------------------------------------------------------
def test_every_request_names_the_kit_and_sends_tool_email_and_key_to_ncbi(server):
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    pubmed(server, api_key="secret", email="librarian@example.org", tool="searchcraft-test").count("falls")
    request, _ = server.log[0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.headers["User-Agent"].startswith("searchcraft/")
    assert request.args["tool"] == "searchcraft-test"
    assert request.args["email"] == "librarian@example.org"
    assert request.args["api_key"] == "secret"


# -- retries ---------------------------------------------------------------------------------
def test_a_429_is_retried_after_the_wait_its_retry_after_header_asks_for(server):
    sleeps = Sleeps()
    server.expect_request("/esearch.fcgi").respond_with_handler(scripted(
        Response((FIXTURES / "eutils_rate_limit.json").read_bytes(), status=429,
                 headers={"Retry-After": "7"}, content_type="application/json"),
        ok_count()))
    assert pubmed(server, sleep=sleeps).count("falls") == 48213
    assert sleeps == [7.0]
    assert len(server.log) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_is_retried_with_exponentially_growing_waits(server, status):
    sleeps = Sleeps()
    server.expect_request("/esearch.fcgi").respond_with_handler(scripted(
        Response("busy", status=status), Response("busy", status=status),
        Response("busy", status=status), ok_count()))
    assert pubmed(server, sleep=sleeps).count("falls") == 48213
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_read_timeout_is_retried(server):
    sleeps = Sleeps()
    calls = []
    slow_one_done = threading.Event()

    def slow_then_fast(request: Request) -> Response:
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.6)
            slow_one_done.set()
        return ok_count()

    server.expect_request("/esearch.fcgi").respond_with_handler(slow_then_fast)
    source = pubmed(server, sleep=sleeps, timeout=(2.0, 0.2))
    assert source.count("falls") == 48213
    assert len(calls) == 2 and sleeps == [1.0]
    slow_one_done.wait(5)  # let the abandoned request finish before the next test


def test_a_connection_that_breaks_off_mid_answer_is_retried(server):
    sleeps = Sleeps()
    cut = Response(COUNT_XML[:40], content_type=XML)
    cut.headers["Content-Length"] = str(len(COUNT_XML))  # promises more than it sends
    server.expect_request("/esearch.fcgi").respond_with_handler(scripted(cut, ok_count()))
    assert pubmed(server, sleep=sleeps).count("falls") == 48213
    assert sleeps == [1.0]


def test_after_the_last_retry_the_error_says_what_the_service_kept_answering(server):
    sleeps = Sleeps()
    server.expect_request("/esearch.fcgi").respond_with_data(
        (FIXTURES / "eutils_rate_limit.json").read_bytes(), status=429, content_type="application/json")
    with pytest.raises(ServiceUnavailableError) as caught:
        pubmed(server, sleep=sleeps, retries=2).count("falls")
    assert "HTTP 429" in str(caught.value) and "API rate limit exceeded" in str(caught.value)
    assert "after 2 retries" in str(caught.value)
    assert len(server.log) == 3 and sleeps == [1.0, 2.0]


def test_a_retry_after_longer_than_the_kit_will_wait_fails_at_once_saying_when_to_come_back(server):
    sleeps = Sleeps()
    server.expect_request("/esearch.fcgi").respond_with_data(
        "slow down", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(ServiceUnavailableError, match="3600 seconds") as caught:
        pubmed(server, sleep=sleeps).count("falls")
    assert caught.value.hint == "Try again in 60 minutes."
    assert sleeps == [] and len(server.log) == 1


def test_a_client_error_is_not_retried_and_carries_the_services_own_message(server):
    sleeps = Sleeps()
    server.expect_request("/esearch.fcgi").respond_with_data(
        json.dumps({"error": "Invalid API key"}), status=400, content_type="application/json")
    with pytest.raises(ServiceError, match="HTTP 400.*Invalid API key") as caught:
        pubmed(server, sleep=sleeps).count("falls")
    assert caught.value.status == 400
    assert sleeps == [] and len(server.log) == 1


def test_retry_after_as_an_http_date_is_the_seconds_until_that_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("12", now=now) == 12.0
    assert retry_after_seconds("soon", now=now) is None
    assert retry_after_seconds(None) is None


# -- answers that are not what they claim -----------------------------------------------------
def test_an_html_error_page_is_reported_with_its_title(server):
    server.expect_request("/esearch.fcgi").respond_with_data(
        (FIXTURES / "maintenance.html").read_bytes(), content_type="text/html")
    with pytest.raises(ResponseFormatError, match="web page.*Service temporarily unavailable"):
        pubmed(server).count("falls")


def test_an_html_page_served_as_xml_is_still_recognised(server):
    server.expect_request("/esearch.fcgi").respond_with_data(
        (FIXTURES / "maintenance.html").read_bytes(), content_type="text/xml")
    with pytest.raises(ResponseFormatError, match="web page"):
        pubmed(server).count("falls")


def test_a_json_error_where_xml_was_expected_carries_the_services_message(server):
    server.expect_request("/esearch.fcgi").respond_with_data(
        json.dumps({"error": "Search Backend failed: invalid term"}), content_type="application/json")
    with pytest.raises(ServiceError, match="PubMed reported an error: Search Backend failed"):
        pubmed(server).count("falls")


def test_a_wrong_content_type_is_reported(server):
    server.expect_request("/esearch.fcgi").respond_with_data(COUNT_XML, content_type="application/pdf")
    with pytest.raises(ResponseFormatError, match="'application/pdf' where XML was expected"):
        pubmed(server).count("falls")


def test_truncated_xml_is_reported_as_possibly_cut_off(server):
    server.expect_request("/esearch.fcgi").respond_with_data(COUNT_XML[:-30], content_type=XML)
    with pytest.raises(ResponseFormatError, match="cut off"):
        pubmed(server).count("falls")


def test_malformed_json_is_reported(server):
    server.expect_request("/search").respond_with_data('{"hitCount": 3, "resultList": {',
                                                      content_type="application/json")
    client = PoliteClient(server.url_for("/"), service="Europe PMC", rate=100, sleep=Sleeps())
    with pytest.raises(ResponseFormatError, match="JSON the kit cannot read"):
        client.get("search", {"query": "x"}, expect="json")


# -- cache and offline mode ------------------------------------------------------------------
def test_a_cached_answer_is_reused_without_a_request(server, tmp_path):
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    source = pubmed(server, cache=tmp_path / "pubmed.sqlite")
    assert source.count("falls") == source.count("falls") == 48213
    assert len(server.log) == 1
    source.count("other")
    assert len(server.log) == 2


def test_cached_answers_do_not_wait_for_the_rate_limit(server, tmp_path, monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    source = PubMed(base_url=server.url_for("/"), cache=tmp_path / "pubmed.sqlite")  # 3 a second
    source.count("falls")
    started = time.monotonic()
    for _ in range(10):
        source.count("falls")
    assert time.monotonic() - started < 1.0 and len(server.log) == 1


def test_a_cached_answer_past_its_time_to_live_is_asked_for_again(server, tmp_path):
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    source = pubmed(server, cache=tmp_path / "pubmed.sqlite", cache_ttl=0.4)
    source.count("falls")
    source.count("falls")
    assert len(server.log) == 1
    time.sleep(0.5)
    source.count("falls")
    assert len(server.log) == 2


def test_offline_mode_answers_from_the_cache_even_when_stale_and_never_asks_the_server(server, tmp_path):
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    cache = tmp_path / "pubmed.sqlite"
    pubmed(server, cache=cache, cache_ttl=0.2).count("falls")
    time.sleep(0.3)
    offline = pubmed(server, cache=cache, offline=True)
    assert offline.count("falls") == 48213
    with pytest.raises(OfflineCacheMissError, match="not in the cache"):
        offline.count("a search never run online")
    assert len(server.log) == 1      # only the online request ever reached the server


def test_offline_mode_without_a_cache_file_is_refused():
    with pytest.raises(SourceError, match="offline mode needs a cache"):
        PubMed(offline=True, base_url="http://127.0.0.1:9/")


def test_the_api_key_and_email_are_not_written_to_the_cache(server, tmp_path):
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: ok_count())
    cache = tmp_path / "pubmed.sqlite"
    source = pubmed(server, cache=cache, api_key="SECRET-KEY-123", email="person@example.org")
    source.count("falls")
    assert source.client.session.cache.responses.count() == 1
    source.client.close()
    stored = cache.read_bytes()
    assert b"SECRET-KEY-123" not in stored and b"person@example.org" not in stored
    assert server.log[0][0].args["api_key"] == "SECRET-KEY-123"   # though it was sent


def test_an_answer_that_fails_its_checks_leaves_nothing_in_the_cache(server, tmp_path):
    answers = [Response(COUNT_XML[:-30], content_type=XML), ok_count()]
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: answers.pop(0))
    source = pubmed(server, cache=tmp_path / "pubmed.sqlite")
    with pytest.raises(ResponseFormatError):
        source.count("falls")
    assert source.client.session.cache.responses.count() == 0
    assert source.count("falls") == 48213      # asked again, not served the broken answer
    assert len(server.log) == 2


def test_a_service_error_in_a_200_answer_leaves_nothing_in_the_cache(server, tmp_path):
    answers = [Response((FIXTURES / "esearch_error.xml").read_bytes(), content_type=XML), ok_count()]
    server.expect_request("/esearch.fcgi").respond_with_handler(lambda r: answers.pop(0))
    source = pubmed(server, cache=tmp_path / "pubmed.sqlite")
    with pytest.raises(ServiceError, match="nothing todo"):
        source.count("falls")
    assert source.count("falls") == 48213
    assert len(server.log) == 2


def test_an_answer_cut_off_mid_transfer_is_never_cached(server, tmp_path):
    cut = Response(COUNT_XML[:40], content_type=XML)
    cut.headers["Content-Length"] = str(len(COUNT_XML))
    server.expect_request("/esearch.fcgi").respond_with_response(cut)
    source = pubmed(server, cache=tmp_path / "pubmed.sqlite", retries=1)
    with pytest.raises(ServiceUnavailableError, match="broke off"):
        source.count("falls")
    assert source.client.session.cache.responses.count() == 0
