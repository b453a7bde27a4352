"""bot/ops/qlog_keeper.py: the question log as the running bot keeps it, in one worker thread, in call order;
a log that cannot be written is reported once, then hourly, and resumes by itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import ConfigError
from bot.ops.qlog import Day, Group, SqlQuestionLog
from bot.ops.qlog_db import StoreError
from bot.ops.qlog_keeper import KeptLog, LogUnavailable

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

    log._write(broken, counted=True)
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


# ---------------------------------------------------------------- a log that cannot be written


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


class Store:
    """Opens the real log at ``path``, except while ``broken`` (a reason): then opening and writing fail as a
    read-only or full disk makes them fail. The failures on real disks and servers: tests/telegram/test_faults.py."""

    def __init__(self, path: Path) -> None:
        self.path, self.broken, self.opened = path, "", 0

    def open(self) -> Any:
        self.opened += 1
        if self.broken:
            raise ConfigError(f"question log {self.path}: {self.broken}")
        store, real = self, SqlQuestionLog.open(self.path, salt=SALT)

        class Failing:
            def __getattr__(self, name: str) -> Any:
                call = getattr(real, name)

                def checked(*args: Any, **kwargs: Any) -> Any:
                    if store.broken and name != "close":
                        raise StoreError(f"question log {store.path}: {store.broken}")
                    return call(*args, **kwargs)
                return checked
        return Failing()


def ask(log: KeptLog, n: int = 1) -> None:
    for i in range(n):
        log.record(f"问题{i}", chat_type="private", user_id=i, answered=False, pair_id=None, score=0.0, reason="")


async def settled(log: KeptLog) -> None:
    """Until the worker has done everything submitted so far."""
    with contextlib.suppress(LogUnavailable):
        await log.query(lambda db: None)


def lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.ops.qlog_keeper"]


DOWN = ("ERROR", "question log unavailable (question log {path}: database or disk is full): members are still "
                 "answered, their questions are not logged until it works again (tried again every 10 s)")


async def test_a_log_broken_at_start_is_reported_once_then_hourly(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    clock, store = Clock(), Store(tmp_path / "q.sqlite3")
    store.broken = "database or disk is full"
    log = KeptLog(store.open, clock=clock)  # reported at once, at start
    assert lines(caplog) == [(DOWN[0], DOWN[1].format(path=store.path))]
    for _ in range(1, 60):  # a question a minute: a try each (every 10 s at most), no line
        clock.now += 60
        ask(log)
        await settled(log)
    assert len(lines(caplog)) == 1 and store.opened == 60
    clock.now += 60  # an hour after the first line
    ask(log)
    await settled(log)
    outage = log.outage()
    assert outage is not None and outage.not_logged == 60
    assert outage.reason == f"question log {store.path}: database or disk is full"
    assert lines(caplog)[1] == ("ERROR", f"question log still unavailable ({outage.reason}) since "
                                         f"{outage.since:%Y-%m-%d %H:%M} UTC: 60 question(s) not logged so far")
    assert all(r.exc_info is None for r in caplog.records)  # one line each, no traceback
    await log.close()


async def test_tries_again_only_every_retry_every_seconds(tmp_path: Path) -> None:
    clock, store = Clock(), Store(tmp_path / "q.sqlite3")
    store.broken = "attempt to write a readonly database"
    log = KeptLog(store.open, clock=clock, retry_every=30)
    ask(log, 10)  # at once: no new try
    await settled(log)
    assert store.opened == 1
    clock.now += 30
    ask(log, 10)
    await settled(log)
    assert store.opened == 2 and log.outage() is not None and log.outage().not_logged == 20  # type: ignore[union-attr]
    await log.close()


async def test_resumes_by_itself_when_the_cause_is_gone(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock, store = Clock(), Store(tmp_path / "q.sqlite3")
    log = KeptLog(store.open, clock=clock)
    ask(log, 2)  # logged
    await settled(log)
    store.broken = "database or disk is full"  # the disk fills while running
    ask(log, 3)
    with pytest.raises(LogUnavailable, match=r"database or disk is full$"):
        await log.query(lambda db: db.stats())
    store.broken = ""  # space is freed
    ask(log)  # too soon: not tried
    await settled(log)
    clock.now += 30
    ask(log)  # tried, and written
    assert (await log.query(lambda db: db.stats())).total == 3
    assert log.outage() is None
    assert [level for level, _ in lines(caplog)] == ["ERROR", "WARNING"]
    assert lines(caplog)[1][1].startswith("question log works again (unavailable since ")
    assert lines(caplog)[1][1].endswith(": database or disk is full); 4 question(s) were not logged")
    await log.close()


async def test_votes_while_broken_are_not_counted_as_questions(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.sqlite3")
    store.broken = "database or disk is full"
    log = KeptLog(store.open)
    log.feedback_latest(1, "g1", 1)
    ask(log)
    await settled(log)
    assert log.outage() is not None and log.outage().not_logged == 1  # type: ignore[union-attr]
    await log.close()
