"""``SearchBuilder``: type a search, see its count at once, build a numbered history, read and export results.

On the practice database the count follows the typing. Lines are added to a numbered history and
combined with ``#1 AND #2``; editing a line re-runs the lines that use it, and a line others use
cannot be deleted. A syntax error shows where it is (a caret under the character) and the typed
line is kept. With a gold set, *How did I do?* gives recall, precision and why each relevant record
was missed.

Keyboard use: Tab moves between the controls; Space or Enter presses a button; arrow keys choose
in a list.

Example::

    SearchBuilder(gold="falls-exercise", save_to="my-work/search.json")
    SearchBuilder(source=open_source("pubmed"), syntax="pubmed")   # counts when you add a line
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..practice.corpus import load_gold_set
from ..practice.goldset import GoldSet
from .models.builder import SearchBuilderModel
from .models.practice import source_or_default
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Source

_STYLE = {"description_width": "11em"}
_WIDE = widgets.Layout(width="95%")
_AUTO = widgets.Layout(width="auto")  # buttons as wide as their labels
_FORMATS = {"ris": "RIS (reference managers)", "csv": "CSV (spreadsheets)", "bibtex": "BibTeX"}
PAGE = 20


def history_html(model: SearchBuilderModel) -> str:
    """The numbered history as an accessible table."""
    if not model.lines:
        return "<p>Your search history is empty: type a search above and add it.</p>"
    label = model.history.notation.label
    rows = "".join(f"<tr><th scope='row'>{escape(label(line.number))}</th><td><code>{escape(line.query)}</code></td>"
                   f"<td style='text-align:right'>{line.count:,}</td></tr>" for line in model.lines)
    return ("<table><caption>Search history</caption><thead><tr><th scope='col'>Line</th>"
            "<th scope='col'>Search</th><th scope='col'>Results</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


class SearchBuilder(widgets.VBox):
    """Build a search strategy line by line on the practice database (or any source)."""

    def __init__(self, source: Source | None = None, *, syntax: str = "pubmed",
                 gold: GoldSet | str | None = None, save_to: str | Path | None = None,
                 purpose: str = "systematic-review") -> None:
        self.slot = SaveSlot(save_to, kind="SearchBuilder")
        state, message = self.slot.restore()
        if state and gold is None and state.get("gold"):
            try:
                gold = load_gold_set(state["gold"])
            except SearchCraftError:  # a gold set given as an object is not saved; only the bundled ones
                gold = None
        self.model = SearchBuilderModel(source_or_default(source), syntax=syntax, gold=gold,
                                        bundled=source is None, purpose=purpose)
        problem = ""
        if state:
            try:
                self.model.restore(state)
            except SearchCraftError as error:
                problem = f"Some of your saved searches could not be run again: {error.message}"
        where = "the practice database" if source is None else getattr(source, "name", "the database")
        notation = self.model.history.notation
        combine, example = {"ovid": ("1 and 2", "falls.ti,ab. and exp Exercise/"),
                            "cinahl": ("S1 AND S2", 'TI falls AND MH "Exercise+"')}.get(
            syntax, ("#1 AND #2", "falls[tiab] AND exercise[tiab]"))
        self.intro = widgets.HTML(f"<p>Searching <strong>{escape(str(where))}</strong> "
                                  f"in {escape(notation.platform)} syntax. Combine lines with "
                                  f"<code>{escape(combine)}</code>. {escape(notation.explosion)}</p>")
        self.line = widgets.Text(value=(state or {}).get("typed", ""), description="Search line:",
                                 placeholder=f"e.g. {example}",
                                 continuous_update=self.model.live_counts, style=_STYLE, layout=_WIDE)
        self.count = widgets.HTML()
        self.add = widgets.Button(description="Add to history", button_style="primary",
                                  tooltip="Run this search and add it as the next numbered line", layout=_AUTO)
        self.history = widgets.HTML()
        self.chosen = widgets.Dropdown(description="Line to work on:", style=_STYLE, layout=_WIDE)
        self.edit_text = widgets.Text(description="Edit the line:", style=_STYLE, layout=_WIDE)
        self.save_edit = widgets.Button(description="Save the edit", layout=_AUTO,
                                        tooltip="Change the chosen line and re-run the lines that use it")
        self.delete = widgets.Button(description="Delete the line", button_style="warning",
                                     tooltip="Delete the chosen line (not possible while other lines use it)",
                                     layout=_AUTO)
        self.show = widgets.Button(description="Show results", layout=_AUTO,
                                   tooltip="List the records the chosen line finds")
        self.previous = widgets.Button(description=f"Previous {PAGE}", disabled=True, layout=_AUTO)
        self.next = widgets.Button(description=f"Next {PAGE}", disabled=True, layout=_AUTO)
        self.results = widgets.HTML()
        self.export_path = widgets.Text(value=(state or {}).get("export_path", "my-results.ris"),
                                        description="Export to file:", style=_STYLE, layout=_WIDE)
        self.export_format = widgets.Dropdown(options=[(v, k) for k, v in _FORMATS.items()],
                                              value=(state or {}).get("export_format", "ris"),
                                              description="Export format:", style=_STYLE,
                                              layout=widgets.Layout(width="30em"))
        self.export = widgets.Button(description="Export the line's records",
                                     tooltip="Write every record the chosen line finds to the file", layout=_AUTO)
        self.mark = widgets.Button(description="How did I do?", button_style="info",
                                   tooltip="Compare the chosen line with the records known to be relevant",
                                   layout=_AUTO)
        self.feedback = widgets.HTML()
        self.status = widgets.HTML(live_region(problem or message, problem=bool(problem or (message and not state))))
        self._start = 0

        self.line.observe(self._typed, names="value")
        self.add.on_click(self._add)
        self.chosen.observe(self._chose, names="value")
        self.save_edit.on_click(self._edit)
        self.delete.on_click(self._delete)
        self.show.on_click(lambda _b: self._show_results(0))
        self.previous.on_click(lambda _b: self._show_results(max(0, self._start - PAGE)))
        self.next.on_click(lambda _b: self._show_results(self._start + PAGE))
        self.export_format.observe(self._format_changed, names="value")
        self.export.on_click(self._export)
        self.mark.on_click(self._mark)

        marking = [self.mark, self.feedback] if self.model.gold is not None else []
        if self.model.gold is not None:
            self.intro.value += (f"<p>Question: {escape(self.model.gold.question)} Choose a line and press "
                                 "<em>How did I do?</em> to compare it with the relevant records; it is "
                                 f"marked as {escape(self.model.purpose.label)}.</p>")
        super().__init__([
            self.intro, self.line, self.count, self.add, self.history,
            self.chosen, self.edit_text, widgets.HBox([self.save_edit, self.delete]),
            widgets.HBox([self.show, self.previous, self.next]), self.results,
            self.export_path, widgets.HBox([self.export_format, self.export]),
            *marking, self.status,
        ])
        self._refresh_history()
        self._typed({"new": self.line.value})

    # -- typing and adding ----------------------------------------------------------------------
    def _typed(self, change: dict) -> None:
        text = change["new"]
        if not text.strip():
            self.count.value = live_region("Type a search to see how many records it finds.")
            return
        if not self.model.live_counts:
            self.count.value = live_region("Press 'Add to history' to run this search.")
            return
        try:
            found = self.model.preview(text)
        except SearchCraftError as error:
            self.count.value = problem_html(error, lead="Not a complete search yet.")
            return
        self.count.value = live_region(f"{text.strip()} would find {found:,} record{'s' if found != 1 else ''}.")

    def _add(self, _button=None) -> None:
        text = self.line.value
        try:
            line = self.model.add(text)
        except SearchCraftError as error:
            self.count.value = problem_html(error, lead="This search cannot be added.")
            return  # the typed line stays as it was, to be corrected
        self.line.value = ""
        self.status.value = live_region(f"Added {self._name(line.number)}: {line.count:,} "
                                        f"result{'s' if line.count != 1 else ''}.")
        self._refresh_history(choose=line.number)
        self._save()

    # -- the history ----------------------------------------------------------------------------
    def _refresh_history(self, *, choose: int | None = None) -> None:
        self.history.value = history_html(self.model)
        options = [(f"{self._label(line.number)} {line.query[:60]} ({line.count:,})", line.number)
                   for line in self.model.lines]
        current = choose if choose is not None else self.chosen.value
        self.chosen.options = options
        numbers = [n for _, n in options]
        self.chosen.value = current if current in numbers else (numbers[-1] if numbers else None)
        empty = not numbers
        for control in (self.chosen, self.edit_text, self.save_edit, self.delete, self.show, self.export, self.mark):
            control.disabled = empty
        self._chose({"new": self.chosen.value})

    def _chose(self, change: dict) -> None:
        number = change["new"]
        self.edit_text.value = self.model.history[number].query if number is not None else ""

    def _edit(self, _button=None) -> None:
        number = self.chosen.value
        if number is None:
            return
        try:
            changes = self.model.edit(number, self.edit_text.value)
        except SearchCraftError as error:
            self.status.value = problem_html(error, lead=f"{self._name(number)} was not changed.")
            return
        others = [c for c in changes if c.number != number]
        text = f"Edited {self._name(number)}: now {self.model.history[number].count:,} results."
        if others:
            text += " " + "; ".join(f"{self._name(c.number)} now finds {c.after:,} (was {c.before:,})"
                                    for c in others) + "."
        elif self.model.dependants(number):
            text += " The lines that use it were re-run; their counts did not change."
        self.status.value = live_region(text)
        self._refresh_history(choose=number)
        self._save()

    def _delete(self, _button=None) -> None:
        number = self.chosen.value
        if number is None:
            return
        try:
            self.model.delete(number)
        except SearchCraftError as error:
            self.status.value = problem_html(error)
            return
        self.status.value = live_region(f"Deleted {self._name(number)}. Line numbers are not reused.")
        self._refresh_history()
        self._save()

    # -- results, export, marking ---------------------------------------------------------------
    def _show_results(self, start: int) -> None:
        number = self.chosen.value
        if number is None:
            return
        try:
            page = self.model.results(number, start=start, size=PAGE)
        except SearchCraftError as error:
            self.results.value = problem_html(error)
            return
        self._start = start
        items = "".join(f"<li value='{row.position}'>{row.title_html} "
                        f"<span>({row.year if row.year else 'no year'}; {escape(row.id)})</span></li>"
                        for row in page.rows)
        shown = (f"records {page.start + 1} to {page.start + len(page.rows)} of {page.count:,}"
                 if page.rows else "no records")
        self.results.value = (f'<div role="region" aria-label="Results of line {number}">'
                              f'<p role="status" aria-live="polite">Results of {self._name(number)}: {shown}, newest '
                              f'first. '
                              f"Words your search matched are highlighted.</p><ol>{items}</ol></div>")
        self.previous.disabled = start == 0
        self.next.disabled = page.start + len(page.rows) >= page.count

    def _format_changed(self, change: dict) -> None:
        path = Path(self.export_path.value)
        old = {"ris": ".ris", "csv": ".csv", "bibtex": ".bib"}
        if path.suffix.lower() in old.values():
            self.export_path.value = str(path.with_suffix(old[change["new"]]))

    def _export(self, _button=None) -> None:
        number = self.chosen.value
        if number is None:
            return
        try:
            path, count = self.model.export(number, self.export_path.value.strip(), self.export_format.value)
        except (SearchCraftError, OSError) as error:
            self.status.value = (problem_html(error) if isinstance(error, SearchCraftError) else
                                 live_region(f"Could not export: {error}", problem=True))
            return
        self.status.value = live_region(f"Exported {count:,} records of {self._name(number)} to {path}.")
        self._save()

    def _label(self, number: int) -> str:
        """Line ``number`` as the platform labels it: #3, 3 or S3."""
        return self.model.history.notation.label(number)

    def _name(self, number: int) -> str:
        """Line ``number`` in a sentence: #3, line 3 or S3."""
        return self.model.history.notation.line_name(number)

    def _mark(self, _button=None) -> None:
        number = self.chosen.value
        if number is None:
            return
        try:
            result = self.model.mark(number)
        except SearchCraftError as error:
            self.feedback.value = problem_html(error)
            return
        e = result.evaluation
        misses = "".join(f"<li>{escape(str(m))}</li>" for m in result.misses)
        more = len(e.missed) - len(result.misses)
        advice = "".join(f"<li>{escape(tip)}</li>" for tip in result.advice)
        brake = next((line for line in result.feedback.splitlines()
                      if line.startswith("It finds more than")), "")
        self.feedback.value = (
            '<div role="status" aria-live="polite">'
            f"<p><strong>{self._name(number)}: recall {e.recall:.0%}, precision {e.precision:.0%}.</strong> "
            f"It found {len(e.found)} of the {e.relevant} relevant records among {e.retrieved:,} results "
            f"(marks {result.marks:g} of {result.out_of:g}).</p>"
            + (f"<p>Relevant records it missed, and why:</p><ul>{misses}</ul>" if misses else
               "<p>It found every relevant record.</p>")
            + (f"<p>... and {more} more.</p>" if more > 0 else "")
            + (f"<p>{escape(brake)}</p>" if brake else "")
            + (f"<p>What to change:</p><ul>{advice}</ul>" if advice else "") + "</div>")

    def _save(self) -> None:
        state = self.model.to_state()
        state.update(typed=self.line.value, export_path=self.export_path.value,
                     export_format=self.export_format.value)
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
