"""Deduplication: which records are one article, which are kept apart, and the figures for PRISMA."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchcraft.errors import SearchCraftError
from searchcraft.records import Record
from searchcraft.report import FlowCounts, ReportError, compare_records, deduplicate, score_detection

BASE = dict(title="Exercise programmes to prevent falls in care homes: a randomised controlled trial",
            authors=["Smith J", "Patel R"], year=2019, volume="48", pages="123-129",
            journal="Age and Ageing")


def record(id: str, source: str = "PubMed", **changes) -> Record:
    return Record(id=id, source=source, **{**BASE, **changes})


# --- the same article, written differently -------------------------------------------------------

SAME_ARTICLE = {
    "DOI case and resolver prefix": (
        dict(doi="10.1093/ageing/AFZ001", title="Something else entirely"),
        dict(doi="https://doi.org/10.1093/ageing/afz001")),
    "PMID with a label": (dict(pmid="31234567", title="Unrelated words here"), dict(pmid="PMID: 31234567")),
    "British and American spelling": (
        dict(), dict(title="Exercise programs to prevent falls in care homes: a randomized controlled trial")),
    "case, punctuation and a final full stop": (
        dict(), dict(title="EXERCISE PROGRAMMES TO PREVENT FALLS IN CARE-HOMES - A RANDOMISED CONTROLLED TRIAL.")),
    "accents and markup": (
        dict(title="Müller's <i>in vitro</i> model of bone loss in older women"),
        dict(title="Muller's in vitro model of bone loss in older women")),
    "author written out": (dict(), dict(authors=["Smith, John", "Patel, Ravi"])),
    "abbreviated last page": (dict(), dict(pages="123-9")),
    "a typing error in the title": (
        dict(), dict(title="Exercise programmes to prevent fals in care homes: a randomised controled trial")),
    "online and print years one apart": (dict(), dict(year=2020)),
    "subtitle missing from one database": (
        dict(), dict(title="Exercise programmes to prevent falls in care homes")),
    "pages missing from one record": (dict(), dict(pages="")),
}


@pytest.mark.parametrize("first, second", SAME_ARTICLE.values(), ids=SAME_ARTICLE.keys())
def test_records_of_the_same_article_are_merged(first, second):
    evidence = compare_records(record("a", **first), record("b", "Embase", **second))
    assert evidence.is_duplicate, evidence.explain()


# --- different articles that look alike (the traps) ----------------------------------------------

DIFFERENT_ARTICLES = {
    "different DOIs": (dict(doi="10.1/abc"), dict(doi="10.1/abd")),
    "different PMIDs": (dict(pmid="1"), dict(pmid="2")),
    "an update years later": (dict(), dict(year=2023, pages="45-52", volume="52")),
    "part 1 and part 2": (
        dict(title="Falls prevention in care homes, part 1: design"),
        dict(title="Falls prevention in care homes, part 2: design", pages="130-136")),
    "an erratum to the article": (
        dict(), dict(title="Erratum: Exercise programmes to prevent falls in care homes: a randomised "
                           "controlled trial", pages="1450")),
    "the protocol of the trial": (
        dict(), dict(title="Exercise programmes to prevent falls in care homes: protocol for a randomised "
                           "controlled trial", year=2018, pages="77-80", volume="47")),
    "same title by other authors in another journal": (
        dict(title="Falls in older people"),
        dict(title="Falls in older people", authors=["Jones K"], pages="501-503", volume="12")),
    "a comment on the article": (
        dict(), dict(publication_types=["Comment"], pages="200")),
}


@pytest.mark.parametrize("first, second", DIFFERENT_ARTICLES.values(), ids=DIFFERENT_ARTICLES.keys())
def test_records_of_different_articles_are_kept_apart(first, second):
    evidence = compare_records(record("a", **first), record("b", "Embase", **second))
    assert not evidence.is_duplicate, evidence.explain()


def test_evidence_says_which_rule_decided_and_why():
    evidence = compare_records(record("a", doi="10.1/X"), record("b", doi="doi:10.1/x"))
    assert (evidence.rule, evidence.score) == ("DOI", 1.0)
    assert "same DOI 10.1/x" in evidence.reasons
    fuzzy = compare_records(record("a"), record("b", authors=["Smith, John"], pages="123-9"))
    assert fuzzy.rule == "title, year, author, pages"
    assert any("same first author" in r for r in fuzzy.reasons)
    assert any("same first page" in r for r in fuzzy.reasons)


def test_a_stricter_threshold_keeps_apart_what_a_looser_one_merges():
    near = (record("a"), record("b", title=BASE["title"].replace("care homes", "nursing homes"),
                                 year=2020))
    loose = compare_records(*near, threshold=0.8)
    strict = compare_records(*near, threshold=0.99)
    assert loose.is_duplicate and not strict.is_duplicate
    assert loose.score == pytest.approx(strict.score)


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5, "high", None])
def test_a_threshold_outside_zero_to_one_is_refused(threshold):
    with pytest.raises(ReportError, match="threshold") as caught:
        deduplicate([record("a")], threshold=threshold)
    assert isinstance(caught.value, SearchCraftError) and caught.value.hint


# --- the whole result --------------------------------------------------------------------------

def _search_results() -> list[Record]:
    return [
        record("pm1", doi="10.1/falls"),
        record("pm2", title="Vitamin D and hip fracture in older women", authors=["Lee K"], year=2017,
               pages="10-19", volume="3", doi="10.1/vitd"),
        record("pm3", title="Hand hygiene audit in paediatric wards", authors=["Ng A"], year=2021,
               pages="5-9", volume="7"),
        record("em1", "Embase", doi="HTTPS://DOI.ORG/10.1/FALLS", title=BASE["title"].upper()),
        record("em2", "Embase", title="Hand hygiene audit in pediatric wards.", authors=["Ng, Anna"],
               year=2021, pages="5-9", volume="7", abstract="An abstract makes this the fuller record."),
        record("em3", "Embase", title="Telehealth for heart failure", authors=["Ode B"], year=2020,
               pages="1-8", volume="9"),
        record("ci1", "CINAHL", title="Exercise programs to prevent falls in care homes: a randomized "
               "controlled trial", authors=["Smith, J."], pages="123-9"),
    ]


def test_deduplication_counts_before_and_after_and_per_source():
    result = deduplicate(_search_results())
    assert (result.before, result.after, result.removed) == (7, 4, 3)
    assert set(result.id_groups()) == {frozenset({"em2", "pm3"}), frozenset({"ci1", "em1", "pm1"})}
    pubmed, embase, cinahl = (result.per_source[s] for s in ("PubMed", "Embase", "CINAHL"))
    assert (pubmed.identified, embase.identified, cinahl.identified) == (3, 3, 1)
    assert (pubmed.unique, embase.unique, cinahl.unique) == (1, 1, 0)
    assert sum(c.kept for c in result.per_source.values()) == result.after


def test_each_group_keeps_the_most_complete_record_and_lists_the_merged_ones_with_evidence():
    result = deduplicate(_search_results())
    hygiene = next(g for g in result.groups if "pm3" in g.ids)
    assert hygiene.kept.id == "em2"                       # it has an abstract
    assert [r.id for r in hygiene.merged] == ["pm3"]
    assert hygiene.evidence and all(e.is_duplicate for e in hygiene.evidence)
    rows = result.to_table()
    assert {row["rule"] for row in rows} >= {"DOI"}
    assert all(row["kept"] in {"pm1", "em1", "ci1", "em2"} for row in rows)


def test_kept_records_stay_in_the_order_they_were_found():
    result = deduplicate(_search_results())
    ids = [r.id for r in result.records]
    positions = [next(i for i, r in enumerate(_search_results()) if r.id == id_) for id_ in ids]
    assert positions == sorted(positions)


def test_records_given_as_dicts_are_read_as_records():
    result = deduplicate([{"id": "1", "title": "A study of falls in care homes", "doi": "10.1/a"},
                          {"id": "2", "title": "Another title", "doi": "10.1/A"}])
    assert result.after == 1


def test_the_summary_gives_the_prisma_figures_in_words():
    summary = deduplicate(_search_results()).summary()
    assert "7 records" in summary and "3 duplicates removed" in summary and "4 unique" in summary


def test_deduplication_feeds_the_identification_boxes_of_the_flow_diagram():
    counts = FlowCounts.from_deduplication(deduplicate(_search_results()))
    assert counts.databases == {"PubMed": 3, "Embase": 3, "CINAHL": 1}
    assert (counts.duplicates_removed, counts.screened) == (3, 4)


def test_detection_is_scored_over_pairs_of_records():
    score = score_detection(found=[{"a", "b", "c"}], truth=[{"a", "b"}, {"d", "e"}])
    assert (score.true_pairs, score.found_pairs, score.correct_pairs) == (2, 3, 1)
    assert score.recall == 0.5 and score.precision == pytest.approx(1 / 3)


def test_a_record_without_a_doi_cannot_chain_two_records_with_different_dois():
    # b matches a and c by title, but a and c carry different DOIs: they are different articles
    a = record("a", doi="10.1/first")
    b = record("b", "Embase")
    c = record("c", "CINAHL", doi="10.1/second")
    result = deduplicate([a, b, c])
    assert result.after == 2
    assert all(not ({"a", "c"} <= ids) for ids in result.id_groups())


_titles = st.sampled_from([BASE["title"], BASE["title"].upper(), "Vitamin D and hip fracture",
                           "Vitamin D and hip fractures", "Hand hygiene audit", "Falls in older people"])
_records = st.builds(
    lambda n, title, year, author, pages, doi, source: Record(
        str(n), title=title, year=year, authors=[author], pages=pages, doi=doi, source=source),
    st.integers(), _titles, st.sampled_from([2018, 2019, 2021]),
    st.sampled_from(["Smith J", "Smith, John", "Jones K"]), st.sampled_from(["123-9", "123-129", "5-9", ""]),
    st.sampled_from(["", "10.1/a", "10.1/A", "10.1/b"]), st.sampled_from(["PubMed", "Embase"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_records, max_size=12))
def test_every_record_is_either_kept_or_merged_into_exactly_one_kept_record(records):
    for i, r in enumerate(records):
        r.id = f"r{i}"
    result = deduplicate(records)
    kept = [r.id for r in result.records]
    merged = [r.id for g in result.groups for r in g.merged]
    assert sorted(kept + merged) == sorted(r.id for r in records)
    assert result.after + result.removed == result.before == len(records)
    assert sum(c.identified for c in result.per_source.values()) == len(records)
    for group in result.groups:      # no group ever holds two different DOIs
        dois = {r.doi.lower() for r in group.records if r.doi}
        assert len(dois) <= 1


def test_a_deduplication_shows_its_figures_not_its_records():
    assert repr(deduplicate(_search_results())) == \
        "Deduplication(before=7, after=4, removed=3, groups=2, threshold=0.9)"
