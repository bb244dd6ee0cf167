"""The promise of issue 5: the same notebook cell runs a strategy on the practice database, PubMed
and Europe PMC, changing only which source it is given. The live services are local servers on
127.0.0.1 (found through SEARCHCRAFT_PUBMED_URL / SEARCHCRAFT_EUROPEPMC_URL, as a course hub
could set them), answering in the services' own formats.
"""

from __future__ import annotations

import json

import pytest
from werkzeug import Request, Response

from searchcraft.practice import PracticeDatabase, SearchHistory
from searchcraft.query import render
from searchcraft.sources import EuropePMC, PubMed, open_source

RECORDS = [
    {"id": "p1", "title": "Hand hygiene among ward nurses", "abstract": "Nursing staff hand hygiene.", "year": 2019},
    {"id": "p2", "title": "Hand hygiene in care homes", "abstract": "Care assistants.", "year": 2021},
    {"id": "p3", "title": "Nurse staffing and falls", "abstract": "Nurses and falls.", "year": 2018},
]
COUNTS = {'"hand hygiene"[tiab]': 5231, "nurs*[tiab]": 987654}


def cell(source):
    """What a learner's notebook cell does, whichever source it is given."""
    history = SearchHistory(source)
    history.add('"hand hygiene"[tiab]')
    history.add("nurs*[tiab]")
    history.add("#1 AND #2")
    return history


@pytest.fixture
def live(running_server, monkeypatch):
    """Local PubMed and Europe PMC services; each counts a search by looking its text up."""
    server = running_server
    server.clear()
    monkeypatch.setenv("SEARCHCRAFT_PUBMED_URL", server.url_for("/eutils/"))
    monkeypatch.setenv("SEARCHCRAFT_EUROPEPMC_URL", server.url_for("/europepmc/"))
    monkeypatch.delenv("NCBI_API_KEY", raising=False)

    def esearch(request: Request) -> Response:
        count = COUNTS.get(request.args["term"], 42)
        start = int(request.args.get("retstart", 0))
        ids = "".join(f"<Id>{30_000_000 + k}</Id>" for k in range(start, min(count, 3)))
        return Response(f"<eSearchResult><Count>{count}</Count><RetMax>3</RetMax><RetStart>{start}</RetStart>"
                        f"<IdList>{ids}</IdList></eSearchResult>", content_type="text/xml")

    def europe_search(request: Request) -> Response:
        count = {render_europe(k): v for k, v in COUNTS.items()}.get(request.args["query"], 42)
        results = [{"id": str(30_000_000 + k), "source": "MED"} for k in range(min(count, 3))]
        return Response(json.dumps({"version": "6.9", "hitCount": count, "nextCursorMark": "*",
                                    "resultList": {"result": results}}), content_type="application/json")

    server.expect_request("/eutils/esearch.fcgi").respond_with_handler(esearch)
    server.expect_request("/europepmc/search").respond_with_handler(europe_search)
    yield server
    server.clear()


def render_europe(pubmed_text: str) -> str:
    from searchcraft.query import parse

    return render(parse(pubmed_text, "pubmed"), "europepmc")


def test_the_cell_runs_on_the_practice_database(tmp_path):
    path = tmp_path / "practice.db"
    PracticeDatabase.from_records(RECORDS, path=path).close()
    history = cell(PracticeDatabase.open(path))
    assert [line.count for line in history.lines] == [2, 2, 1]


def test_the_same_cell_runs_on_pubmed(live):
    history = cell(PubMed())
    assert [line.count for line in history.lines] == [5231, 987654, 42]
    terms = list(dict.fromkeys(r.args["term"] for r, _ in live.log))
    assert terms[:2] == ['"hand hygiene"[tiab]', "nurs*[tiab]"]
    assert '"hand hygiene"[tiab]' in terms[2] and "nurs*[tiab]" in terms[2] and " AND " in terms[2]


def test_the_same_cell_runs_on_europe_pmc_with_the_strategy_translated(live):
    history = cell(EuropePMC())
    assert [line.count for line in history.lines] == [5231, 987654, 42]
    queries = list(dict.fromkeys(r.args["query"] for r, _ in live.log))
    assert queries[:2] == [render_europe('"hand hygiene"[tiab]'), render_europe("nurs*[tiab]")]
    assert "[tiab]" not in " ".join(queries)        # sent in Europe PMC's syntax, not PubMed's


def test_open_source_builds_each_source_by_name(live, tmp_path):
    path = tmp_path / "practice.db"
    PracticeDatabase.from_records(RECORDS, path=path).close()
    assert open_source("practice", path=path).name == "practice"
    assert isinstance(open_source("pubmed"), PubMed)
    assert isinstance(open_source("Europe PMC", email=None), EuropePMC)


def test_open_source_names_the_sources_it_knows_when_given_another():
    from searchcraft.sources import UnknownSourceError

    with pytest.raises(UnknownSourceError, match="no source called 'scopus'") as caught:
        open_source("scopus")
    assert "practice, pubmed, europepmc" in caught.value.hint
