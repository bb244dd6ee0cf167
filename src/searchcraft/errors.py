"""One exception hierarchy for the whole kit.

Every error the kit raises on purpose is a :class:`SearchCraftError`, so a notebook or the command
line can catch them all in one place and show the learner a plain message instead of a traceback.
Each sub-package derives its own errors from the roots here, e.g.::

    try:
        db.search('"hand hygiene[tiab]')
    except SearchCraftError as error:
        print(error)          # says what went wrong, where, and how to fix it
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


class SearchCraftError(Exception):
    """Root of every error the kit raises on purpose.

    ``hint`` says how to fix the problem, in the learner's words; it is shown after the message.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\nHint: {self.hint}"
        return self.message


class QueryError(SearchCraftError):
    """A search strategy could not be understood or run."""


class QuerySyntaxError(QueryError):
    """A query that does not parse, with the 0-based ``position`` of the problem in the query text.

    Example::

        >>> str(QuerySyntaxError("Unbalanced parenthesis", query="(a OR b", position=0,
        ...                      hint="Add a closing ')'."))
        "Unbalanced parenthesis at position 0:\\n  (a OR b\\n  ^\\nHint: Add a closing ')'."
    """

    def __init__(self, message: str, *, query: str, position: int, hint: str | None = None) -> None:
        self.query = query
        self.position = position
        self.reason = message
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        first_line_end = self.query.find("\n", self.position)
        line_start = self.query.rfind("\n", 0, self.position) + 1
        line = self.query[line_start : first_line_end if first_line_end != -1 else None]
        caret = " " * (self.position - line_start) + "^"
        text = f"{self.reason} at position {self.position}:\n  {line}\n  {caret}"
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text


class DatabaseError(SearchCraftError):
    """The practice database could not be built, opened or searched."""


class SourceError(SearchCraftError):
    """A live database (PubMed, Europe PMC) failed or answered in a way the kit cannot read."""


class DataFileError(SearchCraftError):
    """A file the kit reads (records, saved widget state, a gold set) is missing or malformed."""


class GradingError(SearchCraftError):
    """The tutor's grading workflow met a problem it cannot work around."""


class CourseError(SearchCraftError):
    """Building, checking or publishing the course failed."""


class MissingExtraError(SearchCraftError):
    """An optional part of the kit is asked for but the package it needs is not installed.

    The learner's path never needs one; tutors' reports drawn as PNG need matplotlib, installed with
    ``pip install "searchcraft[tutor]"``.
    """


def named(known: Mapping[str, T], name: str, what: str, error: type[SearchCraftError] = SearchCraftError) -> T:
    """``known[name]``, or ``error`` saying there is no ``what`` of that name and listing the choices.

    Why: every catalogue in the kit (quizzes, puzzles, flawed strategies...) is looked up by name,
    and a learner who mistypes one should read the names that exist, not a ``KeyError``.

    >>> named({"boolean": 1}, "bolean", "quiz")
    Traceback (most recent call last):
    ...
    searchcraft.errors.SearchCraftError: No quiz called 'bolean'
    Hint: Choose one of: boolean.
    """
    if name not in known:
        raise error(f"No {what} called {name!r}", hint=f"Choose one of: {', '.join(known)}.")
    return known[name]
