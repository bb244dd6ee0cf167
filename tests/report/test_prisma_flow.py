"""The PRISMA 2020 flow diagram: counts that must add up, a labelled drawing, and its alt text."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from searchcraft.errors import DataFileError
from searchcraft.report import CountsFileError, FlowCountError, FlowCounts, describe_flow, write_flow
from searchcraft.report.flow import draw_flow, flow_boxes, flow_svg, render_flow

NS = {"s": "http://www.w3.org/2000/svg"}

FULL = dict(databases={"MEDLINE (Ovid)": 820, "CINAHL & AMED": 410}, registers={"ClinicalTrials.gov": 12},
            duplicates_removed=230, automation_removed=10, other_removed=2,
            records_excluded=900, reports_not_retrieved=5,
            reports_excluded={"Wrong population": 60, "Wrong study design": 20},
            studies_included=12, reports_included=15)


def test_derived_boxes_follow_the_prisma_arithmetic():
    counts = FlowCounts(**FULL)
    assert counts.identified == 1242
    assert counts.screened == 1242 - 242
    assert counts.reports_sought == 1000 - 900
    assert counts.reports_assessed == 95
    assert counts.reports_excluded_total == 80


@pytest.mark.parametrize("change, words", [
    (dict(duplicates_removed=2000), "cannot exceed records identified"),
    (dict(records_excluded=1001), "Records excluded (1,001) cannot exceed records screened (1,000)"),
    (dict(reports_not_retrieved=101), "Reports not retrieved (101) cannot exceed"),
    (dict(reports_excluded={"Wrong population": 96}), "cannot exceed reports assessed"),
    (dict(studies_included=16), "Studies included (16) cannot exceed reports"),
    (dict(screened=999), "Records screened is 999 but should be 1,000"),
    (dict(reports_included=14), "Reports of included studies is 14 but should be 15"),
    (dict(records_excluded=-1), "whole number"),
    (dict(duplicates_removed=2.5), "whole number"),
    (dict(databases={"MEDLINE": "820"}), "whole number"),
    (dict(databases={}, registers={}), "No database or register"),
    (dict(records_excluded=None), "Reports not retrieved is given but records excluded is not"),
])
def test_counts_that_do_not_add_up_are_refused_with_the_box_named(change, words):
    with pytest.raises(FlowCountError, match=re.escape(words)) as caught:
        FlowCounts(**{**FULL, **change})
    assert caught.value.hint


def test_later_stages_may_wait_until_screening_is_done():
    counts = FlowCounts(databases={"practice": 500}, duplicates_removed=20)
    assert counts.screened == 480 and counts.reports_sought is None
    assert "Records excluded (n = ?)" in [line for box in flow_boxes(counts) for line in box.lines]


def _svg_text(svg: str) -> str:
    """The drawn text, with wrapped lines joined back up."""
    return re.sub(r"\s+", " ", unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))))


def test_svg_holds_every_box_label_with_its_count(tmp_path):
    counts = FlowCounts(**FULL)
    path = write_flow(counts, tmp_path / "flow.svg")
    text = _svg_text(path.read_text(encoding="utf-8"))
    for expected in ["Records identified from:", "Databases (n = 1,230)", "MEDLINE (Ovid) (n = 820)",
                     "CINAHL & AMED (n = 410)", "Registers (n = 12)", "Duplicate records removed (n = 230)",
                     "automation tools (n = 10)", "Records removed for other reasons (n = 2)",
                     "Records screened (n = 1,000)", "Records excluded (n = 900)",
                     "Reports sought for retrieval (n = 100)", "Reports not retrieved (n = 5)",
                     "Reports assessed for eligibility (n = 95)", "Reports excluded (n = 80):",
                     "Wrong population (n = 60)", "Studies included in review (n = 12)",
                     "Reports of included studies (n = 15)", "Identification", "Screening", "Included"]:
        assert expected in text, expected


def test_svg_carries_its_description_for_screen_readers(tmp_path):
    svg = write_flow(FlowCounts(**FULL), tmp_path / "flow.svg").read_text(encoding="utf-8")
    opening = re.search(r"<svg\b[^>]*>", svg).group(0)
    assert 'role="img"' in opening and 'aria-labelledby="flow-title flow-desc"' in opening
    desc = unescape(re.search(r'<desc id="flow-desc">(.*?)</desc>', svg, flags=re.S).group(1))
    assert desc == describe_flow(FlowCounts(**FULL))
    assert "&amp;" in svg and "CINAHL & AMED" not in svg.replace("&amp;", "")   # escaped XML


def test_alt_text_tells_the_whole_flow_in_words():
    text = describe_flow(FlowCounts(**FULL))
    for fact in ["1,230 records identified from databases", "MEDLINE (Ovid) 820", "12 from registers",
                 "242 records removed before screening", "230 duplicates", "1,000 records screened",
                 "900 records excluded", "5 reports not retrieved", "95 reports assessed",
                 "Wrong population 60", "12 studies", "15 reports"]:
        assert fact in text, fact
    waiting = describe_flow(FlowCounts(databases={"practice": 10}))
    assert "not yet reported" in waiting


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_readable_size(tmp_path):
    path = write_flow(FlowCounts(**FULL), tmp_path / "flow.png")
    width, height = _png_size(path.read_bytes())
    assert 1200 <= width <= 2400 and 900 <= height <= 2400


def test_many_exclusion_reasons_make_the_diagram_taller_not_cramped():
    few = _png_size(render_flow(FlowCounts(**FULL), "png"))
    reasons = {f"Reason number {i} with a fairly long explanation of why": 1 for i in range(12)}
    many = FlowCounts(**{**FULL, "reports_excluded": reasons, "studies_included": 80,
                         "reports_included": 83})
    taller = _png_size(render_flow(many, "png"))
    assert taller[0] == few[0] and taller[1] > few[1]


def test_an_unknown_image_format_is_refused(tmp_path):
    with pytest.raises(FlowCountError, match="svg or .png"):
        write_flow(FlowCounts(**FULL), tmp_path / "flow.gif")


def test_counts_are_read_from_json_and_typos_are_named(tmp_path):
    good = tmp_path / "counts.json"
    good.write_text(json.dumps(FULL), encoding="utf-8")
    assert FlowCounts.from_json(good) == FlowCounts(**FULL)
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({**FULL, "duplicate_removed": 3}), encoding="utf-8")
    with pytest.raises(CountsFileError, match="duplicate_removed"):
        FlowCounts.from_json(typo)
    broken = tmp_path / "broken.json"
    broken.write_text('{"databases": {"MEDLINE": 3},}', encoding="utf-8")
    with pytest.raises(DataFileError, match="line 1"):
        FlowCounts.from_json(broken)
    with pytest.raises(CountsFileError, match="No counts file"):
        FlowCounts.from_json(tmp_path / "missing.json")


def test_writing_replaces_an_old_diagram_without_leaving_temporary_files(tmp_path):
    path = tmp_path / "flow.svg"
    path.write_text("old", encoding="utf-8")
    write_flow(FlowCounts(**FULL), path)
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["flow.svg"]


def test_text_stays_inside_its_box_and_boxes_do_not_overlap_even_with_long_names():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyBboxPatch

    long_names = {"MEDLINE ALL (Ovid), 1946 to 20 November 2026": 900,
                  "Cochrane Central Register of Controlled Trials (Wiley)": 288,
                  "W" * 60: 42}
    counts = FlowCounts(**{**FULL, "databases": long_names,
                           "reports_excluded": {"Duplicate publication of an included study, found "
                                                "only after reading the full text": 80}})
    figure = draw_flow(counts)
    FigureCanvasAgg(figure).draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    boxes = [p.get_window_extent(renderer) for p in axes.patches if isinstance(p, FancyBboxPatch)]
    for text in axes.texts:
        extent = text.get_window_extent(renderer)
        x, y = extent.x0 + 1, (extent.y0 + extent.y1) / 2     # where the text starts
        holders = [b for b in boxes if b.contains(x, y)]
        if holders:   # the footnote sits outside every box
            box = min(holders, key=lambda b: b.width * b.height)
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1, text.get_text()
            assert box.y0 <= extent.y0 and extent.y1 <= box.y1, text.get_text()
    content = [b for b in boxes if b.width > figure.dpi]   # the phase bars are narrow and span rows
    for i, first in enumerate(content):
        for second in content[i + 1:]:
            apart = (first.x1 <= second.x0 or second.x1 <= first.x0 or first.y1 <= second.y0
                     or second.y1 <= first.y0)
            assert apart, (first, second)


def test_svg_layout_keeps_text_inside_boxes_and_boxes_apart_without_matplotlib():
    from searchcraft.charts import text_width
    from searchcraft.report.flow import _FONT, flow_layout

    long_names = {"MEDLINE ALL (Ovid), 1946 to 20 November 2026": 900,
                  "Cochrane Central Register of Controlled Trials (Wiley)": 288, "W" * 60: 42}
    counts = FlowCounts(**{**FULL, "databases": long_names,
                           "reports_excluded": {"Duplicate publication of an included study, found "
                                                "only after reading the full text": 80}})
    layout = flow_layout(counts)
    for box in layout.boxes:
        for i, line in enumerate(box.lines):
            width = text_width(line, _FONT, bold=i < box.bold_lines) / 72
            assert box.x + 0.14 + width <= box.x + box.width, line
            assert box.y < box.line_middle(i) < box.y + box.height
    for i, first in enumerate(layout.boxes):
        for second in layout.boxes[i + 1:]:
            assert (first.x + first.width <= second.x or second.x + second.width <= first.x
                    or first.y + first.height <= second.y or second.y + second.height <= first.y), \
                (first.key, second.key)
    assert all(y + h <= layout.height for _, _, y, _, h in layout.phases)


def test_svg_is_drawn_in_plain_python_scales_and_draws_one_arrow_per_step():
    svg = flow_svg(FlowCounts(**FULL))
    root = ET.fromstring(svg)
    assert "width" not in root.attrib and root.get("viewBox").startswith("0 0 ")
    assert len(root.findall(".//s:g[@class='flow-box']", NS)) == 9
    assert len(root.findall(".//s:line", NS)) == 4 + 4     # down the main column, and out to each side box
    assert "matplotlib" not in svg


def test_png_without_matplotlib_names_the_extra_to_install(tmp_path):
    import subprocess
    import sys

    code = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "matplotlib":
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
from searchcraft.errors import MissingExtraError
from searchcraft.report import FlowCounts, write_flow
counts = FlowCounts(databases={{"MEDLINE": 10}})
write_flow(counts, {str(tmp_path / "flow.svg")!r})
try:
    write_flow(counts, {str(tmp_path / "flow.png")!r})
except MissingExtraError as error:
    print(error)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "needs matplotlib" in out.stdout and 'pip install "searchcraft[tutor]"' in out.stdout
    assert (tmp_path / "flow.svg").exists() and not (tmp_path / "flow.png").exists()
