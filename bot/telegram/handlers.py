"""Telegram handlers: each connects an update to a pure function of :mod:`bot.present.replies` and
sends it.

What they share is the one :class:`~bot.telegram.service.Service` in ``bot_data``
(:func:`~bot.telegram.service.service`). Handlers never build text; the wording is in
:mod:`bot.present.messages`, the layout in :mod:`bot.present.replies`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from html import escape
from typing import ParamSpec, TypeVar

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError

from bot.ops.qlog_keeper import LogUnavailable
from bot.present.messages import Lang, say
from bot.present.replies import (
    Keyboard,
    Reply,
    addressed_question,
    cited_article,
    inline_cards,
    original_reply,
    parse_callback,
    pick_language,
    respond,
    sources_reply,
    suggestion_reply,
    welcome_reply,
)
from bot.telegram.admin import log_down, require_admin, send_stats_chart
from bot.telegram.admin_replies import reload_failed_reply
from bot.telegram.ratelimit import Verdict
from bot.telegram.service import Context, Service, service

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
TYPING_AFTER = 0.25  # seconds of work before the member is shown "typing…"


async def engine_call(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run an engine function in a worker thread: a long question (tens of ms of CPU) then never
    stalls the event loop, so other members' replies and the polling keep moving."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def _lang(update: Update, svc: Service) -> Lang:
    user = update.effective_user
    return pick_language(user.language_code if user else None, svc.settings.default_language)


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                                 for row in keyboard])


async def send(message: Message, reply: Reply, *, quote: bool = False) -> None:
    """Send every part of ``reply`` to the chat of ``message``; the keyboard goes under the last."""
    for i, part in enumerate(reply.parts):
        last = i == len(reply.parts) - 1
        await message.reply_text(part, reply_markup=markup(reply.keyboard) if last else None,
                                 do_quote=quote and i == 0)


# ---------------------------------------------------------------- questions


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Typing…, the engine's answer, the reply; shared by private text, group mentions and /ask."""
    svc, message, user = service(context), update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = _lang(update, svc)
    quote = message.chat.type != ChatType.PRIVATE
    verdict = _flood_verdict(svc, user.id, message.chat.id, group=quote)
    if verdict != "ok":
        if verdict == "warn":  # once per member (or group) and window; then silence
            await message.reply_text(escape(say("slow_down", lang)), do_quote=quote)
        return
    thread, now = (message.chat.id, user.id), time.monotonic()
    after = _replied_article(message, context.bot.id) or svc.threads.after(thread, now)
    reply = await with_typing(message, engine_call(respond, svc.engine, question, lang, after=after))
    svc.threads.keep(thread, reply.answer, now)
    if reply.answer is not None:
        svc.log_question(reply.answer, chat_type=message.chat.type, user_id=user.id, thread=after)
    await send(message, reply, quote=quote)


