"""What speaks for a candidate answer, as numbers the fitted model (:mod:`bot.answer.model`) reads.

A candidate is one sentence of an article (a generated Q&A pair counts for the sentence it was made
from). Its evidence is measured, not judged: how much of the question's weighted words the sentence
holds (alone, with its title, its neighbours, its article), how closely it follows the question's
wording, whether it holds the kind of thing asked for (:mod:`bot.answer.kinds`), where it stands in
its article. The names and order of :data:`SENTENCE` and :data:`DECISION` are the model file's
contract: the fitting script and the engine build their rows with the same functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from bot.answer import kinds
from bot.answer.reading import KINDS, Query
from bot.nlp.kinds import MARKS
from bot.nlp.lexicon import Lexicon

ASKS = tuple(f"asks_{kind}" for kind in KINDS)
SENTENCE: tuple[str, ...] = (
    "retrieval", "rank", "pair_sim",
    "cov", "cov_title", "cov_with_title", "cov_residual", "cov_prev", "cov_next", "cov_paragraph", "cov_article",
    "missing_max", "missing_article_max", "chars", "chars_residual", "lcs", "lcs_title",
    "length", "position", "first", "paragraph",
    *MARKS, "type_match", "type_new", "counted", "quoted", "retrieved",
    "residue", "noun_found", "names_found",
    "article_best", "article_count", "q_words", "q_length", "q_unknown", "q_strangers", *ASKS,
)
DECISION: tuple[str, ...] = (
    "top", "margin", "second", "same_article_second", "articles_top5", "article_mass", "spread", "two_shown",
    "bm25", "kb_articles", "exclusive", "rivals",
    "retrieval", "rank",
    "cov", "cov_residual", "cov_article", "missing_max", "missing_article_max", "chars_residual", "lcs_title",
    "type_match", "type_new", "counted", "quoted", "residue", "noun_found", "names_found", "q_words", "q_length",
    "q_unknown", "q_strangers", "pair_sim", *ASKS,
)
KEY_WORDS = 8  # a longer question (a pasted sentence) is judged by its weightiest words, in their order
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")  # a key word that is a number (37, 96.96, 10%)
RARE = 12.0  # the weight of the rarest word (jieba's idf ceiling): missing weights are shown as a share of it


class Asked(NamedTuple):
    """What a question is probed with, worked out once for all its candidates.

    Which of its key words a text holds is a bit mask (:func:`found`); the share of the question's
    weight of every mask, and its heaviest word, are tabled once here, so that judging a candidate
    costs table lookups rather than sums.
    """

    probed: tuple[tuple[str, int], ...]  # every key word and synonym of it, with the word's bit (see found)
    numbers: tuple[tuple[str, int], ...]  # key words that are numbers (matched whole, see found), by bit
    weights: tuple[float, ...]
    total: float
    shares: tuple[float, ...]  # per mask: the share of the key words' weight it holds
    heaviest: tuple[float, ...]  # per mask: its heaviest word's weight, as a share of RARE
    chars: tuple[tuple[str, float], ...]  # the question's distinct characters, weighted by rarity
    char_total: float
    bigrams: frozenset[str]  # the question's character bigrams (curated pairs are compared by them)
    kind: tuple[float, ...]  # one-hot of the kind asked for (KINDS order)
    length: float
    unknown: float  # share of the content weight the knowledge has never seen
    strangers: float  # names asked about (丽水市, 张三丰) the knowledge has never seen: likely another story
    noun: tuple[str, ...]  # the noun the question word asks for, with its synonyms (() when none)


def asked(query: Query, lexicon: Lexicon, char_idf: dict[str, float]) -> Asked:
    chars = tuple((ch, char_idf.get(ch, RARE)) for ch in dict.fromkeys(query.core))
    core = query.core
    keep = query.heaviest(KEY_WORDS)
    words, weights = [query.content[i] for i in keep], tuple(query.weights[i] for i in keep)
    total = sum(weights)
    unknown = sum(w for word, w in zip(words, weights, strict=True) if not lexicon.knows(word))
    shares, heaviest = _tables(weights)
    variants = [(v, 1 << i) for i, word in enumerate(words) for v in lexicon.variants(word)]
    return Asked(probed=tuple((v, bit) for v, bit in variants if not _NUMBER.fullmatch(v)),
                 numbers=tuple((v, bit) for v, bit in variants if _NUMBER.fullmatch(v)),
                 weights=weights, total=total, shares=shares, heaviest=heaviest, chars=chars,
                 char_total=sum(w for _, w in chars),
                 bigrams=frozenset(core[i:i + 2] for i in range(len(core) - 1)),
                 kind=tuple(float(query.asks == kind) for kind in KINDS), length=float(len(query.folded)),
                 unknown=unknown / total if total else 1.0,
                 strangers=float(sum(not lexicon.knows(name) for name in query.names)),
                 noun=lexicon.variants(query.noun) if query.noun else ())


def _tables(weights: Sequence[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    total = sum(weights)
    shares, heaviest = [0.0], [0.0]
    for w in weights:  # the masks with this word's bit set are those without it, plus the word
        # Each word's share and weight worked out once, and no max() call: 8 key words make 255
        # entries a table, and building them was 4 % of such a question's time.
        share, rare = (w / total if total else 0.0), w / RARE
        shares += [s + share for s in shares]
        heaviest += [h if h >= rare else rare for h in heaviest]
    return tuple(shares), tuple(heaviest)


def found(a: Asked, text: str) -> int:
    """Which of the question's key words ``text`` holds (or a synonym of): bit i for word i."""
    # One flat loop over all variants, without stopping at a word's first variant found (a word
    # rarely has more than one): a third quicker, and a question makes some 90 of these calls.
    mask = 0
    for variant, bit in a.probed:
        if variant in text:
            mask |= bit
    # A number only as a whole number: 96 is not in 7968 or 96.96 (37/96是多少 matched a sentence of
    # statistics).
    for digits, bit in a.numbers:
        if _whole(digits, text):
            mask |= bit
    return mask


