"""Where in a candidate the kind of answer a question asks for can stand: a :class:`Slot`.

A question that asks 几位 is answered by a sentence with a number and 位 in it, one that asks 多少单身青年
by "60名单身青年". :mod:`bot.answer.question` picks the slot for a question; the matcher looks for it in
each candidate and weighs the words around it. Most slots are compiled regexes; compiling one costs
~1 ms, more than the rest of reading a question, so none is compiled per question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

NUMBER = r"(?:\d|[一二两三四五六七八九十百千万])"  # one digit, arabic or Chinese
# The measure words a count is given in (3名, 5场, 2家).
MEASURES = ("个名份场次位人户年天元项条批家期届把起岁只件所分"
            "孔辆台座间栋层轮种类门张本篇部棵株头箱袋斤吨米亩支组队颗枚块")


class _Placed(Protocol):
    def start(self) -> int: ...


class Slot(Protocol):
    """Where in a text the kind of answer asked for can stand: a compiled regex, or a :class:`CountedSlot`."""

    def search(self, text: str, /) -> object: ...  # truthy when the text has such a place
    def finditer(self, text: str, /) -> Iterator[_Placed]: ...


# Compiling a regex costs ~1 ms (most of a question's time): the few built from a question's
# unit are kept, and none is built for the open-ended nouns that 多少 counts (see CountedSlot).
@functools.lru_cache(maxsize=64)
def measured(units: str) -> re.Pattern[str]:
    """A number counted in one of ``units`` (几位 is answered by "10位")."""
    return re.compile(rf"{NUMBER}+(?:\.\d+)?[余多]?(?:万|千)?[{units}]")


MONEY = re.compile(rf"{NUMBER}+(?:\.\d+)?[余多]?(?:万|千|亿)?元")  # an amount of money: 多少钱, 多少万元
_COUNT = re.compile(rf"{NUMBER}+(?:\.\d+)?[余多]?(?:万|千)?[{MEASURES}]?")
_COUNT_ENDS = frozenset("一二两三四五六七八九十百千万余多" + MEASURES)  # what the last character of a _COUNT can be
_DIGIT_SOON = re.compile(r"\D{0,6}\d")
_LONGEST_COUNT = 16  # characters of a number and its unit before the noun (12.5万名)


class _At:
    """A place found by :class:`CountedSlot` (what ``re.Match`` is to a regex's search)."""

    __slots__ = ("_at",)

    def __init__(self, at: int) -> None:
        self._at = at

    def start(self) -> int:
        return self._at


@dataclass(frozen=True)
class CountedSlot:
    """Where a count of ``noun`` stands: 多少单身青年 is answered by "60名单身青年" (number first)
    or "全国劳模8人" (noun first, a digit within 7 characters).

    The same places as the regex ``{NUMBER}+(?:\\.\\d+)?[余多]?(?:万|千)?[{MEASURES}]?{noun}|{noun}\\D{0,6}\\d``
    (for numbers up to 16 characters), found without compiling a regex for each noun. Where the noun
    itself starts with a measure word or 万 the two may differ: in "0万万0" the regex reads the count
    "0万" of 万 once, this reads 万 twice. Both find the same places in every bundled sentence (tested
    for eight nouns, 名 and 万元 among them).
    """

    noun: str

    def finditer(self, text: str, /) -> Iterator[_At]:
        noun, done = self.noun, 0  # done: where the previous match ended (matches do not overlap)
        at = text.find(noun)
        while at >= 0:
            first = None
            if at > done and (text[at - 1] in _COUNT_ENDS or text[at - 1].isdecimal()):  # else no count ends here
                first = next((s for s in range(max(done, at - _LONGEST_COUNT), at) if _COUNT.fullmatch(text, s, at)),
                             None)
            if first is not None:
                yield _At(first)
                done = at + len(noun)
            elif (digit := _DIGIT_SOON.match(text, at + len(noun))) is not None:
                yield _At(at)
                done = digit.end()
            at = text.find(noun, max(done, at + 1))

    def search(self, text: str, /) -> bool:
        return next(self.finditer(text), None) is not None
