"""The question log in PostgreSQL: the same behaviour as SQLite, on a throwaway server.

The server is $UNIONBOT_TEST_POSTGRES_URL if set (a scratch database is created in it and
dropped afterwards), else a temporary cluster started with initdb/pg_ctl; without either, or
without psycopg, these tests are skipped.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.errors import ConfigError
from bot.ops.qlog import Day, Group, SqlQuestionLog, Stats
from bot.ops.qlog_db import SCHEMA_VERSION, StoreError, migrate
from bot.ops.qlog_pg import MISSING, PostgresBackend

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> str:
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    if url := os.environ.get("UNIONBOT_TEST_POSTGRES_URL"):
        return url
    cluster = request.getfixturevalue("pg_cluster")  # tests/conftest.py: a throwaway cluster
    return str(cluster.url)


@pytest.fixture
def url(server: str) -> Iterator[str]:
    """A fresh database for one test."""
    import psycopg

    name = f"unionbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = server.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_record_feedback_and_queries(url: str) -> None:
    log = SqlQuestionLog.open(url, salt="pepper")
    for user, (question, answered, days_ago) in enumerate([
            ("工会会费怎么交？", False, 0), ("工会会费怎么缴纳", False, 1), ("劳模有几名", True, 0),
            ("食堂几点开门", False, 200)]):
        log.record(question, chat_type="private", user_id=user, answered=answered,
                   pair_id="g1" if answered else None, score=0.5, at=NOW - timedelta(days=days_ago))
    assert log.feedback_latest(2, "g1", -1) is True
    stats = log.stats(NOW)
    assert stats == Stats(2, 3, 4, 0.25, 0, 1, stats.top)
    # Ties are ordered by the database's collation, which differs from SQLite's.
    assert sorted(stats.top) == [("劳模有几名", 1), ("工会会费怎么交", 1), ("工会会费怎么缴纳", 1),
                                 ("食堂几点开门", 1)]
    assert log.daily(days=2, now=NOW) == [Day(date(2025, 3, 9), 1, 0.0), Day(date(2025, 3, 10), 2, 0.5)]
    assert log.unanswered(days=30, now=NOW) == [
        Group("工会会费怎么交", 2, ("工会会费怎么交", "工会会费怎么缴纳")),
        Group("劳模有几名", 1, ("劳模有几名",))]
    assert log.purge(now=NOW) == 1
    assert log.record("新问题", chat_type="cli", user_id=9, answered=False) == 5
    log.close()


def test_migrations_are_versioned(url: str) -> None:
    backend = PostgresBackend.connect(url)
    assert migrate(backend, to=1) == 1
    backend.execute("INSERT INTO questions (at, chat_type, user_hash, question, answered, score)"
                    " VALUES ('2025-03-09T08:00:00.000000Z', 'private', 'aa', '会费', 0, 0.1)")
    assert migrate(backend) == SCHEMA_VERSION
    assert backend.query("SELECT id, day, feedback, reason FROM questions") == [(1, "2025-03-09", None, "")]
    backend.close()


def test_a_reopened_connection_after_the_server_dropped_it(url: str) -> None:
    log = SqlQuestionLog.open(url, salt="pepper")
    log.db.close()  # as after a server restart: the next call reconnects
    assert log.record("问题", chat_type="cli", user_id=1, answered=False) == 1
    log.close()


def test_bad_url_is_one_line(server: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SqlQuestionLog.open("postgresql://postgres@/no_such_database?host=/nonexistent-dir", salt="s")
    assert str(caught.value).startswith("DATABASE_URL: cannot connect to PostgreSQL: ")
    assert "\n" not in str(caught.value)


def test_without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    with pytest.raises(ConfigError) as caught:
        SqlQuestionLog.open("postgresql://bot@db/bot", salt="s")
    assert str(caught.value) == MISSING == (
        "DATABASE_URL: PostgreSQL support needs the psycopg package (pip install 'psycopg[binary]')")


def test_a_server_gone_away_is_one_store_error_line(request: pytest.FixtureRequest) -> None:
    if os.environ.get("UNIONBOT_TEST_POSTGRES_URL"):
        pytest.skip("stops the server: needs the throwaway cluster these tests start themselves")
    cluster = request.getfixturevalue("pg_server")
    log = SqlQuestionLog.open(cluster.database(), salt="pepper")
    cluster.stop()
    with pytest.raises(StoreError) as caught:
        log.record("问题", chat_type="cli", user_id=1, answered=False)
    assert str(caught.value).startswith("question log (PostgreSQL): ") and "\n" not in str(caught.value)
    log.close()
