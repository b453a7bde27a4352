"""Curated Q&A pairs: is the member asking the question an operator wrote (or one of its rewordings)?

A curated pair is the operators' promise: when a question paraphrases one of its phrasings, the
member gets that pair's answer as the operator wrote it, with no check of the answer's type. The
evidence is question against question (how much of either one the other holds, how alike they read);
the fitted ``pairs`` model of :mod:`bot.answer.model` turns it into a probability.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from bot.answer.features import Asked, found
from bot.answer.reading import ASKS, KINDS, ROLE_NOUNS, Query

PAIR: tuple[str, ...] = (
    "retrieval", "rank", "ratio", "ratio_gap", "partial", "lcs_question", "lcs_phrasing", "cov", "chars",
    "bigrams_question", "bigrams_phrasing", "length_ratio", "same_asks", "q_words", "q_length", "q_unknown",
    *(f"asks_{kind}" for kind in KINDS),
)
_ASK_WORDS = sorted(ASKS, key=len, reverse=True)


def _asks_of(folded: str) -> str:
    """The kind a phrasing asks for, by its first question word: a cheap reading without segmentation,
    as :func:`bot.answer.reading.read_query` reads a question (任何人 asks for nobody; 什么职务, a role)."""
    kind = "none"
    for at in range(len(folded)):
        word = next((w for w in _ASK_WORDS if folded.startswith(w, at)), None)
        if word is None or (word[0] == "何" and folded[at - 1:at] == "任"):
            continue
        kind = ASKS[word]
        if kind == "what" and any(folded.startswith(noun, at + len(word)) for noun in ROLE_NOUNS):
            kind = "role"
        if kind != "yesno":
            return kind
    return kind


def closest(query: Query, phrasings: Sequence[str]) -> tuple[float, str]:
    """The similarity of the question to the nearest of a pair's ``phrasings`` (folded), and that one."""
    return max((fuzz.ratio(query.folded, p) / 100.0, p) for p in phrasings)


def pair_row(query: Query, a: Asked, phrasings: Sequence[str], *, retrieval: float, rank: int,
             nearest: tuple[float, str], best_ratio: float) -> list[float]:
    """The :data:`PAIR` features of one curated pair (``phrasings`` folded; ``nearest`` from :func:`closest`;
    ``best_ratio``: the nearest similarity among all the question's curated candidates)."""
    best, phrasing = nearest
    core = query.core or query.folded
    grams = {phrasing[i:i + 2] for i in range(len(phrasing) - 1)}
    common = len(a.bigrams & grams)
    whole = "\n".join(phrasings)
    row = [
        retrieval, float(rank), best, best_ratio - best,
        fuzz.partial_ratio(core, phrasing) / 100.0 if core else 0.0,
        LCSseq.similarity(core, phrasing) / max(len(core), 1),
        LCSseq.similarity(query.folded, phrasing) / max(len(phrasing), 1),
        a.shares[found(a, whole)],
        sum(w for ch, w in a.chars if ch in whole) / a.char_total if a.char_total else 0.0,
        common / len(a.bigrams) if a.bigrams else 0.0, common / len(grams) if grams else 0.0,
        min(len(query.folded), len(phrasing)) / max(len(query.folded), len(phrasing), 1),
        float(_asks_of(phrasing) == query.asks), float(len(query.content)), a.length, a.unknown, *a.kind,
    ]
    return row
