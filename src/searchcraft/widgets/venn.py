"""``BooleanVenn``: pick the operators and see which part of the diagram a search keeps."""

from __future__ import annotations

from typing import Mapping, Sequence

import ipywidgets as widgets

from .models.venn import OPERATORS, VennModel, venn_svg


class BooleanVenn(widgets.VBox):
    """A Venn diagram of two or three sets with one operator chooser between each pair.

    Example::

        BooleanVenn({"falls": falls_ids, "exercise": exercise_ids, "older adults": older_ids})
    """

    def __init__(self, sets: Mapping[str, Sequence[str] | set[str]], operators: Sequence[str] | None = None):
        self.model = VennModel(sets)
        if operators:
            self.model.set_operators(operators)
        self.choosers = [
            widgets.ToggleButtons(
                options=list(OPERATORS),
                value=op,
                description=f"Between {left} and {right}:",
                style={"description_width": "initial"},
                tooltips=[f"{left} {o} {right}" for o in OPERATORS],
            )
            for op, left, right in zip(self.model.operators, self.model.names, self.model.names[1:])
        ]
        self.diagram = widgets.HTML()
        self.summary = widgets.HTML()
        for chooser in self.choosers:
            chooser.observe(self._on_change, names="value")
        self._show()
        super().__init__([*self.choosers, self.diagram, self.summary])

    def _on_change(self, _change: dict) -> None:
        self.model.set_operators([c.value for c in self.choosers])
        self._show()

    def _show(self) -> None:
        self.diagram.value = venn_svg(self.model)
        self.summary.value = f'<p aria-live="polite">{self.model.summary()}</p>'
