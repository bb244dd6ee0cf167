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
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping
from xml.sax.saxutils import escape

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
        def fail(message: str, hint: str) -> None:
            raise FlowCountError(message, hint=hint)

        if self.removed_before_screening > self.identified:
            fail(f"Records removed before screening ({self.removed_before_screening:,}) cannot exceed "
                 f"records identified ({self.identified:,}).",
                 "Check the duplicates removed against the records each source gave.")
        derived = self._derived()
        screened = derived["screened"]
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
    def from_dict(cls, data: Mapping[str, Any]) -> "FlowCounts":
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
    def from_json(cls, path: str | os.PathLike) -> "FlowCounts":
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
    def from_deduplication(cls, deduplication: Any, **later_stages: Any) -> "FlowCounts":
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

_LINE = 0.24               # inches per text line
_PAD = 0.14                # inches of padding above and below text
_GAP = 0.38                # inches between rows
_COLUMNS = ((0.85, 4.35), (5.75, 4.35))   # (left edge, width) in inches
_WIDTH = 10.4
_FONT = 10


def _text_width(text: str, bold: bool = False) -> float:
    """Width of ``text`` in inches at the diagram's font size, measured with the font itself."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family="DejaVu Sans", size=_FONT, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(text, font, ismath=False)[0] / 72


def _wrap_measured(text: str, width: float, indent: str, bold: bool) -> list[str]:
    """Greedy word wrap by measured width; a word too long for a line is cut where it must be.

    ``\u00a0`` glues words together (it is printed as a plain space).
    """
    lines: list[str] = []

    def prefix() -> str:
        return indent if not lines else indent + "  "

    def fits(candidate: str) -> bool:
        return _text_width((prefix() + candidate).replace("\u00a0", " "), bold) <= width

    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if fits(trial):
            current = trial
            continue
        if current:
            lines.append(prefix() + current)
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(prefix() + word[:cut])
            word = word[cut:]
        current = word
    lines.append(prefix() + current)
    return [line.replace("\u00a0", " ") for line in lines]


def _wrapped(box: FlowBox) -> list[str]:
    """Box lines wrapped to the box's width, never splitting a count such as ``(n = 1,200)``."""
    inner = _COLUMNS[box.column][1] - 2 * 0.14 - 0.05   # a little air before the right edge
    lines: list[str] = []
    for number, line in enumerate(box.lines):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        glued = re.sub(r"\(n = ([^)]*)\)", lambda m: "(n\u00a0=\u00a0" + m.group(1) + ")", line.strip())
        bold = number == 0 and len(box.lines) > 1
        lines += _wrap_measured(glued, inner, indent, bold)
    return lines


