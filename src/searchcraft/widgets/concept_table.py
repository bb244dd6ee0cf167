"""``ConceptTable``: plan a search as columns of synonyms and headings, and read the strategy it implies.

One column per concept. Under each: free-text synonyms, subject headings, and suggestions from the
vocabulary (a heading's entry terms and the narrower headings below it). The strategy combines each
column with OR and the columns with AND, printed in PubMed, Ovid, Europe PMC or CINAHL syntax, with
the number of records each column and the whole strategy find.

Keyboard use: Tab moves between the boxes and buttons; Space or Enter presses a button; arrow keys
choose in a list.

Example::

    framer = QuestionFramer()
    ...                                    # frame the question, then
    table = ConceptTable(framer.concept_table(), save_to="my-work/concepts.json")
    table.strategy("ovid")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..query.translate import NAMES
from .models.concepts import TEXT_FIELDS, ConceptTableModel
from .models.practice import is_practice, source_or_default, vocabulary_of
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Source

_STYLE = {"description_width": "initial"}
_FULL = widgets.Layout(width="98%")
# a label above its box, so that narrow columns keep their boxes wide enough to type in
_STACKED = widgets.Layout(width="98%", flex_flow="column", align_items="stretch")
_STACKED_LIST = widgets.Layout(width="98%", height="4.4em", flex_flow="column", align_items="stretch")


class _ColumnView(widgets.VBox):
    """The controls of one concept column."""

    def __init__(self, table: ConceptTable, name: str) -> None:
        self.table, self.name = table, name
        self.contents = widgets.HTML()
        self.term = widgets.Text(description=f"Synonym for {name}:", placeholder="e.g. older people",
                                 style=_STYLE, layout=_STACKED)
        self.add_term = widgets.Button(description=f"Add synonym to {name}", layout=_FULL)
        self.heading = widgets.Text(description=f"Heading for {name}:", placeholder="e.g. Aged",
                                    style=_STYLE, layout=_STACKED)
        self.add_heading = widgets.Button(description=f"Add heading to {name}", layout=_FULL)
        self.suggestions = widgets.Dropdown(description=f"Suggestions for {name}:", style=_STYLE,
                                            layout=_STACKED_LIST)
        self.accept = widgets.Button(description=f"Add suggestion to {name}", layout=_FULL)
        self.remove_choice = widgets.Dropdown(description=f"Remove from {name}:", style=_STYLE,
                                              layout=_STACKED_LIST)
        self.remove = widgets.Button(description=f"Remove it from {name}", layout=_FULL)
        self.drop = widgets.Button(description=f"Remove the concept {name}", button_style="warning", layout=_FULL)
        self.add_term.on_click(lambda _b: self.table._change(self.name, "term", self.term))
        self.add_heading.on_click(lambda _b: self.table._change(self.name, "heading", self.heading))
        self.accept.on_click(lambda _b: self.table._accept(self.name, self.suggestions.value))
        self.remove.on_click(lambda _b: self.table._remove(self.name, self.remove_choice.value))
        self.drop.on_click(lambda _b: self.table.remove_concept(self.name))
        super().__init__([self.contents, self.term, self.add_term, self.heading, self.add_heading,
                          self.suggestions, self.accept, self.remove_choice, self.remove, self.drop],
                         layout=widgets.Layout(width="31%", min_width="20em", border="1px solid #767676",
                                               padding="0.4em", margin="0 0.5em 0.5em 0"))
        self.update()

    def update(self) -> None:
        concept = self.table.model.concept(self.name)
        terms = "".join(f"<li>{escape(t)}</li>" for t in concept.terms) or "<li><em>none yet</em></li>"
        headings = "".join(f"<li>{escape(h)} [mh]</li>" for h in concept.headings) or "<li><em>none yet</em></li>"
        count = self.table.counts.get(concept.name)
        found = f"<p>Finds {count:,} records (OR within the column).</p>" if count is not None else ""
        self.contents.value = (f"<h4 style='margin:0.2em 0'>{escape(concept.name)}</h4>"
                               f"<p style='margin:0'>Synonyms (free text):</p><ul>{terms}</ul>"
                               f"<p style='margin:0'>Subject headings:</p><ul>{headings}</ul>{found}")
        self.suggestion_list = self.table.model.suggestions(self.name)
        options = [(f"{s.text} ({s.kind}: {s.why})", i) for i, s in enumerate(self.suggestion_list)]
        self.suggestions.options = options or [("No suggestions: add a term the vocabulary knows", None)]
        self.suggestions.value = options[0][1] if options else None
        self.accept.disabled = not options
        removable = [(t, ("term", t)) for t in concept.terms] + [(f"{h} [mh]", ("heading", h))
                                                                 for h in concept.headings]
        self.remove_choice.options = removable or [("Nothing to remove", None)]
        self.remove_choice.value = removable[0][1] if removable else None
        self.remove.disabled = not removable


class ConceptTable(widgets.VBox):
    """A concept table over a source (the practice database by default); accepts QuestionFramer's output."""

    def __init__(self, concepts: Iterable[Mapping[str, Any]] | Any = (), source: Source | None = None, *,
                 field: str = "tiab", syntax: str = "pubmed", save_to: str | Path | None = None) -> None:
        if hasattr(concepts, "concept_table"):  # a QuestionFramer (or its model)
            concepts = concepts.concept_table()
        self.source = source_or_default(source)
        vocabulary = vocabulary_of(self.source)
        self.slot = SaveSlot(save_to, kind="ConceptTable")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        try:
            self.model = (ConceptTableModel.from_state(state, vocabulary=vocabulary) if state else
                          ConceptTableModel(concepts, field=field, vocabulary=vocabulary))
        except SearchCraftError as error:
            if not state:
                raise
            message, problem = f"Your saved concept table could not be restored: {error.message}", True
            self.model = ConceptTableModel(concepts, field=field, vocabulary=vocabulary)
        self.counts: dict[str, int] = {}
        self.new_concept = widgets.Text(description="New concept:", placeholder="e.g. Outcome", style=_STYLE)
        self.add_concept = widgets.Button(description="Add concept", tooltip="Add a column for a new concept",
                                          layout=widgets.Layout(width="auto"))
        self.field = widgets.Dropdown(options=[(v, k) for k, v in TEXT_FIELDS.items()], value=self.model.field,
                                      description="Search synonyms in:", style=_STYLE)
        self.syntax = widgets.Dropdown(options=[(v, k) for k, v in NAMES.items()], value=syntax,
                                       description="Show the strategy for:", style=_STYLE)
        self.count_button = widgets.Button(description="Count records", layout=widgets.Layout(width="auto"),
                                           tooltip="Count what each column and the strategy find")
        self.columns = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        self.strategy_view = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self.add_concept.on_click(self._add_concept)
        self.field.observe(self._field_changed, names="value")
        self.syntax.observe(lambda _c: self._show_strategy(), names="value")
        self.count_button.on_click(lambda _b: self._count(announce=True))
        super().__init__([widgets.HBox([self.new_concept, self.add_concept]), self.field, self.columns,
                          widgets.HBox([self.syntax, self.count_button]), self.strategy_view, self.status])
        self._rebuild()

    # -- the public API -------------------------------------------------------------------------
    def concept_table(self) -> list[dict[str, Any]]:
        """The table as ``[{"concept", "terms", "headings"}]``."""
        return self.model.to_rows()

    def strategy(self, syntax: str | None = None) -> str:
        """The strategy the table implies, in ``syntax`` (the one chosen in the widget by default)."""
        return self.model.strategy(syntax or self.syntax.value)

    def add_heading(self, concept: str, heading: str) -> bool:
        """Add a heading to a column (creating the column if needed), e.g. from ``HeadingBrowser``."""
        self.model.add_concept(concept)
        added = self.model.add_heading(concept, heading)
        self._rebuild()
        self._save()
        return added

    def remove_concept(self, name: str) -> None:
        self.model.remove_concept(name)
        self.status.value = live_region(f"Removed the concept {name}.")
        self._rebuild()
        self._save()

    # -- changes --------------------------------------------------------------------------------
    def _add_concept(self, _button=None) -> None:
        try:
            concept = self.model.add_concept(self.new_concept.value)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        self.new_concept.value = ""
        self.status.value = live_region(f"Added the concept {concept.name}.")
        self._rebuild()
        self._save()

    def _change(self, name: str, kind: str, box: widgets.Text) -> None:
        try:
            added = (self.model.add_term if kind == "term" else self.model.add_heading)(name, box.value)
        except SearchCraftError as error:
            self.status.value = problem_html(error, lead=f"Not added to {name}.")
            return
        what = "synonym" if kind == "term" else "heading"
        self.status.value = live_region(f"Added the {what} {box.value.strip()} to {name}." if added else
                                        f"{name} already has {box.value.strip()}.")
        box.value = ""
        self._refresh()

    def _accept(self, name: str, index: int | None) -> None:
        column = self._view(name)
        if index is None or column is None:
            return
        suggestion = column.suggestion_list[index]
        try:
            self.model.accept(name, suggestion)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        self.status.value = live_region(f"Added the {suggestion.kind} {suggestion.text} to {name}.")
        self._refresh()

    def _remove(self, name: str, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        kind, text = choice
        (self.model.remove_term if kind == "term" else self.model.remove_heading)(name, text)
        self.status.value = live_region(f"Removed {text} from {name}.")
        self._refresh()

    def _field_changed(self, change: dict) -> None:
        self.model.set_field(change["new"])
        self._refresh()

    # -- showing --------------------------------------------------------------------------------
    def _view(self, name: str) -> _ColumnView | None:
        return next((c for c in self.columns.children if c.name == name), None)

    def _rebuild(self) -> None:
        self._count()
        self.columns.children = [_ColumnView(self, c.name) for c in self.model.concepts]
        self._show_strategy()

    def _refresh(self) -> None:
        self._count()
        for column in self.columns.children:
            column.update()
        self._show_strategy()
        self._save()

    def _count(self, *, announce: bool = False) -> None:
        if not (announce or is_practice(self.source)):
            self.counts = {}  # a live database is only asked when the learner presses Count
            return
        try:
            self.counts = self.model.counts(self.source)
        except SearchCraftError as error:
            self.counts = {}
            if announce:
                self.status.value = problem_html(error)
            return
        if announce:
            for column in self.columns.children:
                column.update()
            self._show_strategy()

    def _show_strategy(self) -> None:
        try:
            shown = self.model.strategy_in(self.syntax.value)
        except SearchCraftError as error:
            self.strategy_view.value = f"<p>{escape(error.message)}. {escape(error.hint or '')}</p>"
            return
        total = self.counts.get("All concepts")
        found = f"<p>The strategy finds {total:,} records.</p>" if total is not None else ""
        warnings = "".join(f"<li>{escape(w)}</li>" for w in shown.warnings)
        self.strategy_view.value = (
            f'<div role="status" aria-live="polite"><p>The strategy for {escape(NAMES[shown.syntax])} '
            "(OR within a column, AND between columns):</p>"
            f'<pre style="white-space:pre-wrap">{escape(shown.text)}</pre>{found}'
            + (f"<p>Check before running it:</p><ul>{warnings}</ul>" if warnings else "") + "</div>")

    def _save(self) -> None:
        message = self.slot.save(self.model.to_state())
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
