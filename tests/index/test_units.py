"""bot.index.units: the sentences as they are read (speakers and answers joined), and the people named in them."""

from __future__ import annotations

import re

import pytest

from bot.index.units import asks, named, with_answers, with_speakers


def test_a_quotation_is_read_with_its_speaker() -> None:
    sentences = ["“工会一直是职工的‘娘家人’。”", "路桥区总工会主席应仲友说道。", "活动很成功。"]
    # The bare attribution says nothing of its own: it is left out, the numbering kept.
    assert with_speakers(sentences) == [sentences[0] + sentences[1], "", "活动很成功。"]
    spoken = ["“只有走进一线,才能听到真实的声音。”", "副主席许炳感慨道,几天下来,他与职工的距离拉近了。"]
    assert with_speakers(spoken) == [spoken[0] + spoken[1], spoken[1]]  # it says more: it stays
    assert with_speakers(["“一句口号”", "“另一句”"]) == ["“一句口号”", "“另一句”"]


@pytest.mark.parametrize(("paragraphs", "read"), [
    # question and answer in one paragraph: the answer's place holds both, the question's is left ""
    ([["问：会费怎么交？", "答：按月工资的0.5%缴纳。", "由单位代扣。"]],
     [["", "问：会费怎么交？答：按月工资的0.5%缴纳。", "由单位代扣。"]]),
    # the interviewer's line is a paragraph of its own: joined to the next paragraph's first sentence
    ([["记者：入会难在哪里？"], ["陈主席：流动性大。", "我们就上门办。"]],
     [[""], ["记者：入会难在哪里？陈主席：流动性大。", "我们就上门办。"]]),
    # a run of questions goes with the first sentence after it
    ([["问：标准是多少？", "什么时候发？"], ["答：每月300元，6月起发放。"]],
     [["", ""], ["问：标准是多少？什么时候发？答：每月300元，6月起发放。"]]),
    # a question that ends a paragraph of prose does not reach into the next one
    ([["活动圆满结束。", "明年还办吗？"], ["另一件事。"]], [["活动圆满结束。", "明年还办吗？"], ["另一件事。"]]),
    # nor across a heading (None), and a question left unanswered stays
    ([["问：几点开门？"], None, ["九点。"]], [["问：几点开门？"], [], ["九点。"]]),
    ([["最后一问？"]], [["最后一问？"]]),
    ([["“这合法吗？”", "近日，职工拨打了热线。"]], [["", "“这合法吗？”近日，职工拨打了热线。"]]),
])
def test_a_question_is_read_with_its_answer(paragraphs: list[list[str] | None], read: list[list[str]]) -> None:
    assert with_answers(paragraphs) == read


@pytest.mark.parametrize(("sentence", "question"), [
    ("交多少钱？", True), ("Why?", True), ("“这合法吗？”", True), ("（真的吗？） ", True),
    ("每人60元。", False), ("好！", False), ("", False),
])
def test_a_question_ends_with_its_mark(sentence: str, question: bool) -> None:
    assert asks(sentence) is question


@pytest.mark.parametrize(("text", "found"), [
    ("许炳说，许炳华也来了", ["许炳", "许炳华"]),  # the longest name where two start together
    ("应仲友应仲友", ["应仲友", "应仲友"]),
    ("没有人", []),
    ("", []),
])
def test_people_are_found_as_a_longest_first_alternation_would(text: str, found: list[str]) -> None:
    people = frozenset({"许炳", "许炳华", "应仲友", "华也"})
    pattern = re.compile("|".join(sorted(map(re.escape, people), key=len, reverse=True)))
    assert named(text, people=people, sizes=(3, 2)) == found == pattern.findall(text)
