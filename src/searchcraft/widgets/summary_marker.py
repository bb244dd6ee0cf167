"""``SummaryMarker``: write an evidence summary and mark it against the rubric; the criteria a
program can check are marked with a reason and a fix, the rest are left to the tutor.

Example::

    SummaryMarker(save_to="my-work/summary.json")
    # write or paste the summary (Markdown), press "Mark against the rubric"
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.summary import RubricResult, SummaryRubric
from .saving import SaveSlot, live_region


def rubric_html(result: RubricResult) -> str:
    """The marked rubric: automatic criteria with met / not yet and why, then the tutor's criteria."""
    rows = []
    for c in result.criteria:
        verdict = "Marked by your tutor" if c.met is None else ("Met" if c.met else "Not yet")
        rows.append(f"<tr><th scope='row'>{escape(c.title)}</th><td>{c.points}</td><td>{verdict}</td>"
                    f"<td>{escape(c.feedback)}</td></tr>")
    return (f'<div role="status" aria-live="polite"><p><strong>Checked automatically: {result.earned} of '
            f"{result.automatic_points} points.</strong> Your tutor marks {result.tutor_points} more.</p>"
            "<table><caption>Rubric</caption><thead><tr><th scope='col'>Criterion</th><th scope='col'>Points</th>"
            "<th scope='col'>Result</th><th scope='col'>Why</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


class SummaryMarker(widgets.VBox):
    """A text area for the summary and a button that marks it against :class:`SummaryRubric`."""

    def __init__(self, text: str = "", *, save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="SummaryMarker")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.rubric = SummaryRubric()
        self.summary = widgets.Textarea(value=(state or {}).get("text") or text, description="Summary:",
                                        placeholder="## Question\n...\n## Bottom line\n...",
                                        layout=widgets.Layout(width="95%", height="22em"))
        self.summary.observe(lambda _c: self._save(), names="value")
        self.mark = widgets.Button(description="Mark against the rubric", button_style="primary",
                                   tooltip="Check the criteria that can be checked automatically",
                                   layout=widgets.Layout(width="auto"))
        self.mark.on_click(self._mark)
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        super().__init__([self.summary, self.mark, self.result, self.status])

    def _mark(self, _button=None) -> None:
        try:
            self.result.value = rubric_html(self.rubric.mark(self.summary.value))
        except SearchCraftError as error:
            self.result.value = live_region(str(error), problem=True)

    def _save(self) -> None:
        message = self.slot.save({"text": self.summary.value})
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
