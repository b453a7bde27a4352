"""The operators' loop, end to end: the real Application over real HTTP against the fake Bot API.

* /unanswered (admins, private chat): the last 30 days' unanswered or 👎 questions, grouped, as messages
  and as unanswered.csv; refused to everybody else in private, in groups and through edits.
* /stats: the chart after the text, only when there is something to draw.
* The admins' command menu, the question log's daily retention job, QUESTION_LOG_RETENTION_DAYS.
* Reloading the knowledge: a bad edit never replaces the good knowledge (admins read what ``check``
  would print); questions in flight finish on the old engine, each answered once; a new seed page, built
  into the running bot's knowledge, is answered from without a restart.

The pure replies (bot/telegram/admin_replies.py) are tested at the end.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import shutil
import signal
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import REPO, TG_TOKEN, RunningBot, TelegramKnowledge
from fakebot import FakeBotApi, SentMessage
from telegram import Update

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.core.errors import ConfigError
from bot.knowledge.load import check_knowledge
from bot.ops.qlog import Group, SqlQuestionLog
from bot.ops.qlog_keeper import KeptLog
from bot.ops.report import unanswered_csv
from bot.ops.settings import Settings
from bot.present.messages import Lang, say
from bot.telegram.admin import RETENTION_FIRST, RETENTION_JOB, purge_old_questions
from bot.telegram.admin_replies import reload_failed_reply, unanswered_document, unanswered_reply
from bot.telegram.service import SERVICE_KEY, Service

USER, OTHER, ADMIN, GROUP = 4242, 4343, 777, -1001234567890
PNG = b"\x89PNG\r\n\x1a\n"
LOGGED = pytest.mark.tg_settings(question_log_salt="pepper")


def svc(bot: RunningBot) -> Service:
    service = bot.app.bot_data[SERVICE_KEY]  # type: ignore[attr-defined]
    assert isinstance(service, Service)
    return service


async def stop(bot: RunningBot) -> None:
    """Stop taking updates and wait for those in flight: after this the bot sends nothing more."""
    app: Any = bot.app
    await app.updater.stop()
    await app.stop()


async def until(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def answerable(engine: Engine) -> tuple[str, Answer]:
    question = engine.examples(3)[1]
    answer = engine.ask(question)
    assert answer.answered and answer.source is not None
    return question, answer


def assert_cited(sent: SentMessage, answer: Answer) -> None:
    assert answer.source is not None
    assert sent.text.startswith(answer.text)
    assert f"出处：《{answer.source.title}》" in sent.text


async def record(bot: RunningBot, question: str, times: int = 1, *, answered: bool = False,
                 reason: str = "not_covered", days_ago: int = 0, vote: int | None = None) -> None:
    kept: Any = svc(bot).qlog
    at = datetime.now(UTC) - timedelta(days=days_ago)
    for n in range(times):
        row = await kept.query(lambda log, n=n: log.record(
            question, chat_type="private", user_id=9000 + n, answered=answered, pair_id="p1" if answered else None,
            reason="" if answered else reason, at=at))
        if vote is not None:
            await kept.query(lambda log, row=row: log.feedback(row, vote))


async def some_questions(bot: RunningBot) -> None:
    """Three groups to report (4, 2 and 1 times asked), and what /unanswered must leave out."""
    await record(bot, "工会会费怎么交？", 3)
    await record(bot, "工会会费怎么缴纳", reason="unsure")
    await record(bot, "<b>疗休养</b> & 名额", 2)
    await record(bot, "劳模评选的条件", answered=True, vote=-1)  # answered, but 👎
    await record(bot, "职工书屋在哪里", answered=True)  # answered: not a gap
    await record(bot, "你好", reason="chitchat")  # not a question about the knowledge
    await record(bot, "去年的问题", days_ago=40)  # before the last 30 days


# ---------------------------------------------------------------- /unanswered

UNANSWERED = {
    "zh": "最近 30 天没能回答（或被点了👎）的问题，相近的问法归为一组，按被问的次数排序（前 3 组，完整列表见 CSV）：\n"
          "1. 工会会费怎么交（4 次）\n"
          "    相近问法：工会会费怎么缴纳\n"
          "2. <b>疗休养</b> & 名额（2 次）\n"
          "3. 劳模评选的条件（1 次）",
    "en": "Questions I could not answer (or that got 👎) in the last 30 days, similar wordings grouped, "
          "most asked first (top 3; the full list is in the CSV):\n"
          "1. 工会会费怎么交 (4×)\n"
          "    Also asked as: 工会会费怎么缴纳\n"
          "2. <b>疗休养</b> & 名额 (2×)\n"
          "3. 劳模评选的条件 (1×)",
}
CSV = ("count,question,variants,after\n4,工会会费怎么交,工会会费怎么缴纳,\n2,<b>疗休养</b> & 名额,,\n"
       "1,劳模评选的条件,,\n")
CAPTION = {"zh": "没能回答的问题（最近 30 天，3 组），可用 Excel 打开",
           "en": "Unanswered questions (last 30 days, 3 groups), opens in Excel"}


@LOGGED
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_unanswered_lists_groups_and_attaches_the_csv(live_bot: RunningBot, lang: str) -> None:
    fake = live_bot.fake
    await some_questions(live_bot)
    fake.command(ADMIN, "unanswered", language_code=lang)
    text, document = await fake.wait_for_sent(2, chat_id=ADMIN, timeout=15)
    assert (text.kind, text.text, text.parse_mode) == ("text", UNANSWERED[lang], "HTML")
    assert "&lt;b&gt;疗休养&lt;/b&gt; &amp; 名额" in (text.html or "")  # escaped, shown as typed
    assert (document.kind, document.file_name, document.text) == ("document", "unanswered.csv", CAPTION[lang])
    assert document.message["document"]["mime_type"] == "text/csv"
    assert document.file_data is not None and document.file_data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    assert document.file_data.decode("utf-8-sig") == CSV
    assert not fake.rejected


@LOGGED
async def test_a_long_list_is_split_into_messages_telegram_takes(live_bot: RunningBot) -> None:
    fake = live_bot.fake
    for n in range(20):  # 20 long questions nobody could confuse with each other
        rng = random.Random(n)
        await record(live_bot, "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(400)), 20 - n)
    groups = await svc(live_bot).qlog.query(lambda log: log.unanswered(days=30, limit=100))  # type: ignore[union-attr]
    expected = unanswered_reply(groups, "zh").parts
    assert len(groups) == 20 and len(expected) > 1
    assert all(len(part.encode("utf-16-le")) // 2 <= 4096 for part in expected)
    fake.command(ADMIN, "unanswered")
    await fake.wait_for_sent(len(expected) + 1, chat_id=ADMIN, timeout=15)
    await stop(live_bot)
    *texts, document = fake.sent
    assert [s.html for s in texts] == list(expected) and document.kind == "document"
    assert not fake.rejected


@LOGGED
async def test_a_refused_follow_up_is_logged_with_its_thread(live_bot: RunningBot, tg_engine: Engine) -> None:
    """A member's question after an answer is logged with that answer's article, answered or not, so that
    /unanswered and `report` can say what a 几点开门 was about."""
    fake = live_bot.fake
    first = tg_engine.ask("路桥区总公会主席是谁", related=False)
    assert first.source is not None
    for question in ("路桥区总公会主席是谁", "拿了几项专利"):
        fake.private_text(USER, question)
        await fake.wait_for_sent(1 if question != "拿了几项专利" else 2)
    await stop(live_bot)
    rows = await svc(live_bot).qlog.query(  # type: ignore[union-attr]
        lambda log: log.db.query("SELECT question, answered, thread FROM questions ORDER BY id"))
    assert rows == [("路桥区总公会主席是谁", 1, None), ("拿了几项专利", 0, first.source.article)]
    assert not fake.rejected


@pytest.mark.parametrize(("lang", "line"), [("zh", "    读完《路桥交友》的回答后接着问的"),
                                            ("en", "    asked right after an answer from 《路桥交友》")])
def test_unanswered_says_what_a_follow_up_was_asked_after(lang: Lang, line: str) -> None:
    groups = [Group("几点开门", 2, ("几点开门",), thread="a1"), Group("几点开门", 1, ("几点开门",), thread="gone"),
              Group("会费怎么交", 1, ("会费怎么交",))]
    [text] = unanswered_reply(groups, lang, titles={"a1": "路桥交友"}).parts
    lines = unescape(text).splitlines()
    assert lines[2] == line and "《gone》" in lines[4] and len(lines) == 6  # an id no article has: shown as is


async def test_unanswered_without_a_question_log(live_bot: RunningBot) -> None:
    fake = live_bot.fake
    fake.command(ADMIN, "unanswered")
    await fake.wait_for_sent(1)
    await stop(live_bot)
    assert [s.text for s in fake.sent] == [say("no_question_log")]
    assert fake.calls_to("sendDocument") == []


@LOGGED
async def test_unanswered_with_nothing_to_report(live_bot: RunningBot) -> None:
    fake = live_bot.fake
    await record(live_bot, "职工书屋在哪里", answered=True)
    fake.command(ADMIN, "unanswered")
    await fake.wait_for_sent(1)
    await stop(live_bot)
    assert [s.text for s in fake.sent] == [say("unanswered_none", days=30)]
    assert fake.calls_to("sendDocument") == []


@LOGGED
@pytest.mark.parametrize(("user", "chat", "reply"), [
    (USER, None, "not_admin"),  # a member, in private
    (USER, GROUP, "not_admin"),  # a member, in a group
    (ADMIN, GROUP, "private_only"),  # the admin, but where the whole group would read the questions
])
async def test_unanswered_is_only_for_admins_in_private(live_bot: RunningBot, caplog: pytest.LogCaptureFixture,
                                                        user: int, chat: int | None, reply: str) -> None:
    fake = live_bot.fake
    await some_questions(live_bot)
    with caplog.at_level(logging.INFO, logger="bot.telegram.admin"):
        update_id = fake.command(user, "unanswered", chat_id=chat)
        await fake.wait_for_sent(1)
        await stop(live_bot)
    assert [s.text for s in fake.sent] == [say(reply)]
    assert fake.calls_to("sendDocument") == []
    refused = f"update {update_id}: /unanswered refused, the sender is not an admin"
    assert (refused in caplog.text) == (reply == "not_admin")
    assert str(USER) not in caplog.text  # the log names the update, not the member
    assert not fake.rejected


@LOGGED
@pytest.mark.parametrize("user", [USER, ADMIN])
@pytest.mark.parametrize("chat", ["private", "group"])
async def test_an_edit_into_unanswered_does_nothing(live_bot: RunningBot, user: int, chat: str) -> None:
    """Edited messages are not commands (and run_bot does not even ask Telegram for them)."""
    fake, app = live_bot.fake, live_bot.app
    await some_questions(live_bot)
    chat_id = GROUP if chat == "group" else user
    asked = fake.group_text(GROUP, user, "@union_qa_bot 你好") if chat == "group" else fake.private_text(user, "你好")
    assert asked is not None
    await fake.wait_for_sent(1)
    fake.edited_text(chat_id, fake.injected[asked]["message"]["message_id"], "/unanswered@union_qa_bot")
    await app.process_update(Update.de_json(fake.injected[max(fake.injected)], app.bot))  # type: ignore[attr-defined]
    await stop(live_bot)
    assert len(fake.sent) == 1 and fake.calls_to("sendDocument") == []


# ---------------------------------------------------------------- /stats chart


@LOGGED
async def test_stats_sends_the_chart_after_the_text(live_bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib", reason="the chart needs matplotlib")
    import bot.telegram.admin

    fake, drawn_in = live_bot.fake, []
    real = bot.telegram.admin.stats_chart_png

    def chart(days: Any) -> bytes | None:
        drawn_in.append(threading.current_thread())
        return real(days)

    monkeypatch.setattr(bot.telegram.admin, "stats_chart_png", chart)
    await some_questions(live_bot)
    fake.command(ADMIN, "stats")
    text, photo = await fake.wait_for_sent(2, chat_id=ADMIN, timeout=30)
    assert text.kind == "text" and text.text.startswith("运行") and "问题日志：今天 9 个" in text.text
    assert (photo.kind, photo.text) == ("photo", say("stats_chart", days=30))
    assert photo.file_data is not None and photo.file_data.startswith(PNG)
    assert drawn_in and drawn_in[0] is not threading.main_thread()  # drawn off the event loop
    assert not fake.rejected


@LOGGED
@pytest.mark.parametrize("case", ["empty log", "no matplotlib", "log fails"])
async def test_stats_without_a_chart(live_bot: RunningBot, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    fake = live_bot.fake
    if case != "empty log":
        await some_questions(live_bot)
    if case == "no matplotlib":
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # importing it now fails

    def fail(**_: Any) -> Any:
        raise RuntimeError("disk gone")

    if case == "log fails":
        monkeypatch.setattr(SqlQuestionLog, "daily", fail)
    fake.command(ADMIN, "stats")
    [text] = await fake.wait_for_sent(1, chat_id=ADMIN)
    await stop(live_bot)
    assert text.text.startswith("运行")
    assert [s.kind for s in fake.sent] == ["text"] and fake.calls_to("sendPhoto") == []


# ---------------------------------------------------------------- the admins' command menu


class StrictMenus(FakeBotApi):
    """As Telegram: no command menu for a chat the bot has never seen ("Bad Request: chat not found")."""

    async def _m_setMyCommands(self, p: dict[str, Any], files: dict[str, Any]) -> bool:
        scope = p.get("scope") or {}
        if scope.get("type") == "chat":
            self._chat({"chat_id": scope.get("chat_id")}, check_blocked=False)
        return await super()._m_setMyCommands(p, files)


async def test_admins_get_their_commands_in_their_private_chat(start_bot: Any, tg_engine: Engine,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    async with StrictMenus(TG_TOKEN) as fake:
        fake.add_chat(ADMIN)  # this admin has talked to the bot before; 888 has not
        with caplog.at_level(logging.INFO, logger="bot.telegram.admin"):
            bot = await start_bot(tg_engine, fake=fake, admin_ids=frozenset({ADMIN, 888}))
            question, answer = answerable(tg_engine)
            fake.private_text(USER, question)
            [reply] = await fake.wait_for_sent(1)
            await stop(bot)
    assert_cited(reply, answer)
    menu = fake.commands[(json.dumps({"chat_id": ADMIN, "type": "chat"}), "")]
    english = fake.commands[(json.dumps({"chat_id": ADMIN, "type": "chat"}), "en")]
    assert [c["command"] for c in menu] == ["start", "help", "ask", "sources", "stats", "reload", "unanswered"]
    assert [c["description"] for c in menu[-3:]] == [say("cmd_stats"), say("cmd_reload"), say("cmd_unanswered")]
    assert english[-1]["description"] == say("cmd_unanswered", "en")
    assert [c["command"] for c in fake.commands[('{"type": "default"}', "")]] == ["start", "help", "ask", "sources"]
    assert [(r.method, r.params["scope"]["chat_id"], r.description) for r in fake.rejected] == [
        ("setMyCommands", 888, "Bad Request: chat not found")]
    assert "no admin command menu for 888 (yet)" in caplog.text


# ---------------------------------------------------------------- retention


@pytest.mark.parametrize(("value", "days"), [(None, 180), ("30", 30), (" 1 ", 1), ("36500", 36500)])
def test_retention_setting(value: str | None, days: int) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TG_TOKEN, **({"QUESTION_LOG_RETENTION_DAYS": value} if value else {})}
    assert Settings.from_env(env).retention_days == days


@pytest.mark.parametrize("value", ["0", "-5", "abc", "36501", "1.5"])
def test_bad_retention_setting_is_named(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TG_TOKEN, "QUESTION_LOG_RETENTION_DAYS": value})
    assert str(caught.value) == f"QUESTION_LOG_RETENTION_DAYS: '{value}' is not a whole number from 1 to 36500"


@pytest.mark.tg_settings(question_log_salt="pepper", retention_days=30)
async def test_retention_job_runs_daily_and_purges(live_bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    app: Any = live_bot.app
    [job] = app.job_queue.get_jobs_by_name(RETENTION_JOB)
    assert job.job.trigger.interval == timedelta(days=1)
    assert timedelta(0) < job.next_t - datetime.now(UTC) <= RETENTION_FIRST  # first run soon after start
    for days_ago in (45, 31, 29, 0):
        await record(live_bot, f"{days_ago} 天前的问题", days_ago=days_ago)
    with caplog.at_level(logging.INFO, logger="bot.telegram.admin"):
        await job.run(app)  # what the job queue does when the time comes
    assert (await svc(live_bot).qlog.query(lambda log: log.stats())).total == 2  # type: ignore[union-attr]
    assert "question log: 2 question(s) older than 30 days deleted" in caplog.text


async def test_no_retention_job_without_a_question_log(tg_bot: RunningBot) -> None:
    assert tg_bot.app.job_queue.get_jobs_by_name(RETENTION_JOB) == ()  # type: ignore[attr-defined]


class _BrokenLog:
    def purge(self, **_: Any) -> int:
        raise OSError("disk gone")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("case", ["log", "no log", "broken log"])
async def test_purge_job_function(tg_engine: Engine, tg_settings: Settings, tmp_path: Path,
                                  caplog: pytest.LogCaptureFixture, case: str) -> None:
    log = KeptLog(lambda: SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="pepper"))
    now = datetime.now(UTC)
    for days_ago in (8, 6):
        await log.query(lambda db, d=days_ago: db.record("问题", chat_type="private", user_id=1, answered=False,
                                                         at=now - timedelta(days=d)))
    qlog: Any = {"log": log, "no log": None, "broken log": KeptLog(_BrokenLog)}[case]  # type: ignore[arg-type]
    service = Service(tg_engine, replace(tg_settings, retention_days=7), qlog)
    with caplog.at_level(logging.INFO, logger="bot.telegram.admin"):
        await purge_old_questions(SimpleNamespace(bot_data={SERVICE_KEY: service}))  # type: ignore[arg-type]
    assert (await log.query(lambda db: db.stats())).total == (1 if case == "log" else 2)
    assert ("question log: 1 question(s) older than 7 days deleted" in caplog.text) == (case == "log")
    assert ("question log: purge failed" in caplog.text) == (case == "broken log")
    await log.close()


# ---------------------------------------------------------------- reloading the knowledge

GOOD_QA = "version: 1\nqa:\n- id: c901\n  question: 劳模有多少人？\n  answer: 8人。\n"
BROKEN = {  # what an operator's editor may leave in knowledge/curated/ for a moment, or for good
    "YAML syntax error": ("x<b>&.yaml", "version: 1\nqa: [\n"),
    "broken reference": ("qa.yaml", GOOD_QA + "  source: {article: a123, paragraph: 3}\n"),
    "half-saved file": ("qa.yaml", GOOD_QA[:52]),  # ends in "  answ"
    "emptied before the new text is written": ("qa.yaml", ""),
}


def check_says(kb: Path) -> str:
    """What the admins must read: ``python -m bot check``'s lines under the reload_failed heading."""
    problems, _ = check_knowledge(kb)
    assert problems
    return "\n".join([say("reload_failed", n=len(problems)), *(str(p) for p in problems)])


