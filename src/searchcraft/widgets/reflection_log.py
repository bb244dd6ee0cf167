"""``ReflectionLog``: write a CPD entry in a reflective model and keep a log for your portfolio.

Example::

    log = ReflectionLog(save_to="my-work/cpd-log.json")
    log    # write an entry, press "Add to log", then "Export CSV" or "Export Markdown"
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.reflection import ReflectionEntry, ReflectionLogModel, reflective_model, reflective_models
from .models.skills import skills_framework
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "10em"}
_WIDE = widgets.Layout(width="95%")


def log_table_html(log: ReflectionLogModel) -> str:
    if not log.entries:
        return "<p>No entries yet.</p>"
    rows = "".join(f"<tr><td>{e.date}</td><td>{escape(e.title)}</td><td>{escape(e.skills_area)}</td>"
                   f"<td>{e.hours:g}</td><td>{escape(e.model)}</td></tr>" for e in log.entries)
    return ("<table><caption>Your CPD log: "
            f"{log.total_hours():g} hours in {len(log.entries)} entr{'y' if len(log.entries) == 1 else 'ies'}</caption>"
            "<thead><tr><th scope='col'>Date</th><th scope='col'>Activity</th><th scope='col'>Skills area</th>"
            f"<th scope='col'>Hours</th><th scope='col'>Model</th></tr></thead><tbody>{rows}</tbody></table>")


class ReflectionLog(widgets.VBox):
    """A CPD log. Exports go beside the saved log (``cpd-log.csv``/``.md``) unless ``export_to`` is given."""

    def __init__(self, model: str = "Gibbs", *, save_to: str | Path | None = None,
                 export_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="ReflectionLog")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.model = ReflectionLogModel()
        draft: dict[str, Any] = {}
        if state:
            try:
                self.model = ReflectionLogModel.from_state(state)
            except (SearchCraftError, KeyError, TypeError) as error:
                message, problem = f"Some saved entries could not be read: {error}", True
            draft = state.get("draft") or {}
        base = Path(export_to) if export_to else (self.slot.path.with_suffix("") if self.slot.path else Path("cpd-log"))
        self.export_base = base
        areas = [a.name for a in skills_framework().areas]
        self.reflective_model = widgets.Dropdown(
            options=[(m.title, m.name) for m in reflective_models().values()],
            value=draft.get("model") or reflective_model(model).name,
            description="Reflective model:", style=_STYLE, layout=_WIDE)
        self.source = widgets.HTML()
        self.title = widgets.Text(value=draft.get("title", ""), description="Activity:",
                                  placeholder="e.g. Peer-reviewed a search with PRESS", style=_STYLE, layout=_WIDE)
        self.date = widgets.DatePicker(value=date.fromisoformat(draft["date"]) if draft.get("date") else date.today(),
                                       description="Date:", style=_STYLE)
        self.hours = widgets.BoundedFloatText(value=draft.get("hours", 1.0), min=0, max=100, step=0.25,
                                              description="Hours:", style=_STYLE)
        self.area = widgets.Dropdown(options=areas, value=draft.get("skills_area") or areas[0],
                                     description="Skills area:", style=_STYLE, layout=_WIDE)
        self.stages = widgets.VBox()
        self.stage_inputs: dict[str, widgets.Textarea] = {}
        self._drafts: dict[str, str] = dict(draft.get("responses") or {})
        self.add = widgets.Button(description="Add to log", button_style="primary",
                                  tooltip="Add this entry to your log")
        self.export_csv = widgets.Button(description="Export CSV", tooltip="Write the log as a CSV file")
        self.export_md = widgets.Button(description="Export Markdown", tooltip="Write the log as a Markdown file")
        self.table = widgets.HTML(log_table_html(self.model))
        self.status = widgets.HTML(live_region(message, problem=problem))
        self.reflective_model.observe(self._rebuild_and_save, names="value")
        for control in (self.title, self.date, self.hours, self.area):
            control.observe(lambda _c: self._save(), names="value")
        self.add.on_click(self._add)
        self.export_csv.on_click(lambda _b: self._export("csv"))
        self.export_md.on_click(lambda _b: self._export("md"))
        self._build_stages()
        super().__init__([self.reflective_model, self.source, self.title, self.date, self.hours, self.area, self.stages,
                          widgets.HBox([self.add, self.export_csv, self.export_md]), self.status, self.table])

    def _build_stages(self) -> None:
        chosen = reflective_model(self.reflective_model.value)
        self.source.value = f"<p><small>Source: {escape(chosen.source)}</small></p>"
        rows, self.stage_inputs = [], {}
        for stage in chosen.stages:
            box = widgets.Textarea(value=self._drafts.get(stage.name, ""), description=f"{stage.name}",
                                   placeholder=stage.prompt, continuous_update=False, rows=3,
                                   style=_STYLE, layout=_WIDE)
            box.observe(lambda change, name=stage.name: self._stage_changed(name, change["new"]), names="value")
            self.stage_inputs[stage.name] = box
            rows += [widgets.HTML(f"<p><strong>{escape(stage.name)}</strong> {escape(stage.prompt)}</p>"), box]
        self.stages.children = rows

    def _stage_changed(self, name: str, text: str) -> None:
        self._drafts[name] = text
        self._save()

    def entry(self) -> ReflectionEntry:
        """The entry as currently written in the form."""
        return ReflectionEntry(self.date.value.isoformat() if self.date.value else "", self.title.value,
                               self.reflective_model.value, self.hours.value, self.area.value,
                               {name: box.value for name, box in self.stage_inputs.items()})

    def _rebuild_and_save(self, _change: object = None) -> None:
        self._build_stages()
        self._save()

    def _save(self) -> None:
        draft = self.entry().to_dict()
        draft["responses"] = dict(self._drafts)
        message = self.slot.save({**self.model.to_state(), "draft": draft})
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _add(self, _button=None) -> None:
        try:
            added = self.model.add(self.entry())
        except SearchCraftError as error:
            self.status.value = live_region(str(error), problem=True)
            return
        self._drafts = {}
        self.title.value = ""
        for box in self.stage_inputs.values():
            box.value = ""
        missing = added.missing_stages()
        note = f" You left {', '.join(missing)} blank; you can add to it later." if missing else ""
        self.table.value = log_table_html(self.model)
        self._save()
        self.status.value = live_region(f"Added '{added.title}' ({added.hours:g} "
                                        f"hour{'' if added.hours == 1 else 's'}).{note}")

    def _export(self, kind: str) -> None:
        path = self.export_base.with_suffix(".csv" if kind == "csv" else ".md")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            written = self.model.export_csv(path) if kind == "csv" else self.model.export_markdown(path)
        except (OSError, SearchCraftError) as error:
            self.status.value = live_region(f"Could not export: {error}", problem=True)
            return
        self.status.value = live_region(f"Exported {len(self.model.entries)} "
                                        f"entr{'y' if len(self.model.entries) == 1 else 'ies'} to {written}.")
