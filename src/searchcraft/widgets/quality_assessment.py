"""``QualitySelfAssessment``: rate your service on the six outcomes, then write its development plan.

A thin view over :class:`~searchcraft.widgets.models.quality.SelfAssessment`: for each outcome a level
(0-4) and target, a box for the evidence (one item a line) and one for actions (``action; owner;
YYYY-MM-DD`` a line). The profile and what is still missing update as you go; "Write development plan"
shows the plan and saves it as Markdown.

Example::

    QualitySelfAssessment(service="Riverside Hospital library", save_to="my-work/quality.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..files import write_atomically
from .models.quality import FRAMEWORK_SOURCE, LEVELS, OUTCOMES, SelfAssessment
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "8em"}
_WIDE = widgets.Layout(width="95%")
_LEVEL_OPTIONS = [("not rated", None)] + [(f"{n}: {text.split(':')[0]}", n) for n, text in LEVELS.items()]


class QualitySelfAssessment(widgets.VBox):
    def __init__(self, service: str = "", *, assessed_on: str | None = None, save_to: str | Path | None = None,
                 plan_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="QualitySelfAssessment")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.model = SelfAssessment(service, assessed_on)
        form: dict[str, Any] = {}
        if state:
            form = state.get("form") or {}
            try:
                self.model = SelfAssessment.from_state(state)
            except (SearchCraftError, KeyError, TypeError, ValueError) as error:
                message, problem = f"Your saved assessment could not be read: {error}", True
        self.plan_path = Path(plan_to) if plan_to else (
            self.slot.path.with_name(self.slot.path.stem + "-plan.md") if self.slot.path
            else Path("development-plan.md"))
        self.service = widgets.Text(value=self.model.service, description="Service:", style=_STYLE, layout=_WIDE)
        self.service.observe(lambda _c: self._update(), names="value")
        self.controls: dict[int, tuple[widgets.Dropdown, widgets.Dropdown, widgets.Textarea, widgets.Textarea]] = {}
        sections = []
        for n, outcome in OUTCOMES.items():
            r = self.model.ratings[n]
            level = widgets.Dropdown(options=_LEVEL_OPTIONS, value=r.level, description="Level now:", style=_STYLE)
            target = widgets.Dropdown(options=_LEVEL_OPTIONS, value=r.target, description="Target:", style=_STYLE)
            typed = form.get(str(n)) or {}
            evidence = widgets.Textarea(value=typed.get("evidence", "\n".join(r.evidence)), description="Evidence:",
                                        rows=3,
                                        placeholder="One piece of evidence a line", continuous_update=False,
                                        style=_STYLE, layout=_WIDE)
            written = "\n".join(f"{a.text}; {a.owner}; {a.due}" for a in r.actions)
            actions = widgets.Textarea(value=typed.get("actions", written),
                                       description="Actions:", rows=3, continuous_update=False,
                                       placeholder="action; owner; YYYY-MM-DD (one a line)", style=_STYLE, layout=_WIDE)
            for control in (level, target, evidence, actions):
                control.observe(lambda _c: self._update(), names="value")
            self.controls[n] = (level, target, evidence, actions)
            sections.append(widgets.VBox([
                widgets.HTML(f"<h4>Outcome {n}: {escape(outcome.theme)}</h4><p>{escape(outcome.summary)}</p>"),
                widgets.HBox([level, target]), evidence, actions]))
        self.profile = widgets.HTML()
        self.findings = widgets.HTML()
        self.write = widgets.Button(description="Write development plan", button_style="primary",
                                    tooltip="Show the plan and save it as Markdown")
        self.write.on_click(self._write_plan)
        self.plan = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        source = widgets.HTML(f"<p><small>{escape(FRAMEWORK_SOURCE)}</small></p>")
        super().__init__([self.service, source, *sections, self.profile, self.findings, self.write, self.plan,
                          self.status])
        self._update(save=False)

    def _read_form(self) -> str:
        """Copy the form into a fresh model; return a message for anything that could not be read."""
        model = SelfAssessment(self.service.value, self.model.assessed_on)
        problems = []
        for n, (level, target, evidence, actions) in self.controls.items():
            if level.value is not None:
                model.rate(n, level.value, evidence=evidence.value.splitlines())
            model.ratings[n].evidence = [e.strip() for e in evidence.value.splitlines() if e.strip()]
            model.ratings[n].target = target.value
            for number, line in enumerate((text for text in actions.value.splitlines() if text.strip()), start=1):
                parts = [p.strip() for p in line.split(";")]
                try:
                    if len(parts) != 3:
                        raise SearchCraftError("write it as 'action; owner; YYYY-MM-DD'")
                    model.add_action(n, parts[0], owner=parts[1], due=parts[2])
                except SearchCraftError as error:
                    problems.append(f"Outcome {n}, action line {number}: {error.message}")
        self.model = model
        return "; ".join(problems)

    def _update(self, save: bool = True) -> None:
        unreadable = self._read_form()
        self.profile.value = (f"<p><strong>Levels by outcome</strong> (solid: now; dashed: target)</p>"
                              f"{self.model.profile_svg()}<pre>{escape(self.model.profile_text())}</pre>")
        found = [str(f) for f in self.model.check()] + ([unreadable] if unreadable else [])
        self.findings.value = ("<p><strong>Complete:</strong> ready to write the development plan.</p>"
                               if not found else
                               "<p><strong>Still to do:</strong></p><ul>"
                               + "".join(f"<li>{escape(f)}</li>" for f in found) + "</ul>")
        if save:
            # The typed text is kept too, so a line that cannot be read yet is not lost on restore.
            typed = {str(n): {"evidence": c[2].value, "actions": c[3].value} for n, c in self.controls.items()}
            saved = self.slot.save({**self.model.to_state(), "form": typed})
            if saved.startswith("Could not"):
                self.status.value = live_region(saved, problem=True)

    def _write_plan(self, _button=None) -> None:
        try:
            markdown = self.model.development_plan()
            self.plan.value = self.model.development_plan_html()
            self.plan_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.plan_path, markdown)
        except SearchCraftError as error:
            self.status.value = live_region(error.message, problem=True)
            return
        except OSError as error:
            self.status.value = live_region(f"Could not save the plan: {error}", problem=True)
            return
        self.status.value = live_region(f"Development plan saved to {self.plan_path}.")
