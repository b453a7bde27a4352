"""The one error handler: what failed is logged once, in one line where a traceback says nothing more,
and the member gets an apology only where one can reach them.

* Polling failures (no update): 409 Conflict (another instance polls with this token) is one ERROR line
  every 10 minutes, python-telegram-bot keeps polling with a growing pause; network trouble is a
  WARNING (PTB tries again by itself).
* The member blocked the bot: INFO, nobody to tell.
* The Bot API did not confirm a reply (:class:`~bot.telegram.transport.MaybeSent`): WARNING; it is not
  sent again, so the member gets it at most once.
* The Bot API kept failing after the retries: ERROR, no apology (it would fail the same way).
* Anything else: ERROR with the traceback, and an apology to the member.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape

from telegram import Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, TelegramError

from bot.present.messages import say
from bot.present.replies import pick_language
from bot.telegram.service import Context, Service, service
from bot.telegram.transport import MaybeSent

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log the failure with the update id (the redacting log filter keeps the token out) and apologise."""
    if not isinstance(update, Update):
        _outside_an_update(service(context), context.error)
        return
    if isinstance(context.error, Forbidden):  # the member blocked the bot or removed it: nobody to tell
        log.info("update %s: %s", update.update_id, context.error)
        return
    if isinstance(context.error, MaybeSent):  # sending it again could give the member the answer twice
        log.warning("update %s: the Bot API did not confirm the reply (%s); not sent again, so the member "
                    "gets it at most once", update.update_id, context.error)
        return
    if isinstance(context.error, NetworkError) and not isinstance(context.error, BadRequest):
        # The Bot API kept failing after the rate limiter's retries: an apology would fail the same way.
        log.error("update %s: no reply delivered, the Bot API failed: %s", update.update_id, context.error)
        return
    log.error("update %s failed", update.update_id, exc_info=context.error)
    lang = pick_language(update.effective_user.language_code if update.effective_user else None,
                         service(context).settings.default_language)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # it may have been answered before the failure
            await update.callback_query.answer()
    if update.effective_message is not None:
        with contextlib.suppress(TelegramError):  # the chat may be gone; nothing more to do then
            await update.effective_message.reply_text(escape(say("error", lang)))


def _outside_an_update(svc: Service, error: Exception | None) -> None:
    if isinstance(error, Conflict):
        _log_conflict(svc, error)
    elif isinstance(error, NetworkError):  # polling hiccups: PTB retries by itself
        log.warning("network problem while polling: %s", error)
    else:
        log.error("error outside an update", exc_info=error)


def _log_conflict(svc: Service, error: Conflict) -> None:
    """Two instances polling with one token: one clear line (again after ten minutes), not one per
    retry; PTB keeps polling with a growing pause (up to 30 s), so neither instance crash-loops."""
    if not svc.conflicts.due():
        log.debug("getUpdates conflict again: %s", error)
        return
    svc.conflicts.held()
    log.error("getUpdates refused (%s): another instance of this bot runs with the same token; "
              "stop it, this one keeps retrying", error)
