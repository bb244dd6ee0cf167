"""The requester cases work on the published site with no code to edit: Python starts in the page,
the question framer and the search builder are live, and the summary typed in its text box is
marked there as the kernel marks it. Expected figures come from the same searchcraft code run here."""

from __future__ import annotations

import re

import pytest
from course.test_live_site import context, live_site, open_live  # noqa: F401  (fixtures shared with the live-site tests)

from searchcraft.practice import PracticeDatabase
from searchcraft.practice.corpus import load_gold_set
from searchcraft.report import SearchSummary, requester_case

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

GP_PAGE = "modules/search-07-limits-filters/limits-and-filters.html"


def test_the_gp_trainee_case_is_done_and_marked_in_the_browser(context, site_url):  # noqa: F811
    case = requester_case("gp-trainee")
    strategy = load_gold_set(case.gold).reference_strategy
    found = PracticeDatabase.bundled().count(strategy)
    summary = (f"Question: {load_gold_set(case.gold).question}\n"
               "Sources:\n- Practice database (MEDLINE-like); SearchCraft; 2026-12-03\n"
               f"Strategy:\n1 {strategy}\n"
               "Limits: 2020 onwards, agreed with the requester; letters, editorials and comments left out.\n"
               f"Found: {found}\nDuplicates removed: 0\nSent: {found}\n"
               "Limitations: One database only; the records have not been screened or appraised.\n")
    expected = case.mark(SearchSummary.from_text(summary, requester=case.requester))
    assert expected.marks == expected.out_of

    page = open_live(context, site_url, GP_PAGE)
    # The search builder of the case is live: a line gets its count as it is typed.
    builder = page.locator(".sc-live-widget").filter(has_text="marked as a quick clinical answer").first
    builder.get_by_label("Search line:").fill(strategy)
    builder.get_by_text(f"would find {found:,} record").wait_for(timeout=20_000)
    # The question framer is live too.
    framer = page.locator(".sc-live-widget").filter(has_text="Make concept table").first
    framer.get_by_role("button", name="Make concept table").click()
    framer.get_by_text("Fill in at least one searchable element").wait_for(timeout=10_000)
    # The summary: one text box, then the marking as the kernel gives it.
    box = page.get_by_label(re.compile("Your version of search summary"))
    box.fill(summary)
    box.locator("xpath=..").get_by_role("button", name="Run with my version").click()
    output = page.locator(".sc-live-output").filter(has_text="Marks: 6 out of 6").last
    output.wait_for(timeout=30_000)
    assert f"Results: {found} found, 0 duplicates removed, {found} sent." in output.inner_text()
    context.recorder.assert_clean()


def test_the_commissioner_case_deduplicates_and_marks_in_the_browser(context, site_url):  # noqa: F811
    from searchcraft.report import deduplicate

    case = requester_case("commissioner")
    gold = load_gold_set(case.gold)
    db = PracticeDatabase.bundled()
    result = db.search(gold.reference_strategy)
    removed = deduplicate(db.fetch(result.ids)).removed
    found, sent = result.count, result.count - removed
    summary = (f"Question: {gold.question}\n"
               "Sources:\n- Practice database (MEDLINE-like and Embase-like records); SearchCraft; 2026-12-03\n"
               f"Strategy:\n1 {gold.reference_strategy}\nLimits: None, as agreed with the requester.\n"
               f"Found: {found}\nDuplicates removed: {removed}\nSent: {sent}\n"
               "Limitations: One database only, no grey literature; the records have not been screened.\n")
    assert case.mark(summary).marks == 6

    page = open_live(context, site_url, "modules/search-09-managing-results/managing-results.html")
    results = page.get_by_label(re.compile("Your version of final search"))
    results.fill(gold.reference_strategy)
    results.locator("xpath=..").get_by_role("button", name="Run with my version").click()
    page.locator(".sc-live-output").filter(
        has_text=f"Found {found}, duplicates removed {removed}, sent {sent}").last.wait_for(timeout=30_000)
    box = page.get_by_label(re.compile("Your version of search summary"))
    box.fill(summary)
    box.locator("xpath=..").get_by_role("button", name="Run with my version").click()
    page.locator(".sc-live-output").filter(has_text="Marks: 6 out of 6").last.wait_for(timeout=30_000)
    context.recorder.assert_clean()
