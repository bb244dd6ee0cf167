"""PubMed as a Source, against a local server that answers in E-utilities' own formats.

Covers esearch paging (retstart/retmax, usehistory), the 10,000-record limit, efetch in batches of
200, fetching through the history server (WebEnv/query_key), esummary, and the error forms.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from searchcraft.errors import QueryError
from searchcraft.source import Source
from searchcraft.sources import PubMed, PubMedResult, ResultSetTooLargeError, ServiceError

FIXTURES = Path(__file__).parent / "fixtures"
EUTILS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "eutils"
XML = "text/xml; charset=UTF-8"
HEADER = ('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch '
          '20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n')
ARTICLE = re.search(r"<PubmedArticle>.*?</PubmedArticle>",
                    (FIXTURES / "efetch_invented.xml").read_text(), re.DOTALL).group()
WEBENV = "MCID_0123456789abcdef01234567"


def real(name: str) -> bytes:
    path = EUTILS / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} is missing (the shared real NCBI responses live beside the repository)")
    return path.read_bytes()


def pubmed(server: HTTPServer, **options) -> PubMed:
    options.setdefault("requests_per_second", 200)
    return PubMed(base_url=server.url_for("/"), sleep=lambda s: None, **options)


class FakeEntrez:
    """Answers esearch and efetch for a database holding ``ids``, in E-utilities' XML formats."""

    def __init__(self, ids: list[str], *, count: int | None = None, known: set[str] | None = None):
        self.ids = ids
        self.count = len(ids) if count is None else count
        self.known = set(ids) if known is None else known

    def esearch(self, request: Request) -> Response:
        args = request.args
        if args.get("rettype") == "count":
            return Response(HEADER + f"<eSearchResult><Count>{self.count}</Count></eSearchResult>",
                            content_type=XML)
        start, size = int(args.get("retstart", 0)), int(args.get("retmax", 20))
        page = self.ids[start:start + size]
        history = (f"<QueryKey>1</QueryKey><WebEnv>{WEBENV}</WebEnv>"
                   if args.get("usehistory") == "y" else "")
        body = (f"<eSearchResult><Count>{self.count}</Count><RetMax>{len(page)}</RetMax>"
                f"<RetStart>{start}</RetStart>{history}<IdList>"
                + "".join(f"<Id>{i}</Id>\n" for i in page)
                + "</IdList><TranslationSet/><QueryTranslation>falls[All Fields]</QueryTranslation>"
                  "</eSearchResult>")
        return Response(HEADER + body, content_type=XML)

    def efetch(self, request: Request) -> Response:
        args = request.args
        if "id" in args:
            wanted = args["id"].split(",")
        else:
            assert args["WebEnv"] == WEBENV and args["query_key"] == "1"
            start = int(args["retstart"])
            wanted = self.ids[start:start + int(args["retmax"])]
        # PubMed answers in its own order, not the order asked for
        articles = [ARTICLE.replace("90000001", i) for i in sorted(wanted) if i in self.known]
        return Response('<?xml version="1.0" ?>\n<PubmedArticleSet>' + "".join(articles)
                        + "</PubmedArticleSet>", content_type=XML)

    def serve(self, server: HTTPServer) -> None:
        server.expect_request("/esearch.fcgi").respond_with_handler(self.esearch)
        server.expect_request("/efetch.fcgi").respond_with_handler(self.efetch)


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


IDS = [str(39_000_000 - k * 7) for k in range(100)]


def test_pubmed_is_a_source_named_pubmed():
    source = PubMed(base_url="http://127.0.0.1:9/")
    assert isinstance(source, Source) and source.name == "pubmed"


# -- esearch ---------------------------------------------------------------------------------
def test_a_search_pages_through_every_id_with_retstart_and_retmax(server):
    FakeEntrez(IDS).serve(server)
    result = pubmed(server, page_size=40).search("falls")
    assert isinstance(result, PubMedResult)
    assert result.count == 100 and result.ids == tuple(IDS)
    sent = [(r.args["retstart"], r.args["retmax"]) for r in requests_to(server, "/esearch.fcgi")]
    assert sent == [("0", "40"), ("40", "40"), ("80", "20")]


