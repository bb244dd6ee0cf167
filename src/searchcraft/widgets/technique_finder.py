"""``TechniqueFinder``: describe a piece of work, get knowledge management techniques that fit and why,
then fill in the chosen technique's template and keep it as Markdown.

Example::

    TechniqueFinder(stage="after", save_to="my-work/km-techniques.json")
    # choose the stage, people, time and purpose, press "Suggest techniques",
    # then fill in the template for the technique you choose and press "Export Markdown"
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.techniques import Situation, TechniqueTemplate, purposes, ruled_out, stage_titles, suggest, techniques
from .models.techniques import technique as find_technique
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "12em"}
_WIDE = widgets.Layout(width="95%")
TIME_CHOICES = [("15 minutes", 15), ("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60), ("90 minutes", 90),
                ("2 hours", 120), ("3 hours", 180), ("half a day (4 hours)", 240), ("a whole day", 420)]


def suggestions_html(situation: Situation) -> str:
    """The suggestions as an ordered list with reasons, and the ruled-out techniques in a details box."""
    found = suggest(situation)
    if found:
        items = "".join(f"<li><strong>{escape(s.technique.name)}</strong>: {escape('; '.join(s.reasons))}."
                        f"<br><small>{escape(s.technique.when)}</small></li>" for s in found)
        body = f"<ol>{items}</ol>"
    else:
        body = ("<p>No technique fits all of that. Look at why each one is ruled out below, and change the "
                "situation.</p>")
    rejected = "".join(f"<li><strong>{escape(r.technique.name)}</strong>: {escape('; '.join(r.reasons))}.</li>"
                       for r in ruled_out(situation))
    more = (f"<details><summary>Why the others do not fit ({len(ruled_out(situation))})</summary>"
            f"<ul>{rejected}</ul></details>") if rejected else ""
    return f"<section aria-label='Suggested techniques'><h4>Techniques that fit</h4>{body}{more}</section>"


def technique_card_html(technique_id: str) -> str:
    """What a technique is, when, time, people, steps and questions, for the template area."""
    item = find_technique(technique_id)
    steps = "".join(f"<li>{escape(s)}</li>" for s in item.steps)
    questions = "".join(f"<li>{escape(q)}</li>" for q in item.questions)
    origin = f"<p><em>Origin:</em> {escape(item.origin)}</p>" if item.origin else ""
    return (f"<h4>{escape(item.name)}</h4><p>{escape(item.what)}</p>{origin}"
            f"<p><em>When:</em> {escape(item.when)}<br><em>Time:</em> {escape(item.time_label)}<br>"
            f"<em>People:</em> {escape(item.people_label)}</p>"
            f"<details><summary>Steps and questions</summary><ol>{steps}</ol><ul>{questions}</ul></details>")


class TechniqueFinder(widgets.VBox):
    """Suggest techniques for a situation and fill in a template for one of them.

    ``technique`` opens that technique's template; ``stage`` presets the stage ("before", "during" or
    "after"). With ``save_to`` (a JSON path) the situation and every template you fill in are saved
    after each change and restored next time. Markdown exports go to ``export_to`` (a folder) or
    beside the saved file, named after the technique (``peer-assist-plan.md``).
    """

    def __init__(self, technique: str | None = None, *, stage: str | None = None,
                 save_to: str | Path | None = None, export_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="TechniqueFinder")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        state = state or {}
        saved = state.get("situation") or {}
        self.templates: dict[str, dict[str, str]] = {str(k): dict(v) for k, v in (state.get("templates") or {}).items()
                                                     if k in techniques() and isinstance(v, dict)}
        if export_to:
            self.export_folder = Path(export_to)
        else:
            self.export_folder = self.slot.path.parent if self.slot.path else Path(".")
        titles = stage_titles()
        self.stage = widgets.Dropdown(options=[(f"{title} ({key})", key) for key, title in titles.items()],
                                      value=stage or saved.get("stage") or "before",
                                      description="When is it?", style=_STYLE, layout=_WIDE)
        self.people = widgets.BoundedIntText(value=int(saved.get("people") or 6), min=1, max=1000,
                                             description="People available:", style=_STYLE)
        minutes = saved.get("minutes") if saved.get("minutes") in dict(TIME_CHOICES).values() else 60
        self.minutes = widgets.Dropdown(options=TIME_CHOICES, value=minutes, description="Time available:",
                                        style=_STYLE)
        choices = [("any purpose", "")] + [(text, key) for key, text in purposes().items()]
        self.purpose = widgets.Dropdown(options=choices,
                                        value=saved.get("purpose") or "", description="What for?",
                                        style=_STYLE, layout=_WIDE)
        self.find = widgets.Button(description="Suggest techniques", button_style="primary",
                                   tooltip="Suggest techniques that fit this situation")
        self.results = widgets.HTML()
        # A technique named by the page author must exist; a saved one that no longer does is dropped.
        chosen = find_technique(technique).id if technique else _technique_id(state.get("technique") or "")
        self.choice = widgets.Dropdown(options=[(t.name, t.id) for t in techniques().values()],
                                       value=chosen, description="Template for:",
                                       style=_STYLE, layout=_WIDE)
        self.card = widgets.HTML()
        self.fields = widgets.VBox()
        self.boxes: dict[str, widgets.Textarea] = {}
        self.export = widgets.Button(description="Export Markdown", tooltip="Write this template as a Markdown file")
        self.status = widgets.HTML(live_region(message, problem=problem))
        self.find.on_click(lambda _b: self.show_suggestions())
        for control in (self.stage, self.people, self.minutes, self.purpose):
            control.observe(lambda _c: self._save(), names="value")
        self.choice.observe(self._rebuild_and_save, names="value")
        self.export.on_click(lambda _b: self.export_markdown())
        self._build_template()
        super().__init__([widgets.HTML("<h3>Find a technique</h3>"), self.stage, self.people, self.minutes,
                          self.purpose, self.find, self.results,
                          widgets.HTML("<h3>Fill in a template</h3>"), self.choice, self.card, self.fields,
                          self.export, self.status])

    def situation(self) -> Situation:
        return Situation(self.stage.value, int(self.people.value), int(self.minutes.value), self.purpose.value or None)

    def show_suggestions(self) -> None:
        """Show techniques for the current situation; the best one's template opens if none is filled in."""
        try:
            situation = self.situation()
            self.results.value = suggestions_html(situation)
        except SearchCraftError as error:
            self.status.value = live_region(str(error), problem=True)
            return
        found = suggest(situation)
        if found and not any(self.templates.get(self.choice.value, {}).values()):
            self.choice.value = found[0].technique.id
        count = len(found)
        self.status.value = live_region(f"{count} technique{'' if count == 1 else 's'} fit{'s' if count == 1 else ''} "
                                        "this situation." if count else "No technique fits this situation.")

    def template(self) -> TechniqueTemplate:
        """The template currently shown, with the learner's answers."""
        answers = {name: box.value for name, box in self.boxes.items() if box.value.strip()}
        return TechniqueTemplate(self.choice.value, answers)

    def _build_template(self) -> None:
        chosen = find_technique(self.choice.value)
        answers = self.templates.get(chosen.id, {})
        self.card.value = technique_card_html(chosen.id)
        rows, self.boxes = [], {}
        for item in chosen.template:
            box = widgets.Textarea(value=answers.get(item.name, ""), description=item.name, placeholder=item.prompt,
                                   continuous_update=False, rows=3, style=_STYLE, layout=_WIDE)
            box.observe(lambda change, name=item.name: self._field_changed(name, change["new"]), names="value")
            self.boxes[item.name] = box
            rows += [widgets.HTML(f"<p><strong>{escape(item.name)}</strong> {escape(item.prompt)}</p>"), box]
        self.fields.children = rows

    def _field_changed(self, name: str, text: str) -> None:
        self.templates.setdefault(self.choice.value, {})[name] = text
        self._save()

    def _rebuild_and_save(self, _change: object = None) -> None:
        self._build_template()
        self._save()

    def _save(self) -> None:
        state = {"situation": {"stage": self.stage.value, "people": int(self.people.value),
                               "minutes": int(self.minutes.value), "purpose": self.purpose.value},
                 "technique": self.choice.value,
                 "templates": {k: {n: t for n, t in v.items() if t.strip()} for k, v in self.templates.items()}}
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def export_markdown(self) -> Path | None:
        """Write the current template as Markdown; returns the path (``None`` if it failed)."""
        path = self.export_folder / f"{self.choice.value}-plan.md"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            filled = self.template()
            written = filled.export_markdown(path)
        except (OSError, SearchCraftError) as error:
            self.status.value = live_region(f"Could not export: {error}", problem=True)
            return None
        blank = filled.missing()
        note = f" Still blank: {', '.join(blank)}." if blank else ""
        self.status.value = live_region(f"Exported your {filled.technique.name} template to {written}.{note}")
        return written


def _technique_id(name_or_id: str) -> str:
    """A saved technique's id, or the first technique if it no longer exists."""
    try:
        return find_technique(name_or_id).id
    except SearchCraftError:
        return next(iter(techniques()))
