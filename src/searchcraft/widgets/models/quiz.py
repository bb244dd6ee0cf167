"""Quizzes: single- and multiple-answer questions with feedback on every option, and a score.

Questions come from a YAML or Markdown file (the format is in ``widgets/data/quizzes/README.md``).
Scoring is all-or-nothing per question: a multiple-answer question scores only when exactly the
correct options are chosen, and the feedback on each option explains why. Results stay on the
learner's machine (the widget's saved state); nothing is sent anywhere.

Example::

    >>> quiz = parse_quiz_yaml('''
    ... title: Operators
    ... questions:
    ...   - question: Which operator narrows a search?
    ...     type: single
    ...     options:
    ...       - {text: OR, correct: false, feedback: OR widens a search.}
    ...       - {text: AND, correct: true, feedback: AND keeps records with both concepts.}
    ... ''')
    >>> model = QuizModel(quiz)
    >>> model.choose("q1", [1])
    >>> model.check("q1").correct, model.score().text()
    (True, '1 of 1 correct')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import DataFileError, SearchCraftError
from .data import DATA, read_yaml

TYPES = ("single", "multiple")


class QuizFormatError(DataFileError):
    """A quiz file that does not follow the documented format."""


class QuizAnswerError(SearchCraftError):
    """An answer that does not fit the question (unknown question, option out of range)."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    options: tuple[Option, ...]

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Quiz:
    title: str
    questions: tuple[Question, ...]
    source: str = ""

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise QuizAnswerError(f"This quiz has no question {question_id!r}",
                              hint=f"Questions are: {', '.join(q.id for q in self.questions)}.")


@dataclass(frozen=True)
class OptionFeedback:
    text: str
    chosen: bool
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    correct: bool
    options: tuple[OptionFeedback, ...]

    def summary(self) -> str:
        """One sentence for a screen reader: right or not, and what to look at."""
        if self.correct:
            return "Correct."
        missed = sum(1 for o in self.options if o.correct and not o.chosen)
        wrong = sum(1 for o in self.options if o.chosen and not o.correct)
        parts = []
        if wrong:
            parts.append(f"{wrong} chosen option{'s are' if wrong > 1 else ' is'} not right")
        if missed:
            parts.append(f"{missed} correct option{'s were' if missed > 1 else ' was'} not chosen")
        return "Not quite: " + " and ".join(parts) + ". Read the feedback on each option."


@dataclass(frozen=True)
class Score:
    correct: int
    checked: int
    total: int

    def text(self) -> str:
        return f"{self.correct} of {self.total} correct"


# ---------------------------------------------------------------------------------------------
# Reading quiz files


def _where(source: str, question_number: int) -> str:
    return f"{source}, question {question_number}"


def _build(title: str, raw_questions: list[dict[str, Any]], source: str) -> Quiz:
    if not raw_questions:
        raise QuizFormatError(f"{source} has no questions", hint="Add at least one question.")
    questions, seen = [], set()
    for number, raw in enumerate(raw_questions, start=1):
        where = _where(source, number)
        if not isinstance(raw, dict):
            raise QuizFormatError(f"{where} is not a question", hint="Each question needs question, type and options.")
        qid = str(raw.get("id") or f"q{number}")
        if qid in seen:
            raise QuizFormatError(f"{where} repeats the id {qid!r}", hint="Give every question its own id.")
        seen.add(qid)
        text = str(raw.get("question") or "").strip()
        if not text:
            raise QuizFormatError(f"{where} has no question text", hint="Add a 'question:' line.")
        kind = str(raw.get("type") or "single").strip().lower()
        if kind not in TYPES:
            raise QuizFormatError(f"{where} has type {kind!r}", hint="Use type: single or type: multiple.")
        options = []
        for o_number, option in enumerate(raw.get("options") or [], start=1):
            if not isinstance(option, dict) or not str(option.get("text", "")).strip():
                raise QuizFormatError(f"{where}, option {o_number} has no text", hint="Give each option a text.")
            feedback = str(option.get("feedback") or "").strip()
            if not feedback:
                raise QuizFormatError(f"{where}, option {o_number} has no feedback",
                                      hint="Every option needs feedback that explains why it is right or wrong.")
            if not isinstance(option.get("correct", False), bool):
                raise QuizFormatError(f"{where}, option {o_number}: correct must be true or false",
                                      hint="Write correct: true or correct: false.")
            options.append(Option(str(option["text"]).strip(), bool(option.get("correct")), feedback))
        if len(options) < 2:
            raise QuizFormatError(f"{where} needs at least two options", hint="Add more options.")
        right = sum(o.correct for o in options)
        if kind == "single" and right != 1:
            raise QuizFormatError(f"{where} is single-answer but has {right} correct options",
                                  hint="Mark exactly one option correct, or use type: multiple.")
        if kind == "multiple" and right < 1:
            raise QuizFormatError(f"{where} has no correct option", hint="Mark at least one option correct.")
        questions.append(Question(qid, text, kind, tuple(options)))
    return Quiz(title, tuple(questions), source)


def parse_quiz_yaml(text: str, source: str = "quiz") -> Quiz:
    """A quiz from YAML text: ``title`` and a list of ``questions``.

    ``source`` is the file's path (or just a name): a quiz file's up-to-date JSON twin is used
    instead of parsing YAML, so quizzes load in the browser too (see :mod:`searchcraft.datafiles`).
    """
    document = read_yaml(source, text=text)
    return quiz_from_document(document, Path(source).name)


