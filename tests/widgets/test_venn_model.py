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


SVG = "{http://www.w3.org/2000/svg}"


def _counts(svg: str) -> dict[str, int]:
    return {t.get("data-region"): int(t.text) for t in ET.fromstring(svg).iter(f"{SVG}text")
            if t.get("class") == "venn-count"}


def test_svg_writes_the_count_of_every_region_for_the_sets_given():
    svg = venn_svg(VennModel({"falls": FALLS, "exercise": EXERCISE, "older": OLDER}))
    # worked out by hand from the sets above: R1 only falls; R2 falls+older; R3 falls+exercise;
    # R4 all three; R5, R6 only exercise; R7 only older
    assert _counts(svg) == {"100": 1, "010": 2, "001": 1, "110": 1, "101": 1, "011": 0, "111": 1}
    two = venn_svg(VennModel({"falls": FALLS, "exercise": EXERCISE}))
    assert _counts(two) == {"10": 2, "11": 2, "01": 2}


def test_svg_is_described_region_by_region_and_named_by_what_the_search_finds():
    model = VennModel({"falls": FALLS, "exercise": EXERCISE})
    model.set_operators(["NOT"])
    root = ET.fromstring(venn_svg(model))
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title[@id='{title_id}']").text == model.summary()
    assert "falls NOT exercise finds 2 records" in model.summary()
    desc = root.find(f"{SVG}desc[@id='{desc_id}']").text
    assert "only falls: 2 records, kept" in desc
    assert "falls and exercise: 2 records, not kept" in desc
    assert "only exercise: 2 records, not kept" in desc
    names = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert names == ["falls", "exercise"]


def test_svg_scales_to_its_container_and_keeps_long_names_inside_the_drawing():
    from searchcraft.charts import text_width

    long_name = '"hand hygiene"[tiab] OR handwashing[tiab]'
    root = ET.fromstring(venn_svg(VennModel({long_name: FALLS, "nurs*[tiab]": EXERCISE})))
    assert "width" not in root.attrib and "height" not in root.attrib
    assert root.get("viewBox") == "0 0 360 260" and "width:100%" in root.get("style")
    _, _, width, _ = map(float, root.get("viewBox").split())
    for label in (t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"):
        half = text_width(label.text, float(label.get("font-size")), bold=True) / 2
        assert 0 <= float(label.get("x")) - half and float(label.get("x")) + half <= width, label.text
