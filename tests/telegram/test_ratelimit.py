"""The sliding-window flood limit (bot/telegram/ratelimit.py), pure: the clock is passed in.

Through the real Application (25 questions in a burst → 20 answers and one notice, groups, admins):
tests/telegram/test_hostile.py.
"""

from __future__ import annotations

import pytest

from bot.telegram.ratelimit import SWEEP_AT, RateLimit


@pytest.mark.parametrize(("limit", "window", "events", "verdicts"), [
    (2, 60, [("a", 0), ("a", 1), ("a", 2), ("a", 3), ("a", 4)], ["ok", "ok", "warn", "drop", "drop"]),
    # the window slides: the first question leaves it at t=60, so one more is answered
    (2, 60, [("a", 0), ("a", 30), ("a", 59.9), ("a", 60), ("a", 61), ("a", 90)],
     ["ok", "ok", "warn", "ok", "warn", "ok"]),
    # one notice per window, then a new one after room was made and used up again
    (1, 60, [("a", 0), ("a", 1), ("a", 2), ("a", 60), ("a", 61), ("a", 62)],
     ["ok", "warn", "drop", "ok", "warn", "drop"]),
    # keys are limited separately
    (1, 60, [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("c", 1)], ["ok", "ok", "warn", "warn", "ok"]),
    # refusals are not counted: silence does not push the end of the wait further out
    (1, 10, [("a", 0), ("a", 5), ("a", 9.9), ("a", 10)], ["ok", "warn", "drop", "ok"]),
    (0, 60, [("a", 0)] * 5, ["ok"] * 5),  # 0: no limit
    (-1, 60, [("a", 0)] * 3, ["ok"] * 3),
])
def test_verdicts(limit: int, window: float, events: list[tuple[str, float]], verdicts: list[str]) -> None:
    limiter = RateLimit[str](limit, window)
    assert [limiter.check(key, now) for key, now in events] == verdicts


def test_burst_of_25_is_20_answers_and_one_notice() -> None:
    limiter = RateLimit[int](20)
    verdicts = [limiter.check(42, i * 0.01) for i in range(25)]
    assert (verdicts.count("ok"), verdicts.count("warn"), verdicts.count("drop")) == (20, 1, 4)
    assert verdicts[20] == "warn"


def test_idle_keys_are_forgotten() -> None:
    limiter = RateLimit[int](1)
    assert (limiter.check(0, 0.0), limiter.check(0, 0.5)) == ("ok", "warn")
    for member in range(1, SWEEP_AT):
        assert limiter.check(member, 1.0) == "ok"
    assert len(limiter) == SWEEP_AT
    assert limiter.check(-1, 61.0) == "ok"  # the sweep: everybody else was idle for a whole window
    assert len(limiter) == 1
    assert limiter.check(0, 61.0) == "ok"  # forgotten with its notice: a fresh start


def test_active_keys_survive_the_sweep() -> None:
    limiter = RateLimit[int](1)
    for member in range(SWEEP_AT):
        limiter.check(member, float(member) / SWEEP_AT * 59)  # all within the last minute at t=59
    assert limiter.check(SWEEP_AT, 59.0) == "ok"
    assert len(limiter) == SWEEP_AT + 1
    assert limiter.check(SWEEP_AT - 1, 59.5) == "warn"  # still remembered, still limited
