"""The PRISMA-S search report: the 16 items, what the kit fills in, and safe Markdown and HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

import pytest

from searchcraft.records import Record
from searchcraft.report import PRISMA_S_ITEMS, DatabaseSearch, ReportError, SearchReport, deduplicate


# Plain stand-ins with the attributes a search history has (source.name, lines, to_text), used to
# test formatting alone; a real SearchHistory is tested in test_report_over_a_real_search_history.
@dataclass
class Source:
    name: str


@dataclass
class Line:
    number: int
    query: str
    count: int
    run_at: datetime


@dataclass
class History:
    source: Source
    lines: list[Line]

    def to_text(self) -> str:
        return "\n".join(f"{line.number}. {line.query}" for line in self.lines)


def pubmed_history() -> History:
    return History(Source("pubmed"), [
        Line(1, '"hand hygiene"[tiab] OR "Hand Hygiene"[mh]', 4210, datetime(2026, 11, 20, 9, 30)),
        Line(2, "nurs*[tiab] OR <care homes>", 98000, datetime(2026, 11, 20, 9, 31)),
        Line(3, "#1 AND #2 AND english[la] AND 2015:2024[dp]", 312, datetime(2026, 11, 21, 14, 0)),
    ])


def europepmc_history() -> History:
    return History(Source("europepmc"), [
        Line(1, '"hand hygiene" AND nurs*', 801, datetime(2026, 11, 22, 10, 0)),
    ])


def items_by_number(report: SearchReport) -> dict:
    return {item.topic.number: item for item in report.checklist()}


def test_the_report_follows_all_sixteen_prisma_s_items_in_order():
    numbers = [item.topic.number for item in SearchReport([pubmed_history()]).checklist()]
    assert numbers == list(range(1, 17))
    assert [t.name for t in PRISMA_S_ITEMS][:2] == ["Database name", "Multi-database searching"]
    assert [t.name for t in PRISMA_S_ITEMS][12:] == ["Dates of searches", "Peer review", "Total records",
                                                     "Deduplication"]


def test_items_only_the_searcher_knows_are_prompts_to_complete():
    items = items_by_number(SearchReport([pubmed_history()]))
    for number in (3, 4, 5, 6, 7, 11, 12, 14, 16):
        assert items[number].status == "to complete"
        assert items[number].blocks[0].text.startswith("To complete:")
    assert {items[n].status for n in (1, 8, 13, 15)} == {"reported"}


def test_the_searchers_answers_fill_their_items():
    report = SearchReport([pubmed_history()], answers={14: "Peer reviewed by a second librarian (PRESS)."})
    peer = items_by_number(report)[14]
    assert peer.status == "reported"
    assert peer.blocks[0].text == "Peer reviewed by a second librarian (PRESS)."
    with pytest.raises(ReportError, match="no item 17"):
        SearchReport([pubmed_history()], answers={17: "?"})


def test_databases_platforms_dates_and_totals_come_from_the_histories():
    report = SearchReport([pubmed_history(), europepmc_history()])
    markdown = report.to_markdown()
    assert "| PubMed | PubMed (US National Library of Medicine), through the E-utilities API | pubmed |" in markdown
    assert "| Europe PMC | Europe PMC (EMBL-EBI), through its REST API | europepmc |" in markdown
    assert "| PubMed | 21 November 2026 |" in markdown        # the last time a line was run
    assert "| Europe PMC | 22 November 2026 |" in markdown
    assert "| PubMed | 312 |" in markdown and "| Total | 1,113 |" in markdown
    assert items_by_number(report)[2].status == "check"      # Europe PMC spans several sources


def test_full_strategies_are_given_exactly_as_run_with_line_counts():
    history = pubmed_history()
    markdown = SearchReport([history]).to_markdown()
    assert "PubMed: 3 lines, run on 21 November 2026." in markdown
    fenced = re.search(r"```text\n(.*?)\n```", markdown, flags=re.S).group(1)
    assert fenced == history.to_text()
    assert r"| 3 | \#1 AND \#2 AND english\[la\] AND 2015:2024\[dp\] | 312 |" in markdown


def test_limits_in_the_strategy_are_found_and_need_a_reason():
    limits = items_by_number(SearchReport([pubmed_history()]))[9]
    assert limits.status == "check"
    rows = limits.blocks[0].rows
    assert rows == (("PubMed", "line 3: language, publication date",
                     "#1 AND #2 AND english[la] AND 2015:2024[dp]"),)
    assert "justification" in limits.blocks[-1].text


def test_limits_stated_by_the_searcher_are_listed_and_no_limits_is_said_plainly():
    stated = DatabaseSearch(europepmc_history(), limits=("Preprints excluded with the source filter",))
    rows = items_by_number(SearchReport([stated]))[9].blocks[0].rows
    assert rows == (("Europe PMC", "stated by the searcher", "Preprints excluded with the source filter"),)
    none = items_by_number(SearchReport([europepmc_history()]))[9]
    assert none.blocks[0].text.startswith("No limits were found")


def test_a_study_design_filter_is_flagged_for_citation():
    history = pubmed_history()
    history.lines.append(Line(4, "randomized controlled trial[pt] OR placebo[tiab]", 900,
                              datetime(2026, 11, 21, 14, 5)))
    filters = items_by_number(SearchReport([history]))[10]
    assert filters.status == "check" and filters.blocks[0].rows[0][1] == "line 4"


def test_the_final_line_can_be_chosen_for_the_total():
    search = DatabaseSearch(pubmed_history(), final_line=1)
    assert search.total == 4210
    with pytest.raises(ReportError, match="no line 9"):
        DatabaseSearch(pubmed_history(), final_line=9)


def test_deduplication_figures_fill_item_sixteen():
    records = [Record("a", title="Hand hygiene in care homes", doi="10.1/x", source="pubmed"),
               Record("b", title="Hand hygiene in care homes", doi="10.1/X", source="europepmc"),
               Record("c", title="Gloves", doi="10.1/y", source="europepmc")]
    report = SearchReport([pubmed_history(), europepmc_history()], deduplication=deduplicate(records))
    item = items_by_number(report)[16]
    assert item.status == "reported"
    assert "same DOI or PubMed ID" in item.blocks[0].text and "0.90" in item.blocks[0].text
    assert item.blocks[-1].rows[-1] == ("All sources", "3", "2", "")


def test_an_empty_report_or_a_non_history_is_refused():
    with pytest.raises(ReportError, match="at least one search history"):
        SearchReport([])
    with pytest.raises(ReportError, match="Expected a search history"):
        SearchReport(["not a history"])


class _Outline(HTMLParser):
    """Collects what an accessibility check looks at."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.headings: list[str] = []
        self.th_scopes: list[str | None] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)
        if tag == "th":
            self.th_scopes.append(attrs.get("scope"))


