"""bot.answer.kinds: whether a sentence holds the kind of thing a question asks for.

Sentences and questions are invented (a choir, 合唱团, nowhere in the seed page). The marks
themselves are made by bot.nlp.kinds when the index is built; here they meet a question.
"""

from __future__ import annotations

import pytest

from bot.answer.kinds import ANSWERED_BY, bits, counted, new_spans, quoted, type_match
from bot.answer.reading import KINDS, Query
from bot.nlp.kinds import MARKS, marks, measure_class
from bot.nlp.text import squash


def _query(asks: str, question: str = "") -> Query:
    """``question`` read as asking ``asks``."""
    folded = squash(question)
    return Query(text=folded, folded=folded, asks=asks, content=(), weights=(), core=folded)


def _marked(shown: str, *, person: bool = False) -> set[str]:
    found = marks(shown, squash(shown), person=person)
    return {name for name, bit in zip(MARKS, bits(found), strict=True) if bit}


@pytest.mark.parametrize(("shown", "person", "expected"), [
    ("合唱团于1998年在梧桐镇成立。", False, {"has_number", "has_time", "has_place", "has_year"}),
    ("合唱团有四十八名团员。", False, {"has_number"}),
    ("演出定在下旬。", False, {"has_time"}),
    ("“唱歌让人快乐。”李明说。", True, {"has_quote", "has_person"}),
    ("声部有男高音、女高音和低音。", False, {"has_list"}),  # 、 is looked for as written (folding drops it)
    ("指挥由音乐老师担任。", False, {"has_role"}),
    ("大家唱得很开心。", False, set()),
])
def test_marks(shown: str, person: bool, expected: set[str]) -> None:
    assert _marked(shown, person=person) == expected


def test_bits_are_one_feature_per_mark() -> None:
    assert bits(0) == (0.0,) * len(MARKS)
    every = (1 << len(MARKS)) - 1
    assert bits(every) == (1.0,) * len(MARKS)
    assert bits(1 << MARKS.index("has_place")) == tuple(float(m == "has_place") for m in MARKS)


TYPED = {  # kind asked -> a sentence that holds that kind of thing
    "number": "合唱团有48名团员。",
    "duration": "每次排练3个小时。",
    "time": "合唱团于1998年成立。",
    "place": "演出在梧桐镇举行。",
    "which": "演出在梧桐镇举行。",
    "list": "声部有男高音、女高音和低音。",
    "role": "指挥由音乐老师担任。",
}
PLAIN = "大家唱得很开心。"


@pytest.mark.parametrize("asks", sorted(TYPED))
def test_type_match_when_the_sentence_holds_the_kind(asks: str) -> None:
    query = _query(asks)
    assert type_match(query, marks(TYPED[asks], squash(TYPED[asks]), person=False)) == 1.0
    assert type_match(query, marks(PLAIN, squash(PLAIN), person=False)) == 0.0


def test_type_match_for_a_person_is_a_name_the_knowledge_knows() -> None:
    query = _query("person")
    assert type_match(query, marks(PLAIN, squash(PLAIN), person=True)) == 1.0
    assert type_match(query, marks(TYPED["role"], squash(TYPED["role"]), person=False)) == 0.0


@pytest.mark.parametrize("asks", ["what", "how", "reason", "yesno", "none"])
def test_kinds_no_mark_answers(asks: str) -> None:
    assert asks in KINDS and asks not in ANSWERED_BY
    assert type_match(_query(asks), (1 << len(MARKS)) - 1) == 0.0


@pytest.mark.parametrize(("asks", "question", "text", "count"), [
    ("number", "8位老师带了多少名学生", "8位老师带了120名学生", 1.0),  # the 8 the question names is no answer
    ("number", "合唱团有多少名团员", "合唱团有48名团员,其中12名是新人", 2.0),
    ("duration", "每次排练多久", "每次排练3个小时", 1.0),
    ("time", "合唱团是哪一年成立的", "合唱团1998年成立,2020年获奖", 2.0),
    ("time", "合唱团2020年获奖后哪一年成立", "合唱团1998年成立,2020年获奖", 1.0),
    ("place", "合唱团来自哪里", "合唱团来自梧桐镇", 1.0),
    ("number", "合唱团有多少名团员", "大家唱得很开心", 0.0),
    ("person", "谁指挥合唱团", "李明指挥合唱团12年", 0.0),  # no spans for a person
    ("list", "有哪些声部", "男高音、女高音", 0.0),
    ("what", "合唱团唱什么", "合唱团唱了3首歌", 0.0),
])
def test_new_spans(asks: str, question: str, text: str, count: float) -> None:
    folded = squash(text)
    assert new_spans(_query(asks, question), folded, marks(text, folded, person=False)) == count


def test_new_spans_only_where_the_kind_is_marked() -> None:
    text = squash("合唱团有48名团员")
    assert new_spans(_query("number", "合唱团有多少名团员"), text, 0) == 0.0
    assert new_spans(_query("number", "合唱团有多少名团员"), text, 1 << MARKS.index("has_number")) == 1.0


@pytest.mark.parametrize(("counts", "text", "value"), [
    (("人", "指挥"), "合唱团请了3位指挥", 1.0),
    (("人", ""), "合唱团请了3名指挥", 1.0),  # 位 and 名 count people alike (the reading's class 人)
    (("", "团员"), "合唱团有48名新团员", 1.0),  # the noun within a few characters of the number
    (("元", ""), "门票每张80元", 1.0),  # 多少钱, read as 元
    (("人", ""), "共有120人报名", 1.0),  # 人数, read as 人
    (("本", "书"), "图书室藏书6800册", 1.0),  # 多少本书: the class 本 holds 册
    (("个", ""), "全市共有12家合唱团", 1.0),  # 个 counts anything
    (("人", "指挥"), "合唱团成立于1998年", 0.0),  # a number, but not of conductors
    (("人", "指挥"), "大家唱得很开心", 0.0),
    (("", ""), "合唱团请了3位指挥", -1.0),  # the question counts nothing
])
def test_counted(counts: tuple[str, str], text: str, value: float) -> None:
    query = Query(text="", folded="", asks="number", content=(), weights=(), core="", counted=counts)
    assert counted(query, squash(text)) == value


@pytest.mark.parametrize(("asks", "question", "shown", "value"), [
    ("what", "合唱团叫什么名字", "合唱团名叫“星光合唱团”。", 1.0),
    ("what", "合唱团唱了什么歌", "合唱团唱了《茉莉花》和《草原之夜》。", 2.0),
    ("what", "“星光合唱团”唱了什么", "“星光合唱团”唱得很好。", 0.0),  # the question names it already
    ("which", "合唱团去了哪个镇", "合唱团去了梧桐镇。", 0.0),
    ("number", "合唱团叫什么名字", "合唱团名叫“星光合唱团”。", -1.0),  # not a 什么/哪个 question
])
def test_quoted(asks: str, question: str, shown: str, value: float) -> None:
    assert quoted(_query(asks, question), shown) == value


@pytest.mark.parametrize(("word", "cls"), [
    ("位", "人"), ("名", "人"), ("册", "本"), ("钱", "元"), ("所", "家"), ("个", "个"),  # 个 counts anything
])
def test_measure_words_that_count_the_same_things(word: str, cls: str) -> None:
    assert measure_class(word) == cls
