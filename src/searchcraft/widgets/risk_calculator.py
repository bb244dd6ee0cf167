"""``RiskCalculator``: type the counts from a trial and your own working (risks, risk difference,
NNT, odds, the 95% interval); it marks each step and says what went wrong.

Example::

    RiskCalculator(treated=(14, 197), control=(28, 195), save_to="my-work/risk.json")
    # type your value for each step you have worked, press "Check my working"
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.numbers import STEP_NAMES, TwoByTwo, WorkingReport, check_working
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "22em"}


def report_html(report: WorkingReport) -> str:
    """Each checked step with a tick or cross and its feedback, as a list a screen reader can follow."""
    if not report.steps:
        return ('<div role="status" aria-live="polite"><p>Type a value for at least one step, then check again.</p>'
                '</div>')
    items = "".join(f"<li><strong>{'Right' if s.correct else 'Not yet'}: {escape(s.name)}</strong> "
                    f"(you gave {s.given:g}). {escape(s.feedback)}</li>" for s in report.steps)
    return (f'<div role="status" aria-live="polite"><p><strong>{report.correct} of {len(report.steps)} steps '
            f"right.</strong></p><ul>{items}</ul></div>")


class RiskCalculator(widgets.VBox):
    """Four counts, a box for each step of the working, and feedback per step."""

    def __init__(self, treated: tuple[int, int] = (14, 197), control: tuple[int, int] = (28, 195), *,
                 save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="RiskCalculator")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        counts = (state or {}).get("counts") or [*treated, *control]
        working = (state or {}).get("working") or {}
        labels = ("Events, treated group", "People, treated group", "Events, control group", "People, control group")
        self.counts = [widgets.BoundedIntText(value=int(v), min=0, max=10_000_000, description=label + ":",
                                              style=_STYLE) for v, label in zip(counts, labels, strict=True)]
        self.steps = {step: widgets.Text(value=str(working.get(step, "")), description=name[0].upper() + name[1:] + ":",
                                         placeholder="e.g. 0.15 or 15%", style=_STYLE,
                                         layout=widgets.Layout(width="36em"))
                      for step, name in STEP_NAMES.items()}
        for box in [*self.counts, *self.steps.values()]:
            box.observe(lambda _c: self._save(), names="value")
        self.check = widgets.Button(description="Check my working", button_style="primary",
                                    tooltip="Mark each step you have filled in")
        self.check.on_click(self._check)
        self.show = widgets.Button(description="Show the worked answer", tooltip="Every step, worked")
        self.show.on_click(self._show_answer)
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        super().__init__([widgets.HTML("<h4>The counts from the paper</h4>"), *self.counts,
                          widgets.HTML("<h4>Your working (fill in the steps you have done)</h4>"),
                          *self.steps.values(), widgets.HBox([self.check, self.show]), self.result, self.status])

    def table(self) -> TwoByTwo:
        te, tt, ce, ct = (box.value for box in self.counts)
        return TwoByTwo(te, tt, ce, ct)

    def working(self) -> dict[str, str]:
        return {step: box.value for step, box in self.steps.items() if box.value.strip()}

    def _check(self, _button=None) -> None:
        try:
            self.result.value = report_html(check_working(self.table(), self.working()))
        except SearchCraftError as error:
            self.result.value = live_region(str(error), problem=True)

    def _show_answer(self, _button=None) -> None:
        try:
            self.result.value = f"<pre>{escape(self.table().summary())}</pre>"
        except SearchCraftError as error:
            self.result.value = live_region(str(error), problem=True)

    def _save(self) -> None:
        message = self.slot.save({"counts": [box.value for box in self.counts], "working": self.working()})
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
