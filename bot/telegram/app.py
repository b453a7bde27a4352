"""The Telegram bot: :func:`build_application` wires the handlers, :func:`run_bot` runs them.

``python -m bot run`` → :func:`run_bot`: settings from the environment (:mod:`bot.ops.settings`),
the knowledge loaded once, the Bot API reached (:func:`connect`: a few tries with a growing
pause), then long polling (or a webhook server when WEBHOOK_URL is set)
until SIGINT/SIGTERM, which stops taking updates, lets those in flight finish and returns 0.
Tests build the same application against a fake Bot API server (``TELEGRAM_API_BASE_URL``)
and drive it over real HTTP.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answer.engine import Engine
from bot.core.errors import BotError, ConfigError
from bot.ops.qlog_keeper import RETRY_EVERY, KeptLog
from bot.ops.settings import Settings
from bot.present.messages import Lang, say
from bot.present.replies import example_buttons
from bot.telegram import admin, errors, handlers
from bot.telegram.ratelimit import RateLimit
from bot.telegram.service import SERVICE_KEY, Service, watch_knowledge
from bot.telegram.transport import PatientRateLimiter, SendRequest
from bot.telegram.updates import UpdatesRequest
from bot.telegram.webhook import derived_secret, serve_webhook

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
COMMANDS = ("start", "help", "ask", "sources")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
DEFAULT_KB = "knowledge"
_NOT_SET: Any = object()
MAX_CONNECT_BACKOFF = 30.0  # seconds: the longest pause between two start-up tries


def build_application(settings: Settings, engine: Engine, *, qlog: KeptLog | None = None,
                      rate_limiter: BaseRateLimiter[Any] | None = _NOT_SET) -> App:
    """The bot, ready for ``async with app`` or :meth:`~telegram.ext.Application.run_polling`.

    ``rate_limiter`` defaults to :class:`~bot.telegram.transport.PatientRateLimiter` (Telegram's flood
    limits, and retries of answers that cannot have been delivered); benchmarks against a fake server
    may pass None.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(settings.concurrent_updates)
        .get_updates_request(UpdatesRequest())  # an update PTB cannot read costs that update only
        .request(SendRequest(timeout=settings.send_timeout))  # what is sent again, and when (transport.py)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limiter is _NOT_SET:
        rate_limiter = PatientRateLimiter()
    app: App = builder.build() if rate_limiter is None else builder.rate_limiter(rate_limiter).build()
    app.bot_data[SERVICE_KEY] = Service(engine=engine, settings=settings, qlog=qlog,
                                        examples=example_buttons(engine),
                                        limit=RateLimit(settings.rate_limit_per_minute),
                                        group_limit=RateLimit(settings.rate_limit_per_minute))
    _add_handlers(app)
    admin.schedule_retention(app)
    return app


def _add_handlers(app: App) -> None:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE  # edits of old questions are not answered again
    app.add_handler(CommandHandler(["start", "help"], handlers.on_start, filters=new_message))
    app.add_handler(CommandHandler("sources", handlers.on_sources, filters=new_message))
    app.add_handler(CommandHandler("ask", handlers.on_ask, filters=new_message))
    app.add_handler(CommandHandler("stats", handlers.on_stats, filters=new_message))
    app.add_handler(CommandHandler("reload", handlers.on_reload, filters=new_message))
    app.add_handler(CommandHandler("unanswered", admin.on_unanswered, filters=new_message))
    app.add_handler(MessageHandler(new_message & private & filters.TEXT & ~filters.COMMAND,
                                   handlers.on_private_text))
    app.add_handler(MessageHandler(new_message & groups & filters.TEXT & ~filters.COMMAND,
                                   handlers.on_group_text))
    app.add_handler(MessageHandler(new_message & private & ~filters.TEXT, handlers.on_non_text))
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline))
    app.add_error_handler(errors.on_error)


def bot_commands(lang: Lang) -> list[BotCommand]:
    return [BotCommand(name, say(f"cmd_{name}", lang)) for name in COMMANDS]


async def _post_init(app: App) -> None:
    # The command menu is a convenience: a failure here must not keep the bot from answering.
    try:
        await app.bot.set_my_commands(bot_commands("zh"))
        await app.bot.set_my_commands(bot_commands("en"), language_code="en")
    except TelegramError as exc:
        log.warning("could not set the command menu: %s", exc)
    svc: Service = app.bot_data[SERVICE_KEY]
    await admin.set_admin_menus(app.bot, svc.settings.admin_ids, bot_commands)
    svc.background.append(asyncio.create_task(
        watch_knowledge(svc, lambda problems: admin.tell_admins(app.bot, svc, problems), svc.stopping)))
    log.info("bot @%s answering from %d articles (%d concurrent updates)", app.bot.username,
             len(svc.engine.articles), svc.settings.concurrent_updates)


async def _post_shutdown(app: App) -> None:
    svc: Service = app.bot_data[SERVICE_KEY]
    svc.stopping.set()
    await asyncio.gather(*svc.background, return_exceptions=True)
    if svc.qlog is not None:
        await svc.qlog.close()  # the question log's last rows are written before the process ends
    log.info("bot stopped")


