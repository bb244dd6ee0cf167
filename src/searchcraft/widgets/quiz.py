"""``Quiz``: answer single- and multiple-answer questions, check each, read feedback on every option.

Keyboard use: Tab moves between questions and buttons; arrow keys choose a radio button; Space ticks
a box; Enter or Space presses *Check*. Feedback and the score are announced to screen readers.

Example::

    Quiz("boolean-basics", save_to="my-work/boolean-quiz.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from .learner_record import note_quiz_score
from .models.quiz import QuestionResult, QuizAnswerError, QuizModel, load_quiz
from .models.quiz import Quiz as QuizData
from .saving import SaveSlot, live_region

_WIDE = widgets.Layout(width="auto")


def feedback_html(result: QuestionResult) -> str:
    """The feedback for one checked question: the verdict, then a line on every option."""
    items = []
    for option in result.options:
        if option.chosen:
            verdict = "you chose this, and it is correct" if option.correct else "you chose this, but it is not correct"
        else:
            verdict = "you did not choose this, but it is correct" if option.correct else "not chosen, and rightly so"
        items.append(f"<li><strong>{escape(option.text)}</strong>: {verdict}. {escape(option.feedback)}</li>")
    return (f'<div role="status" aria-live="polite"><p><strong>{escape(result.summary())}</strong></p>'
            f"<ul>{''.join(items)}</ul></div>")


class _QuestionView:
    """The controls for one question: choices, a Check button and the feedback area."""

    def __init__(self, quiz: Quiz, number: int, question) -> None:
        self.quiz, self.question = quiz, question
        self.prompt = widgets.HTML(f"<p><strong>Question {number}.</strong> {escape(question.text)}</p>")
        if question.type == "single":
            self.choices = widgets.RadioButtons(
                options=[(o.text, i) for i, o in enumerate(question.options)], value=None,
                description=f"Answer {number}:", style={"description_width": "initial"}, layout=_WIDE)
            self.choices.observe(self._changed, names="value")
            self.boxes: list[widgets.Checkbox] = []
            controls = [self.choices]
        else:
            self.boxes = [widgets.Checkbox(value=False, description=o.text, indent=False, layout=_WIDE)
                          for o in question.options]
            for box in self.boxes:
                box.observe(self._changed, names="value")
            hint = [] if "all that apply" in question.text.lower() else [
                widgets.HTML("<p><em>Choose all that apply.</em></p>")]
            controls = [*hint, *self.boxes]
        self.check = widgets.Button(description=f"Check answer {number}", button_style="primary",
                                    tooltip=f"Check your answer to question {number}")
        self.check.on_click(self._check)
        self.feedback = widgets.HTML(live_region(""))
        self.box = widgets.VBox([self.prompt, *controls, self.check, self.feedback],
                                layout=widgets.Layout(margin="0 0 1em 0"))

    def chosen(self) -> list[int]:
        if self.boxes:
            return [i for i, box in enumerate(self.boxes) if box.value]
        return [] if self.choices.value is None else [self.choices.value]

    def show(self, indexes: tuple[int, ...]) -> None:
        """Set the controls to a saved answer (used when restoring)."""
        if self.boxes:
            for i, box in enumerate(self.boxes):
                box.value = i in indexes
        elif indexes:
            self.choices.value = indexes[0]

    def _changed(self, _change=None) -> None:
        self.quiz.model.choose(self.question.id, self.chosen())
        if self.question.id not in self.quiz.model.checked:
            self.feedback.value = live_region("")
        self.quiz._after_change()

    def _check(self, _button=None) -> None:
        try:
            result = self.quiz.model.check(self.question.id)
        except QuizAnswerError as error:
            self.feedback.value = live_region(error.message + ".", problem=True)
            return
        self.feedback.value = feedback_html(result)
        self.quiz._after_change()


class Quiz(widgets.VBox):
    """A quiz from a YAML or Markdown file, or a bundled quiz by name (see ``load_quiz``)."""

    def __init__(self, quiz: str | Path | QuizData, *, save_to: str | Path | None = None) -> None:
        data = quiz if isinstance(quiz, QuizData) else load_quiz(quiz)
        self.quiz_file = Path(quiz).resolve() if isinstance(quiz, (str, Path)) and Path(quiz).is_file() else None
        self.model = QuizModel(data)
        self.slot = SaveSlot(save_to, kind="Quiz")
        state, message = self.slot.restore()
        self.title = widgets.HTML(f"<h3>{escape(data.title)}</h3>")
        self.views = [_QuestionView(self, n, q) for n, q in enumerate(data.questions, start=1)]
        self.score = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        self._restoring = True
        if state:
            self.model.restore(state)
            for view in self.views:
                view.show(self.model.answers.get(view.question.id, ()))
            self.model.restore(state)  # showing answers un-checks them; take the checks back
            for view in self.views:
                if view.question.id in self.model.checked:
                    view.feedback.value = feedback_html(self.model.result(view.question.id))
        self._restoring = False
        self._show_score()
        super().__init__([self.title, *(v.box for v in self.views), self.score, self.status])

    def _show_score(self) -> None:
        score = self.model.score()
        self.score.value = (f'<p role="status" aria-live="polite"><strong>Score: {score.text()}</strong> '
                            f"({score.checked} of {score.total} checked).</p>")

    def _after_change(self) -> None:
        if self._restoring:
            return
        self._show_score()
        message = self.slot.save(self.model.to_state())
        score = self.model.score()
        noted = note_quiz_score(self.quiz_file, score.correct, score.checked, score.total)
        if noted.startswith(("Could not", "Your progress could not")):
            message = noted
        if message.startswith(("Could not", "Your progress could not")):
            self.status.value = live_region(message, problem=True)
