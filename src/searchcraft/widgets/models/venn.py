"""Boolean logic as sets: which records ``A AND B``, ``A OR B`` and ``A NOT B`` find.

The model holds two or three named sets of record ids and an operator between each pair, applied
left to right as PubMed does. It says which regions of the Venn diagram the combination selects,
so a learner can see, for example, that ``NOT`` throws away records that mention both concepts.

Example::

    >>> m = VennModel({"falls": {"r1", "r2", "r3"}, "exercise": {"r2", "r3", "r4"}})
    >>> m.set_operators(["NOT"])
    >>> sorted(m.result()), m.expression()
    (['r1'], 'falls NOT exercise')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, NamedTuple

from ...charts import new_id, svg_chart, text_width
from ...charts import text as svg_text
from ...errors import SearchCraftError

if TYPE_CHECKING:  # pragma: no cover
    from ...source import Source

OPERATORS = ("AND", "OR", "NOT")


class VennError(SearchCraftError):
    """The sets or operators given to a Venn diagram cannot be drawn."""


@dataclass(frozen=True)
class Region:
    """One area of the diagram: the sets a record is in (``True``) and is not in (``False``)."""

    membership: tuple[bool, ...]
    ids: frozenset[str]
    selected: bool


class VennModel:
    """Two or three named sets of record ids, combined left to right by Boolean operators."""

    def __init__(self, sets: Mapping[str, set[str] | frozenset[str] | Sequence[str]]) -> None:
        if not 2 <= len(sets) <= 3:
            raise VennError(
                f"A Venn diagram here shows two or three sets; got {len(sets)}",
                hint="Pass a dict with two or three entries, e.g. {'falls': ids1, 'exercise': ids2}.",
            )
        self.names: tuple[str, ...] = tuple(sets)
        self.sets: tuple[frozenset[str], ...] = tuple(frozenset(map(str, v)) for v in sets.values())
        self.operators: tuple[str, ...] = ("AND",) * (len(self.names) - 1)
        self.queries: tuple[str, ...] = ()  # the searches behind the sets, when made from queries

    @classmethod
    def from_queries(cls, queries: Sequence[str] | Mapping[str, str],
                     source: Source | None = None) -> VennModel:
        """The sets two or three searches find in ``source`` (the practice database by default).

        ``queries`` is a list of query strings (each names its own circle) or a dict of
        ``{label: query}``. Every record a search finds is used, not just a first page, so each
        region's count is exact.

        Example::

            VennModel.from_queries(["falls[tiab]", "exercise[tiab]"])
        """
        from .practice import source_or_default

        named = dict(queries) if isinstance(queries, Mapping) else {q: q for q in queries}
        if not 2 <= len(named) <= 3:
            raise VennError(f"A Venn diagram here shows two or three searches; got {len(named)}",
                            hint="Give two or three different queries.")
        searched = source_or_default(source)
        model = cls({label: searched.search(query).ids for label, query in named.items()})
        model.queries = tuple(named.values())
        return model

    def set_operators(self, operators: Sequence[str]) -> None:
        """Choose the operator between each pair of neighbouring sets (``["AND", "NOT"]``)."""
        ops = tuple(op.upper() for op in operators)
        if len(ops) != len(self.names) - 1:
            raise VennError(
                f"{len(self.names)} sets need {len(self.names) - 1} operator(s); got {len(ops)}",
                hint="Give one operator between each pair of sets.",
            )
        unknown = [op for op in ops if op not in OPERATORS]
        if unknown:
            raise VennError(f"Unknown operator {unknown[0]!r}", hint="Use AND, OR or NOT.")
        self.operators = ops

    def expression(self) -> str:
        """The combination as a learner would type it, bracketed to show left-to-right order."""
        text = self.names[0]
        for i, (op, name) in enumerate(zip(self.operators, self.names[1:], strict=True)):
            text = f"({text}) {op} {name}" if i else f"{text} {op} {name}"
        return text

    def _selects(self, membership: Sequence[bool]) -> bool:
        value = membership[0]
        for op, member in zip(self.operators, membership[1:], strict=True):
            if op == "AND":
                value = value and member
            elif op == "OR":
                value = value or member
            else:
                value = value and not member
        return value

    def regions(self) -> list[Region]:
        """Every region with at least one set, with its records and whether the combination keeps it."""
        everything = frozenset().union(*self.sets)
        found = []
        for membership in product((True, False), repeat=len(self.sets)):
            if not any(membership):
                continue
            ids = everything
            for inside, members in zip(membership, self.sets, strict=True):
                ids = ids & members if inside else ids - members
            found.append(Region(membership, ids, self._selects(membership)))
        return found

    def result(self) -> frozenset[str]:
        """The records the combination finds."""
        return frozenset().union(*(r.ids for r in self.regions() if r.selected))

    def lost_by_not(self) -> frozenset[str]:
        """Records that a ``NOT`` step removed from what the search had found so far.

        These mention the excluded concept as well as the wanted ones, which is why ``NOT`` can
        lose relevant records.
        """
        current, lost = self.sets[0], frozenset[str]()
        for op, members in zip(self.operators, self.sets[1:], strict=True):
            if op == "AND":
                current = current & members
            elif op == "OR":
                current = current | members
            else:
                lost |= current & members
                current = current - members
        return lost

    def summary(self) -> str:
        """One plain sentence describing the result, for screen readers and the static site."""
        count = len(self.result())
        noun = "record" if count == 1 else "records"
        text = f"{self.expression()} finds {count} {noun}."
        lost = self.lost_by_not()
        if lost:
            text += (f" NOT removed {len(lost)} record(s) that also mention the excluded "
                     f"concept; some of them may be relevant.")
        return text


# Circle centres and label positions for two and three sets, in a 360 x 260 drawing.
class _Layout(NamedTuple):
    """Where a diagram's circles go (centres), how big they are, and where their names sit."""

    circles: list[tuple[int, int]]
    radius: int
    names: list[tuple[int, int]]