def _replied_article(message: Message, bot_id: int) -> str | None:
    """The article of the bot's message that ``message`` replies to (its 原文 button), if it does: a
    question sent as a reply to an answer follows that answer, whoever asked it (in a group, too)."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id or not replied.reply_markup:
        return None
    return cited_article(str(b.callback_data) for row in replied.reply_markup.inline_keyboard for b in row
                         if b.callback_data is not None)


def _flood_verdict(svc: Service, user_id: int, chat_id: int, *, group: bool) -> Verdict:
    """The member's limit, then (in groups) the group's: RATE_LIMIT_PER_MINUTE each; admins are exempt."""
    if user_id in svc.settings.admin_ids:
        return "ok"
    now = time.monotonic()
    verdict = svc.limit.check(user_id, now)
    if verdict == "ok" and group:
        verdict = svc.group_limit.check(chat_id, now)
    return verdict


async def with_typing(message: Message, work: Awaitable[R]) -> R:
    """``work``'s result; if it takes longer than TYPING_AFTER, show "typing…" in the meantime.

    An answer that comes sooner arrives before an indicator would even be drawn, and a typing
    action is a whole Bot API call (as much CPU as the answer's message, see the benchmark).
    The action is awaited before the answer is sent: arriving after it, it would show
    "typing…" for five seconds under an answer that is already there.
    """
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=TYPING_AFTER)
    if not done:
        with contextlib.suppress(TelegramError):  # a lost indicator is not worth an error message
            await message.reply_chat_action(ChatAction.TYPING)
    return await task


async def on_private_text(update: Update, context: Context) -> None:
    if update.effective_message and update.effective_message.text is not None:
        await answer_question(update, context, update.effective_message.text)


async def on_group_text(update: Update, context: Context) -> None:
    """In groups: answer only when @mentioned or replied to; ignore other chatter silently."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
    question = addressed_question(message.text, context.bot.username, to_bot)
    if question is not None:
        await answer_question(update, context, question)


async def on_ask(update: Update, context: Context) -> None:
    """/ask <question>: works in groups even with privacy mode on."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parts = message.text.split(maxsplit=1)
    if len(parts) < 2:
        await message.reply_text(escape(say("ask_usage", _lang(update, service(context)))))
        return
    await answer_question(update, context, parts[1])


async def on_non_text(update: Update, context: Context) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(escape(say("non_text", _lang(update, service(context)))))


# ---------------------------------------------------------------- commands


async def on_start(update: Update, context: Context) -> None:
    svc = service(context)
    if update.effective_message:
        await send(update.effective_message, welcome_reply(svc.engine, _lang(update, svc), svc.examples))


async def on_sources(update: Update, context: Context) -> None:
    svc = service(context)
    if update.effective_message:
        await send(update.effective_message, sources_reply(svc.engine, _lang(update, svc)))


async def on_stats(update: Update, context: Context) -> None:
    """/stats (admins): uptime, knowledge size and this run's answer counts."""
    svc, message = service(context), update.effective_message
    if message is None or not await _admin(update, svc):
        return
    uptime = int(time.monotonic() - svc.started)
    c = svc.counts
    text = say("stats", _lang(update, svc), uptime=f"{uptime // 3600}h{uptime % 3600 // 60:02d}m",
               articles=len(svc.engine.articles), pairs=len(svc.engine.knowledge.pairs),
               questions=c["questions"], answered=c["answered"], unsure=c["unsure"],
               not_covered=c["not_covered"], up=c["up"], down=c["down"])
    await message.reply_text(escape(text + await _log_stats(svc, _lang(update, svc))))
    await send_stats_chart(message, svc, _lang(update, svc))


async def _log_stats(svc: Service, lang: Lang) -> str:
    """The question log's figures (all runs, all replicas), why it cannot be written, or "" without a log."""
    if svc.qlog is None:
        return ""
    lines = []
    try:
        s = await svc.qlog.query(lambda log: log.stats())
        lines = [say("stats_log", lang, today=s.today, week=s.week, total=s.total,
                     rate=round(100 * s.answered_rate), up=s.thumbs_up, down=s.thumbs_down)]
        if s.top:
            lines += [say("stats_top", lang), *(f"{n} × {q}" for q, n in s.top)]
    except LogUnavailable:
        pass  # said below
    except Exception:  # the in-memory figures are still worth sending
        log.exception("question log: stats failed")
    if svc.qlog.outage() is not None:  # a full disk may still be read: figures, and why nothing is added
        lines.append(log_down(svc.qlog, lang))
    return "\n\n" + "\n".join(lines) if lines else ""


async def on_reload(update: Update, context: Context) -> None:
    """/reload (admins): load the knowledge again; on errors keep answering from the old one."""
    svc, message = service(context), update.effective_message
    if message is None or not await _admin(update, svc):
        return
    lang = _lang(update, svc)
    problems = await svc.reload()
    if problems:
        await send(message, reload_failed_reply(problems, lang))
        return
    await message.reply_text(escape(say("reloaded", lang, articles=len(svc.engine.articles),
                                        pairs=len(svc.engine.knowledge.pairs))))


async def _admin(update: Update, svc: Service) -> bool:
    return await require_admin(update, svc)  # refuses (and logs) anybody else


# ---------------------------------------------------------------- buttons and inline mode


async def on_callback(update: Update, context: Context) -> None:
    """s: suggestion → its answer; o: → the source paragraph; f:± → feedback, thanks."""
    query, svc = update.callback_query, service(context)
    if query is None:
        return
    lang, user_id = _lang(update, svc), query.from_user.id
    kind, value = parse_callback(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    if not kind or message is None:
        await _ack(query, say("gone", lang))
        return
    if kind in ("+", "-"):
        svc.feedback(value, positive=kind == "+", user_id=user_id)
        await _ack(query, say("thanks", lang))
        await _drop_votes(message)
        await send(message, Reply((escape(say("thanks", lang)),)), quote=True)
        return
    await _ack(query)
    thread, now = (message.chat.id, user_id), time.monotonic()
    if kind == "s":
        reply = await engine_call(suggestion_reply, svc.engine, value, lang,
                                  question=svc.threads.chosen(thread, value, now))
        if reply.answer is not None:
            svc.log_question(reply.answer, chat_type=message.chat.type, user_id=user_id)
    else:
        reply = original_reply(svc.engine, value, lang)
    svc.threads.keep(thread, reply.answer, now)  # a paragraph read is a thread too: the member asks on about it
    await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


async def _ack(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner. If Telegram refuses (the query is older than ~15 s, e.g. clicked
    while the bot was restarting) or fails, the member still gets what the button is for."""
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.info("callback query %s not acknowledged: %s", query.id, exc)


async def _drop_votes(message: Message) -> None:
    """Take 👍/👎 off an answer once it is rated, so a member votes once per answer."""
    rows = message.reply_markup.inline_keyboard if message.reply_markup else ()
    kept = [[b for b in row if not str(b.callback_data or "").startswith("f:")] for row in rows]
    kept = [row for row in kept if row]
    with contextlib.suppress(TelegramError):  # e.g. the message is too old to edit
        await message.edit_reply_markup(InlineKeyboardMarkup(kept) if kept else None)


async def on_inline(update: Update, context: Context) -> None:
    """@bot question: up to five cited answers as cards; an empty query shows the examples."""
    query, svc = update.inline_query, service(context)
    if query is None:
        return
    cards = await engine_call(inline_cards, svc.engine, query.query, _lang(update, svc), svc.examples)
    results = [InlineQueryResultArticle(
        id=c.id, title=c.title, description=c.description,
        input_message_content=InputTextMessageContent(c.html, parse_mode=ParseMode.HTML)) for c in cards]
    # Personal: the cards are in the asker's language, so one member's cache must not serve another.
    await query.answer(results, cache_time=60, is_personal=True)