@pytest.mark.parametrize("case", list(BROKEN))
async def test_a_bad_edit_never_replaces_the_good_knowledge(start_bot: Any, kb_copy: Path,
                                                            tg_knowledge: TelegramKnowledge, case: str) -> None:
    engine = Engine.load(kb_copy, cache_dir=tg_knowledge.cache)
    question, answer = answerable(engine)
    name, text = BROKEN[case]
    (kb_copy / "curated").mkdir(exist_ok=True)
    (kb_copy / "curated" / name).write_text(text, encoding="utf-8")  # saved before the admin's /reload
    bot = await start_bot(engine, knowledge_dir=kb_copy)
    fake = bot.fake
    fake.command(ADMIN, "reload")
    [failed] = await fake.wait_for_sent(1, chat_id=ADMIN, timeout=30)
    assert failed.text == check_says(kb_copy)
    assert svc(bot).engine is engine
    fake.private_text(USER, question)  # still answered, from the last good knowledge
    [reply] = await fake.wait_for_sent(1, chat_id=USER)
    assert_cited(reply, answer)

    (kb_copy / "curated" / name).unlink()  # the operator fixes it
    fake.command(ADMIN, "reload")
    sent = await fake.wait_for_sent(2, chat_id=ADMIN, timeout=30)
    assert sent[1].text == say("reloaded", articles=len(engine.articles), pairs=len(engine.knowledge.pairs))
    assert svc(bot).engine is not engine
    assert not fake.rejected