def _whole(digits: str, text: str) -> bool:
    """Whether ``digits`` stands in ``text`` as a number of its own: no digit or point before it, no
    digit, percent sign or decimal part after it. (No regular expression: it would be compiled for
    every question that holds a number.)"""
    at = text.find(digits)
    while at >= 0:
        end = at + len(digits)
        before, after, then = text[at - 1:at], text[end:end + 1], text[end + 1:end + 2]
        if not (before.isdecimal() or before == "." or after.isdecimal() or after == "%"
                or (after == "." and then.isdecimal())):
            return True
        at = text.find(digits, at + 1)
    return False


class Around(NamedTuple):
    """A candidate sentence's surroundings: which of the question's words each part holds (see
    :func:`found`; the parts are shared by many candidates, so each is looked at once a question)."""

    title: str  # the article's title (and the union it is about), folded
    titled: int  # found() masks of the question's key words:
    previous: int | None  # None: the article's first sentence
    next: int | None  # None: its last
    paragraph: int  # the sentence's paragraph and the one before it
    article: int
    position: float  # 0 for the article's first sentence, 1 for its last
    paragraph_number: int


class Retrieved(NamedTuple):
    """How the index and the other candidates see a candidate."""

    retrieval: float  # its BM25 score relative to the question's best (0: brought in as a neighbour)
    rank: int  # its first unit's place among the index's hits
    pair_sim: float  # how close the question is to a generated question made from it (0..1)
    marks: int  # the kinds of thing it holds (bot.nlp.kinds.MARKS bits)
    article_best: float  # the best retrieval among its article's candidates
    article_count: int  # how many candidates its article has


