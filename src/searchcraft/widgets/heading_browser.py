"""``HeadingBrowser``: browse the subject headings tree, read scope notes, compare exploded counts.

Press a heading to open its branch and read it: its scope note, entry terms, broader and narrower
headings, and how many records ``[mh]`` (exploded: it and every heading below it) and
``[mh:noexp]`` (the heading alone) find. Find a heading by its name or by an entry term. Given a
``ConceptTable``, a heading can be added to one of its concepts.

Keyboard use: Tab moves through the tree's headings and the controls; Space or Enter opens a branch.

Example::

    table = ConceptTable([{"concept": "Falls", "terms": ["falls"]}])
    HeadingBrowser(concept_table=table, save_to="my-work/headings.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.headings import HeadingBrowserModel, TreeRow
from .models.practice import source_or_default, vocabulary_of
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Source
    from .concept_table import ConceptTable

_STYLE = {"description_width": "initial"}
MAX_FOUND = 12


class HeadingBrowser(widgets.VBox):
    """The headings tree of the practice vocabulary, with counts from ``source``."""

    def __init__(self, source: Source | None = None, *, concept_table: ConceptTable | None = None,
                 save_to: str | Path | None = None) -> None:
        self.source = source_or_default(source)
        self.model = HeadingBrowserModel(vocabulary_of(self.source))
        self.concept_table = concept_table
        self.slot = SaveSlot(save_to, kind="HeadingBrowser")
        state, message = self.slot.restore()
        if state:
            self.model.restore(state)
        self.find = widgets.Text(description="Find a heading (name or entry term):", placeholder="e.g. elderly",
                                 continuous_update=True, style=_STYLE, layout=widgets.Layout(width="36em"))
        self.found = widgets.VBox()
        self.found_note = widgets.HTML()
        self.tree = widgets.VBox(layout=widgets.Layout(flex="0 0 24em", width="24em", max_height="30em",
                                                       overflow="auto", align_items="flex-start"))
        self.details = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.target = widgets.Dropdown(description="Add to concept:", style=_STYLE)
        self.add = widgets.Button(description="Add heading to the concept table", layout=widgets.Layout(width="auto"),
                                  tooltip="Add the heading you are reading to the chosen concept")
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        self._buttons: dict[str, widgets.Button] = {}
        self.find.observe(lambda _c: self._search(), names="value")
        self.add.on_click(self._add_to_table)
        adding = [widgets.HBox([self.target, self.add])] if concept_table is not None else []
        super().__init__([self.find, self.found_note, self.found,
                          widgets.HTML("<p><strong>Headings tree</strong> (press a heading to open it and read about "
                                       "it)</p>"),
                          widgets.HBox([self.tree, self.details]), *adding, self.status])
        self._show_tree()
        self._show_details()

    # -- the tree -------------------------------------------------------------------------------
    def _button(self, row: TreeRow) -> widgets.Button:
        button = self._buttons.get(row.tree_number)
        if button is None:
            # flex "0 0 auto": in a scrolling column the buttons must keep their height
            button = widgets.Button(layout=widgets.Layout(width="auto", flex="0 0 auto",
                                                          margin=f"1px 0 1px {row.depth * 1.4}em"))
            button.on_click(lambda _b, number=row.tree_number: self.press(number))
            self._buttons[row.tree_number] = button
        mark = ("\u25be" if row.expanded else "\u25b8") if row.has_children else "\u2022"
        button.description = f"{mark} {row.heading}"
        state = ("open" if row.expanded else "closed") if row.has_children else "no narrower headings"
        button.tooltip = f"{row.heading} ({row.tree_number}, {state})"
        button.button_style = "info" if row.heading == self.model.selected else ""
        return button

    def _show_tree(self) -> None:
        self.tree.children = [self._button(row) for row in self.model.visible_rows()]

    def press(self, tree_number: str) -> None:
        """Press the heading at ``tree_number``: open or close its branch and read about it."""
        heading = self.model.vocabulary.by_tree_number(tree_number)
        if heading is None:
            return
        self.model.toggle(tree_number)
        self.model.select(heading.heading)
        self._show_tree()
        self._show_details()
        self._save()

    def show(self, name: str) -> None:
        """Reveal the heading ``name`` (or the heading of an entry term) in the tree and read about it."""
        try:
            self.model.reveal(name)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        self._show_tree()
        self._show_details()
        self._save()

    # -- finding --------------------------------------------------------------------------------
    def _search(self) -> None:
        found = self.model.search(self.find.value, limit=MAX_FOUND)
        buttons = []
        for item in found:
            text = item.heading if not item.by_entry_term else f"{item.heading} (entry term: {item.matched})"
            button = widgets.Button(description=text, layout=widgets.Layout(width="auto"),
                                    tooltip=f"Show {item.heading} in the tree")
            button.on_click(lambda _b, name=item.heading: self.show(name))
            buttons.append(button)
        self.found.children = buttons
        if not self.find.value.strip():
            self.found_note.value = ""
        else:
            count = len(found)
            self.found_note.value = live_region(
                f"{count} heading{'s' if count != 1 else ''} found for '{self.find.value.strip()}'"
                + (" (the first few only)" if count == MAX_FOUND else "") + "." if count else
                f"No heading or entry term contains '{self.find.value.strip()}'. Try a shorter word.")

    # -- reading --------------------------------------------------------------------------------
    def _show_details(self) -> None:
        if self.model.selected is None:
            self.details.value = "<p>Press a heading in the tree to read about it.</p>"
            self.add.disabled = True
            return
        try:
            d = self.model.details(self.model.selected, self.source)
        except SearchCraftError as error:
            self.details.value = problem_html(error)
            return

        def listed(items: tuple[str, ...]) -> str:
            return ", ".join(escape(i) for i in items) or "none"

        adds = d.explosion_adds
        self.details.value = (
            f'<div role="region" aria-label="About {escape(d.heading)}" style="padding-left:1em">'
            f"<h4 style='margin:0.2em 0'>{escape(d.heading)}</h4>"
            f"<p><strong>Scope note:</strong> {escape(d.scope_note) or 'none'}</p>"
            f"<p><strong>Entry terms:</strong> {listed(d.entry_terms)}</p>"
            f"<p><strong>Broader:</strong> {listed(d.broader)}<br><strong>Narrower:</strong> {listed(d.narrower)}</p>"
            f"<p><strong>Tree numbers:</strong> {listed(d.tree_numbers)}</p>"
            '<table><caption>Exploded and unexploded searches</caption><thead><tr><th scope="col">Search</th>'
            '<th scope="col">Records</th></tr></thead><tbody>'
            f"<tr><td><code>{escape(d.exploded_query)}</code> (with narrower headings)</td><td>{d.exploded:,}</td></tr>"
            f"<tr><td><code>{escape(d.unexploded_query)}</code> (this heading only)</td><td>{d.unexploded:,}</td></tr>"
            "</tbody></table>"
            f'<p role="status" aria-live="polite">Exploding {escape(d.heading)} adds {adds:,} record'
            f"{'s' if adds != 1 else ''} indexed only with narrower headings.</p></div>")
        self._refresh_targets()

    def _refresh_targets(self) -> None:
        if self.concept_table is None:
            return
        names = [row["concept"] for row in self.concept_table.concept_table()]
        current = self.target.value
        self.target.options = names or [("Add a concept to the table first", None)]
        self.target.value = current if current in names else (names[0] if names else None)
        self.add.disabled = not names or self.model.selected is None

    def _add_to_table(self, _button=None) -> None:
        if self.concept_table is None or self.model.selected is None or self.target.value is None:
            return
        try:
            added = self.concept_table.add_heading(self.target.value, self.model.selected)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        self.status.value = live_region(
            f"Added {self.model.selected} to {self.target.value}." if added else
            f"{self.target.value} already has {self.model.selected}.")

    def _save(self) -> None:
        message = self.slot.save(self.model.to_state())
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
