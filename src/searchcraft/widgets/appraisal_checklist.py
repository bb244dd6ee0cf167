"""``AppraisalChecklist``: appraise a practice record with a checklist, then compare each rating with
the model answer and read why.

Example::

    AppraisalChecklist("rct-text-reminders", save_to="my-work/appraisal.json")
    # read the record, rate each item Yes / No / Can't tell, press "Compare with the model answer"
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.appraisal import ANSWERS, CASP_SOURCE, Appraisal, AppraisalFeedback, practice_records
from .saving import SaveSlot, live_region

_WIDE = widgets.Layout(width="95%")


def feedback_html(feedback: AppraisalFeedback) -> str:
    """The comparison as a list: each item, the learner's rating, the model answer and why."""
    items = []
    for item in feedback.items:
        mark = "not rated" if item.given is None else ("agrees" if item.agrees else "differs")
        items.append(f"<li><strong>{escape(item.item.question)}</strong> "
                     f"<em>({mark})</em><br>{escape(item.text())}</li>")
    return (f'<div role="status" aria-live="polite"><p><strong>{escape(feedback.summary())}</strong></p>'
            f"<ol>{''.join(items)}</ol></div>")


class AppraisalChecklist(widgets.VBox):
    """A practice record, one Yes / No / Can't tell choice per checklist item, and per-item feedback."""

    def __init__(self, record: str | None = None, *, save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="AppraisalChecklist")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        records = practice_records()
        self.appraisals = {rid: Appraisal(r) for rid, r in records.items()}
        if state:
            try:
                for rid, ratings in (state.get("ratings") or {}).items():
                    if rid in self.appraisals:
                        self.appraisals[rid] = Appraisal.from_state({"record": rid, "ratings": ratings})
            except (SearchCraftError, ValueError, TypeError, AttributeError) as error:
                message, problem = f"Some saved ratings could not be read: {error}", True
        chosen = record or (state or {}).get("record") or next(iter(records))
        if chosen not in records:
            raise SearchCraftError(f"There is no practice record {chosen!r}",
                                   hint="Use one of: " + ", ".join(records) + ".")
        self.record = widgets.Dropdown(options=[(r.title, rid) for rid, r in records.items()], value=chosen,
                                       description="Record:", layout=_WIDE)
        self.record.observe(self._rebuild_and_save, names="value")
        self.text = widgets.HTML()
        self.items = widgets.VBox()
        self.choices: dict[str, widgets.ToggleButtons] = {}
        self.compare = widgets.Button(description="Compare with the model answer", button_style="primary",
                                      tooltip="See, for each item, whether your rating agrees and why",
                                      layout=widgets.Layout(width="auto"))
        self.compare.on_click(self._show_feedback)
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self._build()
        super().__init__([self.record, self.text, self.items, self.compare, self.result, self.status])

    @property
    def appraisal(self) -> Appraisal:
        return self.appraisals[self.record.value]

    def _build(self) -> None:
        appraisal = self.appraisal
        r = appraisal.record
        self.text.value = (f"<article aria-label='Practice record'><h4>{escape(r.title)}</h4>"
                           f"<p><small>{escape(r.journal)}. Checklist: {escape(appraisal.checklist.title)} "
                           f"(questions adapted from "
                           f"{escape(CASP_SOURCE)})</small></p><p>{escape(r.abstract)}</p></article>")
        rows, self.choices = [], {}
        options = [("Not rated", "")] + [(label, key) for key, label in ANSWERS.items()]
        for number, item in enumerate(appraisal.checklist.items, start=1):
            label = widgets.HTML(f"<p><strong>{number}. {escape(item.question)}</strong><br>"
                                 f"<small>{escape(item.prompts)}</small></p>")
            choice = widgets.ToggleButtons(options=options, value=appraisal.ratings.get(item.id, ""),
                                           description=f"Item {number}:", tooltips=[
                                               "Not rated yet", "Yes", "No", "Can't tell from the text"],
                                           style={"button_width": "7em"})
            choice.observe(lambda change, item_id=item.id: self._rated(item_id, change["new"]), names="value")
            self.choices[item.id] = choice
            rows.append(widgets.VBox([label, choice]))
        self.items.children = rows
        self.result.value = ""

    def _rated(self, item_id: str, answer: str) -> None:
        self.appraisal.rate(item_id, answer or None)
        self._save()

    def _rebuild_and_save(self, _change: object = None) -> None:
        self._build()
        self._save()

    def _save(self) -> None:
        state = {"record": self.record.value,
                 "ratings": {rid: a.ratings for rid, a in self.appraisals.items() if a.ratings}}
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _show_feedback(self, _button=None) -> None:
        self.result.value = feedback_html(self.appraisal.compare())
