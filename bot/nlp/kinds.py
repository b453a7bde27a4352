"""The kinds of thing a text holds that a question may ask for: numbers, times, places, roles...

Each kind is a small :class:`Kind`: what marks a text as holding one, and the spans that are such
things. The index build marks every sentence once (:func:`marks`, a bit per kind, see
:data:`MARKS`); answering reads the bits (:mod:`bot.answer.kinds`).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Kind(NamedTuple):
    name: str
    marks: re.Pattern[str]  # the text holds this kind of thing
    spans: re.Pattern[str] | None = None  # the things of this kind in a text (to tell new ones from asked ones)


_CN_NUMBER = "一二两三四五六七八九十百千万亿"
NUMBER = Kind(
    name="number",
    marks=re.compile(rf"\d|[{_CN_NUMBER}]+[个名位人次场项家所年月日天元]"),
    spans=re.compile(rf"\d+(?:\.\d+)?[%万亿千百]?|[{_CN_NUMBER}]+(?=[个名位人次场项家所元岁])"))
TIME = Kind(
    name="time",
    marks=re.compile(r"\d{2,4}年|\d+[月日号]|年初|年底|年代|世纪|月初|月底|[上中下]旬|今年|去年|当天|周[一二三四五六日]"),
    spans=re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{2}世纪|\d{4}"))
PLACE = Kind(
    name="place",
    marks=re.compile(r"[省市区县镇乡村州国]|街道|公司|集团|工会|中心|学校|大学|医院|基地|园区|广场|礼堂|驿站"),
    spans=re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|市|区|县|镇|乡|村|街道|公司|集团|工会|中心|学校|大学|医院)"))
QUOTE = Kind(name="quote", marks=re.compile(r"[“「]|说|表示|认为|指出"))
LIST = Kind(name="list", marks=re.compile(r"、"))
ROLE = Kind(
    name="role",
    marks=re.compile(r"主席|书记|主任|经理|工程师|总监|董事长|厂长|站长|局长|部长|处长|科长|院长|校长|所长|队长|组长|班长"
                     r"|委员|代表|负责人|教授|医生|护士|教师|老师|司机|师傅|技师|工匠|劳模|员工|职工|工人|农民|学生"
                     r"|演员|作家|运动员"))
YEAR = Kind(name="year", marks=re.compile(r"\d{4}年|\d{2}世纪|\d{4}-\d{4}"))

# Measure words, and those that count the same things (几位 is answered by 5名, 多少本 by 800册, 多少钱
# by 300元): a count is compared by its class (the class's first word).
MEASURE = re.compile(r"[个名位人次场项家所元块岁户期批届座本册辆台件条轮回趟套份张篇首部天年月周]")
_CLASSES = ("人名位", "元块钱", "本册", "家所户", "次回趟", "场届期批轮")
_CLASS_OF = {word: words[0] for words in _CLASSES for word in words}


def measure_class(word: str) -> str:
    """The class of measure word ``word`` (位 -> 人, 册 -> 本; itself when it has none)."""
    return _CLASS_OF.get(word, word)


# One bit each, in this order; a person is not found by a pattern but by the names the knowledge knows.
MARKS = ("has_number", "has_time", "has_person", "has_place", "has_quote", "has_list", "has_role", "has_year")
_BY_TEXT = ((0, NUMBER), (1, TIME), (3, PLACE), (6, ROLE), (7, YEAR))  # looked for in the folded text
_BY_SHOWN = ((4, QUOTE), (5, LIST))  # looked for in the text as written (punctuation is folded away)


def marks(shown: str, folded: str, *, person: bool) -> int:
    """The :data:`MARKS` bits of a sentence (``shown`` as written, ``folded`` squashed)."""
    bits = (1 << 2) if person else 0
    for bit, kind in _BY_TEXT:
        if kind.marks.search(folded):
            bits |= 1 << bit
    for bit, kind in _BY_SHOWN:
        if kind.marks.search(shown):
            bits |= 1 << bit
    return bits
