"""Drawing a skills profile as a radar chart in SVG, with the targets and an earlier snapshot.

Plain Python, no matplotlib: the chart draws the same in JupyterLab and on the published site,
where Python runs in the browser. Each area's label says its rating and target in words, the
``<title>`` names the chart and the ``<desc>`` is :meth:`SkillsProfileModel.summary`, so nothing the
picture shows is hidden from a screen reader.

Example::

    >>> from searchcraft.widgets.models.skills import SkillsProfileModel
    >>> svg = radar_svg(SkillsProfileModel())
    >>> svg.startswith("<svg") and "Subject headings" in svg
    True
"""

from __future__ import annotations

import math
from typing import cast

from ...charts import new_id, number, svg_chart, text_width, wrap_text
from ...charts import text as svg_text
from .skills import SkillsProfileModel

_NOW, _THEN, _TARGET, _GRID = "#1f5f99", "#8a3b12", "#4d4d4d", "#c8c8c8"   # 4.5:1 or more on white
_WIDTH, _HEIGHT = 580, 500
_CX, _CY, _RADIUS = 290, 258, 150
_LABEL_SIZE, _LABEL_WIDTH = 13, 124
_TOP_LEVEL = 4


def _point(angle: float, value: float) -> tuple[float, float]:
    """Where ``value`` (0-4) on the spoke at ``angle`` is; the first spoke points up, then clockwise."""
    r = _RADIUS * value / _TOP_LEVEL
    return _CX + r * math.sin(angle), _CY - r * math.cos(angle)


def _polygon(angles: tuple[float, ...], values: tuple[float, ...]) -> str:
    points = (_point(a, v) for a, v in zip(angles[:-1], values[:-1], strict=True))
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def _area_label(angle: float, lines: list[str]) -> str:
    """An area's name (bold) and its figures (last line) beside the end of its spoke, away from the chart."""
    x, y = _point(angle, _TOP_LEVEL + 0.35)
    sine, cosine = math.sin(angle), math.cos(angle)
    anchor = "middle" if abs(sine) < 0.2 else ("start" if sine > 0 else "end")
    line_height = _LABEL_SIZE * 1.2
    block = line_height * len(lines)
    if cosine > 0.2:            # upper half: the block sits above the spoke's end
        top = y - block + line_height * 0.8
    elif cosine < -0.2:         # lower half: below
        top = y + line_height * 0.8
    else:
        top = y - block / 2 + line_height * 0.8
    return "".join(svg_text(x, top + i * line_height, line, size=_LABEL_SIZE, anchor=anchor, bold=i < len(lines) - 1,
                            extra='class="radar-area"')
                   for i, line in enumerate(lines))


