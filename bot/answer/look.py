"""Everything the engine finds for one question before it decides: what :meth:`Engine.ask` decides
on, and what ``benchmarks/fit_model.py`` fits the model on (so both see exactly the same).

The question is read (:mod:`bot.answer.reading`), the index proposes units, the candidate sentences
get their evidence (:mod:`bot.answer.candidates`) and the model's ranker orders them; curated pairs
among the units get their own evidence (:mod:`bot.answer.pairs`) and probability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.answer.candidates import Candidate, gather
from bot.answer.features import DECISION, SENTENCE, Asked, asked
from bot.answer.model import Model
from bot.answer.pairs import closest, pair_row
from bot.answer.reading import KINDS, Query, read_query
from bot.answer.tuning import CANDIDATES, MAX_ANALYSED, POSTINGS, TWO_SENTENCES
from bot.core.model import Unit
from bot.index.cache import Built
from bot.nlp.segment import Segmenter
from bot.nlp.text import squash, terms


@dataclass(frozen=True)
class Look:
    """What the engine found for one question."""

    query: Query
    asked: Asked
    ranked: list[tuple[float, Candidate]]  # by the ranker, best first
    curated: list[tuple[float, Unit]]  # curated pairs with their probability, best first
    pair_rows: list[tuple[list[float], Unit]]  # the PAIR features of each curated candidate
    decision: list[float]  # the DECISION features of the answer it would give ([] when none)
    shown: tuple[Candidate, ...]  # the sentence(s) that answer would quote
    bm25: float  # the index's best score for the question


def look(built: Built, model: Model, segmenter: Segmenter, question: str) -> Look:
    """Read ``question``, gather its candidates and rank them (no decision yet)."""
    query = read_query(question[:MAX_ANALYSED], built.lexicon, segmenter)
    a = asked(query, built.lexicon, built.char_idf)
    hits = [(row, score, built.units[row])
            for row, score in built.index.search(searched(built, query), limit=CANDIDATES)]
    ranked = _ranked(model, gather(built, query, a, hits))
    pair_rows = _pair_rows(query, a, hits)
    curated: list[tuple[float, Unit]] = []
    if pair_rows:
        probabilities = model.probabilities(model.pairs, [row for row, _ in pair_rows])
        curated = sorted(zip(probabilities, (unit for _, unit in pair_rows), strict=True), key=lambda pu: -pu[0])
    quoted = shown(ranked, model.second_margin)
    bm25 = hits[0][1] if hits else 0.0
    return Look(query=query, asked=a, ranked=ranked, curated=curated, pair_rows=pair_rows,
                decision=decision_row(ranked, a, two=len(quoted) == 2, bm25=bm25, articles=len(built.spans)),
                shown=quoted, bm25=bm25)


def within(built: Built, model: Model, segmenter: Segmenter, question: str, article: str, *, led: str) -> Look:
    """What the engine finds for ``question`` in ``article`` alone (a follow-up's, :mod:`bot.answer.followup`):
    the article's sentences among those the index proposes for ``led`` (the question after words that
    name the article), judged by the question's own words."""
    reading = read_query(led[:MAX_ANALYSED], built.lexicon, segmenter)
    found = built.index.search(searched(built, reading), limit=CANDIDATES)
    hits = [(row, score, built.units[row]) for row, score in found if built.units[row].article == article]
    query = read_query(question[:MAX_ANALYSED], built.lexicon, segmenter)
    a = asked(query, built.lexicon, built.char_idf)
    ranked = _ranked(model, [c for c in gather(built, query, a, hits) if c.unit.article == article])
    quoted = shown(ranked, model.second_margin)
    bm25 = hits[0][1] if hits else 0.0
    return Look(query=query, asked=a, ranked=ranked, curated=[], pair_rows=[], shown=quoted, bm25=bm25,
                decision=decision_row(ranked, a, two=len(quoted) == 2, bm25=bm25, articles=len(built.spans)))


