"""The question log: what members asked, whether the bot could answer, and how they rated it.

Operators read it to see what the knowledge is missing (``/stats``, ``python -m bot report``).
:class:`QuestionLog` is what the bot, the admins' commands and the report need from it;
:class:`SqlQuestionLog` provides it over SQLite or PostgreSQL.
Privacy: a row holds the time (UTC), the chat type, an HMAC-SHA256 of the user id keyed with a
secret salt (never the id, never a name), the normalised question, the outcome and, for a question
asked right after an answer, that answer's article id (the thread it was read after). Rows older
than the retention period are deleted by :meth:`SqlQuestionLog.purge`, with SQLite overwriting
what it deletes (``secure_delete``).

The default store is one SQLite file in WAL mode with ``synchronous=NORMAL`` and one commit per
row: a crash of the process (even ``kill -9``) loses no row whose :meth:`~SqlQuestionLog.record`
returned. ``DATABASE_URL=postgresql://…`` selects PostgreSQL instead (:mod:`bot.ops.qlog_pg`).
The running bot keeps it through :class:`bot.ops.qlog_keeper.KeptLog`: off the event loop, and
never in the way of an answer.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple, Protocol

from rapidfuzz import fuzz, process

from bot.core.errors import ConfigError
from bot.nlp.text import normalize, squash
from bot.ops.qlog_db import Backend, open_backend

DEFAULT_FILE = "questions.sqlite3"
RETENTION_DAYS = 180
CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel", "inline", "cli"})
MAX_STORED = 500  # characters of a question kept: enough to read it, bounded for the database
NOT_GAPS = ("chitchat", "empty")  # refusals that say nothing about missing knowledge
SIMILAR = 80  # fuzz.ratio of two questions in one group
CONTAINED = 90  # fuzz.partial_ratio when one question (≥ CONTAINED_MIN chars) is inside the other
CONTAINED_MIN = 6
MAX_DISTINCT = 2000  # distinct questions grouped by unanswered(): bounds the pairwise comparisons
_TRAILING = "?!.,;:~。，、；：…～ "  # "会费怎么交？" and "会费怎么交" are one question
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order in any database


@dataclass(frozen=True)
class Stats:
    """The numbers behind ``/stats``; days are UTC days."""

    today: int
    week: int  # the last 7 days, today included
    total: int
    answered_rate: float  # of all questions, 0..1
    thumbs_up: int
    thumbs_down: int
    top: tuple[tuple[str, int], ...]  # the 5 most asked questions with their counts


class Day(NamedTuple):
    date: date
    questions: int
    answered_rate: float


@dataclass(frozen=True)
class Group:
    """Similar questions asked by members: ``question`` is the most asked one."""

    question: str
    count: int
    members: tuple[str, ...]  # every wording, most asked first (``question`` first)
    thread: str | None = None  # the article the members had just been answered from (a follow-up), if any

    @property
    def variants(self) -> tuple[str, ...]:
        return self.members[1:]


class QuestionLog(Protocol):
    """The question log as its users see it: the bot records and rates, admins and ``report`` read.

    Every call may block on the database: the bot makes them in a worker thread
    (:class:`bot.ops.qlog_keeper.KeptLog`). A database that fails raises
    :class:`~bot.ops.qlog_db.StoreError` (or :class:`~bot.core.errors.ConfigError` when opening).
    """

    def record(self, question: str, *, chat_type: str, user_id: int | str, answered: bool,
               pair_id: str | None = None, score: float = 0.0, reason: str = "",
               at: datetime | None = None, thread: str | None = None) -> int: ...

    def feedback_latest(self, user_id: int | str, pair_id: str, value: int | None) -> bool: ...

    def purge(self, *, older_than_days: int = RETENTION_DAYS, now: datetime | None = None) -> int: ...

    def stats(self, now: datetime | None = None) -> Stats: ...

    def daily(self, *, days: int = 30, now: datetime | None = None) -> list[Day]: ...

    def unanswered(self, *, days: int = 30, limit: int = 20, now: datetime | None = None) -> list[Group]: ...

    def close(self) -> None: ...


def default_target(env: Mapping[str, str]) -> str:
    """Where the log lives: ``DATABASE_URL`` if set, else ``$DATA_DIR/questions.sqlite3``."""
    url = env.get("DATABASE_URL", "").strip()
    return url or str(Path(env.get("DATA_DIR", "").strip() or "data") / DEFAULT_FILE)


def hash_user(user_id: int | str, salt: str) -> str:
    """The stored stand-in for a user id: HMAC-SHA256 keyed with the secret salt (128 bits shown)."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


