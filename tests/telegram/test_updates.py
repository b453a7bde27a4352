"""bot/telegram/updates.py: updates python-telegram-bot cannot read are skipped, one log line each
(at most one a minute). The bot's behaviour with them, polling and webhook: tests/telegram/test_faults.py."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update

from bot.telegram.updates import UpdateReader

GOOD = {"update_id": 5, "message": {"message_id": 1, "date": 1_700_000_000, "text": "你好",
                                     "chat": {"id": 7, "type": "private"}}}
BAD_CHAT = {"update_id": 6, "message": {"message_id": 2, "date": 1_700_000_000, "text": "会费怎么交",
                                         "chat": {"type": "private"}}}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.telegram.updates"]


def test_readable_keeps_good_updates_and_empties_bad_ones(caplog: pytest.LogCaptureFixture) -> None:
    newer: dict[str, Any] = {"update_id": 8, "future_kind": {"x": 1}}  # an unknown kind PTB reads fine
    kept = UpdateReader().readable([GOOD, BAD_CHAT, newer, {"no": "id"}, ["not", "an", "object"]])
    assert kept == [GOOD, {"update_id": 6}, newer]
    assert [Update.de_json(u, None).update_id for u in kept] == [5, 6, 8]  # PTB reads all of them now
    assert lines(caplog) == [
        "update 6 skipped: python-telegram-bot cannot read it "
        "(TypeError: _ChatBase.__init__() missing 1 required positional argument: 'id')"]
    assert "会费" not in caplog.text  # the member's words stay out of the log


def test_many_bad_updates_are_one_line_a_minute(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    reader = UpdateReader(clock=clock)
    caplog.set_level(logging.INFO)
    for n in range(5):
        clock.now = n * 20.0  # 0, 20, 40, 60, 80 s
        assert reader.read({**BAD_CHAT, "update_id": 100 + n}, None) is None
    assert [line.split(" (TypeError")[0] + line.split("'id')")[1] for line in lines(caplog)] == [
        "update 100 skipped: python-telegram-bot cannot read it",
        "update 103 skipped: python-telegram-bot cannot read it (and 2 more since the last report)"]
