"""What speaks for a candidate answer, as numbers the fitted model (:mod:`bot.answer.model`) reads.

A candidate is one sentence of an article (a generated Q&A pair counts for the sentence it was made
from). Its evidence is measured, not judged: how much of the question's weighted words the sentence
holds (alone, with its title, its neighbours, its article), how closely it follows the question's
wording, whether it holds the kind of thing asked for (:mod:`bot.answer.kinds`), where it stands in
its article. The names and order of :data:`SENTENCE` and :data:`DECISION` are the model file's
contract: the fitting script and the engine build their rows with the same functions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from bot.answer import kinds
from bot.answer.reading import KINDS, Query
from bot.nlp.lexicon import Lexicon

ASKS = tuple(f"asks_{kind}" for kind in KINDS)
SENTENCE: tuple[str, ...] = (
    "retrieval", "rank", "pair_sim",
    "cov", "cov_title", "cov_with_title", "cov_residual", "cov_prev", "cov_next", "cov_paragraph", "cov_article",
    "missing_max", "missing_article_max", "chars", "chars_residual", "bigrams", "lcs", "lcs_title", "partial",
    "in_order", "length", "position", "first", "paragraph",
    *kinds.MARKS, "type_match", "type_new", "has_year", "retrieved",
    "slot_before", "slot_after", "slot_gap", "slot_typed", "residue", "noun_found", "names_found",
    "article_best", "article_count", "q_words", "q_length", "q_unknown", *ASKS,
)
DECISION: tuple[str, ...] = (
    "top", "margin", "second", "same_article_second", "articles_top5",
    "cov", "cov_residual", "cov_article", "missing_max", "missing_article_max", "chars_residual", "lcs_title",
    "type_match", "type_new", "slot_typed", "residue", "noun_found", "names_found", "q_words", "q_length",
    "q_unknown", "pair_sim", *ASKS,
)
RARE = 12.0  # the weight of the rarest word (jieba's idf ceiling): missing weights are shown as a share of it


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
    noun: tuple[str, ...]  # the noun the question word asks for, with its synonyms (() when none)


def asked(query: Query, lexicon: Lexicon, char_idf: dict[str, float]) -> Asked:
    chars = tuple((ch, char_idf.get(ch, RARE)) for ch in dict.fromkeys(query.core))
    core, total = query.core, query.total
    unknown = sum(w for word, w in zip(query.content, query.weights, strict=True) if not lexicon.knows(word))
    return Asked(probes=tuple(lexicon.variants(word) for word in query.content), weights=query.weights, total=total,
                 chars=chars, char_total=sum(w for _, w in chars),
                 bigrams=frozenset(core[i:i + 2] for i in range(len(core) - 1)),
                 kind=tuple(float(query.asks == kind) for kind in KINDS), length=float(len(query.folded)),
                 unknown=unknown / total if total else 1.0, noun=lexicon.variants(query.noun) if query.noun else ())


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


class Retrieved(NamedTuple):
    """How the index and the other candidates see a candidate."""

    retrieval: float  # its BM25 score relative to the question's best (0: brought in as a neighbour)
    rank: int  # its first unit's place among the index's hits
    pair_sim: float  # how close the question is to a generated question made from it (0..1)
    person: bool  # it names a person the knowledge knows
    article_best: float  # the best retrieval among its article's candidates
    article_count: int  # how many candidates its article has


def sentence_row(query: Query, a: Asked, text: str, shown: str, around: Around, seen: Retrieved) -> list[float]:
    """The :data:`SENTENCE` features of one candidate (``text`` folded, ``shown`` as written)."""
    found_marks = kinds.marks(shown, text, person=seen.person)
    own = found(a, text)
    return [seen.retrieval, float(seen.rank), seen.pair_sim, *_coverage(a, own, around),
            *_wording(query, a, own, text, around),
            math.log1p(len(text)), around.position, float(around.position == 0.0), float(around.paragraph_number),
            *found_marks, kinds.type_match(query, found_marks), kinds.new_spans(query, text),
            float(bool(kinds.YEAR.marks.search(text))), float(seen.retrieval > 0.0), *kinds.slot(query, text),
            math.log1p(max(len(text) - LCSseq.similarity(query.folded, text), 0)),
            _asked_noun(a, text), _names(query, text, around.title),
            seen.article_best, float(seen.article_count), float(len(query.content)), a.length, a.unknown, *a.kind]


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


def _coverage(a: Asked, own: tuple[bool, ...], around: Around) -> list[float]:
    """cov … missing_article_max: the question's weighted words in the sentence (``own``) and around it."""
    titled = found(a, around.title)
    with_title = [o or t for o, t in zip(own, titled, strict=True)]
    paragraph = [w or h for w, h in zip(with_title, found(a, around.paragraph), strict=True)]
    article = [w or h for w, h in zip(with_title, found(a, around.article), strict=True)]
    rest = sum(w for w, t in zip(a.weights, titled, strict=True) if not t)
    residual = (sum(w for w, t, o in zip(a.weights, titled, own, strict=True) if o and not t) / rest
                if rest > 0 else share(a, own))
    missing = [w for w, hit in zip(a.weights, with_title, strict=True) if not hit]
    absent = [w for w, hit in zip(a.weights, article, strict=True) if not hit]
    return [share(a, own), share(a, titled), share(a, with_title), residual,
            share(a, found(a, around.previous)) if around.previous else 0.0,
            share(a, found(a, around.next)) if around.next else 0.0,
            share(a, paragraph), share(a, article), max(missing, default=0.0) / RARE, max(absent, default=0.0) / RARE]


def _wording(query: Query, a: Asked, own: tuple[bool, ...], text: str, around: Around) -> list[float]:
    """chars … in_order: how closely the sentence follows the question's characters and words."""
    chars = sum(w for ch, w in a.chars if ch in text)
    rest = [(ch, w) for ch, w in a.chars if ch not in around.title]
    rest_total = sum(w for _, w in rest)
    core, n = query.core, max(len(query.core), 1)
    matched = [text.find(variants[0]) for variants, hit in zip(a.probes, own, strict=True) if hit]
    in_order = (sum(y > x for x, y in itertools.pairwise(matched)) / (len(matched) - 1)
                if len(matched) > 1 else 1.0)
    return [chars / a.char_total if a.char_total else 0.0,
            sum(w for ch, w in rest if ch in text) / rest_total if rest_total else 0.0,
            sum(g in text or g in around.title for g in a.bigrams) / len(a.bigrams) if a.bigrams else 0.0,
            LCSseq.similarity(core, text) / n, LCSseq.similarity(core, around.title + text) / n,
            fuzz.partial_ratio(core, text) / 100.0 if core else 0.0, in_order]
