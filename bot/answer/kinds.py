"""Which kind of thing a question asks for, and whether and where a sentence gives it.

The kinds themselves (:mod:`bot.nlp.kinds`) are marked on every sentence when the index is built;
here they meet a question. They are evidence for the fitted model, never vetoes: a sentence
without a number may still answer a 多少 question (一半, 全部).
"""

from __future__ import annotations

import functools

from bot.answer.reading import Query
from bot.nlp.kinds import LIST, MARKS, NUMBER, PLACE, ROLE, TIME, Kind

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
