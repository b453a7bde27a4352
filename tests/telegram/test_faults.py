"""Faults: the real Application (``live_bot``, polling as ``run_bot`` does) against the fake Bot API
with fault injection. Whatever the network does, every question gets its reply exactly once, except
where the chosen delivery rule says otherwise:

* getUpdates failures (5xx, 429, timeouts, dropped connections, 409 Conflict): polling recovers by
  itself and nothing is lost or handled twice (an update is confirmed only by the next getUpdates).
* sendMessage failures (bot/telegram/transport.py): 429 is waited out (AIORateLimiter); a request that
  cannot have been carried out (connection refused, 500/502/503) is retried ``send_retries`` times with a
  doubling pause (PatientRateLimiter), then logged. One that may have been (no answer within
  TELEGRAM_TIMEOUT, a connection dropped while waiting, 504) is never sent again: AT MOST ONCE, and
  a slow Bot API's answer arrives late but once (the delays below are real, scaled with the timeout).
* Start-up while the Bot API is unreachable: a bounded number of tries, then one error line, exit 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from conftest import REPO, TG_TOKEN, FaultyEngine, RunningBot, TelegramKnowledge, cli_env, run_cli, stop_cli
from fakebot import FakeBotApi
from telegram import Update

from bot.answer.engine import Engine
from bot.core.errors import BotError
from bot.ops.settings import Settings
from bot.present.messages import say
from bot.telegram.app import build_application, connect, open_question_log

USER, OTHER, ADMIN, GROUP = 4242, 4343, 777, -1001234567890


def one_part_question(engine: Engine) -> str:
    """A question whose answer is one message (so message counts equal reply counts)."""
    question = engine.examples(3)[1]
    assert engine.ask(question).answered
    return question


async def quiet(fake: FakeBotApi, seconds: float = 0.3) -> None:
    """Until every injected update is confirmed and no Bot API call came for ``seconds``."""
    await fake.wait_confirmed(timeout=20)
    while True:
        seen = len(fake.calls) + len(fake.rejected) + len(fake.faulted)
        await asyncio.sleep(seconds)
        if len(fake.calls) + len(fake.rejected) + len(fake.faulted) == seen:
            return


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


HTML_502 = "<html><body>502 Bad Gateway</body></html>"
# PTB's own ERROR (with a traceback) when a proxy answers with HTML instead of Telegram's JSON
PTB_HTML_ERROR = f'telegram.request.BaseRequest: Can not load invalid JSON data: "{HTML_502}"'


def replies_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [s.text for s in fake.sent if s.chat_id == chat_id]


def texts_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    """The text messages (not the pictures) sent to ``chat_id``."""
    return [s.text for s in fake.sent if s.chat_id == chat_id and s.kind == "text"]


# ---------------------------------------------------------------- getUpdates

GET_UPDATES_FAULTS: dict[str, tuple[Callable[[FakeBotApi], None], list[tuple[str, int]], list[str]]] = {
    # name: (inject the fault, the faults the fake then reports as (kind, status), ERROR records)
    "500": (lambda f: f.fail_next("getUpdates", 500), [("status", 500)], []),
    "502": (lambda f: f.fail_next("getUpdates", 502), [("status", 502)], []),
    "502 from a proxy (HTML body)": (lambda f: f.fail_next("getUpdates", 502, body=HTML_502),
                                     [("status", 502)], [PTB_HTML_ERROR]),
    "429 retry_after": (lambda f: f.fail_next("getUpdates", 429, retry_after=1), [("status", 429)], []),
    "dropped connection": (lambda f: f.drop_next("getUpdates"), [("drop", 0)], []),
    "dropped after processing": (lambda f: f.drop_next("getUpdates", after_processing=True), [("drop", 0)], []),
}


@pytest.mark.parametrize("fault", list(GET_UPDATES_FAULTS))
async def test_polling_recovers_and_loses_nothing(live_bot: RunningBot, tg_engine: Engine, fault: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    fake, (inject, expected, logged) = live_bot.fake, GET_UPDATES_FAULTS[fault]
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    inject(fake)  # hits the getUpdates after the one in flight, which brings the first question
    fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=10)
    fake.private_text(OTHER, question)  # asked while polling fails (a dropped response carries it)
    await fake.wait_for_sent(1, chat_id=OTHER, timeout=10)
    await quiet(fake)
    assert [(f.kind, f.status) for method, f in fake.faulted] == expected
    assert all(method == "getUpdates" for method, _ in fake.faulted)
    [reply] = replies_to(fake, USER)
    assert replies_to(fake, OTHER) == [reply] and reply.startswith(tg_engine.ask(question).text)
    assert len(fake.calls_to("sendMessage")) == 2
    assert not fake.rejected
    assert errors(caplog) == logged


async def test_polling_timeout_is_retried_at_once(live_bot: RunningBot, tg_engine: Engine,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """getUpdates answers later than the read timeout (5 s + the 1 s long poll): PTB gives up on it
    and polls again; the fake never processed the abandoned request, so nothing is confirmed twice."""
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    fake.delay_next("getUpdates", 8.0)  # the first poll, or the one after it
    fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=15)
    fake.private_text(OTHER, question)
    await fake.wait_for_sent(1, chat_id=OTHER, timeout=15)
    await quiet(fake)
    assert [(method, f.kind) for method, f in fake.faulted] == [("getUpdates", "delay")]
    assert (len(replies_to(fake, USER)), len(replies_to(fake, OTHER))) == (1, 1)
    assert len(fake.calls_to("sendMessage")) == 2
    assert errors(caplog) == []


async def test_two_instances_one_clear_line_no_crash_loop(live_bot: RunningBot, tg_engine: Engine,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    caplog.set_level(logging.DEBUG, logger="bot")
    fake.conflict_next("getUpdates", times=2)
    fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER)
    await fake.wait_for(lambda: len(fake.faulted) == 2, timeout=15, what="two conflicts")
    fake.private_text(OTHER, question)  # the other instance went away: this one carries on
    await fake.wait_for_sent(1, chat_id=OTHER, timeout=10)
    await quiet(fake)
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.levelname, r.getMessage()) for r in lines] == [(
        "ERROR",
        "getUpdates refused (Conflict: terminated by other getUpdates request; make sure that only one bot "
        "instance is running): another instance of this bot runs with the same token; stop it, this one keeps "
        "retrying")]
    assert lines[0].exc_info is None  # one line, no traceback
    assert sum("conflict again" in r.getMessage() for r in caplog.records) == 1  # the repeat: DEBUG only
    assert live_bot.app.updater.running  # type: ignore[attr-defined]
    assert len(fake.calls_to("sendMessage")) == 2


# ---------------------------------------------------------------- sendMessage

DROPPED = "httpx.RemoteProtocolError: Server disconnected without sending a response."
SEND_FAULTS: dict[str, tuple[Callable[[FakeBotApi], None], int, int]] = {
    # name: (inject the fault, copies of the answer the member gets, times it is sent again)
    "429 retry_after": (lambda f: f.fail_next("sendMessage", 429, retry_after=1), 1, 1),
    "500 twice": (lambda f: f.fail_next("sendMessage", 500, times=2), 1, 2),
    "502 from a proxy (HTML body)": (lambda f: f.fail_next("sendMessage", 502, body=HTML_502), 1, 1),
    "503": (lambda f: f.fail_next("sendMessage", 503), 1, 1),
    # The connection broke after the request was sent: it may have been carried out, so it is not sent
    # again (a WARNING says so). Here the fake had not carried it out: the member gets nothing...
    "dropped connection": (lambda f: f.drop_next("sendMessage"), 0, 0),
    # ...and here it had: the member gets it once (it was twice when every dropped connection was retried).
    "dropped after processing": (lambda f: f.drop_next("sendMessage", after_processing=True), 1, 0),
    "504 from a gateway": (lambda f: f.fail_next("sendMessage", 504), 0, 0),
}


@pytest.mark.parametrize("fault", list(SEND_FAULTS))
@pytest.mark.limiter(backoff=0.05)
async def test_answer_is_delivered_through_send_faults(live_bot: RunningBot, tg_engine: Engine, fault: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    fake, (inject, copies, again) = live_bot.fake, SEND_FAULTS[fault]
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    inject(fake)
    update_id = fake.private_text(USER, question)
    # Updates are answered concurrently: the other member asks once the fault has hit the first reply.
    await fake.wait_for(lambda: fake.faulted, timeout=10, what="the injected fault")
    fake.private_text(OTHER, question)  # after the fault: answered as usual
    await fake.wait_for_sent(1, chat_id=OTHER, timeout=10)
    if copies:
        await fake.wait_for_sent(copies, chat_id=USER, timeout=10)
    await quiet(fake)
    sent = [s for s in fake.sent if s.chat_id == USER]
    assert len(sent) == copies and all(s.text.startswith(tg_engine.ask(question).text) for s in sent)
    assert len(fake.calls_to("sendMessage")) == copies + 1
    assert len(fake.faulted) == max(again, 1) and all(method == "sendMessage" for method, _ in fake.faulted)
    assert errors(caplog) == []
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sendMessage failed")]
    assert len(retries) == (0 if fault.startswith("429") else again)
    why = "Gateway Timeout" if "504" in fault else DROPPED
    unconfirmed = [r.getMessage() for r in caplog.records if "did not confirm" in r.getMessage()]
    assert unconfirmed == ([] if again or fault.startswith("429") else [
        f"update {update_id}: the Bot API did not confirm the reply ({why}); not sent again, so the member gets it "
        "at most once"])


@pytest.mark.limiter(send_retries=2, backoff=0.05)
async def test_send_gives_up_after_bounded_retries_then_logs(live_bot: RunningBot, tg_engine: Engine,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    fake.fail_next("sendMessage", 500, times=3)  # longer than the retries: the answer is lost, loudly
    update_id = fake.private_text(USER, question)
    await fake.wait_for(lambda: errors(caplog), timeout=10, what="the error line")
    fake.private_text(OTHER, question)  # the Bot API is back
    await fake.wait_for_sent(1, chat_id=OTHER)
    await quiet(fake)
    assert errors(caplog) == [
        f"bot.telegram.errors: update {update_id}: no reply delivered, the Bot API failed: Internal Server Error"]
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("sendMessage failed")] == [
        "sendMessage failed (Internal Server Error); retry 1 of 2 in 0.1 s",
        "sendMessage failed (Internal Server Error); retry 2 of 2 in 0.1 s",
    ]
    assert [(m, f.status) for m, f in fake.faulted] == [("sendMessage", 500)] * 3
    assert replies_to(fake, USER) == []  # no apology either: it would hit the same outage
    assert len(fake.calls_to("sendMessage")) == 1


@pytest.mark.parametrize(("status", "description"), [
    (500, None),
    (400, "Bad Request: query is too old and response timeout expired or query ID is invalid"),
])
async def test_button_works_when_its_acknowledgement_fails(live_bot: RunningBot, tg_engine: Engine, status: int,
                                                           description: str | None,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """answerCallbackQuery is not retried (it only stops the spinner), and its failure - e.g. a click
    queued while the bot restarted is too old to answer - does not cost the member the source text."""
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    fake.fail_next("answerCallbackQuery", status, description=description)
    fake.click(USER, reply, "原文")
    sent = await fake.wait_for_sent(2)
    await quiet(fake)
    assert [(m, f.status) for m, f in fake.faulted] == [("answerCallbackQuery", status)]
    assert fake.calls_to("answerCallbackQuery") == []
    assert sent[1].text.startswith(tg_engine.ask(question).paragraph_text.strip()[:20])
    assert errors(caplog) == []


# ---------------------------------------------------------------- members and messages the bot cannot answer


async def test_member_who_blocked_the_bot_is_no_error(live_bot: RunningBot, tg_engine: Engine,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    fake.add_chat(USER)
    fake.block_chat(USER)
    update_id = fake.private_text(USER, question)
    fake.private_text(OTHER, question)
    await fake.wait_for_sent(1, chat_id=OTHER)
    await quiet(fake)
    assert errors(caplog) == []
    assert f"update {update_id}: Forbidden: bot was blocked by the user" in caplog.messages
    assert [(r.method, r.status) for r in fake.rejected] == [("sendMessage", 403)]  # tried once, not retried
    assert len(fake.calls_to("sendMessage")) == 1


@pytest.mark.parametrize(("kind", "chat_id", "replies"), [
    ("sticker", USER, [say("non_text")]),
    ("photo", USER, [say("non_text")]),
    ("photo with caption", USER, [say("non_text")]),
    ("voice", USER, [say("non_text")]),
    ("sticker", GROUP, []),  # group chatter that is not text: ignored
    ("photo with caption", GROUP, []),
])
async def test_messages_without_text(live_bot: RunningBot, kind: str, chat_id: int, replies: list[str],
                                     caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    fake.privacy_mode = False  # the bot sees every group message, as a group admin would
    send: dict[str, Callable[[], Any]] = {
        "sticker": lambda: fake.sticker(USER, chat_id=chat_id),
        "photo": lambda: fake.photo(USER, chat_id=chat_id),
        "photo with caption": lambda: fake.photo(USER, chat_id=chat_id, caption="劳模是谁？"),
        "voice": lambda: fake.voice(USER, chat_id=chat_id),
    }
    assert send[kind]() is not None
    await quiet(fake)
    assert [s.text for s in fake.sent] == replies
    assert errors(caplog) == [] and not fake.rejected


async def test_edited_messages_are_not_answered_again(live_bot: RunningBot, tg_engine: Engine,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """Edits are not among ALLOWED_UPDATES, so Telegram does not even send them; and should one come
    (a webhook registered with other allowed_updates), no handler answers it and nothing fails."""
    fake, app = live_bot.fake, live_bot.app
    question = one_part_question(tg_engine)
    asked = fake.private_text(USER, question)
    await fake.wait_for_sent(1)
    message_id = fake.injected[asked]["message"]["message_id"]
    fake.edited_text(USER, message_id, "会费怎么交？")  # never delivered
    fake.edited_text(USER, message_id, "/stats")
    edited = fake.injected[max(fake.injected)]
    await app.process_update(Update.de_json(edited, app.bot))  # type: ignore[attr-defined]
    fake.private_text(OTHER, question)
    await fake.wait_for_sent(1, chat_id=OTHER)
    await quiet(fake)
    assert len(fake.sent) == 2 and errors(caplog) == []


# ---------------------------------------------------------------- start-up while the Bot API is unreachable


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_connect_retries_with_backoff_then_one_error(tg_settings: Settings, tg_engine: Engine,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    settings = replace(tg_settings, api_base_url=f"http://127.0.0.1:{port}/bot", connect_attempts=3,
                       connect_backoff=0.05)
    app = build_application(settings, tg_engine)
    try:
        with pytest.raises(BotError) as caught:
            await connect(app, settings)
    finally:
        await app.bot.shutdown()
    reason = "httpx.ConnectError: All connection attempts failed"
    assert str(caught.value) == f"cannot reach the Bot API at http://127.0.0.1:{port} (3 attempts): {reason}"
    assert [r.getMessage() for r in caplog.records if r.name == "bot.telegram.app"] == [
        f"cannot reach the Bot API at http://127.0.0.1:{port} (attempt 1 of 3: {reason}); trying again in 0.1 s",
        f"cannot reach the Bot API at http://127.0.0.1:{port} (attempt 2 of 3: {reason}); trying again in 0.1 s",
    ]


async def test_connect_waits_for_the_api_to_come_up(tg_fake: FakeBotApi, tg_settings: Settings,
                                                    tg_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    settings = replace(tg_settings, api_base_url=tg_fake.base_url, connect_backoff=0.05)
    tg_fake.fail_next("getMe", 502, times=2)
    tg_fake.drop_next("getMe")
    app = build_application(settings, tg_engine)
    try:
        await connect(app, settings)
        assert app.bot.username == "union_qa_bot"
    finally:
        await app.bot.shutdown()
    assert [m.split(" (attempt ")[1].split(":")[0] for m in caplog.messages] == ["1 of 5", "2 of 5", "3 of 5"]
    assert len(tg_fake.calls_to("getMe")) == 1


async def test_cli_run_without_the_api_exits_1_with_one_error_line(tg_knowledge: TelegramKnowledge) -> None:
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE_DIR"))}
    env.update(TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}",
               KNOWLEDGE_DIR=str(tg_knowledge.kb), UNIONBOT_CACHE_DIR=str(tg_knowledge.cache),
               TELEGRAM_CONNECT_ATTEMPTS="3", TELEGRAM_CONNECT_BACKOFF="0.1")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=20)
    lines = stderr.decode().splitlines()
    reason = "httpx.ConnectError: All connection attempts failed"
    assert proc.returncode == 1, stderr.decode()
    assert lines[-1] == f"error: cannot reach the Bot API at http://127.0.0.1:{port} (3 attempts): {reason}"
    prefix = " WARNING bot.telegram.app: "
    tries = [line.split(prefix)[1] for line in lines if prefix + "cannot" in line]
    assert tries == [
        f"cannot reach the Bot API at http://127.0.0.1:{port} (attempt 1 of 3: {reason}); trying again in 0.1 s",
        f"cannot reach the Bot API at http://127.0.0.1:{port} (attempt 2 of 3: {reason}); trying again in 0.2 s",
    ]
    assert "Traceback" not in stderr.decode() and stdout == b""
    assert TG_TOKEN.split(":")[1] not in stderr.decode()


# ---------------------------------------------------------------- updates python-telegram-bot cannot read


def _message(**fields: Any) -> dict[str, Any]:
    return {"message": {"message_id": 900, "date": 1_700_000_000, "text": "会费怎么交？",
                        "from": {"id": OTHER, "is_bot": False, "first_name": "会员"},
                        "chat": {"id": OTHER, "type": "private", "first_name": "会员"}, **fields}}


# Shapes Telegram may send that this python-telegram-bot cannot read (a newer Bot API, a partial object),
# with the reason the one log line gives.
UNREADABLE: dict[str, tuple[dict[str, Any], str]] = {
    "chat without id": (_message(chat={"type": "private"}),
                        "TypeError: _ChatBase.__init__() missing 1 required positional argument: 'id'"),
    "sender without id": (_message(**{"from": {"is_bot": False, "first_name": "会员"}}),
                          "TypeError: User.__init__() missing 1 required positional argument: 'id'"),
    "date as text": (_message(date="yesterday"), "TypeError: 'str' object cannot be interpreted as an integer"),
    "entity without offset": (_message(entities=[{"type": "bold"}]),
                              "TypeError: MessageEntity.__init__() missing 2 required positional arguments: "
                              "'offset' and 'length'"),
}


def warnings_and_worse(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("shape", list(UNREADABLE))
async def test_an_unreadable_update_costs_that_update_only(live_bot: RunningBot, tg_engine: Engine, shape: str,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Polling: the bad update comes in one batch with a good one; both are confirmed (no poll after poll
    for the same batch), the good one and every later one are answered, and one line says what was skipped."""
    fake, (update, reason) = live_bot.fake, UNREADABLE[shape]
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    bad = fake.inject(update)
    fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=10)
    fake.private_text(USER, question)
    await fake.wait_for_sent(2, chat_id=USER, timeout=10)
    await quiet(fake)
    assert fake.updates == [] and fake.confirmed_upto == max(fake.injected)
    assert len(fake.calls_to("sendMessage")) == 2 and replies_to(fake, OTHER) == []
    assert warnings_and_worse(caplog) == [
        ("WARNING", f"update {bad} skipped: python-telegram-bot cannot read it ({reason})")]


