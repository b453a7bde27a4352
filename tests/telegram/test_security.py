"""Secrets and privacy: the token never reaches a log line, a member or an admin; admin commands are
refused to everybody else whichever way they arrive; the webhook takes updates only with the secret.

The question log keeps no raw user id: tests/ops/test_qlog.py::test_raw_user_id_is_never_stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from conftest import TG_TOKEN, FaultyEngine, RunningBot
from fakebot import FakeBotApi
from telegram import Update

from bot import cli
from bot.answer.engine import Engine
from bot.ops.settings import Settings
from bot.present.messages import say
from bot.telegram.app import ALLOWED_UPDATES, build_application, configure_logging
from bot.telegram.service import SERVICE_KEY, Service
from bot.telegram.transport import PatientRateLimiter
from bot.telegram.webhook import derived_secret

USER, OTHER, ADMIN, GROUP = 4242, 4343, 777, -1001234567890
SECRET = TG_TOKEN.split(":", 1)[1]
LEAKS = (TG_TOKEN, SECRET)


def leaks(text: str) -> list[str]:
    return [s for s in LEAKS if s in text]


# ---------------------------------------------------------------- the token in logs, messages and /stats


class Keep(logging.Handler):
    """Keeps every record formatted as production's stderr handler would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.names.add(record.name)


@pytest.fixture
def debug_logging(monkeypatch: pytest.MonkeyPatch, tg_settings: Settings) -> Iterator[tuple[Keep, Keep]]:
    """Production's logging (configure_logging at DEBUG), then every library opened up to DEBUG too;
    (what production writes, the same records before redaction)."""
    root = logging.getLogger()
    shown, raw = Keep(), Keep()
    names = ("", "httpx", "httpcore", "telegram", "apscheduler", "aiohttp", "asyncio", "bot")
    levels = {name: logging.getLogger(name).level for name in names}
    monkeypatch.setattr(root, "handlers", [shown])
    configure_logging(replace(tg_settings, log_level="DEBUG"))
    root.handlers.insert(0, raw)  # before the redacting one: sees what the libraries logged
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield shown, raw
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_token_is_in_no_log_record_message_or_stats(tg_fake: FakeBotApi, tg_settings: Settings,
                                                          tg_engine: Engine,
                                                          debug_logging: tuple[Keep, Keep]) -> None:
    shown, raw = debug_logging
    fake = tg_fake
    settings = replace(tg_settings, api_base_url=fake.base_url, question_log_salt="")
    # The engine's error carries the token, as a careless library's message might.
    leak = f"engine exploded at http://127.0.0.1/bot{TG_TOKEN}/sendMessage ({TG_TOKEN})"
    faulty = FaultyEngine(tg_engine, error=leak)
    app = build_application(settings, faulty,  # type: ignore[arg-type]
                            rate_limiter=PatientRateLimiter(backoff=0.05))
    question = tg_engine.examples(3)[1]
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES,
                                        error_callback=lambda e: app.create_task(app.process_error(None, e)))
        try:
            fake.command(USER, "start")
            fake.private_text(USER, question)
            first = await fake.wait_for_sent(2)
            [answer] = [s for s in first if [b["text"] for b in s.buttons] == ["原文", "👍", "👎"]]
            fake.click(USER, answer, "原文")
            fake.click(USER, answer, "👍")
            fake.inline_query(USER, "劳模")
            fake.command(USER, "sources")
            fake.command(USER, "ask", question, chat_id=GROUP)
            fake.sticker(USER)
            fake.private_text(USER, "量子色动力学")
            fake.command(USER, "stats")  # refused
            fake.fail_next("sendMessage", 500)  # retried
            fake.private_text(OTHER, question)
            fake.private_text(USER, "boom")  # the handler fails: an apology, and a traceback in the log
            await fake.wait_for_sent(11, timeout=10)
            fake.fail_next("getUpdates", 502)
            fake.conflict_next("getUpdates")
            fake.add_chat(OTHER + 1)
            fake.block_chat(OTHER + 1)
            fake.private_text(OTHER + 1, question)  # 403
            fake.command(ADMIN, "reload")
            fake.command(ADMIN, "stats")
            await fake.wait_for_sent(2, chat_id=ADMIN, timeout=20)
            await fake.wait_for(lambda: len(fake.faulted) == 3, timeout=10, what="the faults")
        finally:
            await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)  # type: ignore[misc]

    assert say("error") in [s.text for s in fake.sent if s.chat_id == USER]
    [stats] = [s.text for s in fake.sent if s.chat_id == ADMIN and s.text.startswith("运行")]
    assert leaks(stats) == []
    sent = json.dumps([[s.text, s.html, s.buttons] for s in fake.sent], ensure_ascii=False)
    calls = json.dumps([c.params for c in fake.calls], ensure_ascii=False, default=str)
    answers = json.dumps(fake.inline_answers, ensure_ascii=False)
    assert leaks(sent) == leaks(calls) == leaks(answers) == []

    assert {"httpx", "httpcore.http11", "telegram.ext.Application", "bot.telegram.errors"} <= shown.names
    assert any("engine exploded" in line for line in shown.lines)  # the traceback is there...
    assert [line for line in shown.lines if leaks(line)] == []  # ...without the token
    assert sum(bool(leaks(line)) for line in raw.lines) > 20  # (httpx logs every URL: there was much to hide)
    assert len(shown.lines) == len(raw.lines)


