"""A strict fake Telegram Bot API server for tests (aiohttp, 127.0.0.1).

    async with FakeBotApi(token="123:ABC") as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url) \
            .base_file_url(fake.base_file_url).build()
        uid = fake.private_text(42, "会费怎么交？")
        [reply] = await fake.wait_for_sent(1)
        assert not fake.rejected

Requests arrive at /bot<token>/<method> (GET/POST; JSON, form-urlencoded or multipart bodies).
Accepted calls are in `fake.calls`, messages the bot sent in `fake.sent` (SentMessage), refused
calls in `fake.rejected`, group messages that privacy mode kept from the bot in `fake.withheld`,
text links Telegram would silently drop in `fake.warnings`. Error bodies are Telegram's. Content
rules (HTML, lengths, keyboards, inline results) live in tests/fake_html.py.

As Telegram, the fake carries out a call it has received even when the bot stops waiting for the
answer (`delay_next`: a slow Bot API whose message still arrives). Webhook mode: after setWebhook,
`route_webhook([...])` plays the TLS proxy in front of the bot: each update is POSTed, with the
secret token given to setWebhook, to the next of the local URLs in turn (`fake.deliveries`).

Standalone: `python tests/fakebot.py --port 8081 --token 123:ABC`, with a JSON control API on the
same server: POST /_control/<helper> {kwargs} (private_text, group_text, command, callback, click,
inline_query, edited_text, sticker, photo, voice, block_chat, fail_next, ...), GET /_control/sent,
/_control/calls, /_control/rejected, /_control/wait_sent?n=1&timeout=30.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import itertools
import json
import mimetypes
import re
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Any, Self

import aiohttp
import telegram
from aiohttp import web

try:
    import fake_html as fh
except ImportError:  # tests/ imported as a package
    from tests import fake_html as fh  # type: ignore[no-redef]

JSON = dict[str, Any]
API_METHODS = frozenset(n.lower() for n in dir(telegram.Bot) if n[:1].islower() and n != n.lower())
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
DEFAULT_UPDATES = {
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_join_request",
}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_OBJECT_FIELDS = {
    "reply_markup": "reply keyboard markup",
    "reply_parameters": "reply parameters",
    "entities": "entities",
    "caption_entities": "caption entities",
    "commands": "commands",
    "scope": "scope",
    "results": "inline query results",
    "allowed_updates": "allowed updates",
    "link_preview_options": "link preview options",
    "button": "button",
}
_INT_FIELDS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "user_id",
    "cache_time",
    "reply_to_message_id",
    "message_thread_id",
    "max_connections",
}
_BOOL_FIELDS = {
    "disable_notification",
    "protect_content",
    "show_alert",
    "is_personal",
    "drop_pending_updates",
    "disable_web_page_preview",
    "allow_sending_without_reply",
    "has_spoiler",
    "disable_content_type_detection",
    "show_caption_above_media",
}
_INCOMING_ENTITIES = [
    ("bot_command", re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{4,32}(?![\w@])")),
    ("url", re.compile(r"https?://[^\s<>\"，。！？、；：）》」]+(?<![.,;:!?)])")),
]


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    method: str
    params: JSON
    files: dict[str, Upload]
    http_method: str
    content_type: str


@dataclass
class Rejection:
    method: str
    params: JSON
    status: int
    description: str


@dataclass
class Fault:
    kind: str  # "status", "drop", "delay"
    status: int = 0
    description: str = ""
    parameters: JSON | None = None
    body: str | None = None  # raw (non-JSON) body instead of Telegram's JSON error
    seconds: float = 0.0
    after_processing: bool = False  # drop: process the call, then lose the response


@dataclass
class Delivery:
    """One POST of an update to the bot's webhook: the answer's HTTP status, 0 if none came."""

    update_id: int
    target: str
    status: int


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    kind: str  # "text", "document", "photo"
    text: str  # text (caption for media) after entity parsing and stripping
    html: str | None  # text/caption as the bot sent it
    parse_mode: str | None
    entities: list[JSON]
    reply_markup: JSON | None
    reply_to_message_id: int | None
    message: JSON  # the Message object as returned (latest version)
    file_name: str | None = None
    file_data: bytes | None = None
    history: list[str] = field(default_factory=list)  # texts before each edit

    @property
    def buttons(self) -> list[JSON]:
        return [b for row in (self.reply_markup or {}).get("inline_keyboard", []) for b in row]

    @property
    def links(self) -> list[str]:
        return [e["url"] for e in self.entities if e["type"] == "text_link"] + [
            b["url"] for b in self.buttons if "url" in b
        ]

    def to_json(self) -> JSON:
        data = asdict(self)
        data["file_data"] = None if self.file_data is None else len(self.file_data)
        return data


def _utf16_entities(text: str) -> list[JSON]:
    found = [(m.start(), m.end(), kind) for kind, rx in _INCOMING_ENTITIES for m in rx.finditer(text)]
    return [
        {"type": kind, "offset": fh.utf16_len(text[:s]), "length": fh.utf16_len(text[s:e])}
        for s, e, kind in sorted(found)
    ]


def _int(p: JSON, name: str, default: int | None = None) -> int:
    value = p.get(name, default)
    try:
        return int(float(value)) if isinstance(value, str) else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ApiError(400, f'Bad Request: field "{name}" must be of type Integer') from None


class FakeBotApi:
    def __init__(
        self,
        token: str = "123:ABC",
        *,
        username: str = "union_qa_bot",
        first_name: str = "工会问答",
        host: str = "127.0.0.1",
        port: int = 0,
        privacy_mode: bool = True,
    ) -> None:
        self.token, self.host, self.port, self.privacy_mode = token, host, port, privacy_mode
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.rejected: list[Rejection] = []
        self.faulted: list[tuple[str, Fault]] = []
        self.withheld: list[JSON] = []
        self.warnings: list[str] = []
        self.chats: dict[int, JSON] = {}
        self.users: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.updates: list[JSON] = []  # queued, not yet confirmed
        self.injected: dict[int, JSON] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.inline_answers: dict[str, JSON] = {}
        self.blocked: set[int] = set()
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_targets: list[str] = []
        self.webhook_attempts = 1
        self.deliveries: list[Delivery] = []
        self.undelivered: list[JSON] = []  # updates Telegram gave up on (no 2xx from the webhook)
        self.confirmed_upto = 0
        self._allowed: set[str] | None = None
        self._update_ids = itertools.count(700000001)
        self._query_ids = itertools.count(4000000000001)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._callbacks: dict[str, bool] = {}  # id -> answered
        self._inline: dict[str, bool] = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._poller: object | None = None
        self._event = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._background: set[asyncio.Task[Any]] = set()  # calls carried out after the bot hung up
        self._delivering: asyncio.Task[None] | None = None
        self._methods: dict[str, Callable[..., Any]] = {
            name[3:].lower(): getattr(self, name) for name in dir(self) if name.startswith("_m_")
        }

    # ---------------------------------------------------------------- lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> Self:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/_control/{action}", self._control)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        for task in [*self._background, *([self._delivering] if self._delivering else [])]:
            task.cancel()
        await asyncio.gather(*self._background, *([self._delivering] if self._delivering else []),
                             return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- waiting
    def _notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def _wait_change(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)

    async def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 5.0, what: str = "condition"
    ) -> Any:
        """Waits (woken by every change, no polling) until predicate() is truthy; returns its value."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not (result := predicate()):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}; sent={[s.text for s in self.sent]}, "
                    f"rejected={self.rejected}, pending updates={len(self.updates)}"
                )
            await self._wait_change(remaining)
        return result

    async def wait_for_sent(
        self, n: int = 1, *, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[SentMessage]:
        """All messages sent (to chat_id, if given), once there are at least n."""

        def ready() -> list[SentMessage] | None:
            found = [s for s in self.sent if chat_id is None or s.chat_id == chat_id]
            return found if len(found) >= n else None

        found: list[SentMessage] = await self.wait_for(ready, timeout, f"{n} sent message(s)")
        return found

    async def wait_for_call(self, method: str, n: int = 1, timeout: float = 5.0) -> list[JSON]:
        def ready() -> list[JSON] | None:
            found = self.calls_to(method)
            return found if len(found) >= n else None

        found: list[JSON] = await self.wait_for(ready, timeout, f"{n} {method} call(s)")
        return found

    async def wait_confirmed(self, update_id: int | None = None, timeout: float = 5.0) -> None:
        """Until the bot confirmed (via getUpdates offset) update_id, by default every injected update."""
        target = update_id if update_id is not None else max(self.injected, default=0)
        await self.wait_for(
            lambda: self.confirmed_upto >= target, timeout, f"confirmation of update {target}"
        )

    async def wait_for_inline_answer(self, update_id: int, timeout: float = 5.0) -> JSON:
        query_id = self.injected[update_id]["inline_query"]["id"]
        answer: JSON = await self.wait_for(
            lambda: self.inline_answers.get(query_id), timeout, f"answer to inline query {query_id}"
        )
        return answer

    def calls_to(self, method: str) -> list[JSON]:
        return [c.params for c in self.calls if c.method.lower() == method.lower()]

    # ---------------------------------------------------------------- faults
    def _add_fault(self, method: str, fault: Fault, times: int) -> None:
        self._faults.setdefault(method.lower(), deque()).extend(fault for _ in range(times))

    def fail_next(
        self,
        method: str,
        status: int = 500,
        *,
        times: int = 1,
        description: str | None = None,
        retry_after: int | None = None,
        body: str | None = None,
    ) -> None:
        """The next `times` calls of method ("*": any) answer with this HTTP error, Telegram-style."""
        params = None
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
            params = {"retry_after": retry_after}
        description = description or HTTPStatus(status).phrase
        self._add_fault(method, Fault("status", status, description, params, body), times)

    def drop_next(self, method: str, *, times: int = 1, after_processing: bool = False) -> None:
        """Close the connection without a response; after_processing: the call takes effect first."""
        self._add_fault(method, Fault("drop", after_processing=after_processing), times)

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        self._add_fault(method, Fault("delay", seconds=seconds), times)

    def conflict_next(self, method: str = "getUpdates", *, times: int = 1) -> None:
        self._add_fault(method, Fault("status", 409, CONFLICT), times)

    def block_chat(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    # ---------------------------------------------------------------- webhook delivery
    def route_webhook(self, targets: list[str], *, attempts: int = 1) -> None:
        """While a webhook is set, POST each pending update to these local URLs in turn (the proxy in
        front of the bot's replicas), with the secret token given to setWebhook. An update the webhook
        does not take (no 2xx) is tried ``attempts`` times in all, each time at the next URL, then given
        up (``undelivered``): the default, 1, is the strict case of a Telegram that does not try again."""
        if not targets or attempts < 1:
            raise ValueError("route_webhook needs at least one target and one attempt")
        self.webhook_targets, self.webhook_attempts = list(targets), attempts
        if self._delivering is None:
            self._delivering = asyncio.ensure_future(self._deliver())

    async def _deliver(self) -> None:
        turn = itertools.count()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            while not self._closing:
                pending = self._pending(1) if self.webhook_url else []
                if not pending:
                    await self._wait_change(1.0)
                    continue
                update = pending[0]
                for _ in range(self.webhook_attempts):
                    target = self.webhook_targets[next(turn) % len(self.webhook_targets)]
                    status = await self._post_update(http, target, update)
                    self.deliveries.append(Delivery(update["update_id"], target, status))
                    if 200 <= status < 300:
                        break
                else:
                    self.undelivered.append(update)
                self.updates = [u for u in self.updates if u is not update]
                self.confirmed_upto = max(self.confirmed_upto, update["update_id"])
                self._notify()

    async def _post_update(self, http: aiohttp.ClientSession, target: str, update: JSON) -> int:
        headers = {} if self.webhook_secret is None else {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret}
        try:
            async with http.post(target, json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    # ---------------------------------------------------------------- HTTP
    def _error(self, status: int, description: str, parameters: JSON | None = None) -> web.Response:
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _read(self, request: web.Request) -> tuple[JSON, dict[str, Upload]]:
        raw: JSON = dict(request.query)
        files: dict[str, Upload] = {}
        if not request.can_read_body:
            return raw, files
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: JSON object expected as request body")
            raw.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    raw[key] = value
        return raw, files

    @staticmethod
    def _normalize(raw: JSON) -> JSON:
        params: JSON = {}
        for key, value in raw.items():
            if key in _OBJECT_FIELDS:
                value = fh.decode_json(value, _OBJECT_FIELDS[key])
            elif isinstance(value, str) and key in _INT_FIELDS and re.fullmatch(r"-?\d+", value.strip()):
                value = int(value)
            elif isinstance(value, str) and key in _BOOL_FIELDS:
                value = value.strip().lower() in ("true", "1")
            params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token, method = request.match_info["token"], request.match_info["method"]
        params: JSON = {}
        try:
            raw, files = await self._read(request)
            params = raw
            if token != self.token:
                known = re.fullmatch(r"\d+:[\w-]{1,64}", token)
                raise ApiError(401, "Unauthorized") if known else ApiError(404, "Not Found")
        except (ApiError, fh.BadRequest) as exc:
            return self._refuse(method, params, exc)
        fault = self._take_fault(method)
        if fault is not None and fault.kind == "delay" and method.lower() != "getupdates":
            # Telegram carries out what it has received, whether or not the bot still waits for the
            # answer: the call runs to its end even if the bot hangs up (an abandoned long poll of
            # getUpdates, in contrast, hands its updates to nobody and confirms nothing).
            task = asyncio.ensure_future(self._slow(method, fault, raw, files, request))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            return await asyncio.shield(task)
        if fault is not None and not fault.after_processing:
            response = await self._apply_fault(method, fault, request)
            if response is not None:
                return response
        response = await self._process(method, raw, files, request)
        if fault is not None and fault.after_processing:  # the call took effect; its response is lost
            await self._apply_fault(method, fault, request)
        return response

    async def _slow(self, method: str, fault: Fault, raw: JSON, files: dict[str, Upload],
                    request: web.Request) -> web.StreamResponse:
        await self._apply_fault(method, fault, request)
        return await self._process(method, raw, files, request)

    async def _process(self, method: str, raw: JSON, files: dict[str, Upload],
                       request: web.Request) -> web.StreamResponse:
        """Carry the call out: its result, or Telegram's error (recorded in ``rejected``)."""
        params = raw
        try:
            handler = self._methods.get(method.lower())
            if handler is None:
                if method.lower() in API_METHODS:
                    raise ApiError(400, "Bad Request: method not supported by fake")
                raise ApiError(404, "Not Found")
            params = self._normalize(raw)
            result = await handler(params, files)
        except (ApiError, fh.BadRequest) as exc:
            return self._refuse(method, params, exc)
        self.calls.append(Call(method, params, files, request.method, request.content_type))
        self._notify()
        return web.json_response({"ok": True, "result": result})

    def _refuse(self, method: str, params: JSON, exc: ApiError | fh.BadRequest) -> web.Response:
        err = exc if isinstance(exc, ApiError) else ApiError(400, str(exc))
        self.rejected.append(Rejection(method, params, err.status, err.description))
        self._notify()
        return self._error(err.status, err.description, err.parameters)

    def _take_fault(self, method: str) -> Fault | None:
        for key in (method.lower(), "*"):
            if self._faults.get(key):
                return self._faults[key].popleft()
        return None

    async def _apply_fault(
        self, method: str, fault: Fault, request: web.Request
    ) -> web.StreamResponse | None:
        self.faulted.append((method, fault))
        self._notify()
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            return None
        if fault.kind == "drop":
            if request.transport is not None:
                request.transport.close()
            raise asyncio.CancelledError  # no response at all
        if fault.body is not None:
            return web.Response(status=fault.status, text=fault.body, content_type="text/html")
        return self._error(fault.status, fault.description, fault.parameters)

    async def _control(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        views: dict[str, Callable[[], Any]] = {
            "sent": lambda: [s.to_json() for s in self.sent],
            "calls": lambda: [{"method": c.method, "params": c.params} for c in self.calls],
            "rejected": lambda: [asdict(r) for r in self.rejected],
            "updates": lambda: self.updates,
        }
        if request.method == "GET" and action in views:
            return web.json_response(views[action](), dumps=lambda o: json.dumps(o, ensure_ascii=False))
        if request.method == "GET" and action == "wait_sent":
            try:
                await self.wait_for_sent(
                    int(request.query.get("n", 1)), timeout=float(request.query.get("timeout", 30))
                )
            except AssertionError as exc:
                return web.json_response({"ok": False, "description": str(exc)}, status=408)
            return web.json_response([s.to_json() for s in self.sent])
        helpers = {
            "private_text",
            "group_text",
            "command",
            "callback",
            "click",
            "inline_query",
            "edited_text",
            "sticker",
            "photo",
            "voice",
            "block_chat",
            "unblock_chat",
            "fail_next",
            "drop_next",
            "delay_next",
            "conflict_next",
            "add_chat",
            "inject",
            "route_webhook",
        }
        if request.method != "POST" or action not in helpers:
            return web.json_response({"ok": False, "description": "unknown control action"}, status=404)
        try:
            kwargs = await request.json() if request.can_read_body else {}
            result = getattr(self, action)(**kwargs)
        except (TypeError, ValueError, KeyError) as exc:
            return web.json_response({"ok": False, "description": repr(exc)}, status=400)
        return web.json_response({"ok": True, "result": result})

    # ---------------------------------------------------------------- chats, users, messages
    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> JSON:
        """Registers a chat the bot knows (private chats also register the user)."""
        if chat_id in self.chats:
            return self.chats[chat_id]
        kind = chat_type or ("private" if chat_id > 0 else "supergroup" if chat_id <= -(10**12) else "group")
        if (kind == "private") != (chat_id > 0):
            raise ValueError(f"chat id {chat_id} does not fit a {kind} chat")
        chat: JSON = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = first_name or self._user(chat_id)["first_name"]
            if username or self.users[chat_id].get("username"):
                chat["username"] = username or self.users[chat_id]["username"]
        else:
            chat["title"] = title or f"工会群 {chat_id}"
        self.chats[chat_id] = chat
        return chat

    def _user(
        self,
        user_id: int,
        language_code: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> JSON:
        user = self.users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"会员{user_id}"}
        )
        if first_name:
            user["first_name"] = first_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def inject(self, update: JSON) -> int:
        """Queues a raw update (update_id is assigned); prefer the shaped helpers below."""
        update = {
            "update_id": next(self._update_ids),
            **{k: v for k, v in update.items() if k != "update_id"},
        }
        self.updates.append(update)
        self.injected[update["update_id"]] = update
        self._notify()
        return int(update["update_id"])

    def _privy(self, msg: JSON) -> bool:
        """Whether a bot in privacy mode receives this group message."""
        text = msg.get("text") or msg.get("caption") or ""
        replied = msg.get("reply_to_message", {}).get("from", {}).get("id")
        name = self.bot_user["username"].lower()
        command = re.match(r"/\w+(?:@(\w+))?", text)
        mentioned = re.search(rf"(?<!\w)@{name}(?!\w)", text, re.IGNORECASE)
        return (
            replied == self.bot_id
            or bool(mentioned)
            or (command is not None and (command.group(1) or name).lower() == name)
        )

    def _incoming(
        self,
        chat_id: int,
        user_id: int,
        content: JSON,
        *,
        reply_to: int | None = None,
        language_code: str | None = "zh-hans",
        first_name: str | None = None,
        username: str | None = None,
    ) -> int | None:
        user = self._user(user_id, language_code, first_name, username)
        chat = self.add_chat(chat_id)
        if chat["type"] == "private":  # the chat shows the user's current name
            chat.update({k: user[k] for k in ("first_name", "username") if k in user})
        msg: JSON = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(user),
            "chat": dict(chat),
            "date": int(time.time()),
            **content,
        }
        for key in ("text", "caption"):
            if key in content and (entities := _utf16_entities(content[key])):
                msg["entities" if key == "text" else "caption_entities"] = entities
        if reply_to is not None:
            if (chat_id, reply_to) not in self.messages:
                raise ValueError(f"no message {reply_to} in chat {chat_id} to reply to")
            msg["reply_to_message"] = self._shallow(self.messages[(chat_id, reply_to)])
        self.messages[(chat_id, msg["message_id"])] = msg
        if chat["type"] != "private" and self.privacy_mode and not self._privy(msg):
            self.withheld.append(msg)
            self._notify()
            return None
        return self.inject({"message": msg})

    @staticmethod
    def _shallow(msg: JSON) -> JSON:
        return {k: v for k, v in msg.items() if k != "reply_to_message"}

    # ---------------------------------------------------------------- update helpers (test side)
    def private_text(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str | None = "zh-hans",
        first_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        uid = self._incoming(
            user_id,
            user_id,
            {"text": text},
            reply_to=reply_to_message_id,
            language_code=language_code,
            first_name=first_name,
            username=username,
        )
        assert uid is not None
        return uid

    def group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to_bot_message_id: int | None = None,
        reply_to_message_id: int | None = None,
        language_code: str | None = "zh-hans",
        first_name: str | None = None,
        username: str | None = None,
    ) -> int | None:
        """A group message; None if privacy mode keeps it from the bot (then it is in fake.withheld)."""
        if reply_to_bot_message_id is not None:
            target = self.messages.get((chat_id, reply_to_bot_message_id))
            if target is None or target["from"]["id"] != self.bot_id:
                raise ValueError(f"message {reply_to_bot_message_id} in chat {chat_id} is not the bot's")
        return self._incoming(
            chat_id,
            user_id,
            {"text": text},
            reply_to=reply_to_bot_message_id or reply_to_message_id,
            language_code=language_code,
            first_name=first_name,
            username=username,
        )

    def command(
        self,
        user_id: int,
        command: str,
        args: str = "",
        *,
        chat_id: int | None = None,
        language_code: str | None = "zh-hans",
        address_bot: bool | None = None,
    ) -> int | None:
        """ "/command args"; in groups addressed as /command@<bot> unless address_bot=False."""
        target = chat_id if chat_id is not None else user_id
        explicit = address_bot if address_bot is not None else target < 0
        text = f"/{command.lstrip('/')}" + (f"@{self.bot_user['username']}" if explicit else "")
        text += f" {args}" if args else ""
        return self._incoming(target, user_id, {"text": text}, language_code=language_code)

    def _find_message(self, message: SentMessage | int | JSON, chat_id: int | None, user_id: int) -> JSON:
        if isinstance(message, SentMessage):
            return message.message
        if isinstance(message, dict):
            chat_id, message = message["chat"]["id"], message["message_id"]
        key = (chat_id if chat_id is not None else user_id, int(message))  # type: ignore[arg-type]
        if key not in self.messages:
            raise ValueError(f"no message {key[1]} in chat {key[0]}")
        return self.messages[key]

    def callback(
        self,
        user_id: int,
        message: SentMessage | int | JSON,
        data: str,
        *,
        chat_id: int | None = None,
        language_code: str | None = "zh-hans",
    ) -> int:
        """A press on the inline button with callback_data `data` of a bot message."""
        msg = self._find_message(message, chat_id, user_id)
        buttons = [b for row in msg.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        if not any(b.get("callback_data") == data for b in buttons):
            raise ValueError(f"message {msg['message_id']} has no button with callback_data {data!r}")
        query_id = str(next(self._query_ids))
        self._callbacks[query_id] = False
        return self.inject(
            {
                "callback_query": {
                    "id": query_id,
                    "from": dict(self._user(user_id, language_code)),
                    "message": copy.deepcopy(msg),
                    "chat_instance": str(abs(msg["chat"]["id"]) * 7919 + 1),
                    "data": data,
                }
            }
        )

    def click(
        self, user_id: int, message: SentMessage | int | JSON, button_text: str, *, chat_id: int | None = None
    ) -> int:
        """Press the callback button labelled button_text."""
        msg = self._find_message(message, chat_id, user_id)
        for row in msg.get("reply_markup", {}).get("inline_keyboard", []):
            for b in row:
                if b["text"] == button_text and "callback_data" in b:
                    return self.callback(user_id, msg, b["callback_data"])
        raise ValueError(f"message {msg['message_id']} has no callback button {button_text!r}")

    def inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        chat_type: str = "sender",
        language_code: str | None = "zh-hans",
    ) -> int:
        query_id = str(next(self._query_ids))
        self._inline[query_id] = False
        return self.inject(
            {
                "inline_query": {
                    "id": query_id,
                    "from": dict(self._user(user_id, language_code)),
                    "query": query[:256],
                    "offset": offset,
                    "chat_type": chat_type,
                }
            }
        )

    def edited_text(self, chat_id: int, message_id: int, text: str) -> int | None:
        """The user edits their text message; None if the bot never saw it (privacy mode)."""
        msg = self.messages.get((chat_id, message_id))
        if msg is None or msg["from"]["id"] == self.bot_id or "text" not in msg:
            raise ValueError(f"no user text message {message_id} in chat {chat_id}")
        msg.update(text=text, edit_date=int(time.time()))
        msg.pop("entities", None)
        if entities := _utf16_entities(text):
            msg["entities"] = entities
        if any(w is msg for w in self.withheld):
            return None
        return self.inject({"edited_message": copy.deepcopy(msg)})

    def sticker(self, user_id: int, *, chat_id: int | None = None, emoji: str = "👍") -> int | None:
        fid = f"CAACAgIAAxk{next(self._query_ids)}"
        return self._incoming(
            chat_id or user_id,
            user_id,
            {
                "sticker": {
                    "file_id": fid,
                    "file_unique_id": fid[-12:],
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": emoji,
                    "file_size": 20480,
                }
            },
        )

    def photo(self, user_id: int, *, chat_id: int | None = None, caption: str | None = None) -> int | None:
        fid = f"AgACAgUAAxk{next(self._query_ids)}"
        content: JSON = {
            "photo": [
                {
                    "file_id": f"{fid}{s}",
                    "file_unique_id": f"AQAD{s}{fid[-8:]}",
                    "width": s,
                    "height": s * 3 // 4,
                    "file_size": s * 60,
                }
                for s in (90, 320, 800)
            ]
        }
        if caption:
            content["caption"] = caption
        return self._incoming(chat_id or user_id, user_id, content)

    def voice(self, user_id: int, *, chat_id: int | None = None, duration: int = 3) -> int | None:
        fid = f"AwACAgUAAxk{next(self._query_ids)}"
        return self._incoming(
            chat_id or user_id,
            user_id,
            {
                "voice": {
                    "file_id": fid,
                    "file_unique_id": fid[-12:],
                    "duration": duration,
                    "mime_type": "audio/ogg",
                    "file_size": duration * 4000,
                }
            },
        )

    # ---------------------------------------------------------------- Bot API methods
    def _chat(self, p: JSON, *, check_blocked: bool = True) -> JSON:
        raw = p.get("chat_id")
        if raw in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            chat = next(
                (c for c in self.chats.values() if c.get("username", "").lower() == raw[1:].lower()), None
            )
        else:
            chat = self.chats.get(raw) if isinstance(raw, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if check_blocked and chat["id"] in self.blocked:
            raise ApiError(
                403,
                "Forbidden: bot was blocked by the user"
                if chat["type"] == "private"
                else f"Forbidden: bot was kicked from the {chat['type']} chat",
            )
        return chat

    async def _m_getMe(self, p: JSON, files: dict[str, Upload]) -> JSON:
        return self.bot_user

    async def _m_close(self, p: JSON, files: dict[str, Upload]) -> bool:
        return True

    async def _m_logOut(self, p: JSON, files: dict[str, Upload]) -> bool:
        return True

    async def _m_deleteWebhook(self, p: JSON, files: dict[str, Upload]) -> bool:
        self.webhook_url, self.webhook_secret = "", None
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_setWebhook(self, p: JSON, files: dict[str, Upload]) -> bool:
        url = str(p.get("url", ""))
        if url and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if "allowed_updates" in p:
            self._allowed = set(p["allowed_updates"]) or None
        self.webhook_url, self.webhook_secret = url, None if secret is None else str(secret)
        if p.get("drop_pending_updates"):
            self.updates.clear()
        self._notify()
        return True

    async def _m_getWebhookInfo(self, p: JSON, files: dict[str, Upload]) -> JSON:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self.confirmed_upto = max(self.confirmed_upto, offset - 1)
        elif offset < 0:
            dropped, self.updates = self.updates[:offset], self.updates[offset:]
            self.confirmed_upto = max([self.confirmed_upto] + [u["update_id"] for u in dropped])

    def _pending(self, limit: int) -> list[JSON]:
        allowed = self._allowed or DEFAULT_UPDATES
        self.updates = [u for u in self.updates if next(k for k in u if k != "update_id") in allowed]
        return self.updates[:limit]

    async def _m_getUpdates(self, p: JSON, files: dict[str, Upload]) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = _int(p, "offset", 0), min(max(_int(p, "limit", 100), 1), 100)
        timeout = max(_int(p, "timeout", 0), 0)
        if "allowed_updates" in p:
            allowed = p["allowed_updates"]
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise ApiError(400, 'Bad Request: field "allowed_updates" must be an Array of Strings')
            self._allowed = set(allowed) or None
        self._confirm(offset)
        me = self._poller = object()
        self._notify()  # a long poll still waiting is now terminated
        deadline = asyncio.get_running_loop().time() + timeout
        try:
            while True:
                batch = self._pending(limit)
                remaining = deadline - asyncio.get_running_loop().time()
                if batch or remaining <= 0 or self._closing:
                    return batch
                await self._wait_change(remaining)
                if self._poller is not me:
                    raise ApiError(409, CONFLICT)
        finally:
            if self._poller is me:
                self._poller = None

    async def _m_setMyCommands(self, p: JSON, files: dict[str, Upload]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or not all(isinstance(c, dict) for c in commands):
            raise ApiError(400, 'Bad Request: field "commands" must be an Array of BotCommand')
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands specified")
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(c.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(c.get("description"), str) or not 1 <= len(c["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(p)] = [
            dict(command=c["command"], description=c["description"]) for c in commands
        ]
        return True

    @staticmethod
    def _commands_key(p: JSON) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in (
            "default",
            "all_private_chats",
            "all_group_chats",
            "all_chat_administrators",
            "chat",
            "chat_administrators",
            "chat_member",
        ):
            raise ApiError(400, "Bad Request: unsupported bot command scope type specified")
        language = str(p.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    async def _m_getMyCommands(self, p: JSON, files: dict[str, Upload]) -> list[JSON]:
        return self.commands.get(self._commands_key(p), [])

    def _reply_target(self, chat: JSON, p: JSON) -> JSON | None:
        rp = p.get("reply_parameters")
        if rp is None and p.get("reply_to_message_id") is not None:
            rp = {
                "message_id": p["reply_to_message_id"],
                "allow_sending_without_reply": p.get("allow_sending_without_reply", False),
            }
        if rp is None:
            return None
        if not isinstance(rp, dict) or "message_id" not in rp:
            raise ApiError(400, 'Bad Request: can\'t find field "message_id"')
        target = self.messages.get((chat["id"], _int(rp, "message_id")))
        if target is None and not rp.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        return None if target is None else self._shallow(target)

    def _store(
        self,
        chat: JSON,
        p: JSON,
        kind: str,
        content: JSON,
        text: str,
        entities: list[JSON],
        markup: JSON | None,
        raw_text: str | None,
        upload: Upload | None = None,
    ) -> JSON:
        reply = self._reply_target(chat, p)
        msg: JSON = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self._bot_from(),
            "chat": dict(chat),
            "date": int(time.time()),
            **content,
        }
        if reply is not None:
            msg["reply_to_message"] = reply
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        self.messages[(chat["id"], msg["message_id"])] = msg
        self._warn_links(p.get("text", p.get("caption")), entities)
        self.sent.append(
            SentMessage(
                chat["id"],
                msg["message_id"],
                kind,
                text,
                raw_text,
                p.get("parse_mode"),
                entities,
                markup,
                None if reply is None else reply["message_id"],
                msg,
                upload.filename if upload else None,
                upload.data if upload else None,
            )
        )
        return msg

    def _bot_from(self) -> JSON:
        return {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}

    def _warn_links(self, html: Any, entities: list[JSON]) -> None:
        if isinstance(html, str) and html.count("<a ") + html.count("<a\n") > sum(
            e["type"] == "text_link" for e in entities
        ):
            self.warnings.append(f"a link was dropped as Telegram would (bad or empty href): {html[:200]!r}")

    async def _m_sendMessage(self, p: JSON, files: dict[str, Upload]) -> JSON:
        self._chat_id_given(p)
        if p.get("text") in (None, ""):
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = fh.format_text(p["text"], p.get("parse_mode"), p.get("entities"), limit=fh.MAX_TEXT)
        markup = fh.check_reply_markup(p.get("reply_markup"))
        chat = self._chat(p)
        content: JSON = {"text": text, **({"entities": entities} if entities else {})}
        return self._store(chat, p, "text", content, text, entities, markup, p["text"])

    @staticmethod
    def _chat_id_given(p: JSON) -> None:
        if p.get("chat_id") in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")

    def _editable(self, p: JSON) -> tuple[JSON, SentMessage]:
        if p.get("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        if p.get("message_id") in (None, ""):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        chat = self._chat(p)
        msg = self.messages.get((chat["id"], _int(p, "message_id")))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        sent = next((s for s in self.sent if s.message is msg), None)
        if sent is None:
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg, sent

    def _apply_edit(
        self,
        msg: JSON,
        sent: SentMessage,
        text: str,
        entities: list[JSON],
        markup: JSON | None,
        html: str | None,
        parse_mode: str | None,
    ) -> JSON:
        if (text, entities, markup) == (sent.text, sent.entities, sent.reply_markup):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        if text != sent.text:
            sent.history.append(sent.text)
        key = "text" if sent.kind == "text" else "caption"
        msg[key], sent.text, sent.entities, sent.reply_markup, sent.html, sent.parse_mode = (
            text,
            text,
            entities,
            markup,
            html,
            parse_mode,
        )
        entities_key = "entities" if key == "text" else "caption_entities"
        msg.pop(entities_key, None)
        if entities:
            msg[entities_key] = entities
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return msg

    async def _m_editMessageText(self, p: JSON, files: dict[str, Upload]) -> JSON:
        if p.get("text") in (None, ""):
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = fh.format_text(p["text"], p.get("parse_mode"), p.get("entities"), limit=fh.MAX_TEXT)
        markup = fh.check_reply_markup(p.get("reply_markup"), inline_only=True)
        msg, sent = self._editable(p)
        if sent.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        self._warn_links(p["text"], entities)
        return self._apply_edit(msg, sent, text, entities, markup, p["text"], p.get("parse_mode"))

    async def _m_editMessageReplyMarkup(self, p: JSON, files: dict[str, Upload]) -> JSON:
        markup = fh.check_reply_markup(p.get("reply_markup"), inline_only=True)
        msg, sent = self._editable(p)
        return self._apply_edit(msg, sent, sent.text, sent.entities, markup, sent.html, sent.parse_mode)

    async def _m_answerCallbackQuery(self, p: JSON, files: dict[str, Upload]) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if self._callbacks.get(query_id, True):
            raise ApiError(400, QUERY_TOO_OLD)
        if len(str(p.get("text", ""))) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if p.get("url"):
            raise ApiError(400, "Bad Request: URL_INVALID")
        self._callbacks[query_id] = True
        return True

    async def _m_answerInlineQuery(self, p: JSON, files: dict[str, Upload]) -> bool:
        query_id = str(p.get("inline_query_id", ""))
        if "results" not in p:
            raise ApiError(400, 'Bad Request: parameter "results" is required')
        fh.check_inline_results(p["results"])
        if len(str(p.get("next_offset", "")).encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        if self._inline.get(query_id, True):
            raise ApiError(400, QUERY_TOO_OLD)
        self._inline[query_id] = True
        self.inline_answers[query_id] = p
        return True

    async def _m_sendChatAction(self, p: JSON, files: dict[str, Upload]) -> bool:
        self._chat_id_given(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self._chat(p)
        return True

    async def _m_getChat(self, p: JSON, files: dict[str, Upload]) -> JSON:
        chat = self._chat(p, check_blocked=False)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    async def _send_file(self, kind: str, p: JSON, files: dict[str, Upload]) -> JSON:
        self._chat_id_given(p)
        value, upload = p.get(kind), files.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[9:])
        if upload is None and not value:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if upload is None and not str(value).startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if upload is not None and not upload.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if upload is not None and len(upload.data) > (10 if kind == "photo" else 50) * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        if (
            kind == "photo"
            and upload is not None
            and not upload.data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM"))
            and upload.data[8:12] != b"WEBP"
        ):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption, entities = "", list[JSON]()
        if p.get("caption"):
            caption, entities = fh.format_text(
                p["caption"],
                p.get("parse_mode"),
                p.get("caption_entities"),
                limit=fh.MAX_CAPTION,
                what="caption",
            )
        markup = fh.check_reply_markup(p.get("reply_markup"))
        chat = self._chat(p)
        n = next(self._query_ids)
        size = len(upload.data) if upload else 1024
        if kind == "photo":
            media: JSON = {
                "photo": [
                    {
                        "file_id": f"AgACAgIAAxk{n}{s}",
                        "file_unique_id": f"AQAD{n}{s}",
                        "width": s,
                        "height": s,
                        "file_size": min(size, s * 100),
                    }
                    for s in (90, 320)
                ]
            }
        else:
            name = upload.filename if upload else str(value).rsplit("/", 1)[-1] or "file"
            media = {
                "document": {
                    "file_id": f"BQACAgIAAxk{n}",
                    "file_unique_id": f"AgAD{n}",
                    "file_name": name,
                    "mime_type": (
                        upload.content_type
                        if upload and upload.content_type
                        else mimetypes.guess_type(name)[0] or "application/octet-stream"
                    ),
                    "file_size": size,
                }
            }
        if caption:
            media["caption"] = caption
            if entities:
                media["caption_entities"] = entities
        return self._store(chat, p, kind, media, caption, entities, markup, p.get("caption"), upload)

    async def _m_sendDocument(self, p: JSON, files: dict[str, Upload]) -> JSON:
        return await self._send_file("document", p, files)

    async def _m_sendPhoto(self, p: JSON, files: dict[str, Upload]) -> JSON:
        return await self._send_file("photo", p, files)


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeBotApi(args.token, host=args.host, port=args.port, privacy_mode=not args.no_privacy)
    await fake.start()
    print(f"fake Bot API listening on {fake.url} (base_url {fake.base_url})", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default="123:ABC")
    parser.add_argument("--no-privacy", action="store_true", help="deliver every group message to the bot")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(parser.parse_args()))
