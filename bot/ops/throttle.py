"""One log line per cause and period: a fault that repeats (a scanner knocking on the webhook, a
question log that cannot be written, updates python-telegram-bot cannot read) is reported when it
starts and then at most once per period, with the number of repeats in between, so that it can
never flood the log.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Throttle:
    """Decides which occurrences of a repeated event get a log line.

    :meth:`due` is True for the first occurrence and then for the first one at least ``every``
    seconds after the last reported one; :meth:`held` is how many went unreported in between.
    """

    def __init__(self, every: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self._clock = clock
        self._last: float | None = None
        self._held = 0

    def due(self) -> bool:
        """Count one occurrence; True when it should be logged (then :meth:`held` says how many were not)."""
        now = self._clock()
        if self._last is not None and now - self._last < self.every:
            self._held += 1
            return False
        self._last = now
        return True

    def held(self) -> int:
        """Occurrences not logged since the last one that was; reading it starts the count again."""
        held, self._held = self._held, 0
        return held

    def reset(self) -> None:
        """The cause is gone: its next occurrence is logged at once."""
        self._last, self._held = None, 0


def since_last(held: int) -> str:
    """`` (and N more since the last report)`` for a log line, or "" when nothing was held back."""
    return f" (and {held} more since the last report)" if held else ""
