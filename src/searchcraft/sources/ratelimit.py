"""A request-rate limit that holds across threads, as NCBI's usage rules ask.

NCBI allows 3 requests a second without an API key and 10 with one; going faster gets HTTP 429 and,
if it persists, a blocked address. The limiter spaces requests at least ``1 / rate`` seconds apart (plus a 5 % margin),
whichever thread sends them, and every client of the same service in one process shares one limiter
(:func:`shared_limiter`), so two ``PubMed()`` objects in a notebook cannot add up to too many.

Example::

    limiter = RateLimiter(3)          # at most 3 requests a second
    for url in urls:
        limiter.wait()                # sleeps just long enough
        send(url)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Hand out request slots no closer together than ``(1 + margin) / rate`` seconds (thread-safe)."""

    def __init__(self, rate: float, *, margin: float = 0.05,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be a positive number of requests a second")
        self.rate = rate
        # A little slower than the limit, so that network jitter cannot make the service see
        # one request too many in a second.
        self.interval = (1.0 + margin) / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def wait(self) -> float:
        """Block until this caller may send a request; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


_shared: dict[tuple[str, float], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(service: str, rate: float) -> RateLimiter:
    """The one limiter for ``service`` (e.g. a host name) at ``rate`` requests a second in this process."""
    with _shared_lock:
        key = (service, float(rate))
        if key not in _shared:
            _shared[key] = RateLimiter(rate)
        return _shared[key]