def test_html_is_accessible_british_english_with_headings_and_scoped_table_headers():
    page = SearchReport([pubmed_history(), europepmc_history()]).to_html()
    outline = _Outline()
    outline.feed(page)
    assert page.startswith("<!DOCTYPE html>") and outline.lang == "en-GB"
    assert outline.headings[0] == "h1" and outline.headings.count("h2") == 5   # checklist + 4 sections
    assert outline.headings.count("h3") == 16
    assert outline.th_scopes and set(outline.th_scopes) <= {"col", "row"}
    assert "caption" in outline.tags and "main" in outline.tags


def test_html_escapes_whatever_is_in_a_query_or_title():
    page = SearchReport([pubmed_history()], title="Hand <hygiene> & \"care\"").to_html()
    assert "<care homes>" not in page and "&lt;care homes&gt;" in page
    assert "<title>Hand &lt;hygiene&gt; &amp; &quot;care&quot;</title>" in page


def test_markdown_tables_survive_pipes_and_stars_in_queries():
    history = History(Source("pubmed"), [Line(1, "a | b*", 3, datetime(2026, 1, 2))])
    markdown = SearchReport([history]).to_markdown()
    assert r"| 1 | a \| b\* | 3 |" in markdown


def test_the_report_is_written_atomically_as_html_or_markdown(tmp_path):
    report = SearchReport([pubmed_history()])
    assert report.write(tmp_path / "search.html").read_text(encoding="utf-8") == report.to_html()
    assert report.write(tmp_path / "search.md").read_text(encoding="utf-8") == report.to_markdown()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search.html", "search.md"]
    with pytest.raises(ReportError, match=r"\.html or \.md"):
        report.write(tmp_path / "search.docx")


@dataclass
class SentLine(Line):
    expanded: str = ""


def test_queries_sent_to_a_live_source_are_shown_with_their_references_written_out():
    history = History(Source("pubmed"), [
        SentLine(1, "falls[tiab]", 10, datetime(2026, 1, 2), "falls[tiab]"),
        SentLine(2, "#1 AND exercise[tiab]", 4, datetime(2026, 1, 2), "(falls[tiab]) AND exercise[tiab]")])
    strategies = [b for b in items_by_number(SearchReport([history]))[8].blocks if hasattr(b, "text")
                  and "as sent" in getattr(b, "caption", "")]
    assert strategies[0].text == "1. falls[tiab]\n2. (falls[tiab]) AND exercise[tiab]"


