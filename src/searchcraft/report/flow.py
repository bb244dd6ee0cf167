"""The PRISMA 2020 flow diagram for a new review that searched databases and registers.

The diagram follows the boxes of the PRISMA 2020 template (Page et al., BMJ 2021;372:n71):
records identified per database and register, records removed before screening, records screened
and excluded, reports sought and not retrieved, reports assessed and excluded with reasons, and
studies included. :class:`FlowCounts` checks that the figures add up before anything is drawn, and
:func:`describe_flow` gives the same content as text for screen readers (the alt text).

Stages after identification may be left as ``None`` while screening is still to come; their
boxes then show ``n = ?``, as in a template waiting to be filled in.

Example::

    >>> counts = FlowCounts(databases={"MEDLINE": 820, "CINAHL": 410}, duplicates_removed=230,
    ...                     records_excluded=900, reports_not_retrieved=5,
    ...                     reports_excluded={"Wrong population": 60, "Wrong design": 20},
    ...                     studies_included=12, reports_included=15)
    >>> counts.screened, counts.reports_sought, counts.reports_assessed
    (1000, 100, 95)
    >>> import tempfile
    >>> path = write_flow(counts, tempfile.mkdtemp() + "/flow.svg")   # or .png
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from itertools import pairwise
from pathlib import Path
from typing import Any, NoReturn

from ..charts import number, svg_chart, text_width, tutor_matplotlib, wrap_text
from ..charts import text as svg_text
from ..files import write_atomically
from .errors import CountsFileError, FlowCountError

TEMPLATE_CITATION = ("Based on the PRISMA 2020 flow diagram for new systematic reviews (Page MJ et al. "
                     "BMJ 2021;372:n71).")


def _check_count(name: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FlowCountError(f"'{name}' must be a whole number of 0 or more; got {value!r}",
                             hint="Give counts as whole numbers, e.g. 120, without quotes.")


@dataclass(frozen=True)
class FlowCounts:
    """The figures of a PRISMA 2020 flow diagram. Derived boxes are computed and checked.

    ``databases`` and ``registers`` map each source searched to the records it gave.
    ``reports_excluded`` maps each reason to the reports excluded for it. Optional explicit
    ``screened``, ``reports_sought``, ``reports_assessed`` and ``reports_included`` must equal
    what the other figures imply, otherwise :class:`FlowCountError` says which box is wrong.
    """

    databases: Mapping[str, int]
    registers: Mapping[str, int] = field(default_factory=dict)
    duplicates_removed: int = 0
    automation_removed: int = 0
    other_removed: int = 0
    records_excluded: int | None = None
    reports_not_retrieved: int | None = None
    reports_excluded: Mapping[str, int] | None = None
    studies_included: int | None = None
    reports_included: int | None = None
    screened: int | None = None
    reports_sought: int | None = None
    reports_assessed: int | None = None

    def __post_init__(self) -> None:
        for name in ("databases", "registers", "reports_excluded"):
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, Mapping):
                raise FlowCountError(f"'{name}' must map names to counts, e.g. {{\"MEDLINE\": 820}}; "
                                     f"got {type(value).__name__}")
            for key, count in value.items():
                if not isinstance(key, str) or not key.strip():
                    raise FlowCountError(f"'{name}' has a blank or non-text name: {key!r}",
                                         hint="Name each database, register or reason.")
                _check_count(f"{name}[{key!r}]", count)
            object.__setattr__(self, name, dict(value))
        if not self.databases and not self.registers:
            raise FlowCountError("No database or register is given, so nothing was identified.",
                                 hint="Give at least one source, e.g. databases={\"MEDLINE\": 820}.")
        for name in ("duplicates_removed", "automation_removed", "other_removed"):
            _check_count(name, getattr(self, name))
        for name in ("records_excluded", "reports_not_retrieved", "studies_included",
                     "reports_included", "screened", "reports_sought", "reports_assessed"):
            _check_count(name, getattr(self, name), optional=True)
        self._check_arithmetic()
        derived = self._derived()   # fill the boxes that were left out, now they are known to agree
        for name in ("screened", "reports_sought", "reports_assessed", "reports_included"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, derived[name])

    # --- derived boxes -------------------------------------------------------------------------
    @property
    def identified_from_databases(self) -> int:
        return sum(self.databases.values())

    @property
    def identified_from_registers(self) -> int:
        return sum(self.registers.values())

    @property
    def identified(self) -> int:
        return self.identified_from_databases + self.identified_from_registers

    @property
    def removed_before_screening(self) -> int:
        return self.duplicates_removed + self.automation_removed + self.other_removed

    def _derived(self) -> dict[str, int | None]:
        screened = self.identified - self.removed_before_screening
        sought = None if self.records_excluded is None else screened - self.records_excluded
        assessed = (None if sought is None or self.reports_not_retrieved is None
                    else sought - self.reports_not_retrieved)
        excluded = None if self.reports_excluded is None else sum(self.reports_excluded.values())
        included = None if assessed is None or excluded is None else assessed - excluded
        return {"screened": screened, "reports_sought": sought, "reports_assessed": assessed,
                "reports_excluded_total": excluded, "reports_included": included}

    @property
    def reports_excluded_total(self) -> int | None:
        return self._derived()["reports_excluded_total"]

    def _check_arithmetic(self) -> None:
        def fail(message: str, hint: str) -> NoReturn:
            raise FlowCountError(message, hint=hint)

        if self.removed_before_screening > self.identified:
            fail(f"Records removed before screening ({self.removed_before_screening:,}) cannot exceed "
                 f"records identified ({self.identified:,}).",
                 "Check the duplicates removed against the records each source gave.")
        derived = self._derived()
        screened = self.identified - self.removed_before_screening  # always known, unlike the later stages
        if self.records_excluded is not None and self.records_excluded > screened:
            fail(f"Records excluded ({self.records_excluded:,}) cannot exceed records screened "
                 f"({screened:,}).", "Records excluded at title and abstract are a part of those screened.")
        sought = derived["reports_sought"]
        if self.reports_not_retrieved is not None:
            if sought is None:
                fail("Reports not retrieved is given but records excluded is not.",
                     "Give 'records_excluded' so that reports sought for retrieval can be worked out.")
            if self.reports_not_retrieved > sought:
                fail(f"Reports not retrieved ({self.reports_not_retrieved:,}) cannot exceed reports "
                     f"sought for retrieval ({sought:,}).", "Check the retrieval figures.")
        assessed = derived["reports_assessed"]
        excluded = derived["reports_excluded_total"]
        if excluded is not None:
            if assessed is None:
                fail("Reports excluded is given but an earlier stage is missing.",
                     "Give 'records_excluded' and 'reports_not_retrieved' too.")
            if excluded > assessed:
                fail(f"Reports excluded ({excluded:,}) cannot exceed reports assessed for eligibility "
                     f"({assessed:,}).", "Check the exclusion reasons: each report is excluded for one reason.")
        included = derived["reports_included"]
        if (self.studies_included is not None or self.reports_included is not None) and included is None:
            fail("Included studies are given but an earlier stage is missing.",
                 "Give 'records_excluded', 'reports_not_retrieved' and 'reports_excluded' too.")
        for name, label, implied, why in (
            ("screened", "Records screened", screened,
             f"records identified ({self.identified:,}) minus records removed before screening "
             f"({self.removed_before_screening:,})"),
            ("reports_sought", "Reports sought for retrieval", sought,
             "records screened minus records excluded"),
            ("reports_assessed", "Reports assessed for eligibility", assessed,
             "reports sought minus reports not retrieved"),
            ("reports_included", "Reports of included studies", included,
             "reports assessed minus reports excluded"),
        ):
            given = getattr(self, name)
            if given is not None and implied is not None and given != implied:
                fail(f"{label} is {given:,} but should be {implied:,}: {why}.",
                     f"Correct '{name}' or the figures it is worked out from (or leave it out).")
        reports = self.reports_included if self.reports_included is not None else included
        if self.studies_included is not None and reports is not None and self.studies_included > reports:
            fail(f"Studies included ({self.studies_included:,}) cannot exceed reports of included "
                 f"studies ({reports:,}).", "Each included study has at least one report.")

    # --- building ------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FlowCounts:
        """Counts from a dict (e.g. parsed JSON); unknown keys are an error, to catch typos."""
        if not isinstance(data, Mapping):
            raise CountsFileError(f"Flow counts must be a JSON object; got {type(data).__name__}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise CountsFileError(f"Unknown flow count(s): {', '.join(unknown)}",
                                  hint=f"Use these names: {', '.join(known)}.")
        if "databases" not in data:
            raise CountsFileError("Flow counts need 'databases', e.g. {\"databases\": {\"MEDLINE\": 820}}")
        return cls(**data)

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> FlowCounts:
        """Counts from a JSON file such as ``{"databases": {"MEDLINE": 820}, "duplicates_removed": 30}``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CountsFileError(f"No counts file at {path}", hint="Check the path.") from None
        except json.JSONDecodeError as error:
            raise CountsFileError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}, "
                                  f"column {error.colno}", hint="Check commas and quotes there.") from None
        return cls.from_dict(data)

    @classmethod
    def from_deduplication(cls, deduplication: Any, **later_stages: Any) -> FlowCounts:
        """Identification figures from a :class:`~searchcraft.report.dedup.Deduplication`.

        Records per source become the database counts; duplicates removed come from the result.
        Screening figures, when known, are passed as keyword arguments.
        """
        databases = {name: count.identified for name, count in deduplication.per_source.items()}
        return cls(databases=databases, duplicates_removed=deduplication.removed, **later_stages)


