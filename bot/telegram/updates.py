"""Updates python-telegram-bot cannot read cost that one update only.

Telegram sends shapes a given python-telegram-bot release does not know (fields of a newer Bot
API, partial objects). Left to itself, PTB drops the whole getUpdates batch without confirming it,
logs it with a traceback and asks again at once: the same batch comes back, for ever, and no later
update is answered (and a webhook answers 400, so Telegram sends it again). Here such an update is
acknowledged and skipped: polling gets it as an empty update (its id only, so the next poll
confirms it and no handler matches it), the webhook answers 200 and drops it. Each is logged in
one line without its content (at most one line a minute, with a count, if they keep coming).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update
from telegram.request import HTTPXRequest

from bot.ops.throttle import Throttle, since_last

log = logging.getLogger(__name__)
SKIPPED_LOG_EVERY = 60.0  # seconds between two "update skipped" lines


class UpdateReader:
    """Reads updates as python-telegram-bot does; logs (throttled) and skips what it cannot read."""

    def __init__(self, *, log_every: float = SKIPPED_LOG_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self._skipped = Throttle(log_every, clock=clock)

    def read(self, data: object, bot: Bot | None) -> Update | None:
        """``data`` as an Update, or None (logged) when python-telegram-bot cannot read it."""
        try:
            if not isinstance(data, dict):
                raise TypeError(f"an update is a JSON object, not {type(data).__name__}")
            return Update.de_json(data, bot)
        except Exception as exc:  # whatever PTB raises on a shape it does not know
            self._report(data.get("update_id") if isinstance(data, dict) else None, exc)
            return None

    def readable(self, updates: list[Any]) -> list[Any]:
        """getUpdates' result with each update PTB cannot read replaced by ``{"update_id": id}``
        (one without even an id, which Telegram never sends, is left out)."""
        kept: list[Any] = []
        for data in updates:
            if self.read(data, None) is not None:
                kept.append(data)
            elif isinstance(data, dict) and isinstance(data.get("update_id"), int):
                kept.append({"update_id": data["update_id"]})
        return kept

    def _report(self, update_id: object, exc: Exception) -> None:
        if not self._skipped.due():
            return
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        log.warning("update %s skipped: python-telegram-bot cannot read it (%s)%s", update_id, reason,
                    since_last(self._skipped.held()))


class UpdatesRequest(HTTPXRequest):
    """The connection getUpdates uses (ApplicationBuilder.get_updates_request), with PTB's defaults
    for it. It reads getUpdates' answer through :meth:`parse_json_payload`, the hook PTB offers for
    that, so that PTB only ever parses updates it can read (see the module docstring)."""

    def __init__(self, reader: UpdateReader | None = None) -> None:
        super().__init__(connection_pool_size=1)
        self.reader = reader or UpdateReader()

    # A static method in PTB; here it needs the reader (its log throttle), so it is an instance method.
    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        data = super().parse_json_payload(payload)
        if data.get("ok") and isinstance(data.get("result"), list):
            data["result"] = self.reader.readable(data["result"])
        return data
