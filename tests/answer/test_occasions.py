"""A question about another time of an event, and whether an answer speaks of one (bot.answer.occasions)."""

from __future__ import annotations

import pytest

from bot.answer.occasions import unstated


@pytest.mark.parametrize(
    ("question", "answer", "vetoed"),
    [
        # the next time asked, the sentence about this one: vetoed
        ("下一期培训班什么时候开班", "9月26日，第三期培训班在县职工服务中心开班。", True),
        ("下1期培训班什么时候开班", "9月26日，第三期培训班在县职工服务中心开班。", True),  # as a question is read
        ("明年还办集体婚礼吗", "10月8日，32对新人参加了市总工会举办的集体婚礼。", True),
        # ... the sentence speaks of it (a plan, a date set, the next one named): kept
        ("下一期培训班什么时候开班", "县总工会表示，第四期培训班将于11月15日开班。", False),
        ("下届比赛啥时候", "第六届比赛定于2025年秋季举行。", False),
        ("明年建几个驿站", "明年计划再建驿站20个。", False),
        # the previous time asked: 上届, 去年, 此前 in the sentence, or not
        ("上届冠军是谁", "本届比赛周立新获得第一名。", True),
        ("上届冠军是谁", "上届冠军王海军本届获得第三名。", False),
        ("前任主席是谁", "原任主席李明因工作调动卸任。", False),
        # no other time asked: never vetoed (下一步, 上半年 are no event's next or previous time)
        ("下一步有什么打算", "9月26日，培训班开班。", False),
        ("上半年发了多少钱", "上半年发放慰问金120万元。", False),
        ("比赛在哪举行", "比赛在市体育馆举行。", False),
    ],
)
def test_unstated(question: str, answer: str, vetoed: bool) -> None:
    assert unstated(question, answer) is vetoed