# --- the boxes --------------------------------------------------------------------------------

def _n(value: int | None) -> str:
    return "n = ?" if value is None else f"n = {value:,}"


@dataclass(frozen=True)
class FlowBox:
    """One box: its key, its label lines (first line is the heading) and where it sits."""

    key: str
    lines: tuple[str, ...]
    column: int   # 0 main flow, 1 side box
    row: int


def flow_boxes(counts: FlowCounts) -> list[FlowBox]:
    """The diagram's boxes with their text, in reading order."""
    identified = ["Records identified from:",
                  f"Databases ({_n(counts.identified_from_databases)})"]
    identified += [f"    {name} ({_n(n)})" for name, n in counts.databases.items()]
    identified.append(f"Registers ({_n(counts.identified_from_registers)})")
    identified += [f"    {name} ({_n(n)})" for name, n in counts.registers.items()]
    removed = ["Records removed before screening:",
               f"Duplicate records removed ({_n(counts.duplicates_removed)})",
               f"Records marked as ineligible by automation tools ({_n(counts.automation_removed)})",
               f"Records removed for other reasons ({_n(counts.other_removed)})"]
    excluded_reports = [f"Reports excluded ({_n(counts.reports_excluded_total)}):"]
    if counts.reports_excluded:
        excluded_reports += [f"{reason} ({_n(n)})" for reason, n in counts.reports_excluded.items()]
    else:
        excluded_reports.append("Reasons to be reported")
    return [
        FlowBox("identified", tuple(identified), 0, 0),
        FlowBox("removed", tuple(removed), 1, 0),
        FlowBox("screened", (f"Records screened ({_n(counts.screened)})",), 0, 1),
        FlowBox("records_excluded", (f"Records excluded ({_n(counts.records_excluded)})",), 1, 1),
        FlowBox("sought", (f"Reports sought for retrieval ({_n(counts.reports_sought)})",), 0, 2),
        FlowBox("not_retrieved", (f"Reports not retrieved ({_n(counts.reports_not_retrieved)})",), 1, 2),
        FlowBox("assessed", (f"Reports assessed for eligibility ({_n(counts.reports_assessed)})",), 0, 3),
        FlowBox("reports_excluded", tuple(excluded_reports), 1, 3),
        FlowBox("included", (f"Studies included in review ({_n(counts.studies_included)})",
                             f"Reports of included studies ({_n(counts.reports_included)})"), 0, 4),
    ]


