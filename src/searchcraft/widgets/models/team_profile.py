"""An anonymised team development needs analysis from several learners' saved skills profiles.

A team lead collects the files that the ``SkillsProfile`` widget saves (``save_to=...``: JSON with
``{"kind": "SkillsProfile", "version": 1, "state": {"ratings", "targets", "snapshots"}}``) and gets,
for each area of the kit's skills framework: the team's median self-rating, the spread (lowest,
quartiles, highest), the target, the gap from median to target and how many people are below it.

Names never enter the analysis: only ratings are read, the files' names and order are not kept, and a
team smaller than ``min_profiles`` (3 by default) is refused, because with one or two people a
"team" figure is an individual's rating. Ratings are self-assessments: the analysis shows where
people *feel* less confident, which is a starting point for a conversation, not a test result.

Priorities: an area is a **team priority** when the median is below the target (most of the team
would gain from shared training), ordered by the size of that gap, then by how many people are below
target. An area whose median meets the target but where some people are below it is an
**individual need**, better met by mentoring, shadowing or one-to-one support.

Example::

    >>> team = TeamProfile.from_states([
    ...     {"ratings": {"Subject headings": 1, "Framing questions": 3}},
    ...     {"ratings": {"Subject headings": 2, "Framing questions": 3}},
    ...     {"ratings": {"Subject headings": 1, "Framing questions": 4}}])
    >>> top = team.priorities()[0]
    >>> top.area, top.median, top.gap
    ('Building search strategies', 0, 3)
"""

from __future__ import annotations

import io
import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...charts import number, svg_chart, text_width, tutor_matplotlib, wrap_text
from ...charts import text as svg_text
from ...errors import DataFileError, SearchCraftError
from ...files import write_atomically
from .skills import DEFAULT_TARGET, SkillsFramework, SkillsProfileModel, skills_framework

MIN_PROFILES = 3
STATE_KIND = "SkillsProfile"
_MEDIAN, _RANGE, _TARGET, _BOX = "#1f5f99", "#555555", "#8a1c1c", "#a9c4dd"
CHART_TITLE = "Team skills self-assessment"


class TeamProfileError(DataFileError):
    """Profiles that cannot be combined into an anonymised team analysis."""


@dataclass(frozen=True)
class SkillSummary:
    """The team's self-ratings in one skills area (no individual is identifiable from it)."""

    area: str
    median: float
    lowest: int
    lower_quartile: float
    upper_quartile: float
    highest: int
    target: int
    below_target: int
    people: int

    @property
    def gap(self) -> float:
        """Target minus median: positive when the typical team member is below the target."""
        return self.target - self.median

    @property
    def spread(self) -> int:
        """Highest minus lowest rating: a wide spread means colleagues could learn from each other."""
        return self.highest - self.lowest

    @property
    def share_below(self) -> float:
        return self.below_target / self.people

    @property
    def kind_of_need(self) -> str:
        """'team priority', 'individual need' or 'met'."""
        if self.gap > 0:
            return "team priority"
        if self.below_target:
            return "individual need"
        return "met"

    def describe(self) -> str:
        return (f"{self.area}: median {self.median:g} (range {self.lowest}-{self.highest}), "
                f"target {self.target}, {self.below_target} of {self.people} below target")


def read_profile_state(path: str | Path) -> dict[str, Any]:
    """The saved state in one SkillsProfile file; a clear error for anything else."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TeamProfileError(f"There is no file {path}", hint="Check the folder and file name.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TeamProfileError(f"{path.name} could not be read as a saved skills profile ({error})",
                               hint="Ask for the .json file that SkillsProfile(save_to=...) saved.") from None
    if (not isinstance(document, dict) or document.get("kind") != STATE_KIND
            or not isinstance(document.get("state"), dict)):
        kind = document.get("kind") if isinstance(document, dict) else None
        raise TeamProfileError(f"{path.name} is not a saved skills profile"
                               + (f" (it holds a {kind!r} widget)" if kind else ""),
                               hint="Use the file saved by SkillsProfile(save_to=...), not another widget's file.")
    return document["state"]


def _profile(state: dict[str, Any], what: str, hint: str) -> SkillsProfileModel:
    """One colleague's profile from its saved state; ``what`` names it in the error if it is unreadable."""
    try:
        return SkillsProfileModel.from_state(state)
    except (SearchCraftError, ValueError, TypeError, AttributeError) as error:
        raise TeamProfileError(f"{what} could not be read: {error}", hint=hint) from None


