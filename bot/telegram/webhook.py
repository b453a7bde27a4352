"""Webhook mode: Telegram (through the TLS proxy) POSTs each update to WEBHOOK_URL's path here.

The server is ours, not python-telegram-bot's ``Updater.start_webhook``, as in PTB's own
custom-webhook examples (an update goes into ``application.update_queue``), because three things
matter to us that PTB's does not do:

* an update PTB cannot read is acknowledged (200) and skipped, in one log line without its content
  (:mod:`bot.telegram.updates`); PTB answers 400, so Telegram sends it again, and logs the member's
  message with a traceback each time;
* a POST without the right secret is refused (403) and logged, at most once a minute with the
  number refused in between (a scanner cannot flood the log); PTB logs it only at DEBUG;
* the secret is compared in constant time.

:func:`serve_webhook` runs the whole life of the bot in this mode, as ``run_polling`` does for
polling: start, setWebhook, serve until SIGINT/SIGTERM, finish the updates in flight, stop.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import tornado.httpserver
import tornado.web
from telegram.ext import Application, ExtBot

from bot.ops.throttle import Throttle, since_last
from bot.telegram.updates import UpdateReader

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REFUSED_LOG_EVERY = 60.0  # seconds between two "webhook POST refused" lines
MAX_BODY = 1 << 20  # bytes: an update is a few kilobytes
_SECRET_LABEL = b"unionbot webhook secret token, version 1"


def derived_secret(token: str) -> str:
    """The secret token when WEBHOOK_SECRET_TOKEN is not set: HMAC-SHA256 of a fixed label keyed with the
    bot token, as 64 hex digits. Every replica computes the same one, so whichever called setWebhook
    last, all of them recognise Telegram's POSTs (a random secret per start made each replica refuse
    the updates meant for the other). It cannot be forged without the token, which commands the bot
    anyway; a new token from @BotFather gives a new secret. Never logged (see RedactToken)."""
    return hmac.new(token.encode(), _SECRET_LABEL, hashlib.sha256).hexdigest()


@dataclass
class Hook:
    """What the request handler needs: where updates go and how to tell Telegram's POSTs."""

    app: App
    secret: str = field(repr=False)
    reader: UpdateReader = field(default_factory=UpdateReader)
    refused: Throttle = field(default_factory=lambda: Throttle(REFUSED_LOG_EVERY))

    def refuse(self, handler: tornado.web.RequestHandler, why: str) -> None:
        """403, logged at most once per REFUSED_LOG_EVERY; never the secret that was offered."""
        handler.set_status(403)
        if self.refused.due():
            log.warning("webhook POST from %s refused: %s%s", handler.request.remote_ip, why,
                        since_last(self.refused.held()))


class UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)
    hook: Hook

    def initialize(self, hook: Hook) -> None:
        self.hook = hook

    async def post(self) -> None:
        offered = self.request.headers.get(SECRET_HEADER)
        if offered is None:
            return self.hook.refuse(self, "no secret token (not Telegram, or WEBHOOK_SECRET_TOKEN differs "
                                          "between replicas)")
        if not hmac.compare_digest(offered.encode(), self.hook.secret.encode()):
            return self.hook.refuse(self, "wrong secret token (not Telegram, or WEBHOOK_SECRET_TOKEN differs "
                                          "between replicas)")
        try:
            data = json.loads(self.request.body)
        except ValueError:
            self.set_status(400)  # not from Telegram, which always sends JSON; nothing to acknowledge
            return None
        update = self.hook.reader.read(data, self.hook.app.bot)
        if update is None:
            return None  # 200: Telegram must not send it again; it was logged
        if isinstance(self.hook.app.bot, ExtBot):
            self.hook.app.bot.insert_callback_data(update)
        await self.hook.app.update_queue.put(update)
        return None


class _Server(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: a line per update would drown the log; refusals are logged by Hook."""


async def serve_webhook(app: App, *, url: str, listen: str, port: int, path: str, secret: str,
                        allowed_updates: Sequence[str], stop: asyncio.Event | None = None) -> None:
    """Start the bot, register ``url`` with ``secret``, serve ``/path`` on listen:port until SIGINT or
    SIGTERM (or until ``stop`` is set, when given), then let the updates in flight finish and shut down."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if stop is None else ()
    stop = stop or asyncio.Event()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    server = tornado.httpserver.HTTPServer(
        _Server([(f"/{path.strip('/')}", UpdateHandler, {"hook": Hook(app, secret)})]),
        max_body_size=MAX_BODY)
    try:
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        server.listen(port, address=listen)
        await app.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        await app.start()
        log.info("webhook: serving %s on %s:%d", url, listen, port)
        await stop.wait()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        server.stop()  # no new connections; Telegram keeps what comes meanwhile for the next start
        await server.close_all_connections()  # the POSTs under way have put their updates in the queue
        if app.running:
            await app.stop()  # every update taken is answered before the bot stops
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