@pytest.mark.parametrize("shape", list(UNREADABLE))
async def test_an_unreadable_update_costs_that_update_only_by_webhook(
        webhook_replicas: Any, tg_fake: FakeBotApi, tg_engine: Engine, shape: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """Webhook: the bad update is acknowledged (200, so Telegram does not send it again) and skipped."""
    fake, (update, reason) = tg_fake, UNREADABLE[shape]
    await webhook_replicas()
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    caplog.clear()  # start-up's "no question log" warning
    bad = fake.inject(update)
    good = fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=10)
    await quiet(fake)
    assert [(d.update_id, d.status) for d in fake.deliveries] == [(bad, 200), (good, 200)]
    assert fake.undelivered == [] and len(fake.calls_to("sendMessage")) == 1
    assert warnings_and_worse(caplog) == [
        ("WARNING", f"update {bad} skipped: python-telegram-bot cannot read it ({reason})")]


def bot_env(fake: FakeBotApi, knowledge: TelegramKnowledge, **extra: str) -> dict[str, str]:
    return cli_env(TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, KNOWLEDGE_DIR=str(knowledge.kb),
                   UNIONBOT_CACHE_DIR=str(knowledge.cache), **extra)


async def test_cli_run_with_an_unreadable_update_answers_and_stops_on_sigterm(
        tg_fake: FakeBotApi, tg_engine: Engine, tg_knowledge: TelegramKnowledge) -> None:
    """``python -m bot run`` as deployed: one bad update, then questions; SIGTERM stops it (exit 0),
    and its log has one line about the update, no traceback, nothing of the member's message."""
    question = one_part_question(tg_engine)
    proc = await run_cli(bot_env(tg_fake, tg_knowledge))
    try:
        bad = tg_fake.inject(UNREADABLE["chat without id"][0])  # in the first batch the bot gets
        tg_fake.private_text(USER, question)
        await tg_fake.wait_for_sent(1, timeout=60)
        tg_fake.private_text(USER, question)
        await tg_fake.wait_for_sent(2, timeout=20)
    finally:
        log = await stop_cli(proc, timeout=20)
    assert [line.split(": ", 1)[1] for line in log.splitlines() if "skipped" in line] == [
        f"update {bad} skipped: python-telegram-bot cannot read it ({UNREADABLE['chat without id'][1]})"]
    assert "Traceback" not in log and "CRITICAL" not in log and "会费怎么交" not in log


