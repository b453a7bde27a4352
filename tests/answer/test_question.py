"""bot.answer.question: reading a question (its kind, what it counts or asks about, its weighted words).

Uses the lexicon of the engine built from seeds/ (the ``engine`` fixture in conftest.py), so
questions are read exactly as the bot reads them.
"""

from __future__ import annotations

import pytest

from bot.answer.engine import Engine
from bot.answer.question import Query, _content_words
from bot.answer.slots import measured
from bot.answer.tuning import MAX_CONTENT


def _read(engine: Engine, question: str) -> Query:
    return engine.read(question)


@pytest.mark.parametrize(("question", "qtype"), [
    ("凤桥水蜜桃什么时候上市", "date"),
    ("南湖区总工会哪年开始这个活动", "date"),
    ("义乌市总工会代表大会是哪天召开的", "date"),
    ("安全讲座一共办了多少场", "quantity"),
    ("首批有几位工会干部下企业", "quantity"),
    ("金华在提名城市中排第几", "quantity"),
    ("应仲友担任什么职务", "role"),
    ("路桥区总工会主席是谁", "person"),
    ("哪位劳模讲了公交车安全", "person"),
    ("浙工缘交友活动在哪里举行", "place"),
    ("孙阔强在哪家公司工作", "place"),
    ("浙工缘", None),
    ("介绍一下劳模工匠大讲堂", None),
    ("孙阔强的技术导师叫什么", None),  # a thing's name, not a person asked for
    ("路桥区总工会主席叫什么", "person"),
    ("凤桥镇总工会负责人叫什么名字", "person"),
    ("交友活动设置了哪些环节", "list"),
    ("史文斌讲了哪些安全知识", "list"),
    ("哪些单位参加了安全讲座", "place"),  # 哪些 + what is listed: the list's kind decides
    ("洪银花做工会工作多久了", "duration"),
    ("工作人员戴什么颜色的帽子", "colour"),
    ("施老怎么评价金华", "opinion"),
    ("应仲友说工会接下来要做些什么", "opinion"),
    ("戚仕张和一线职工没有多少区别吗", None),  # "没有多少" is "hardly any", not a count
])
def test_question_type(engine: Engine, question: str, qtype: str | None) -> None:
    assert _read(engine, question).qtype == qtype


NUMERAL_IN_QUESTION_WORD = (
    "normalize() turns the 一 of the question words 哪一年/哪一天/哪一位 into a digit (哪1年, 哪1天, 哪1位: "
    "_CN_NUMBER's lookbehind only exempts 第), so read_query's _ASKS patterns (哪一年, 哪一天, 哪位) never "
    "match, qtype stays None and '1' becomes a content word; exempt 哪 (and 这/那/每/同) in the lookbehind "
    "or match the folded forms")


@pytest.mark.parametrize(("question", "qtype"), [
    ("南湖区总工会哪一年开始这个活动", "date"),
    ("义乌市总工会代表大会是哪一天召开的", "date"),
    ("哪一位劳模讲了公交车安全", "person"),
])
def test_question_type_with_yi_in_the_question_word(engine: Engine, question: str, qtype: str) -> None:
    query = _read(engine, question)
    assert query.qtype == qtype
    assert "1" not in dict(query.content)


@pytest.mark.parametrize(("question", "measure"), [
    ("首批有几位工会干部", "位"),
    ("安全讲座一共办了多少场", "场"),
    ("浙工缘活动有多少人参加", "人"),
    ("金华累计发放生活救助多少万元", None),  # 万元: no single counting unit after 多少
    ("凤桥水蜜桃什么时候上市", None),
    ("新安江水电站开了几孔闸门", "孔"),
])
def test_measure(engine: Engine, question: str, measure: str | None) -> None:
    assert _read(engine, question).measure == measure


@pytest.mark.parametrize(("question", "counted"), [
    ("有多少单身青年参加", "单身"),
    ("文旅产品原价多少钱", "钱"),
    ("金华累计发放生活救助多少万元", "钱"),
    ("安全讲座的点击量是多少", "击量"),  # the end of the noun before 多少: "点击量达到30万次"
    ("孔胜东的电话号码是多少", "号码"),
])
def test_what_is_counted(engine: Engine, question: str, counted: str) -> None:
    assert _read(engine, question).counted == counted


@pytest.mark.parametrize(("question", "focus"), [
    ("路桥区总工会主席是谁", "主席"),  # README's example: not the place, the role asked about
    ("孙阔强的技术导师是谁", "导师"),
])
def test_focus_of_who_questions(engine: Engine, question: str, focus: str) -> None:
    assert _read(engine, question).focus == focus