@pytest.mark.parametrize(("env", "message"), [
    ({"TELEGRAM_ADMIN_IDS": f"1,{TG_TOKEN}"},
     "error: TELEGRAM_ADMIN_IDS: '<token>' is not a Telegram user id (comma-separated numbers)"),
    ({"TELEGRAM_API_BASE_URL": f"ftp://x/bot{TG_TOKEN}"},
     "error: TELEGRAM_API_BASE_URL: 'ftp://x/bot<token>' is not an http(s) URL like http://127.0.0.1:8081/bot"),
    ({"WEBHOOK_URL": f"http://x/{TG_TOKEN}"},
     "error: WEBHOOK_URL: 'http://x/<token>' is not an https URL like https://bot.example.org/telegram "
     "(Telegram only posts to https)"),
    ({"WEBHOOK_SECRET_TOKEN": f"{TG_TOKEN}!"},
     "error: WEBHOOK_SECRET_TOKEN: use 1 to 256 letters, digits, '_' or '-' (Telegram's rule)"),
    ({"ANSWER_THRESHOLD": "2"}, "error: ANSWER_THRESHOLD: '2' is not a number from 0 to 1"),
    ({"TELEGRAM_CONNECT_BACKOFF": "forever"},
     "error: TELEGRAM_CONNECT_BACKOFF: 'forever' is not a number of seconds from 0 to 30"),
    ({"TELEGRAM_BOT_TOKEN": TG_TOKEN + "!"},
     "error: TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and at least 30 letters, "
     "digits, '_' or '-', as @BotFather gives it)"),
    ({"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"},
     "error: set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE, not both"),
])
def test_crash_output_of_run_never_shows_the_token(env: dict[str, str], message: str,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """What ``python -m bot run`` prints for a bad setting (the same main() in this process: settings
    are checked before anything else runs; subprocess runs: tests/telegram/test_app.py, telegram/test_faults.py)."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TG_TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["run"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", message + "\n")
    assert leaks(err) == []


def test_settings_and_service_reprs_hide_the_secrets(tg_settings: Settings, tg_engine: Engine) -> None:
    settings = replace(tg_settings, question_log_salt="pepper", webhook_secret="hook",
                       database_url="postgresql://bot:pw@db/q")
    shown = repr(settings) + repr(Service(tg_engine, settings))
    assert leaks(shown) == [] and "pepper" not in shown and "hook'" not in shown and ":pw@" not in shown


# ---------------------------------------------------------------- admin commands


@pytest.mark.parametrize("command", ["stats", "reload", "unanswered"])
@pytest.mark.parametrize("chat", ["private", "group"])
async def test_admin_commands_are_refused_politely(live_bot: RunningBot, command: str, chat: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    svc: Service = live_bot.app.bot_data[SERVICE_KEY]  # type: ignore[attr-defined]
    engine = svc.engine
    fake.command(USER, command, chat_id=GROUP if chat == "group" else None)
    [reply] = await fake.wait_for_sent(1)
    await fake.wait_confirmed()
    assert reply.text == say("not_admin") and reply.buttons == []
    assert svc.engine is engine  # /reload did not run
    assert len(fake.calls_to("sendMessage")) == 1
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("user", [USER, ADMIN])
async def test_edited_admin_commands_do_nothing(live_bot: RunningBot, user: int) -> None:
    """An edit into "/stats" (even the admin's) is not a new command: no reply, no figures, no reload."""
    fake, app = live_bot.fake, live_bot.app
    asked = fake.private_text(user, "你好")
    await fake.wait_for_sent(1)
    fake.edited_text(user, fake.injected[asked]["message"]["message_id"], "/stats")
    await app.process_update(Update.de_json(fake.injected[max(fake.injected)], app.bot))  # type: ignore[attr-defined]
    for command in ("/reload", "/unanswered"):
        fake.edited_text(user, fake.injected[asked]["message"]["message_id"], command)
        await app.process_update(Update.de_json(fake.injected[max(fake.injected)], app.bot))  # type: ignore[attr-defined]
    await asyncio.sleep(0.2)
    assert len(fake.sent) == 1 and not fake.sent[0].text.startswith("运行")


@pytest.mark.parametrize("data", ["stats", "/stats", "reload", "s:stats", "o:../../etc/passwd#p1", "x" * 64])
async def test_forged_buttons_reveal_nothing(live_bot: RunningBot, data: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    fake = live_bot.fake
    fake.command(USER, "start")
    [welcome] = await fake.wait_for_sent(1)
    welcome.message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] = data
    fake.callback(USER, welcome, data)
    await fake.wait_for_call("answerCallbackQuery")
    await fake.wait_confirmed()
    await asyncio.sleep(0.2)
    texts = [s.text for s in fake.sent[1:]] + [c.get("text", "") for c in fake.calls_to("answerCallbackQuery")]
    assert set(texts) <= {say("gone"), ""}
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == [] and not fake.rejected


# ---------------------------------------------------------------- webhook mode


async def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.post(
            url, data=body, headers={"Content-Type": "application/json", **headers}) as response:
        return response.status, await response.text()


async def test_webhook_takes_updates_only_with_the_secret(webhook_replicas: Any, tg_fake: FakeBotApi,
                                                          tg_engine: Engine) -> None:
    """The webhook as run_bot serves it: Telegram's POSTs, carrying the secret, are answered; forged
    ones are refused with 403 and never handled."""
    fake, secret = tg_fake, "s3cret_-"
    [replica] = await webhook_replicas(webhook_secret=secret)
    question = tg_engine.examples(3)[1]
    update = fake.injected[fake.private_text(USER, question)]  # the fake posts it, with the secret
    [reply] = await fake.wait_for_sent(1)
    body = json.dumps(update).encode()
    refused = [await post(replica.url, body, {}),
               await post(replica.url, body, {"X-Telegram-Bot-Api-Secret-Token": "forged"}),
               await post(replica.url, body, {"X-Telegram-Bot-Api-Secret-Token": secret + "x"}),
               await post(replica.url, body, {"X-Telegram-Bot-Api-Secret-Token": ""})]
    await asyncio.sleep(0.2)
    assert [status for status, _ in refused] == [403] * 4
    assert all(secret not in text and leaks(text) == [] for _, text in refused)
    assert [(d.update_id, d.status) for d in fake.deliveries] == [(update["update_id"], 200)]
    assert reply.text.startswith(tg_engine.ask(question).text)
    assert len(fake.calls_to("sendMessage")) == 1  # the forged posts were never handled
    [hook] = fake.calls_to("setWebhook")
    assert (hook["url"], hook["secret_token"]) == ("https://bot.example.org/tg/hook", secret)


async def test_webhook_secret_without_configuration_is_derived_from_the_token(webhook_replicas: Any,
                                                                             tg_fake: FakeBotApi) -> None:
    """Replicas agree on the secret with nothing to configure: an HMAC of the bot token (a new token, a new
    secret); whoever could compute it holds the token, which commands the bot anyway."""
    await webhook_replicas(2)
    first, second = (hook["secret_token"] for hook in tg_fake.calls_to("setWebhook"))
    assert first == second == derived_secret(TG_TOKEN)
    assert re.fullmatch(r"[0-9a-f]{64}", first) and leaks(first) == []
    assert derived_secret("654321:" + "x" * 35) != first


async def test_a_configured_webhook_secret_wins(webhook_replicas: Any, tg_fake: FakeBotApi) -> None:
    await webhook_replicas(webhook_secret="s3cret_-")
    assert [hook["secret_token"] for hook in tg_fake.calls_to("setWebhook")] == ["s3cret_-"]


async def test_refused_webhook_posts_are_logged_at_most_once_a_minute(webhook_replicas: Any, tg_fake: FakeBotApi,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A scanner's forged posts: every one refused (403), one log line for all of them, never a secret."""
    [replica] = await webhook_replicas()
    caplog.clear()
    body = json.dumps({"update_id": 1, "message": {"text": "x"}}).encode()
    headers: list[dict[str, str]] = [{}, {"X-Telegram-Bot-Api-Secret-Token": "forged"}] * 15
    statuses = [(await post(replica.url, body, h))[0] for h in headers]
    assert statuses == [403] * 30
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == [
        ("bot.telegram.webhook", "WARNING", "webhook POST from 127.0.0.1 refused: no secret token (not Telegram, "
         "or WEBHOOK_SECRET_TOKEN differs between replicas)")]
    assert "forged" not in caplog.text and derived_secret(TG_TOKEN) not in caplog.text


async def test_webhook_secret_is_in_no_log_line(webhook_replicas: Any, tg_fake: FakeBotApi, tg_engine: Engine,
                                                debug_logging: tuple[Keep, Keep]) -> None:
    shown, raw = debug_logging
    await webhook_replicas()
    tg_fake.private_text(USER, tg_engine.examples(3)[1])
    await tg_fake.wait_for_sent(1)
    secret = derived_secret(TG_TOKEN)
    assert any(secret in line for line in raw.lines)  # PTB logs setWebhook's parameters at DEBUG...
    assert [line for line in shown.lines if secret in line or leaks(line)] == []  # ...and they are redacted