class Lcs(NamedTuple):
    """How many characters of the question a candidate holds in the question's order (the length of
    their longest common subsequence)."""

    core: int  # of the question's core, in the sentence
    titled: int  # of its core, in the title followed by the sentence
    folded: int  # of the whole folded question, in the sentence


def lcs(query: Query, texts: Sequence[str], titles: Sequence[str]) -> list[Lcs]:
    """The :class:`Lcs` of each of ``texts`` (folded) under its title, all at once: rapidfuzz then
    prepares each question string once, where a call per pair prepared the longer string and cleared
    a 4 KB table every time (2 % of a question)."""
    if not texts:
        return []
    plain = process.cdist([query.core, query.folded], texts, scorer=LCSseq.similarity, dtype=np.int32, workers=1)
    titled = process.cdist([query.core], [title + text for title, text in zip(titles, texts, strict=True)],
                           scorer=LCSseq.similarity, dtype=np.int32, workers=1)
    return [Lcs(*values) for values in zip(plain[0].tolist(), titled[0].tolist(), plain[1].tolist(), strict=True)]


def sentence_row(query: Query, a: Asked, text: str, own: int, around: Around,
                 seen: Retrieved, common: Lcs, *, shown: str) -> list[float]:
    """The :data:`SENTENCE` features of one candidate (``text`` folded, ``shown`` as written; ``own``: its
    :func:`found`; ``common``: its :func:`lcs`)."""
    return [seen.retrieval, float(seen.rank), seen.pair_sim, *_coverage(a, own, around),
            *_wording(query, a, text, around.title, common),
            math.log1p(len(text)), around.position, float(around.position == 0.0), float(around.paragraph_number),
            *kinds.bits(seen.marks), kinds.type_match(query, seen.marks), kinds.new_spans(query, text, seen.marks),
            kinds.counted(query, text), kinds.quoted(query, shown),
            float(seen.retrieval > 0.0),
            math.log1p(max(len(text) - common.folded, 0)),
            _asked_noun(a, text), _names(query, text, around.title),
            seen.article_best, float(seen.article_count), float(len(query.content)), a.length, a.unknown, a.strangers,
            *a.kind]


def _asked_noun(a: Asked, text: str) -> float:
    """1 when the sentence holds the noun the question word asks for (什么荣誉: 荣誉), 0 when not, -1
    when the question asks for none."""
    if not a.noun:
        return -1.0
    return float(any(v in text for v in a.noun))


def _names(query: Query, text: str, title: str) -> float:
    """The share of the names the question mentions that the sentence or its title holds (-1: none)."""
    if not query.names:
        return -1.0
    return sum(name in text or name in title for name in query.names) / len(query.names)


def _coverage(a: Asked, own: int, around: Around) -> list[float]:
    """cov … missing_article_max: the question's weighted words in the sentence (``own``) and around it."""
    shares, full = a.shares, len(a.shares) - 1
    titled = around.titled
    with_title = own | titled
    untitled = shares[full & ~titled]
    residual = shares[own & ~titled] / untitled if untitled > 0 else shares[own]
    return [shares[own], shares[titled], shares[with_title], residual,
            shares[around.previous] if around.previous is not None else 0.0,
            shares[around.next] if around.next is not None else 0.0,
            shares[with_title | around.paragraph], shares[with_title | around.article],
            a.heaviest[full & ~with_title], a.heaviest[full & ~(with_title | around.article)]]


def _wording(query: Query, a: Asked, text: str, title: str, common: Lcs) -> list[float]:
    """chars … lcs_title: how closely the sentence follows the question's characters."""
    chars = rest_total = rest = 0.0  # one pass, no sets: this runs for every candidate of every question
    for ch, w in a.chars:
        inside = ch in text
        if inside:
            chars += w
        if ch not in title:
            rest_total += w
            if inside:
                rest += w
    n = max(len(query.core), 1)
    return [chars / a.char_total if a.char_total else 0.0,
            rest / rest_total if rest_total else 0.0,
            common.core / n, common.titled / n]