def describe_flow(counts: FlowCounts) -> str:
    """The diagram as sentences, for alt text and screen readers.

    Example::

        >>> print(describe_flow(FlowCounts(databases={"MEDLINE": 10}, duplicates_removed=2)))  # doctest: +ELLIPSIS
        PRISMA 2020 flow diagram. Identification: 10 records identified from databases (MEDLINE 10) ...
    """
    def each(mapping: Mapping[str, int]) -> str:
        return "; ".join(f"{name} {n:,}" for name, n in mapping.items())

    text = [f"PRISMA 2020 flow diagram. Identification: {counts.identified_from_databases:,} records "
            f"identified from databases ({each(counts.databases) or 'none'})"
            + (f" and {counts.identified_from_registers:,} from registers ({each(counts.registers)})."
               if counts.registers else " and none from registers."),
            f"{counts.removed_before_screening:,} records removed before screening: "
            f"{counts.duplicates_removed:,} duplicates, {counts.automation_removed:,} marked as "
            f"ineligible by automation tools and {counts.other_removed:,} for other reasons."]
    text.append(f"Screening: {counts.screened:,} records screened.")
    if counts.records_excluded is None:
        text.append("Screening results are not yet reported.")
    else:
        text.append(f"{counts.records_excluded:,} records excluded. "
                    f"{counts.reports_sought:,} reports sought for retrieval.")
        if counts.reports_not_retrieved is not None:
            text.append(f"{counts.reports_not_retrieved:,} reports not retrieved. "
                        f"{counts.reports_assessed:,} reports assessed for eligibility.")
        if counts.reports_excluded is not None:
            text.append(f"{counts.reports_excluded_total:,} reports excluded"
                        + (f": {each(counts.reports_excluded)}." if counts.reports_excluded else "."))
    if counts.studies_included is not None or counts.reports_included is not None:
        studies = "an unreported number of" if counts.studies_included is None else f"{counts.studies_included:,}"
        reports = "?" if counts.reports_included is None else f"{counts.reports_included:,}"
        text.append(f"Included: {studies} studies in the review, from {reports} reports.")
    return " ".join(text)


