"""``searchcraft search``: one command for the practice database, PubMed and Europe PMC.

The practice source runs on a small database file built in the test; the live sources run against
a local server on 127.0.0.1 that answers in the services' own formats.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from searchcraft.cli import main
from searchcraft.export import read_ris
from searchcraft.practice import PracticeDatabase

FIXTURES = Path(__file__).parent / "sources" / "fixtures"
ARTICLE = re.search(r"<PubmedArticle>.*?</PubmedArticle>",
                    (FIXTURES / "efetch_invented.xml").read_text(), re.DOTALL).group()
XML = "text/xml; charset=UTF-8"
RECORDS = [
    {"id": "p1", "title": "Hand hygiene among ward nurses", "abstract": "A hand hygiene audit.",
     "year": 2019, "authors": ["Smith J"], "journal": "J Invent Nurs"},
    {"id": "p2", "title": "Hand hygiene in care homes", "abstract": "Care home staff and hand hygiene.",
     "year": 2021, "authors": ["Jones K"], "journal": "J Invent Care"},
    {"id": "p3", "title": "Falls prevention in hospital", "abstract": "Falls and exercise.", "year": 2018},
]


@pytest.fixture
def practice_db(tmp_path):
    path = tmp_path / "practice.db"
    PracticeDatabase.from_records(RECORDS, path=path).close()
    return path


@pytest.fixture
def server(running_server, monkeypatch):
    running_server.clear()
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    yield running_server
    running_server.clear()


def pmids(n: int) -> list[str]:
    return [str(36_000_000 + k) for k in range(n)]


def serve_pubmed(server: HTTPServer, ids: list[str]) -> None:
    def esearch(request: Request) -> Response:
        start, size = int(request.args.get("retstart", 0)), int(request.args.get("retmax", 20))
        page = ids[start:start + size]
        body = (f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
                f"<RetStart>{start}</RetStart><QueryKey>1</QueryKey><WebEnv>MCID_x</WebEnv><IdList>"
                + "".join(f"<Id>{i}</Id>" for i in page) + "</IdList></eSearchResult>")
        return Response(body, content_type=XML)

    def efetch(request: Request) -> Response:
        articles = [ARTICLE.replace("90000001", i) for i in request.args["id"].split(",")]
        return Response("<PubmedArticleSet>" + "".join(articles) + "</PubmedArticleSet>", content_type=XML)

    def esummary(request: Request) -> Response:
        docsums = "".join(
            f'<DocSum><Id>{i}</Id><Item Name="PubDate" Type="Date">2020 Jan</Item>'
            f'<Item Name="Title" Type="String">Summary of {i}</Item></DocSum>'
            for i in request.args["id"].split(","))
        return Response(f"<eSummaryResult>{docsums}</eSummaryResult>", content_type=XML)

    server.expect_request("/esearch.fcgi").respond_with_handler(esearch)
    server.expect_request("/efetch.fcgi").respond_with_handler(efetch)
    server.expect_request("/esummary.fcgi").respond_with_handler(esummary)


# -- the practice database -------------------------------------------------------------------
def test_search_prints_the_count_and_the_first_records_of_the_practice_database(practice_db, capsys):
    assert main(["search", '"hand hygiene"[tiab]', "--db", str(practice_db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == 'practice: 2 records for "hand hygiene"[tiab]'
    assert "2019  Hand hygiene among ward nurses  [p1]" in out
    assert "2021  Hand hygiene in care homes  [p2]" in out
    assert "Falls" not in out


def test_max_limits_the_records_shown_and_says_there_are_more(practice_db, capsys):
    main(["search", '"hand hygiene"[tiab]', "--db", str(practice_db), "--max", "1"])
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if re.match(r"\s+\d+\. ", line)]
    assert len(shown) == 1 and ("[p1]" in shown[0] or "[p2]" in shown[0])
    assert "Showing the first 1; use --max to see more." in out


def test_json_output_gives_count_ids_and_records(practice_db, capsys):
    main(["search", "falls", "--db", str(practice_db), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "practice" and data["count"] == 1 and data["ids"] == ["p3"]
    assert data["records"] == [{"id": "p3", "title": "Falls prevention in hospital", "year": 2018}]


def test_export_writes_the_records_found(practice_db, tmp_path, capsys):
    target = tmp_path / "hits.ris"
    main(["search", '"hand hygiene"[tiab]', "--db", str(practice_db), "--export", "ris", str(target)])
    assert sorted(r.title for r in read_ris(target)) == ["Hand hygiene among ward nurses",
                                                         "Hand hygiene in care homes"]
    assert "Exported 2 records" in capsys.readouterr().out


def test_live_only_options_are_refused_for_the_practice_database(practice_db, capsys):
    assert main(["search", "falls", "--db", str(practice_db), "--api-key", "k"]) == 2
    assert "--api-key cannot be used with --source practice" in capsys.readouterr().err


def test_the_installed_command_runs_as_a_program(practice_db):
    done = subprocess.run([sys.executable, "-m", "searchcraft.cli", "search", "falls", "--db",
                           str(practice_db)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("practice: 1 record for falls")


# -- PubMed and Europe PMC, one argument changed -----------------------------------------------
def test_the_same_search_runs_on_pubmed_with_one_argument_changed(server, capsys):
    serve_pubmed(server, pmids(3))
    assert main(["search", '"hand hygiene"[tiab]', "--source", "pubmed",
                 "--base-url", server.url_for("/"), "--email", "me@example.org"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == 'pubmed: 3 records for "hand hygiene"[tiab]'
    assert "2020  Summary of 36000000  [36000000]" in out        # esummary: the cheap listing
    sent = [r for r, _ in server.log if r.path == "/esearch.fcgi"][0]
    assert sent.args["term"] == '"hand hygiene"[tiab]' and sent.args["email"] == "me@example.org"
    assert not [r for r, _ in server.log if r.path == "/efetch.fcgi"]


def test_the_base_url_can_come_from_the_environment(server, monkeypatch, capsys):
    serve_pubmed(server, pmids(2))
    monkeypatch.setenv("SEARCHCRAFT_PUBMED_URL", server.url_for("/"))
    assert main(["search", "falls", "--source", "pubmed", "--max", "0"]) == 0
    assert capsys.readouterr().out.startswith("pubmed: 2 records for falls")


def test_a_long_export_from_pubmed_fetches_whole_records_with_a_progress_bar(server, tmp_path, capsys):
    serve_pubmed(server, pmids(450))
    target = tmp_path / "hits.csv"
    assert main(["search", "falls", "--source", "pubmed", "--base-url", server.url_for("/"),
                 "--max", "450", "--export", "csv", str(target)]) == 0
    captured = capsys.readouterr()
    assert "Fetching records [" in captured.err and "450/450" in captured.err
    assert "Exported 450 records" in captured.out
    fetches = [r for r, _ in server.log if r.path == "/efetch.fcgi"]
    assert [len(r.args["id"].split(",")) for r in fetches] == [200, 200, 50]
    assert target.read_text(encoding="utf-8-sig").count("Hand hygiene compliance") == 450


def test_a_service_error_is_a_plain_message_and_exit_status_2(server, capsys):
    server.expect_request("/esearch.fcgi").respond_with_data(
        (FIXTURES / "esearch_error.xml").read_bytes(), content_type=XML)
    assert main(["search", "falls", "--source", "pubmed", "--base-url", server.url_for("/")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("searchcraft: PubMed reported an error: Empty term") and "Traceback" not in err


def test_offline_search_answers_from_the_cache_an_online_search_filled(server, tmp_path, capsys):
    serve_pubmed(server, pmids(3))
    cache = tmp_path / "pubmed.sqlite"
    base = ["search", "falls", "--source", "pubmed", "--base-url", server.url_for("/"), "--cache", str(cache)]
    assert main(base) == 0
    online = capsys.readouterr().out
    sent = len(server.log)
    assert main(base + ["--offline"]) == 0
    assert capsys.readouterr().out == online and len(server.log) == sent
    assert main(base[:1] + ["nothing cached"] + base[2:] + ["--offline"]) == 2
    assert "not in the cache" in capsys.readouterr().err


def test_europe_pmc_is_one_argument_away_too(server, capsys):
    core = json.loads((FIXTURES / "europepmc_core.json").read_text())

    def search(request: Request) -> Response:
        return Response(json.dumps(core), content_type="application/json")

    server.expect_request("/search").respond_with_handler(search)
    assert main(["search", '"hand hygiene" AND nurs*', "--source", "europepmc",
                 "--base-url", server.url_for("/"), "--max", "2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == 'europepmc: 2 records for "hand hygiene" AND nurs*'
    assert "[MED:39000001]" in out and "[PPR:PPR800001]" in out


def test_an_api_key_is_refused_for_europe_pmc(capsys):
    assert main(["search", "falls", "--source", "europepmc", "--api-key", "k"]) == 2
    assert "--api-key cannot be used with --source europepmc" in capsys.readouterr().err
