"""From the index's hits to the candidate answers of a question, each with its feature row.

The index proposes units: article sentences and Q&A pairs. A generated pair answers with the
sentence it was made from, so it is evidence for that sentence (``pair_sim``: how close the question
is to the pair's question), not a rival of it; the candidates are the distinct sentences. Curated
pairs are the operators' own answers and are judged apart (:mod:`bot.answer.pairs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from bot.answer.features import Around, Asked, Retrieved, sentence_row
from bot.answer.reading import Query
from bot.answer.tuning import NEIGHBOURED
from bot.core.model import Unit
from bot.index.cache import Built, sentence_key


class Candidate(NamedTuple):
    """One sentence that may answer the question, with the evidence for it."""

    row: int  # the sentence's unit row
    unit: Unit
    features: list[float]


def gather(built: Built, query: Query, a: Asked, hits: Sequence[tuple[int, float]]) -> list[Candidate]:
    """The distinct sentences behind ``hits`` (index rows with BM25 scores, best first), with their
    neighbours, each with its :data:`~bot.answer.features.SENTENCE` features."""
    seen = _sentences(built, query, hits)
    _with_neighbours(built, seen, len(hits))
    units = {row: built.units[row] for row in seen}
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for row, (retrieval, _, _) in seen.items():
        article = units[row].article
        best[article] = max(best.get(article, 0.0), retrieval)
        counts[article] = counts.get(article, 0) + 1
    out = []
    for row, (retrieval, rank, similarity) in seen.items():
        unit = units[row]
        seen_as = Retrieved(retrieval=retrieval, rank=int(rank), pair_sim=similarity, person=unit.person,
                            article_best=best[unit.article], article_count=counts[unit.article])
        features = sentence_row(query, a, unit.folded, unit.answer, surroundings(built, row, unit), seen_as)
        out.append(Candidate(row=row, unit=unit, features=features))
    return out


def _sentences(built: Built, query: Query, hits: Sequence[tuple[int, float]]) -> dict[int, list[float]]:
    """Sentence row -> [best relative BM25, first rank, best similarity to a question made from it]."""
    best = (hits[0][1] or 1.0) if hits else 1.0
    seen: dict[int, list[float]] = {}
    for rank, (row, score) in enumerate(hits):
        unit = built.units[row]
        if unit.kind == "pair":
            sentence = None if unit.curated else built.sentence_rows.get(sentence_key(unit))
            if sentence is None:
                continue  # curated pairs are judged apart (bot.answer.pairs)
            similarity = fuzz.ratio(query.folded, unit.head) / 100.0
        else:
            sentence, similarity = row, 0.0
        entry = seen.setdefault(sentence, [score / best, float(rank), 0.0])
        entry[0] = max(entry[0], score / best)
        entry[2] = max(entry[2], similarity)
    return seen


def _with_neighbours(built: Built, seen: dict[int, list[float]], rank: int) -> None:
    """The sentences before and after the likeliest ones: a question is often asked with the words of
    one sentence about a fact its neighbour states ("在哪一年" of "…问世了。" after "1884年，…")."""
    for row in sorted(seen, key=lambda r: -seen[r][0])[:NEIGHBOURED]:
        unit = built.units[row]
        first, count = built.spans[unit.article]
        for near in (row - 1, row + 1):
            if first <= near < first + count and near not in seen:
                seen[near] = [0.0, float(rank), 0.0]


def surroundings(built: Built, row: int, unit: Unit) -> Around:
    first, count = built.spans[unit.article]
    at = row - first
    previous = built.units[row - 1].answer_folded if at > 0 else ""
    following = built.units[row + 1].answer_folded if at + 1 < count else ""
    paragraph_row = built.first_paragraph.get(unit.article)
    paragraph = built.paragraphs[paragraph_row + unit.paragraph - 1] if paragraph_row is not None else ""
    return Around(title=built.titles.get(unit.article, ""), previous=previous, next=following, paragraph=paragraph,
                  article=built.articles.get(unit.article, ""), position=at / (count - 1) if count > 1 else 0.0,
                  paragraph_number=unit.paragraph)
