"""Europe PMC as a Source, against a local server that answers in its REST search JSON.

Covers cursorMark paging and pageSize, resultType=idlist for searches and core for records, fetching
by SOURCE:id, the records field by field, and the error forms.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from searchcraft.source import Source
from searchcraft.sources import EuropePMC, ResponseFormatError, ServiceError
from searchcraft.sources.europepmc_records import core_record, parse_search_page

FIXTURES = Path(__file__).parent / "fixtures"
CORE = json.loads((FIXTURES / "europepmc_core.json").read_text())


def europe(server: HTTPServer, **options) -> EuropePMC:
    options.setdefault("requests_per_second", 200)
    return EuropePMC(base_url=server.url_for("/"), sleep=lambda s: None, **options)


class FakeEuropePMC:
    """A search endpoint over ``results`` that pages with cursorMark as Europe PMC does: the cursor
    is an opaque token, and the last page echoes the cursor it was sent."""

    def __init__(self, results: list[dict]):
        self.results = results

    def search(self, request: Request) -> Response:
        args = request.args
        size = int(args.get("pageSize", 25))
        assert 1 <= size <= 1000
        cursor = args.get("cursorMark", "*")
        start = 0 if cursor == "*" else int(cursor.removeprefix("AoJ"))
        wanted = set(re.findall(r"SRC:(\w+) AND EXT_ID:(\w+)", args["query"]))
        found = [r for r in self.results if not wanted or (r["source"], r["id"]) in wanted]
        page = found[start:start + size]
        if args.get("resultType") == "idlist":
            page = [{k: r[k] for k in ("id", "source", "pmid", "doi") if k in r} for r in page]
        end = start + len(page)
        next_cursor = f"AoJ{end}" if end < len(found) else cursor
        body = {"version": "6.9", "hitCount": len(found), "nextCursorMark": next_cursor,
                "request": {"queryString": args["query"], "resultType": args.get("resultType"),
                            "cursorMark": cursor, "pageSize": size, "sort": "", "synonym": False},
                "resultList": {"result": page}}
        return Response(json.dumps(body), content_type="application/json")

    def serve(self, server: HTTPServer) -> None:
        server.expect_request("/search").respond_with_handler(self.search)


def med(n: int) -> dict:
    return {"id": str(n), "source": "MED", "pmid": str(n), "title": f"Invented record {n}",
            "pubYear": "2020", "journalInfo": {"journal": {"title": "J Invent"}}}


RESULTS = [med(38_000_000 + k) for k in range(25)]


def searches(server: HTTPServer) -> list[Request]:
    return [request for request, _ in server.log if request.path == "/search"]


def test_europepmc_is_a_source_named_europepmc():
    source = EuropePMC(base_url="http://127.0.0.1:9/")
    assert isinstance(source, Source) and source.name == "europepmc"


def test_a_search_follows_the_cursor_until_the_last_page_echoes_it_back(server):
    FakeEuropePMC(RESULTS).serve(server)
    result = europe(server, page_size=10).search("falls")
    assert result.count == 25
    assert result.ids == tuple(f"MED:{r['id']}" for r in RESULTS)
    sent = [(r.args["cursorMark"], r.args["pageSize"], r.args["resultType"]) for r in searches(server)]
    assert sent == [("*", "10", "idlist"), ("AoJ10", "10", "idlist"), ("AoJ20", "10", "idlist")]
    assert all(r.args["format"] == "json" for r in searches(server))
    assert all(r.args["synonym"] == "FALSE" for r in searches(server))   # the API's own default


def test_synonym_expansion_can_be_asked_for(server):
    FakeEuropePMC(RESULTS).serve(server)
    europe(server, synonym=True).count("aspirin")
    assert searches(server)[0].args["synonym"] == "TRUE"


def test_a_limit_shrinks_the_last_page_and_stops_there(server):
    FakeEuropePMC(RESULTS).serve(server)
    result = europe(server, page_size=10).search("falls", limit=13)
    assert result.count == 25 and len(result.ids) == 13
    assert [r.args["pageSize"] for r in searches(server)] == ["10", "3"]


def test_a_search_without_a_limit_stops_at_the_default_limit(server):
    FakeEuropePMC(RESULTS).serve(server)
    result = europe(server, page_size=4, default_limit=10).search("falls")
    assert result.count == 25 and len(result.ids) == 10
    assert [r.args["pageSize"] for r in searches(server)] == ["4", "4", "2"]


def test_the_page_size_never_exceeds_the_services_limit_of_one_thousand(server):
    FakeEuropePMC(RESULTS).serve(server)
    europe(server, page_size=5000).search("falls")
    assert searches(server)[0].args["pageSize"] == "1000"


def test_a_limit_of_zero_gives_the_count_alone(server):
    FakeEuropePMC(RESULTS).serve(server)
    result = europe(server).search("falls", limit=0)
    assert (result.count, result.ids) == (25, ())
    assert len(searches(server)) == 1


def test_count_asks_for_one_id_only(server):
    FakeEuropePMC(RESULTS).serve(server)
    assert europe(server).count("falls") == 25
    assert searches(server)[0].args["pageSize"] == "1"


def test_an_email_is_sent_when_given(server):
    FakeEuropePMC(RESULTS).serve(server)
    europe(server, email="librarian@example.org").count("falls")
    assert searches(server)[0].args["email"] == "librarian@example.org"
    assert searches(server)[0].headers["User-Agent"].startswith("searchcraft/")


def test_records_are_fetched_as_core_results_by_source_and_id_in_the_order_asked(server):
    FakeEuropePMC(CORE["resultList"]["result"]).serve(server)
    records = europe(server).fetch(["PPR:PPR800001", "MED:39000001", "MED:1"])
    assert [r.id for r in records] == ["PPR:PPR800001", "MED:39000001"]
    (request,) = searches(server)
    assert request.args["resultType"] == "core"
    assert request.args["query"] == ("(SRC:PPR AND EXT_ID:PPR800001) OR (SRC:MED AND EXT_ID:39000001) "
                                     "OR (SRC:MED AND EXT_ID:1)")


def test_records_are_fetched_in_batches(server):
    FakeEuropePMC(RESULTS).serve(server)
    progress = []
    records = europe(server, batch_size=10).fetch([f"MED:{r['id']}" for r in RESULTS],
                                                  progress=lambda d, t: progress.append((d, t)))
    assert len(records) == 25 and len(searches(server)) == 3
    assert progress == [(10, 25), (20, 25), (25, 25)]


def test_records_can_be_searched_for_directly_in_one_pass(server):
    FakeEuropePMC(RESULTS).serve(server)
    records = europe(server, page_size=10).records("falls", limit=15)
    assert [r.title for r in records] == [f"Invented record {38_000_000 + k}" for k in range(15)]
    assert {r.args["resultType"] for r in searches(server)} == {"core"}


def test_a_parsed_query_is_rendered_in_europe_pmc_syntax(server):
    from searchcraft import query as query_package
    from searchcraft.query.ast import And, Phrase, Truncated

    node = And((Phrase("hand hygiene"), Truncated("nurs")))
    FakeEuropePMC(RESULTS).serve(server)
    europe(server).count(node)
    sent = searches(server)[0].args["query"]
    assert sent == query_package.render(node, "europepmc")
    assert '"hand hygiene"' in sent and "nurs*" in sent


# -- errors ----------------------------------------------------------------------------------
def test_europe_pmcs_error_json_is_a_service_error_with_its_message(server):
    server.expect_request("/search").respond_with_data(
        (FIXTURES / "europepmc_error.json").read_bytes(), content_type="application/json")
    with pytest.raises(ServiceError, match="Europe PMC reported an error: Invalid query: unbalanced"):
        europe(server).search("falls AND (nurs*")


def test_europe_pmcs_error_json_with_an_error_status_is_not_retried(server):
    server.expect_request("/search").respond_with_data(
        (FIXTURES / "europepmc_error.json").read_bytes(), status=400, content_type="application/json")
    with pytest.raises(ServiceError, match="HTTP 400.*unbalanced parenthesis"):
        europe(server).search("falls AND (nurs*")
    assert len(searches(server)) == 1


def test_json_that_is_not_a_search_result_is_reported(server):
    server.expect_request("/search").respond_with_data('{"hello": "world"}', content_type="application/json")
    with pytest.raises(ResponseFormatError, match="no hitCount"):
        europe(server).search("falls")


def test_xml_where_json_was_asked_for_is_reported(server):
    server.expect_request("/search").respond_with_data("<responseWrapper/>", content_type="application/xml")
    with pytest.raises(ResponseFormatError, match="where JSON was expected"):
        europe(server).search("falls")


# -- records, field by field -----------------------------------------------------------------
def test_a_core_medline_record_is_read_field_by_field():
    record = core_record(CORE["resultList"]["result"][0])
    assert record.id == "MED:39000001" and record.pmid == "39000001"
    assert record.title == "Hand hygiene among ward nurses & students: an invented study."
    assert record.abstract == ("Background: Hand hygiene prevents infection; compliance is low (p<0.05).\n"
                               "Methods: An invented cluster trial.\n"
                               "Results: Compliance rose.")
    assert record.authors == ["O'Brien SM", "Smith J Jr", "Invented Infection Control Group"]
    assert record.journal == "Journal of Invented Nursing Research"
    assert record.journal_abbreviation == "J Invent Nurs Res"
    assert (record.year, record.volume, record.issue, record.pages) == (2024, "12", "3", "101-115")
    assert record.language == "eng"
    assert record.publication_types == ["Randomized Controlled Trial", "Journal Article"]
    assert record.keywords == ["hand hygiene", "audit"]
    assert record.headings == ["Humans", "*Hand Hygiene", "*Nursing Staff, Hospital", "Cross Infection"]
    assert record.doi == "10.9999/jinr.2024.0001" and record.source == "europepmc"


def test_a_preprint_without_journal_or_headings_still_makes_a_record():
    record = core_record(CORE["resultList"]["result"][1])
    assert record.id == "PPR:PPR800001" and record.pmid == ""
    assert record.year == 2025 and record.journal == ""
    assert record.publication_types == ["Preprint"]          # a single value, not a list
    assert record.abstract == "An unlabelled abstract about falls."
    assert record.headings == [] and record.keywords == []


def test_the_last_page_is_the_one_that_echoes_its_cursor():
    page = parse_search_page({"hitCount": 2, "nextCursorMark": "AoJ2", "resultList": {"result": []}},
                             cursor="AoJ2")
    assert page.next_cursor is None
    page = parse_search_page({"hitCount": 2, "nextCursorMark": "AoJ2", "resultList": {"result": []}},
                             cursor="*")
    assert page.next_cursor == "AoJ2"