# ---------------------------------------------------------------- webhook replicas


async def test_replicas_without_a_configured_secret_lose_nothing(webhook_replicas: Any, tg_fake: FakeBotApi,
                                                                 tg_engine: Engine,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Two replicas behind one proxy, WEBHOOK_SECRET_TOKEN unset: each registers the webhook, Telegram
    keeps the last secret and sends it with every update; both replicas take it, so all 20 questions
    are answered, once each, whichever replica the proxy picks."""
    fake = tg_fake
    first, second = await webhook_replicas(2)
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    caplog.clear()
    members = [5000 + n for n in range(20)]
    for member in members:
        fake.private_text(member, question)
    await fake.wait_for_sent(20, timeout=30)
    await quiet(fake)
    assert sorted(s.chat_id for s in fake.sent) == members
    assert fake.undelivered == [] and {d.status for d in fake.deliveries} == {200}
    assert [sum(d.target == r.url for d in fake.deliveries) for r in (first, second)] == [10, 10]
    assert warnings_and_worse(caplog) == []


# ---------------------------------------------------------------- the question log is an accessory

LOG_FAULTS = [("read-only DATA_DIR", "at start"), ("full disk", "at start"), ("full disk", "while running"),
              ("PostgreSQL", "at start"), ("PostgreSQL", "while running")]


def store_fault(request: pytest.FixtureRequest, cause: str) -> tuple[dict[str, Any], Callable[[], None],
                                                                     Callable[[], None]]:
    """The settings fields for the question log, how to break its store for real, how to mend it."""
    if cause == "PostgreSQL":
        server = request.getfixturevalue("pg_server")
        return {"database_url": server.database()}, server.stop, server.start
    disk = request.getfixturevalue("small_disk")
    fields = {"data_dir": disk.path / "data"}
    return (fields, disk.fill, disk.free) if cause == "full disk" else (fields, disk.read_only, disk.writable)


@pytest.mark.parametrize(("cause", "when"), LOG_FAULTS)
async def test_the_question_log_never_stops_the_bot(start_bot: Any, tg_settings: Settings, tg_engine: Engine,
                                                    request: pytest.FixtureRequest, cause: str, when: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Members are answered whatever happens to the log; it is reported once (one ERROR line, no traceback),
    shown to admins in /stats, and resumes by itself when the cause is gone (one line says so)."""
    fields, break_store, mend_store = store_fault(request, cause)
    settings = replace(tg_settings, question_log_salt="pepper", **fields)
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    if when == "at start":
        break_store()
    qlog = open_question_log(settings, retry_every=0)  # tries again at every question, to keep the test short
    assert qlog is not None
    bot = await start_bot(tg_engine, qlog=qlog, **fields, question_log_salt="pepper")
    fake, asked = bot.fake, 0
    if when == "while running":
        fake.private_text(USER, question)
        asked += 1
        await fake.wait_for_sent(asked, timeout=10)
        assert (await qlog.query(lambda log: log.stats())).total == 1
        break_store()
    for n in range(3):
        fake.private_text(OTHER + n, question)
    asked += 3
    await fake.wait_for_sent(asked, timeout=20)
    fake.command(ADMIN, "stats")
    [down] = await fake.wait_for_sent(1, chat_id=ADMIN, timeout=20)
    outage = qlog.outage()
    assert outage is not None and outage.not_logged == 3
    assert down.text.endswith(say("log_down", since=f"{outage.since:%Y-%m-%d %H:%M} UTC", reason=outage.reason,
                                  lost=3))

    mend_store()
    fake.private_text(USER, question)
    await fake.wait_for_sent(asked + 1, chat_id=None, timeout=20)
    await fake.wait_for(lambda: qlog.outage() is None, timeout=10, what="the log to resume")
    fake.command(ADMIN, "stats")
    [_, stats] = await fake.wait_for(lambda: texts_to(fake, ADMIN)[1:] and texts_to(fake, ADMIN), timeout=20)
    assert (await qlog.query(lambda log: log.stats())).total == (2 if when == "while running" else 1)
    assert "问题日志：今天 " in stats and "无法写入" not in stats
    assert len(fake.calls_to("sendMessage")) == asked + 3  # every question answered, once; two /stats
    keeper = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.ops.qlog_keeper"]
    assert [level for level, _ in keeper] == ["ERROR", "WARNING"], keeper
    assert keeper[0][1].startswith("question log unavailable (") and "members are still answered" in keeper[0][1]
    assert keeper[1][1].startswith("question log works again (unavailable since ")
    assert keeper[1][1].endswith("; 3 question(s) were not logged")
    assert errors(caplog) == [f"bot.ops.qlog_keeper: {keeper[0][1]}"]
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.WARNING)


