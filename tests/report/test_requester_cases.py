"""The three requester cases, from the strategy to the summary handed back, marked for what each
requester asked for: a ward manager's and a commissioner's evidence reviews (review searches) and a
GP trainee's quick clinical answer (at most 50 results to read)."""

from __future__ import annotations

import pytest

from searchcraft.practice import PracticeDatabase, SearchHistory
from searchcraft.report import CaseError, SearchSummary, deduplicate, mark_summary, requester_case

DIABETES = ('"Diabetes Mellitus, Type 2"[mh] OR "type 2 diabetes"[tiab] OR T2DM[tiab] '
            'OR "non-insulin-dependent diabetes"[tiab] OR "adult-onset diabetes"[tiab]')
APPS = ('"Mobile Applications"[mh] OR "Smartphone"[mh] OR app[tiab] OR apps[tiab] OR "mobile application"[tiab] '
        'OR "smartphone application"[tiab] OR mhealth[tiab] OR "mobile health"[tiab]')
VIDEO = ('"Videoconferencing"[mh] OR "video consultations"[tiab] OR "video consultation"[tiab] '
         'OR "video consulting"[tiab] OR videoconferencing[tiab] OR "video visits"[tiab] OR "video calls"[tiab]')

# For each case: a strong strategy, a precise-but-narrow one and a broad-but-sensitive one.
STRATEGIES = {
    "ward-manager": {
        "strong": ['"Accidental Falls"[mh] OR falls[tiab] OR fall[tiab] OR falling[tiab] OR fallers[tiab]',
                   '"Exercise"[mh] OR "Exercise Therapy"[mh] OR "Tai Ji"[mh] OR exercise*[tiab] OR "tai chi"[tiab] '
                   'OR taiji[tiab] OR "balance training"[tiab] OR "resistance training"[tiab]',
                   "#1 AND #2"],
        "narrow": ["falls[ti]", '"tai chi"[ti]', "#1 AND #2"],
        "broad": ['"Accidental Falls"[mh] OR fall*[tiab]',
                  '"Exercise"[mh] OR "Exercise Therapy"[mh] OR "Tai Ji"[mh] OR exercise*[tiab] OR "tai chi"[tiab] '
                  'OR taiji[tiab] OR balance[tiab] OR strength*[tiab] OR training[tiab]',
                  "#1 AND #2"],
    },
    "gp-trainee": {
        "strong": [DIABETES, APPS, "#1 AND #2 AND 2020:2026[dp] NOT (letter[pt] OR editorial[pt] OR comment[pt])"],
        "narrow": ['"type 2 diabetes"[tiab]', "app[tiab]", "#1 AND #2 AND 2020:2026[dp]"],
        "broad": [DIABETES, APPS, "#1 AND #2 AND 2020:2026[dp]"],
    },
    "commissioner": {
        "strong": [VIDEO],
        "narrow": ['"video consultations"[ti]'],
        "broad": ['video*[tiab] OR "Videoconferencing"[mh]'],
    },
}
LIMITS = {"ward-manager": "None: all years and languages, as agreed with the requester.",
          "gp-trainee": "Published 2020 onwards, agreed with the requester because older apps are no longer "
                        "available; letters, editorials and comments left out.",
          "commissioner": "None: all years, languages and study designs, as agreed."}


@pytest.fixture(scope="module")
def db():
    return PracticeDatabase.bundled()


def figures(db, lines):
    """What the summary must report: found (the last line), duplicates removed and sent."""
    history = SearchHistory(db)
    for line in lines:
        history.add(line)
    ids = history.result(len(lines)).ids
    removed = deduplicate(db.fetch(ids)).removed
    return len(ids), removed


def typed(case, lines, found, removed, **parts):
    """A summary as a learner types it in the text box, with any part replaced or left out."""
    text = {
        "Question": "Does the requester's intervention work, for the people she asked about?",
        "Sources": "- Practice database (MEDLINE-like); SearchCraft; 2026-12-03",
        "Strategy": "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)),
        "Limits": LIMITS[case.name],
        "Found": f"{found:,}", "Duplicates removed": str(removed), "Sent": f"{found - removed:,}",
        "Limitations": "Only one database was searched; records have not been screened or appraised.",
    }
    text.update(parts)
    return "\n".join(f"{heading}:\n{value}" if heading in ("Sources", "Strategy") else f"{heading}: {value}"
                     for heading, value in text.items() if value is not None)


def marked(db, name, kind, **parts):
    case = requester_case(name)
    lines = STRATEGIES[name][kind]
    found, removed = figures(db, lines)
    return case.mark(typed(case, lines, found, removed, **parts))


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_each_case_gives_a_strong_summary_full_marks(db, name):
    mark = marked(db, name, "strong")
    assert mark.recall >= 0.95
    assert mark.marks == mark.out_of, mark.feedback
    assert mark.comments == () and "every part" in mark.feedback


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_each_case_marks_broad_but_sensitive_above_precise_but_narrow(db, name):
    narrow, broad = marked(db, name, "narrow"), marked(db, name, "broad")
    assert broad.recall > narrow.recall
    assert broad.marks > narrow.marks, (broad.feedback, narrow.feedback)
    assert any("of the relevant records" in comment for comment in narrow.comments)


