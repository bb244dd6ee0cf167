"""Team development needs analysis: reads SkillsProfile save files, aggregates without names,
finds team priorities and individual needs, and writes an accessible report atomically."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from searchcraft.errors import DataFileError
from searchcraft.widgets.models.skills import SkillsProfileModel, skills_framework
from searchcraft.widgets.models.state import SavedState
from searchcraft.widgets.models.team_profile import TeamProfile, TeamProfileError, read_profile_state

AREAS = [a.name for a in skills_framework().areas]

NS = {"s": "http://www.w3.org/2000/svg"}


def profile(**ratings: int) -> SkillsProfileModel:
    """A profile rated 3 everywhere except the areas given (by id, e.g. vocabulary=1)."""
    model = SkillsProfileModel()
    for area in AREAS:
        model.rate(area, 3)
    for area_id, level in ratings.items():
        model.rate(area_id, level)
    return model


def save(folder: Path, name: str, model: SkillsProfileModel) -> Path:
    """Save the way the SkillsProfile widget does (SaveSlot -> SavedState, kind 'SkillsProfile')."""
    path = folder / f"{name}.json"
    SavedState(path, kind="SkillsProfile").save(model.to_state())
    return path


@pytest.fixture
def team_folder(tmp_path) -> Path:
    # Subject headings weak for most; teaching weak for one person only; everything else at 3.
    save(tmp_path, "xanthe-oduya", profile(vocabulary=1, teaching=3))
    save(tmp_path, "bartholomew-quist", profile(vocabulary=2, teaching=1))
    save(tmp_path, "yusra-zelenko", profile(vocabulary=1, teaching=4, translation=2))
    save(tmp_path, "dmitri-vandersloot", profile(vocabulary=3, teaching=3, translation=2))
    return tmp_path


def test_median_spread_and_people_below_target_per_area(team_folder):
    team = TeamProfile.from_folder(team_folder)
    by_area = {s.area: s for s in team.skills()}
    headings = by_area["Subject headings"]           # ratings 1, 1, 2, 3
    assert (headings.median, headings.lowest, headings.highest) == (1.5, 1, 3)
    assert (headings.lower_quartile, headings.upper_quartile) == (1.0, 2.25)
    assert headings.target == 3 and headings.gap == 1.5 and headings.below_target == 3
    assert headings.spread == 2 and headings.share_below == 0.75
    translation = by_area["Translating searches"]     # ratings 2, 2, 3, 3
    assert translation.median == 2.5 and translation.below_target == 2
    assert [s.area for s in team.skills()] == AREAS
    assert team.people == 4


def test_priorities_are_areas_where_the_median_is_below_target_biggest_gap_first(team_folder):
    team = TeamProfile.from_folder(team_folder)
    assert [s.area for s in team.priorities()] == ["Subject headings", "Translating searches"]
    assert [s.area for s in team.priorities(1)] == ["Subject headings"]


def test_an_area_where_only_one_person_is_below_target_is_an_individual_need(team_folder):
    team = TeamProfile.from_folder(team_folder)
    individual = team.individual_needs()
    assert [s.area for s in individual] == ["Teaching information skills"]
    assert individual[0].kind_of_need == "individual need" and individual[0].below_target == 1


def test_ties_on_gap_are_broken_by_how_many_people_are_below_target():
    team = TeamProfile.from_states([profile(sources=2, references=1).to_state(),
                                    profile(sources=2, references=3).to_state(),
                                    profile(sources=2, references=2).to_state()])
    # Both medians are 2 (gap 1); three people are below in sources, two in references.
    assert [s.area for s in team.priorities()] == ["Choosing sources", "Managing references"]


def test_a_team_target_replaces_the_default_for_every_area_or_for_named_areas(team_folder):
    strict = TeamProfile.from_folder(team_folder, target=4)
    assert len(strict.priorities()) == len(AREAS)
    relaxed = TeamProfile.from_folder(team_folder, target={"Subject headings": 1, "translation": 2})
    assert [s.area for s in relaxed.priorities()] == []
    assert {s.area: s.target for s in relaxed.skills()}["Translating searches"] == 2


def test_fewer_than_three_profiles_are_refused_because_they_would_identify_people(tmp_path):
    paths = [save(tmp_path, "one", profile()), save(tmp_path, "two", profile(vocabulary=1))]
    with pytest.raises(TeamProfileError, match="at least 3 profiles; got 2") as raised:
        TeamProfile.from_files(paths)
    assert "individuals" in raised.value.hint
    assert isinstance(raised.value, DataFileError)


def test_no_name_or_file_order_reaches_the_analysis_or_the_report(team_folder, tmp_path):
    files = sorted(team_folder.glob("*.json"))
    forwards = TeamProfile.from_files(files)
    backwards = TeamProfile.from_files(reversed(files))
    assert forwards.table() == backwards.table()
    out = forwards.write_report(tmp_path / "report")
    everything = "".join(p.read_bytes().decode("utf-8", "replace") for p in out.values()) + forwards.summary()
    for name in ("xanthe", "oduya", "bartholomew", "quist", "yusra", "zelenko", "dmitri", "vandersloot"):
        assert name not in everything.lower()


def test_report_is_written_atomically_as_markdown_and_labelled_svg_with_png_on_request(team_folder, tmp_path):
    team = TeamProfile.from_folder(team_folder)
    paths = team.write_report(tmp_path / "new-folder", name="needs")
    assert set(paths) == {"svg", "markdown"}     # plain Python only: it works in the browser too
    svg = paths["svg"].read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.get("role") == "img"
    assert root.find(f"s:title[@id='{title_id}']", NS).text == "Team skills self-assessment"
    assert "Subject headings (median 1.5, target 3, 3 of 4 below)" in root.find(f"s:desc[@id='{desc_id}']", NS).text
    markdown = paths["markdown"].read_text(encoding="utf-8")
    alt = re.search(r"!\[(.+?)\]\(needs\.svg\)", markdown)
    assert alt and alt.group(1) == team.summary()
    assert "1. Subject headings: median 1.5 (range 1-3), target 3, 3 of 4 below target" in markdown
    assert "| Subject headings | 1.5 | 1-3 | 1-2.25 | 3 | +1.5 | 3 of 4 |" in markdown
    with_png = team.write_report(tmp_path / "new-folder", name="needs", png=True)
    assert with_png["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in paths["svg"].parent.iterdir() if p.name.endswith(".tmp")]


def test_chart_svg_shows_every_area_with_its_median_and_target_in_words(team_folder):
    team = TeamProfile.from_folder(team_folder)
    root = ET.fromstring(team.chart_svg())
    assert "width" not in root.attrib and root.get("viewBox").startswith("0 0 ")
    rows = root.findall(".//s:g[@class='team-row']", NS)
    assert [row.get("data-area") for row in rows] == [r["area"] for r in team.table()]   # priorities first
    for row, summary in zip(rows, team.table(), strict=True):
        words = " ".join(t.text for t in row.iter(f"{{{NS['s']}}}text"))
        assert summary["area"] in words and f"median {summary['median']:g}, target {summary['target']}" in words
        assert words.startswith("* ") == (summary["need"] == "team priority")
    legend = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "team-legend"]
    assert legend == ["Median", "Middle half of the team", "Range", "Target"]
    scale = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "team-scale"]
    assert scale[:2] == ["0", "Not yet"] and scale[-1] == "Leading"


def test_summary_names_priorities_individual_needs_and_areas_met(team_folder):
    summary = TeamProfile.from_folder(team_folder).summary()
    assert summary.startswith("Team skills self-assessment, 4 people, ratings 0 to 4.")
    assert "Team priorities, biggest gap first: Subject headings" in summary
    assert "Individual needs (median at target, some below): Teaching information skills (1 below)." in summary
    assert "Everyone at or above target: Framing questions" in summary


def test_another_widgets_save_file_is_a_clear_error_naming_the_file(tmp_path):
    other = tmp_path / "quiz.json"
    SavedState(other, kind="Quiz").save({"answers": {}})
    with pytest.raises(TeamProfileError, match="quiz.json is not a saved skills profile .it holds a 'Quiz' widget."):
        read_profile_state(other)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "could not be read as a saved skills profile"),
    ('["a list"]', "is not a saved skills profile"),
])
def test_unreadable_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TeamProfileError, match=message):
        read_profile_state(path)


def test_a_rating_out_of_range_in_a_file_is_a_clear_error(tmp_path):
    paths = [save(tmp_path, f"p{i}", profile()) for i in range(3)]
    document = json.loads(paths[0].read_text())
    document["state"]["ratings"]["Subject headings"] = 7
    paths[0].write_text(json.dumps(document))
    with pytest.raises(TeamProfileError, match="p0.json holds ratings that could not be read"):
        TeamProfile.from_files(paths)


def test_missing_folder_and_unknown_chart_format_are_clear_errors(team_folder, tmp_path):
    with pytest.raises(TeamProfileError, match="There is no folder"):
        TeamProfile.from_folder(tmp_path / "absent")
    with pytest.raises(TeamProfileError, match="Unknown chart format 'gif'"):
        TeamProfile.from_folder(team_folder).chart("gif")


def test_a_team_that_meets_every_target_has_no_priorities_and_says_so():
    team = TeamProfile.from_states([profile().to_state() for _ in range(3)])
    assert team.priorities() == [] and team.individual_needs() == []
    assert "The team's median meets the target in every area." in team.summary()
    assert "None: the median meets the target everywhere." in team.report_markdown()
