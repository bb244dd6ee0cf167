"""Searching two databases on the practice database (module 8): a strategy in Ovid MEDLINE notation and
one in CINAHL notation, each run as that platform's numbered history over the records that database
holds, each marked recall first, then combined with duplicates removed, showing what the second added.

Every figure here is computed from the built corpus and the strategies given: which records each
database holds comes from their journals, which the test reads from the records themselves."""

from __future__ import annotations

import pytest

from searchcraft.errors import QuerySyntaxError
from searchcraft.practice import PracticeDatabase
from searchcraft.practice.corpus import load_gold_set
from searchcraft.practice.platforms import (
    CINAHL_JOURNALS,
    CINAHL_ONLY,
    PLATFORMS,
    PlatformError,
    mark_two_databases,
    run_strategy,
    search_platform,
)

GOLD = "hand-hygiene-feedback"

# A strong strategy: every synonym and both headings, in each platform's notation.
STRONG = {
    "ovid": """Hand Hygiene/
(hand hygiene or handwashing or hand washing or hand decontamination or hand antisepsis or hand cleansing).ti,ab.
1 or 2
exp Feedback/
(feedback or compliance report$).ti,ab.
4 or 5
3 and 6""",
    "cinahl": """MH "Hand Hygiene"
TI ("hand hygiene" OR handwashing OR "hand washing" OR "hand decontamination" OR "hand antisepsis" OR "hand cleansing") OR AB ("hand hygiene" OR handwashing OR "hand washing" OR "hand decontamination" OR "hand antisepsis" OR "hand cleansing")
S1 OR S2
MH "Feedback+"
TI (feedback OR "compliance report*") OR AB (feedback OR "compliance report*")
S4 OR S5
S3 AND S6""",
}
# Precise but narrow: the two obvious phrases, in titles only, no headings.
NARROW = {
    "ovid": '"hand hygiene".ti.\nfeedback.ti.\n1 and 2',
    "cinahl": 'TI "hand hygiene"\nTI feedback\nS1 AND S2',
}
# Broad but sensitive: short stems and loose words in titles and abstracts, plus both headings.
BROAD = {
    "ovid": """exp Hand Hygiene/
(hand$ or hygiene or handwash$ or hands).ti,ab.
1 or 2
exp Feedback/
(feedback or audit$ or complian$ or monitor$ or report$).ti,ab.
4 or 5
3 and 6""",
    "cinahl": """MH "Hand Hygiene+"
TI (hand* OR hygiene OR handwash* OR hands) OR AB (hand* OR hygiene OR handwash* OR hands)
S1 OR S2
MH "Feedback+"
TI (feedback OR audit* OR complian* OR monitor* OR report*) OR AB (feedback OR audit* OR complian* OR monitor* OR report*)
S4 OR S5
S3 AND S6""",
}


@pytest.fixture(scope="module")
def db():
    return PracticeDatabase.bundled()


@pytest.fixture(scope="module")
def gold():
    return load_gold_set(GOLD)


@pytest.fixture(scope="module")
def journals(db, gold):
    """Each relevant record's journal, read from the record."""
    return {record.id: record.journal for record in db.fetch(sorted(gold.relevant))}


def test_each_database_holds_the_records_of_its_own_journals(db):
    medline, cinahl = PLATFORMS["ovid"].holds(db), PLATFORMS["cinahl"].holds(db)
    records = {r.id: r.journal for r in db.fetch(sorted(medline | cinahl))}
    assert len(records) == len(db)  # every practice record is in at least one database
    assert all(records[i] in CINAHL_JOURNALS for i in cinahl)
    assert not any(records[i] in CINAHL_ONLY for i in medline)
    assert medline & cinahl  # most journals are in both: the two overlap
    assert len(cinahl) < len(medline) < len(db)


@pytest.mark.parametrize("notation", ["ovid", "cinahl"])
def test_strong_strategy_finds_every_relevant_record_its_database_holds(notation, db, gold, journals):
    where = PLATFORMS[notation]
    search = search_platform(STRONG[notation], notation, GOLD)
    held = {i for i in gold.relevant if i in where.holds(db)}
    assert search.mark.evaluation.relevant == len(held)
    assert search.mark.recall == 1.0
    assert search.mark.marks == search.mark.out_of
    assert set(search.found) <= where.holds(db)
    # the history is in the platform's own notation, one numbered line per line typed
    labels = [label for label, _, _ in search.rows()]
    assert labels == ([str(n) for n in range(1, 8)] if notation == "ovid" else [f"S{n}" for n in range(1, 8)])
    assert search.rows()[-1][2] == search.count


@pytest.mark.parametrize("notation", ["ovid", "cinahl"])
def test_broad_but_sensitive_scores_higher_than_precise_but_narrow(notation):
    strong = search_platform(STRONG[notation], notation, GOLD).mark
    narrow = search_platform(NARROW[notation], notation, GOLD).mark
    broad = search_platform(BROAD[notation], notation, GOLD).mark
    assert narrow.precision > broad.precision  # the narrow one really is the more precise
    assert broad.evaluation.retrieved > strong.evaluation.retrieved > narrow.evaluation.retrieved
    assert broad.recall > narrow.recall
    assert broad.marks > narrow.marks
    assert strong.marks >= broad.marks


