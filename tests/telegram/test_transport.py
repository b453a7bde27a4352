"""bot/telegram/transport.py: which failures of a call are sent again. The bot through them, end to end:
tests/telegram/test_faults.py."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from conftest import TG_TOKEN
from fakebot import FakeBotApi
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.telegram.transport import MaybeSent, NotSent, PatientRateLimiter, Refused, SendRequest

USER = 4242


@pytest.fixture
async def bot(tg_fake: FakeBotApi) -> AsyncIterator[Bot]:
    tg_fake.add_chat(USER)
    async with Bot(TG_TOKEN, base_url=tg_fake.base_url, request=SendRequest(timeout=0.3)) as client:
        yield client


FAILURES: dict[str, tuple[Callable[[FakeBotApi], None], type[TelegramError], str]] = {
    "500": (lambda f: f.fail_next("sendMessage", 500), Refused, "Internal Server Error"),
    "502 from a proxy (HTML)": (lambda f: f.fail_next("sendMessage", 502, body="<html>502</html>"), Refused,
                                "Bad Gateway (502)"),
    "503": (lambda f: f.fail_next("sendMessage", 503), Refused, "Service Unavailable"),
    "504": (lambda f: f.fail_next("sendMessage", 504), MaybeSent, "Gateway Timeout"),
    "no answer in time": (lambda f: f.delay_next("sendMessage", 1.0), MaybeSent, "no answer within 0.3 s"),
    "dropped while waiting": (lambda f: f.drop_next("sendMessage"), MaybeSent,
                              "httpx.RemoteProtocolError: Server disconnected without sending a response."),
    "400": (lambda f: f.fail_next("sendMessage", 400, description="Bad Request: chat not found"), BadRequest,
            "Chat not found"),
    "429": (lambda f: f.fail_next("sendMessage", 429, retry_after=3), RetryAfter,
            "Flood control exceeded. Retry in 0:00:03"),  # a time span (PTB_TIMEDELTA, see conftest.py)
}


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_failures_are_told_apart(tg_fake: FakeBotApi, bot: Bot, failure: str) -> None:
    inject, error, message = FAILURES[failure]
    inject(tg_fake)
    with pytest.raises(TelegramError) as caught:
        await bot.send_message(USER, "答案")
    assert type(caught.value) is error and caught.value.message == message


async def test_a_refused_connection_is_not_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with SendRequest(timeout=1) as request:
        with pytest.raises(NotSent, match=r"^httpx\.ConnectError: All connection attempts failed$"):
            await request.post(f"http://127.0.0.1:{port}/bot{TG_TOKEN}/sendMessage")


class Calls:
    """A Bot API call that fails with ``errors`` in turn, then succeeds."""

    def __init__(self, *errors: NetworkError) -> None:
        self.errors, self.made = list(errors), 0

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.made += 1
        if self.errors:
            raise self.errors.pop(0)
        return {"message_id": 1}


@pytest.mark.parametrize(("endpoint", "errors", "made", "delivered"), [
    ("sendMessage", [NotSent("refused"), NotSent("refused")], 3, True),
    ("sendMessage", [Refused("Internal Server Error")] * 3, 4, True),
    ("sendMessage", [Refused("Internal Server Error")] * 4, 4, False),  # 3 retries, then it gives up
    ("sendMessage", [MaybeSent("no answer within 60 s")], 1, False),  # never twice
    ("answerCallbackQuery", [NotSent("refused")], 1, False),  # only answers are worth a retry
])
async def test_only_what_cannot_have_been_delivered_is_sent_again(endpoint: str, errors: list[NetworkError],
                                                                  made: int, delivered: bool) -> None:
    calls = Calls(*errors)
    limiter = PatientRateLimiter(backoff=0.001)
    await limiter.initialize()
    try:
        result = await limiter.process_request(calls, (), {}, endpoint, {"chat_id": USER}, None)
    except NetworkError as exc:
        assert not delivered and exc is errors[-1]
    else:
        assert delivered and result == {"message_id": 1}
    finally:
        await limiter.shutdown()
    assert calls.made == made