# --- drawing ----------------------------------------------------------------------------------
# One layout, in inches, drawn two ways: as SVG by plain Python (the learner's path, also in the
# browser) and as PNG by matplotlib (optional, for tutors' reports).

_LINE = 0.24               # inches per text line
_PAD = 0.14                # inches of padding above and below text
_GAP = 0.38                # inches between rows
_COLUMNS = ((0.85, 4.35), (5.75, 4.35))   # (left edge, width) in inches
_WIDTH = 10.4
_FONT = 10                 # points
_SVG_SCALE = 96            # SVG user units (CSS pixels) per inch
_INK, _HEADER_FILL, _HEADER_EDGE, _PHASE_FILL, _PHASE_EDGE = "#1a1a1a", "#fde9a9", "#7a5c00", "#cfe2f3", "#1f4e79"


def _text_width(text: str, bold: bool = False) -> float:
    """Width of ``text`` in inches at the diagram's font size (DejaVu Sans metrics)."""
    return text_width(text, _FONT, bold) / 72


def _wrapped(box: FlowBox) -> list[str]:
    """Box lines wrapped to the box's width, never splitting a count such as ``(n = 1,200)``."""
    inner = _COLUMNS[box.column][1] - 2 * 0.14 - 0.05   # a little air before the right edge
    lines: list[str] = []
    for number_, line in enumerate(box.lines):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        glued = re.sub(r"\(n = ([^)]*)\)", lambda m: "(n\u00a0=\u00a0" + m.group(1) + ")", line.strip())
        bold = number_ == 0 and len(box.lines) > 1
        lines += wrap_text(glued, inner * 72, _FONT, bold, indent=indent, hanging="  ")
    return lines


@dataclass(frozen=True)
class PlacedBox:
    """A box where it is drawn (inches from the top left) with its wrapped text lines."""

    key: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    bold_lines: int          # how many of the first lines are the box's bold heading

    def line_middle(self, index: int) -> float:
        """The vertical middle of text line ``index``."""
        return self.y + _PAD + (index + 0.5) * _LINE


@dataclass(frozen=True)
class FlowLayout:
    """Everything the diagram draws, placed: boxes, arrows, phase bars, the header and the footnote."""

    width: float
    height: float
    header: tuple[float, float, float, float]
    header_text: str
    boxes: tuple[PlacedBox, ...]
    arrows: tuple[tuple[tuple[float, float], tuple[float, float]], ...]
    phases: tuple[tuple[str, float, float, float, float], ...]   # label, x, y, width, height
    footnote: tuple[float, float, str]


