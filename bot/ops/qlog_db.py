"""Storage under the question log: versioned schema migrations and the SQLite backend.

The SQL is written once, with ``?`` placeholders and types both SQLite and PostgreSQL accept;
a backend only supplies the id column's type and its own locking (:mod:`bot.ops.qlog_pg`).
SQLite runs in WAL mode with ``synchronous=NORMAL`` and autocommit, so every statement is its
own committed transaction: a killed process loses nothing that a call had returned from.

A backend that cannot open its database raises :class:`~bot.core.errors.ConfigError`; one whose
database fails afterwards (a read-only or full disk, a server gone away) raises :class:`StoreError`,
one line naming the database, never a password.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from bot.core.errors import BotError, ConfigError

# Each version is a list of statements; never edit a shipped version, append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    ("CREATE TABLE questions (id {id_column}, at TEXT NOT NULL, chat_type TEXT NOT NULL,"
     " user_hash TEXT NOT NULL, question TEXT NOT NULL, answered INTEGER NOT NULL, pair_id TEXT,"
     " score DOUBLE PRECISION NOT NULL)",),
    ("ALTER TABLE questions ADD COLUMN feedback INTEGER",
     "CREATE INDEX questions_user_pair ON questions (user_hash, pair_id)"),
    ("ALTER TABLE questions ADD COLUMN day TEXT",
     "ALTER TABLE questions ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
     "UPDATE questions SET day = substr(at, 1, 10)",
     "CREATE INDEX questions_day ON questions (day)"),
    # The article a member's thread was on when they asked (bot.present.threads), so that a refused
    # follow-up (几点开门) is reported with the article it was about.
    ("ALTER TABLE questions ADD COLUMN thread TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(BotError):
    """The question log's database failed (disk, file system or server); it may pass."""


class Backend(Protocol):
    """The few database operations the log needs; SQL uses ``?`` placeholders."""

    id_column: str

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...

    def execute(self, sql: str, params: Sequence[object] = ()) -> int: ...

    def transaction(self) -> AbstractContextManager[None]: ...  # holds an exclusive lock

    def close(self) -> None: ...

class SqliteBackend:
    """One SQLite file; the lock lets the log be shared between threads."""

    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"  # AUTOINCREMENT: a purged id is never reused

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Members' questions: readable by the bot's user only (the WAL files inherit the mode).
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA secure_delete=ON")
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"question log {path}: {exc}") from None
        self._lock = threading.RLock()

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._failing():
            return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._lock, self._failing():
            return self.conn.execute(sql, params).rowcount

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            with self._failing():
                self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with self._failing():
                    self.conn.execute("ROLLBACK")
                raise
            with self._failing():
                self.conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextmanager
    def _failing(self) -> Iterator[None]:
        """The database's failures as StoreError (e.g. "database or disk is full"); errors in our own
        use of it (SQL, constraints, a closed connection) stay what they are."""
        try:
            yield
        except (sqlite3.ProgrammingError, sqlite3.IntegrityError, sqlite3.InterfaceError):
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"question log {self.path}: {exc}") from exc


def migrate(db: Backend, *, to: int = SCHEMA_VERSION) -> int:
    """Bring the schema to version ``to`` (under a lock, so two processes may start at once)."""
    with db.transaction():
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        rows = db.query("SELECT version FROM schema_version")
        current = int(rows[0][0]) if rows else 0
        if current > SCHEMA_VERSION:
            raise ConfigError(f"question log: schema version {current} is newer than this bot "
                              f"understands ({SCHEMA_VERSION}); upgrade the bot")
        for steps in MIGRATIONS[current:to]:
            for step in steps:
                db.execute(step.format(id_column=db.id_column))
        if not rows:
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (max(current, to),))
        elif to > current:
            db.execute("UPDATE schema_version SET version = ?", (to,))
    return max(current, to)


def open_backend(target: str) -> Backend:
    """A migrated backend for a file path, ``sqlite:///relative/path``, ``sqlite:////absolute/path``
    or ``postgresql://…``."""
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme in ("postgresql", "postgres"):
        from bot.ops.qlog_pg import PostgresBackend

        db: Backend = PostgresBackend.connect(target)
    elif scheme in ("", "sqlite"):
        db = SqliteBackend(Path(target.removeprefix("sqlite:///") if scheme else target))
    else:
        raise ConfigError(f"DATABASE_URL: unsupported scheme '{scheme}' "
                          "(use postgresql://… or a SQLite file path)")
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db
