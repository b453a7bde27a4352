"""The question log as the running bot keeps it: an accessory that never stops the bot.

Every call on the :class:`~bot.ops.qlog.QuestionLog` runs in one worker thread, in the order the
handlers made them, so the event loop never waits for the database. Writes (a question, a vote) are
submitted and forgotten; reads (:meth:`KeptLog.query`) are awaited by the admins' commands.

Members are always answered. When the log cannot be opened or written (a read-only or full
DATA_DIR, a PostgreSQL server that is unreachable or went away; :class:`~bot.core.errors.BotError`
from the store):

* questions asked meanwhile are not logged, only counted (and votes are not recorded);
* one ERROR line says so when it starts, then at most one line every REPORT_EVERY (an hour), with
  the count; no traceback;
* :meth:`KeptLog.outage` tells ``/stats``; ``python -m bot health`` finds the same and says ``degraded``;
* the next write (or query) after RETRY_EVERY seconds opens the log afresh and tries again, so the
  log resumes by itself when the cause is gone, with one line saying so (only a write that works
  ends an outage: a full disk can still be read).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

from bot.core.errors import BotError
from bot.ops.qlog import QuestionLog
from bot.ops.throttle import Throttle

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_EVERY = 10.0  # seconds between two tries of a log that failed: cheap, and not a try per question
REPORT_EVERY = 3600.0  # seconds between two "still unavailable" lines


class LogUnavailable(BotError):
    """The question log cannot be used now; the message says why."""


@dataclass(frozen=True)
class Outage:
    """Why the log cannot be written, since when (UTC), and how many questions went unlogged."""

    reason: str
    since: datetime
    not_logged: int = 0


class KeptLog:
    """A :class:`QuestionLog` opened by ``open_log`` in the worker thread, kept as the module docstring says."""

    def __init__(self, open_log: Callable[[], QuestionLog], *, retry_every: float = RETRY_EVERY,
                 report_every: float = REPORT_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self._open, self._retry_every, self._clock = open_log, retry_every, clock
        self._reports = Throttle(report_every, clock=clock)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="question-log")
        self._closing: Future[None] | None = None
        self._log: QuestionLog | None = None
        self._outage: Outage | None = None
        self._next_try = 0.0
        self._lock = threading.Lock()  # _outage is written in the worker, read on the event loop
        self._worker.submit(self._usable).result()  # opened now: a fault is reported at start

    def record(self, question: str, *, chat_type: str, user_id: int, answered: bool, pair_id: str | None,
               score: float, reason: str, thread: str | None = None) -> None:
        """Log a member's question (submitted now, written in the worker)."""
        self._write(lambda log: log.record(question, chat_type=chat_type, user_id=user_id, answered=answered,
                                           pair_id=pair_id, score=score, reason=reason, thread=thread),
                    counted=True)

    def feedback_latest(self, user_id: int, pair_id: str, value: int | None) -> None:
        """A 👍/👎 on the member's latest answer from that pair."""
        self._write(lambda log: log.feedback_latest(user_id, pair_id, value), counted=False)

    async def query(self, read: Callable[[QuestionLog], T]) -> T:
        """``read(log)`` in the worker thread, after every call submitted before it; LogUnavailable
        (with the reason) while the log cannot be used."""
        if self._closing is not None:
            raise RuntimeError("question log is closed")
        return await asyncio.wrap_future(self._worker.submit(self._read, read))

    def outage(self) -> Outage | None:
        """Why the log cannot be written now, or None when it can."""
        with self._lock:
            return self._outage

    async def close(self) -> None:
        """Close the log after every call submitted so far (a second close only waits for the first)."""
        if self._closing is None:
            self._closing = self._worker.submit(self._drop)
            self._worker.shutdown(wait=False)  # no new work; what is queued still runs
        await asyncio.wrap_future(self._closing)

    # ---------------------------------------------------------------- in the worker thread

    def _write(self, write: Callable[[QuestionLog], object], *, counted: bool) -> None:
        if self._closing is not None:
            log.debug("question log closed: a late write is dropped")
            return
        self._worker.submit(self._written, write, counted)

    def _written(self, write: Callable[[QuestionLog], object], counted: bool) -> None:
        try:
            self._call(write, counted=counted)
        except LogUnavailable:
            pass  # counted, and reported as the module docstring says
        except Exception:  # a bug, not an outage: a traceback, and the next write tries again
            log.exception("question log: write failed")

    def _read(self, read: Callable[[QuestionLog], T]) -> T:
        return self._call(read, counted=False, writes=False)

    def _call(self, call: Callable[[QuestionLog], T], *, counted: bool, writes: bool = True) -> T:
        """``call(log)``; LogUnavailable when the log cannot be used (a question ``counted`` as not logged).
        Only a write that works ends an outage: a full disk still reads."""
        db = self._usable(counted=counted)
        if db is None:
            raise LogUnavailable(self._why())
        try:
            result = call(db)
        except BotError as exc:  # the store failed (StoreError); our own bugs propagate as they are
            self._fail(exc, counted=counted)
            raise LogUnavailable(self._why()) from None
        if writes:
            self._resumed()
        return result

    def _usable(self, *, counted: bool = False) -> QuestionLog | None:
        """The open log; or opened afresh when it is time to try again; None while waiting to."""
        if self._log is not None:
            return self._log
        if self._outage is not None and self._clock() < self._next_try:
            with self._lock:
                self._outage = replace(self._outage, not_logged=self._outage.not_logged + counted)
            return None
        try:
            self._log = self._open()
        except BotError as exc:
            self._fail(exc, counted=counted)
        return self._log

    def _fail(self, exc: BotError, *, counted: bool) -> None:
        self._drop()  # opened afresh next time: a reconnect, and the schema checked again
        self._next_try = self._clock() + self._retry_every
        reason = " ".join(str(exc).split())
        with self._lock:
            first, self._outage = self._outage is None, Outage(
                reason=reason, since=self._outage.since if self._outage else datetime.now(UTC),
                not_logged=(self._outage.not_logged if self._outage else 0) + counted)
            outage = self._outage
        if first:
            self._reports.reset()
            self._reports.due()
            log.error("question log unavailable (%s): members are still answered, their questions are not "
                      "logged until it works again (tried again every %g s)", reason, self._retry_every)
        elif self._reports.due():
            log.error("question log still unavailable (%s) since %s: %d question(s) not logged so far",
                      reason, _shown(outage.since), outage.not_logged)

    def _resumed(self) -> None:
        with self._lock:
            outage, self._outage = self._outage, None
        if outage is not None:
            log.warning("question log works again (unavailable since %s: %s); %d question(s) were not logged",
                        _shown(outage.since), outage.reason, outage.not_logged)

    def _why(self) -> str:
        with self._lock:
            return self._outage.reason if self._outage else "unknown"

    def _drop(self) -> None:
        if self._log is None:
            return
        db, self._log = self._log, None
        try:
            db.close()
        except Exception:  # a log that failed may fail to close too; it is dropped either way
            log.debug("question log: close failed", exc_info=True)


def _shown(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
