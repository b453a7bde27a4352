"""What each member was last answered about, so that their next question can be read as a follow-up
(``Engine.ask(…, after=…)``, :mod:`bot.answer.followup`): 几点开门 right after an answer about a
驿站 asks about that 驿站.

A member's thread is the article of their last answer (or of the paragraph they last opened with a
📄 原文 button), for FOLLOW_SECONDS; a question asked later is read alone. A new answer moves the
thread to its article. A broad question refused with articles to choose from (reason ``broad``) is
kept with the buttons it was offered, so that choosing one of them answers that question about the
article chosen (:func:`bot.present.replies.suggestion_reply`). At most MEMBERS threads are kept (the
least recently used are forgotten first), so memory stays bounded however many members write. The
terminal ``chat`` keeps one, the bot one per member and chat (a member's thread in a group is theirs,
not the group's).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from bot.core.answers import Answer

FOLLOW_SECONDS = 600.0  # a member reading an answer asks the next question within minutes, not hours
MEMBERS = 10_000  # threads kept: a few megabytes at most

K = TypeVar("K", bound=Hashable)


@dataclass
class _Thread:
    article: str = ""  # the last answer's article ("" before any)
    answered: float = 0.0  # when
    question: str = ""  # the last broad question refused with articles to choose from
    choices: tuple[str, ...] = ()  # the suggestion ids it offered
    asked: float = 0.0  # when


class Threads(Generic[K]):
    """Each key's thread (``now``: :func:`time.monotonic`)."""

    def __init__(self, *, seconds: float = FOLLOW_SECONDS, members: int = MEMBERS) -> None:
        self._seconds, self._members = seconds, members
        self._threads: OrderedDict[K, _Thread] = OrderedDict()

    def after(self, key: K, now: float) -> str | None:
        """The article ``key``'s next question follows, or None when it is read alone."""
        thread = self._threads.get(key)
        if thread is None or not thread.article or now - thread.answered > self._seconds:
            return None
        return thread.article

    def chosen(self, key: K, suggestion_id: str, now: float) -> str | None:
        """The broad question whose articles to choose from held ``suggestion_id``, or None."""
        thread = self._threads.get(key)
        if thread is None or suggestion_id not in thread.choices or now - thread.asked > self._seconds:
            return None
        return thread.question

    def keep(self, key: K, answer: Answer | None, now: float) -> None:
        """Note ``answer``: one from an article starts or moves the thread; a broad refusal is kept with
        its choices (until the next broad refusal, or FOLLOW_SECONDS); another refusal changes nothing."""
        if answer is None:
            return
        thread = self._threads.get(key, _Thread())
        if answer.answered and answer.source is not None:
            # The choices stay: a member who chose one article may choose another of the same reply.
            self._note(key, replace(thread, article=answer.source.article, answered=now))
        elif answer.reason == "broad" and answer.suggestions:
            self._note(key, replace(thread, question=answer.question,
                                    choices=tuple(s.id for s in answer.suggestions), asked=now))

    def _note(self, key: K, thread: _Thread) -> None:
        self._threads[key] = thread
        self._threads.move_to_end(key)
        while len(self._threads) > self._members:
            self._threads.popitem(last=False)

    def __len__(self) -> int:
        return len(self._threads)