async def test_cli_run_with_a_read_only_data_dir_answers(tg_fake: FakeBotApi, tg_engine: Engine,
                                                         tg_knowledge: TelegramKnowledge, small_disk: Any) -> None:
    """``python -m bot run`` as deployed with DATA_DIR on a read-only volume: it used to exit 2 and answer
    nobody; now it answers, says so in one ERROR line, and stops on SIGTERM with exit 0."""
    question = one_part_question(tg_engine)
    small_disk.read_only()
    proc = await run_cli(bot_env(tg_fake, tg_knowledge, QUESTION_LOG_SALT="pepper",
                                 DATA_DIR=str(small_disk.path / "data")))
    try:
        for member in (USER, OTHER):
            tg_fake.private_text(member, question)
        await tg_fake.wait_for_sent(2, timeout=60)
    finally:
        log = await stop_cli(proc, timeout=20)
    assert [line.split(" ", 2)[2] for line in log.splitlines() if " ERROR " in line] == [
        f"ERROR bot.ops.qlog_keeper: question log unavailable (question log {small_disk.path}/data/questions.sqlite3: "
        f"[Errno 30] Read-only file system: '{small_disk.path}/data'): members are still answered, their "
        "questions are not logged until it works again (tried again every 10 s)"]
    assert "Traceback" not in log


