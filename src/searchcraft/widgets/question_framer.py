"""``QuestionFramer``: choose a framework, fill its elements with guidance, get a concept table.

Example::

    framer = QuestionFramer(save_to="my-work/framer.json")
    framer            # fill it in, then
    framer.concept_table()   # [{"concept": "Population", "terms": [...]}, ...] for ConceptTable
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .models.framer import QuestionFramerModel, frameworks, question_kinds, suggest_kinds
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "10em"}
_WIDE = widgets.Layout(width="95%")


def concept_table_html(rows: list[dict[str, Any]]) -> str:
    """The concept table as an accessible HTML table (or a prompt when it is empty)."""
    if not rows:
        return live_region("Fill in at least one searchable element to make a concept table.")
    body = "".join(f"<tr><th scope='row'>{escape(r['concept'])}</th><td>{escape(' OR '.join(r['terms']))}</td></tr>"
                   for r in rows)
    return ('<div role="status" aria-live="polite"><table><caption>Concept table: combine the rows '
            "with AND, the terms in a row with OR</caption><thead><tr><th scope='col'>Concept</th>"
            f"<th scope='col'>Terms</th></tr></thead><tbody>{body}</tbody></table></div>")


class QuestionFramer(widgets.VBox):
    """Frame a question with PICO, PICo, PEO, PCC, SPIDER, SPICE, ECLIPSE, CIMO and others."""

    def __init__(self, framework: str = "PICO", question: str = "", *,
                 save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="QuestionFramer")
        state, message = self.slot.restore()
        self.model = QuestionFramerModel.from_state(state) if state else QuestionFramerModel(framework, question)
        self.question = widgets.Textarea(value=self.model.question, description="Your question:",
                                         placeholder="e.g. Does exercise prevent falls in older people?",
                                         continuous_update=False, style=_STYLE, layout=_WIDE)
        self.kind = widgets.Dropdown(options=[("Not sure yet", "")] + [(v, k) for k, v in question_kinds().items()],
                                     value=self.model.kind or "", description="Kind of question:",
                                     style=_STYLE, layout=_WIDE)
        self.advice = widgets.HTML()
        self.framework = widgets.Dropdown(options=[(f"{f.name}: {f.title}", f.name) for f in frameworks().values()],
                                          value=self.model.framework.name, description="Framework:",
                                          style=_STYLE, layout=_WIDE)
        self.about = widgets.HTML()
        self.elements = widgets.VBox()
        self.inputs: dict[str, widgets.Textarea] = {}
        self.make_table = widgets.Button(description="Make concept table", button_style="primary",
                                         tooltip="List the searchable elements and their terms")
        self.table = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        self.question.observe(self._question_changed, names="value")
        self.kind.observe(self._kind_changed, names="value")
        self.framework.observe(self._framework_changed, names="value")
        self.make_table.on_click(self._show_table)
        self._build_elements()
        self._show_advice()
        super().__init__([self.question, self.kind, self.advice, self.framework, self.about,
                          self.elements, self.make_table, self.table, self.status])

    def concept_table(self, *, include_unsearched: bool = False) -> list[dict[str, Any]]:
        """The concepts and their terms, ready for ``ConceptTable``."""
        return self.model.concept_table(include_unsearched=include_unsearched)

    def _build_elements(self) -> None:
        chosen = self.model.framework
        self.about.value = (f"<p>{escape(chosen.summary)}</p>"
                            f"<p><small>Source: {escape(chosen.source)}</small></p>")
        rows, self.inputs = [], {}
        for element in chosen.elements:
            searched = ("usually a search concept" if element.searched
                        else "usually not searched; an eligibility criterion")
            guide = widgets.HTML(f"<p><strong>{escape(element.label)}</strong> ({searched}): "
                                 f"{escape(element.guidance)}</p>")
            box = widgets.Textarea(value=self.model.answers.get(element.label, ""),
                                   description=f"{element.label}:", placeholder=f"e.g. {element.example}",
                                   continuous_update=False, rows=2, style=_STYLE, layout=_WIDE)
            box.observe(lambda change, label=element.label: self._element_changed(label, change["new"]), names="value")
            self.inputs[element.label] = box
            rows += [guide, box]
        self.elements.children = rows

    def _show_advice(self) -> None:
        parts = []
        if not self.model.kind and self.model.question.strip():
            guesses = suggest_kinds(self.model.question)
            if guesses:
                kind, cues = guesses[0]
                parts.append(f"<p>Your wording ({escape(', '.join(cues))}) suggests a "
                             f"<strong>{escape(question_kinds()[kind])}</strong> question. "
                             "Choose the kind above to confirm.</p>")
        advice = self.model.advice()
        if advice:
            items = "".join(f"<li><strong>{escape(a.framework)}</strong>: {escape(a.why)}</li>" for a in advice)
            parts.append(f"<p>Frameworks that fit, best first:</p><ul>{items}</ul>")
            if self.model.fits_advice() is False:
                parts.append(f"<p>{escape(self.model.framework.name)} is not among them; it may still "
                             "work, but check that its elements match your question.</p>")
        self.advice.value = f'<div role="status" aria-live="polite">{"".join(parts)}</div>'

    def _save(self) -> None:
        message = self.slot.save(self.model.to_state())
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _question_changed(self, change: dict) -> None:
        self.model.question = change["new"]
        self._show_advice()
        self._save()

    def _kind_changed(self, change: dict) -> None:
        self.model.kind = change["new"] or None
        self._show_advice()
        self._save()

    def _framework_changed(self, change: dict) -> None:
        self.model.choose(change["new"])
        self._build_elements()
        self._show_advice()
        self._save()

    def _element_changed(self, label: str, text: str) -> None:
        self.model.fill(label, text)
        self._save()

    def _show_table(self, _button=None) -> None:
        self.table.value = concept_table_html(self.model.concept_table())
