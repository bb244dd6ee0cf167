"""Module 8's two-database exercise on the published site, in Chromium with Python on Pyodide: the
learner types a line-by-line strategy for each platform into the TwoDatabaseSearch boxes, sees a
malformed line named and positioned, runs both and gets them marked together; the worked example's
strategies are offered in multi-line boxes. Expected figures come from the same code run in CPython."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "practice"))
from test_live_site import context, live_site, open_live  # noqa: E402, F401  (fixtures and helper shared)
from test_two_databases import STRONG  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

PAGE = "modules/search-08-multiple-databases/multiple-databases.html"


def test_two_database_exercise_runs_each_platform_and_marks_them_together_live(context, site_url):  # noqa: F811
    from searchcraft.practice.platforms import mark_two_databases

    expected = mark_two_databases(STRONG["ovid"], STRONG["cinahl"], "hand-hygiene-feedback")
    page = open_live(context, site_url, PAGE)
    widget = page.locator(".sc-live-widget").filter(has_text="Mark both and combine").first
    ovid = widget.get_by_label("Ovid MEDLINE strategy:")
    cinahl = widget.get_by_label("CINAHL (EBSCOhost) strategy:")

    ovid.fill("Hand Hygiene/\n(hand adj3 wash$.ti,ab.\n1 or 2")
    widget.get_by_role("button", name="Run in Ovid MEDLINE").click()
    widget.get_by_text("Line 2: Unbalanced bracket").wait_for(timeout=30_000)
    assert "(hand adj3 wash$.ti,ab.\n^" in widget.inner_text()
    assert ovid.input_value() == "Hand Hygiene/\n(hand adj3 wash$.ti,ab.\n1 or 2"   # nothing lost

    ovid.fill(STRONG["ovid"])
    cinahl.fill(STRONG["cinahl"])
    widget.get_by_role("button", name="Run in CINAHL (EBSCOhost)").click()
    widget.get_by_text(f"{expected.second.count:,} results from the last line").wait_for(timeout=30_000)
    assert "S7" in widget.inner_text()
    widget.get_by_role("button", name="Mark both and combine").click()
    widget.get_by_text("Together, with duplicates removed:").wait_for(timeout=60_000)
    shown = widget.inner_text()
    for line in expected.together():
        assert line in shown
    assert "Marks: 4 out of 4." in shown

    # the worked example's CINAHL strategy is a text box with a row for each line
    box = page.get_by_label(re.compile("Your version of cinahl strategy"))
    assert box.input_value().count("\n") == 6
    assert int(box.get_attribute("rows")) >= 7
    context.recorder.assert_clean()
