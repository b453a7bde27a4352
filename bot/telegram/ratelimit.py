"""Flood control: a sliding-window limit per key (a member's user id, a group's chat id).

Pure: the caller passes the clock (``time.monotonic()`` in the bot, plain numbers in tests), so
every verdict can be checked without waiting. The handlers turn the verdicts into replies: "ok"
→ answer, "warn" → one polite "slow down" (once per window, not once per message), "drop" →
silence until the window has room again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from typing import Generic, Literal, TypeVar

Verdict = Literal["ok", "warn", "drop"]
K = TypeVar("K", bound=Hashable)
SWEEP_AT = 1024  # keys tracked before idle ones are forgotten (memory stays bounded by active keys)


class RateLimit(Generic[K]):
    """At most ``limit`` events per key in any ``window`` seconds; the first refusal is announced.

    ``limit`` 0 (or less) means no limit. Keys whose last event left the window are forgotten
    from time to time, so a bot that meets thousands of members does not keep them all.
    """

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._times: dict[K, deque[float]] = {}
        self._warned: set[K] = set()
        self._sweep_at = SWEEP_AT

    def check(self, key: K, now: float) -> Verdict:
        """"ok": go ahead (the event is counted); "warn": refuse and say so; "drop": refuse silently."""
        if self.limit <= 0:
            return "ok"
        if len(self._times) >= self._sweep_at:
            self._sweep(now)
        times = self._times.setdefault(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(key)
            return "ok"
        if key in self._warned:
            return "drop"
        self._warned.add(key)
        return "warn"

    def __len__(self) -> int:
        """Keys currently tracked."""
        return len(self._times)

    def _sweep(self, now: float) -> None:
        idle = [k for k, times in self._times.items() if not times or now - times[-1] >= self.window]
        for key in idle:
            del self._times[key]
            self._warned.discard(key)
        self._sweep_at = max(SWEEP_AT, 2 * len(self._times))
