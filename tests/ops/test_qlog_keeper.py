"""bot/ops/qlog_keeper.py: the question log as the running bot keeps it, in one worker thread, in call order."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.ops.qlog import Day, Group, SqlQuestionLog
from bot.ops.qlog_keeper import KeptLog

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SALT = "pepper"


def kept(path: Path) -> KeptLog:
    return KeptLog(lambda: SqlQuestionLog.open(path, salt=SALT))


async def test_writes_run_in_call_order_off_the_event_loop(tmp_path: Path) -> None:
    log = kept(tmp_path / "q.sqlite3")
    for n in range(50):
        log.record(f"问题{n}", chat_type="private", user_id=n, answered=True, pair_id="g1", score=0.9, reason="")
    log.feedback_latest(49, "g1", 1)  # submitted last, so it finds the last row
    threads: list[threading.Thread] = []
    rows = await log.query(lambda db: (threads.append(threading.current_thread()),
                                       db.db.query("SELECT id, question, feedback FROM questions ORDER BY id"))[1])
    assert rows == [(n + 1, f"问题{n}", 1 if n == 49 else None) for n in range(50)]
    assert threads[0] is not threading.main_thread()
    await log.close()


async def test_close_writes_what_was_submitted_first(tmp_path: Path) -> None:
    log = kept(tmp_path / "q.sqlite3")
    for n in range(20):
        log.record(f"问题{n}", chat_type="group", user_id=n, answered=n % 2 == 0, pair_id=None, score=0.0,
                   reason="")
    await asyncio.gather(log.close(), log.close())  # a second close waits for the first
    reopened = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt=SALT)
    assert (reopened.stats().today, reopened.stats().answered_rate) == (20, 0.5)
    reopened.close()


async def test_queries(tmp_path: Path) -> None:
    log = kept(tmp_path / "q.sqlite3")
    row = await log.query(lambda db: db.record("食堂几点开门", chat_type="private", user_id=1, answered=True,
                                               pair_id="g1", at=NOW))
    assert await log.query(lambda db: db.feedback(row, -1)) is True  # type: ignore[attr-defined]
    assert (await log.query(lambda db: db.stats(NOW))).thumbs_down == 1
    assert await log.query(lambda db: db.daily(days=1, now=NOW)) == [Day(date(2025, 3, 10), 1, 1.0)]
    assert await log.query(lambda db: db.unanswered(now=NOW)) == [Group("食堂几点开门", 1, ("食堂几点开门",))]
    assert await log.query(lambda db: db.purge(older_than_days=0, now=NOW + timedelta(seconds=1))) == 1
    await log.close()


async def test_a_failed_write_is_logged_never_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = kept(tmp_path / "q.sqlite3")

    def broken(db: Any) -> None:
        raise ValueError("a bug in a write")

    log._write(broken)
    log.record("问题", chat_type="private", user_id=1, answered=False, pair_id=None, score=0.0, reason="")
    assert (await log.query(lambda db: db.stats())).total == 1  # the next write went on
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == [
        ("ERROR", "question log: write failed")]
    await log.close()


async def test_after_close_writes_are_dropped_and_queries_refused(tmp_path: Path) -> None:
    log = kept(tmp_path / "q.sqlite3")
    await log.close()
    log.record("问题", chat_type="private", user_id=1, answered=False, pair_id=None, score=0.0, reason="")
    with pytest.raises(RuntimeError, match=r"^question log is closed$"):
        await log.query(lambda db: db.stats())
