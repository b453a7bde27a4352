"""The operators' side of the Telegram bot: who is an admin, /unanswered, the /stats chart, alerts
about broken knowledge, the admins' command menu and the question log's daily retention job.

Like :mod:`bot.telegram.handlers`, these only connect an update (or a timer) to a pure function
(:mod:`bot.telegram.admin_replies`, :mod:`bot.ops.report`) and send the result.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from datetime import timedelta
from html import escape
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application

from bot.ops.qlog_keeper import KeptLog, LogUnavailable
from bot.ops.report import stats_chart_png
from bot.present.messages import Lang, say
from bot.present.replies import Reply, pick_language
from bot.telegram.admin_replies import (
    ADMIN_COMMANDS,
    CSV_NAME,
    UNANSWERED_CSV,
    UNANSWERED_DAYS,
    reload_failed_reply,
    unanswered_caption,
    unanswered_document,
    unanswered_reply,
)
from bot.telegram.service import SERVICE_KEY, Context, Service, service

log = logging.getLogger(__name__)
CHART_DAYS = 30
RETENTION_JOB = "question-log-retention"
RETENTION_EVERY = timedelta(days=1)
RETENTION_FIRST = timedelta(minutes=1)  # the first purge, after start-up has settled
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})")
_MENUS: tuple[tuple[Lang, str | None], ...] = (("zh", None), ("en", "en"))  # the default menu, English


def _lang(update: Update, svc: Service) -> Lang:
    user = update.effective_user
    return pick_language(user.language_code if user else None, svc.settings.default_language)


async def _send(message: Message, reply: Reply) -> None:
    for part in reply.parts:
        await message.reply_text(part)


async def require_admin(update: Update, svc: Service) -> bool:
    """True for an admin (TELEGRAM_ADMIN_IDS); anybody else gets a polite refusal, and a log line
    naming the update and the command (not the person)."""
    user, message = update.effective_user, update.effective_message
    if user is not None and user.id in svc.settings.admin_ids:
        return True
    found = _COMMAND.match(message.text or "") if message is not None else None
    log.info("update %s: /%s refused, the sender is not an admin", update.update_id,
             found.group(1) if found else "?")
    if message is not None:
        await message.reply_text(escape_say("not_admin", _lang(update, svc)))
    return False


def escape_say(key: str, lang: Lang, **values: object) -> str:
    return escape(say(key, lang, **values))


def log_down(kept: KeptLog, lang: Lang) -> str:
    """For admins: why the question log cannot be written, since when, how much went unlogged."""
    outage = kept.outage()
    if outage is None:  # it resumed in the meantime
        return say("log_down", lang, since="?", reason="?", lost=0)
    return say("log_down", lang, since=outage.since.strftime("%Y-%m-%d %H:%M UTC"), reason=outage.reason,
               lost=outage.not_logged)


# ---------------------------------------------------------------- /unanswered


async def on_unanswered(update: Update, context: Context) -> None:
    """/unanswered (admins, private chat): what members asked that the bot could not answer (or that
    got 👎) in the last 30 days, similar wordings grouped: as messages and as ``unanswered.csv``."""
    svc, message = service(context), update.effective_message
    if message is None or not await require_admin(update, svc):
        return
    lang = _lang(update, svc)
    if message.chat.type != ChatType.PRIVATE:  # members' questions are not for a group to read
        await message.reply_text(escape_say("private_only", lang))
        return
    if svc.qlog is None:
        await message.reply_text(escape_say("no_question_log", lang))
        return
    try:
        groups = await svc.qlog.query(lambda log: log.unanswered(days=UNANSWERED_DAYS, limit=UNANSWERED_CSV))
    except LogUnavailable:
        await message.reply_text(escape(log_down(svc.qlog, lang)))
        return
    titles = {article.id: article.title for article in svc.engine.articles}
    await _send(message, unanswered_reply(groups, lang, titles=titles))
    if groups:
        await message.reply_document(unanswered_document(groups), filename=CSV_NAME,
                                     caption=unanswered_caption(groups, lang))


# ---------------------------------------------------------------- /stats chart


async def send_stats_chart(message: Message, svc: Service, lang: Lang) -> None:
    """After /stats' text: questions and answered rate per day of the last 30 days, as a picture.
    Nothing when there is no log, no question in those days, no matplotlib, or the log fails."""
    if svc.qlog is None:
        return
    try:
        days = await svc.qlog.query(lambda log: log.daily(days=CHART_DAYS))
        if not any(day.questions for day in days):
            return
        png = await asyncio.to_thread(stats_chart_png, days)  # a second of CPU: not on the event loop
    except LogUnavailable:  # the text above already says why
        return
    except Exception:  # the figures were sent; the chart is a bonus
        log.exception("question log: stats chart failed")
        return
    if png is not None:
        await message.reply_photo(png, caption=escape_say("stats_chart", lang, days=CHART_DAYS))


# ---------------------------------------------------------------- knowledge alerts and the admins' menu


async def tell_admins(bot: Bot, svc: Service, problems: list[str]) -> None:
    """The knowledge on disk is broken: every admin hears where (the bot keeps answering from the old one)."""
    reply = reload_failed_reply(problems, svc.settings.default_language)
    for admin in sorted(svc.settings.admin_ids):
        try:
            for part in reply.parts:
                await bot.send_message(admin, part)
        except TelegramError as exc:  # e.g. an admin who never opened a chat with the bot
            log.info("could not tell admin %s about the broken knowledge: %s", admin, exc)


async def set_admin_menus(bot: Bot, admin_ids: Iterable[int],
                          member_commands: Callable[[Lang], list[BotCommand]]) -> None:
    """The members' commands plus /stats, /reload and /unanswered, in each admin's private chat
    (Chinese, and English for an English Telegram). Telegram refuses the menu of a chat the admin
    never opened: that admin gets it after the next start."""
    for admin in sorted(admin_ids):
        scope = BotCommandScopeChat(admin)
        try:
            for lang, code in _MENUS:
                commands = [*member_commands(lang), *(BotCommand(c, say(f"cmd_{c}", lang)) for c in ADMIN_COMMANDS)]
                await bot.set_my_commands(commands, scope=scope, language_code=code)
        except TelegramError as exc:
            log.info("no admin command menu for %s (yet): %s", admin, exc)


# ---------------------------------------------------------------- retention


def schedule_retention(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Purge the question log once a day (first a minute after start), when there is a log."""
    if app.bot_data[SERVICE_KEY].qlog is None:
        return
    if app.job_queue is None:
        log.warning("no job queue (install python-telegram-bot[job-queue]): old questions are not purged")
        return
    app.job_queue.run_repeating(purge_old_questions, interval=RETENTION_EVERY, first=RETENTION_FIRST,
                                name=RETENTION_JOB)


async def purge_old_questions(context: Context) -> None:
    """The daily job: delete questions older than QUESTION_LOG_RETENTION_DAYS."""
    svc = service(context)
    days = svc.settings.retention_days
    if svc.qlog is None:
        return
    try:
        deleted = await svc.qlog.query(lambda log: log.purge(older_than_days=days))
    except LogUnavailable as exc:  # reported by the log itself; tomorrow's run tries again
        log.info("question log: no purge today: %s", exc)
        return
    except Exception:  # tomorrow's run tries again; answering goes on
        log.exception("question log: purge failed")
        return
    log.info("question log: %d question(s) older than %d days deleted", deleted, days)
