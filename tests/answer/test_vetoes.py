"""What the quoted sentences must say for two kinds of question (bot.answer.vetoes)."""

from __future__ import annotations

import pytest

from bot.answer.reading import Query
from bot.answer.vetoes import no_list, no_phone, other_time


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
def test_another_time(question: str, answer: str, vetoed: bool) -> None:
    assert other_time(question, answer) is vetoed


def _query(folded: str, asks: str) -> Query:
    return Query(text=folded, folded=folded, asks=asks, content=(), weights=(), core=folded)


@pytest.mark.parametrize(
    ("question", "asks", "answer", "vetoed"),
    [
        # a list asked, a count given: vetoed
        ("35个服务站都在哪些地方", "place", "市总工会在全市设立了35个维权服务站。", True),
        ("获奖的有哪些人", "person", "共有12名职工获奖。", True),
        ("年货礼包里都有啥", "what", "每名劳模还将收到一份价值200元的年货礼包。", True),
        # ... the items given, however they are set apart: kept
        ("设置了哪些工种", "list", "钢筋工、木工、瓦工等8个工种确定了指导价。", False),
        ("互助项目有哪些", "list", "开设住院医疗互助和重大疾病互助两个项目。", False),
        ("比赛有哪几个项目", "list", "设置了“叉车过桩”“定点码垛”“叉取乒乓球”3个项目。", False),
        ("分哪几类", "list", "补助分为三类：困难职工、农民工和劳模。", False),
        ("措施有哪些", "list", "一是建档立卡；二是结对帮扶。", False),
        ("获得过哪些奖项", "list", "他获得的奖项包括全国五一劳动奖章，省劳动模范等。", False),
        # no list asked: never vetoed (啥 alone asks what, not which ones)
        ("礼包是啥", "what", "每名劳模还将收到一份价值200元的年货礼包。", False),
        ("设了多少个服务站", "number", "市总工会在全市设立了35个维权服务站。", False),
        ("高温津贴哪几个月发", "time", "发放时间为7月至9月。", False),  # a time: a span, no list
    ],
)
def test_a_list(question: str, asks: str, answer: str, vetoed: bool) -> None:
    assert no_list(_query(question, asks), answer) is vetoed


@pytest.mark.parametrize(
    ("question", "asks", "answer", "vetoed"),
    [
        # a number asked for, none given: vetoed
        ("维权热线电话多少", "number", "职工可拨打区总工会维权热线求助。", True),
        ("驿站 电话", "none", "墙上张贴着入会二维码和法律援助热线。", True),
        # ... one given: kept (a city's code and a dash, or the unions' 12351)
        ("维权热线电话多少", "number", "职工可拨打维权热线0571-85112351求助。", False),
        ("被欠薪了打啥热线", "what", "职工可拨打12351职工服务热线求助。", False),
        # calls counted, or when or where asked: no such question
        ("热线接了多少个电话", "number", "热线今年共接听来电1.14万个。", False),
        ("热线什么时候开通", "time", "区总工会开通了24小时心理援助热线。", False),
        ("热线中心主任叫什么", "what", "热线中心主任罗晓岚介绍了热线的服务。", False),
        ("会员卡丢了打啥电话挂失", "what", "会员卡丢失可拨打银行客服96588挂失。", False),
    ],
)
def test_a_telephone_number(question: str, asks: str, answer: str, vetoed: bool) -> None:
    assert no_phone(_query(question, asks), answer) is vetoed
