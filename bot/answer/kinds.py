"""Which kind of thing a question asks for, and whether and where a sentence gives it.

The kinds themselves (:mod:`bot.nlp.kinds`) are marked on every sentence when the index is built;
here they meet a question. They are evidence for the fitted model, never vetoes: a sentence
without a number may still answer a 多少 question (一半, 全部).
"""

from __future__ import annotations

import functools
import re

from bot.answer.reading import Query
from bot.nlp.kinds import LIST, MARKS, MEASURE, NUMBER, PLACE, ROLE, TIME, Kind, measure_class
from bot.nlp.text import squash

# What each kind of question is answered by (a person: a name the knowledge knows, MARKS' has_person).
ANSWERED_BY: dict[str, Kind] = {"number": NUMBER, "duration": NUMBER, "time": TIME, "place": PLACE, "which": PLACE,
                                "list": LIST, "role": ROLE}
_BIT = {"person": MARKS.index("has_person")} | {ask: MARKS.index(f"has_{kind.name}")
                                               for ask, kind in ANSWERED_BY.items()}


@functools.cache  # a few dozen distinct masks; asked for every candidate of every question
def bits(found: int) -> tuple[float, ...]:
    """The :data:`~bot.nlp.kinds.MARKS` bits as features (1.0 or 0.0 each)."""
    return tuple(float(found >> i & 1) for i in range(len(MARKS)))


def type_match(query: Query, found: int) -> float:
    """1 when the sentence (its MARKS bits ``found``) holds the kind of thing asked for."""
    bit = _BIT.get(query.asks)
    return float(bit is not None and found >> bit & 1)


def new_spans(query: Query, text: str, found: int) -> float:
    """How many things of the kind asked for the sentence (its MARKS bits ``found``) holds that the
    question does not (a year the question names is no answer to "which year")."""
    kind = ANSWERED_BY.get(query.asks)
    if kind is None or kind.spans is None or not found >> _BIT[query.asks] & 1:
        return 0.0
    return float(sum(1 for m in kind.spans.finditer(text) if m.group(0) not in query.folded))


_COUNT = re.compile(r"\d+(?:\.\d+)?[万千百亿]*[余多]?")
_FOLLOW = 6  # characters after a number in which the counted noun may stand (326名外卖骑手)


def counted(query: Query, text: str) -> float:
    """1 when a number in the sentence counts what the question counts (``query.counted``: 几位劳模 is
    counted by 5名劳模, 多少本书 by 6800册), 0 when none does, -1 when the question counts nothing."""
    measure, noun = query.counted
    if not measure and not noun:
        return -1.0
    for m in _COUNT.finditer(text):
        follow = text[m.end():m.end() + _FOLLOW]
        if noun and noun in follow:
            return 1.0
        if follow and measure and (measure_class(follow[0]) == measure
                                   or (measure == "个" and not noun and MEASURE.match(follow))):
            return 1.0  # 个 counts anything: 几个 is answered by 12家 as well
    return 0.0


_QUOTED = re.compile(r"[“「《『]([^”」》』]{1,16})[”」》』]")
_NAMING = frozenset(("what", "which", "role"))


def quoted(query: Query, shown: str) -> float:
    """How many quoted names (“…”, 《…》) the sentence (``shown`` as written) holds that the question
    does not: 什么 is often answered by one (外号“…”, “…”活动); -1 when the question asks no 什么/哪个."""
    if query.asks not in _NAMING:
        return -1.0
    return float(min(sum(squash(m.group(1)) not in query.folded for m in _QUOTED.finditer(shown)), 3))
