"""The one object the Telegram handlers share, kept in ``bot_data`` and read with :func:`service`.

It holds the engine (replaced whole by ``/reload``), the settings, the optional question log
(:class:`~bot.ops.qlog_keeper.KeptLog` over a :class:`~bot.ops.qlog.QuestionLog`), the example
buttons for ``/start``, the rate limits per member and group, and each member's thread (the article
of their last answer, :mod:`bot.present.threads`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram.ext import ContextTypes
from watchfiles import Change, awatch

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.core.errors import KnowledgeError
from bot.knowledge.load import fingerprint
from bot.ops.qlog_keeper import KeptLog
from bot.ops.settings import Settings
from bot.ops.throttle import Throttle
from bot.present.replies import Button, example_buttons
from bot.present.threads import Threads
from bot.telegram.ratelimit import RateLimit

log = logging.getLogger(__name__)
SERVICE_KEY = "service"
CONFLICT_LOG_EVERY = 600.0  # seconds between two "another instance is polling" lines
Context = ContextTypes.DEFAULT_TYPE




_COUNTED = {"unsure": "unsure", "broad": "unsure", "chitchat": "chitchat", "empty": "empty"}

@dataclass
class Service:
    """Everything the handlers share; :meth:`reload` replaces the engine as a whole."""

    engine: Engine
    settings: Settings
    qlog: KeptLog | None = None
    examples: tuple[Button, ...] = ()
    limit: RateLimit[int] = field(default_factory=lambda: RateLimit(0))  # per member (user id)
    group_limit: RateLimit[int] = field(default_factory=lambda: RateLimit(0))  # per group (chat id)
    counts: Counter[str] = field(default_factory=Counter)
    threads: Threads[tuple[int, int]] = field(default_factory=Threads)  # (chat, member) -> last answer's article
    started: float = field(default_factory=time.monotonic)
    background: list[asyncio.Task[None]] = field(default_factory=list, repr=False)  # e.g. the file watcher
    stopping: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    _reloading: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    conflicts: Throttle = field(default_factory=lambda: Throttle(CONFLICT_LOG_EVERY), repr=False)  # 409 lines

    async def reload(self) -> list[str]:
        """Load the knowledge again. On problems, keep answering from the current engine and
        return them (``file:line: message``); an empty list means the new knowledge is live."""
        async with self._reloading:  # /reload and the file watcher may ask at the same time
            try:
                engine = await asyncio.to_thread(Engine.load, self.settings.knowledge_dir,
                                                 threshold=self.settings.answer_threshold)
            except KnowledgeError as exc:
                log.warning("knowledge not reloaded, %d problem(s): %s", len(exc.problems), exc)
                return [str(p) for p in exc.problems] or [str(exc)]
            self.examples = await asyncio.to_thread(example_buttons, engine)
            self.engine = engine
        log.info("knowledge reloaded: %d articles, %d pairs", len(engine.articles), len(engine.knowledge.pairs))
        return []

    def log_question(self, answer: Answer, *, chat_type: str, user_id: int, thread: str | None = None) -> None:
        """Count the outcome, and hand it to the question log when there is one (``thread``: the article
        the member's question was read after, if any)."""
        self.counts["questions"] += 1
        # A broad question is not answered until the member picks an article: it counts as unsure.
        self.counts["answered" if answer.answered else _COUNTED.get(answer.reason, "not_covered")] += 1
        if self.qlog is not None:  # a write the log's worker does later; it never fails here
            self.qlog.record(storable(answer.question), chat_type=chat_type, user_id=user_id,
                             answered=answer.answered, pair_id=answer.pair_id, score=answer.score,
                             reason=answer.reason, thread=thread)

    def feedback(self, pair_id: str, *, positive: bool, user_id: int) -> None:
        self.counts["up" if positive else "down"] += 1
        if self.qlog is not None:
            self.qlog.feedback_latest(user_id, pair_id, 1 if positive else -1)


def storable(text: str) -> str:
    """``text`` as UTF-8 can hold it: a lone surrogate (JSON can carry one as "\\ud800", and Python
    decodes it) becomes "?" instead of failing the question log's write."""
    return text.encode("utf-8", "replace").decode("utf-8")


def service(context: Context) -> Service:
    svc = context.bot_data[SERVICE_KEY]
    if not isinstance(svc, Service):
        raise TypeError(f"bot_data[{SERVICE_KEY!r}] is {type(svc).__name__}, not Service")
    return svc


async def watch_knowledge(svc: Service, report: Callable[[list[str]], Awaitable[None]],
                          stop: asyncio.Event) -> None:
    """Reload whenever a knowledge file changes (until ``stop``); ``report`` gets the problems
    of knowledge that could not be loaded, while the bot goes on answering from the old one."""
    checked = False
    try:
        async for changes in awatch(svc.settings.knowledge_dir, stop_event=stop, watch_filter=_knowledge_file,
                                    yield_on_timeout=True, rust_timeout=_FIRST_LOOK_MS):
            if not changes:  # a quiet tick: the watcher is surely running now
                if checked or not await asyncio.to_thread(_changed_since_load, svc):
                    checked = True
                    continue
                checked = True  # an edit made before the watcher started would otherwise wait for the next one
            problems = await svc.reload()
            if problems:
                await report(problems)
    except Exception:  # e.g. the directory vanished: answering matters more than watching
        log.exception("stopped watching %s for changes; /reload still works", svc.settings.knowledge_dir)


_FIRST_LOOK_MS = 2000


def _changed_since_load(svc: Service) -> bool:
    loaded = svc.engine.source
    return bool(loaded) and fingerprint(svc.settings.knowledge_dir) != loaded


def _knowledge_file(change: Change, path: str) -> bool:
    return path.endswith(".yaml")
