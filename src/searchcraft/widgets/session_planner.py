"""``SessionPlanner``: plan an information skills session and check its constructive alignment.

A thin view over :class:`~searchcraft.widgets.models.session_plan.SessionPlan`. Outcomes go one a line;
activities as ``description; minutes; outcome numbers`` and checks as ``description; outcome numbers``
(numbers separated by commas). The alignment table and what to fix update as you type.

Example::

    SessionPlanner(save_to="my-work/session-plan.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.session_plan import Activity, Check, SessionPlan
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "9em"}
_WIDE = widgets.Layout(width="95%")


def _numbers(text: str) -> list[int]:
    return [int(n) for n in text.replace(" ", "").split(",") if n]


def plan_html(plan: SessionPlan, unreadable: list[str]) -> str:
    rows = "".join(f"<tr><td>{escape(o)}</td><td>{escape(c)}</td><td>{escape('; '.join(a)) or '<em>none</em>'}</td>"
                   f"<td>{escape('; '.join(k)) or '<em>none</em>'}</td></tr>" for o, c, a, k in plan.alignment_table())
    table = ("<table><caption>Alignment: each outcome, how demanding it is, and what teaches and checks it</caption>"
             "<thead><tr><th scope='col'>Outcome</th><th scope='col'>Bloom category</th><th scope='col'>Activities</th>"
             f"<th scope='col'>Checks</th></tr></thead><tbody>{rows}</tbody></table>")
    found = [str(f) for f in plan.check()] + unreadable
    verdict = ("<p><strong>Aligned:</strong> every outcome is taught and checked, and the plan fits the time.</p>"
               if plan.aligned() and not unreadable else "")
    items = "".join(f"<li>{escape(f)}</li>" for f in found)
    return table + verdict + (f"<ul>{items}</ul>" if items else "")


class SessionPlanner(widgets.VBox):
    def __init__(self, *, save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="SessionPlanner")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.plan = SessionPlan()
        if state:
            try:
                self.plan = SessionPlan.from_state(state)
            except SearchCraftError as error:
                message, problem = str(error), True
        p = self.plan
        typed = (state or {}).get("form") or {}
        self.title = widgets.Text(value=p.title, description="Title:", style=_STYLE, layout=_WIDE)
        self.audience = widgets.Text(value=p.audience, description="Audience:", style=_STYLE, layout=_WIDE)
        self.minutes = widgets.BoundedIntText(value=p.minutes, min=0, max=480, description="Minutes:", style=_STYLE)
        self.outcomes = widgets.Textarea(value="\n".join(p.outcomes), description="Outcomes:", rows=4, style=_STYLE,
                                         placeholder="One a line, starting with a verb: Combine two concepts with AND",
                                         continuous_update=False, layout=_WIDE)
        self.activities = widgets.Textarea(
            value=typed.get("activities", "\n".join(
                f"{a.description}; {a.minutes}; {', '.join(map(str, a.outcomes))}" for a in p.activities)),
            description="Activities:", rows=4, continuous_update=False, style=_STYLE, layout=_WIDE,
            placeholder="description; minutes; outcome numbers, e.g. Pairs build a search; 20; 1, 2")
        self.checks = widgets.Textarea(
            value=typed.get("checks", "\n".join(
                f"{c.description}; {', '.join(map(str, c.outcomes))}" for c in p.checks)),
            description="Checks:", rows=3, continuous_update=False, style=_STYLE, layout=_WIDE,
            placeholder="description; outcome numbers, e.g. Exit ticket on Boolean; 1")
        for control in (self.title, self.audience, self.minutes, self.outcomes, self.activities, self.checks):
            control.observe(lambda _c: self._update(), names="value")
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        super().__init__([self.title, self.audience, self.minutes, self.outcomes, self.activities, self.checks,
                          self.result, self.status])
        self._update(save=False)

    def _read_form(self) -> list[str]:
        unreadable: list[str] = []
        activities, checks = [], []
        for number, line in enumerate((text for text in self.activities.value.splitlines() if text.strip()), start=1):
            parts = [x.strip() for x in line.split(";")]
            try:
                activities.append(Activity(parts[0], int(parts[1]), _numbers(parts[2]) if len(parts) > 2 else []))
            except (IndexError, ValueError):
                unreadable.append(f"To fix: Activity line {number}: write it as 'description; minutes; outcome "
                                  f"numbers'.")
        for number, line in enumerate((text for text in self.checks.value.splitlines() if text.strip()), start=1):
            parts = [x.strip() for x in line.split(";")]
            try:
                checks.append(Check(parts[0], _numbers(parts[1]) if len(parts) > 1 else []))
            except ValueError:
                unreadable.append(f"To fix: Check line {number}: write it as 'description; outcome numbers'.")
        self.plan = SessionPlan(self.title.value, self.audience.value, self.minutes.value,
                                [o.strip() for o in self.outcomes.value.splitlines() if o.strip()], activities, checks)
        return unreadable

    def _update(self, save: bool = True) -> None:
        unreadable = self._read_form()
        self.result.value = f'<div role="status" aria-live="polite">{plan_html(self.plan, unreadable)}</div>'
        if save:
            # The typed lines are kept too, so a line that cannot be read yet is not lost on restore.
            form = {"activities": self.activities.value, "checks": self.checks.value}
            saved = self.slot.save({**self.plan.to_state(), "form": form})
            if saved.startswith("Could not"):
                self.status.value = live_region(saved, problem=True)
