"""SelfAssessment: six outcomes rated 0-4 with evidence, completeness checked, profile and development plan."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.quality import LEVELS, OUTCOMES, QualityError, SelfAssessment


def complete() -> SelfAssessment:
    sa = SelfAssessment(service="Riverside Hospital library", assessed_on="2026-03-01")
    levels = {1: (2, 3), 2: (3, 3), 3: (1, 3), 4: (3, 3), 5: (2, 2), 6: (1, 2)}
    for n, (level, target) in levels.items():
        evidence = [f"evidence {i} for outcome {n}" for i in range(max(level, 1))] if level else []
        sa.rate(n, level, evidence=evidence, target=target)
    sa.add_action(1, "Present the impact report to the executive team", owner="Library manager", due="2026-09-30")
    sa.add_action(3, "Run a knowledge needs survey with each directorate", owner="Outreach librarian", due="2026-06-30")
    sa.add_action(3, "Agree service priorities with the medical director", owner="Library manager", due="2026-05-15")
    sa.add_action(6, "Send the impact questionnaire after every search", owner="Clinical librarian", due="2026-04-30")
    return sa


def test_six_outcomes_and_five_levels_from_0_to_4():
    assert sorted(OUTCOMES) == [1, 2, 3, 4, 5, 6]
    assert sorted(LEVELS) == [0, 1, 2, 3, 4]


def test_a_new_assessment_asks_for_every_level_and_the_service():
    messages = [str(f) for f in SelfAssessment(assessed_on="2026-03-01").check()]
    assert len(messages) == 7 and messages[0].startswith("Assessment")
    assert all("no level chosen" in m for m in messages[1:])


def test_a_level_needs_evidence_and_a_higher_target_needs_an_action():
    sa = complete()
    sa.rate(2, 3, evidence=["only one piece"], target=3)
    sa.rate(5, 1, evidence=[], target=3)
    messages = [str(f) for f in sa.check()]
    assert any(m.startswith("Outcome 2") and "cumulative" in m for m in messages)
    assert any(m.startswith("Outcome 5") and "needs evidence" in m for m in messages)
    assert any(m.startswith("Outcome 5") and "at least one action" in m for m in messages)


def test_a_target_below_the_level_and_an_action_already_due_are_caught():
    sa = complete()
    sa.rate(4, 3, evidence=["a", "b"], target=2)
    sa.add_action(6, "Publish the annual report on the intranet", owner="Library manager", due="2026-02-01")
    messages = " ".join(map(str, sa.check()))
    assert "below the current level" in messages and "due on or before" in messages


def test_bad_levels_outcomes_and_dates_are_refused_with_a_hint():
    sa = SelfAssessment(assessed_on="2026-03-01")
    with pytest.raises(QualityError, match="0 to 4"):
        sa.rate(1, 5)
    with pytest.raises(QualityError, match="outcomes 1 to 6"):
        sa.rate(7, 1)
    with pytest.raises(QualityError, match="YYYY-MM-DD"):
        sa.add_action(1, "Write the strategy for next year", owner="Manager", due="30/09/2026")
    with pytest.raises(QualityError, match="owner"):
        sa.add_action(1, "Write the strategy for next year", owner=" ", due="2026-09-30")


def test_profile_priorities_and_strengths_follow_the_levels():
    sa = complete()
    assert sa.check() == []
    assert sa.profile() == {1: 2, 2: 3, 3: 1, 4: 3, 5: 2, 6: 1}
    # gaps: outcome 3 is 2 levels short; 1 and 6 are 1 short (6 is lower, so first)
    assert sa.priorities() == [3, 6, 1]
    assert sa.strengths() == [2, 4]
    assert "[#...] level 1, target 3" in sa.profile_text().splitlines()[2]


def test_the_development_plan_lists_actions_by_priority_and_date():
    plan = complete().development_plan()
    assert plan.startswith("# Development plan: Riverside Hospital library")
    assert plan.index("### Outcome 3") < plan.index("### Outcome 6") < plan.index("### Outcome 1")
    section = plan[plan.index("### Outcome 3"):plan.index("### Outcome 6")]
    assert section.index("2026-05-15") < section.index("2026-06-30")
    assert "| 5. Evidence-based improvement | 2 | 2 |" in plan


def test_no_plan_until_the_assessment_is_complete():
    sa = complete()
    sa.ratings[2].level = None
    with pytest.raises(QualityError, match="Outcome 2"):
        sa.development_plan()
    with pytest.raises(QualityError):
        sa.development_plan_html()


def test_html_plan_has_captioned_tables_and_escapes_text():
    sa = complete()
    sa.service = "Library <Riverside>"
    html = sa.development_plan_html()
    assert html.count("<caption>") == 4 and "&lt;Riverside&gt;" in html


def test_state_round_trips():
    sa = complete()
    again = SelfAssessment.from_state(sa.to_state())
    assert again.to_state() == sa.to_state()
    assert again.development_plan() == sa.development_plan()


def test_the_radar_chart_puts_each_level_on_its_spoke_and_says_it_in_words():
    import math
    import xml.etree.ElementTree as ET

    svg = complete().profile_svg(size=360)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    desc = root.find("s:desc", ns).text
    assert "outcome 3 Needs identified, services designed: level 1, target 3" in desc
    polygons = root.findall("s:polygon", ns)
    assert len(polygons) == 4 + 2                     # four rings, then the target and the levels
    now = [tuple(map(float, p.split(","))) for p in polygons[-1].get("points").split()]
    centre, radius = 180, 180 - 70
    distances = [round(math.dist(point, (centre, centre)) / radius * 4, 1) for point in now]
    assert distances == [2, 3, 1, 3, 2, 1]
    assert now[0][0] == centre and now[0][1] < centre  # outcome 1 straight up
    assert len(root.findall("s:text", ns)) == 6


def test_two_charts_on_one_page_do_not_share_ids():
    import re

    first, second = complete().profile_svg(), complete().profile_svg()
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == 4 and len(set(ids)) == 4