# ---------------------------------------------------------------- a slow Bot API

SCALE = 1 / 20  # the delays and the timeout, scaled down together: the same race, 20 times faster


@pytest.mark.parametrize("seconds", [2, 12, 40])
async def test_a_slow_send_is_neither_lost_nor_duplicated(live_bot: RunningBot, tg_engine: Engine, seconds: int,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """sendMessage answers after 2, 12 or 40 s (scaled, as the bot's timeout is: the fake really waits that
    long, and carries the call out even if the bot stops waiting). The member gets the answer once."""
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    fake.delay_next("sendMessage", seconds * SCALE)
    fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=10)
    fake.private_text(OTHER, question)  # the Bot API is quick again
    await fake.wait_for_sent(1, chat_id=OTHER, timeout=10)
    await asyncio.sleep(seconds * SCALE)  # a copy sent again would arrive by now
    await quiet(fake)
    assert [(m, f.kind) for m, f in fake.faulted] == [("sendMessage", "delay")]
    assert len(replies_to(fake, USER)) == 1 and replies_to(fake, USER) == replies_to(fake, OTHER)
    assert len(fake.calls_to("sendMessage")) == 2
    assert warnings_and_worse(caplog) == []


@pytest.mark.tg_settings(send_timeout=60 / 60)
async def test_a_send_slower_than_the_timeout_is_not_sent_again(live_bot: RunningBot, tg_engine: Engine,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """90 s, more than TELEGRAM_TIMEOUT (60 s; both scaled by 1/60): the bot stops waiting and says so, and
    does not send it again; the Bot API carries it out anyway, so the member gets it once, late."""
    fake = live_bot.fake
    question = one_part_question(tg_engine)
    caplog.set_level(logging.INFO)
    fake.delay_next("sendMessage", 90 / 60)
    update_id = fake.private_text(USER, question)
    await fake.wait_for_sent(1, chat_id=USER, timeout=10)
    await quiet(fake)
    assert len(replies_to(fake, USER)) == 1 and len(fake.calls_to("sendMessage")) == 1
    assert warnings_and_worse(caplog) == [(
        "WARNING", f"update {update_id}: the Bot API did not confirm the reply (no answer within 1 s); "
                   "not sent again, so the member gets it at most once")]


class Gate:
    """A TCP relay between the bot and the fake: closed, nothing listens on its port (connection refused)
    and the connections it relayed are cut; opened again, on the same port."""

    def __init__(self, target: int) -> None:
        self.target, self.port = target, 0
        self.server: asyncio.Server | None = None
        self.cut: list[asyncio.StreamWriter] = []

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.cut:
            writer.transport.abort()
        await self.server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self.cut += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)


