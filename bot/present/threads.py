"""What each member was last answered about, so that their next question can be read as a follow-up
(``Engine.ask(…, after=…)``, :mod:`bot.answer.followup`): 几点开门 right after an answer about a
驿站 asks about that 驿站.

A member's thread is the article of their last answer, for FOLLOW_SECONDS; a question asked later,
or after a refusal that far from the answer, is read alone. A new answer moves the thread to its
article. At most MEMBERS threads are kept (the least recently used are forgotten first), so memory
stays bounded however many members write. The terminal ``chat`` keeps one, the bot one per member
and chat (a member's thread in a group is theirs, not the group's).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from bot.core.answers import Answer

FOLLOW_SECONDS = 600.0  # a member reading an answer asks the next question within minutes, not hours
MEMBERS = 10_000  # threads kept: a few hundred kilobytes

K = TypeVar("K", bound=Hashable)


class Threads(Generic[K]):
    """Each key's last answered article and when it was answered (``now``: :func:`time.monotonic`)."""

    def __init__(self, *, seconds: float = FOLLOW_SECONDS, members: int = MEMBERS) -> None:
        self._seconds, self._members = seconds, members
        self._last: OrderedDict[K, tuple[str, float]] = OrderedDict()

    def after(self, key: K, now: float) -> str | None:
        """The article ``key``'s next question follows, or None when it is read alone."""
        kept = self._last.get(key)
        if kept is None:
            return None
        if now - kept[1] > self._seconds:
            del self._last[key]
            return None
        return kept[0]

    def keep(self, key: K, answer: Answer | None, now: float) -> None:
        """Note ``answer`` (an answer from an article starts or moves the thread; a refusal leaves it)."""
        if answer is None or not answer.answered or answer.source is None:
            return
        self._last[key] = (answer.source.article, now)
        self._last.move_to_end(key)
        while len(self._last) > self._members:
            self._last.popitem(last=False)

    def __len__(self) -> int:
        return len(self._last)
