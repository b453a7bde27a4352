"""The question log's storage: SQLite settings, schema migrations, and surviving kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.ops.qlog import Day, SqlQuestionLog
from bot.ops.qlog_db import MIGRATIONS, SCHEMA_VERSION, SqliteBackend, StoreError, migrate, open_backend

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
USE = "(use postgresql://… or a SQLite file path)"
REPO = Path(__file__).resolve().parents[2]
# The schema as version 1 shipped it, written out so that a change to MIGRATIONS[0] shows here.
V1 = """
CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, chat_type TEXT NOT NULL,
  user_hash TEXT NOT NULL, question TEXT NOT NULL, answered INTEGER NOT NULL, pair_id TEXT,
  score DOUBLE PRECISION NOT NULL);
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
INSERT INTO questions (at, chat_type, user_hash, question, answered, pair_id, score) VALUES
  ('2025-03-09T08:00:00.000000Z', 'private', 'aa', '工会会费怎么交', 0, NULL, 0.1),
  ('2025-03-10T09:00:00.000000Z', 'group', 'bb', '劳模有几名', 1, 'g1', 0.9);
"""
WRITER = """
import sys
from bot.ops.qlog import SqlQuestionLog

log = SqlQuestionLog.open(sys.argv[1], salt="pepper")
n = 0
while True:
    n += 1
    row = log.record(f"问题{n}" * (1 + n % 7), chat_type="private", user_id=n, answered=n % 2 == 0)
    print(row, flush=True)
"""


def _pragmas(path: Path) -> list[object]:
    backend = SqliteBackend(path)
    try:
        return [backend.query(f"PRAGMA {name}")[0][0]
                for name in ("journal_mode", "synchronous", "secure_delete")]
    finally:
        backend.close()


def test_sqlite_runs_in_wal_mode_with_normal_sync(tmp_path: Path) -> None:
    SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="s").close()
    assert _pragmas(tmp_path / "q.sqlite3") == ["wal", 1, 1]
    with sqlite3.connect(tmp_path / "q.sqlite3") as plain:  # WAL is a property of the file itself
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_file_is_private_to_the_bot(tmp_path: Path) -> None:
    SqlQuestionLog.open(tmp_path / "sub" / "q.sqlite3", salt="s").close()
    assert stat.S_IMODE((tmp_path / "sub" / "q.sqlite3").stat().st_mode) == 0o600


@pytest.mark.parametrize("url", ["sqlite:///{dir}/q.sqlite3", "{dir}/q.sqlite3"])
def test_file_targets(tmp_path: Path, url: str) -> None:
    # sqlite:/// + an absolute path gives four slashes, as in SQLAlchemy.
    log = SqlQuestionLog.open(url.format(dir=tmp_path), salt="s")
    log.record("问题", chat_type="cli", user_id=1, answered=False)
    log.close()
    assert (tmp_path / "q.sqlite3").is_file()


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://bot@db/bot", f"DATABASE_URL: unsupported scheme 'mysql' {USE}"),
    ("HTTP://x", f"DATABASE_URL: unsupported scheme 'http' {USE}"),
])
def test_unsupported_urls(url: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_backend(url)
    assert str(caught.value) == message


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    path.write_bytes(b"this is not a database, just some text that is long enough" * 20)
    with pytest.raises(ConfigError) as caught:
        SqlQuestionLog.open(path, salt="s")
    assert str(caught.value) == f"question log {path}: file is not a database"


def test_a_new_log_has_the_current_schema(tmp_path: Path) -> None:
    log = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="s")
    assert log.db.query("SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert SCHEMA_VERSION == len(MIGRATIONS) == 4
    log.close()


def test_upgrade_from_version_1_keeps_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(V1)
    log = SqlQuestionLog.open(path, salt="s")
    assert log.db.query("SELECT version FROM schema_version") == [(4,)]
    assert log.db.query("SELECT id, day, feedback, reason, thread FROM questions ORDER BY id") == [
        (1, "2025-03-09", None, "", None), (2, "2025-03-10", None, "", None)]
    assert log.feedback(2, -1) is True
    assert log.daily(days=2, now=NOW) == [Day(date(2025, 3, 9), 1, 0.0), Day(date(2025, 3, 10), 1, 1.0)]
    assert log.stats(NOW).thumbs_down == 1
    assert log.record("新问题", chat_type="private", user_id=1, answered=False) == 3
    log.close()


@pytest.mark.parametrize("start", range(SCHEMA_VERSION + 1))
def test_migrate_from_every_version(tmp_path: Path, start: int) -> None:
    backend = SqliteBackend(tmp_path / "q.sqlite3")
    assert migrate(backend, to=start) == start
    assert migrate(backend) == SCHEMA_VERSION
    assert migrate(backend) == SCHEMA_VERSION  # again: nothing to do
    columns = [row[1] for row in backend.query("PRAGMA table_info(questions)")]
    assert columns == ["id", "at", "chat_type", "user_hash", "question", "answered", "pair_id", "score",
                       "feedback", "day", "reason", "thread"]
    assert backend.query("SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    backend.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="s").close()
    with sqlite3.connect(tmp_path / "q.sqlite3") as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(ConfigError) as caught:
        SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="s")
    assert str(caught.value) == ("question log: schema version 99 is newer than this bot understands (4); "
                                 "upgrade the bot")


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "q.sqlite3")
    migrate(backend, to=1)
    backend.execute("ALTER TABLE questions ADD COLUMN day TEXT")  # version 3 will fail to add it
    with pytest.raises(StoreError, match=r"duplicate column name: day$"):
        migrate(backend)
    assert backend.query("SELECT version FROM schema_version") == [(1,)]
    assert "feedback" not in [row[1] for row in backend.query("PRAGMA table_info(questions)")]
    backend.close()


@pytest.mark.parametrize("kill_after", [1, 150, 600])
def test_kill_9_mid_load_loses_no_returned_row(tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "q.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                              env=env, cwd=REPO)
    assert writer.stdout is not None
    printed = [writer.stdout.readline() for _ in range(kill_after)]
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    lines = b"".join(printed) + rest
    # Only whole lines: the kill may cut a line, and then record() had returned but the print had not.
    returned = [int(line) for line in lines.split(b"\n")[:-1]]
    assert len(returned) >= kill_after
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in db.execute("SELECT id FROM questions")}
    assert set(returned) <= stored
    log = SqlQuestionLog.open(path, salt="pepper")
    assert log.stats(NOW).total == len(stored)
    log.close()