def save(path: Path, text: str) -> None:
    """As a careful editor saves: a temporary file renamed over the old one (the watcher ignores *.tmp)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


async def watching(bot: RunningBot, kb: Path) -> None:
    """Until the file watcher has reloaded once: from then on it sees every change (it starts watching
    a moment after start-up, and a change made before that moment is only seen with the next one)."""
    service, probe = svc(bot), next((kb / "generated").glob("*.yaml"))
    engine, deadline = service.engine, time.monotonic() + 30
    while service.engine is engine:
        assert time.monotonic() < deadline, "the knowledge watcher never reloaded"
        save(probe, probe.read_text(encoding="utf-8"))
        await asyncio.sleep(0.2)


async def test_the_watcher_tells_admins_what_check_would(start_bot: Any, kb_copy: Path,
                                                         tg_knowledge: TelegramKnowledge) -> None:
    (kb_copy / "curated").mkdir()
    bot = await start_bot(Engine.load(kb_copy, cache_dir=tg_knowledge.cache), knowledge_dir=kb_copy)
    fake, service = bot.fake, svc(bot)
    fake.add_chat(ADMIN)  # the admin has talked to the bot before
    await watching(bot, kb_copy)
    good = service.engine
    save(kb_copy / "curated" / "x<b>&.yaml", "version: 1\nqa: [\n")
    expected = check_says(kb_copy)  # "x<b>&.yaml", "'<stream end>'": escaped, shown as they are
    await fake.wait_for(lambda: any(s.text == expected for s in fake.sent), timeout=30, what="the alert")
    assert all(s.chat_id == ADMIN and "&lt;stream end&gt;" in (s.html or "") for s in fake.sent)
    assert service.engine is good
    assert not fake.rejected


def test_reloading_the_same_knowledge_leaves_segmentation_alone(tg_knowledge: TelegramKnowledge) -> None:
    first = Engine.load(tg_knowledge.kb, cache_dir=tg_knowledge.cache)
    question = first.knowledge.pairs[0].question
    before = first.segmenter.known(question)
    second = Engine.load(tg_knowledge.kb, cache_dir=tg_knowledge.cache)  # what /reload and the watcher do
    assert first.segmenter.known(question) == second.segmenter.known(question) == before
    assert first.ask(question) == second.ask(question)


class _Gated:
    """The old engine, holding every question until ``gate`` opens (in the engine's worker thread)."""

    def __init__(self, engine: Engine) -> None:
        self._engine, self.gate, self._lock = engine, threading.Event(), threading.Lock()
        self.entered: list[str] = []
        self.answered: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def ask(self, question: str, *, related: bool = True, after: str | None = None) -> Answer:
        with self._lock:
            self.entered.append(question)
        self.gate.wait(30)
        answer = self._engine.ask(question, related=related, after=after)
        with self._lock:
            self.answered.append(question)
        return answer


async def test_questions_in_flight_finish_on_the_old_engine(live_bot: RunningBot, tg_engine: Engine) -> None:
    fake, service = live_bot.fake, svc(live_bot)
    old = _Gated(tg_engine)
    service.engine = old  # type: ignore[assignment]
    question, answer = answerable(tg_engine)
    members = [USER + n for n in range(4)]
    for member in members:
        fake.private_text(member, question)
    await until(lambda: len(old.entered) == len(members))  # all four are being answered
    fake.command(ADMIN, "reload")
    [reloaded] = await fake.wait_for_sent(1, chat_id=ADMIN, timeout=30)
    assert reloaded.text.startswith("知识库已重新加载")
    assert service.engine is not old  # swapped while the questions were in flight
    old.gate.set()
    fake.private_text(OTHER, question)  # asked after the swap
    await fake.wait_for_sent(len(members) + 2, timeout=30)
    await stop(live_bot)
    for member in [*members, OTHER]:
        [reply] = [s for s in fake.sent if s.chat_id == member]  # exactly one reply each
        assert_cited(reply, answer)
    assert old.answered == [question] * len(members)  # the old engine finished them; not the last one
    assert not fake.rejected


NEW_TITLE = "巾帼建功新时代 宁海县总工会为一线女职工送上“暖心包”"  # in tests/data/seeds/second_page.txt
NEW_QUESTION = "宁海县总工会今年发放了多少份暖心包？"


async def python_m_bot(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=REPO, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


@pytest.mark.parametrize("picked_up_by", ["watcher", "/reload"])
async def test_a_new_seed_page_is_answered_without_a_restart(tg_fake: FakeBotApi, kb_copy: Path, tmp_path: Path,
                                                             tg_knowledge: TelegramKnowledge,
                                                             picked_up_by: str) -> None:
    """The operator's steps, each its own process as in production: the bot runs (``python -m bot run``);
    a new page goes into seeds/ and ``python -m bot build`` writes the knowledge the bot answers from; then
    the watcher (or /reload) brings it in, and the next member asking gets the new article, cited."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE_DIR"))},
           "TELEGRAM_BOT_TOKEN": TG_TOKEN, "TELEGRAM_API_BASE_URL": tg_fake.base_url, "LOG_LEVEL": "INFO",
           "KNOWLEDGE_DIR": str(kb_copy), "UNIONBOT_CACHE_DIR": str(tg_knowledge.cache),
           "TELEGRAM_ADMIN_IDS": str(ADMIN)}
    bot, logged = await python_m_bot("run", env=env), list[str]()

    async def read_log() -> None:
        assert bot.stderr is not None
        async for line in bot.stderr:
            logged.append(line.decode(errors="replace"))

    reader = asyncio.create_task(read_log())
    try:
        tg_fake.private_text(USER, NEW_QUESTION)
        [before] = await tg_fake.wait_for_sent(1, timeout=60)
        assert NEW_TITLE not in before.text

        seeds = tmp_path / "seeds"
        seeds.mkdir()
        for page in [*(REPO / "seeds").glob("*.txt"), REPO / "tests" / "data" / "seeds" / "second_page.txt"]:
            shutil.copy2(page, seeds / page.name)
        build = await python_m_bot("build", "--seeds", str(seeds), "--kb", str(kb_copy), env=env)
        _, errors = await asyncio.wait_for(build.communicate(), timeout=120)
        assert build.returncode == 0, errors.decode()
        if picked_up_by == "/reload":
            tg_fake.command(ADMIN, "reload")
            await tg_fake.wait_for(lambda: [s for s in tg_fake.sent if s.chat_id == ADMIN and s.text.startswith(
                "知识库已重新加载：11 篇文章")], timeout=60, what="the /reload reply")
        else:
            await until(lambda: any("knowledge reloaded: 11 articles" in line for line in logged), timeout=60)

        tg_fake.private_text(USER, NEW_QUESTION)
        _, after = await tg_fake.wait_for_sent(2, chat_id=USER, timeout=30)
        assert "今年全县共发放2000份" in after.text and f"出处：《{NEW_TITLE}》" in after.text
        assert not [s for s in tg_fake.sent if s.text.startswith("知识库有")]  # no half-built state was seen
        assert not tg_fake.rejected
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), timeout=30)
        await reader
    assert bot.returncode == 0, "".join(logged)


# ---------------------------------------------------------------- pure replies


def test_reload_failed_reply_lists_ten_problems_then_counts() -> None:
    problems = [f"knowledge/curated/x<{n}>.yaml:{n}: bad & worse" for n in range(1, 13)]
    [part] = reload_failed_reply(problems, "zh").parts
    assert part.splitlines() == ["知识库有 12 处错误，继续使用原来的版本：",
                                 *(f"knowledge/curated/x&lt;{n}&gt;.yaml:{n}: bad &amp; worse" for n in range(1, 11)),
                                 "……另有 2 处；运行 python -m bot check 查看全部。"]


@pytest.mark.parametrize(("members", "line"), [
    (("会费",), None),
    (("会费", "会费a", "会费b"), "    相近问法：会费a | 会费b"),
    (("会费", *(f"会费{n}" for n in range(1, 8))),
     "    相近问法：会费1 | 会费2 | 会费3 | 会费4 | 会费5 | ……另有 2 种问法"),
])
def test_unanswered_reply_shows_five_wordings(members: tuple[str, ...], line: str | None) -> None:
    [part] = unanswered_reply([Group("会费", 9, members)], "zh").parts
    assert part.splitlines()[1] == "1. 会费（9 次）"
    assert part.splitlines()[2:] == ([line] if line else [])


def test_unanswered_reply_is_split_under_telegrams_limit() -> None:
    groups = [Group(f"{n}<&>" + "问" * 480, 30 - n, (f"{n}<&>" + "问" * 480,)) for n in range(30)]
    parts = unanswered_reply(groups, "zh", shown=30).parts
    assert len(parts) > 1 and all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert all("<&>" not in p for p in parts)  # escaped
    assert sum(p.count("&lt;&amp;&gt;") for p in parts) == 30


def test_unanswered_document_is_the_report_csv_for_excel() -> None:
    groups = [Group("会费怎么交", 2, ("会费怎么交", "会费如何交"))]
    assert unanswered_document(groups) == b"\xef\xbb\xbf" + unanswered_csv(groups).encode()
