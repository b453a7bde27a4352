"""What speaks for a candidate answer, as numbers the fitted model (:mod:`bot.answer.model`) reads.

A candidate is one sentence of an article (a generated Q&A pair counts for the sentence it was made
from). Its evidence is measured, not judged: how much of the question's weighted words the sentence
holds (alone, with its title, its neighbours, its article), how closely it follows the question's
wording, whether it holds the kind of thing asked for, where it stands in its article. The names and
order of :data:`SENTENCE` are the model file's contract: the fitting script and the engine both build
feature rows with :func:`sentence_row`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from bot.answer.reading import KINDS, Query
from bot.nlp.lexicon import Lexicon

SENTENCE: tuple[str, ...] = (
    "retrieval", "rank", "pair_sim",
    "cov", "cov_title", "cov_with_title", "cov_residual", "cov_prev", "cov_next", "cov_paragraph", "cov_article",
    "missing_max", "missing_article_max", "chars", "chars_residual", "bigrams", "lcs", "lcs_title", "partial",
    "in_order", "length", "position", "first", "paragraph",
    "has_number", "has_time", "has_person", "has_place", "has_quote", "has_list", "type_match", "type_new",
    "has_year", "retrieved", "slot_before", "slot_after", "slot_gap", "slot_typed", "residue",
    "article_best", "article_count", "q_words", "q_length", "q_unknown",
    *(f"asks_{kind}" for kind in KINDS),
)
DECISION: tuple[str, ...] = (
    "top", "margin", "second", "same_article_second", "articles_top5",
    "cov", "cov_residual", "cov_article", "missing_max", "missing_article_max", "chars_residual", "lcs_title",
    "type_match", "type_new", "slot_typed", "residue", "q_words", "q_length", "q_unknown", "pair_sim",
    *(f"asks_{kind}" for kind in KINDS),
)

_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万亿]+[个名位人次场项家所年月日天元]")
_TIME = re.compile(r"\d{2,4}年|\d+月|\d+日|\d+号|年初|年底|年代|世纪|月初|月底|上旬|中旬|下旬|今年|去年|当天|周[一二三四五六日]")
_PLACE = re.compile(r"[省市区县镇乡村州国]|街道|公司|集团|工会|中心|学校|大学|医院|基地|园区|广场|礼堂|驿站")
_YEAR = re.compile(r"\d{4}年|\d{2}世纪|\d{4}-\d{4}")
_SPANS = {"number": re.compile(r"\d+(?:\.\d+)?[%万亿千百]?|[一二两三四五六七八九十百千万]+(?=[个名位人次场项家所元岁])"),
          "time": re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{2}世纪|\d{4}"),
          "place": re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|市|区|县|镇|乡|村|街道|公司|集团|工会|中心|学校|大学|医院)")}
_SPANS["duration"] = _SPANS["number"]
_QUOTE = re.compile(r"[“「]|说|表示|认为|指出")
_LIST = re.compile(r"、")
_MATCHES = {"number": "has_number", "duration": "has_number", "time": "has_time", "person": "has_person",
            "place": "has_place", "list": "has_list", "which": "has_place"}


class Asked(NamedTuple):
    """What a question is probed with, worked out once for all its candidates."""

    probes: tuple[tuple[str, ...], ...]  # per content word: its variants (synonyms)
    weights: tuple[float, ...]
    total: float
    chars: tuple[tuple[str, float], ...]  # the question's distinct characters, weighted by rarity
    char_total: float
    bigrams: frozenset[str]
    kind: tuple[float, ...]  # one-hot of the kind asked for (KINDS order)
    length: float
    unknown: float  # share of the content weight the knowledge has never seen


def asked(query: Query, lexicon: Lexicon, char_idf: dict[str, float]) -> Asked:
    chars = tuple((ch, char_idf.get(ch, 12.0)) for ch in dict.fromkeys(query.core))
    core = query.core
    total = query.total
    unknown = sum(w for word, w in zip(query.content, query.weights, strict=True) if not lexicon.knows(word))
    return Asked(tuple(lexicon.variants(word) for word in query.content), query.weights, total,
                 chars, sum(w for _, w in chars), frozenset(core[i:i + 2] for i in range(len(core) - 1)),
                 tuple(float(query.asks == kind) for kind in KINDS), float(len(query.folded)),
                 unknown / total if total else 1.0)


def found(a: Asked, text: str) -> tuple[bool, ...]:
    """Per content word of the question: does ``text`` hold it (or a synonym)?"""
    return tuple(any(v in text for v in variants) for variants in a.probes)


def share(a: Asked, hits: Sequence[bool]) -> float:
    return sum(w for w, hit in zip(a.weights, hits, strict=True) if hit) / a.total if a.total else 0.0


class Around(NamedTuple):
    """A candidate sentence's surroundings, folded: what its article offers it."""

    title: str
    previous: str
    next: str
    paragraph: str
    article: str
    position: float  # 0 for the article's first sentence, 1 for its last
    paragraph_number: int


