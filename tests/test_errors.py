"""One exception hierarchy: every deliberate error is a SearchCraftError with a message and a hint."""

from __future__ import annotations

import pytest

from searchcraft import errors


@pytest.mark.parametrize("cls", [errors.QueryError, errors.QuerySyntaxError, errors.DatabaseError,
                                 errors.SourceError, errors.DataFileError, errors.GradingError,
                                 errors.CourseError])
def test_every_error_is_a_searchcraft_error(cls):
    assert issubclass(cls, errors.SearchCraftError)


def test_hint_follows_the_message():
    error = errors.DatabaseError("The practice database is missing", hint="Run `make database`.")
    assert str(error) == "The practice database is missing\nHint: Run `make database`."


def test_syntax_error_points_at_the_position_on_its_own_line():
    query = "#1 AND\n(falls OR"
    error = errors.QuerySyntaxError("Unbalanced parenthesis", query=query, position=7,
                                    hint="Add a closing ')'.")
    assert error.position == 7
    assert str(error).splitlines() == [
        "Unbalanced parenthesis at position 7:",
        "  (falls OR",
        "  ^",
        "Hint: Add a closing ')'.",
    ]
