"""VennModel: Boolean operators as sets, applied left to right as PubMed does."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from searchcraft.widgets.models.venn import VennError, VennModel, venn_svg

FALLS = {"R1", "R2", "R3", "R4"}
EXERCISE = {"R3", "R4", "R5", "R6"}
OLDER = {"R2", "R4", "R7"}


@pytest.mark.parametrize("operator, expected", [
    ("AND", FALLS & EXERCISE), ("OR", FALLS | EXERCISE), ("NOT", FALLS - EXERCISE),
])
def test_each_operator_keeps_the_records_set_logic_says(operator, expected):
    model = VennModel({"falls": FALLS, "exercise": EXERCISE})
    model.set_operators([operator])
    assert model.result() == expected


def test_three_sets_combine_left_to_right():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE, "older": OLDER})
    model.set_operators(["OR", "AND"])
    assert model.result() == (FALLS | EXERCISE) & OLDER
    assert model.expression() == "(falls OR exercise) AND older"


def test_regions_partition_every_record_once():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE, "older": OLDER})
    regions = model.regions()
    assert len(regions) == 7
    seen = [i for region in regions for i in region.ids]
    assert sorted(seen) == sorted(FALLS | EXERCISE | OLDER)


def test_not_reports_only_what_the_not_step_removed():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE, "older": OLDER})
    model.set_operators(["AND", "NOT"])
    assert model.lost_by_not() == (FALLS & EXERCISE) & OLDER
    assert "NOT removed 1 record(s)" in model.summary()


def test_summary_without_not_says_nothing_was_lost():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE})
    assert model.summary() == "falls AND exercise finds 2 records."


@pytest.mark.parametrize("sets", [{"a": {"1"}}, {c: {"1"} for c in "abcd"}])
def test_only_two_or_three_sets_can_be_drawn(sets):
    with pytest.raises(VennError):
        VennModel(sets)


def test_operators_are_checked():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE})
    with pytest.raises(VennError, match="Unknown operator"):
        model.set_operators(["XOR"])
    with pytest.raises(VennError, match="need 1 operator"):
        model.set_operators(["AND", "OR"])


def test_svg_is_valid_labelled_and_shades_one_mask_per_selected_region():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE, "older": OLDER})
    model.set_operators(["OR", "AND"])
    svg = venn_svg(model)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    assert root.find("s:title", ns).text == model.summary()
    selected = sum(1 for region in model.regions() if region.selected)
    assert len(root.findall("s:defs/s:mask", ns)) == selected


def test_two_diagrams_on_one_page_do_not_share_element_ids():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE})
    ids = [{e.get("id") for e in ET.fromstring(venn_svg(model)).iter() if e.get("id")} for _ in range(2)]
    assert ids[0] and not ids[0] & ids[1]


def test_models_do_not_import_ipywidgets():
    import subprocess
    import sys

    code = "import sys, searchcraft.widgets.models; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
