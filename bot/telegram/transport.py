"""How the bot talks to the Bot API: how long it waits, and what it sends again.

An answer must reach the member once: neither lost nor twice. The Bot API cannot say whether a
call whose answer never came was carried out (sendMessage has no idempotency key), so a call is
sent again only when it cannot have been carried out:

* :class:`NotSent`: the request never reached the Bot API whole (connection refused or reset
  while connecting or sending, no free connection): sent again, after 0.5 s, 1 s, 2 s.
* :class:`Refused`: the Bot API (or the gateway in front of it) answered 500, 502 or 503, which
  say the call was not carried out: sent again the same way; 429 is waited out (AIORateLimiter).
* :class:`MaybeSent`: the request reached the Bot API and no answer came (TELEGRAM_TIMEOUT passed,
  the connection broke while waiting, or a gateway's 504): never sent again, since the message may
  well arrive, late. One WARNING line says so.

So the timeout is generous (60 s by default, PTB's is 5 s): a slow Bot API (sendMessage taking 12 s
or 40 s under load) delivers the answer late, once; before, the bot gave up after 5 s and sent the
answer again, and the member got it twice. Connecting stays quick (5 s), since a connection that
fails is safe to try again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, HTTPXRequest, RequestData

log = logging.getLogger(__name__)
RETRIED = frozenset({"sendMessage"})  # Bot API methods PatientRateLimiter sends again (when NotSent or Refused)
REFUSING = frozenset({500, 502, 503})  # statuses that say the call was not carried out
CONNECT_TIMEOUT = 5.0  # seconds: a connection that cannot be made is safe to try again
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout)


class NotSent(NetworkError):
    """The request never reached the Bot API whole: sending it again cannot duplicate anything."""


class Refused(NetworkError):
    """The Bot API (or its gateway) answered 500, 502 or 503: the call was not carried out."""


class MaybeSent(NetworkError):
    """The request reached the Bot API, but no answer came: it may have been carried out."""


class SendRequest(HTTPXRequest):
    """The connection for every call but getUpdates (ApplicationBuilder.request): waits ``timeout``
    seconds for an answer, and tells the three failures above apart for :class:`PatientRateLimiter`."""

    def __init__(self, *, timeout: float) -> None:
        super().__init__(read_timeout=timeout, connect_timeout=CONNECT_TIMEOUT)

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(url, method, request_data, read_timeout, write_timeout,
                                                     connect_timeout, pool_timeout)
        except NetworkError as exc:  # PTB's, raised from httpx's own error, which tells where it failed
            if isinstance(exc.__cause__, _NOT_SENT):
                raise NotSent(exc.message) from exc
            if isinstance(exc, TimedOut):
                raise MaybeSent(f"no answer within {self.read_timeout:g} s") from exc
            raise MaybeSent(exc.message) from exc  # e.g. the connection broke while waiting for the answer
        if code in REFUSING:
            raise Refused(_description(code, payload))
        if code == HTTPStatus.GATEWAY_TIMEOUT:
            raise MaybeSent(_description(code, payload))
        return code, payload


def _description(code: int, payload: bytes) -> str:
    """Telegram's description of an error, or the status (a proxy's HTML page is not worth a line)."""
    try:
        found = json.loads(payload.decode("utf-8", "replace")).get("description")
    except (ValueError, AttributeError):
        found = None
    return str(found) if found else f"{HTTPStatus(code).phrase} ({code})"


class PatientRateLimiter(AIORateLimiter):
    """Telegram's flood limits (AIORateLimiter: wait out a 429's ``retry_after``, up to ``max_retries``
    times), and for sendMessage ``send_retries`` more tries when the call was NotSent or Refused,
    waiting ``backoff`` seconds, then twice that, and so on. A call that MaybeSent is never sent again
    (see the module docstring); other methods are not retried (a stale button or inline answer is not
    worth it)."""

    def __init__(self, *, max_retries: int = 3, send_retries: int = 3, backoff: float = 0.5) -> None:
        super().__init__(max_retries=max_retries)
        self.send_retries, self.backoff = send_retries, backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # the request itself is wrong: sending it again cannot help
                raise
            except (NotSent, Refused) as exc:
                if endpoint not in RETRIED or attempt >= self.send_retries:
                    raise
                delay = self.backoff * 2 ** attempt
                attempt += 1
                log.warning("%s failed (%s); retry %d of %d in %.1f s", endpoint, exc, attempt,
                            self.send_retries, delay)
                await asyncio.sleep(delay)