def draw_flow(counts: FlowCounts):
    """A matplotlib :class:`~matplotlib.figure.Figure` of the diagram (no pyplot state is touched)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    boxes = flow_boxes(counts)
    texts = {b.key: _wrapped(b) for b in boxes}
    rows = max(b.row for b in boxes) + 1
    row_height = [max(len(texts[b.key]) * _LINE + 2 * _PAD for b in boxes if b.row == r) for r in range(rows)]
    phases = (("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4))
    for label, first, last in phases:   # a phase's label must fit beside its rows
        needed = 0.11 * len(label) + 0.25 - sum(row_height[first:last + 1]) - _GAP * (last - first)
        if needed > 0:
            row_height[last] += needed
    header, footer, top_margin = 0.5, 0.45, 0.2
    height = top_margin + header + _GAP + sum(row_height) + _GAP * (rows - 1) + footer + 0.2

    figure = Figure(figsize=(_WIDTH, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, _WIDTH)
    axes.set_ylim(height, 0)          # y grows downwards, like the page
    axes.axis("off")

    # header bar
    left, right = _COLUMNS[0][0], _COLUMNS[1][0] + _COLUMNS[1][1]
    axes.add_patch(FancyBboxPatch((left, top_margin), right - left, header, boxstyle="round,pad=0,rounding_size=0.08",
                                  facecolor="#fde9a9", edgecolor="#7a5c00", linewidth=1.2))
    axes.text((left + right) / 2, top_margin + header / 2, "Identification of studies via databases and registers",
              ha="center", va="center", fontsize=_FONT + 2, fontweight="bold", color="#1a1a1a")

    row_top, y = [], top_margin + header + _GAP
    for h in row_height:
        row_top.append(y)
        y += h + _GAP

    geometry: dict[str, tuple[float, float, float, float]] = {}
    for box in boxes:
        x, w = _COLUMNS[box.column]
        lines = texts[box.key]
        # the heading (first label line) is bold, however many lines wrapping made of it
        bold_lines = len(_wrapped(FlowBox(box.key, box.lines[:1], box.column, box.row))) if len(box.lines) > 1 else 0
        h = len(lines) * _LINE + 2 * _PAD
        top = row_top[box.row] + (row_height[box.row] - h) / 2
        geometry[box.key] = (x, top, w, h)
        axes.add_patch(FancyBboxPatch((x, top), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                      facecolor="white", edgecolor="#1a1a1a", linewidth=1.2))
        for i, line in enumerate(lines):
            axes.text(x + 0.14, top + _PAD + (i + 0.5) * _LINE, line, ha="left", va="center",
                      fontsize=_FONT, color="#1a1a1a", fontfamily="DejaVu Sans",
                      fontweight="bold" if i < bold_lines else "normal")

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        axes.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                       color="#1a1a1a", linewidth=1.2, shrinkA=0, shrinkB=0))

    main = [b.key for b in boxes if b.column == 0]
    for upper, lower in zip(main, main[1:]):
        x, top, w, h = geometry[upper]
        arrow((x + w / 2, top + h), (x + w / 2, geometry[lower][1]))
    for box in boxes:
        if box.column == 1:
            source = next(b.key for b in boxes if b.column == 0 and b.row == box.row)
            x, top, w, h = geometry[source]
            arrow((x + w, top + h / 2), (geometry[box.key][0], top + h / 2))

    # phase labels down the left
    for label, first, last in phases:
        start = row_top[first]
        end = row_top[last] + row_height[last]
        axes.add_patch(FancyBboxPatch((0.2, start), 0.42, end - start, boxstyle="round,pad=0,rounding_size=0.06",
                                      facecolor="#cfe2f3", edgecolor="#1f4e79", linewidth=1))
        axes.text(0.41, (start + end) / 2, label, rotation=90, ha="center", va="center",
                  fontsize=_FONT + 1, fontweight="bold", color="#1a1a1a")
    axes.text(left, height - 0.3, TEMPLATE_CITATION, ha="left", va="center", fontsize=_FONT - 2,
              color="#333333")
    return figure


def render_flow(counts: FlowCounts, format: str = "svg", *, dpi: int = 150) -> bytes:
    """The diagram as SVG (text kept as text, with ``<title>`` and ``<desc>``) or PNG bytes."""
    import matplotlib

    if format not in ("svg", "png"):
        raise FlowCountError(f"Cannot draw a flow diagram as {format!r}", hint="Use 'svg' or 'png'.")
    figure = draw_flow(counts)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "searchcraft",
                                "font.family": "DejaVu Sans"}):
        figure.savefig(buffer, format=format, dpi=dpi, metadata=(
            {"Title": "PRISMA 2020 flow diagram", "Description": describe_flow(counts)}
            if format == "png" else {"Date": None}))
    data = buffer.getvalue()
    if format == "svg":
        data = _accessible_svg(data.decode("utf-8"), describe_flow(counts)).encode("utf-8")
    return data


def _accessible_svg(svg: str, description: str) -> str:
    """Give the SVG a role, a title and a description that screen readers announce."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if not match:  # pragma: no cover - matplotlib always writes one
        return svg
    opening = match.group(0)
    opening_new = opening[:-1] + ' role="img" aria-labelledby="flow-title flow-desc" lang="en-GB">'
    extra = (f'\n <title id="flow-title">PRISMA 2020 flow diagram</title>'
             f'\n <desc id="flow-desc">{escape(description)}</desc>')
    # matplotlib writes its own <title>-less metadata; ours goes first so it is the accessible name.
    return svg[: match.start()] + opening_new + extra + svg[match.end():]


def write_flow(counts: FlowCounts, path: str | os.PathLike, *, dpi: int = 150) -> Path:
    """Draw the diagram to ``path`` (``.svg`` or ``.png``), written atomically; returns the path."""
    target = Path(path)
    format = target.suffix.lower().lstrip(".")
    if format not in ("svg", "png"):
        raise FlowCountError(f"Cannot tell the image format of {target.name}",
                             hint="End the file name in .svg or .png.")
    write_atomically(target, render_flow(counts, format, dpi=dpi))
    return target


__all__ = ["FlowCounts", "FlowBox", "flow_boxes", "describe_flow", "draw_flow", "render_flow",
           "write_flow", "TEMPLATE_CITATION"]