def test_the_gp_trainee_is_marked_as_a_quick_answer_not_a_review(db):
    """The sensitive search without the agreed limits finds every relevant record among 138 results:
    fine for a review, far more than a quick answer can read."""
    case = requester_case("gp-trainee")
    lines = [DIABETES, APPS, "#1 AND #2"]
    found, removed = figures(db, lines)
    summary = typed(case, lines, found, removed, Limits="None.")
    as_asked = case.mark(summary)
    review = mark_summary(SearchSummary.from_text(summary, requester=case.requester), case.gold,
                          purpose="systematic-review")
    assert as_asked.recall == review.recall == 1.0
    assert review.marks == review.out_of
    assert as_asked.marks <= as_asked.out_of - 2
    assert any("quick clinical answer" in comment and "up to 50 results" in comment for comment in as_asked.comments)


def test_the_commissioner_must_report_the_duplicates_deduplication_removes(db):
    lines = STRATEGIES["commissioner"]["strong"]
    found, removed = figures(db, lines)
    assert removed > 0  # the results come from two databases
    mark = requester_case("commissioner").mark(
        typed(requester_case("commissioner"), lines, found, 0))      # found = sent: adds up, but wrong
    assert mark.marks == mark.out_of - 1
    assert any(f"deduplicating the {found:,} records finds ({removed:,})" in c for c in mark.comments)


# --- each missing part loses marks, and the feedback says what is missing ------------------------

@pytest.mark.parametrize("part, lost, says", [
    ("Strategy", 3, "search strategy is missing"),        # the strategy's 2 marks and the counts' 1
    ("Sources", 1, "sources are missing"),
    ("Found", 1, "counts are missing (found)"),
    ("Sent", 1, "counts are missing (sent)"),
    ("Limitations", 0.5, "limitations are missing"),
    ("Limits", 0.5, "limits are missing"),
    ("Question", 1, "question is missing"),
])
def test_a_missing_part_loses_its_marks_and_is_named(db, part, lost, says):
    mark = marked(db, "gp-trainee", "strong", **{part: None})
    assert mark.marks == mark.out_of - lost, mark.feedback
    assert any(says in comment for comment in mark.comments), mark.comments


def test_parts_left_as_the_template_placeholders_count_as_missing(db):
    case = requester_case("commissioner")
    mark = case.mark(case.template())
    assert mark.marks == 0
    assert len(mark.comments) == 5
    text = SearchSummary.from_text(case.template(), requester=case.requester).text()
    assert "Search strategy:\n  (none given)" in text and case.requester in text


def test_limits_that_say_none_when_the_strategy_limits_lose_the_limits_mark(db):
    mark = marked(db, "gp-trainee", "strong", Limits="None")
    assert mark.marks == mark.out_of - 0.5
    assert any("limits by [dp], [pt]" in comment for comment in mark.comments), mark.comments


def test_a_typed_summary_reads_headings_numbers_and_separators_as_a_librarian_writes_them():
    summary = SearchSummary.from_text(
        "QUESTION: Do apps help adults with type 2 diabetes?\n"
        "Sources searched:\n* MEDLINE | Ovid | 3 December 2026 | 1946 to present\n"
        "Search strategy:\n1. falls[tiab]\n2) exercise[tiab]\n3 #1 AND #2\n"
        "Limits: none\nRecords found: 1,234\nDuplicates: 34\nRecords sent: 1,200\n"
        "Limitations: one database only,\nnot screened.\n", requester="GP trainee")
    assert summary.question == "Do apps help adults with type 2 diabetes?"
    assert summary.sources[0].platform == "Ovid" and summary.sources[0].coverage == "1946 to present"
    assert summary.lines() == ["#1 falls[tiab]", "#2 exercise[tiab]", "#3 #1 AND #2"]
    assert (summary.found, summary.duplicates_removed, summary.sent) == (1234, 34, 1200)
    assert summary.limitations == "one database only, not screened."
    assert summary.requester == "GP trainee"


def test_an_unknown_case_is_a_clear_error_naming_the_cases():
    with pytest.raises(CaseError) as caught:
        requester_case("practice nurse")
    assert "gp-trainee" in caught.value.hint


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_each_case_is_set_in_its_module_with_the_interview_the_builder_and_the_summary(name):
    import json

    from support import REPO

    case = requester_case(name)
    [page] = (REPO / "modules" / case.module).glob("*.ipynb")
    code = "\n".join("".join(cell["source"]) for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]
                     if cell["cell_type"] == "code")
    assert "QuestionFramer(" in code and "SearchBuilder(" in code
    assert "search_summary = " in code  # one text box on the live site: no code to edit
    if name != "ward-manager":
        assert f'requester_case("{name}")' in code