def test_report_over_a_real_search_history_on_a_practice_database():
    from searchcraft.practice import PracticeDatabase, SearchHistory

    database = PracticeDatabase.from_records([
        {"id": "r1", "title": "Hand hygiene in nursing homes", "abstract": "Nurses and hand hygiene.",
         "year": 2019, "language": "eng"},
        {"id": "r2", "title": "Hand hygiene compliance", "abstract": "Hospital staff.", "year": 2012,
         "language": "fre"},
        {"id": "r3", "title": "Falls in care homes", "abstract": "Nursing staff.", "year": 2020,
         "language": "eng"},
    ])
    history = SearchHistory(database)
    history.add('"hand hygiene"[tiab]')
    history.add("nurs*[tiab]")
    history.add("#1 AND #2 AND english[la]")
    report = SearchReport([history])
    items = items_by_number(report)
    assert items[1].blocks[0].rows[0][2] == "practice"
    strategy = items[8].blocks
    assert strategy[0].text.startswith("SearchCraft practice database")
    assert [row[2] for row in strategy[1].rows] == [str(line.count) for line in history.lines]
    assert strategy[2].text == history.to_text()
    assert items[9].blocks[0].rows == (
        ("SearchCraft practice database (synthetic records for training)", "line 3: language",
         "#1 AND #2 AND english[la]"),)
    last_run = max(line.run_at for line in history.lines)
    assert items[13].blocks[0].rows[0][1] == f"{last_run.day} {last_run:%B %Y}"
    assert items[15].blocks[0].rows[-1] == ("Total", f"{history.lines[-1].count:,}")


def test_the_flow_diagram_is_drawn_in_html_and_described_in_markdown():
    from searchcraft.report import FlowCounts, describe_flow

    counts = FlowCounts(databases={"PubMed": 312, "Europe PMC": 801}, duplicates_removed=290)
    report = SearchReport([pubmed_history(), europepmc_history()], flow=counts)
    page = report.to_html()
    assert page.count("<svg") == 1 and "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert 'role="img"' in page and "Records screened (n = 823)" in page
    outline = _Outline()
    outline.feed(page)                      # still parses as one document
    assert outline.lang == "en-GB"
    markdown = report.to_markdown()
    assert "**Figure: PRISMA 2020 flow diagram**" in markdown
    assert "823 records screened" in markdown and describe_flow(counts).split(".")[0] in markdown


def test_a_search_documented_end_to_end_on_a_practice_database(tmp_path):
    from searchcraft.practice import PracticeDatabase, SearchHistory
    from searchcraft.report import FlowCounts, write_flow

    title = "Hand hygiene in nursing homes: a randomised controlled trial"
    database = PracticeDatabase.from_records([
        {"id": "m1", "title": title, "authors": ["Ng A"], "year": 2019, "pages": "10-9",
         "source": "medline-like", "abstract": "Nurses and hand hygiene."},
        {"id": "e1", "title": title.replace("randomised", "randomized"), "authors": ["Ng, Anna"],
         "year": 2019, "pages": "10-19", "source": "embase-like", "abstract": "Nurses and hand hygiene."},
        {"id": "m2", "title": "Hand hygiene audits by nurses", "authors": ["Ode B"], "year": 2021,
         "pages": "5-9", "source": "medline-like", "abstract": "Nursing audit."},
    ])
    history = SearchHistory(database)
    history.add('"hand hygiene"[tiab]')
    history.add("nurs*[tiab]")
    final = history.add("#1 AND #2")
    found = database.fetch(history.result(final.number).ids)
    result = deduplicate(found)
    counts = FlowCounts.from_deduplication(result)
    report = SearchReport([history], deduplication=result, flow=counts)

    assert (final.count, result.removed, counts.screened) == (3, 1, 2)
    items = items_by_number(report)
    assert items[15].blocks[0].rows[-1] == ("Total", "3")
    assert items[16].status == "reported" and "1 duplicate removed" in items[16].blocks[1].text
    path = report.write(tmp_path / "search.html")
    assert "Records screened (n = 2)" in path.read_text(encoding="utf-8")
    assert write_flow(counts, tmp_path / "flow.png").stat().st_size > 10_000


def test_a_single_history_need_not_be_put_in_a_list():
    assert SearchReport(pubmed_history()).to_markdown() == SearchReport([pubmed_history()]).to_markdown()