def test_the_first_page_uses_the_history_server_and_the_result_keeps_its_keys(server):
    FakeEntrez(IDS).serve(server)
    result = pubmed(server, page_size=40).search("falls")
    first = requests_to(server, "/esearch.fcgi")[0]
    assert first.args["usehistory"] == "y" and first.args["db"] == "pubmed"
    assert first.args["term"] == "falls"
    assert (result.webenv, result.query_key) == (WEBENV, "1")
    assert result.query_translation == "falls[All Fields]"


def test_a_limit_asks_only_for_the_ids_wanted(server):
    FakeEntrez(IDS).serve(server)
    result = pubmed(server, page_size=40).search("falls", limit=55)
    assert result.count == 100 and result.ids == tuple(IDS[:55])
    sent = [(r.args["retstart"], r.args["retmax"]) for r in requests_to(server, "/esearch.fcgi")]
    assert sent == [("0", "40"), ("40", "15")]


def test_a_limit_of_zero_gives_the_count_alone_in_one_request(server):
    FakeEntrez(IDS).serve(server)
    result = pubmed(server).search("falls", limit=0)
    assert (result.count, result.ids) == (100, ())
    assert len(server.log) == 1


def test_count_asks_for_the_count_only(server):
    FakeEntrez(IDS, count=48213).serve(server)
    assert pubmed(server).count("falls") == 48213
    (request,) = requests_to(server, "/esearch.fcgi")
    assert request.args["rettype"] == "count"


def test_asking_for_more_than_pubmed_will_page_through_is_a_clear_error(server):
    FakeEntrez(IDS, count=25_000).serve(server)
    source = pubmed(server)
    with pytest.raises(ResultSetTooLargeError, match="25,000 records.*first 10,000") as caught:
        source.search("falls", limit=12_000)
    assert "date range" in caught.value.hint
    assert len(server.log) == 1          # found out from the first answer, nothing more asked
    assert source.search("falls", limit=30).count == 25_000


def test_a_search_without_a_limit_brings_the_count_and_at_most_the_default_number_of_ids(server):
    FakeEntrez(IDS, count=25_000).serve(server)
    result = pubmed(server, default_limit=60, page_size=40).search("falls")
    assert result.count == 25_000 and result.ids == tuple(IDS[:60])
    server.clear_log()
    big = pubmed(server).search("falls")           # up to 10,000 by default, and no error
    assert big.count == 25_000 and big.ids == tuple(IDS)
    assert requests_to(server, "/esearch.fcgi")[0].args["retmax"] == "10000"


def test_a_real_esearch_answer_with_history_is_read_through_the_server(server):
    server.expect_request("/esearch.fcgi").respond_with_data(real("esearch2.xml"), content_type=XML)
    result = pubmed(server).search("cancer", limit=100)
    assert result.count == 42249 and len(result.ids) == 100
    assert result.webenv == "MCID_6927d6e7fee3e90f880ec190"


def test_a_real_search_that_finds_nothing_carries_pubmeds_warnings(server):
    server.expect_request("/esearch.fcgi").respond_with_data(real("esearch8.xml"), content_type=XML)
    result = pubmed(server).search("abcXYZ")
    assert result.count == 0 and result.ids == ()
    assert "PhraseNotFound: abcXYZ" in result.warnings


def test_a_string_query_is_sent_exactly_as_written(server):
    FakeEntrez(IDS).serve(server)
    query = '("hand hygiene"[tiab] OR "Hand Hygiene"[mh]) AND nurs*[tiab] AND 2015:2020[dp]'
    pubmed(server).count(query)
    assert requests_to(server, "/esearch.fcgi")[0].args["term"] == query