async def test_a_send_that_cannot_connect_is_sent_again(tg_fake: FakeBotApi, tg_settings: Settings,
                                                        tg_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    """Connection refused: the request never left, so it is safe to send again; the member gets it once."""
    from bot.telegram.transport import PatientRateLimiter

    gate = Gate(tg_fake.port)
    await gate.open()
    settings = replace(tg_settings, api_base_url=f"http://127.0.0.1:{gate.port}/bot")
    app: Any = build_application(settings, FaultyEngine(tg_engine), rate_limiter=PatientRateLimiter(backoff=0.2))
    caplog.set_level(logging.INFO)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            tg_fake.private_text(USER, "slow")  # a second in the engine: time to close the gate
            await tg_fake.wait_confirmed()
            await gate.close()
            deadline = asyncio.get_running_loop().time() + 10
            while not any(m.startswith("sendMessage failed") for m in caplog.messages):
                assert asyncio.get_running_loop().time() < deadline, "no retry"
                await asyncio.sleep(0.02)
            await gate.open()
            [reply] = await tg_fake.wait_for_sent(1, chat_id=USER, timeout=10)
        finally:
            await app.updater.stop()
            await app.stop()
    retries = [m for m in caplog.messages if m.startswith("sendMessage failed")]
    assert retries[0] == ("sendMessage failed (httpx.ConnectError: All connection attempts failed); "
                          "retry 1 of 3 in 0.2 s")
    assert len(tg_fake.calls_to("sendMessage")) == 1 and reply.chat_id == USER