def flow_layout(counts: FlowCounts) -> FlowLayout:
    """Place every box so that its text fits and no two boxes overlap; rows grow to fit the text."""
    boxes = flow_boxes(counts)
    texts = {b.key: _wrapped(b) for b in boxes}
    rows = max(b.row for b in boxes) + 1
    row_height = [max(len(texts[b.key]) * _LINE + 2 * _PAD for b in boxes if b.row == r) for r in range(rows)]
    phases = (("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4))
    for label, first, last in phases:   # a phase's label must fit beside its rows
        needed = _text_width(label, True) * 1.1 + 0.25 - sum(row_height[first:last + 1]) - _GAP * (last - first)
        if needed > 0:
            row_height[last] += needed
    header, footer, top_margin = 0.5, 0.45, 0.2
    height = top_margin + header + _GAP + sum(row_height) + _GAP * (rows - 1) + footer + 0.2
    left, right = _COLUMNS[0][0], _COLUMNS[1][0] + _COLUMNS[1][1]

    row_top, y = [], top_margin + header + _GAP
    for h in row_height:
        row_top.append(y)
        y += h + _GAP

    placed: dict[str, PlacedBox] = {}
    for box in boxes:
        x, w = _COLUMNS[box.column]
        lines = texts[box.key]
        # the heading (first label line) is bold, however many lines wrapping made of it
        bold_lines = len(_wrapped(FlowBox(box.key, box.lines[:1], box.column, box.row))) if len(box.lines) > 1 else 0
        h = len(lines) * _LINE + 2 * _PAD
        top = row_top[box.row] + (row_height[box.row] - h) / 2
        placed[box.key] = PlacedBox(box.key, x, top, w, h, tuple(lines), bold_lines)

    arrows = []
    main = [b.key for b in boxes if b.column == 0]
    for upper, lower in pairwise(main):
        a, b = placed[upper], placed[lower]
        arrows.append(((a.x + a.width / 2, a.y + a.height), (a.x + a.width / 2, b.y)))
    for box in boxes:
        if box.column == 1:
            source = placed[next(b.key for b in boxes if b.column == 0 and b.row == box.row)]
            middle = source.y + source.height / 2
            arrows.append(((source.x + source.width, middle), (placed[box.key].x, middle)))

    bars = tuple((label, 0.2, row_top[first], 0.42, row_top[last] + row_height[last] - row_top[first])
                 for label, first, last in phases)
    return FlowLayout(width=_WIDTH, height=height, header=(left, top_margin, right - left, header),
                      header_text="Identification of studies via databases and registers",
                      boxes=tuple(placed[b.key] for b in boxes), arrows=tuple(arrows), phases=bars,
                      footnote=(left, height - 0.3, TEMPLATE_CITATION))


def flow_svg(counts: FlowCounts, *, uid: str = "flow") -> str:
    """The diagram as an accessible SVG drawn by plain Python (no matplotlib), text kept as text.

    The ``<title>`` is "PRISMA 2020 flow diagram" and the ``<desc>`` is :func:`describe_flow`, so a
    screen reader reads every count. ``uid`` prefixes element ids; give each diagram on one page its
    own (:func:`searchcraft.charts.new_id`).
    """
    layout = flow_layout(counts)
    k = _SVG_SCALE

    def u(value: float) -> str:
        return number(value * k)

    font = _FONT * k / 72
    parts = [f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             f'fill="{_INK}"/></marker></defs>',
             f'<rect width="{u(layout.width)}" height="{u(layout.height)}" fill="#ffffff"/>']
    x, y, w, h = layout.header
    parts.append(f'<rect x="{u(x)}" y="{u(y)}" width="{u(w)}" height="{u(h)}" rx="{u(0.08)}" '
                 f'fill="{_HEADER_FILL}" stroke="{_HEADER_EDGE}" stroke-width="1.6"/>')
    parts.append(svg_text((x + w / 2) * k, (y + h / 2) * k, layout.header_text, size=font + 2.5, anchor="middle",
                          bold=True, baseline="central"))
    for label, x, y, w, h in layout.phases:
        cx, cy = (x + w / 2) * k, (y + h / 2) * k
        parts.append(f'<rect x="{u(x)}" y="{u(y)}" width="{u(w)}" height="{u(h)}" rx="{u(0.06)}" '
                     f'fill="{_PHASE_FILL}" stroke="{_PHASE_EDGE}" stroke-width="1.3"/>')
        parts.append(svg_text(cx, cy, label, size=font + 1.3, anchor="middle", bold=True, baseline="central",
                              extra=f'transform="rotate(-90 {number(cx)} {number(cy)})"'))
    for box in layout.boxes:
        parts.append(f'<g class="flow-box" data-key="{box.key}"><rect x="{u(box.x)}" y="{u(box.y)}" '
                     f'width="{u(box.width)}" height="{u(box.height)}" rx="{u(0.06)}" fill="#ffffff" '
                     f'stroke="{_INK}" stroke-width="1.6"/>')
        for i, line in enumerate(box.lines):
            parts.append(svg_text((box.x + 0.14) * k, box.line_middle(i) * k, line, size=font,
                                  bold=i < box.bold_lines, baseline="central", extra='xml:space="preserve"'))
        parts.append("</g>")
    for (x1, y1), (x2, y2) in layout.arrows:
        parts.append(f'<line x1="{u(x1)}" y1="{u(y1)}" x2="{u(x2)}" y2="{u(y2)}" stroke="{_INK}" '
                     f'stroke-width="1.6" marker-end="url(#{uid}-arrow)"/>')
    x, y, note = layout.footnote
    parts.append(svg_text(x * k, y * k, note, size=font - 2.5, fill="#333333", baseline="central"))
    return svg_chart("PRISMA 2020 flow diagram", describe_flow(counts), layout.width * k, layout.height * k,
                     "".join(parts), uid=uid)


def draw_flow(counts: FlowCounts):
    """A matplotlib :class:`~matplotlib.figure.Figure` of the same layout (for PNG; needs matplotlib).

    No pyplot state is touched. Raises :class:`~searchcraft.errors.MissingExtraError` naming the
    ``tutor`` extra when matplotlib is not installed.
    """
    tutor_matplotlib("Drawing the PRISMA flow diagram as PNG")
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    layout = flow_layout(counts)
    figure = Figure(figsize=(layout.width, layout.height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, layout.width)
    axes.set_ylim(layout.height, 0)          # y grows downwards, like the page
    axes.axis("off")

    x, y, w, h = layout.header
    axes.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.08",
                                  facecolor=_HEADER_FILL, edgecolor=_HEADER_EDGE, linewidth=1.2))
    axes.text(x + w / 2, y + h / 2, layout.header_text, ha="center", va="center", fontsize=_FONT + 2,
              fontweight="bold", color=_INK)
    for box in layout.boxes:
        axes.add_patch(FancyBboxPatch((box.x, box.y), box.width, box.height, boxstyle="round,pad=0,rounding_size=0.06",
                                      facecolor="white", edgecolor=_INK, linewidth=1.2))
        for i, line in enumerate(box.lines):
            axes.text(box.x + 0.14, box.line_middle(i), line, ha="left", va="center",
                      fontsize=_FONT, color=_INK, fontfamily="DejaVu Sans",
                      fontweight="bold" if i < box.bold_lines else "normal")
    for start, end in layout.arrows:
        axes.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                       color=_INK, linewidth=1.2, shrinkA=0, shrinkB=0))
    for label, x, y, w, h in layout.phases:
        axes.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                      facecolor=_PHASE_FILL, edgecolor=_PHASE_EDGE, linewidth=1))
        axes.text(x + w / 2, y + h / 2, label, rotation=90, ha="center", va="center",
                  fontsize=_FONT + 1, fontweight="bold", color=_INK)
    x, y, note = layout.footnote
    axes.text(x, y, note, ha="left", va="center", fontsize=_FONT - 2, color="#333333")
    return figure