def sentence_row(query: Query, a: Asked, text: str, shown: str, around: Around, *, retrieval: float, rank: int,
                 pair_sim: float, person: bool, article_best: float, article_count: int) -> list[float]:
    """The :data:`SENTENCE` features of one candidate (``text`` folded, ``shown`` as written)."""
    own = found(a, text)
    titled = found(a, around.title)
    with_title = [o or t for o, t in zip(own, titled, strict=True)]
    paragraph = [w or h for w, h in zip(with_title, found(a, around.paragraph), strict=True)]
    article = [w or h for w, h in zip(with_title, found(a, around.article), strict=True)]
    rest = [w for w, t in zip(a.weights, titled, strict=True) if not t]
    residual = (sum(w for w, t, o in zip(a.weights, titled, own, strict=True) if o and not t) / sum(rest)
                if sum(rest) > 0 else share(a, own))
    missing = [w for w, hit in zip(a.weights, with_title, strict=True) if not hit]
    absent = [w for w, hit in zip(a.weights, article, strict=True) if not hit]
    chars = sum(w for ch, w in a.chars if ch in text)
    rest_chars = [(ch, w) for ch, w in a.chars if ch not in around.title]
    rest_total = sum(w for _, w in rest_chars)
    core = query.core
    n = max(len(core), 1)
    marks = _marks(shown, text, person)
    matched = [text.find(v) for variants, hit in zip(a.probes, own, strict=True) if hit for v in variants[:1]]
    row = [
        retrieval, float(rank), pair_sim,
        share(a, own), share(a, titled), share(a, with_title), residual,
        share(a, found(a, around.previous)) if around.previous else 0.0,
        share(a, found(a, around.next)) if around.next else 0.0,
        share(a, paragraph), share(a, article),
        max(missing, default=0.0) / 12.0, max(absent, default=0.0) / 12.0,
        chars / a.char_total if a.char_total else 0.0,
        sum(w for ch, w in rest_chars if ch in text) / rest_total if rest_total else 0.0,
        sum(g in text or g in around.title for g in a.bigrams) / len(a.bigrams) if a.bigrams else 0.0,
        LCSseq.similarity(core, text) / n, LCSseq.similarity(core, around.title + text) / n,
        fuzz.partial_ratio(core, text) / 100.0 if core else 0.0,
        sum(y > x for x, y in zip(matched, matched[1:])) / (len(matched) - 1) if len(matched) > 1 else 1.0,
        math.log1p(len(text)), around.position, float(around.position == 0.0), float(around.paragraph_number),
        *marks, float(marks[_MARK_INDEX[_MATCHES[query.asks]]] > 0) if query.asks in _MATCHES else 0.0,
        _new_spans(query, text), float(bool(_YEAR.search(text))), float(retrieval > 0.0), *_slot(query, text),
        math.log1p(max(len(text) - LCSseq.similarity(query.folded, text), 0)),
        article_best, float(article_count), float(len(query.content)), a.length, a.unknown, *a.kind,
    ]
    return row


SLOT_CONTEXT = 8  # characters of the question next to its question word that are looked for
SLOT_WIDTH = 12  # characters next to that context where the answer is looked for


def _slot(query: Query, text: str) -> tuple[float, float, float, float]:
    """Where the question's words on either side of its question word stand in ``text``, and whether
    what stands between them (or next to the one found) is the kind of thing asked for.

    A question is often its answer's sentence with the answer replaced ("…在哪一年诞生" of "…于1884年
    诞生"): the words around the question word are found around the answer.
    """
    before, after = query.before, query.after
    end, got_before = -1, 0
    for n in range(min(SLOT_CONTEXT, len(before)), 1, -1):
        at = text.find(before[-n:])
        if at >= 0:
            end, got_before = at + n, n
            break
    start, got_after = -1, 0
    for n in range(min(SLOT_CONTEXT, len(after)), 1, -1):
        at = text.find(after[:n], max(end, 0))
        if at >= 0:
            start, got_after = at, n
            break
    if end >= 0 and start >= end:
        gap = text[end:start]
    elif end >= 0:
        gap = text[end:end + SLOT_WIDTH]
    elif start >= 0:
        gap = text[max(0, start - SLOT_WIDTH):start]
    else:
        return got_before / SLOT_CONTEXT, got_after / SLOT_CONTEXT, -1.0, 0.0
    spans = _SPANS.get(query.asks)
    if spans is not None:
        typed = any(m.group(0) not in query.folded for m in spans.finditer(gap))
    else:
        typed = sum(ch not in query.folded for ch in gap) >= 2
    return got_before / SLOT_CONTEXT, got_after / SLOT_CONTEXT, float(min(len(gap), 30)), float(typed)


def _new_spans(query: Query, text: str) -> float:
    """How many things of the kind asked for the sentence holds that the question does not (a year the
    question names is no answer to "which year")."""
    spans = _SPANS.get(query.asks)
    if spans is None:
        return 0.0
    return float(sum(1 for m in spans.finditer(text) if m.group(0) not in query.folded))


_MARK_NAMES = ("has_number", "has_time", "has_person", "has_place", "has_quote", "has_list")
_MARK_INDEX = {name: i for i, name in enumerate(_MARK_NAMES)}


def _marks(shown: str, text: str, person: bool) -> tuple[float, ...]:
    """What kinds of answer the sentence can give (a person: one the knowledge names as such)."""
    return (float(bool(_NUMBER.search(text))), float(bool(_TIME.search(text))), float(person),
            float(bool(_PLACE.search(text))), float(bool(_QUOTE.search(shown))), float(bool(_LIST.search(shown))))
