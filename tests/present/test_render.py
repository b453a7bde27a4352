"""bot.present.render: plain and Telegram-HTML replies, and splitting long messages for Telegram."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.core.answers import Answer, Citation, Suggestion
from bot.present.messages import say
from bot.present.render import citation_line, html, plain

CITATION = Citation("王晖平当选 义乌市总工会主席", "本报讯 通讯员倪光曦报道", "a0fd0c4b6", 2, "000_x.txt")
ANSWERED = Answer("王晖平是谁", True, "大会选举王晖平为义乌市总工会主席", CITATION, 0.8,
                  "王晖平是谁？")
SUGGESTIONS = (Suggestion("g1", "义乌市总工会副主席是谁？"), Suggestion("g2", "王晖平是谁？"))
UNSURE = Answer("义乌主席", False, score=0.2, suggestions=SUGGESTIONS, reason="unsure")
UNSURE_BARE = Answer("义乌主席", False, score=0.2, reason="unsure")
PASSAGE = Citation("王晖平当选 义乌市总工会主席", "本报讯", "a1", 2, "f.txt")
NOT_COVERED = Answer("拉萨有几家职工书屋", False, reason="not_covered")
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


@pytest.mark.parametrize(("answer", "first"), [
    (replace(UNSURE, passage=PASSAGE), ["  1. 义乌市总工会副主席是谁？", "  2. 王晖平是谁？"]),
    (replace(UNSURE_BARE, passage=PASSAGE), []),
])
def test_plain_unsure_names_the_passage_that_may_help(answer: Answer, first: list[str]) -> None:
    lines = plain(answer, topics=TOPICS).splitlines()
    assert lines == [say("unsure" if first else "unsure_passage"), *first,
                     "  " + say("passage", where="《王晖平当选 义乌市总工会主席》 · 第2段")]


def test_html_unsure_leaves_the_passage_to_a_button() -> None:
    assert html(replace(UNSURE_BARE, passage=PASSAGE), topics=TOPICS) == say("unsure_passage")


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
