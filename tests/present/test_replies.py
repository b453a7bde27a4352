"""The Telegram replies as pure functions: no bot, no network; HTML checked by the strict parser."""

from __future__ import annotations

import pytest
from fake_html import parse_html, utf16_len
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.engine import Engine
from bot.core.answers import Answer, Citation, Suggestion
from bot.present.messages import say
from bot.present.replies import (
    Button,
    addressed_question,
    answer_parts,
    answer_reply,
    cited_article,
    example_buttons,
    inline_cards,
    original_reply,
    parse_callback,
    pick_language,
    plain_chunks,
    respond,
    sources_reply,
    suggestion_reply,
    welcome_reply,
)

CITE = Citation("工会<新闻> & 报道", "本报讯 记者<某>", "a1b2c3d4", 3, "000.txt")


def visible(markup: str) -> str:
    """What Telegram shows for ``markup``; raises if its HTML parser would refuse it."""
    text, _ = parse_html(markup)
    return text


def answered(text: str, **kw: object) -> Answer:
    return Answer("问题", True, text, CITE, 0.9, "问题", (), "g123", "整段原文", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["短答案", "<b>&amp; 5 > 3 & 2 < 4</b>", "x" * 5000, "&" * 3000,
                                  "行\n" * 3000, "😀" * 3000])
def test_answer_parts_fit_and_keep_every_character(text: str) -> None:
    parts = answer_parts(answered(text), "zh")
    assert all(utf16_len(p) <= 4096 for p in parts)  # even the raw HTML fits, not only the shown text
    shown = "".join(visible(p) for p in parts)
    tail = "\n\n出处：《工会<新闻> & 报道》 · 本报讯 记者<某> · 第3段"
    assert shown.endswith(tail)
    assert "".join(shown.removesuffix(tail).split()) == "".join(text.split())


def test_answered_reply_has_source_and_feedback_buttons() -> None:
    reply = answer_reply(answered("答案"), "zh")
    assert [b.text for row in reply.keyboard for b in row] == ["原文", "👍", "👎"]
    assert [b.data for row in reply.keyboard for b in row] == ["o:a1b2c3d4#p3", "f:+:g123", "f:-:g123"]
    assert reply.answer is not None and reply.answer.answered


def test_unsure_reply_offers_three_suggestions() -> None:
    suggestions = tuple(Suggestion(f"g{i}", f"问题{i}？") for i in range(5))
    reply = answer_reply(Answer("q", False, suggestions=suggestions, reason="unsure"), "en")
    assert visible(reply.parts[0]) == say("unsure", "en")
    assert [row[0].data for row in reply.keyboard] == ["s:g0", "s:g1", "s:g2"]


@pytest.mark.parametrize(("title", "shown"), [
    ("王晖平当选 义乌市总工会主席", "《王晖平当选 义乌市总工会主席》"),
    ("吹响“冲锋号” 树起“风向标” 织密“关爱网” 金华市总工会", "《吹响“冲锋号” 树起“风向标”…》"),  # cut at 16
])
def test_unsure_reply_offers_the_passage_last(title: str, shown: str) -> None:
    passage = Citation(title, "本报讯", "a1b2c3d4", 12, "f.txt")
    suggestions = (Suggestion("g0", "问题？"),)
    reply = answer_reply(Answer("q", False, suggestions=suggestions, reason="unsure", passage=passage), "zh")
    assert [row[0].data for row in reply.keyboard] == ["s:g0", "o:a1b2c3d4#p12"]
    assert reply.keyboard[-1][0].text == say("passage_button", where=f"{shown} · 第12段")
    bare = answer_reply(Answer("q", False, reason="unsure", passage=passage), "en")
    assert visible(bare.parts[0]) == say("unsure_passage", "en")
    assert [row[0].data for row in bare.keyboard] == ["o:a1b2c3d4#p12"]


def test_not_covered_lists_topics_escaped() -> None:
    reply = answer_reply(Answer("q", False, reason="not_covered"), "zh", ["劳模 & 工匠", "<浙工缘>"])
    assert visible(reply.parts[0]).endswith("• 劳模 & 工匠\n• <浙工缘>")
    assert reply.keyboard == ()


def test_button_refuses_long_callback_data() -> None:
    Button("ok", "s:" + "x" * 62)
    with pytest.raises(ValueError, match="64 bytes"):
        Button("too long", "s:" + "x" * 63)
    with pytest.raises(ValueError):
        Button("multibyte", "s:" + "字" * 21)


