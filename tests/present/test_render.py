"""bot.present.render: plain and Telegram-HTML replies, and splitting long messages for Telegram."""

from __future__ import annotations

import re

import pytest

from bot.core.answers import Answer, Citation, Suggestion
from bot.present.messages import say
from bot.present.render import TELEGRAM_LIMIT, citation_line, html, plain, split_message

CITATION = Citation("王晖平当选 义乌市总工会主席", "本报讯 通讯员倪光曦报道", "a0fd0c4b6", 2, "000_x.txt")
ANSWERED = Answer("义乌市总工会主席是谁", True, "大会选举王晖平为义乌市总工会主席", CITATION, 0.8,
                  "义乌市总工会主席是谁？")
SUGGESTIONS = (Suggestion("g1", "义乌市总工会副主席是谁？"), Suggestion("g2", "王晖平是谁？"))
UNSURE = Answer("义乌主席", False, score=0.2, suggestions=SUGGESTIONS, reason="unsure")
UNSURE_BARE = Answer("义乌主席", False, score=0.2, reason="unsure")
NOT_COVERED = Answer("温州市总工会主席是谁", False, reason="not_covered")
CHITCHAT = Answer("你好", False, reason="chitchat")
EMPTY = Answer("", False, reason="empty")
TOPICS = ["王晖平当选 义乌市总工会主席", "缘聚古道凉溪"]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- plain -----------------------------------------------------------------------------------------

def test_plain_answered() -> None:
    text = plain(ANSWERED, topics=TOPICS)
    assert text.splitlines() == [
        "大会选举王晖平为义乌市总工会主席",
        "—— 出处：《王晖平当选 义乌市总工会主席》 · 本报讯 通讯员倪光曦报道 · 第2段",
    ]
    assert not any(t in text for t in TOPICS[1:])


def test_plain_answered_truncated() -> None:
    answer = Answer(**{**ANSWERED.__dict__, "truncated": True})
    assert plain(answer).splitlines()[0] == "大会选举王晖平为义乌市总工会主席" + say("truncated")


def test_plain_unsure_numbers_the_suggestions() -> None:
    assert plain(UNSURE, topics=TOPICS).splitlines() == [
        say("unsure"), "  1. 义乌市总工会副主席是谁？", "  2. 王晖平是谁？"]


@pytest.mark.parametrize("answer", [NOT_COVERED, UNSURE_BARE])
def test_plain_not_covered_lists_topics(answer: Answer) -> None:
    assert plain(answer, topics=TOPICS).splitlines() == [say("not_covered"), *(f"  · {t}" for t in TOPICS)]


@pytest.mark.parametrize(("answer", "key"), [(CHITCHAT, "chitchat"), (EMPTY, "empty")])
def test_plain_chitchat_and_empty_do_not_list_topics(answer: Answer, key: str) -> None:
    assert plain(answer, topics=TOPICS) == say(key)


def test_plain_in_english() -> None:
    assert plain(ANSWERED, "en").splitlines()[1] == (
        "—— Source：《王晖平当选 义乌市总工会主席》 · 本报讯 通讯员倪光曦报道 · paragraph 2")
    assert plain(NOT_COVERED, "en", topics=TOPICS).startswith(say("not_covered", "en"))


def test_citation_line_skips_an_empty_byline() -> None:
    answer = Answer("q", True, "a", Citation("标题", "", "a1", 3, "f.txt"))
    assert citation_line(answer, "zh") == "《标题》 · 第3段"
    assert citation_line(NOT_COVERED, "zh") == ""


# --- html ------------------------------------------------------------------------------------------

def test_html_answered() -> None:
    assert html(ANSWERED) == (
        "大会选举王晖平为义乌市总工会主席\n\n"
        "<i>出处：《王晖平当选 义乌市总工会主席》 · 本报讯 通讯员倪光曦报道 · 第2段</i>")


