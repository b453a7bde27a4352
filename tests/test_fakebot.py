"""The fake Bot API (tests/fakebot.py) driven by the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import socket
import sys
import time
import warnings
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import aiohttp
import aiohttp.web
import pytest
from fake_html import parse_html
from fakebot import FakeBotApi
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

TOKEN = "123:ABC"
USER = 4242
GROUP = -1001234567890
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        server.add_chat(USER)
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


async def rejected(
    fake: FakeBotApi, call: Awaitable[Any], description: str, error: type[TelegramError] = BadRequest
) -> TelegramError:
    """Asserts the call fails with Telegram's exact description, surfacing as `error` in PTB."""
    with pytest.raises(error) as info:
        await call
    assert fake.rejected[-1].description == description
    if error is BadRequest:
        assert info.value.message == description.removeprefix("Bad Request: ").capitalize()
    return info.value


def seconds(retry_after: int | dtm.timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after


# ---------------------------------------------------------------------------- routing and identity


async def test_get_me_identity(fake: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123, True, "union_qa_bot")
    assert me.supports_inline_queries and me.can_join_groups and not me.can_read_all_group_messages
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/bot"


async def test_json_form_and_query_bodies_are_accepted(fake: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{fake.base_url}{TOKEN}/sendMessage"
        json_markup = {"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]}
        async with http.post(url, json={"chat_id": USER, "text": "json", "reply_markup": json_markup}) as r:
            assert r.status == 200 and (await r.json())["result"]["text"] == "json"
        form = {"chat_id": str(USER), "text": "form", "reply_markup": '{"inline_keyboard": []}'}
        async with http.post(url, data=form) as r:
            assert r.status == 200
        async with http.get(url, params={"chat_id": str(USER), "text": "query"}) as r:
            assert r.status == 200
        async with http.get(f"{fake.base_url}{TOKEN}/GETME") as r:  # method names ignore case
            assert (await r.json())["result"]["username"] == "union_qa_bot"
    assert [c.params["text"] for c in fake.calls[:3]] == ["json", "form", "query"]
    assert fake.calls[1].params == {"chat_id": USER, "text": "form", "reply_markup": {"inline_keyboard": []}}
    assert fake.sent[0].reply_markup == json_markup


async def test_unknown_token_and_methods(fake: FakeBotApi, bot: Bot) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{fake.base_url}999:XYZ/getMe") as r:
            assert r.status == 401
            assert await r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        async with http.get(f"{fake.base_url}{TOKEN}/noSuchMethod") as r:
            assert r.status == 404 and (await r.json())["description"] == "Not Found"
    with pytest.raises(InvalidToken):
        await Bot("999:XYZ", base_url=fake.base_url).get_me()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    await rejected(fake, bot.delete_message(USER, 1), "Bad Request: method not supported by fake")


# ---------------------------------------------------------------------------- sendMessage and HTML

VALID_HTML = (
    "<b>粗</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>"
    '<span class="tg-spoiler">sp</span><tg-spoiler>t</tg-spoiler><a href="https://union.example/n/1?a=1&amp;b=2">'
    '来源</a><code>c</code><pre>p</pre><pre><code class="language-python">x = 1</code></pre>'
    "<blockquote>q</blockquote><blockquote expandable>long</blockquote>"
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&amp;&quot;&#39;&#x4E2D;'
)


async def test_valid_html_is_accepted_with_telegram_entities(fake: FakeBotApi, bot: Bot) -> None:
    message = await bot.send_message(USER, VALID_HTML, parse_mode="HTML")
    assert message.text.endswith("👍 <>&\"'中")
    assert message.parse_entities([MessageEntity.TEXT_LINK]) == {
        MessageEntity(
            MessageEntity.TEXT_LINK, message.text.index("来源"), 2, url="https://union.example/n/1?a=1&b=2"
        ): "来源"
    }
    kinds = {e.type for e in message.entities}
    assert kinds >= {"bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "blockquote"}
    assert {"expandable_blockquote", "custom_emoji", "text_link"} <= kinds
    [pre] = [e for e in message.entities if e.type == "pre" and e.language]
    assert (pre.language, message.parse_entity(pre)) == ("python", "x = 1")
    sent = fake.sent[0]
    assert (sent.chat_id, sent.message_id, sent.html, sent.text) == (
        USER,
        message.message_id,
        VALID_HTML,
        message.text,
    )
    assert sent.links == ["https://union.example/n/1?a=1&b=2"]
    assert not fake.rejected and not fake.warnings


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("会费 <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 7'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<b>粗体", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>test</b></i>", 'Unmatched end tag at byte offset 10, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ('<a href="x"', "Unclosed start tag at byte offset 0"),
        (
            "<a href>y</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ('<a ="x">y</a>', 'Empty attribute name in the tag "a" at byte offset 0'),
        ("<a href=x/>y</a>", "Unexpected end of name token at byte offset 8"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("AT&T 工会", 'Unescaped "&" at byte offset 2; write it as "&amp;"'),
        (
            "a&nbsp;b",
            'Unsupported HTML entity "&nbsp;" at byte offset 1; only &lt; &gt; &amp; &quot; and '
            "numeric references are allowed",
        ),
        ("&lt 1", 'HTML entity "&lt" at byte offset 0 must end with ";"'),
        ("1 > 0", 'Unescaped ">" at byte offset 2; write it as "&gt;"'),
        ("&#0;", 'Invalid numeric character reference "&#0;" at byte offset 0'),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units",
        ),
    ],
)
async def test_invalid_html_is_rejected_like_telegram(
    fake: FakeBotApi, bot: Bot, html: str, reason: str
) -> None:
    await rejected(
        fake, bot.send_message(USER, html, parse_mode="HTML"), f"Bad Request: can't parse entities: {reason}"
    )
    assert not fake.sent


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_html_escape_output_always_parses_back(text: str) -> None:
    """Whatever the bot escapes with html.escape is accepted and shows the original text."""
    assume(not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
    assert parse_html(html.escape(text)) == (text, [])
    query = html.escape("https://u.example/?q=" + text.replace("\0", ""))
    assert parse_html(f'<a href="{query}">{html.escape(text)}</a>')[0] == text


async def test_text_presence_parse_mode_and_chat(fake: FakeBotApi, bot: Bot) -> None:
    await rejected(fake, bot.send_message(USER, ""), "Bad Request: message text is empty")
    await rejected(fake, bot.send_message(USER, " \n "), "Bad Request: text must be non-empty")
    await rejected(
        fake, bot.send_message(USER, "<b> </b>", parse_mode="HTML"), "Bad Request: text must be non-empty"
    )
    await rejected(
        fake, bot.send_message(USER, "x", parse_mode="HTMLX"), "Bad Request: unsupported parse_mode"
    )
    await rejected(fake, bot.send_message(777, "x"), "Bad Request: chat not found")
    await rejected(fake, bot.send_message("@nobody", "x"), "Bad Request: chat not found")
    message = await bot.send_message(USER, "  <i>hi</i>\n", parse_mode="HTML")
    assert message.text == "hi" and message.entities[0].offset == 0 and message.entities[0].length == 2


async def test_length_is_counted_after_entities_in_utf16(fake: FakeBotApi, bot: Bot) -> None:
    too_long = "Bad Request: message is too long"
    await bot.send_message(USER, "x" * 4096)
    await rejected(fake, bot.send_message(USER, "x" * 4097), too_long)
    await bot.send_message(USER, "<b>" + "工" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(USER, "&amp;" * 4096, parse_mode="HTML")
    await rejected(fake, bot.send_message(USER, "&amp;" * 4097, parse_mode="HTML"), too_long)
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 code units
    await rejected(fake, bot.send_message(USER, "😀" * 2048 + "x"), too_long)
    await bot.send_message(USER, "\n" + "x" * 4096 + "  ")  # stripped first
    assert len(fake.sent) == 5


async def test_replies(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_text(USER, "问题")
    [update] = await bot.get_updates()
    reply = await bot.send_message(USER, "答", reply_to_message_id=update.message.message_id)
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "问题"
    assert fake.sent[0].reply_to_message_id == update.message.message_id
    await rejected(
        fake,
        bot.send_message(USER, "x", reply_to_message_id=999),
        "Bad Request: message to be replied not found",
    )
    loose = ReplyParameters(999, allow_sending_without_reply=True)
    assert (await bot.send_message(USER, "x", reply_parameters=loose)).reply_to_message is None


async def test_blocked_and_kicked_chats(fake: FakeBotApi, bot: Bot) -> None:
    fake.block_chat(USER)
    await rejected(fake, bot.send_message(USER, "x"), "Forbidden: bot was blocked by the user", Forbidden)
    await rejected(
        fake, bot.send_chat_action(USER, "typing"), "Forbidden: bot was blocked by the user", Forbidden
    )
    fake.add_chat(GROUP)
    fake.block_chat(GROUP)
    await rejected(
        fake, bot.send_message(GROUP, "x"), "Forbidden: bot was kicked from the supergroup chat", Forbidden
    )
    fake.unblock_chat(USER)
    await bot.send_message(USER, "x")


# ---------------------------------------------------------------------------- keyboards


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def test_callback_data_is_limited_to_64_bytes(fake: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(
        USER, "ok", reply_markup=keyboard(InlineKeyboardButton("a", callback_data="x" * 64))
    )
    await bot.send_message(
        USER, "ok", reply_markup=keyboard(InlineKeyboardButton("b", callback_data="工" * 21))
    )
    too_long = keyboard(InlineKeyboardButton("c", callback_data="工" * 22))  # 66 bytes
    await rejected(
        fake, bot.send_message(USER, "x", reply_markup=too_long), "Bad Request: BUTTON_DATA_INVALID"
    )
    assert [s.buttons[0]["callback_data"] for s in fake.sent] == ["x" * 64, "工" * 21]


async def test_inline_keyboard_shape(fake: FakeBotApi, bot: Bot) -> None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    bare = {"inline_keyboard": [[{"text": "x"}]]}
    await rejected(
        fake,
        bot.send_message(USER, "x", reply_markup=bare),
        prefix + "Text buttons are unallowed in the inline keyboard",
    )  # type: ignore[arg-type]
    no_text = {"inline_keyboard": [[{"callback_data": "x"}]]}
    await rejected(
        fake, bot.send_message(USER, "x", reply_markup=no_text), prefix + 'Can\'t find field "text"'
    )  # type: ignore[arg-type]
    both = {"inline_keyboard": [[{"text": "x", "callback_data": "x", "url": "https://a.org"}]]}
    with pytest.raises(BadRequest, match="exactly one action"):
        await bot.send_message(USER, "x", reply_markup=both)  # type: ignore[arg-type]
    bad_url = keyboard(InlineKeyboardButton("x", url="not-a-url"))
    await rejected(
        fake,
        bot.send_message(USER, "x", reply_markup=bad_url),
        "Bad Request: inline keyboard button URL 'not-a-url' is invalid: Wrong HTTP URL",
    )
    ftp = keyboard(InlineKeyboardButton("x", url="ftp://union.example"))
    await rejected(
        fake,
        bot.send_message(USER, "x", reply_markup=ftp),
        "Bad Request: inline keyboard button URL 'ftp://union.example' is invalid: Unsupported URL protocol",
    )
    many = InlineKeyboardMarkup([[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)])
    await rejected(fake, bot.send_message(USER, "x", reply_markup=many), "Bad Request: REPLY_MARKUP_TOO_LONG")
    fine = keyboard(
        InlineKeyboardButton("原文", url="https://union.example/a"),
        InlineKeyboardButton("搜", switch_inline_query_current_chat=""),
    )
    await bot.send_message(USER, "x", reply_markup=fine)


# ---------------------------------------------------------------------------- edits and callbacks


async def test_edit_message_text_and_markup(fake: FakeBotApi, bot: Bot) -> None:
    buttons = keyboard(InlineKeyboardButton("👍", callback_data="up"))
    message = await bot.send_message(USER, "<b>v1</b>", parse_mode="HTML", reply_markup=buttons)
    edited = await bot.edit_message_text("v2", USER, message.message_id, reply_markup=buttons)
    assert edited.text == "v2" and edited.edit_date is not None
    assert (fake.sent[0].text, fake.sent[0].history) == ("v2", ["v1"])
    not_modified = (
        "Bad Request: message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )
    await rejected(
        fake, bot.edit_message_text("v2", USER, message.message_id, reply_markup=buttons), not_modified
    )
    await bot.edit_message_reply_markup(USER, message.message_id, reply_markup=None)
    assert fake.sent[0].reply_markup is None
    await rejected(fake, bot.edit_message_reply_markup(USER, message.message_id), not_modified)
    await rejected(fake, bot.edit_message_text("x", USER, 999), "Bad Request: message to edit not found")
    fake.private_text(USER, "mine")
    user_message_id = max(mid for chat, mid in fake.messages if chat == USER)
    await rejected(
        fake, bot.edit_message_text("x", USER, user_message_id), "Bad Request: message can't be edited"
    )
    await rejected(
        fake,
        bot.edit_message_text("a < b", USER, message.message_id, parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    )


async def test_callback_query_round_trip(fake: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(
        USER,
        "有用吗？",
        reply_markup=keyboard(
            InlineKeyboardButton("有用", callback_data="fb:1"),
            InlineKeyboardButton("没用", callback_data="fb:0"),
        ),
    )
    fake.click(USER, fake.sent[0], "没用")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.data == "fb:0" and query.from_user.id == USER
    assert query.message is not None and query.message.message_id == sent.message_id and query.chat_instance
    await rejected(
        fake, bot.answer_callback_query(query.id, text="谢" * 201), "Bad Request: MESSAGE_TOO_LONG"
    )
    assert await bot.answer_callback_query(query.id, text="谢谢反馈")
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    await rejected(fake, bot.answer_callback_query(query.id), too_old)
    await rejected(fake, bot.answer_callback_query("123"), too_old)
    with pytest.raises(ValueError, match="no button"):
        fake.callback(USER, sent.message_id, "fb:9")


# ---------------------------------------------------------------------------- inline mode


def article(rid: str, text: str = "答案", **kwargs: Any) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(rid, kwargs.pop("title", "标题"), InputTextMessageContent(text, **kwargs))


async def test_inline_query_and_results(fake: FakeBotApi, bot: Bot) -> None:
    update_id = fake.inline_query(USER, "会费")
    [update] = await bot.get_updates()
    assert update.update_id == update_id and update.inline_query is not None
    query = update.inline_query
    assert (query.query, query.offset, query.from_user.language_code) == ("会费", "", "zh-hans")
    prefix = "Bad Request: can't parse inline query result: "
    await rejected(
        fake,
        bot.answer_inline_query(query.id, [article(str(i)) for i in range(51)]),
        "Bad Request: RESULTS_TOO_MUCH",
    )
    await rejected(
        fake,
        bot.answer_inline_query(query.id, [article("a"), article("a")]),
        "Bad Request: RESULT_ID_DUPLICATE",
    )
    await rejected(
        fake, bot.answer_inline_query(query.id, [article("工" * 22)]), "Bad Request: RESULT_ID_INVALID"
    )
    await rejected(
        fake,
        bot.answer_inline_query(query.id, [article("a", "<i>x", parse_mode="HTML")]),
        prefix + "Can't parse entities: Can't find end tag corresponding to start tag \"i\"",
    )
    await rejected(
        fake, bot.answer_inline_query(query.id, [article("a", "x" * 4097)]), prefix + "Message is too long"
    )
    await rejected(
        fake, bot.answer_inline_query(query.id, [article("a", title=" ")]), "Bad Request: RESULT_TITLE_EMPTY"
    )
    good = [article("a" * 64, "<b>会费</b>标准", parse_mode="HTML"), article("b")]
    assert await bot.answer_inline_query(query.id, good, cache_time=0)
    answer = await fake.wait_for_inline_answer(update_id)
    assert [r["id"] for r in answer["results"]] == ["a" * 64, "b"]
    await rejected(
        fake,
        bot.answer_inline_query(query.id, good),
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )


# ---------------------------------------------------------------------------- updates


async def test_injected_updates_parse_in_ptb(fake: FakeBotApi, bot: Bot) -> None:
    text = "😀 /start@union_qa_bot 问 @union_qa_bot 见 https://union.example/a。"
    uid = fake.private_text(USER, text, first_name="小王", username="xiaowang")
    [update] = await bot.get_updates()
    assert isinstance(update, Update) and update.update_id == uid
    message = update.message
    assert message is not None and message.text == text and message.chat.type == "private"
    assert (message.from_user.first_name, message.from_user.language_code) == ("小王", "zh-hans")
    assert message.chat.username == "xiaowang" and message.date.timestamp() == pytest.approx(
        time.time(), abs=5
    )
    assert list(message.parse_entities().items()) == [
        (message.entities[0], "/start@union_qa_bot"),
        (message.entities[1], "@union_qa_bot"),
        (message.entities[2], "https://union.example/a"),
    ]
    assert [e.type for e in message.entities] == ["bot_command", "mention", "url"]
    assert message.entities[0].offset == 3  # the emoji is two UTF-16 code units


async def test_other_update_kinds(fake: FakeBotApi, bot: Bot) -> None:
    first = fake.private_text(USER, "旧")
    message_id = fake.injected[first]["message"]["message_id"]
    fake.edited_text(USER, message_id, "新")
    fake.sticker(USER)
    fake.photo(USER, caption="图")
    fake.voice(USER, duration=7)
    fake.command(USER, "help", "会费")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates) and len(updates) == 6
    edited, sticker, photo, voice, command = (u.edited_message or u.message for u in updates[1:])
    assert edited.text == "新" and edited.edit_date is not None and edited.message_id == message_id
    assert sticker.sticker.emoji == "👍" and sticker.text is None
    assert photo.photo[-1].width == 800 and photo.caption == "图"
    assert voice.voice is not None and voice.voice.to_dict()["duration"] == 7
    assert command.text == "/help 会费" and command.entities[0].type == "bot_command"


async def test_group_messages_follow_privacy_mode(fake: FakeBotApi, bot: Bot) -> None:
    assert fake.group_text(GROUP, USER, "大家好") is None and fake.withheld[-1]["text"] == "大家好"
    mention = fake.group_text(GROUP, USER, "@union_qa_bot 会费多少？")
    command = fake.command(USER, "ask", "会费", chat_id=GROUP)
    assert fake.command(USER, "ask", chat_id=GROUP, address_bot=False) is not None
    assert fake.group_text(GROUP, USER, "/ask@other_bot x") is None
    [u1, u2, _] = await bot.get_updates()
    assert (u1.update_id, u2.update_id) == (mention, command)
    assert u1.message.chat.type == "supergroup" and u1.message.chat.title
    assert u2.message.text == "/ask@union_qa_bot 会费"
    answer = await bot.send_message(GROUP, "答", reply_to_message_id=u1.message.message_id)
    reply = fake.group_text(GROUP, USER, "谢谢", reply_to_bot_message_id=answer.message_id)
    [u3] = await bot.get_updates(offset=u2.update_id + 2)
    assert u3.update_id == reply and u3.message.reply_to_message.from_user.is_bot
    fake.add_chat(-5555, "group")
    assert fake.group_text(-5555, USER, "/start") is not None


async def test_get_updates_offsets_limit_and_allowed_updates(fake: FakeBotApi, bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()
    ids = [fake.private_text(USER, f"q{i}") for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates()] == ids  # not confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1] + 1)] == ids[2:]
    assert fake.confirmed_upto == ids[1]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    await fake.wait_confirmed()
    fake.callback(
        USER,
        (
            await bot.send_message(
                USER, "x", reply_markup=keyboard(InlineKeyboardButton("a", callback_data="a"))
            )
        ).message_id,
        "a",
    )
    last = fake.private_text(USER, "only messages")
    assert [u.update_id for u in await bot.get_updates(allowed_updates=["message"])] == [last]


async def test_long_polling_waits_for_updates(fake: FakeBotApi, bot: Bot) -> None:
    started = asyncio.get_running_loop().time()
    assert await bot.get_updates(timeout=1) == ()
    assert asyncio.get_running_loop().time() - started >= 0.9
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_for(lambda: fake._poller is not None, what="a pending long poll")
    started = asyncio.get_running_loop().time()
    uid = fake.private_text(USER, "醒醒")
    [update] = await asyncio.wait_for(poll, 5)
    assert update.update_id == uid and asyncio.get_running_loop().time() - started < 2


async def test_second_poller_terminates_the_first(fake: FakeBotApi, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_for(lambda: fake._poller is not None, what="a pending long poll")
    async with Bot(TOKEN, base_url=fake.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        assert await second == ()
    assert fake.rejected[-1].status == 409


async def test_webhook_methods(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_text(USER, "x")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.set_webhook("https://union.example/hook")
    await rejected(
        fake,
        bot.get_updates(),
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
        Conflict,
    )
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == "" and await bot.get_updates() == ()


class Hook:
    """A webhook receiver on loopback: answers ``status`` and keeps what it was sent."""

    def __init__(self, status: int = 200) -> None:
        self.status, self.posts = status, list[tuple[str | None, dict[str, Any]]]()
        self.runner: aiohttp.web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Hook:
        async def take(request: aiohttp.web.Request) -> aiohttp.web.Response:
            self.posts.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
            return aiohttp.web.Response(status=self.status)

        app = aiohttp.web.Application()
        app.router.add_post("/hook", take)
        self.runner = aiohttp.web.AppRunner(app)
        await self.runner.setup()
        site = aiohttp.web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


@pytest.mark.parametrize("attempts", [1, 2])
async def test_webhook_delivery_round_robin_with_the_secret(fake: FakeBotApi, bot: Bot, attempts: int) -> None:
    """The fake plays Telegram and the proxy: each update goes to the next replica, with the secret
    token of the last setWebhook; one that is refused is tried ``attempts`` times, then given up."""
    async with Hook() as good, Hook(403) as refusing:
        fake.route_webhook([good.url, refusing.url], attempts=attempts)
        first = fake.private_text(USER, "一")
        await asyncio.sleep(0.2)
        assert good.posts == [] and fake.deliveries == []  # no webhook set yet: nothing is posted
        assert await bot.set_webhook("https://union.example/hook", secret_token="s3cret_-")
        second = fake.private_text(USER, "二")
        await fake.wait_confirmed(second)
    assert [(d.update_id, d.target, d.status) for d in fake.deliveries] == [
        (first, good.url, 200), (second, refusing.url, 403),
        *([(second, good.url, 200)] if attempts == 2 else [])]
    assert {secret for secret, _ in good.posts + refusing.posts} == {"s3cret_-"}
    assert [u["update_id"] for u in fake.undelivered] == ([second] if attempts == 1 else [])
    assert fake.updates == []


async def test_a_slow_call_is_carried_out_after_the_bot_stops_waiting(fake: FakeBotApi, bot: Bot) -> None:
    """As Telegram: the message of a sendMessage that answers later than the bot waits still arrives."""
    fake.delay_next("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "slow", read_timeout=0.1)
    assert fake.sent == []
    [sent] = await fake.wait_for_sent(1)
    assert sent.text == "slow" and len(fake.calls_to("sendMessage")) == 1


async def test_setwebhook_checks_the_secret(fake: FakeBotApi, bot: Bot) -> None:
    await rejected(fake, bot.set_webhook("https://union.example/hook", secret_token="no spaces"),
                   "Bad Request: secret token contains unallowed characters")
    assert fake.webhook_url == "" and fake.webhook_secret is None


# ---------------------------------------------------------------------------- other methods


async def test_commands(fake: FakeBotApi, bot: Bot) -> None:
    commands = [BotCommand("start", "开始"), BotCommand("ask_1", "提问" * 128)]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(
        [BotCommand("help", "帮助")], scope=BotCommandScopeAllPrivateChats(), language_code="zh"
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start", "ask_1"]
    assert [c.command for c in await bot.get_my_commands(BotCommandScopeAllPrivateChats(), "zh")] == ["help"]
    await rejected(fake, bot.set_my_commands([BotCommand("Start", "x")]), "Bad Request: BOT_COMMAND_INVALID")
    await rejected(fake, bot.set_my_commands([BotCommand("a" * 33, "x")]), "Bad Request: BOT_COMMAND_INVALID")
    await rejected(fake, bot.set_my_commands([BotCommand("/start", "x")]), "Bad Request: BOT_COMMAND_INVALID")
    await rejected(
        fake, bot.set_my_commands([BotCommand("start", "")]), "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    )
    await rejected(
        fake,
        bot.set_my_commands([BotCommand("start", "x" * 257)]),
        "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
    )
    await rejected(
        fake,
        bot.set_my_commands(commands, language_code="zh-hans"),
        "Bad Request: invalid language code specified",
    )


async def test_chat_action_and_get_chat(fake: FakeBotApi, bot: Bot) -> None:
    assert await bot.send_chat_action(USER, "typing")
    await rejected(
        fake, bot.send_chat_action(USER, "thinking"), "Bad Request: wrong parameter action in request"
    )
    chat = await bot.get_chat(USER)
    assert (chat.id, chat.type, chat.first_name) == (USER, "private", f"会员{USER}")
    fake.add_chat(GROUP, title="工会")
    assert (await bot.get_chat(GROUP)).title == "工会"
    await rejected(fake, bot.get_chat(1), "Bad Request: chat not found")


async def test_documents_and_photos_go_multipart(fake: FakeBotApi, bot: Bot) -> None:
    doc = await bot.send_document(
        USER, "会费.txt".encode(), filename="fees.txt", caption="<b>附件</b>", parse_mode="HTML"
    )
    assert doc.document is not None and doc.document.file_name == "fees.txt" and doc.caption == "附件"
    assert fake.calls[-1].content_type == "multipart/form-data"
    assert (fake.sent[-1].kind, fake.sent[-1].file_data) == ("document", "会费.txt".encode())
    photo = await bot.send_photo(USER, PNG, caption="图")
    assert photo.photo and fake.sent[-1].kind == "photo"
    await rejected(fake, bot.send_photo(USER, b"not an image"), "Bad Request: IMAGE_PROCESS_FAILED")
    await rejected(
        fake, bot.send_document(USER, b"x", caption="x" * 1025), "Bad Request: message caption is too long"
    )
    await rejected(
        fake,
        bot.send_document(USER, b"x", caption="<i>x", parse_mode="HTML"),
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"i\"",
    )
    await rejected(
        fake,
        bot.send_document(USER, "nonexistent_file_id"),
        "Bad Request: wrong file identifier/HTTP URL specified",
    )


# ---------------------------------------------------------------------------- faults


async def test_flood_wait_raises_retry_after(fake: FakeBotApi, bot: Bot) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        await bot.send_message(USER, "x")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert seconds(info.value.retry_after) == 3
    await bot.send_message(USER, "x")
    assert len(fake.sent) == 1 and not fake.rejected and fake.faulted[0][1].status == 429


async def test_server_errors_drops_and_delays(fake: FakeBotApi, bot: Bot) -> None:
    fake.fail_next("getMe", status=502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.get_me()
    fake.fail_next("getMe", status=502, body="<html>502 Bad Gateway</html>")
    with pytest.raises(NetworkError):
        await bot.get_me()
    await bot.get_me()
    fake.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "lost")
    assert not fake.sent
    fake.drop_next("sendMessage", after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "delivered, response lost")
    assert [s.text for s in fake.sent] == ["delivered, response lost"]
    fake.delay_next("getMe", 2)
    with pytest.raises(TimedOut):
        await bot.get_me(read_timeout=0.3)
    fake.delay_next("getMe", 0.3)
    started = asyncio.get_running_loop().time()
    await bot.get_me()
    assert asyncio.get_running_loop().time() - started >= 0.3
    fake.conflict_next("getUpdates")
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert not fake.rejected and len(fake.faulted) == 8


# ---------------------------------------------------------------------------- waiting and the full stack


async def test_wait_helpers_time_out_with_a_diagnosis(fake: FakeBotApi) -> None:
    started = asyncio.get_running_loop().time()
    with pytest.raises(AssertionError, match="1 sent message"):
        await fake.wait_for_sent(1, timeout=0.2)
    assert asyncio.get_running_loop().time() - started < 1


async def test_a_real_application_polls_and_replies(fake: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_html(f"<b>收到</b>：{update.message.text}")

    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().token(TOKEN).base_url(fake.base_url).base_file_url(fake.base_file_url).build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        fake.private_text(USER, "会费怎么交？")
        [reply] = await fake.wait_for_sent(1)
        assert (reply.chat_id, reply.text) == (USER, "收到：会费怎么交？")
        await fake.wait_confirmed()
        await app.updater.stop()
        await app.stop()
    assert not fake.rejected
    assert {c.method for c in fake.calls} >= {"getMe", "deleteWebhook", "getUpdates", "sendMessage"}


async def test_standalone_server_with_control_api() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = Path(__file__).with_name("fakebot.py")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(script), "--port", str(port), "--token", TOKEN, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        assert b"listening" in await asyncio.wait_for(proc.stdout.readline(), 20)
        control = f"http://127.0.0.1:{port}/_control"
        async with (
            aiohttp.ClientSession() as http,
            Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot") as bot,
        ):
            async with http.post(f"{control}/private_text", json={"user_id": 7, "text": "你好"}) as r:
                update_id = (await r.json())["result"]
            [update] = await bot.get_updates()
            assert update.update_id == update_id
            await bot.send_message(7, f"<i>回复</i> {update.message.text}", parse_mode="HTML")
            async with http.get(f"{control}/wait_sent", params={"n": "1", "timeout": "5"}) as r:
                [sent] = await r.json()
            assert (sent["chat_id"], sent["text"], sent["html"]) == (7, "回复 你好", "<i>回复</i> 你好")
            async with http.get(f"{control}/rejected") as r:
                assert await r.json() == []
    finally:
        proc.terminate()
        await proc.wait()
