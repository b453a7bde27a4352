"""bot/ops/throttle.py: a repeated event is logged when it starts, then at most once per period."""

from __future__ import annotations

import pytest

from bot.ops.throttle import Throttle, since_last


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("times", "due", "held"), [
    ([0, 1, 59], [True, False, False], 2),
    ([0, 60, 61, 130], [True, True, False, True], 1),
    ([0], [True], 0),
])
def test_due_once_per_period_and_counts_the_rest(times: list[float], due: list[bool], held: int) -> None:
    clock = Clock()
    throttle = Throttle(60, clock=clock)
    seen = []
    for at in times:
        clock.now = 1000.0 + at
        seen.append(throttle.due())
        if seen[-1] and at != times[-1]:
            throttle.held()  # read when a line is written
    assert seen == due
    assert throttle.held() == held and throttle.held() == 0


def test_reset_makes_the_next_occurrence_due() -> None:
    clock = Clock()
    throttle = Throttle(3600, clock=clock)
    assert throttle.due() and not throttle.due()
    throttle.reset()
    assert throttle.due() and throttle.held() == 0


@pytest.mark.parametrize(("held", "text"), [(0, ""), (1, " (and 1 more since the last report)")])
def test_since_last(held: int, text: str) -> None:
    assert since_last(held) == text