def test_html_escapes_answer_and_citation() -> None:
    answer = Answer("q", True, 'x <b>&"y\'', Citation('<b>标题&"', "<i>记者</i>", "a1", 1, "f.txt"))
    out = html(answer)
    assert "x &lt;b&gt;&amp;&quot;y&#x27;" in out
    assert "《&lt;b&gt;标题&amp;&quot;》" in out
    assert "&lt;i&gt;记者&lt;/i&gt;" in out
    # the only tags left are the renderer's own
    assert re.findall(r"<[^>]*>", out) == ["<i>", "</i>"]


def test_html_escapes_topics() -> None:
    out = html(NOT_COVERED, topics=["<b>A&B</b>"])
    assert "• &lt;b&gt;A&amp;B&lt;/b&gt;" in out
    assert "<b>" not in out


def test_html_unsure_leaves_suggestions_to_buttons() -> None:
    out = html(UNSURE, topics=TOPICS)
    assert out == say("unsure")
    assert not any(s.question in out for s in SUGGESTIONS)


@pytest.mark.parametrize("answer", [NOT_COVERED, UNSURE_BARE])
def test_html_not_covered_lists_topics(answer: Answer) -> None:
    assert html(answer, topics=TOPICS) == say("not_covered") + "\n" + "\n".join(f"• {t}" for t in TOPICS)


@pytest.mark.parametrize(("answer", "key"), [(CHITCHAT, "chitchat"), (EMPTY, "empty")])
def test_html_chitchat_and_empty(answer: Answer, key: str) -> None:
    assert html(answer, topics=TOPICS) == say(key)


def test_html_truncated_mark() -> None:
    answer = Answer(**{**ANSWERED.__dict__, "truncated": True})
    assert html(answer).startswith("大会选举王晖平为义乌市总工会主席" + say("truncated") + "\n\n<i>")


# --- split_message ---------------------------------------------------------------------------------

def _check_parts(text: str, parts: list[str], limit: int = TELEGRAM_LIMIT) -> None:
    assert parts and all(p for p in parts)
    assert all(_units(p) <= limit for p in parts), [_units(p) for p in parts]
    if text.strip():
        assert all(p.strip() for p in parts)
    assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)


@pytest.mark.parametrize("text", [
    "短消息",
    "工" * 5000,  # one line longer than the limit
    "😀" * 3000,  # 6000 UTF-16 units in 3000 characters
    "a" * 4095 + "😀" + "b" * 10,  # the emoji would straddle the limit
    "工" * TELEGRAM_LIMIT,  # exactly the limit
    "\n".join(["第一行内容" * 100] * 30),  # many lines: split at line ends
    ("行\n" * 3000),
    "x" * 4096 + "\n" + " " * 5000 + "\n" + "y",  # a long blank line in the middle
])
def test_split_message_respects_the_limit(text: str) -> None:
    _check_parts(text, split_message(text))


def test_short_message_is_one_part() -> None:
    assert split_message("短消息\n第二行") == ["短消息\n第二行"]


def test_exactly_the_limit_is_one_part() -> None:
    assert split_message("😀" * (TELEGRAM_LIMIT // 2)) == ["😀" * (TELEGRAM_LIMIT // 2)]
    assert len(split_message("😀" * (TELEGRAM_LIMIT // 2) + "a")) == 2


def test_emoji_count_two_units() -> None:
    parts = split_message("😀" * 3000)
    assert [len(p) for p in parts] == [2048, 952]


def test_split_prefers_line_ends() -> None:
    line = "工" * 1000 + "\n"
    parts = split_message(line * 10)
    assert all(p.endswith("\n") for p in parts)
    assert "".join(parts) == line * 10
    assert [_units(p) for p in parts] == [4004, 4004, 2002]


def test_small_limit() -> None:
    text = "一二三四五\n六七八\n九"
    parts = split_message(text, limit=4)
    _check_parts(text, parts, limit=4)


@pytest.mark.parametrize("text", ["", "\n", "   ", "\n\n\n"])
def test_split_never_returns_empty_parts(text: str) -> None:
    parts = split_message(text)
    assert parts and all(p for p in parts)