@pytest.mark.parametrize(("data", "parsed"), [
    ("s:g1", ("s", "g1")), ("o:a1#p2", ("o", "a1#p2")), ("f:+:g1", ("+", "g1")), ("f:-:g1", ("-", "g1")),
    ("f:x:g1", ("", "")), ("f:+:", ("", "")), ("s:", ("", "")), ("zz:1", ("", "")), ("", ("", "")),
])
def test_parse_callback(data: str, parsed: tuple[str, str]) -> None:
    assert parse_callback(data) == parsed


@pytest.mark.parametrize(("code", "default", "lang"), [
    ("en", "zh", "en"), ("en-US", "zh", "en"), ("zh-hans", "en", "zh"), ("ZH-TW", "en", "zh"),
    (None, "zh", "zh"), (None, "en", "en"), ("de", "en", "en"), ("ru", "zh", "zh"), ("", "zh", "zh"),
])
def test_pick_language(code: str | None, default: str, lang: str) -> None:
    assert pick_language(code, default) == lang  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "reply_to_bot", "question"), [
    ("@union_qa_bot 会费怎么交", False, "会费怎么交"),
    ("会费怎么交 @Union_QA_Bot", False, "会费怎么交"),
    ("请问@union_qa_bot会费怎么交", False, "请问 会费怎么交"),
    ("会费怎么交", True, "会费怎么交"),
    ("会费怎么交", False, None),
    ("@union_qa_bot_fan 你好", False, None),
    ("x@union_qa_bot.org", False, None),
])
def test_addressed_question(text: str, reply_to_bot: bool, question: str | None) -> None:
    assert addressed_question(text, "union_qa_bot", reply_to_bot) == question


@given(st.text(max_size=6000))
def test_plain_chunks_fit_and_lose_only_whitespace(text: str) -> None:
    chunks = plain_chunks(text, 300)
    assert all(utf16_len(c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                         .replace('"', "&quot;").replace("'", "&#x27;")) <= 300 for c in chunks)
    assert "".join(chunks).split() == text.split() or not text.strip()


def test_plain_chunks_count_an_emoji_as_two_units_and_prefer_line_ends() -> None:
    assert [len(c) for c in plain_chunks("😀" * 3000, 4096)] == [2048, 952]  # 4096 UTF-16 units, then the rest
    line = "工" * 1000 + "\n"
    assert plain_chunks(line * 10, 4096) == [line * 4, line * 4, line * 2]


@pytest.mark.parametrize("text", ["", "\n", "   ", "\n\n\n"])
def test_plain_chunks_never_make_an_empty_message(text: str) -> None:
    assert plain_chunks(text, 4096) == [" "]


# ---------------------------------------------------------------- with the real engine


def test_respond_answers_with_citation(tg_engine: Engine) -> None:
    question = tg_engine.examples(1)[0]
    reply = respond(tg_engine, question, "zh")
    assert "出处：《" in visible(reply.parts[-1])


def test_welcome_lists_topics_and_example_buttons(tg_engine: Engine) -> None:
    examples = example_buttons(tg_engine)
    assert [b.text for b in examples] == tg_engine.examples(3)
    reply = welcome_reply(tg_engine, "zh", examples)
    text = visible(reply.parts[0])
    assert text.startswith("您好") and text.endswith(say("examples"))
    assert [row[0] for row in reply.keyboard] == list(examples)
    assert all(suggestion_reply(tg_engine, b.data[2:], "zh").answer for b in examples)


def test_sources_and_original(tg_engine: Engine) -> None:
    assert len(visible(sources_reply(tg_engine, "en").parts[0]).splitlines()) == len(tg_engine.articles) + 1
    article = tg_engine.articles[0]
    reply = original_reply(tg_engine, f"{article.id}#p1", "zh")
    assert visible(reply.parts[0]).startswith(article.paragraphs[0].text.strip()[:20])
    for ref in ("nope#p1", f"{article.id}#p999", "garbage"):
        assert visible(original_reply(tg_engine, ref, "zh").parts[0]) == say("gone")


def test_inline_cards(tg_engine: Engine) -> None:
    cards = inline_cards(tg_engine, "劳模", "zh")
    assert 1 <= len(cards) <= 5 and len({c.id for c in cards}) == len(cards)
    assert all("出处：《" in visible(c.html) for c in cards)
    examples = example_buttons(tg_engine)
    assert [c.title for c in inline_cards(tg_engine, " ", "zh", examples)] == [b.text for b in examples]


@pytest.mark.parametrize(("data", "article"), [
    (["o:a1d7fd626#p3", "f:+:a1d7fd626#p3", "f:-:a1d7fd626#p3"], "a1d7fd626"),
    (["s:abc", "o:a52f7e62d#p1"], "a52f7e62d"),
    (["s:abc", "f:+:x"], None),
    (["o:not a ref"], None),
    ([], None),
])
def test_cited_article(data: list[str], article: str | None) -> None:
    assert cited_article(data) == article