def quiz_from_document(document: object, source: str = "quiz") -> Quiz:
    """A quiz from parsed data: a mapping with ``title`` and ``questions``, or a bare list of questions."""
    if isinstance(document, list):
        document = {"questions": document}
    if not isinstance(document, dict) or not isinstance(document.get("questions"), list):
        raise QuizFormatError(f"{source} does not hold a list of questions",
                              hint="Start the file with 'title:' and a 'questions:' list.")
    return _build(str(document.get("title") or "Quiz"), document["questions"], source)


_OPTION = re.compile(r"^[-*]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.+)$")
_SETTING = re.compile(r"^(?P<key>id|type):\s*(?P<value>\S.*)$", re.IGNORECASE)


def parse_quiz_markdown(text: str, source: str = "quiz") -> Quiz:
    """A quiz from Markdown: ``# Title``, one ``## question`` per question, ``- [x]`` options with
    an indented ``> feedback`` line under each."""
    title = "Quiz"
    raw_questions: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    option: dict[str, Any] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("## "):
            current = {"question": line[3:].strip(), "options": []}
            raw_questions.append(current)
            option = None
        elif current is None:
            continue  # introductory text before the first question
        elif (match := _SETTING.match(stripped)) and not current["options"]:
            current[match["key"].lower()] = match["value"].strip()
        elif (match := _OPTION.match(stripped)) and not line.startswith((" ", "\t")):
            option = {"text": match["text"].strip(), "correct": match["mark"] != " ", "feedback": ""}
            current["options"].append(option)
        elif stripped.startswith(">") and option is not None:
            option["feedback"] = (option["feedback"] + " " + stripped.lstrip("> ").strip()).strip()
        elif not current["options"]:
            current["question"] += " " + stripped  # question text over several lines
        else:
            raise QuizFormatError(f"{source}, line {number}: cannot tell what {stripped[:40]!r} is",
                                  hint="Options start '- [ ]' or '- [x]'; feedback lines start '  >'.")
    return _build(title, raw_questions, source)


def bundled_quizzes() -> list[str]:
    """Names of the quizzes shipped with the kit (use with :func:`load_quiz`)."""
    folder = DATA / "quizzes"
    return sorted(Path(str(p)).stem for p in folder.iterdir()
                  if p.name.endswith((".yml", ".yaml", ".md")) and p.name != "README.md")


def load_quiz(name_or_path: str | Path) -> Quiz:
    """A quiz from a file path, or by name from the kit's own quizzes (``load_quiz("boolean-basics")``)."""
    path = Path(name_or_path)
    if not path.is_file():
        folder = Path(str(DATA / "quizzes"))
        candidates = [folder / f"{name_or_path}{suffix}" for suffix in (".yml", ".yaml", ".md")]
        found = [c for c in candidates if c.is_file()]
        if not found:
            raise QuizFormatError(f"No quiz file or bundled quiz called {str(name_or_path)!r}",
                                  hint=f"Give a path, or one of: {', '.join(bundled_quizzes())}.")
        path = found[0]
    if path.suffix.lower() == ".md":
        return parse_quiz_markdown(path.read_text(encoding="utf-8"), source=path.name)
    return quiz_from_document(read_yaml(path), source=path.name)


# ---------------------------------------------------------------------------------------------
# Answering


@dataclass
class QuizModel:
    """The learner's answers to one quiz, which questions they have checked, and the score."""

    quiz: Quiz
    answers: dict[str, tuple[int, ...]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)

    def choose(self, question_id: str, indexes: Iterable[int]) -> None:
        """Choose options (0-based). Changing an answer un-checks the question."""
        question = self.quiz.question(question_id)
        chosen = tuple(sorted(set(int(i) for i in indexes)))
        for index in chosen:
            if not 0 <= index < len(question.options):
                raise QuizAnswerError(f"Question {question_id!r} has no option {index + 1}",
                                      hint=f"It has {len(question.options)} options.")
        if question.type == "single" and len(chosen) > 1:
            raise QuizAnswerError(f"Question {question_id!r} takes one answer; got {len(chosen)}",
                                  hint="Choose a single option.")
        if self.answers.get(question_id, ()) != chosen:
            self.checked.discard(question_id)
        self.answers[question_id] = chosen

    def result(self, question_id: str) -> QuestionResult:
        """How the current answer fares, with feedback on every option."""
        question = self.quiz.question(question_id)
        chosen = set(self.answers.get(question_id, ()))
        options = tuple(OptionFeedback(o.text, i in chosen, o.correct, o.feedback)
                        for i, o in enumerate(question.options))
        return QuestionResult(question, chosen == set(question.correct_indexes), options)

    def check(self, question_id: str) -> QuestionResult:
        """Mark a question as checked and return its result; an empty answer cannot be checked."""
        if not self.answers.get(question_id):
            raise QuizAnswerError("Choose an answer before checking", hint="Select at least one option.")
        self.checked.add(question_id)
        return self.result(question_id)

    def score(self) -> Score:
        """Checked questions answered correctly, out of all questions in the quiz."""
        correct = sum(1 for q in self.quiz.questions if q.id in self.checked and self.result(q.id).correct)
        return Score(correct, len(self.checked), len(self.quiz.questions))

    def to_state(self) -> dict[str, Any]:
        return {"quiz": self.quiz.title, "answers": {k: list(v) for k, v in self.answers.items()},
                "checked": sorted(self.checked)}

    def restore(self, state: dict[str, Any]) -> None:
        """Take back saved answers, skipping any that no longer fit an edited quiz."""
        ids = {q.id for q in self.quiz.questions}
        for qid, indexes in (state.get("answers") or {}).items():
            if qid in ids:
                try:
                    self.choose(qid, indexes)
                except (QuizAnswerError, TypeError, ValueError):
                    continue
        self.checked = {q for q in state.get("checked") or [] if q in ids and self.answers.get(q)}
