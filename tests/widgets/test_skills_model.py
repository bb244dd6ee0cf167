"""SkillsProfileModel: the kit's framework, ratings 0-4, development needs, snapshots and radar data."""

from __future__ import annotations

import math

import pytest

from searchcraft.widgets.models.radar import radar_png
from searchcraft.widgets.models.skills import SkillsError, SkillsProfileModel, skills_framework


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


def test_radar_chart_is_a_png_and_its_alt_text_names_every_area():
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