_LAYOUT = {
    2: _Layout(circles=[(135, 130), (225, 130)], radius=90, names=[(95, 28), (265, 28)]),
    3: _Layout(circles=[(140, 98), (220, 98), (180, 162)], radius=74, names=[(70, 22), (290, 22), (180, 256)]),
}
_REGION_LABELS: dict[int, dict[tuple[bool, ...], tuple[int, int]]] = {
    2: {(True, False): (95, 135), (True, True): (180, 135), (False, True): (265, 135)},
    3: {(True, False, False): (110, 80), (False, True, False): (250, 80),
        (False, False, True): (180, 205), (True, True, False): (180, 72),
        (True, False, True): (138, 145), (False, True, True): (222, 145),
        (True, True, True): (180, 120)},
}
_COLOURS = ("#1f5f99", "#8a3b12", "#2d6a2d")  # dark enough for 4.5:1 against white and the shading
_WIDTH, _HEIGHT = 360, 260


def _name_label(name: str, x: float, y: float, colour: str) -> str:
    """A set's name, shrunk and moved if need be so that all of it stays inside the drawing."""
    size = 16.0
    while size > 9 and text_width(name, size, bold=True) > _WIDTH - 8:
        size -= 1
    half = text_width(name, size, bold=True) / 2
    x = min(max(x, 4 + half), _WIDTH - 4 - half)
    return svg_text(x, y, name, size=size, anchor="middle", bold=True, fill=colour)


def region_description(model: VennModel) -> str:
    """Every region in words, with its count and whether the search keeps it (the chart's ``<desc>``)."""
    parts = []
    for region in model.regions():
        inside = [name for name, member in zip(model.names, region.membership, strict=True) if member]
        outside = [name for name, member in zip(model.names, region.membership, strict=True) if not member]
        where = " and ".join(inside) if len(inside) > 1 else f"only {inside[0]}"
        if len(inside) > 1 and outside:
            where += f", not {' or '.join(outside)}"
        n = len(region.ids)
        parts.append(f"{where}: {n} {'record' if n == 1 else 'records'}, "
                     f"{'kept' if region.selected else 'not kept'}")
    return f"Venn diagram of {', '.join(model.names)}. " + "; ".join(parts) + "."


def venn_svg(model: VennModel) -> str:
    """Draw the model as an accessible SVG: shaded selected regions, counts, a title and a description.

    The ``<title>`` is :meth:`VennModel.summary` (what the search finds) and the ``<desc>`` names
    every region with its count, so a screen reader hears all that the picture shows. Plain Python:
    it draws the same in JupyterLab and in the browser.
    """
    n = len(model.names)
    uid = new_id("venn")
    layout = _LAYOUT[n]
    r = layout.radius
    defs, shading, outlines, labels = [], [], [], []
    for i, (cx, cy) in enumerate(layout.circles):
        defs.append(f'<clipPath id="{uid}c{i}"><circle cx="{cx}" cy="{cy}" r="{r}"/></clipPath>')
        outlines.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" '
                        f'stroke="{_COLOURS[i]}" stroke-width="3"/>')
        nx, ny = layout.names[i]
        labels.append(_name_label(model.names[i], nx, ny, _COLOURS[i]))
    for k, region in enumerate(model.regions()):
        lx, ly = _REGION_LABELS[n][region.membership]
        labels.append(svg_text(lx, ly, str(len(region.ids)), size=18, anchor="middle", fill="#111111",
                               extra=f'class="venn-count" '
                                     f'data-region="{"".join("1" if m else "0" for m in region.membership)}"'))
        if not region.selected:
            continue
        shape = f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="white"/>'
        for i, inside in enumerate(region.membership):
            if inside:
                shape = f'<g clip-path="url(#{uid}c{i})">{shape}</g>'
        excluded = "".join(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="black"/>'
            for (cx, cy), inside in zip(layout.circles, region.membership, strict=True) if not inside
        )
        defs.append(f'<mask id="{uid}m{k}">{shape}{excluded}</mask>')
        shading.append(f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#f2c14e" mask="url(#{uid}m{k})"/>')
    body = f'<defs>{"".join(defs)}</defs>{"".join(shading)}{"".join(outlines)}{"".join(labels)}'
    return svg_chart(model.summary(), region_description(model), _WIDTH, _HEIGHT, body, uid=uid)
