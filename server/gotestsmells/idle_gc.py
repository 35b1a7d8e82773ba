"""Full garbage collections between keystrokes, not during them.

CPython's collector runs a full (oldest-generation) collection when enough objects have survived, in the
middle of whatever allocates next: with a few hundred thousand long-lived objects (parse caches, per-function
findings) that is a pause of tens of milliseconds landing on a random keystroke.  The server raises the
oldest generation's threshold out of reach and collects fully when the client has been quiet for a moment
(or, under continuous traffic, at most every `max_interval_s`).  Young collections still run as usual.
"""

from __future__ import annotations

import asyncio
import gc
import time

_IDLE_S = 0.5
_MAX_INTERVAL_S = 30.0


class IdleCollector:
    def __init__(self, idle_s: float = _IDLE_S, max_interval_s: float = _MAX_INTERVAL_S) -> None:
        self.idle_s = idle_s
        self.max_interval_s = max_interval_s
        self._timer: asyncio.TimerHandle | None = None
        self._last = time.monotonic()
        self.enabled = False

    def enable(self) -> None:
        g0, g1, _ = gc.get_threshold()
        gc.set_threshold(max(g0, 2000), max(g1, 10), 1_000_000)
        self.enabled = True

    def activity(self) -> None:
        """A message was handled: collect once things go quiet."""
        if not self.enabled:
            return
        if time.monotonic() - self._last > self.max_interval_s:
            self.collect()
            return
        if self._timer is not None:
            self._timer.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(self.idle_s, self.collect)

    def collect(self) -> None:
        self._timer = None
        self._last = time.monotonic()
        gc.collect()
