"""End to end: the real Application over real HTTP against the strict fake Bot API (tests/fakebot.py).

Every test goes member → fake server → getUpdates → handlers → Bot API call → fake server, and
checks what the member would see, and that the fake (Telegram's rules) rejected nothing.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from conftest import TG_TOKEN, FaultyEngine, RunningBot, TelegramKnowledge, cli_env, run_cli, stop_cli
from fakebot import FakeBotApi, SentMessage

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.ops.qlog import SqlQuestionLog
from bot.ops.settings import Settings
from bot.present.messages import say
from bot.telegram.app import RedactToken, build_application, open_question_log, redact
from bot.telegram.service import SERVICE_KEY, Service

USER = 4242
GROUP = -1001234567890


def svc(bot: RunningBot) -> Service:
    service = bot.app.bot_data[SERVICE_KEY]  # type: ignore[attr-defined]
    assert isinstance(service, Service)
    return service


def answerable(engine: Engine) -> tuple[str, Answer]:
    question = engine.examples(3)[1]
    answer = engine.ask(question)
    assert answer.answered and answer.source is not None
    return question, answer


def assert_cited(sent: SentMessage, answer: Answer, cite: str = "出处") -> None:
    assert answer.source is not None
    assert answer.text in sent.text
    assert f"{cite}：《{answer.source.title}》" in sent.text
    assert sent.parse_mode == "HTML"


# ---------------------------------------------------------------- private chat


async def test_private_question_gets_cited_answer(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    assert_cited(reply, answer)
    assert [b["text"] for b in reply.buttons] == ["原文", "👍", "👎"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in reply.buttons)
    assert reply.reply_to_message_id is None  # no quoting in a private chat
    assert not fake.rejected


@pytest.mark.parametrize("question", [
    "<b>劳模</b> & <i>工匠",
    "a < b && c > d 劳模 &amp; &#x27; </i>",
    "劳模" * 2000,  # 4000 characters
    "   ",
    "你好",
    "后天刮不刮风",
])
async def test_any_text_gets_an_accepted_reply(tg_bot: RunningBot, question: str) -> None:
    fake = tg_bot.fake
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    assert reply.text
    assert not fake.rejected


async def test_a_follow_up_is_read_after_the_member_s_last_answer(tg_bot: RunningBot, tg_engine: Engine) -> None:
    """有多少人参加 alone fits several articles; right after an answer about 浙工缘 it asks about that."""
    fake, follow_up = tg_bot.fake, "有多少人参加"
    first = tg_engine.ask("路桥区总公会主席是谁", related=False)
    assert first.answered and first.source is not None and not tg_engine.ask(follow_up).answered
    fake.private_text(USER, "路桥区总公会主席是谁")
    fake.private_text(USER + 1, follow_up)  # another member, with no answer before: read alone
    await fake.wait_for_sent(2)
    fake.private_text(USER, follow_up)
    sent = await fake.wait_for_sent(3)
    assert_cited(sent[2], tg_engine.ask(follow_up, related=False, after=first.source.article))
    assert "60名" in sent[2].text and sent[2].chat_id == USER
    [other] = [m for m in sent if m.chat_id == USER + 1]
    assert "60名" not in other.text
    assert svc(tg_bot).threads.after((USER, USER), time.monotonic()) == first.source.article
    assert not fake.rejected


async def test_choosing_an_article_answers_the_broad_question_there(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake, question = tg_bot.fake, "有多少人参加"
    fake.private_text(USER, question)
    [offer] = await fake.wait_for_sent(1)
    [button] = [b for b in offer.buttons if "浙工缘" in b["text"]]
    fake.click(USER, offer, button["text"])
    sent = await fake.wait_for_sent(2)
    assert "60名" in sent[1].text and "浙工缘" in sent[1].text
    fake.click(USER, offer, button["text"])  # chosen again: the same answer (the choices stay)
    sent = await fake.wait_for_sent(3)
    assert sent[2].text == sent[1].text
    assert not fake.rejected


async def test_a_paragraph_read_starts_a_thread(tg_bot: RunningBot, tg_engine: Engine) -> None:
    """A refusal's 📄 原文 button shows a paragraph; the member's next question follows its article."""
    fake, question = tg_bot.fake, "工会会费怎么交"
    refused = tg_engine.ask(question, related=False)
    assert not refused.answered and refused.passage is not None
    fake.private_text(USER, question)
    [offer] = await fake.wait_for_sent(1)
    assert svc(tg_bot).threads.after((USER, USER), time.monotonic()) is None
    [button] = [b for b in offer.buttons if b["callback_data"].startswith("o:")]
    fake.click(USER, offer, button["text"])
    await fake.wait_for_sent(2)
    assert svc(tg_bot).threads.after((USER, USER), time.monotonic()) == refused.passage.article
    assert not fake.rejected


async def test_english_member_gets_english(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    fake.private_text(USER, question, language_code="en-US")
    [reply] = await fake.wait_for_sent(1)
    assert_cited(reply, answer, cite="Source")
    assert "paragraph" in reply.text and reply.buttons[0]["text"] == "Original"
    fake.command(USER + 1, "start", language_code="en")
    sent = await fake.wait_for_sent(1, chat_id=USER + 1)
    assert sent[0].text.startswith("Hello!")
    assert not fake.rejected


async def test_not_covered_is_honest_and_lists_topics(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    fake.private_text(USER, "量子色动力学的渐近自由是什么")
    [reply] = await fake.wait_for_sent(1)
    assert reply.text.startswith("抱歉")
    assert tg_engine.articles[0].title in reply.text
    assert not fake.rejected


async def test_sticker_gets_a_hint(tg_bot: RunningBot) -> None:
    tg_bot.fake.sticker(USER)
    [reply] = await tg_bot.fake.wait_for_sent(1)
    assert reply.text == say("non_text")


# ---------------------------------------------------------------- commands


@pytest.mark.parametrize("command", ["start", "help"])
async def test_start_and_help(tg_bot: RunningBot, tg_engine: Engine, command: str) -> None:
    fake = tg_bot.fake
    fake.command(USER, command)
    [reply] = await fake.wait_for_sent(1)
    assert reply.text.startswith("您好")
    assert all(a.title in reply.text for a in tg_engine.articles)
    assert [b["text"] for b in reply.buttons] == tg_engine.examples(3)
    assert all(b["callback_data"].startswith("s:") for b in reply.buttons)
    assert not fake.rejected


async def test_example_button_answers(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    fake.command(USER, "start")
    [welcome] = await fake.wait_for_sent(1)
    example = welcome.buttons[0]["text"]
    fake.click(USER, welcome, example)
    sent = await fake.wait_for_sent(2)
    assert_cited(sent[1], tg_engine.ask(example))
    assert fake.calls_to("answerCallbackQuery")
    assert not fake.rejected


async def test_sources(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    fake.command(USER, "sources")
    [reply] = await fake.wait_for_sent(1)
    assert f"共 {len(tg_engine.articles)} 篇" in reply.text
    assert all(f"《{a.full_title}》" in reply.text for a in tg_engine.articles)


async def test_command_menu_is_set_in_both_languages(tg_bot: RunningBot) -> None:
    menus = tg_bot.fake.commands
    default = menus[('{"type": "default"}', "")]
    english = menus[('{"type": "default"}', "en")]
    assert [c["command"] for c in default] == ["start", "help", "ask", "sources"]
    assert default[0]["description"] == say("cmd_start", "zh")
    assert english[0]["description"] == say("cmd_start", "en")


@pytest.mark.parametrize(("user", "allowed"), [(777, True), (USER, False)])
async def test_admin_commands(tg_bot: RunningBot, user: int, allowed: bool) -> None:
    fake = tg_bot.fake
    fake.command(user, "stats")
    fake.command(user, "reload")
    sent = await fake.wait_for_sent(2, timeout=15)
    texts = sorted(s.text for s in sent)
    if allowed:
        assert any(t.startswith("运行") for t in texts)
        assert any(t.startswith("知识库已重新加载") for t in texts)
    else:
        assert texts == [say("not_admin")] * 2
    assert not fake.rejected


# ---------------------------------------------------------------- groups


async def test_group_mention_reply_and_ask(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    asked = fake.group_text(GROUP, USER, f"@union_qa_bot {question}")
    assert asked is not None
    [first] = await fake.wait_for_sent(1)
    assert_cited(first, answer)
    assert first.reply_to_message_id is not None  # quoted, so the group sees which question it answers

    fake.group_text(GROUP, USER + 1, question, reply_to_bot_message_id=first.message_id)
    fake.command(USER + 2, "ask", question, chat_id=GROUP)
    sent = await fake.wait_for_sent(3)
    for reply in sent[1:]:
        assert_cited(reply, answer)
    assert not fake.rejected


async def test_a_reply_to_an_answer_follows_its_article(tg_bot: RunningBot, tg_engine: Engine) -> None:
    """In a group, another member's question sent as a reply to the bot's answer is read after that answer."""
    fake, follow_up = tg_bot.fake, "有多少人参加"
    fake.group_text(GROUP, USER, "@union_qa_bot 路桥区总公会主席是谁")
    [first] = await fake.wait_for_sent(1)
    fake.group_text(GROUP, USER + 1, follow_up, reply_to_bot_message_id=first.message_id)
    sent = await fake.wait_for_sent(2)
    assert "60名" in sent[1].text and sent[1].reply_to_message_id is not None
    fake.group_text(GROUP, USER + 2, f"@union_qa_bot {follow_up}")  # not a reply, no answer before: alone
    sent = await fake.wait_for_sent(3)
    assert "60名" not in sent[2].text
    assert not fake.rejected


async def test_ask_without_question_explains(tg_bot: RunningBot) -> None:
    tg_bot.fake.command(USER, "ask", chat_id=GROUP)
    [reply] = await tg_bot.fake.wait_for_sent(1)
    assert reply.text == say("ask_usage")


async def test_group_chatter_is_ignored(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    fake.privacy_mode = False  # deliver every group message, as for a bot that is a group admin
    question, _ = answerable(tg_engine)
    for text in (question, "大家好", "@someone_else 你好", "email me at x@union_qa_bot.org"):
        assert fake.group_text(GROUP, USER, text) is not None
    fake.command(USER, "ask", question, chat_id=GROUP)
    sent = await fake.wait_for_sent(1)
    await fake.wait_confirmed()
    await asyncio.sleep(0.3)
    assert len(fake.sent) == 1 and sent[0].text.startswith(tg_engine.ask(question).text)
    assert len(fake.calls_to("sendMessage")) == 1


# ---------------------------------------------------------------- buttons


async def test_did_you_mean_buttons_answer(tg_fake: FakeBotApi, tg_settings: Any,
                                           tg_knowledge: TelegramKnowledge) -> None:
    strict = Engine.load(tg_knowledge.kb, threshold=0.99, cache_dir=tg_knowledge.cache)
    candidates = ("劳模工匠讲了什么", "浙工缘活动在哪里举行", "南浔培育多少名标兵", "金华文明城市", "安全讲座")
    question = next(q for q in candidates if not strict.ask(q).answered and strict.ask(q).suggestions)
    async with _bot(tg_fake, tg_settings, strict):
        tg_fake.private_text(USER, question)
        [unsure] = await tg_fake.wait_for_sent(1)
        assert unsure.text == say("unsure")
        *suggested, passage = unsure.buttons  # the passage that may hold the answer comes last
        assert 1 <= len(suggested) <= 3 and passage["callback_data"].startswith("o:")
        choice = suggested[0]
        tg_fake.callback(USER, unsure, choice["callback_data"])
        sent = await tg_fake.wait_for_sent(2)
        assert_cited(sent[1], strict.answer_id(choice["callback_data"][2:]))  # type: ignore[arg-type]
        tg_fake.callback(USER, unsure, passage["callback_data"])
        sent = await tg_fake.wait_for_sent(3)
        offered = strict.ask(question).passage
        assert offered is not None and f"《{offered.title}》" in sent[2].text
        assert not tg_fake.rejected


async def test_original_paragraph_button(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    fake.click(USER, reply, "原文")
    sent = await fake.wait_for_sent(2)
    assert answer.paragraph_text.strip() in sent[1].text
    assert "出处：《" in sent[1].text
    assert len(fake.calls_to("answerCallbackQuery")) == 1
    assert not fake.rejected


@pytest.mark.parametrize(("button", "count"), [("👍", "up"), ("👎", "down")])
async def test_feedback_buttons(tg_bot: RunningBot, tg_engine: Engine, button: str, count: str) -> None:
    fake = tg_bot.fake
    question, _ = answerable(tg_engine)
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    fake.click(USER, reply, button)
    sent = await fake.wait_for_sent(2)
    assert sent[1].text == say("thanks")
    [answered] = fake.calls_to("answerCallbackQuery")
    assert answered["text"] == say("thanks")
    assert [b["text"] for b in reply.buttons] == ["原文"]  # voted once: the vote buttons are gone
    assert svc(tg_bot).counts[count] == 1
    assert not fake.rejected


async def test_stale_button_is_answered(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, _ = answerable(tg_engine)
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1)
    reply.message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] = "s:gone-after-reload"
    fake.callback(USER, reply, "s:gone-after-reload")
    sent = await fake.wait_for_sent(2)
    assert sent[1].text == say("gone")
    assert not fake.rejected


# ---------------------------------------------------------------- inline mode


async def test_inline_query_returns_cited_cards(tg_bot: RunningBot) -> None:
    fake = tg_bot.fake
    update = fake.inline_query(USER, "劳模")
    result = await fake.wait_for_inline_answer(update)
    cards = result["results"]
    assert 1 <= len(cards) <= 5
    assert len({c["id"] for c in cards}) == len(cards)
    assert all(len(c["id"].encode()) <= 64 for c in cards)
    for card in cards:
        content = card["input_message_content"]
        assert "出处：《" in content["message_text"] and content["parse_mode"] == "HTML"
    assert not fake.rejected


async def test_empty_inline_query_shows_examples(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    result = await fake.wait_for_inline_answer(fake.inline_query(USER, ""))
    assert [c["title"] for c in result["results"]] == tg_engine.examples(3)
    assert not fake.rejected


# ---------------------------------------------------------------- robustness


async def test_failure_apologises_logs_update_id_and_keeps_running(
        tg_bot: RunningBot, tg_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    fake = tg_bot.fake
    svc(tg_bot).engine = FaultyEngine(tg_engine)  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR):
        update_id = fake.private_text(USER, "boom")
        [apology] = await fake.wait_for_sent(1)
    assert apology.text == say("error")
    assert f"update {update_id} failed" in caplog.text and "engine exploded" in caplog.text
    assert TG_TOKEN not in caplog.text
    question, answer = answerable(tg_engine)
    fake.private_text(USER, question)
    sent = await fake.wait_for_sent(2)
    assert_cited(sent[1], answer)


async def test_flood_limit_is_waited_out(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    fake.fail_next("sendMessage", 429, retry_after=1)  # Telegram: "Too Many Requests: retry after 1"
    fake.private_text(USER, question)
    [reply] = await fake.wait_for_sent(1, timeout=10)
    assert_cited(reply, answer)
    assert [(method, fault.status) for method, fault in fake.faulted] == [("sendMessage", 429)]
    assert not fake.rejected


async def test_member_who_blocked_the_bot(tg_bot: RunningBot, tg_engine: Engine,
                                          caplog: pytest.LogCaptureFixture) -> None:
    fake = tg_bot.fake
    question, answer = answerable(tg_engine)
    fake.private_text(USER, "hello")  # the chat exists; then the member blocks the bot
    await fake.wait_for_sent(1)
    fake.block_chat(USER)
    with caplog.at_level(logging.INFO):
        update_id = fake.private_text(USER, question)
        fake.private_text(USER + 1, question)
        await fake.wait_for_sent(2)
        await _until(lambda: "Forbidden" in caplog.text)
    assert f"update {update_id}: Forbidden: bot was blocked by the user" in caplog.text
    assert "Traceback" not in caplog.text
    assert_cited(fake.sent[1], answer)


async def test_slow_question_does_not_block_others(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    svc(tg_bot).engine = FaultyEngine(tg_engine)  # type: ignore[assignment]
    question, _ = answerable(tg_engine)
    fake.private_text(USER, "slow")
    for user in range(5):
        fake.private_text(USER + 1 + user, question)
    first = await fake.wait_for_sent(5)
    assert all(s.chat_id != USER for s in first)
    await fake.wait_for_sent(6)


async def test_typing_shows_while_a_slow_answer_is_worked_out(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    svc(tg_bot).engine = FaultyEngine(tg_engine)  # type: ignore[assignment]
    fake.private_text(USER, "slow")
    await fake.wait_for_sent(1)
    methods = [c.method for c in fake.calls if c.method in ("sendChatAction", "sendMessage")]
    assert methods == ["sendChatAction", "sendMessage"]  # typing first, never after the answer
    assert fake.calls_to("sendChatAction")[0] == {"chat_id": USER, "action": "typing"}


@pytest.mark.tg_settings(rate_limit_per_minute=2)
async def test_rate_limit_per_member(tg_bot: RunningBot, tg_engine: Engine) -> None:
    fake = tg_bot.fake
    question, _ = answerable(tg_engine)
    for _ in range(4):
        fake.private_text(USER, question)
        await fake.wait_confirmed()
    fake.private_text(777, question)  # admins are not limited, and this marks the end
    await fake.wait_for_sent(1, chat_id=777)
    await asyncio.sleep(0.2)
    texts = [s.text for s in fake.sent if s.chat_id == USER]
    assert len(texts) == 3 and texts.count(say("slow_down")) == 1  # then silence, not a reply per message


async def test_stop_finishes_updates_in_flight(tg_fake: FakeBotApi, tg_settings: Any,
                                               tg_engine: Engine) -> None:
    async with _bot(tg_fake, tg_settings, FaultyEngine(tg_engine)) as app:
        tg_fake.private_text(USER, "slow")
        await tg_fake.wait_for_call("sendChatAction")
        await app.updater.stop()
        await app.stop()  # waits for the slow answer
        assert len(tg_fake.sent) == 1


class _bot:
    """An application over ``engine`` (for tests that need their own engine or settings),
    started and stopped with the same steps as run_polling."""

    def __init__(self, fake: FakeBotApi, settings: Settings, engine: Any, qlog: Any = None) -> None:
        self.app = build_application(replace(settings, api_base_url=fake.base_url), engine, qlog=qlog)

    async def __aenter__(self) -> Any:
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0, timeout=1)
        return self.app

    async def __aexit__(self, *exc: object) -> None:
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)


# ---------------------------------------------------------------- knowledge changes and the question log


async def _until(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_knowledge_changes_are_picked_up(tg_fake: FakeBotApi, tg_settings: Settings,
                                               tg_knowledge: TelegramKnowledge, tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    shutil.copytree(tg_knowledge.kb, kb)
    engine = Engine.load(kb, cache_dir=tg_knowledge.cache)
    article = engine.articles[0]
    question, curated = "金华文明城市测评排名第几？", "金华在地级提名城市中排名首位（测试答案）。"
    tg_fake.add_chat(777)  # the admin, who has talked to the bot before
    async with _bot(tg_fake, replace(tg_settings, knowledge_dir=kb), engine) as app:
        service = svc(RunningBot(tg_fake, app))
        (kb / "curated").mkdir(exist_ok=True)
        (kb / "curated" / "extra.yaml").write_text(
            f"version: 1\nqa:\n- id: c900\n  question: {question}\n  answer: {curated}\n"
            f"  source: {{article: {article.id}, paragraph: 1}}\n", encoding="utf-8")
        await _until(lambda: service.engine is not engine)
        tg_fake.private_text(USER, question)
        [reply] = await tg_fake.wait_for_sent(1, chat_id=USER)
        assert reply.text.startswith(curated)

        (kb / "curated" / "broken.yaml").write_text("version: 1\nqa: [\n", encoding="utf-8")
        [alert] = await tg_fake.wait_for_sent(1, chat_id=777, timeout=30)
        assert "broken.yaml" in alert.text and alert.text.startswith("知识库有")
        tg_fake.private_text(USER, question)  # still answered from the last good knowledge
        sent = await tg_fake.wait_for_sent(2, chat_id=USER)
        assert sent[1].text.startswith(curated)
        assert not tg_fake.rejected


async def test_an_edit_made_before_the_watcher_started_is_picked_up(
        tg_fake: FakeBotApi, tg_settings: Settings, tg_knowledge: TelegramKnowledge, tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    shutil.copytree(tg_knowledge.kb, kb)
    engine = Engine.load(kb, cache_dir=tg_knowledge.cache)
    question, curated = "金华文明城市测评排名第几？", "金华在地级提名城市中排名首位（测试答案）。"
    (kb / "curated").mkdir(exist_ok=True)
    (kb / "curated" / "extra.yaml").write_text(  # between loading and watching: no file event to see
        f"version: 1\nqa:\n- id: c900\n  question: {question}\n  answer: {curated}\n"
        f"  source: {{article: {engine.articles[0].id}, paragraph: 1}}\n", encoding="utf-8")
    async with _bot(tg_fake, replace(tg_settings, knowledge_dir=kb), engine) as app:
        service = svc(RunningBot(tg_fake, app))
        await _until(lambda: service.engine is not engine)
        assert service.engine.ask(question).text == curated


async def test_question_log_records_questions_and_votes(tg_fake: FakeBotApi, tg_settings: Settings,
                                                        tg_engine: Engine, tmp_path: Path) -> None:
    settings = replace(tg_settings, question_log_salt="pepper", data_dir=tmp_path / "data")
    question, _ = answerable(tg_engine)
    async with _bot(tg_fake, settings, tg_engine, qlog=open_question_log(settings)):
        tg_fake.private_text(USER, question)
        [reply] = await tg_fake.wait_for_sent(1)
        tg_fake.click(USER, reply, "👍")
        await tg_fake.wait_for_sent(2)
        tg_fake.command(777, "stats")
        [stats] = await tg_fake.wait_for_sent(1, chat_id=777)
        assert "问题日志：今天 1 个" in stats.text and "👍 1" in stats.text
    log = SqlQuestionLog.open(settings.question_log, salt=None)
    try:
        assert (log.stats().total, log.stats().thumbs_up) == (1, 1)
    finally:
        log.close()


def test_no_question_log_without_a_salt(tg_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    assert open_question_log(tg_settings) is None
    assert "QUESTION_LOG_SALT" in caplog.text


async def test_unopenable_question_log_is_one_clear_line_not_a_stop(tg_settings: Settings, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """The log is an accessory: the bot starts without it (tests/telegram/test_faults.py: and answers)."""
    (tmp_path / "file").write_text("not a directory")
    settings = replace(tg_settings, question_log_salt="pepper", data_dir=tmp_path / "file")
    kept = open_question_log(settings)
    assert kept is not None and kept.outage() is not None
    path = tmp_path / "file"
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == [(
        "ERROR", f"question log unavailable (question log {path}/questions.sqlite3: [Errno 17] File exists: "
                 f"'{path}'): members are still answered, their questions are not logged until it works again "
                 "(tried again every 10 s)")]
    await kept.close()


# ---------------------------------------------------------------- the token stays secret


@pytest.mark.parametrize("text", [
    f"POST https://api.telegram.org/bot{TG_TOKEN}/getUpdates",
    f"token {TG_TOKEN} here",
    "url http://127.0.0.1:1/bot987654:abcdefghijklmnopqrstuvwxyz0123456789/sendMessage",
])
def test_redact(text: str) -> None:
    clean = redact(text, TG_TOKEN)
    assert TG_TOKEN not in clean and "abcdefghijklmnopqrstuvwxyz" not in clean
    assert "<token>" in clean


def test_log_filter_redacts_messages_arguments_and_tracebacks() -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(RedactToken(TG_TOKEN))
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    try:
        logger.warning("HTTP Request: POST %s", f"http://x/bot{TG_TOKEN}/getMe")
        try:
            raise ValueError(f"bad url /bot{TG_TOKEN}/x")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert len(records) == 2 and all(TG_TOKEN not in r for r in records)
    assert "bot<token>/getMe" in records[0] and "ValueError" in records[1]


# ---------------------------------------------------------------- python -m bot run


async def test_cli_run_answers_and_stops_on_sigterm(tg_fake: FakeBotApi, tg_engine: Engine,
                                                   tg_knowledge: TelegramKnowledge) -> None:
    question, answer = answerable(tg_engine)
    proc = await run_cli(cli_env(TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_API_BASE_URL=tg_fake.base_url,
                               KNOWLEDGE_DIR=str(tg_knowledge.kb), LOG_LEVEL="DEBUG",
                               UNIONBOT_CACHE_DIR=str(tg_knowledge.cache)))
    try:
        tg_fake.private_text(USER, question)
        [reply] = await tg_fake.wait_for_sent(1, timeout=60)
        assert_cited(reply, answer)
    finally:
        log = await stop_cli(proc)
    assert "getUpdates" in log or "Application started" in log  # it did log, at DEBUG
    assert TG_TOKEN not in log and TG_TOKEN.split(":")[1] not in log


async def _post(url: str, update: dict[str, Any], secret: str) -> int:
    """POST an update as Telegram would, waiting for the webhook server to come up."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.post(url, json=update, headers=headers) as r:
                    return r.status
            except aiohttp.ClientConnectorError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"nothing listens on {url}")


