"""SkillsProfileModel: the kit's framework, ratings 0-4, development needs, snapshots and radar data."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from searchcraft.widgets.models.radar import radar_png, radar_svg
from searchcraft.widgets.models.skills import SkillsError, SkillsProfileModel, skills_framework

NS = {"s": "http://www.w3.org/2000/svg"}


def test_framework_has_eight_to_twelve_areas_each_described_at_every_level():
    framework = skills_framework()
    assert 8 <= len(framework.areas) <= 12
    assert sorted(framework.level_names) == [0, 1, 2, 3, 4]
    for area in framework.areas:
        assert sorted(area.levels) == [0, 1, 2, 3, 4], area.name
        assert len(set(area.levels.values())) == 5, area.name
    assert len({a.id for a in framework.areas}) == len(framework.areas)


def test_development_needs_are_the_biggest_gaps_to_target_first():
    profile = SkillsProfileModel()
    for area in profile.area_names:
        profile.rate(area, 3)
    profile.rate("Subject headings", 1)
    profile.rate("Translating searches", 2)
    profile.set_target("Teaching information skills", 4)
    needs = profile.development_needs(5)
    assert [(n.area, n.gap) for n in needs] == [
        ("Subject headings", 2), ("Translating searches", 1), ("Teaching information skills", 1)]


def test_no_needs_when_every_target_is_met():
    profile = SkillsProfileModel()
    profile.set_target(None, 0)
    assert profile.development_needs() == []


def test_lowest_ratings_are_listed_lowest_first():
    profile = SkillsProfileModel()
    for i, area in enumerate(profile.area_names):
        profile.rate(area, 4 - i % 5)
    assert [level for _, level in profile.lowest(3)] == [0, 0, 1]


@pytest.mark.parametrize("level", [-1, 5, 2.5, "3", True])
def test_ratings_must_be_whole_numbers_from_0_to_4(level):
    with pytest.raises(SkillsError):
        SkillsProfileModel().rate("Subject headings", level)


def test_unknown_area_lists_the_real_ones():
    with pytest.raises(SkillsError, match="Unknown skills area") as caught:
        SkillsProfileModel().rate("Juggling", 2)
    assert "Subject headings" in caught.value.hint


def test_snapshots_compare_over_time():
    profile = SkillsProfileModel()
    profile.rate("Subject headings", 1)
    profile.take_snapshot("2026-01-10")
    profile.rate("Subject headings", 3)
    profile.take_snapshot("2026-06-10")
    profile.rate("Subject headings", 4)
    changes = {c.area: c.change for c in profile.compare("2026-01-10", "2026-06-10")}
    assert changes["Subject headings"] == 2 and changes["Framing questions"] == 0
    assert {c.area: c.after for c in profile.compare("2026-01-10")}["Subject headings"] == 4
    assert profile.snapshot_dates() == ["2026-01-10", "2026-06-10"]
    with pytest.raises(SkillsError, match="no snapshot dated 2025-01-01"):
        profile.compare("2025-01-01")


def test_radar_data_is_a_closed_polygon_one_spoke_per_area():
    profile = SkillsProfileModel()
    profile.rate("Framing questions", 4)
    data = profile.radar_data()
    n = len(profile.area_names)
    assert len(data.angles) == len(data.values) == n + 1
    assert data.values[0] == data.values[-1] == 4
    assert data.angles[-1] == data.angles[0] == 0
    assert data.angles[1] == pytest.approx(2 * math.pi / n)


def test_radar_svg_names_every_area_with_its_rating_and_target_and_is_described():
    profile = SkillsProfileModel()
    profile.rate("Subject headings", 2)
    profile.take_snapshot("2026-01-10")
    profile.rate("Subject headings", 3)
    profile.set_target("Choosing sources", 4)
    root = ET.fromstring(radar_svg(profile, compare_with="2026-01-10"))
    assert root.get("role") == "img" and "width" not in root.attrib and root.get("viewBox")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert "compared with 2026-01-10" in root.find(f"s:title[@id='{title_id}']", NS).text
    desc = root.find(f"s:desc[@id='{desc_id}']", NS).text
    assert desc.startswith(profile.summary()) and "2026-01-10" in desc
    labels = " ".join(t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "radar-area")
    for area in profile.area_names:
        assert all(word in labels for word in area.split())
    assert "now 3, target 3" in labels and "now 0, target 4" in labels
    legend = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "radar-legend"]
    assert legend == ["Now", "Target", "2026-01-10"]
    polygons = root.findall("s:polygon", NS)
    assert len(polygons) == 4 + 3        # four level rings; target, snapshot and current ratings


def test_radar_points_sit_at_the_rating_on_their_spoke():
    profile = SkillsProfileModel()
    first = profile.area_names[0]
    profile.rate(first, 4)
    root = ET.fromstring(radar_svg(profile))
    now = root.findall("s:polygon", NS)[-1].get("points").split()
    rings = root.findall("s:polygon", NS)
    outer = rings[3].get("points").split()       # the level-4 ring
    assert now[0] == outer[0]                    # rated 4: the point is on the outer ring
    centre = now[1]                              # rated 0: the point is at the centre
    assert all(point == centre for point in now[1:])


def test_radar_png_for_reports_is_a_png():
    profile = SkillsProfileModel()
    profile.take_snapshot("2026-01-10")
    png = radar_png(profile, compare_with="2026-01-10")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    summary = profile.summary()
    assert all(area in summary for area in profile.area_names)
    assert "Biggest gaps to target" in summary


def test_state_round_trips():
    profile = SkillsProfileModel()
    profile.rate("Subject headings", 2)
    profile.set_target("Subject headings", 4)
    profile.take_snapshot("2026-02-02")
    assert SkillsProfileModel.from_state(profile.to_state()).to_state() == profile.to_state()
