"""Drawing a skills profile as a radar chart (PNG), with an optional earlier snapshot behind it.

Matplotlib runs with its non-interactive Agg canvas, so this works in a kernel, a test or a build.

Example::

    >>> from searchcraft.widgets.models.skills import SkillsProfileModel
    >>> radar_png(SkillsProfileModel())[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .skills import SkillsProfileModel

_NOW, _THEN, _TARGET = "#1f5f99", "#8a3b12", "#555555"  # dark enough to read on white


def radar_png(profile: SkillsProfileModel, compare_with: str | None = None, *, dpi: int = 96) -> bytes:
    """The current ratings (filled), the targets (dashed) and, if given, a dated snapshot (dotted)."""
    figure = Figure(figsize=(6.4, 6.4), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(projection="polar")
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
