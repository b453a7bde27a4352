"""A question about another time of an event (下一期, 下次, 明年; 上届, 上次, 前任), and whether an answer
speaks of one.

Members ask a story about its event's next or previous time (下一场联谊啥时候办, 上届冠军是谁) more
often than stories tell it. The sentence that matches such a question best is then about the story's
own event, its date, place or winner, and quoting it answers the question with the wrong time's facts:
a confident wrong answer. The fitted model sees too few such questions to learn this (the questions a
story leaves open are measured, never fitted: README, the ninth session), so it is a veto: the answer
must speak of another time in the direction asked (将于…, 计划…, 下一期…; 上届…, 去年…, 此前…), or the
bot refuses. Its right answers killed and wrong ones prevented are measured in
``benchmarks/occasions.py``.
"""

from __future__ import annotations

import re

# 一 may come as 1: a question is read with its Chinese numerals as digits (下一期 -> 下1期).
_NEXT_ASKED = re.compile(r"下[一1]?[届期场次轮批回]|下次|下回|明年")
_PREVIOUS_ASKED = re.compile(r"上[一1]?[届期场次轮批回任]|上次|往届|前任")
_NEXT_SAID = re.compile(r"下[一1]?[届期场次轮批回步]|下次|下回|明年|将于|将在|将继续|将再|还将|计划|拟|即将|今后"
                        r"|预计|准备|定于|届时")
_PREVIOUS_SAID = re.compile(r"上[一1]?[届期场次轮批回任]|上次|往届|前任|此前|去年|历届|原任|卸任")


def unstated(question: str, answer: str) -> bool:
    """Whether ``question`` (folded) asks of another time of an event that ``answer`` does not speak of."""
    return bool((_NEXT_ASKED.search(question) and not _NEXT_SAID.search(answer))
                or (_PREVIOUS_ASKED.search(question) and not _PREVIOUS_SAID.search(answer)))
