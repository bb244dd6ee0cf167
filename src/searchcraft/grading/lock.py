"""One writer at a time for a course's gradebook.

Why: nbgrader's gradebook is a single SQLite file. Two tutors (or two ``searchcraft grade``
commands) writing it at once can meet "database is locked" or interleave half-finished updates.
Every step of :class:`~searchcraft.grading.course.Course` that writes the gradebook holds this
advisory lock (``fcntl.flock`` on ``<gradebook>.lock``), so writers queue instead of colliding.

Example::

    with GradebookLock(Path("assessments/gradebook.db")):
        ...  # write grades
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class GradebookLock:
    """An exclusive, blocking lock beside the gradebook file; reentrant within one object."""

    def __init__(self, gradebook: Path) -> None:
        self.path = Path(f"{gradebook}.lock")
        self._handle: int | None = None
        self._depth = 0

    def __enter__(self) -> GradebookLock:
        if self._depth == 0:
            self._handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._handle, fcntl.LOCK_EX)
        self._depth += 1
        return self

    def __exit__(self, *exc) -> None:
        self._depth -= 1
        if self._depth == 0 and self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None
