"""What the quoted sentences must say for three kinds of question: vetoes after the fitted model.

The model weighs evidence and never vetoes (README, "How it works"), but for these three kinds the data
shows that a veto prevents far more wrong answers than it kills right ones, and the model cannot learn
them: the questions a story leaves open are measured, never fitted (README, the ninth session), and
such questions are most of the wrong answers of their kind. ``benchmarks/vetoes.py`` measures each
veto's right answers killed and wrong ones prevented, on held-out sets written for it.

* **Another time of an event** (下一期, 下次, 明年; 上届, 上次, 前任). Members ask a story about its
  event's next or previous time (下一场联谊啥时候办, 上届冠军是谁) more often than stories tell it; the
  best sentence is then about the story's own event, and quoting its date or winner answers the
  question with the wrong time's facts. The answer must speak of another time in the direction asked
  (将于…, 定于…, 计划…, 下一期…; 上届…, 去年…, 此前…).
* **A list** (哪些, 哪几个, 都有啥). A story often counts what it does not name (在全市设立了35个服务站,
  收到建议216条); the sentence that counts them matches 35个服务站都在哪些地方 best and names none. The
  answer must enumerate something: items apart by 、 or ；, after a colon, in quotation marks one after
  another (“叉车过桩”“定点码垛”), joined by 和/及/与, introduced by 包括, or closed by 等. 哪些 asks for a
  list whatever it names (哪些地方, 哪些人); a time it asks (哪几个月) is answered by a span.
* **A telephone number** (工会电话多少, 维权热线 号码). A story often tells members to ring a hotline and
  gives no number (可拨打热线求助); that sentence holds every word of the question. The answer must hold
  a number one can ring: six digits or more (dashes allowed), or a five-digit service number (12351, the
  unions' own hotline; 96588). A question that counts calls (接了多少个电话), asks when or where, or
  names a hotline's office (热线中心主任叫什么) is no such question.
"""

from __future__ import annotations

import re

from bot.answer.reading import Query

# 一 may come as 1: a question is read with its Chinese numerals as digits (下一期 -> 下1期).
_NEXT_ASKED = re.compile(r"下[一1]?[届期场次轮批回]|下次|下回|明年")
_PREVIOUS_ASKED = re.compile(r"上[一1]?[届期场次轮批回任]|上次|往届|前任")
_NEXT_SAID = re.compile(r"下[一1]?[届期场次轮批回步]|下次|下回|明年|将于|将在|将继续|将再|还将|计划|拟|即将|今后"
                        r"|预计|准备|定于|届时")
_PREVIOUS_SAID = re.compile(r"上[一1]?[届期场次轮批回任]|上次|往届|前任|此前|去年|历届|原任|卸任")
# 哪些 asks for a list whatever it names (哪些地方 is read as a place, 哪些人 as a person), and 都有啥 as
# 哪些 does; a time it asks (哪几天, 哪几个月) is answered by a span (7月至9月), no list.
_ALL_OF = re.compile(r"哪些|哪几|都(?:有|是|包括)(?:啥|什么|哪)")
# The number is what is asked: the phone word ends the question (工会电话是多少, 驿站 电话), or is what to
# ring (打啥电话); not a word of another noun (热线中心主任叫什么).
_PHONE_ASKED = re.compile(r"(?:电话|热线|号码|手机号|联系方式)(?:号码|号)?(?:是|为)?(?:多少|啥|什么|几)?$"
                          r"|(?:打|拨|拨打)(?:啥|什么|哪个)(?:电话|热线)")
_COUNTS_CALLS = re.compile(r"(?:多少|几)[个件次名条位通人对万千百]|(?:多少|几)[^，。？?\s]{0,4}(?:电话|热线|号码)")
# Six digits or more (dashes allowed), or a five-digit service number (96588, 12351, 12333).
_PHONE_NUMBER = re.compile(r"\d[\d\-－—]{4,}\d|(?<!\d)(?:9\d{4}|12\d{3})(?!\d)")
_ASKS_A_NUMBER = frozenset(("number", "what", "which", "none"))  # not when, where, how, who, whether
# Items apart by 、 or ；, after a colon, quoted one after another, joined by 和/及/与, introduced by 包括 or
# 分别是, or closed by 等 (…文艺春秋漫画赏，…协会赏等。).
_ENUMERATED = re.compile(r"[、；;：:]|[”’」』》][“‘「『《]|[^，。]{1,12}(?:和|及|与|以及)[^，。]{1,12}"
                         r"|包括|涵盖|分别[是为]|等(?=$|[。，；,;]|\d|[一二两三四五六七八九十几多]+[个项种类家名位人所处])")


def other_time(question: str, answer: str) -> bool:
    """Whether ``question`` (folded) asks of another time of an event that ``answer`` does not speak of."""
    return bool((_NEXT_ASKED.search(question) and not _NEXT_SAID.search(answer))
                or (_PREVIOUS_ASKED.search(question) and not _PREVIOUS_SAID.search(answer)))


def asks_list(query: Query) -> bool:
    """Whether ``query`` asks for a list of things (哪些, 哪几个, 都有啥; not a time: 哪几个月)."""
    return query.asks == "list" or (query.asks != "time" and _ALL_OF.search(query.folded) is not None)


def no_list(query: Query, answer: str) -> bool:
    """Whether ``query`` asks for a list of things and ``answer`` enumerates none."""
    return asks_list(query) and not _ENUMERATED.search(answer)


def no_phone(query: Query, answer: str) -> bool:
    """Whether ``query`` asks for a telephone number and ``answer`` holds none."""
    asked = (query.asks in _ASKS_A_NUMBER and _PHONE_ASKED.search(query.folded) is not None
             and _COUNTS_CALLS.search(query.folded) is None)
    return asked and not _PHONE_NUMBER.search(answer)


def vetoed(query: Query, answer: str) -> bool:
    """Whether the sentences ``answer`` (as quoted) leave ``query`` unanswered by one of the vetoes."""
    return other_time(query.folded, answer) or no_list(query, answer) or no_phone(query, answer)
