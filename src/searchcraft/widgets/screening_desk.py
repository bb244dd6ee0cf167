"""``ScreeningDesk``: title and abstract screening, one record at a time, then the PRISMA flow diagram.

Read each record and decide: *Include*, *Exclude* (choose the reason first) or *Maybe* (unsure,
so it goes on to full text). After a decision the desk moves to the next undecided record.

Keyboard use: every action is a button reached with Tab and pressed with Enter or Space. For speed,
put the cursor in the *Shortcut keys* box and type a single letter: **I** include, **E** exclude
(with the reason chosen in the list), **M** maybe, **N** next record, **P** previous record,
**U** undo the decision on this record. Progress and each decision are announced to screen readers.

Example::

    ScreeningDesk(query='leaflet*[tiab] AND readability[tiab]', save_to="my-work/screening.json")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..charts import new_id
from ..errors import SearchCraftError
from ..records import Record
from ..report import flow_svg
from .models.screening import DEFAULT_REASONS, ScreeningModel
from .saving import SaveSlot, live_region

DEFAULT_QUERY = "leaflet*[tiab] AND readability[tiab]"
SHORTCUTS = {"i": "include", "e": "exclude", "m": "maybe", "n": "next", "p": "previous", "u": "undo"}


def record_html(record: Record, position: int, total: int, decision) -> str:
    """One record as a screener reads it: title, source details, abstract and the decision so far."""
    details = ", ".join(x for x in (
        "; ".join(record.authors[:3]) + (" et al." if len(record.authors) > 3 else ""),
        record.journal, str(record.year or "")) if x)
    decided = ("Not yet decided." if decision is None else
               f"Your decision: {decision.decision}" + (f" ({decision.reason})" if decision.reason else "") + ".")
    abstract = escape(record.abstract) if record.abstract else "<em>No abstract.</em>"
    return (f'<article aria-label="Record {position} of {total}" style="max-width:48em">'
            f"<p><small>Record {position} of {total} &middot; {escape(record.id)}</small></p>"
            f"<h4 style='margin:0.2em 0;color:inherit'>{escape(record.title)}</h4>"
            f"<p><small>{escape(details)}</small></p><p>{abstract}</p>"
            f"<p><strong>{escape(decided)}</strong></p></article>")


def flow_html(model: ScreeningModel) -> str:
    """The PRISMA 2020 flow diagram of the decisions, as inline SVG (its description reads every box)."""
    counts = model.flow_counts()
    note = "" if model.complete else (
        "<p>Screening is not finished, so the screening boxes show n = ?.</p>")
    return (f'<figure class="searchcraft-chart" style="margin:0;max-width:100%">{flow_svg(counts, uid=new_id("flow"))}'
            '<figcaption style="color:inherit">PRISMA 2020 flow diagram of your screening '
            f"decisions.</figcaption></figure>{note}")


class ScreeningDesk(widgets.VBox):
    """Screen a result set (a query on the practice database, or a list of records)."""

    def __init__(self, records: Iterable[Record | dict] | None = None, *, query: str = DEFAULT_QUERY,
                 source=None, limit: int | None = 25, reasons: Sequence[str] = DEFAULT_REASONS,
                 duplicates_removed: int = 0, save_to: str | Path | None = None) -> None:
        source_name = "Records given"
        if records is None:
            if source is None:
                from ..practice import PracticeDatabase

                source = PracticeDatabase.bundled()
            result = source.search(query, limit=limit)
            records = source.fetch(result.ids)
            source_name = "Practice database" if source.name == "practice" else source.name
        self.model = ScreeningModel(records, reasons=reasons, source_name=source_name,
                                    duplicates_removed=duplicates_removed)
        self.slot = SaveSlot(save_to, kind="ScreeningDesk")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        if state:
            try:
                missing = self.model.restore(state)
                if missing:
                    message += f" {len(missing)} saved decision(s) were for records no longer in this set."
            except (SearchCraftError, ValueError, TypeError, AttributeError) as error:
                message, problem = f"Your saved decisions could not be read: {error}", True
        self.progress = widgets.HTML()
        self.record = widgets.HTML()
        self.reason = widgets.Dropdown(options=list(self.model.reasons), description="Reason to exclude:",
                                       style={"description_width": "10em"}, layout=widgets.Layout(width="36em"))

        def button(label: str, tip: str) -> widgets.Button:
            # No coloured button styles: ipywidgets' colours fail WCAG contrast on the static site.
            return widgets.Button(description=label, tooltip=tip, layout=widgets.Layout(width="auto"))

        self.include = button("Include (I)", "Include this record: it may answer the question")
        self.exclude = button("Exclude (E)", "Exclude this record, for the reason chosen")
        self.maybe = button("Maybe (M)", "Unsure from the abstract: look at the full text")
        self.previous = button("Previous (P)", "Go to the previous record")
        self.next = button("Next (N)", "Go to the next record")
        self.undo = button("Undo decision (U)", "Clear the decision on this record")
        self.shortcuts = widgets.Text(value="", description="Shortcut keys:", continuous_update=True,
                                      placeholder="Type I, E, M, N, P or U here",
                                      style={"description_width": "10em"}, layout=widgets.Layout(width="30em"))
        self.draw = button("Show PRISMA flow diagram", "Draw the flow diagram of your decisions so far")
        self.draw.layout.width = "18em"
        self.tally = widgets.HTML()
        self.flow = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self.include.on_click(lambda _b: self.act("include"))
        self.exclude.on_click(lambda _b: self.act("exclude"))
        self.maybe.on_click(lambda _b: self.act("maybe"))
        self.previous.on_click(lambda _b: self.act("previous"))
        self.next.on_click(lambda _b: self.act("next"))
        self.undo.on_click(lambda _b: self.act("undo"))
        self.draw.on_click(lambda _b: self._draw_flow())
        self.shortcuts.observe(self._key, names="value")
        self._show()
        if self.model.complete:
            self._draw_flow()
        help_text = widgets.HTML(
            "<p><small>Shortcut keys: put the cursor in the box and type <kbd>I</kbd> include, "
            "<kbd>E</kbd> exclude, <kbd>M</kbd> maybe, <kbd>N</kbd> next, <kbd>P</kbd> previous, "
            "<kbd>U</kbd> undo.</small></p>")
        super().__init__([
            self.progress, self.record, self.reason,
            widgets.HBox([self.include, self.exclude, self.maybe]),
            widgets.HBox([self.previous, self.next, self.undo]),
            self.shortcuts, help_text, self.tally, self.draw, self.flow, self.status])

    # --- actions --------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        """Do one action by name: include, exclude, maybe, next, previous or undo."""
        said = ""
        try:
            if action in ("include", "maybe"):
                record = self.model.current
                self.model.decide(action)
                said = f"{action.capitalize()}d: {record.title}" if action == "include" else f"Maybe: {record.title}"
            elif action == "exclude":
                record = self.model.current
                self.model.decide("exclude", reason=self.reason.value)
                said = f"Excluded ({self.reason.value}): {record.title}"
            elif action == "next":
                self.model.next()
            elif action == "previous":
                self.model.previous()
            elif action == "undo":
                self.model.undo()
                said = "Decision cleared."
        except SearchCraftError as error:
            self.status.value = live_region(error.message, problem=True)
            return
        if said:
            if self.model.complete:
                said += " Every record is screened: the flow diagram is below."
            self.status.value = live_region(said)
            message = self.slot.save(self.model.to_state())
            if message.startswith("Could not"):
                self.status.value = live_region(message, problem=True)
        elif action in ("next", "previous"):
            self.slot.save(self.model.to_state())
        self._show()
        if self.model.complete and said:
            self._draw_flow()

    def _key(self, change: dict) -> None:
        typed = (change["new"] or "").strip().lower()
        if not typed:
            return
        self.shortcuts.value = ""
        action = SHORTCUTS.get(typed[-1])
        if action is None:
            self.status.value = live_region(f"{typed[-1]!r} is not a shortcut: use I, E, M, N, P or U.", problem=True)
            return
        self.act(action)

    def _show(self) -> None:
        done, total = self.model.progress()
        self.progress.value = (f'<p><label>Screened {done} of {total} records: '
                               f'<progress value="{done}" max="{total}"></progress></label></p>')
        record = self.model.current
        self.record.value = record_html(record, self.model.position + 1, total,
                                        self.model.decision_for(record.id))
        reasons = self.model.exclusion_reasons()
        listed = "".join(f"<li>{escape(r)}: {n}</li>" for r, n in reasons.items())
        self.tally.value = f"<p>{escape(self.model.summary())}</p>" + (
            f"<p>Reasons for excluding:</p><ul>{listed}</ul>" if listed else "")

    def _draw_flow(self) -> None:
        self.flow.value = flow_html(self.model)
