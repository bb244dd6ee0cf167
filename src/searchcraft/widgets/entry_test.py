"""``EntryTest``: nine questions, marked, that recommend a route (foundation, practitioner, advanced).

Keyboard use: Tab moves between questions; arrow keys choose an answer; Enter or Space presses
*Mark my answers*. The result, the feedback on every question and the recommended route are
announced to screen readers. The recommendation is kept in the learner's record.

Example::

    EntryTest()
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..pathways import LEVEL_TITLES, course_registry, format_minutes
from .learner_record import load_record, update_record
from .models.entry_test import EntryTestError, EntryTestModel
from .saving import live_region


def route_html(level: str) -> str:
    """The recommended route: what to study, what is optional, and the study time."""
    route = course_registry().route(level)
    items = []
    for step in route.steps:
        tag = "optional" if step.optional else "study"
        items.append(f"<li>{escape(step.module.title)} <em>({escape(step.module.level_title)}, "
                     f"{escape(step.module.time_text)}; {tag})</em></li>")
    return (f"<h4>{escape(route.title)}</h4><p>{escape(route.description)} Modules to study: {len(route.core)}, "
            f"about {escape(format_minutes(route.minutes))}.</p>"
            f"<ol>{''.join(items)}</ol>")


class EntryTest(widgets.VBox):
    """The entry self-test; ``record=False`` keeps the result out of the learner's record."""

    def __init__(self, *, record: bool = True) -> None:
        self.model = EntryTestModel()
        self.record = record
        self.choices: list[widgets.RadioButtons] = []
        self.feedback: list[widgets.HTML] = []
        boxes = []
        for number, question in enumerate(self.model.questions, start=1):
            prompt = widgets.HTML(f"<p><strong>Question {number}.</strong> {escape(question.text)}</p>")
            choice = widgets.RadioButtons(options=[(o.text, i) for i, o in enumerate(question.options)], value=None,
                                          description=f"Answer {number}:", style={"description_width": "initial"},
                                          layout=widgets.Layout(width="auto"))
            choice.observe(lambda change, qid=question.id: self._chosen(qid, change["new"]), names="value")
            note = widgets.HTML("")
            self.choices.append(choice)
            self.feedback.append(note)
            boxes.append(widgets.VBox([prompt, choice, note], layout=widgets.Layout(margin="0 0 0.8em 0")))
        self.mark_button = widgets.Button(description="Mark my answers", button_style="primary",
                                          layout=widgets.Layout(width="auto"),
                                          tooltip="Mark the entry self-test and recommend a route")
        self.mark_button.on_click(self._mark)
        self.result = widgets.HTML(live_region(""))
        self.route = widgets.HTML("")
        earlier = previous_recommendation() if record else ""
        heading = widgets.HTML("<h3>Entry self-test: where should I start?</h3><p>Nine questions, three at each "
                               "level. Answer every question, then mark your answers.</p>"
                               + (f"<p>{escape(earlier)}</p>" if earlier else ""))
        super().__init__([heading, *boxes, self.mark_button, self.result, self.route])
        self.add_class("searchcraft-entry-test")

    def _chosen(self, question_id: str, option) -> None:
        self.model.choose(question_id, option)
        for note in self.feedback:
            note.value = ""
        self.route.value = ""

    def _mark(self, _button=None) -> None:
        try:
            result = self.model.mark()
        except EntryTestError as error:
            self.result.value = live_region(f"{error.message}. {error.hint}", problem=True)
            return
        for question, note in zip(self.model.questions, self.feedback, strict=True):
            chosen = question.options[self.model.answers[question.id]]
            right = self.model.is_correct(question.id)
            verdict = "Correct" if right else f"Not quite (the answer is: {question.options[question.correct].text})"
            note.value = f"<p><em>{escape(verdict)}.</em> {escape(chosen.feedback)}</p>"
        message = result.summary()
        if self.record:
            _, saved = update_record(lambda record: record.note_entry_test(result.to_dict()))
            if saved.startswith("Could not"):
                message += " " + saved
            else:
                message += " Your result is kept in your learner's record."
        self.result.value = live_region(message)
        self.route.value = route_html(result.route)

    @property
    def recommended(self) -> str | None:
        return self.model.result.route if self.model.result else None


def previous_recommendation() -> str:
    """A line for the page: what the learner's record says the test recommended last time."""
    record, _ = load_record()
    route = record.recommended_route()
    return f"Last time you took the test it recommended the {LEVEL_TITLES[route]} route." if route else ""