@pytest.mark.parametrize("notation", ["ovid", "cinahl"])
def test_narrow_feedback_names_each_missed_record_and_why_in_the_platforms_notation(notation, gold):
    mark = search_platform(NARROW[notation], notation, GOLD).mark
    assert mark.misses and all(miss.id in gold.relevant and miss.reasons for miss in mark.misses)
    text = mark.feedback
    assert "it carries the subject heading 'Hand Hygiene'" in text
    # the searches a learner is told to add are written as this platform writes them
    if notation == "ovid":
        assert ".ti,ab." in text and "[tiab]" not in text
        assert 'concept 1 ("hand hygiene".ti.)' in text
    else:
        assert "TI " in text and "AB " in text and "[tiab]" not in text
        assert 'concept 1 (TI "hand hygiene")' in text


def test_a_database_is_never_blamed_for_a_record_it_does_not_hold(db, journals):
    mark = search_platform(NARROW["cinahl"], "cinahl", GOLD).mark
    assert mark.misses
    assert all(journals[miss.id] in CINAHL_JOURNALS for miss in mark.misses)
    assert all(journals[i] in CINAHL_JOURNALS for i in mark.evaluation.missed)


def test_combined_search_removes_duplicates_and_shows_what_cinahl_added(db, gold, journals):
    two = mark_two_databases(STRONG["ovid"], STRONG["cinahl"], GOLD)
    medline, cinahl = set(two.first.found), set(two.second.found)
    assert set(two.duplicates) == medline & cinahl and two.duplicates
    assert two.combined.retrieved == len(medline | cinahl) == two.first.count + two.second.count - len(two.duplicates)
    # what CINAHL added that is relevant: exactly the relevant records in journals only CINAHL holds
    only_cinahl = {i for i, journal in journals.items() if journal in CINAHL_ONLY}
    assert only_cinahl and set(two.added_relevant) == only_cinahl
    assert two.combined.recall == 1.0 and two.marks == two.out_of
    text = two.feedback
    assert f"{len(two.duplicates):,} were found in both (duplicates removed)" in text
    assert f"{len(only_cinahl)} of them relevant" in text
    assert all(i in text for i in only_cinahl)
    assert "S7 S3 AND S6" in text and "7 3 and 6" in text


def test_combined_marks_follow_recall_narrow_against_broad():
    narrow = mark_two_databases(NARROW["ovid"], NARROW["cinahl"], GOLD)
    broad = mark_two_databases(BROAD["ovid"], BROAD["cinahl"], GOLD)
    assert broad.marks > narrow.marks
    # neither of the narrow searches found these, and each is explained by the database holding it
    assert narrow.misses
    for miss, where in narrow.misses:
        assert miss.reasons and where in {"MEDLINE", "CINAHL"}
    assert "Relevant records neither search found, and why:" in narrow.feedback


def test_medline_alone_cannot_reach_the_cinahl_only_records(gold, journals):
    medline = search_platform(STRONG["ovid"], "ovid", GOLD)
    only_cinahl = {i for i, journal in journals.items() if journal in CINAHL_ONLY}
    assert not set(medline.found) & only_cinahl
    assert len(medline.mark.evaluation.found) == len(gold.relevant) - len(only_cinahl)


def test_a_malformed_ovid_line_is_named_and_positioned_in_that_line():
    text = "Hand Hygiene/\n(hand adj3 (wash$ or clean$).ti,ab.\n1 or 2"
    with pytest.raises(QuerySyntaxError) as caught:
        run_strategy(text, "ovid")
    error = caught.value
    assert error.reason.startswith("Line 2: ")
    assert error.query == "(hand adj3 (wash$ or clean$).ti,ab."
    assert error.query[error.position] == "("


def test_a_malformed_cinahl_line_is_named_as_an_s_line_and_positioned():
    text = 'MH "Hand Hygiene"\nTI hand N3 hygiene)\nS1 OR S2'
    with pytest.raises(QuerySyntaxError) as caught:
        run_strategy(text, "cinahl")
    error = caught.value
    assert error.reason.startswith("S2: ")
    assert error.query == "TI hand N3 hygiene)"
    assert error.query[error.position] == ")"


def test_a_line_referring_to_a_later_line_is_refused_in_the_platforms_notation():
    with pytest.raises(QuerySyntaxError) as caught:
        run_strategy('MH "Hand Hygiene"\nS1 OR S3', "cinahl")
    assert caught.value.reason.startswith("S2: S3") and caught.value.query[caught.value.position:].startswith("S3")
    with pytest.raises(QuerySyntaxError) as caught:
        run_strategy("Hand Hygiene/\n1 or 3", "ovid")
    assert caught.value.reason.startswith("Line 2: line 3")


def test_numbered_lines_are_accepted_and_gaps_refused():
    history = run_strategy('S1 MH "Hand Hygiene" (542)\nS2 TI handwashing\nS3 S1 OR S2', "cinahl")
    assert [line.query for line in history.lines] == ['MH "Hand Hygiene"', "TI handwashing", "S1 OR S2"]
    with pytest.raises(PlatformError, match="numbered 1, 2, 4"):
        run_strategy("1 Hand Hygiene/\n2 handwashing.ti,ab.\n4 1 or 2", "ovid")
    with pytest.raises(PlatformError, match="no CINAHL"):
        run_strategy("  \n", "cinahl")
