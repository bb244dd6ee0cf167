"""``PressChecklist``: peer-review a flawed strategy with the six PRESS 2015 elements.

Mark an issue on any line under a PRESS element, then compare with the known flaws: each is
explained as found, missed, or a false alarm.

Example::

    PressChecklist("falls-exercise", save_to="my-work/press.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.press import PRESS_ELEMENTS, PRESS_SOURCE, Comparison, PressReview, flawed_strategies
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "9em"}


def comparison_html(comparison: Comparison) -> str:
    def section(title: str, findings) -> str:
        if not findings:
            return ""
        items = "".join(f"<li><strong>Line {f.line}, {escape(f.element_name)}</strong>: {escape(f.explanation)}</li>"
                        for f in findings)
        return f"<h4>{title} ({len(findings)})</h4><ul>{items}</ul>"

    return (f'<div role="status" aria-live="polite"><p><strong>{escape(comparison.summary())}</strong></p>'
            f"{section('Found', comparison.found)}{section('Missed', comparison.missed)}"
            f"{section('False alarms', comparison.false_alarms)}</div>")


class PressChecklist(widgets.VBox):
    """One dropdown per line of the strategy: "No issue" or the PRESS element the problem falls under."""

    def __init__(self, strategy: str | None = None, *, save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="PressChecklist")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        known = flawed_strategies()
        self.reviews = {sid: PressReview(s) for sid, s in known.items()}
        if state:
            try:
                for sid, marks in (state.get("marks") or {}).items():
                    if sid in self.reviews:
                        self.reviews[sid] = PressReview.from_state({"strategy": sid, "marks": marks})
            except (SearchCraftError, ValueError, TypeError) as error:
                message, problem = f"Some saved marks could not be read: {error}", True
        chosen = strategy or (state or {}).get("strategy") or next(iter(known))
        self.strategy = widgets.Dropdown(options=[(f"{s.title} ({s.database})", sid) for sid, s in known.items()],
                                         value=chosen, description="Strategy:", style=_STYLE,
                                         layout=widgets.Layout(width="95%"))
        self.strategy.observe(self._rebuild_and_save, names="value")
        element_list = "".join(f"<li><strong>{escape(name)}</strong>: {escape(prompt)}</li>"
                               for name, prompt in PRESS_ELEMENTS.values())
        self.guide = widgets.HTML(f"<details><summary>The six PRESS elements</summary><ol>{element_list}</ol>"
                                  f"<p><small>Source: {escape(PRESS_SOURCE)}</small></p></details>")
        self.header = widgets.HTML()
        self.lines = widgets.VBox()
        self.line_inputs: list[widgets.Dropdown] = []
        self.compare = widgets.Button(description="Compare with known flaws", button_style="primary",
                                      tooltip="See which flaws you found, missed or flagged wrongly")
        self.compare.on_click(self._show_comparison)
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self._build()
        super().__init__([self.strategy, self.guide, self.header, self.lines, self.compare, self.result, self.status])

    @property
    def review(self) -> PressReview:
        return self.reviews[self.strategy.value]

    def _build(self) -> None:
        review = self.review
        s = review.strategy
        self.header.value = (f"<p><strong>Question:</strong> {escape(s.question)}<br>"
                             f"<strong>Database:</strong> {escape(s.database)}</p>")
        options = [("No issue", "")] + [(name, key) for key, (name, _) in PRESS_ELEMENTS.items()]
        marked = {line: element for line, element in review.marks}
        rows, self.line_inputs = [], []
        for number, text in enumerate(s.lines, start=1):
            code = widgets.HTML(f"<pre style='margin:0'>{number:>2}  {escape(text)}</pre>",
                                layout=widgets.Layout(width="32em"))
            choice = widgets.Dropdown(options=options, value=marked.get(number, ""),
                                      description=f"Issue on line {number}:", style=_STYLE)
            choice.observe(lambda change, line=number: self._marked(line, change["new"]), names="value")
            self.line_inputs.append(choice)
            rows.append(widgets.HBox([code, choice]))
        self.lines.children = rows
        self.result.value = ""

    def _marked(self, line: int, element: str) -> None:
        self.review.unmark(line)
        if element:
            self.review.mark(line, element)
        self._save()

    def _rebuild_and_save(self, _change: object = None) -> None:
        self._build()
        self._save()

    def _save(self) -> None:
        state = {"strategy": self.strategy.value,
                 "marks": {sid: r.to_state()["marks"] for sid, r in self.reviews.items() if r.marks}}
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _show_comparison(self, _button=None) -> None:
        self.result.value = comparison_html(self.review.compare())