def stamp(at: datetime) -> str:
    """``at`` as stored: UTC, fixed width."""
    return _now(at).strftime(_STAMP)


def _now(at: datetime | None) -> datetime:
    """``at`` in UTC (a naive datetime is taken as UTC), or the current time."""
    if at is None:
        return datetime.now(UTC)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class SqlQuestionLog:
    """:class:`QuestionLog` in SQL: SQLite or PostgreSQL, through a :class:`~bot.ops.qlog_db.Backend`."""

    def __init__(self, db: Backend, *, salt: str | None) -> None:
        self.db = db
        self._salt = salt

    @classmethod
    def open(cls, url_or_path: str | Path, *, salt: str | None) -> SqlQuestionLog:
        """Open (creating and migrating) the log: a file path, ``sqlite:///path`` or ``postgresql://…``.

        ``salt=None`` opens it for reading and feedback by row id only (reports): nothing is hashed.
        """
        if salt is not None and not salt.strip():
            raise ConfigError("QUESTION_LOG_SALT is not set: the question log needs a secret salt to hash "
                              "user ids (make one: python -c 'import secrets; print(secrets.token_hex(32))')")
        return cls(open_backend(str(url_or_path)), salt=salt)

    def user_hash(self, user_id: int | str) -> str:
        if self._salt is None:
            raise RuntimeError("question log opened without a salt: it cannot hash user ids")
        return hash_user(user_id, self._salt)

    def record(self, question: str, *, chat_type: str, user_id: int | str, answered: bool,
               pair_id: str | None = None, score: float = 0.0, reason: str = "",
               at: datetime | None = None, thread: str | None = None) -> int:
        """Store one question (committed when this returns); the row id, for :meth:`feedback`.
        ``thread``: the article the member's thread was on (a follow-up is read after it)."""
        when = stamp(_now(at))
        kind = chat_type if chat_type in CHAT_TYPES else "other"
        text = " ".join(normalize(question).split()).rstrip(_TRAILING)[:MAX_STORED]
        rows = self.db.query(
            "INSERT INTO questions (at, day, chat_type, user_hash, question, answered, pair_id, score,"
            " reason, thread) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (when, when[:10], kind, self.user_hash(user_id), text, int(answered), pair_id, float(score),
             reason, thread))
        return int(rows[0][0])

    def feedback(self, target: int | tuple[str, str], value: int | None) -> bool:
        """Set 👍 (+1), 👎 (-1) or no rating on a row id or on the newest (user_hash, pair_id) row."""
        if value not in (1, -1, None):
            raise ValueError(f"feedback must be 1, -1 or None, got {value!r}")
        if isinstance(target, int):
            return self.db.execute("UPDATE questions SET feedback = ? WHERE id = ?", (value, target)) == 1
        user_hash, pair_id = target
        return self.db.execute(
            "UPDATE questions SET feedback = ? WHERE id = (SELECT MAX(id) FROM questions"
            " WHERE user_hash = ? AND pair_id = ?)", (value, user_hash, pair_id)) == 1

    def feedback_latest(self, user_id: int | str, pair_id: str, value: int | None) -> bool:
        """What a 👍/👎 button press calls: the button knows the pair id and the presser."""
        return self.feedback((self.user_hash(user_id), pair_id), value)

    def purge(self, *, older_than_days: int = RETENTION_DAYS, now: datetime | None = None) -> int:
        """Delete rows older than ``older_than_days``; how many were deleted."""
        cutoff = stamp(_now(now) - timedelta(days=older_than_days))
        return self.db.execute("DELETE FROM questions WHERE at < ?", (cutoff,))

    def stats(self, now: datetime | None = None) -> Stats:
        today = _now(now).date()
        row = self.db.query(
            "SELECT COUNT(*), SUM(CASE WHEN day = ? THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN day >= ? THEN 1 ELSE 0 END), SUM(answered),"
            " SUM(CASE WHEN feedback = 1 THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN feedback = -1 THEN 1 ELSE 0 END) FROM questions",
            (today.isoformat(), (today - timedelta(days=6)).isoformat()))[0]
        total, day, week, answered, up, down = (int(v or 0) for v in row)
        top = self.db.query("SELECT question, COUNT(*) FROM questions GROUP BY question"
                            " ORDER BY COUNT(*) DESC, question LIMIT 5")
        return Stats(today=day, week=week, total=total, answered_rate=answered / total if total else 0.0,
                     thumbs_up=up, thumbs_down=down, top=tuple((str(q), int(n)) for q, n in top))

    def daily(self, *, days: int = 30, now: datetime | None = None) -> list[Day]:
        """One entry per UTC day of the last ``days`` (today last), days without questions included."""
        today = _now(now).date()
        first = today - timedelta(days=days - 1)
        rows = self.db.query("SELECT day, COUNT(*), AVG(answered) FROM questions WHERE day >= ? GROUP BY day",
                             (first.isoformat(),))
        seen = {str(d): (int(n), float(rate)) for d, n, rate in rows}
        out = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            count, rate = seen.get(day.isoformat(), (0, 0.0))
            out.append(Day(date=day, questions=count, answered_rate=rate))
        return out

    def unanswered(self, *, days: int = 30, limit: int = 20, now: datetime | None = None) -> list[Group]:
        """The most asked unanswered or 👎 questions of the last ``days``, similar wordings grouped (a
        follow-up only with others asked after the same article: 几点开门 is another question after each)."""
        first = _now(now).date() - timedelta(days=days - 1)
        marks = ", ".join("?" for _ in NOT_GAPS)
        rows = self.db.query(
            "SELECT question, thread, COUNT(*) FROM questions WHERE day >= ? AND (answered = 0 OR feedback = -1)"
            f" AND reason NOT IN ({marks}) GROUP BY question, thread ORDER BY COUNT(*) DESC LIMIT ?",
            (first.isoformat(), *NOT_GAPS, MAX_DISTINCT))
        by_thread: dict[str | None, list[tuple[str, int]]] = {}
        for question, thread, count in rows:
            by_thread.setdefault(None if thread is None else str(thread), []).append((str(question), int(count)))
        groups = [g for thread, counts in by_thread.items() for g in group_questions(counts, thread=thread)]
        return sorted(groups, key=lambda g: (-g.count, g.question, g.thread or ""))[:limit]

    def close(self) -> None:
        self.db.close()


def group_questions(counts: Iterable[tuple[str, int]], *, thread: str | None = None) -> list[Group]:
    """Group similar questions, most asked groups first; each joins the group it is most like
    (``thread``: the article they were all asked after, see :class:`Group`)."""
    keys: list[str] = []
    members: list[list[tuple[str, int]]] = []
    for question, count in sorted(counts, key=lambda qc: (-qc[1], qc[0])):
        key = squash(question)
        if not key:
            continue
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=SIMILAR)
        if found is None and len(key) >= CONTAINED_MIN:
            long_keys = {i: k for i, k in enumerate(keys) if len(k) >= CONTAINED_MIN}
            found = process.extractOne(key, long_keys, scorer=fuzz.partial_ratio, score_cutoff=CONTAINED)
        if found is None:
            keys.append(key)
            members.append([(question, count)])
        else:
            members[found[2]].append((question, count))
    groups = [Group(question=m[0][0], count=sum(n for _, n in m), members=tuple(q for q, _ in m), thread=thread)
              for m in members]
    return sorted(groups, key=lambda g: (-g.count, g.question))
