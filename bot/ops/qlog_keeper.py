"""The question log as the running bot keeps it: off the event loop, in call order.

Every call on the :class:`~bot.ops.qlog.QuestionLog` runs in one worker thread, in the order the
handlers made them, so the event loop never waits for the database. Writes (a question, a vote) are
submitted and forgotten: a failure is logged, never raised into a handler. Reads
(:meth:`KeptLog.query`) are awaited by the admins' commands.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from bot.ops.qlog import QuestionLog

log = logging.getLogger(__name__)
T = TypeVar("T")


class KeptLog:
    """A :class:`QuestionLog` opened by ``open_log`` in the worker thread, as the bot uses it."""

    def __init__(self, open_log: Callable[[], QuestionLog]) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="question-log")
        self._closing: Future[None] | None = None
        self._log = self._worker.submit(open_log).result()

    def record(self, question: str, *, chat_type: str, user_id: int, answered: bool, pair_id: str | None,
               score: float, reason: str) -> None:
        """Log a member's question (submitted now, written in the worker)."""
        self._write(lambda log: log.record(question, chat_type=chat_type, user_id=user_id, answered=answered,
                                           pair_id=pair_id, score=score, reason=reason))

    def feedback_latest(self, user_id: int, pair_id: str, value: int | None) -> None:
        """A 👍/👎 on the member's latest answer from that pair."""
        self._write(lambda log: log.feedback_latest(user_id, pair_id, value))

    async def query(self, read: Callable[[QuestionLog], T]) -> T:
        """``read(log)`` in the worker thread, after every call submitted before it."""
        if self._closing is not None:
            raise RuntimeError("question log is closed")
        return await asyncio.wrap_future(self._worker.submit(read, self._log))

    async def close(self) -> None:
        """Close the log after every call submitted so far (a second close only waits for the first)."""
        if self._closing is None:
            self._closing = self._worker.submit(self._log.close)
            self._worker.shutdown(wait=False)  # no new work; what is queued still runs
        await asyncio.wrap_future(self._closing)

    def _write(self, write: Callable[[QuestionLog], object]) -> None:
        if self._closing is not None:
            log.debug("question log closed: a late write is dropped")
            return
        self._worker.submit(self._written, write)

    def _written(self, write: Callable[[QuestionLog], object]) -> None:
        try:
            write(self._log)
        except Exception:  # a broken log must not cost anybody anything; the next write tries again
            log.exception("question log: write failed")