def _ranked(model: Model, candidates: list[Candidate]) -> list[tuple[float, Candidate]]:
    """``candidates`` with the ranker's scores, best first (ties in the knowledge's order)."""
    if not candidates:
        return []
    scores = model.ranker.score([c.features for c in candidates]).tolist()
    return sorted(zip(scores, candidates, strict=True), key=lambda sc: (-sc[0], sc[1].row))


def searched(built: Built, query: Query) -> list[str]:
    """The index terms ``query`` is searched with: its own and its synonyms', the commonest left out
    (see Bm25Index.selective; ``benchmarks/recall.py`` measures how often they find the answer)."""
    return built.index.selective(terms(query.text) + [t for w in built.lexicon.expand(query.text) for t in terms(w)],
                                 budget=POSTINGS)


def _pair_rows(query: Query, a: Asked, hits: list[tuple[int, float, Unit]]) -> list[tuple[list[float], Unit]]:
    found = [(rank, score, unit) for rank, (_, score, unit) in enumerate(hits) if unit.kind == "pair" and unit.curated]
    if not found:
        return []
    best = hits[0][1] or 1.0
    phrasings = [[squash(p) for p in unit.text.split("\n")] for _, _, unit in found]
    nearest = [closest(query, p) for p in phrasings]
    top = max(n[0] for n in nearest)
    return [(pair_row(query, a, p, retrieval=score / best, rank=rank, nearest=n, best_ratio=top), unit)
            for (rank, score, unit), p, n in zip(found, phrasings, nearest, strict=True)]


def shown(ranked: list[tuple[float, Candidate]], margin: float) -> tuple[Candidate, ...]:
    """The best candidate, and the runner-up when it is from the same article, its rank score within
    ``margin`` of the best (the ranker can hardly tell them apart) and both are short together."""
    if not ranked:
        return ()
    (top, first), rest = ranked[0], ranked[1:]
    if rest:
        score, second = rest[0]
        if (second.unit.article == first.unit.article and top - score <= margin
                and len(first.unit.answer) + len(second.unit.answer) <= TWO_SENTENCES):
            return first, second
    return (first,)


def decision_row(ranked: list[tuple[float, Candidate]], a: Asked, *, two: bool, bm25: float,
                 articles: int) -> list[float]:
    """The :data:`~bot.answer.features.DECISION` features of a ranked list ([] when it is empty); ``two``:
    the answer quotes the runner-up too; ``bm25``: the index's best score (how much of the question
    the knowledge holds at all, unlike the candidates' scores, which are relative to it); ``articles``:
    how many articles the knowledge has (the more, the likelier a look-alike from another one)."""
    if not ranked:
        return []
    top, best = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else top - 10.0
    same = float(len(ranked) > 1 and ranked[1][1].unit.article == best.unit.article)
    near = float(len({c.unit.article for _, c in ranked[:5]}))  # articles among the best five
    # How much of the ranker's (softmax) weight the best one's article holds, and how many rivals it has.
    weights = [math.exp(score - top) for score, _ in ranked]
    mass = sum(w for w, (_, c) in zip(weights, ranked, strict=True) if c.unit.article == best.unit.article)
    f = best.features
    return [top, top - second, second, same, near, mass / sum(weights), sum(weights), float(two),
            math.log1p(bm25), math.log1p(articles), *_exclusive(ranked, a), *(f[i] for i in _PICKED), *a.kind]


def _exclusive(ranked: list[tuple[float, Candidate]], a: Asked) -> tuple[float, float]:
    """The share of the question's weight that the best candidate alone holds among them all (a name
    only one sentence has), and how many others hold its heaviest word."""
    best = ranked[0][1].own
    others = 0
    for _, c in ranked[1:]:
        others |= c.own
    heaviest = max((i for i in range(len(a.weights)) if best >> i & 1), key=lambda i: a.weights[i], default=None)
    rivals = 0 if heaviest is None else sum(c.own >> heaviest & 1 for _, c in ranked[1:])
    return a.shares[best & ~others], float(rivals)


# The best candidate's own features that the decider reads (DECISION between the ranks and the kinds).
_PICKED = tuple(SENTENCE.index(name) for name in DECISION[DECISION.index("retrieval"):-len(KINDS)])
