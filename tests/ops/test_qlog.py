"""The question log: recording, hashing, feedback, retention, the admins' queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.ops.qlog import (
    Day,
    Group,
    SqlQuestionLog,
    Stats,
    default_target,
    group_questions,
    hash_user,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SALT = "pepper"
# (question, days ago, answered, pair id, reason, times asked)
SPORTS = Group("今年职工运动会什么时候举办", 2, ("今年职工运动会什么时候举办", "职工运动会什么时候举办呀"))
ASKED = [
    ("工会会费怎么交？", 0, False, None, "not_covered", 3),
    ("工会会费怎么缴纳", 1, False, None, "unsure", 1),
    ("今年职工运动会什么时候举办", 2, False, None, "unsure", 1),
    ("职工运动会什么时候举办呀", 8, False, None, "not_covered", 1),
    ("全国劳模有几名", 0, True, "g1", "", 2),
    ("你好", 0, False, None, "chitchat", 2),
    ("食堂几点开门", 40, False, None, "not_covered", 1),
]


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SqlQuestionLog]:
    opened = SqlQuestionLog.open(tmp_path / "questions.sqlite3", salt=SALT)
    yield opened
    opened.close()


@pytest.fixture
def filled(log: SqlQuestionLog) -> SqlQuestionLog:
    user = 0
    for question, days_ago, answered, pair, reason, times in ASKED:
        for _ in range(times):
            user += 1
            log.record(question, chat_type="private", user_id=user, answered=answered, pair_id=pair,
                       score=0.9 if answered else 0.2, reason=reason, at=NOW - timedelta(days=days_ago))
    thumbs = log.db.query("SELECT id FROM questions WHERE pair_id = 'g1' ORDER BY id")
    log.feedback(thumbs[0][0], 1)
    log.feedback(thumbs[1][0], -1)
    return log


def _row(log: SqlQuestionLog, row_id: int) -> tuple[object, ...]:
    return log.db.query("SELECT at, day, chat_type, user_hash, question, answered, pair_id, score, feedback,"
                        " reason FROM questions WHERE id = ?", (row_id,))[0]


def test_record_stores_one_row_per_question(log: SqlQuestionLog) -> None:
    at = datetime(2025, 3, 10, 20, 30, 5, 123456, tzinfo=UTC)
    row_id = log.record("劳模有几名？", chat_type="group", user_id=42, answered=True, pair_id="g7",
                        score=0.75, at=at)
    assert _row(log, row_id) == ("2025-03-10T20:30:05.123456Z", "2025-03-10", "group",
                                 "05072a49e7c724c2ac3638d3a54eb884", "劳模有几名", 1, "g7", 0.75, None, "")


def test_record_returns_increasing_ids(log: SqlQuestionLog) -> None:
    ids = [log.record(f"问题{n}", chat_type="cli", user_id="me", answered=False) for n in range(3)]
    assert ids == [1, 2, 3]


@pytest.mark.parametrize(("at", "stored"), [
    (datetime(2025, 3, 10, 1, 0, tzinfo=timezone(timedelta(hours=8))),
     "2025-03-09T17:00:00.000000Z"),
    (datetime(2025, 3, 10, 1, 0), "2025-03-10T01:00:00.000000Z"),  # naive: taken as UTC
])
def test_times_are_stored_in_utc(log: SqlQuestionLog, at: datetime, stored: str) -> None:
    row_id = log.record("问题", chat_type="cli", user_id=1, answered=False, at=at)
    assert _row(log, row_id)[:2] == (stored, stored[:10])


@pytest.mark.parametrize(("question", "stored"), [
    ("工会会费怎么交？", "工会会费怎么交"),
    ("  工會會費   怎麼交 ", "工会会费 怎么交"),
    ("ＡＢＣ問題！！", "abc问题"),
    ("三年了吗?", "3年了吗"),
    ("问" * 600, "问" * 500),
])
def test_questions_are_stored_normalised(log: SqlQuestionLog, question: str, stored: str) -> None:
    row_id = log.record(question, chat_type="private", user_id=1, answered=False)
    assert _row(log, row_id)[4] == stored


@pytest.mark.parametrize(("chat_type", "stored"), [
    ("private", "private"), ("group", "group"), ("supergroup", "supergroup"), ("inline", "inline"),
    ("cli", "cli"), ("channel", "channel"), ("sender", "other"),
])
def test_chat_types(log: SqlQuestionLog, chat_type: str, stored: str) -> None:
    row_id = log.record("问题", chat_type=chat_type, user_id=1, answered=False)
    assert _row(log, row_id)[2] == stored


@pytest.mark.parametrize(("user_id", "salt", "expected"), [
    (42, "pepper", "05072a49e7c724c2ac3638d3a54eb884"),
    ("42", "pepper", "05072a49e7c724c2ac3638d3a54eb884"),
    (42, "salt2", "49880b6f29933e53040be6f5c497baaa"),
])
def test_hash_user_is_a_salted_hmac(user_id: int | str, salt: str, expected: str) -> None:
    assert hash_user(user_id, salt) == expected


def test_same_user_same_hash_other_salt_other_hash(tmp_path: Path) -> None:
    first = SqlQuestionLog.open(tmp_path / "a.sqlite3", salt="one")
    second = SqlQuestionLog.open(tmp_path / "b.sqlite3", salt="two")
    for log in (first, second):
        for _ in range(2):
            log.record("问题", chat_type="private", user_id=42, answered=False)
    hashes = [{r[0] for r in log.db.query("SELECT user_hash FROM questions")} for log in (first, second)]
    first.close()
    second.close()
    assert [len(h) for h in hashes] == [1, 1]
    assert hashes[0] != hashes[1]


def test_raw_user_id_is_never_stored(tmp_path: Path) -> None:
    log = SqlQuestionLog.open(tmp_path / "questions.sqlite3", salt=SALT)
    for chat_type in ("private", "group"):
        log.record("会费怎么交", chat_type=chat_type, user_id=987654321987, answered=False)
    log.feedback_latest(987654321987, "g1", 1)
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the WAL files too, before closing
    log.close()
    data += b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"987654321987" not in data
    assert "987654321987".encode("utf-16-le") not in data


@pytest.mark.parametrize("salt", ["", "   "])
def test_an_empty_salt_is_refused(tmp_path: Path, salt: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SqlQuestionLog.open(tmp_path / "q.sqlite3", salt=salt)
    assert str(caught.value) == (
        "QUESTION_LOG_SALT is not set: the question log needs a secret salt to hash user ids "
        "(make one: python -c 'import secrets; print(secrets.token_hex(32))')")


def test_without_a_salt_the_log_only_reads(tmp_path: Path) -> None:
    log = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt=None)
    with pytest.raises(RuntimeError, match=r"^question log opened without a salt: it cannot hash user ids$"):
        log.record("问题", chat_type="cli", user_id=1, answered=False)
    assert log.stats(NOW).total == 0
    log.close()


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (-1, -1), (None, None)])
def test_feedback_by_row_id(log: SqlQuestionLog, value: int | None, expected: int | None) -> None:
    row_id = log.record("劳模有几名", chat_type="private", user_id=1, answered=True, pair_id="g1")
    log.feedback(row_id, -1 if value is None else 1)
    assert log.feedback(row_id, value) is True
    assert _row(log, row_id)[8] == expected


def test_feedback_by_hash_and_pair_marks_the_newest_row_of_that_user(log: SqlQuestionLog) -> None:
    rows = [log.record("劳模有几名", chat_type="private", user_id=user, answered=True, pair_id=pair)
            for user, pair in ((1, "g1"), (1, "g1"), (1, "g2"), (2, "g1"))]
    assert log.feedback((log.user_hash(1), "g1"), -1) is True
    assert [_row(log, r)[8] for r in rows] == [None, -1, None, None]


def test_feedback_latest_is_what_a_button_calls(log: SqlQuestionLog) -> None:
    rows = [log.record("劳模有几名", chat_type="private", user_id=user, answered=True, pair_id="g1")
            for user in (7, 7, 8)]
    assert log.feedback_latest(7, "g1", 1) is True
    assert [_row(log, r)[8] for r in rows] == [None, 1, None]


@pytest.mark.parametrize("target", [99, (hash_user(1, SALT), "g9")])
def test_feedback_on_nothing_is_false(log: SqlQuestionLog, target: int | tuple[str, str]) -> None:
    log.record("劳模有几名", chat_type="private", user_id=1, answered=True, pair_id="g1")
    assert log.feedback(target, 1) is False


@pytest.mark.parametrize("value", [0, 2, -2])
def test_feedback_values_are_checked(log: SqlQuestionLog, value: int) -> None:
    with pytest.raises(ValueError, match=f"^feedback must be 1, -1 or None, got {value}$"):
        log.feedback(1, value)


@pytest.mark.parametrize(("older_than_days", "deleted", "kept"), [
    (180, 2, ["179", "0"]),
    (30, 3, ["0"]),
    (365, 0, ["200", "181", "179", "0"]),
])
def test_purge_deletes_old_rows(log: SqlQuestionLog, older_than_days: int, deleted: int,
                                kept: list[str]) -> None:
    for days_ago in (200, 181, 179, 0):
        log.record(str(days_ago), chat_type="cli", user_id=1, answered=False,
                   at=NOW - timedelta(days=days_ago))
    assert log.purge(older_than_days=older_than_days, now=NOW) == deleted
    assert [r[0] for r in log.db.query("SELECT question FROM questions ORDER BY id")] == kept


def test_stats(filled: SqlQuestionLog) -> None:
    assert filled.stats(NOW) == Stats(
        today=7, week=9, total=11, answered_rate=2 / 11, thumbs_up=1, thumbs_down=1,
        top=(("工会会费怎么交", 3), ("你好", 2), ("全国劳模有几名", 2), ("今年职工运动会什么时候举办", 1),
             ("工会会费怎么缴纳", 1)))


def test_stats_of_an_empty_log(log: SqlQuestionLog) -> None:
    assert log.stats(NOW) == Stats(0, 0, 0, 0.0, 0, 0, ())


def test_daily_has_every_day_oldest_first(filled: SqlQuestionLog) -> None:
    assert filled.daily(days=4, now=NOW) == [
        Day(date(2025, 3, 7), 0, 0.0), Day(date(2025, 3, 8), 1, 0.0), Day(date(2025, 3, 9), 1, 0.0),
        Day(date(2025, 3, 10), 7, 2 / 7)]


def test_daily_defaults_to_30_days(filled: SqlQuestionLog) -> None:
    days = filled.daily(now=NOW)
    assert (len(days), days[0].date, sum(d.questions for d in days)) == (30, date(2025, 2, 9), 10)


@pytest.mark.parametrize(("days", "limit", "expected"), [
    (30, 20, [Group("工会会费怎么交", 4, ("工会会费怎么交", "工会会费怎么缴纳")),
              SPORTS,
              Group("全国劳模有几名", 1, ("全国劳模有几名",))]),
    (7, 20, [Group("工会会费怎么交", 4, ("工会会费怎么交", "工会会费怎么缴纳")),
             Group("今年职工运动会什么时候举办", 1, ("今年职工运动会什么时候举办",)),
             Group("全国劳模有几名", 1, ("全国劳模有几名",))]),
    (30, 1, [Group("工会会费怎么交", 4, ("工会会费怎么交", "工会会费怎么缴纳"))]),
    (60, 20, [Group("工会会费怎么交", 4, ("工会会费怎么交", "工会会费怎么缴纳")),
              SPORTS,
              Group("全国劳模有几名", 1, ("全国劳模有几名",)), Group("食堂几点开门", 1, ("食堂几点开门",))]),
])
def test_unanswered_groups_similar_questions(filled: SqlQuestionLog, days: int, limit: int,
                                             expected: list[Group]) -> None:
    assert filled.unanswered(days=days, limit=limit, now=NOW) == expected


@pytest.mark.parametrize(("counts", "expected"), [
    ([("工会会费怎么交", 1), ("工会会费怎么缴纳", 5)],
     [Group("工会会费怎么缴纳", 6, ("工会会费怎么缴纳", "工会会费怎么交"))]),
    ([("工会会费怎么交", 2), ("工会会费交多少", 1)],  # ratio 71: a different question
     [Group("工会会费怎么交", 2, ("工会会费怎么交",)), Group("工会会费交多少", 1, ("工会会费交多少",))]),
    ([("职工疗休养怎么报名", 1), ("请问职工疗休养怎么报名呢", 1)],  # contained in the other
     [Group("职工疗休养怎么报名", 2, ("职工疗休养怎么报名", "请问职工疗休养怎么报名呢"))]),
    ([("会费", 1), ("工会会费怎么交", 1)],  # too short to count as contained
     [Group("会费", 1, ("会费",)), Group("工会会费怎么交", 1, ("工会会费怎么交",))]),
    ([("食堂几点开门", 1), ("食堂几点开门?", 2), ("???", 9)],
     [Group("食堂几点开门?", 3, ("食堂几点开门?", "食堂几点开门"))]),
    ([], []),
])
def test_group_questions(counts: list[tuple[str, int]], expected: list[Group]) -> None:
    assert group_questions(counts) == expected


def test_group_variants_leave_out_the_representative() -> None:
    assert Group("甲问题", 3, ("甲问题", "乙问题", "丙问题")).variants == ("乙问题", "丙问题")


@pytest.mark.parametrize(("env", "target"), [
    ({}, "data/questions.sqlite3"),
    ({"DATA_DIR": "/srv/bot"}, "/srv/bot/questions.sqlite3"),
    ({"DATA_DIR": "/srv/bot", "DATABASE_URL": "postgresql://bot@db/bot"}, "postgresql://bot@db/bot"),
    ({"DATABASE_URL": "  "}, "data/questions.sqlite3"),
])
def test_default_target(env: dict[str, str], target: str) -> None:
    assert default_target(env) == target


def test_a_follow_up_is_grouped_with_those_asked_after_the_same_article(log: SqlQuestionLog) -> None:
    """几点开门 after one article and after another are two questions; the same after one article, one."""
    for user, thread in enumerate(["a1", "a1", "a2", None]):
        log.record("几点开门", chat_type="private", user_id=user, answered=False, reason="unsure", thread=thread,
                   at=NOW)
    log.record("几点开门？", chat_type="private", user_id=9, answered=False, reason="unsure", thread="a1", at=NOW)
    assert log.unanswered(days=1, now=NOW) == [
        Group("几点开门", 3, ("几点开门",), thread="a1"),  # stored without its question mark
        Group("几点开门", 1, ("几点开门",)),
        Group("几点开门", 1, ("几点开门",), thread="a2")]
    assert log.db.query("SELECT thread FROM questions ORDER BY id") == [("a1",), ("a1",), ("a2",), (None,), ("a1",)]
