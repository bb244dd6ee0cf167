"""Translating a search from one database's syntax to another's, for the ``Translator`` widget.

The model holds the learner's text and the two syntaxes, and turns the outcome into something a
learner can read: the translation and its warnings, or the error with the line it is on, a caret
under the place it was noticed and the hint. The translating itself is
:func:`searchcraft.query.translate.translate`; this module only shapes what the widget shows.

It also runs *both* sides on the practice database (:meth:`TranslatorModel.compare`): every line
of the original in its own syntax and every line of the translation in the other, with the counts
side by side. Where the counts differ, the comparison says why: the translator's warning for that
line (Ovid ``adj3`` became ``AND``, a field had no equivalent...), and records that only one side
finds, so a learner sees what a translation costs before running it in the real database.

Example::

    >>> model = TranslatorModel("exp Falls, Accidental/\\nfall$.ti,ab.\\n1 or 2", "ovid", "pubmed")
    >>> print(model.outcome().text)
    "Falls, Accidental"[mh]
    fall*[tiab]
    #1 OR #2
    >>> model.compare().same                      # doctest: +SKIP
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...errors import QuerySyntaxError, SearchCraftError, named
from ...query.translate import NAMES, Translation, translate

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.database import PracticeDatabase

#: The syntaxes a learner can choose from, in the order the widget lists them.
SYNTAXES: tuple[str, ...] = tuple(NAMES)   # the translator's list, PubMed first

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


@dataclass(frozen=True)
class SideRun:
    """One side of a comparison run on the practice database: each line's label, text and count,
    and the records the last line finds."""

    syntax: str
    lines: tuple[tuple[str, str, int], ...] = ()
    ids: tuple[str, ...] = ()
    problem: Problem | None = None

    @property
    def count(self) -> int:
        return self.lines[-1][2] if self.lines else 0


@dataclass(frozen=True)
class Comparison:
    """Both sides run on the practice database, and what explains any difference between them.

    ``only_original``/``only_translated`` list (id, title) of up to five records that only one
    side's last line finds; ``explanations`` are sentences a learner can read.
    """

    original: SideRun
    translated: SideRun
    only_original: tuple[tuple[str, str], ...] = ()
    only_translated: tuple[tuple[str, str], ...] = ()
    missing_count: int = 0
    extra_count: int = 0
    explanations: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.original.problem is None and self.translated.problem is None

    @property
    def same(self) -> bool:
        """Both last lines find exactly the same records."""
        return self.ok and set(self.original.ids) == set(self.translated.ids)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """Line by line: (line, original, its count, translation, its count) as text."""
        left, right = self.original.lines, self.translated.lines
        rows = []
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ("", "", None)
            b = right[i] if i < len(right) else ("", "", None)
            rows.append((str(i + 1), f"{a[0]} {a[1]}".strip(), "" if a[2] is None else f"{a[2]:,}",
                         f"{b[0]} {b[1]}".strip(), "" if b[2] is None else f"{b[2]:,}"))
        return rows

    def text(self) -> str:
        """The comparison as plain text (for a notebook's output or a report)."""
        names = NAMES[self.original.syntax], NAMES[self.translated.syntax]
        lines = [f"{'#':>3}  {names[0]:<45} {'found':>6}   {names[1]:<45} {'found':>6}"]
        for row in self.rows():
            lines.append(f"{row[0]:>3}  {row[1][:45]:<45} {row[2]:>6}   {row[3][:45]:<45} {row[4]:>6}")
        return "\n".join(lines + [""] + list(self.explanations))


def _run_side(text: str, syntax: str, db: PracticeDatabase) -> SideRun:
    """Run every line of ``text`` (a search or a numbered strategy in ``syntax``) on ``db``."""
    from ...practice.database import with_default_fields
    from ...practice.history import notation
    from ...query.strategy import parse_strategy, renumbered

    try:
        strategy, _ = renumbered(parse_strategy(text, syntax))
        label = notation(syntax).label
        lines: list[tuple[str, str, int]] = []
        ids: tuple[str, ...] = ()
        for line in strategy.lines:
            node = with_default_fields(strategy.expanded(line.number), syntax)
            result = db.search(node)
            lines.append((label(line.number) if len(strategy.lines) > 1 else "", line.text,
                          result.count))
            ids = result.ids
        return SideRun(syntax, tuple(lines), tuple(ids))
    except SearchCraftError as error:
        return SideRun(syntax, problem=problem_from(error))


class TranslatorModel:
    """The learner's search, its syntax and the syntax to translate it into.

    ``source`` is the practice database both sides are run on (the bundled one unless given).
    """

    def __init__(self, text: str = "", from_: str = "ovid", to: str = "pubmed", *,
                 source: PracticeDatabase | None = None) -> None:
        self.text = text
        self.from_ = _check_syntax(from_)
        self.to = _check_syntax(to)
        self.source = source

    def set(self, *, text: str | None = None, from_: str | None = None, to: str | None = None) -> None:
        if text is not None:
            self.text = text
        if from_ is not None:
            self.from_ = _check_syntax(from_)
        if to is not None:
            self.to = _check_syntax(to)

    def load_example(self, title: str) -> None:
        """Put one of :data:`EXAMPLES` in the box, with its syntax."""
        self.from_, self.text = named(EXAMPLES, title, "example", TranslatorError)
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

    def compare(self) -> Comparison:
        """Run the search and its translation on the practice database and explain any difference.

        Each line is run with the lines it refers to written out, each side in its own syntax, so
        the counts are what each database's own notation means on the same records.
        """
        outcome = self.outcome()
        if outcome.problem is not None:
            return Comparison(SideRun(self.from_, problem=outcome.problem), SideRun(self.to),
                              explanations=(f"Nothing was run: {outcome.problem.text()}",))
        from .practice import practice_database

        db = self.source if self.source is not None else practice_database()
        original = _run_side(self.text, self.from_, db)
        translated = _run_side(outcome.text, self.to, db)
        if original.problem or translated.problem:
            return Comparison(original, translated, explanations=tuple(
                f"{NAMES[side.syntax]}: {side.problem.text()}"
                for side in (original, translated) if side.problem))
        missing = [i for i in original.ids if i not in set(translated.ids)]
        extra = [i for i in translated.ids if i not in set(original.ids)]
        titles = {r.id: r.title for r in db.fetch(missing[:5] + extra[:5])}
        explanations = _explain(original, translated, outcome, len(missing), len(extra))
        return Comparison(original, translated,
                          tuple((i, titles.get(i, "")) for i in missing[:5]),
                          tuple((i, titles.get(i, "")) for i in extra[:5]),
                          len(missing), len(extra), explanations)

    def to_state(self) -> dict[str, Any]:
        return {"text": self.text, "from": self.from_, "to": self.to}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TranslatorModel:
        return cls(str(state.get("text", "")), str(state.get("from", "ovid")), str(state.get("to", "pubmed")))


def _explain(original: SideRun, translated: SideRun, outcome: Outcome, missing: int,
             extra: int) -> tuple[str, ...]:
    """Sentences that say whether the two sides agree and, line by line, why they do not."""
    a, b = NAMES[original.syntax], NAMES[translated.syntax]
    said: list[str] = []
    if not missing and not extra:
        said.append(f"Both find the same {original.count:,} records on the practice database.")
    else:
        parts = []
        if missing:
            parts.append(f"{missing:,} found only by the {a} search")
        if extra:
            parts.append(f"{extra:,} found only by the {b} translation")
        said.append(f"The last lines differ: {original.count:,} in {a} and {translated.count:,} in "
                    f"{b} ({'; '.join(parts)}).")
    warnings = outcome.translation.warnings if outcome.translation is not None else []
    by_line: dict[int | None, list[str]] = {}
    for warning in warnings:
        by_line.setdefault(warning.line, []).append(warning.message)
    pairs = list(zip(original.lines, translated.lines, strict=False))
    for number, (left, right) in enumerate(pairs, 1):
        if left[2] == right[2]:
            continue
        reasons = by_line.get(number) or (by_line.get(None) if len(pairs) == 1 else None)
        why = (" " + " ".join(reasons)) if reasons else (
            " No warning covers it: the two platforms read this line differently, so check the "
            "records that only one side finds.")
        where = f"Line {number}" if len(pairs) > 1 else "The search"
        said.append(f"{where}: {left[2]:,} in {a}, {right[2]:,} in {b}.{why}")
    if len(original.lines) != len(translated.lines):
        said.append(f"{b} has no search history, so the translation writes each line out in full.")
    return tuple(said)
