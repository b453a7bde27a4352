"""The kinds of thing a sentence can give as an answer, and where in a sentence the answer stands.

Each kind is a small :class:`Kind`: what marks a sentence as able to give one (a number, a date, a
place...), and the spans that are such things. They are evidence for the fitted model, never vetoes:
a sentence without a number may still answer a 多少 question (一半, 全部).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.answer.reading import Query
from bot.answer.tuning import SLOT_CONTEXT, SLOT_WIDTH


class Kind(NamedTuple):
    name: str
    marks: re.Pattern[str]  # the sentence can give this kind of answer
    spans: re.Pattern[str] | None = None  # the things of this kind in a text (to tell new ones from asked ones)


_CN_NUMBER = "一二两三四五六七八九十百千万亿"
NUMBER = Kind("number", re.compile(rf"\d|[{_CN_NUMBER}]+[个名位人次场项家所年月日天元]"),
              re.compile(rf"\d+(?:\.\d+)?[%万亿千百]?|[{_CN_NUMBER}]+(?=[个名位人次场项家所元岁])"))
TIME = Kind("time", re.compile(r"\d{2,4}年|\d+[月日号]|年初|年底|年代|世纪|月初|月底|[上中下]旬|今年|去年|当天"
                               r"|周[一二三四五六日]"),
            re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{2}世纪|\d{4}"))
PLACE = Kind("place", re.compile(r"[省市区县镇乡村州国]|街道|公司|集团|工会|中心|学校|大学|医院|基地|园区|广场"
                                 r"|礼堂|驿站"),
             re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|市|区|县|镇|乡|村|街道|公司|集团|工会|中心|学校|大学|医院)"))
QUOTE = Kind("quote", re.compile(r"[“「]|说|表示|认为|指出"))
LIST = Kind("list", re.compile(r"、"))
ROLE = Kind("role", re.compile(r"主席|书记|主任|经理|工程师|总监|董事长|厂长|站长|局长|部长|处长|科长|院长|校长|所长"
                               r"|队长|组长|班长|委员|代表|负责人|教授|医生|护士|教师|老师|司机|师傅|技师|工匠|劳模"
                               r"|员工|职工|工人|农民|学生|演员|作家|运动员"))
YEAR = Kind("year", re.compile(r"\d{4}年|\d{2}世纪|\d{4}-\d{4}"))

# What each kind of question is answered by (a person is a name the knowledge knows: see marks()).
ANSWERED_BY = {"number": NUMBER, "duration": NUMBER, "time": TIME, "place": PLACE, "which": PLACE, "list": LIST,
               "role": ROLE}
MARKS = ("has_number", "has_time", "has_person", "has_place", "has_quote", "has_list", "has_role")


def marks(shown: str, text: str, *, person: bool) -> tuple[float, ...]:
    """The :data:`MARKS` of a sentence (``text`` folded, ``shown`` as written; ``person``: it names one)."""
    return (float(bool(NUMBER.marks.search(text))), float(bool(TIME.marks.search(text))), float(person),
            float(bool(PLACE.marks.search(text))), float(bool(QUOTE.marks.search(shown))),
            float(bool(LIST.marks.search(shown))), float(bool(ROLE.marks.search(text))))


def type_match(query: Query, found: tuple[float, ...]) -> float:
    """1 when the sentence has the mark of the kind asked for (``found``: its :func:`marks`)."""
    if query.asks == "person":
        return found[2]
    kind = ANSWERED_BY.get(query.asks)
    return float(kind is not None and found[MARKS.index(f"has_{kind.name}")] > 0)


def new_spans(query: Query, text: str) -> float:
    """How many things of the kind asked for the sentence holds that the question does not (a year the
    question names is no answer to "which year")."""
    kind = ANSWERED_BY.get(query.asks)
    if kind is None or kind.spans is None:
        return 0.0
    return float(sum(1 for m in kind.spans.finditer(text) if m.group(0) not in query.folded))


def slot(query: Query, text: str) -> tuple[float, float, float, float]:
    """Where the question's words on either side of its question word stand in ``text``, and whether
    what stands between them (or next to the one found) is the kind of thing asked for.

    A question is often its answer's sentence with the answer replaced ("…在哪一年诞生" of "…于1884年
    诞生"): the words around the question word are found around the answer.
    """
    before, after = query.before, query.after
    end, got_before = _suffix_at(before, text)
    start, got_after = _prefix_at(after, text, max(end, 0))
    if end >= 0 and start >= end:
        gap = text[end:start]
    elif end >= 0:
        gap = text[end:end + SLOT_WIDTH]
    elif start >= 0:
        gap = text[max(0, start - SLOT_WIDTH):start]
    else:
        return got_before / SLOT_CONTEXT, got_after / SLOT_CONTEXT, -1.0, 0.0
    kind = ANSWERED_BY.get(query.asks)
    if kind is not None and kind.spans is not None:
        typed = any(m.group(0) not in query.folded for m in kind.spans.finditer(gap))
    else:
        typed = sum(ch not in query.folded for ch in gap) >= 2
    return got_before / SLOT_CONTEXT, got_after / SLOT_CONTEXT, float(min(len(gap), 30)), float(typed)


def _suffix_at(words: str, text: str) -> tuple[int, int]:
    """Where the longest found ending of ``words`` (2..SLOT_CONTEXT characters) ends in ``text``, and its length."""
    for n in range(min(SLOT_CONTEXT, len(words)), 1, -1):
        at = text.find(words[-n:])
        if at >= 0:
            return at + n, n
    return -1, 0


def _prefix_at(words: str, text: str, start: int) -> tuple[int, int]:
    """Where the longest found beginning of ``words`` starts in ``text`` (from ``start`` on), and its length."""
    for n in range(min(SLOT_CONTEXT, len(words)), 1, -1):
        at = text.find(words[:n], start)
        if at >= 0:
            return at, n
    return -1, 0
