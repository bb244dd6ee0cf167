"""``Translator``: a search in one database's syntax, its translation into another's, and the warnings.

Type or paste one line or a whole numbered strategy, choose the two syntaxes, and press
*Translate*. What could not be carried over exactly is listed under the translation; a search that
does not parse is shown with a caret under the place of the problem and a hint. *Run both on the
practice database* runs the original and the translation, each in its own syntax, and shows their
counts line by line, with the reason wherever they differ and the records only one side finds.

Keyboard use: Tab moves between the example list, the two syntax lists, the text box and the
buttons; Enter or Space presses the focused button. The outcome is announced to screen readers.

Example::

    Translator("exp Falls, Accidental/\\nfall$.ti,ab.\\n1 or 2", from_="ovid", to="pubmed")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..query.translate import NAMES
from .models.translator import EXAMPLES, SYNTAXES, Comparison, Outcome, TranslatorModel
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "11em"}
_OWN = "(your own search)"


def outcome_html(outcome: Outcome, to: str) -> str:
    """The translation and its warnings, or the problem with a caret under its place."""
    if outcome.problem is not None:
        problem = outcome.problem
        caret = (f'<pre aria-label="The line with the problem; the caret marks the place">'
                 f"{escape(problem.caret_lines())}</pre>") if problem.column is not None else ""
        where = f" (column {problem.column + 1})" if problem.column is not None else ""
        hint = f"<p><strong>Hint:</strong> {escape(problem.hint)}</p>" if problem.hint else ""
        return (f'<div role="status" aria-live="polite"><p><strong>Could not translate{where}:</strong> '
                f"{escape(problem.message)}</p>{caret}{hint}</div>")
    warnings = "".join(f"<li>{escape(w)}</li>" for w in outcome.warnings)
    listed = (f"<p><strong>Warnings ({len(outcome.warnings)})</strong>: read these before you run it.</p>"
              f"<ul>{warnings}</ul>") if warnings else "<p>No warnings: everything was carried over.</p>"
    return (f'<div role="status" aria-live="polite"><p><strong>In {escape(NAMES[to])}:</strong></p>'
            f'<pre aria-label="Translation">{escape(outcome.text)}</pre>{listed}</div>')


def comparison_html(comparison: Comparison) -> str:
    """Both sides' counts in a table with a caption, then why they differ and example records."""
    names = NAMES[comparison.original.syntax], NAMES[comparison.translated.syntax]
    explained = "".join(f"<li>{escape(line)}</li>" for line in comparison.explanations)
    if not comparison.ok:
        return f'<div role="status" aria-live="polite"><ul>{explained}</ul></div>'
    body = "".join(
        "<tr>" + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>"
        for row in comparison.rows())
    table = (f"<table><caption>Both searches run on the practice database</caption><thead><tr>"
             f'<th scope="col">Line</th><th scope="col">{escape(names[0])}</th>'
             f'<th scope="col">Found</th><th scope="col">{escape(names[1])}</th>'
             f'<th scope="col">Found</th></tr></thead><tbody>{body}</tbody></table>')

    def listed(title: str, records) -> str:
        if not records:
            return ""
        items = "".join(f"<li>{escape(i)} {escape(t)}</li>" for i, t in records)
        return f"<p>{escape(title)}</p><ul>{items}</ul>"

    return (f'<div role="status" aria-live="polite">{table}<ul>{explained}</ul>'
            + listed(f"Found only by the {names[0]} search (first five):", comparison.only_original)
            + listed(f"Found only by the {names[1]} translation (first five):",
                     comparison.only_translated) + "</div>")


class Translator(widgets.VBox):
    """Translate a search or strategy between PubMed, Ovid, Europe PMC and CINAHL syntax."""

    def __init__(self, text: str = "", *, from_: str = "ovid", to: str = "pubmed",
                 save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="Translator")
        state, message = self.slot.restore()
        self.model = TranslatorModel(text, from_, to)
        if not text and state is None:
            self.model.load_example(next(iter(EXAMPLES)))
            self.model.set(to=to)
        if state:
            self.model = TranslatorModel.from_state(state)
        syntaxes = [(NAMES[s], s) for s in SYNTAXES]
        self.example = widgets.Dropdown(options=[_OWN, *EXAMPLES], value=_OWN, description="Load an example:",
                                        style=_STYLE, layout=widgets.Layout(width="36em"))
        self.from_ = widgets.Dropdown(options=syntaxes, value=self.model.from_, description="Written for:",
                                      style=_STYLE)
        self.to = widgets.Dropdown(options=syntaxes, value=self.model.to, description="Translate into:",
                                   style=_STYLE)
        self.text = widgets.Textarea(value=self.model.text, description="Search or strategy:", rows=8,
                                     style=_STYLE, layout=widgets.Layout(width="95%"),
                                     placeholder="One search, or a strategy with one numbered line each")
        self.translate = widgets.Button(description="Translate",
                                        tooltip="Translate the search into the chosen syntax")
        self.run_both = widgets.Button(description="Run both on the practice database",
                                       tooltip="Run the search and its translation, each in its own "
                                               "syntax, and compare the counts",
                                       layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML()
        self.comparison = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        self.example.observe(self._example_chosen, names="value")
        for control in (self.from_, self.to, self.text):
            control.observe(self._changed, names="value")
        self.translate.on_click(lambda _b: self._show())
        self.run_both.on_click(lambda _b: self._run_both_sides())
        self._show(save=False)
        super().__init__([self.example, widgets.HBox([self.from_, self.to]), self.text,
                          widgets.HBox([self.translate, self.run_both]), self.result, self.comparison,
                          self.status])

    def _example_chosen(self, change: dict) -> None:
        if change["new"] == _OWN:
            return
        self.model.load_example(change["new"])
        self._updating = True
        self.from_.value, self.to.value, self.text.value = self.model.from_, self.model.to, self.model.text
        self._updating = False
        self._show()

    def _changed(self, _change: dict) -> None:
        if getattr(self, "_updating", False):
            return
        self.model.set(text=self.text.value, from_=self.from_.value, to=self.to.value)
        self._show()

    def outcome(self) -> Outcome:
        return self.model.outcome()

    def compare(self) -> Comparison:
        """Run both sides now and show the comparison (what the button does)."""
        return self._run_both_sides()

    def _run_both_sides(self) -> Comparison:
        self.comparison.value = live_region("Running both searches on the practice database...")
        comparison = self.model.compare()
        self.comparison.value = comparison_html(comparison)
        return comparison

    def _show(self, save: bool = True) -> None:
        self.result.value = outcome_html(self.model.outcome(), self.model.to)
        if hasattr(self, "comparison"):
            self.comparison.value = ""  # an old comparison would describe another search
        if save:
            message = self.slot.save(self.model.to_state())
            if message.startswith("Could not"):
                self.status.value = live_region(message, problem=True)
