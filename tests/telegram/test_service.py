"""Service: per-member rate limit, answer counts and the question-log hook."""

from __future__ import annotations

from typing import Any

import pytest

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.ops.qlog_db import StoreError
from bot.ops.qlog_keeper import KeptLog
from bot.ops.settings import Settings
from bot.telegram.ratelimit import RateLimit
from bot.telegram.service import Service

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456_-"


@pytest.mark.parametrize(("per_minute", "times", "verdicts"), [
    (2, [0, 1, 2, 3, 4], ["ok", "ok", "warn", "drop", "drop"]),
    (2, [0, 1, 2, 60, 61, 62], ["ok", "ok", "warn", "ok", "ok", "warn"]),
    (1, [0, 59.9, 60.0, 60.1], ["ok", "warn", "ok", "warn"]),
    (0, [0, 0, 0, 0], ["ok", "ok", "ok", "ok"]),
])
def test_member_limit(per_minute: int, times: list[float], verdicts: list[str]) -> None:
    limit = RateLimit[int](per_minute)
    assert [limit.check(1, t) for t in times] == verdicts


def test_members_are_limited_separately() -> None:
    limit = RateLimit[int](1)
    assert [limit.check(1, 0), limit.check(2, 0), limit.check(1, 1)] == ["ok", "ok", "warn"]


class Recorder:
    """A question log that keeps the calls, or fails as a full disk makes the real one fail."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[str, Any]] = []

    def record(self, question: str, **kw: Any) -> int:
        if self.fail:
            raise StoreError("question log q.sqlite3: database or disk is full")
        self.calls.append(("record", (question, kw)))
        return 1

    def feedback_latest(self, user_id: int | str, pair_id: str, value: int | None) -> bool:
        if self.fail:
            raise StoreError("question log q.sqlite3: database or disk is full")
        self.calls.append(("feedback", (user_id, pair_id, value)))
        return True

    def close(self) -> None:
        pass


@pytest.mark.parametrize("fail", [False, True])
async def test_log_hooks_count_and_survive_a_broken_log(tg_engine: Engine, fail: bool,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    log = Recorder(fail)
    kept = KeptLog(lambda: log)  # type: ignore[arg-type, return-value]
    svc = Service(tg_engine, Settings(token=TOKEN), kept)
    svc.log_question(Answer("q1", True, "a", pair_id="g1", score=0.9), chat_type="private", user_id=5)
    svc.log_question(Answer("q2", False, reason="unsure"), chat_type="group", user_id=6, thread="a1")
    svc.feedback("g1", positive=False, user_id=5)
    await kept.close()  # after the writes submitted before it
    counts = svc.counts
    assert (counts["questions"], counts["answered"], counts["unsure"], counts["down"]) == (2, 1, 1, 1)
    if fail:
        outage = kept.outage()
        assert log.calls == [] and outage is not None and outage.not_logged == 2
        assert [r.getMessage() for r in caplog.records] == [
            "question log unavailable (question log q.sqlite3: database or disk is full): members are still "
            "answered, their questions are not logged until it works again (tried again every 10 s)"]
    else:
        assert log.calls == [
            ("record", ("q1", {"chat_type": "private", "user_id": 5, "answered": True, "pair_id": "g1",
                               "score": 0.9, "reason": "", "thread": None})),
            ("record", ("q2", {"chat_type": "group", "user_id": 6, "answered": False, "pair_id": None,
                               "score": 0.0, "reason": "unsure", "thread": "a1"})),
            ("feedback", (5, "g1", -1))]