async def test_cli_webhook_mode(tg_fake: FakeBotApi, tg_engine: Engine,
                                tg_knowledge: TelegramKnowledge) -> None:
    question, answer = answerable(tg_engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = await run_cli(cli_env(TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_API_BASE_URL=tg_fake.base_url,
                               KNOWLEDGE_DIR=str(tg_knowledge.kb), UNIONBOT_CACHE_DIR=str(tg_knowledge.cache),
                               WEBHOOK_URL="https://bot.example.org/tg/hook", WEBHOOK_LISTEN="127.0.0.1",
                               WEBHOOK_PORT=str(port), WEBHOOK_SECRET_TOKEN="s3cret_-"))
    try:
        [hook] = await tg_fake.wait_for_call("setWebhook", timeout=60)
        assert hook["url"] == "https://bot.example.org/tg/hook" and hook["secret_token"] == "s3cret_-"
        update = tg_fake.injected[tg_fake.private_text(USER, question)]
        url = f"http://127.0.0.1:{port}/tg/hook"
        assert await _post(url, update, "forged") == 403
        assert await _post(url, update, "s3cret_-") == 200
        [reply] = await tg_fake.wait_for_sent(1, timeout=30)
        assert_cited(reply, answer)
    finally:
        await stop_cli(proc)


@pytest.mark.parametrize(("env", "message"), [
    ({}, "error: TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it "
         "(or name a file holding it in TELEGRAM_BOT_TOKEN_FILE)"),
    ({"TELEGRAM_BOT_TOKEN": "123456:short"},
     "error: TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and at least 30 "
     "letters, digits, '_' or '-', as @BotFather gives it)"),
    ({"TELEGRAM_BOT_TOKEN": "not a token at all, but quite long anyway!!"},
     "error: TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and at least 30 "
     "letters, digits, '_' or '-', as @BotFather gives it)"),
    ({"TELEGRAM_BOT_TOKEN": TG_TOKEN, "TELEGRAM_ADMIN_IDS": "abc"},
     "error: TELEGRAM_ADMIN_IDS: 'abc' is not a Telegram user id (comma-separated numbers)"),
])
async def test_cli_bad_settings_exit_2_with_one_line(env: dict[str, str], message: str) -> None:
    proc = await run_cli(cli_env(**env))
    stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 2
    assert stderr.decode().splitlines() == [message]
    assert stdout == b""


async def test_cli_token_refused_by_server_exits_2(tg_fake: FakeBotApi,
                                                   tg_knowledge: TelegramKnowledge) -> None:
    other = "654321:" + "x" * 35
    proc = await run_cli(cli_env(TELEGRAM_BOT_TOKEN=other, TELEGRAM_API_BASE_URL=tg_fake.base_url,
                               KNOWLEDGE_DIR=str(tg_knowledge.kb),
                               UNIONBOT_CACHE_DIR=str(tg_knowledge.cache)))
    _, stderr = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 2
    assert stderr.decode().splitlines()[-1].startswith("error: TELEGRAM_BOT_TOKEN was refused by the Bot API")
    assert "x" * 35 not in stderr.decode()

