"""``BooleanVenn``: pick the operators and see which part of the diagram a search keeps.

Given sets of record ids it draws them; given two or three searches (``queries=``) it runs them on
a source (the practice database by default) and draws what they really find, with the number of
records in every region, and lets the learner change the searches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.venn import OPERATORS, VennModel, venn_svg
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Source

_LETTERS = "ABC"


class BooleanVenn(widgets.VBox):
    """A Venn diagram of two or three sets with one operator chooser between each pair.

    Example::

        BooleanVenn({"falls": falls_ids, "exercise": exercise_ids, "older adults": older_ids})
        BooleanVenn(queries=["falls[tiab]", "exercise[tiab]"])            # searches the practice database
        BooleanVenn.from_queries(["falls[tiab]", "exercise[tiab]", "aged[mh]"], source, save_to="venn.json")
    """

    def __init__(self, sets: Mapping[str, Sequence[str] | set[str]] | None = None,
                 operators: Sequence[str] | None = None, *,
                 queries: Sequence[str] | Mapping[str, str] | None = None,
                 source: Source | None = None, save_to: str | Path | None = None):
        self.slot = SaveSlot(save_to, kind="BooleanVenn")
        state, message = self.slot.restore()
        self.source = source
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        if state:
            queries = state.get("queries") or queries
            operators = state.get("operators") or operators
        if queries is not None:
            self.model = VennModel.from_queries(queries, source)
        elif sets is not None:
            self.model = VennModel(sets)
        else:
            raise SearchCraftError("BooleanVenn needs sets of record ids or two or three queries",
                                   hint="e.g. BooleanVenn(queries=['falls[tiab]', 'exercise[tiab]']).")
        if operators:
            self.model.set_operators(operators)
        self.query_inputs = [
            widgets.Text(value=query, description=f"Search {_LETTERS[i]}:", continuous_update=False,
                         style={"description_width": "initial"}, layout=widgets.Layout(width="90%"))
            for i, query in enumerate(self.model.queries)
        ]
        self.redraw = widgets.Button(description="Draw the diagram again", layout=widgets.Layout(width="auto"),
                                     tooltip="Run the searches above and redraw the diagram")
        self.redraw.on_click(self._redraw)
        self.chooser_box = widgets.VBox()
        self.diagram = widgets.HTML()
        self.summary = widgets.HTML()
        self._make_choosers()
        self._show()
        searches = [*self.query_inputs, self.redraw] if self.query_inputs else []
        super().__init__([*searches, self.chooser_box, self.diagram, self.summary, self.status])

    @classmethod
    def from_queries(cls, queries: Sequence[str] | Mapping[str, str], source: Source | None = None, *,
                     operators: Sequence[str] | None = None,
                     save_to: str | Path | None = None) -> BooleanVenn:
        """The diagram of two or three searches run on ``source`` (the practice database by default)."""
        return cls(queries=queries, source=source, operators=operators, save_to=save_to)

    @property
    def choosers(self) -> list[widgets.ToggleButtons]:
        return list(self.chooser_box.children)

    def _make_choosers(self) -> None:
        # PubMed reads left to right, so each later operator joins the result so far (not the set
        # beside it) with the next set: the labels say so.
        names = self.model.names
        choosers = [
            widgets.ToggleButtons(
                options=list(OPERATORS),
                value=op,
                description=(f"Between {names[0]} and {right}:" if i == 0
                             else f"Between the result so far and {right}:"),
                style={"description_width": "initial"},
                tooltips=[(f"{names[0]} {o} {right}" if i == 0 else f"(result so far) {o} {right}")
                          for o in OPERATORS],
            )
            for i, (op, right) in enumerate(zip(self.model.operators, names[1:], strict=True))
        ]
        for chooser in choosers:
            chooser.observe(self._on_change, names="value")
        self.chooser_box.children = choosers

    def _on_change(self, _change: dict) -> None:
        self.model.set_operators([c.value for c in self.choosers])
        self._show()
        self._save()

    def _redraw(self, _button=None) -> None:
        queries = [box.value for box in self.query_inputs]
        try:
            model = VennModel.from_queries(queries, self.source)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        model.set_operators(self.model.operators)
        self.model = model
        self._make_choosers()
        self._show()
        self.status.value = live_region("Diagram redrawn from your searches.")
        self._save()

    def _save(self) -> None:
        state = {"operators": list(self.model.operators)}
        if self.model.queries:
            state["queries"] = list(self.model.queries)
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _show(self) -> None:
        self.diagram.value = venn_svg(self.model)
        self.summary.value = f'<p aria-live="polite">{self.model.summary()}</p>'