def render_flow(counts: FlowCounts, format: str = "svg", *, dpi: int = 150) -> bytes:
    """The diagram as SVG (plain Python, text kept as text, with ``<title>`` and ``<desc>``) or PNG.

    PNG needs matplotlib (``pip install "searchcraft[tutor]"``); SVG needs nothing extra.
    """
    if format not in ("svg", "png"):
        raise FlowCountError(f"Cannot draw a flow diagram as {format!r}", hint="Use 'svg' or 'png'.")
    if format == "svg":
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + flow_svg(counts) + "\n").encode("utf-8")
    matplotlib = tutor_matplotlib("Drawing the PRISMA flow diagram as PNG")
    figure = draw_flow(counts)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        figure.savefig(buffer, format="png", dpi=dpi,
                       metadata={"Title": "PRISMA 2020 flow diagram", "Description": describe_flow(counts)})
    return buffer.getvalue()


def write_flow(counts: FlowCounts, path: str | os.PathLike, *, dpi: int = 150) -> Path:
    """Draw the diagram to ``path`` (``.svg`` or ``.png``), written atomically; returns the path.

    An ``.svg`` needs only the standard library; a ``.png`` needs matplotlib (the ``tutor`` extra).
    """
    target = Path(path)
    format = target.suffix.lower().lstrip(".")
    if format not in ("svg", "png"):
        raise FlowCountError(f"Cannot tell the image format of {target.name}",
                             hint="End the file name in .svg or .png.")
    write_atomically(target, render_flow(counts, format, dpi=dpi))
    return target


__all__ = ["FlowCounts", "FlowBox", "FlowLayout", "PlacedBox", "flow_boxes", "flow_layout", "describe_flow",
           "flow_svg", "draw_flow", "render_flow", "write_flow", "TEMPLATE_CITATION"]
