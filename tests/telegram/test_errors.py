"""bot/telegram/errors.py: one line per failure, at the level it deserves. End to end, through the fake
Bot API: tests/telegram/test_faults.py."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Update
from telegram.error import Conflict, Forbidden, NetworkError

from bot.answer.engine import Engine
from bot.ops.settings import Settings
from bot.telegram.errors import on_error
from bot.telegram.service import SERVICE_KEY, Service
from bot.telegram.transport import MaybeSent, Refused

UPDATE = Update.de_json({"update_id": 7}, None)


def context(svc: Service, error: Exception) -> Any:
    return SimpleNamespace(error=error, bot_data={SERVICE_KEY: svc})


@pytest.mark.parametrize(("error", "line"), [
    (Forbidden("Forbidden: bot was blocked by the user"), ("INFO", "update 7: Forbidden: bot was blocked by the user")),
    (MaybeSent("no answer within 60 s"),
     ("WARNING", "update 7: the Bot API did not confirm the reply (no answer within 60 s); not sent again, so the "
                 "member gets it at most once")),
    (Refused("Bad Gateway (502)"), ("ERROR", "update 7: no reply delivered, the Bot API failed: Bad Gateway (502)")),
])
async def test_failures_of_an_update(tg_engine: Engine, tg_settings: Settings, error: Exception,
                                     line: tuple[str, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    await on_error(UPDATE, context(Service(tg_engine, tg_settings), error))
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [line]
    assert caplog.records[0].exc_info is None


async def test_polling_failures(tg_engine: Engine, tg_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    svc = Service(tg_engine, tg_settings)
    caplog.set_level(logging.DEBUG, logger="bot")
    conflict = Conflict("Conflict: terminated by other getUpdates request")
    for error in (conflict, conflict, NetworkError("Bad Gateway")):
        await on_error(None, context(svc, error))
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "getUpdates refused (Conflict: terminated by other getUpdates request): another instance of this "
                  "bot runs with the same token; stop it, this one keeps retrying"),
        ("DEBUG", "getUpdates conflict again: Conflict: terminated by other getUpdates request"),
        ("WARNING", "network problem while polling: Bad Gateway")]