def test_a_parsed_query_is_rendered_in_pubmed_syntax(server):
    from searchcraft import query as query_package

    if not hasattr(query_package, "render"):
        pytest.skip("searchcraft.query.render is not available yet")
    from searchcraft.query.ast import And, Field, Phrase, Truncated

    node = And((Field(Phrase("hand hygiene"), ("tiab",)), Truncated("nurs")))
    FakeEntrez(IDS).serve(server)
    pubmed(server).count(node)
    sent = requests_to(server, "/esearch.fcgi")[0].args["term"]
    assert sent == query_package.render(node, "pubmed")
    assert '"hand hygiene"[tiab]' in sent and "nurs*" in sent


def test_an_empty_search_is_refused_before_anything_is_sent(server):
    with pytest.raises(QueryError, match="empty"):
        pubmed(server).search("   ")
    assert server.log == []


def test_an_esearch_error_answer_is_a_service_error(server):
    server.expect_request("/esearch.fcgi").respond_with_data(
        (FIXTURES / "esearch_error.xml").read_bytes(), content_type=XML)
    with pytest.raises(ServiceError, match="PubMed reported an error: Empty term"):
        pubmed(server).search("falls")


# -- efetch ----------------------------------------------------------------------------------
def test_records_are_fetched_two_hundred_ids_a_request_in_the_order_asked(server):
    ids = [str(35_000_000 + k) for k in range(450)]
    FakeEntrez(ids).serve(server)
    seen = []
    wanted = list(reversed(ids))
    records = pubmed(server).fetch(wanted, progress=lambda done, total: seen.append((done, total)))
    assert [r.id for r in records] == wanted
    batches = [r.args["id"].split(",") for r in requests_to(server, "/efetch.fcgi")]
    assert [len(b) for b in batches] == [200, 200, 50]
    assert sum(batches, []) == wanted
    assert all(r.args["retmode"] == "xml" for r in requests_to(server, "/efetch.fcgi"))
    assert seen == [(200, 450), (400, 450), (450, 450)]


def test_fetched_records_are_whole_records(server):
    FakeEntrez(["31000001"]).serve(server)
    (record,) = pubmed(server).fetch(["31000001"])
    assert record.id == record.pmid == "31000001"
    assert record.abstract.startswith("BACKGROUND: Hand hygiene prevents infection")
    assert "*Hand Hygiene" in record.headings and record.doi == "10.9999/jinr.2020.0001"


def test_ids_pubmed_does_not_know_are_left_out(server):
    FakeEntrez(["1", "2", "3"], known={"1", "3"}).serve(server)
    assert [r.id for r in pubmed(server).fetch(["3", "2", "1", "3"])] == ["3", "1"]


def test_a_result_is_fetched_from_the_history_server_without_sending_ids(server):
    FakeEntrez(IDS).serve(server)
    source = pubmed(server, batch_size=30)
    result = source.search("falls", limit=70)
    records = source.fetch_result(result)
    assert [r.id for r in records] == sorted(IDS[:30]) + sorted(IDS[30:60]) + sorted(IDS[60:70])
    fetches = requests_to(server, "/efetch.fcgi")
    assert all("id" not in r.args and r.args["WebEnv"] == WEBENV for r in fetches)
    assert [(r.args["retstart"], r.args["retmax"]) for r in fetches] == [("0", "30"), ("30", "30"), ("60", "10")]


def test_an_efetch_error_answer_is_a_service_error(server):
    server.expect_request("/efetch.fcgi").respond_with_data(
        (FIXTURES / "efetch_error.xml").read_bytes(), content_type=XML)
    with pytest.raises(ServiceError, match="Cannot retrieve history data"):
        pubmed(server).fetch(["1"])


# -- esummary --------------------------------------------------------------------------------
def test_summaries_come_from_esummary_which_is_cheaper_than_efetch(server):
    server.expect_request("/esummary.fcgi").respond_with_data(real("esummary1.xml"), content_type=XML)
    records = pubmed(server).summaries(["11850928", "11482001"])
    assert [r.id for r in records] == ["11850928", "11482001"]
    assert records[0].journal == "Archives of dermatology" and records[0].year == 1965
    (request,) = requests_to(server, "/esummary.fcgi")
    assert request.args["id"] == "11850928,11482001"