def open_question_log(settings: Settings, *, retry_every: float = RETRY_EVERY) -> KeptLog | None:
    """The question log, or None (with a warning) when QUESTION_LOG_SALT is not set. A log that cannot
    be opened does not stop the bot: it is reported and tried again (bot.ops.qlog_keeper)."""
    if not settings.question_log_salt:
        log.warning("no question log: set QUESTION_LOG_SALT (a long random secret) to keep one")
        return None
    from bot.ops.qlog import SqlQuestionLog

    return KeptLog(lambda: SqlQuestionLog.open(settings.question_log, salt=settings.question_log_salt),
                   retry_every=retry_every)


def run_bot(kb: str | None = None, env: Mapping[str, str] | None = None) -> int:
    """Poll (or serve the webhook) until SIGINT/SIGTERM; 0 after a clean stop.

    Bad settings raise ConfigError (exit 2), bad knowledge KnowledgeError (exit 1), a Bot API
    still unreachable after :func:`connect`'s tries BotError (exit 1).
    """
    settings = Settings.from_env(os.environ if env is None else env)
    if kb is not None and kb != DEFAULT_KB:  # an explicit --kb wins over KNOWLEDGE_DIR
        settings = replace(settings, knowledge_dir=Path(kb))
    configure_logging(settings)
    engine = Engine.load(settings.knowledge_dir, threshold=settings.answer_threshold)
    app = build_application(settings, engine, qlog=open_question_log(settings))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling goes on on this loop, and closes it
    connected = False
    try:
        loop.run_until_complete(connect(app, settings))
        connected = True
        if settings.webhook_url:
            loop.run_until_complete(run_webhook(app, settings))
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        raise ConfigError("TELEGRAM_BOT_TOKEN was refused by the Bot API (401 Unauthorized): "
                          "check the token with @BotFather") from None
    except NetworkError as exc:
        raise BotError(f"cannot reach the Bot API at {_api_host(settings)}: "
                       f"{redact(str(exc), settings.token)}") from None
    finally:
        if not connected:  # connect() gave up: nothing ran, only the connections need closing
            loop.run_until_complete(app.bot.shutdown())
            loop.run_until_complete(_post_shutdown(app))
        if not loop.is_closed():
            loop.close()
    return 0


async def connect(app: App, settings: Settings) -> None:
    """Initialise the bot (getMe), trying again while the Bot API cannot be reached: up to
    TELEGRAM_CONNECT_ATTEMPTS tries, pausing TELEGRAM_CONNECT_BACKOFF seconds, then twice that, and so
    on (at most MAX_CONNECT_BACKOFF); then BotError, one line (exit 1). A refused token is not retried."""
    attempts = settings.connect_attempts
    for attempt in range(1, attempts + 1):
        try:
            await app.bot.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:  # refused or dropped connections, timeouts, 5xx
            reason = redact(str(exc), settings.token)
            if attempt >= attempts:
                raise BotError(f"cannot reach the Bot API at {_api_host(settings)} "
                               f"({attempts} attempt{'s' if attempts > 1 else ''}): {reason}") from None
            delay = min(settings.connect_backoff * 2 ** (attempt - 1), MAX_CONNECT_BACKOFF)
            log.warning("cannot reach the Bot API at %s (attempt %d of %d: %s); trying again in %.1f s",
                        _api_host(settings), attempt, attempts, reason, delay)
            await asyncio.sleep(delay)


def _api_host(settings: Settings) -> str:
    return re.sub(r"/bot$", "", settings.api_base_url)


async def run_webhook(app: App, settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Serve WEBHOOK_URL's path on WEBHOOK_LISTEN:WEBHOOK_PORT (a TLS proxy forwards to it) until
    SIGINT/SIGTERM, or until ``stop`` is set when given (tests)."""
    # Without a secret anyone who finds the URL could post forged updates; replicas must all know it.
    secret = settings.webhook_secret or derived_secret(settings.token)
    await serve_webhook(app, url=settings.webhook_url, listen=settings.webhook_listen, port=settings.webhook_port,
                        path=urlsplit(settings.webhook_url).path, secret=secret, allowed_updates=ALLOWED_UPDATES,
                        stop=stop)


# ---------------------------------------------------------------- logging

_TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
_BARE_TOKEN = re.compile(r"\b\d+:[A-Za-z0-9_-]{30,}")


def redact(text: str, token: str = "", secrets: tuple[str, ...] = ()) -> str:
    """``text`` without the token (the exact one, any ``bot<id>:<secret>`` and any token-shaped word)
    and without ``secrets``."""
    if token:
        text = text.replace(token, "<token>")
    for secret in secrets:
        text = text.replace(secret, "<secret>")
    return _BARE_TOKEN.sub("<token>", _TOKEN_IN_URL.sub("bot<token>", text))


class RedactToken(logging.Filter):
    """Removes the bot token from every record (httpx logs request URLs, which contain it), and the
    webhook's secret token (python-telegram-bot logs setWebhook's parameters at DEBUG)."""

    def __init__(self, token: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.token, self.secrets = token, secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        clean = redact(message, self.token, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.token, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.token, self.secrets)
        return True


def configure_logging(settings: Settings) -> None:
    """Log to stderr at LOG_LEVEL, quiet the HTTP libraries, and redact the token everywhere."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level)
    logging.getLogger().setLevel(settings.log_level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactToken) for f in handler.filters):
            handler.addFilter(RedactToken(settings.token, (settings.webhook_secret or derived_secret(settings.token),)))


__all__ = ["App", "build_application", "configure_logging", "connect", "redact", "run_bot", "run_webhook"]
