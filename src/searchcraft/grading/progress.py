"""A small progress bar on standard error, so the tutor sees a long batch moving.

Why not a dependency: one line of text redrawn with ``\\r`` is all a cohort needs, and it must stay
off standard output (which scripts may read).

Example::

    >>> bar = ProgressBar(2, "Grading", enabled=False)
    >>> bar.advance("ana"); bar.advance("ben"); bar.done
    2
"""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    """``Grading  [#####-----]  5/10  ana``; silent when ``enabled`` is False."""

    def __init__(self, total: int, label: str, *, enabled: bool = True, stream: TextIO | None = None,
                 width: int = 30) -> None:
        self.total, self.label, self.enabled, self.width = total, label, enabled, width
        self.stream = stream or sys.stderr
        self.done = 0
        self._draw("")

    def advance(self, item: str = "") -> None:
        self.done += 1
        self._draw(item)
        if self.done >= self.total and self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, item: str) -> None:
        if not self.enabled or self.total == 0:
            return
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {item[:30]:<30}")
        self.stream.flush()