def radar_svg(profile: SkillsProfileModel, compare_with: str | None = None) -> str:
    """The current ratings (filled), the targets (dashed) and, if given, a dated snapshot (dotted)."""
    uid = new_id("radar")
    now = profile.radar_data()
    target = profile.radar_data(profile.targets)
    parts = [f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#ffffff"/>']
    for level in range(1, _TOP_LEVEL + 1):   # rings, one per level, as polygons like the data
        ring = _polygon(now.angles, (level,) * len(now.angles))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{_GRID}" stroke-width="1"/>')
    for angle in now.angles[:-1]:
        x, y = _point(angle, _TOP_LEVEL)
        parts.append(f'<line x1="{_CX}" y1="{_CY}" x2="{number(x)}" y2="{number(y)}" stroke="{_GRID}"/>')
    for level in range(0, _TOP_LEVEL + 1):   # level numbers up the first spoke
        x, y = _point(0, level)
        parts.append(svg_text(x + 5, y - 3, str(level), size=11, fill=_TARGET, extra='class="radar-level"'))
    parts.append(f'<polygon points="{_polygon(target.angles, target.values)}" fill="none" stroke="{_TARGET}" '
                 f'stroke-width="2" stroke-dasharray="7 5"/>')
    if compare_with:
        then = profile.radar_data(profile.snapshots[compare_with])
        parts.append(f'<polygon points="{_polygon(then.angles, then.values)}" fill="none" stroke="{_THEN}" '
                     f'stroke-width="2.5" stroke-dasharray="2 4" stroke-linecap="round"/>')
    parts.append(f'<polygon points="{_polygon(now.angles, now.values)}" fill="{_NOW}" fill-opacity="0.2" '
                 f'stroke="{_NOW}" stroke-width="2.5"/>')
    for angle, value in zip(now.angles[:-1], now.values[:-1], strict=True):
        x, y = _point(angle, value)
        parts.append(f'<circle cx="{number(x)}" cy="{number(y)}" r="4" fill="{_NOW}"/>')
    for name, angle, value in zip(now.labels[:-1], now.angles[:-1], now.values[:-1], strict=True):
        lines = wrap_text(name, _LABEL_WIDTH, _LABEL_SIZE, bold=True)
        lines.append(f"now {value}, target {profile.targets[name]}")
        parts.append(_area_label(angle, lines))
    # the legend, in words as well as line styles
    legend = [("Now", f'stroke="{_NOW}" stroke-width="2.5"'),
              ("Target", f'stroke="{_TARGET}" stroke-width="2" stroke-dasharray="7 5"')]
    if compare_with:
        legend.append((compare_with,
                       f'stroke="{_THEN}" stroke-width="2.5" stroke-dasharray="2 4" stroke-linecap="round"'))
    x = 12
    for label, style in legend:
        parts.append(f'<line x1="{x}" y1="20" x2="{x + 34}" y2="20" {style}/>')
        parts.append(svg_text(x + 40, 24, label, size=13, extra='class="radar-legend"'))
        x += 40 + text_width(label, 13) + 26
    title = "Skills profile radar chart" + (f", compared with {compare_with}" if compare_with else "")
    description = profile.summary() + (f" Dotted line: ratings on {compare_with}." if compare_with else "")
    return svg_chart(title, description, _WIDTH, _HEIGHT, "".join(parts), uid=uid)


def radar_png(profile: SkillsProfileModel, compare_with: str | None = None, *, dpi: int = 96) -> bytes:
    """The same chart as a PNG, drawn by matplotlib, for a tutor's or team lead's report.

    Needs matplotlib (``pip install "searchcraft[tutor]"``); the learner's path uses :func:`radar_svg`.
    """
    import io

    from ...charts import tutor_matplotlib

    tutor_matplotlib("Drawing the skills radar as PNG")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    figure = Figure(figsize=(6.4, 6.4), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = cast(PolarAxes, figure.add_subplot(projection="polar"))
    axes.set_theta_offset(math.pi / 2)  # first area at the top, then clockwise
    axes.set_theta_direction(-1)
    now = profile.radar_data()
    target = profile.radar_data(profile.targets)
    axes.plot(target.angles, target.values, color=_TARGET, linestyle="--", linewidth=1.2, label="Target")
    if compare_with:
        then = profile.radar_data(profile.snapshots[compare_with])
        axes.plot(then.angles, then.values, color=_THEN, linestyle=":", linewidth=2, label=compare_with)
    axes.plot(now.angles, now.values, color=_NOW, linewidth=2, label="Now")
    axes.fill(now.angles, now.values, color=_NOW, alpha=0.2)
    axes.set_xticks(now.angles[:-1])
    axes.set_xticklabels([label.replace(" ", "\n", 1) for label in now.labels[:-1]], fontsize=8)
    axes.set_ylim(0, 4)
    axes.set_yticks(range(0, 5))
    axes.set_yticklabels([str(level) for level in range(0, 5)], fontsize=7)
    axes.legend(loc="upper right", bbox_to_anchor=(1.15, 1.12), fontsize=8)
    figure.subplots_adjust(left=0.2, right=0.8, bottom=0.12, top=0.84)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
