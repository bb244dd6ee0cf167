"""What a checker found in a learner's draft: which part, what to do, and whether it blocks.

Why one class: the advocacy card and the session plan (and any later draft checker) report in the
same shape and print the same way, ``To fix: <part>: <message>`` or ``Consider: ...``, so that
learners meet one convention across the course.

>>> print(DraftFinding("Headline", "missing."))
To fix: Headline: missing.
>>> print(DraftFinding("Outcome 2", "not an observable verb.", blocking=False))
Consider: Outcome 2: not an observable verb.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DraftFinding:
    """One finding: ``where`` in the draft, the ``message``, and whether it stops the draft being used."""

    where: str
    message: str
    blocking: bool = True

    def __str__(self) -> str:
        return f"{'To fix' if self.blocking else 'Consider'}: {self.where}: {self.message}"
