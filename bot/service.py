"""The one object the Telegram handlers share, kept in ``bot_data`` and read with :func:`service`.

It holds the engine (replaced whole by ``/reload``), the settings, the optional question log
(:mod:`bot.qlog`), the example buttons for ``/start`` and per-member rate limits.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.ext import ContextTypes

from bot.answers import Answer
from bot.engine import Engine
from bot.replies import Button
from bot.settings import Settings

log = logging.getLogger(__name__)
SERVICE_KEY = "service"
Context = ContextTypes.DEFAULT_TYPE


class QuestionLog(Protocol):
    """What the bot needs from :mod:`bot.qlog`; called on the event loop, so it must not block long."""

    def record(self, question: str, *, chat_type: str, user_id: int | str, answered: bool,
               pair_id: str | None = None, score: float = 0.0, reason: str = "") -> Any: ...

    def feedback_latest(self, user_id: int | str, pair_id: str, value: int | None) -> Any: ...


class MemberLimit:
    """At most ``per_minute`` questions per member in any 60 s; the first refusal is announced."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._times: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int, now: float) -> str:
        """"ok" to answer, "warn" to say slow down once, "drop" to stay silent."""
        if self.per_minute <= 0:
            return "ok"
        times = self._times.setdefault(user_id, deque())
        while times and now - times[0] >= 60.0:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned.discard(user_id)
            return "ok"
        if user_id in self._warned:
            return "drop"
        self._warned.add(user_id)
        return "warn"


@dataclass
class Service:
    """Everything the handlers share; the engine is replaced as a whole by /reload."""

    engine: Engine
    settings: Settings
    qlog: QuestionLog | None = None
    examples: tuple[Button, ...] = ()
    limit: MemberLimit = field(default_factory=lambda: MemberLimit(0))
    counts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def log_question(self, answer: Answer, *, chat_type: str, user_id: int) -> None:
        """Count the outcome, and hand it to the question log when there is one."""
        self.counts["questions"] += 1
        self.counts["answered" if answer.answered else answer.reason or "not_covered"] += 1
        if self.qlog is None:
            return
        try:
            self.qlog.record(answer.question, chat_type=chat_type, user_id=user_id, answered=answer.answered,
                             pair_id=answer.pair_id, score=answer.score, reason=answer.reason)
        except Exception:  # a broken log must not cost the member the answer
            log.exception("question log: record failed")

    def feedback(self, pair_id: str, *, positive: bool, user_id: int) -> None:
        self.counts["up" if positive else "down"] += 1
        if self.qlog is None:
            return
        try:
            self.qlog.feedback_latest(user_id, pair_id, 1 if positive else -1)
        except Exception:  # as above: feedback is best effort
            log.exception("question log: feedback failed")


def service(context: Context) -> Service:
    svc = context.bot_data[SERVICE_KEY]
    if not isinstance(svc, Service):
        raise TypeError(f"bot_data[{SERVICE_KEY!r}] is {type(svc).__name__}, not Service")
    return svc