class TeamProfile:
    """Anonymised self-ratings of a team, summarised per skills area."""

    def __init__(self, profiles: Iterable[SkillsProfileModel], *, target: int | dict[str, int] | None = None,
                 min_profiles: int = MIN_PROFILES, framework: SkillsFramework | None = None) -> None:
        self.framework = framework or skills_framework()
        # Keep ratings only, sorted, so nothing (not even the order files were given in) links a
        # row to a person.
        rows = [tuple(p.ratings[a.name] for a in self.framework.areas) for p in profiles]
        self._ratings = sorted(rows)
        if len(self._ratings) < min_profiles:
            raise TeamProfileError(
                f"A team analysis needs at least {min_profiles} profiles; got {len(self._ratings)}",
                hint="With fewer people the 'team' figures would show individuals' ratings. "
                     "Wait for more profiles, or discuss ratings one to one.")
        self._targets = self._team_targets(target)

    @classmethod
    def from_states(cls, states: Iterable[dict[str, Any]], **options: Any) -> TeamProfile:
        """From saved states (``{"ratings": {...}, "targets": {...}}``); targets come from ``target``."""
        return cls([_profile(state, f"Profile {position}", "Check that it is a SkillsProfile saved state.")
                    for position, state in enumerate(states, start=1)], **options)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], **options: Any) -> TeamProfile:
        """From SkillsProfile save files (``SkillsProfile(save_to=...)``)."""
        return cls([_profile(read_profile_state(path), f"{Path(path).name} holds ratings that",
                             "Ask the colleague to open the profile again and re-save it.")
                    for path in paths], **options)

    @classmethod
    def from_folder(cls, folder: str | Path, pattern: str = "*.json", **options: Any) -> TeamProfile:
        """From every file matching ``pattern`` in ``folder``."""
        folder = Path(folder)
        if not folder.is_dir():
            raise TeamProfileError(f"There is no folder {folder}", hint="Put the collected profiles in one folder.")
        return cls.from_files(sorted(folder.glob(pattern)), **options)

    def _team_targets(self, target: int | dict[str, int] | None) -> dict[str, int]:
        """The lead's target per area: one level for all, a level per area, or the kit's default."""
        names = [a.name for a in self.framework.areas]
        targets = {name: DEFAULT_TARGET for name in names}
        if isinstance(target, dict):
            for area, level in target.items():
                model = SkillsProfileModel(self.framework)
                model.set_target(area, level)  # validates the area and the level
                name = self.framework.area(area).name
                targets[name] = model.targets[name]
        elif target is not None:
            model = SkillsProfileModel(self.framework)
            model.set_target(None, target)
            targets = dict(model.targets)
        return targets

    @property
    def people(self) -> int:
        return len(self._ratings)

    def skills(self) -> list[SkillSummary]:
        """One summary per area, in framework order."""
        out = []
        for index, area in enumerate(self.framework.areas):
            values = sorted(row[index] for row in self._ratings)
            lower, _, upper = statistics.quantiles(values, n=4, method="inclusive")
            target = self._targets[area.name]
            out.append(SkillSummary(area.name, statistics.median(values), values[0], lower, upper, values[-1],
                                    target, sum(1 for v in values if v < target), len(values)))
        return out

    def priorities(self, count: int | None = None) -> list[SkillSummary]:
        """Team priorities: median below target, biggest gap first, then most people below target."""
        order = {a.name: i for i, a in enumerate(self.framework.areas)}
        found = [s for s in self.skills() if s.kind_of_need == "team priority"]
        found.sort(key=lambda s: (-s.gap, -s.below_target, order[s.area]))
        return found if count is None else found[:count]

    def individual_needs(self) -> list[SkillSummary]:
        """Areas where the team meets its target but some people are below it."""
        return [s for s in self.skills() if s.kind_of_need == "individual need"]

    def summary(self) -> str:
        """A plain-text account of everything the chart shows: the chart's alt text."""
        parts = [f"Team skills self-assessment, {self.people} people, ratings 0 to 4."]
        priorities = self.priorities()
        if priorities:
            parts.append("Team priorities, biggest gap first: " + "; ".join(
                f"{s.area} (median {s.median:g}, target {s.target}, {s.below_target} of {s.people} below)"
                for s in priorities) + ".")
        else:
            parts.append("The team's median meets the target in every area.")
        individual = self.individual_needs()
        if individual:
            parts.append("Individual needs (median at target, some below): " + "; ".join(
                f"{s.area} ({s.below_target} below)" for s in individual) + ".")
        met = [s.area for s in self.skills() if s.kind_of_need == "met"]
        if met:
            parts.append("Everyone at or above target: " + ", ".join(met) + ".")
        return " ".join(parts)

    def table(self) -> list[dict[str, Any]]:
        """Rows for a table or a CSV: one per area, priorities first."""
        ordered = self.priorities() + [s for s in self.skills() if s.kind_of_need != "team priority"]
        return [{"area": s.area, "median": s.median, "lowest": s.lowest, "highest": s.highest,
                 "lower_quartile": s.lower_quartile, "upper_quartile": s.upper_quartile, "target": s.target,
                 "gap": s.gap, "below_target": s.below_target, "people": s.people, "need": s.kind_of_need}
                for s in ordered]

    def chart_svg(self, *, uid: str = "chart") -> str:
        """A dot-and-range chart in SVG, drawn by plain Python, priorities at the top.

        Per area: the range (grey line), the middle half of the team (blue bar), the median (dot) and
        the target (red tick), with the median and target also written beside the area's name. The
        ``<title>`` names the chart and the ``<desc>`` is :meth:`summary`.
        """
        width, label_width, left, right, top = 600, 210, 246, 584, 44
        size, line = 13, 16

        def x_at(level: float) -> float:
            return left + (level + 0.3) / 4.6 * (right - left)

        parts = [f'<rect width="{width}" height="HEIGHT" fill="#ffffff"/>',
                 svg_text(8, 22, f"Team self-ratings ({self.people} people); * = team priority", size=15, bold=True)]
        rows, y = [], top
        for row in self.table():
            name = f"{'* ' if row['need'] == 'team priority' else ''}{row['area']}"
            lines = wrap_text(name, label_width, size, bold=row["need"] == "team priority")
            lines.append(f"median {row['median']:g}, target {row['target']}")
            height = max(34, len(lines) * line + 10)
            rows.append((row, lines, y, height))
            y += height
        bottom = y
        for level in range(0, 5):   # grid lines and the scale
            x = x_at(level)
            parts.append(f'<line x1="{number(x)}" y1="{top}" x2="{number(x)}" y2="{number(bottom)}" stroke="#dddddd"/>')
            parts.append(svg_text(x, bottom + 18, str(level), size=12, anchor="middle", extra='class="team-scale"'))
            parts.append(svg_text(x, bottom + 33, self.framework.level_names[level], size=11, anchor="middle",
                                  fill="#4d4d4d", extra='class="team-scale"'))
        for row, lines, y, height in rows:
            middle = y + height / 2
            first = middle - (len(lines) - 1) * line / 2
            priority = row["need"] == "team priority"
            parts.append(f'<g class="team-row" data-area="{row["area"]}">')
            for i, text in enumerate(lines):
                last = i == len(lines) - 1
                parts.append(svg_text(8, first + i * line, text, size=12 if last else size, bold=priority and not last,
                                      fill="#4d4d4d" if last else "#1a1a1a", baseline="central"))
            parts.append(f'<line x1="{number(x_at(row["lowest"]))}" y1="{number(middle)}" '
                         f'x2="{number(x_at(row["highest"]))}" y2="{number(middle)}" stroke="{_RANGE}" '
                         f'stroke-width="1.5"/>')
            parts.append(f'<rect x="{number(x_at(row["lower_quartile"]))}" y="{number(middle - 7)}" '
                         f'width="{number(x_at(row["upper_quartile"]) - x_at(row["lower_quartile"]))}" height="14" '
                         f'fill="{_BOX}"/>')
            parts.append(f'<line x1="{number(x_at(row["target"]))}" y1="{number(middle - 11)}" '
                         f'x2="{number(x_at(row["target"]))}" y2="{number(middle + 11)}" stroke="{_TARGET}" '
                         f'stroke-width="3"/>')
            parts.append(f'<circle cx="{number(x_at(row["median"]))}" cy="{number(middle)}" r="6" fill="{_MEDIAN}"/>')
            parts.append("</g>")
        legend_y, x = bottom + 58, 8.0
        for label in ("Median", "Middle half of the team", "Range", "Target"):
            parts.append(self._legend_mark(label, x, legend_y))
            parts.append(svg_text(x + 24, legend_y, label, size=12, baseline="central", extra='class="team-legend"'))
            x += 24 + text_width(label, 12) + 18
        height = legend_y + 20
        body = "".join(parts).replace('height="HEIGHT"', f'height="{number(height)}"')
        return svg_chart(CHART_TITLE, self.summary(), width, height, body, uid=uid)

    @staticmethod
    def _legend_mark(label: str, x: float, y: float) -> str:
        """The mark that stands for ``label`` in the chart, drawn 18 units wide from ``x``."""
        if label == "Median":
            return f'<circle cx="{number(x + 9)}" cy="{number(y)}" r="6" fill="{_MEDIAN}"/>'
        if label == "Range":
            return (f'<line x1="{number(x)}" y1="{number(y)}" x2="{number(x + 18)}" y2="{number(y)}" '
                    f'stroke="{_RANGE}" stroke-width="1.5"/>')
        if label == "Target":
            return (f'<line x1="{number(x + 9)}" y1="{number(y - 10)}" x2="{number(x + 9)}" y2="{number(y + 10)}" '
                    f'stroke="{_TARGET}" stroke-width="3"/>')
        return f'<rect x="{number(x)}" y="{number(y - 7)}" width="18" height="14" fill="{_BOX}"/>'

    def chart(self, format: str = "svg", *, dpi: int = 96) -> bytes:
        """The chart as ``"svg"`` (plain Python, :meth:`chart_svg`) or ``"png"`` bytes.

        PNG is drawn by matplotlib, for printed reports; it needs ``pip install "searchcraft[tutor]"``.
        """
        if format not in ("png", "svg"):
            raise TeamProfileError(f"Unknown chart format {format!r}", hint='Use "png" or "svg".')
        if format == "svg":
            return ('<?xml version="1.0" encoding="utf-8"?>\n' + self.chart_svg() + "\n").encode("utf-8")
        tutor_matplotlib("Drawing the team chart as PNG")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        rows = list(reversed(self.table()))  # matplotlib draws from the bottom up
        figure = Figure(figsize=(7.5, 0.45 * len(rows) + 1.6), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for y, row in enumerate(rows):
            axes.plot([row["lowest"], row["highest"]], [y, y], color=_RANGE, linewidth=1.2, zorder=1)
            axes.barh(y, row["upper_quartile"] - row["lower_quartile"], left=row["lower_quartile"], height=0.45,
                      color=_BOX, zorder=2, label="Middle half of the team" if y == 0 else None)
            axes.plot(row["median"], y, "o", color=_MEDIAN, markersize=8, zorder=4, label="Median" if y == 0 else None)
            axes.plot(row["target"], y, "|", color=_TARGET, markersize=18, markeredgewidth=2.5, zorder=3,
                      label="Target" if y == 0 else None)
        axes.set_yticks(range(len(rows)))
        axes.set_yticklabels([f"{'* ' if r['need'] == 'team priority' else ''}{r['area']}" for r in rows], fontsize=9)
        axes.set_xlim(-0.3, 4.3)
        axes.set_xticks(range(0, 5))
        axes.set_xticklabels([f"{level}\n{self.framework.level_names[level]}" for level in range(0, 5)], fontsize=8)
        axes.set_title(f"Team self-ratings ({self.people} people); * = team priority", fontsize=10)
        axes.grid(axis="x", color="#dddddd", zorder=0)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize=8, frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()

    def report_markdown(self, image: str = "team-needs.svg") -> str:
        """The report as Markdown, with the chart (alt text = :meth:`summary`) and a full table."""
        lines = ["# Team development needs analysis", "",
                 f"Based on {self.people} anonymised self-assessments against the {self.framework.name} "
                 "framework (0 = not yet, 4 = leading). Self-ratings show where people feel less confident; "
                 "use them to start a conversation, not to judge anyone.", "",
                 f"![{self.summary()}]({image})", "", "## Team priorities", ""]
        priorities = self.priorities()
        lines += ([f"{n}. {s.describe()}" for n, s in enumerate(priorities, start=1)]
                  or ["None: the median meets the target everywhere."])
        individual = self.individual_needs()
        lines += ["", "## Individual needs", "",
                  "The median meets the target, but some people are below it: consider mentoring, shadowing "
                  "or pairing them with colleagues rated higher.", ""]
        lines += [f"- {s.describe()}" for s in individual] or ["- None."]
        lines += ["", "## All areas", "", "| Area | Median | Range | Middle half | Target | Gap | Below target |",
                  "|---|---|---|---|---|---|---|"]
        for row in self.table():
            lines.append(f"| {row['area']} | {row['median']:g} | {row['lowest']}-{row['highest']} | "
                         f"{row['lower_quartile']:g}-{row['upper_quartile']:g} | {row['target']} | {row['gap']:+g} | "
                         f"{row['below_target']} of {row['people']} |")
        return "\n".join(lines) + "\n"

    def write_report(self, folder: str | Path, name: str = "team-needs", *, png: bool = False) -> dict[str, Path]:
        """Write ``name.md`` and the chart ``name.svg`` into ``folder`` (created if needed), each atomically;
        returns the paths by kind.

        ``png=True`` adds ``name.png`` (for a word processor that cannot take SVG); it needs matplotlib,
        the ``tutor`` extra. Everything else is plain Python, so the report can be made in the browser.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"svg": folder / f"{name}.svg", "markdown": folder / f"{name}.md"}
        if png:
            paths["png"] = folder / f"{name}.png"
            write_atomically(paths["png"], self.chart("png"))
        write_atomically(paths["svg"], self.chart("svg"))
        write_atomically(paths["markdown"], self.report_markdown(image=paths["svg"].name))
        return paths
