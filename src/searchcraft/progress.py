"""One progress reporter for every long command: a single line on standard error, redrawn in place.

Why one: building the practice database, fetching records from a live source and grading a cohort
all take long enough that the user should see them move (GUIDE: "long work shows progress"). They
share this class so that every command looks the same, stays off standard output (which scripts
may read) and can be switched off (``enabled=False``) in tests and quiet runs.

Why not a dependency: one line redrawn with ``\\r`` is all a terminal needs, and the kit's core
must stay pure Python with few requirements (it also installs in the learner's browser).

With a ``total`` the line is a bar; without one it is a running count with its rate::

    Grading search-01 [###############---------------] 5/10 ana
    Indexing records: 12,000 (45,000 records/s)

>>> import io
>>> out = io.StringIO()
>>> bar = ProgressLine("Grading", total=2, stream=out, width=4)
>>> bar.advance("ana"); bar.advance("ben")
>>> out.getvalue().split("\\r")[-1]
'Grading [####] 2/2 ben\\n'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressLine:
    """A progress line on ``stream`` (standard error by default); silent when ``enabled`` is False.

    Use it in one of three ways: ``advance(item)`` once per finished item (``total`` known),
    ``update(done, total)`` with counts from elsewhere (it is also a ``(done, total)`` callable,
    the shape :class:`searchcraft.source.Source` fetchers report through), or ``update(done)``
    with no total for a running count. ``finish()`` ends the line; it is safe to call twice.
    ``every`` seconds (0 = always) limits how often the line is redrawn, for tight loops.
    """

    def __init__(self, label: str, *, total: int | None = None, enabled: bool = True,
                 stream: TextIO | None = None, width: int = 30, unit: str = "items",
                 every: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.total, self.enabled, self.width = label, total, enabled, width
        self.unit, self.every, self.clock = unit, every, clock
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.item = ""
        self.start = self.last = clock()
        self.drawn = False   # something is on the line, so finish() must end it
        self.ended = False
        self._width_drawn = 0
        if total:
            self._draw(self.start)  # the empty bar at once: the user sees the work has started

    # -- reporting --------------------------------------------------------------------------------
    def advance(self, item: str = "") -> None:
        """One more item is done (``item`` names it, e.g. the learner just graded)."""
        self.update(self.done + 1, item=item)

    def update(self, done: int, total: int | None = None, *, item: str = "", final: bool = False) -> None:
        """``done`` items of ``total`` (kept from before when not given) are finished."""
        self.done, self.item = done, item
        if total is not None:
            self.total = total
        complete = self.total is not None and done >= self.total
        now = self.clock()
        if not (final or complete or self.every <= 0 or now - self.last >= self.every):
            return
        self.last = now
        self._draw(now)
        if final or complete:
            self.finish()

    def __call__(self, done: int, total: int) -> None:
        self.update(done, total)

    def note(self, text: str) -> None:
        """A line of its own (e.g. what comes next), after the progress line."""
        if self.enabled:
            self.finish()
            print(text, file=self.stream, flush=True)

    def finish(self) -> None:
        """End the progress line (a newline), if one was drawn and not yet ended."""
        if self.enabled and self.drawn and not self.ended:
            self.stream.write("\n")
            self.stream.flush()
            self.ended = True

    # -- drawing ----------------------------------------------------------------------------------
    def text(self, now: float | None = None) -> str:
        """The line as it is drawn now (without the leading ``\\r``)."""
        if self.total is None:
            elapsed = max((self.clock() if now is None else now) - self.start, 1e-9)
            return f"{self.label}: {self.done:,} ({self.done / elapsed:,.0f} {self.unit}/s)"
        filled = int(self.width * min(self.done, self.total) / self.total) if self.total else self.width
        line = f"{self.label} [{'#' * filled}{'-' * (self.width - filled)}] {self.done:,}/{self.total:,}"
        return f"{line} {self.item[:30]}" if self.item else line

    def _draw(self, now: float) -> None:
        if not self.enabled or self.total == 0:
            return
        text = self.text(now)
        # pad over what a longer previous line left behind (e.g. a longer learner's name)
        self.stream.write("\r" + text.ljust(self._width_drawn))
        self.stream.flush()
        self._width_drawn = len(text)
        self.drawn, self.ended = True, False
