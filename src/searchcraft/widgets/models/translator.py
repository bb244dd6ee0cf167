"""Translating a search from one database's syntax to another's, for the ``Translator`` widget.

The model holds the learner's text and the two syntaxes, and turns the outcome into something a
learner can read: the translation and its warnings, or the error with the line it is on, a caret
under the place it was noticed and the hint. The translating itself is
:func:`searchcraft.query.translate.translate`; this module only shapes what the widget shows.

Example::

    >>> model = TranslatorModel("exp Falls, Accidental/\\nfall$.ti,ab.\\n1 or 2", "ovid", "pubmed")
    >>> print(model.outcome().text)
    "Falls, Accidental"[mh]
    fall*[tiab]
    #1 OR #2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import QuerySyntaxError, SearchCraftError
from ...query.translate import NAMES, Translation, translate

#: The syntaxes a learner can choose from, in the order the widget lists them.
SYNTAXES: tuple[str, ...] = ("pubmed", "ovid", "europepmc", "cinahl")

#: Example strategies a learner can load, each in the syntax it is written in.
EXAMPLES: dict[str, tuple[str, str]] = {
    "Ovid MEDLINE strategy: falls and exercise": ("ovid", (
        "1 exp Accidental Falls/\n"
        "2 (fall or falls or falling or fallers).ti,ab.\n"
        "3 or/1-2\n"
        "4 exp Exercise/\n"
        "5 (exercis$ or tai chi or balance training).ti,ab.\n"
        "6 (strength$ adj3 train$).ti,ab.\n"
        "7 or/4-6\n"
        "8 3 and 7")),
    "PubMed line: hand hygiene and feedback": ("pubmed", (
        '("Hand Hygiene"[mh] OR "hand hygiene"[tiab] OR handwashing[tiab]) AND (feedback[tiab] OR audit[tiab])')),
    "CINAHL strategy: falls": ("cinahl", (
        'S1 (MH "Accidental Falls")\n'
        "S2 TI fall* OR AB fall*\n"
        "S3 S1 OR S2")),
    "A mistake to find: an unclosed bracket": ("pubmed", "(falls[tiab] OR fall[tiab] AND exercise[tiab]"),
}


class TranslatorError(SearchCraftError):
    """A syntax the translator does not know."""


def _check_syntax(name: str) -> str:
    if name not in SYNTAXES:
        raise TranslatorError(f"Unknown syntax {name!r}",
                              hint=f"Choose one of: {', '.join(SYNTAXES)}.")
    return name


@dataclass(frozen=True)
class Problem:
    """A search that could not be translated: what is wrong, where, and how to fix it.

    ``line_text`` and ``column`` are set when the parser knows the place (0-based column), so the
    widget can put a caret under it.
    """

    message: str
    hint: str = ""
    line_text: str = ""
    column: int | None = None

    def caret_lines(self) -> str:
        """The offending line with a caret under the problem, or '' when the place is unknown."""
        if self.column is None:
            return ""
        return f"{self.line_text}\n{' ' * self.column}^"

    def text(self) -> str:
        parts = [self.message]
        if self.column is not None:
            parts.append(self.caret_lines())
        if self.hint:
            parts.append(f"Hint: {self.hint}")
        return "\n".join(parts)


@dataclass(frozen=True)
class Outcome:
    """The translation (``text`` and ``warnings``), or the ``problem`` that stopped it."""

    text: str = ""
    warnings: tuple[str, ...] = ()
    problem: Problem | None = None
    translation: Translation | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.problem is None


def problem_from(error: SearchCraftError) -> Problem:
    """A readable :class:`Problem` from the parser's or translator's error."""
    if isinstance(error, QuerySyntaxError):
        query, position = error.query, max(0, min(error.position, len(error.query)))
        start = query.rfind("\n", 0, position) + 1
        end = query.find("\n", position)
        line = query[start: end if end != -1 else None]
        return Problem(f"{error.reason}.", error.hint or "", line, position - start)
    return Problem(error.message, error.hint or "")


class TranslatorModel:
    """The learner's search, its syntax and the syntax to translate it into."""

    def __init__(self, text: str = "", from_: str = "ovid", to: str = "pubmed") -> None:
        self.text = text
        self.from_ = _check_syntax(from_)
        self.to = _check_syntax(to)

    def set(self, *, text: str | None = None, from_: str | None = None, to: str | None = None) -> None:
        if text is not None:
            self.text = text
        if from_ is not None:
            self.from_ = _check_syntax(from_)
        if to is not None:
            self.to = _check_syntax(to)

    def load_example(self, title: str) -> None:
        """Put one of :data:`EXAMPLES` in the box, with its syntax."""
        if title not in EXAMPLES:
            raise TranslatorError(f"No example called {title!r}", hint=f"Choose one of: {', '.join(EXAMPLES)}.")
        self.from_, self.text = EXAMPLES[title]
        if self.to == self.from_:
            self.to = next(s for s in SYNTAXES if s != self.from_)

    def outcome(self) -> Outcome:
        """Translate now; errors become a :class:`Problem`, never an exception."""
        if not self.text.strip():
            return Outcome(problem=Problem("There is nothing to translate yet.",
                                           "Type or paste a search: one line, or a numbered strategy."))
        if self.from_ == self.to:
            return Outcome(problem=Problem(f"Both syntaxes are {NAMES[self.to]}.",
                                           "Choose a different syntax to translate into."))
        try:
            result = translate(self.text, self.from_, self.to)
        except SearchCraftError as error:
            return Outcome(problem=problem_from(error))
        return Outcome(result.text, tuple(str(w) for w in result.warnings), None, result)

    def to_state(self) -> dict[str, Any]:
        return {"text": self.text, "from": self.from_, "to": self.to}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "TranslatorModel":
        return cls(str(state.get("text", "")), str(state.get("from", "ovid")), str(state.get("to", "pubmed")))