def test_focus_is_no_verb(engine: Engine) -> None:
    # What is asked about is a thing; "去支援了哪家企业" does not ask for 支援 to appear.
    assert _read(engine, "复工小分队去支援了哪家企业").focus == "小分队"


@pytest.mark.parametrize(("question", "kind"), [
    ("红色工匠有什么奖金", "奖金"),
    ("奉化区总工会在哪条街", "街"),
    ("洪银花在哪家公司工作", "公司"),
    ("应仲友担任什么职务", None),  # 职务 names an attribute: "副主席" never says 职务
    ("交友活动设置了哪些环节", None),
])
def test_the_kind_of_thing_asked_for(engine: Engine, question: str, kind: str | None) -> None:
    assert _read(engine, question).kind == kind


def test_how_questions_keep_their_verb(engine: Engine) -> None:
    assert _read(engine, "怎么报名参加浙工缘活动").how == "报名"
    assert _read(engine, "浙工缘活动怎么样").how is None


def test_content_words_are_weighted_and_question_words_dropped(engine: Engine) -> None:
    query = _read(engine, "请问义乌市总工会主席是谁？")
    words = dict(query.content)
    assert "主席" in words and "义乌市" in words
    assert not {"请问", "是", "谁"} & set(words)
    assert all(w > 0 for w in words.values())


@pytest.mark.parametrize(("question", "dropped"), [
    ("你好，请问义乌市总工会主席是谁", "你好"),  # a courtesy
    ("我想退会怎么办", "怎么办"),  # a way of asking
    ("志愿者在江滨公园做了什么", "做"),  # 做了什么 asks for an action: 做 is part of the question word
])
def test_words_that_ask_nothing_are_dropped(engine: Engine, question: str, dropped: str) -> None:
    assert dropped not in dict(_read(engine, question).content)


def test_a_question_word_glued_to_its_noun_is_cut_off(engine: Engine) -> None:
    words = dict(_read(engine, "金华职工志愿者进了哪些地方").content)  # jieba keeps 哪些地方 whole
    assert "地方" in words and "哪些地方" not in words


def test_attribute_words_weigh_less(engine: Engine) -> None:
    words = dict(_read(engine, "应仲友担任什么职务").content)
    assert words["职务"] < words["应仲友"] / 3


@pytest.mark.parametrize(("question", "name"), [
    ("2020年推荐了多少全国劳模", "2020"),
    ("义乌市总工会主席是谁", "义乌市"),
    ("路桥区总工会主席是谁", "路桥区"),
    ("应仲友担任什么职务", "应仲友"),
])
def test_names_are_recognised(engine: Engine, question: str, name: str) -> None:
    assert name in _read(engine, question).names


@pytest.mark.parametrize(("typed", "fixed"), [
    ("安全讲坐有几场", "讲座"),
    ("金华发放了多少生活就助", "救助"),
    ("路桥区总公会主席是谁", "工会"),
])
def test_typos_are_repaired_before_reading(engine: Engine, typed: str, fixed: str) -> None:
    query = _read(engine, typed)
    assert fixed in query.text
    assert fixed in query.folded


def test_query_of_traditional_full_width_input(engine: Engine) -> None:
    assert _read(engine, "路橋區總工會主席是誰？").folded == _read(engine, "路桥区总工会主席是谁").folded
    assert _read(engine, "２０２０年推荐了多少全国劳模").names == _read(engine, "2020年推荐了多少全国劳模").names


def test_a_long_question_is_read_by_its_weightiest_words(engine: Engine) -> None:
    pasted = "原先沿江一线起着重要作用的两万多个防洪沙包这时成了企业灾后复产的巨大阻碍是什么情况"
    every = _content_words(pasted, engine.lexicon, engine.segmenter)[0]
    query = _read(engine, pasted)
    assert len(every) > MAX_CONTENT == len(query.content)
    kept = sorted(w for _, w in query.content)
    assert kept == sorted(w for _, w in every)[-MAX_CONTENT:]  # the heaviest ...
    words = [w for w, _ in every]
    assert [words.index(w) for w, _ in query.content] == sorted(words.index(w) for w, _ in query.content)  # in order
    assert query.total == pytest.approx(sum(kept))


def test_no_slot_is_compiled_while_reading_a_question(engine: Engine) -> None:
    before = measured.cache_info().misses
    for question in ("有效化解劳动争议几起", "请了几位劳模", "共有几家企业", "发放了多少份意见书"):
        assert _read(engine, question).slot is not None
    assert measured.cache_info().misses == before  # every unit's slot was compiled at import
