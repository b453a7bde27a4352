"""From the index's hits to the candidate answers of a question, each with its feature row.

The index proposes units: article sentences and Q&A pairs. A generated pair answers with the
sentence it was made from, so it is evidence for that sentence (``pair_sim``: how close the question
is to the pair's question), not a rival of it; the candidates are the distinct sentences, and the
sentences next to the likeliest ones. Curated pairs are the operators' own answers and are judged
apart (:mod:`bot.answer.pairs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from bot.answer.features import Around, Asked, Retrieved, found, lcs, sentence_row
from bot.answer.reading import Query
from bot.answer.tuning import NEIGHBOURED
from bot.core.model import Unit
from bot.index.cache import Built
from bot.index.units import sentence_key


class Candidate(NamedTuple):
    """One sentence that may answer the question, with the evidence for it."""

    row: int  # the sentence's unit row
    unit: Unit
    features: list[float]
    own: int = 0  # which of the question's key words it holds (bot.answer.features.found)


class _Seen:
    """What one question has looked at already: units decoded, and which of its words each text holds
    (a question's candidates share titles, paragraphs, articles and neighbours)."""

    def __init__(self, built: Built, a: Asked) -> None:
        self.built, self.a = built, a
        self.units: dict[int, Unit] = {}
        self.found: dict[object, int] = {}

    def unit(self, row: int) -> Unit:
        unit = self.units.get(row)
        if unit is None:
            unit = self.units[row] = self.built.units[row]
        return unit

    def holds(self, key: object, text: str) -> int:
        """found() in ``text``, once per key."""
        hits = self.found.get(key)
        if hits is None:
            hits = self.found[key] = found(self.a, text)
        return hits

    def holds_row(self, row: int) -> int:
        """found() in unit ``row``'s folded text (decoded only when not looked at yet)."""
        hits = self.found.get(row)
        if hits is None:
            unit = self.units.get(row)
            hits = self.found[row] = found(self.a, unit.folded if unit is not None else self.built.units.folded(row))
        return hits

    def holds_paragraph(self, article: str, paragraph: int) -> int:
        """found() in paragraph ``paragraph`` (1-based) of ``article``."""
        key = (article, paragraph)
        hits = self.found.get(key)
        if hits is None:
            first = self.built.first_paragraph.get(article)
            text = self.built.paragraphs[first + paragraph - 1] if first is not None else ""
            hits = self.found[key] = found(self.a, text)
        return hits


def gather(built: Built, query: Query, a: Asked, hits: Sequence[tuple[int, float, Unit]]) -> list[Candidate]:
    """The distinct sentences behind ``hits`` (index rows with their BM25 scores and units, best first),
    with their neighbours, each with its :data:`~bot.answer.features.SENTENCE` features."""
    seen = _Seen(built, a)
    seen.units.update((row, unit) for row, _, unit in hits)
    rows = _sentences(built, seen, query, hits)
    _with_neighbours(built, seen, rows, len(hits))
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for row, (retrieval, _, _) in rows.items():
        article = seen.unit(row).article
        best[article] = max(best.get(article, 0.0), retrieval)
        counts[article] = counts.get(article, 0) + 1
    units = [seen.unit(row) for row in rows]
    arounds = [_around(seen, row, unit) for row, unit in zip(rows, units, strict=True)]
    out = []
    for (row, (retrieval, rank, similarity)), unit, around, common in zip(
            rows.items(), units, arounds, lcs(query, [u.folded for u in units], [r.title for r in arounds]),
            strict=True):
        evidence = Retrieved(retrieval=retrieval, rank=int(rank), pair_sim=similarity, marks=built.marks[row],
                             article_best=best[unit.article], article_count=counts[unit.article])
        own = seen.holds_row(row)
        features = sentence_row(query, a, unit.folded, own, around, evidence, common, shown=unit.answer)
        out.append(Candidate(row=row, unit=unit, features=features, own=own))
    return out


def _sentences(built: Built, seen: _Seen, query: Query,
               hits: Sequence[tuple[int, float, Unit]]) -> dict[int, list[float]]:
    """Sentence row -> [best relative BM25, first rank, best similarity to a question made from it]."""
    best = (hits[0][1] or 1.0) if hits else 1.0
    rows: dict[int, list[float]] = {}
    for rank, (row, score, unit) in enumerate(hits):
        if unit.kind == "pair":
            sentence = None if unit.curated else built.sentence_rows.get(sentence_key(unit))
            if sentence is None:
                continue  # curated pairs are judged apart (bot.answer.pairs)
            similarity = fuzz.ratio(query.folded, unit.head) / 100.0
        else:
            sentence, similarity = row, 0.0
        entry = rows.setdefault(sentence, [score / best, float(rank), 0.0])
        entry[0] = max(entry[0], score / best)
        entry[2] = max(entry[2], similarity)
    return rows


def _with_neighbours(built: Built, seen: _Seen, rows: dict[int, list[float]], rank: int) -> None:
    """The sentences before and after the likeliest ones: a question is often asked with the words of
    one sentence about a fact its neighbour states ("在哪一年" of "…问世了。" after "1884年，…")."""
    for row in sorted(rows, key=lambda r: -rows[r][0])[:NEIGHBOURED]:
        first, count = built.spans[seen.unit(row).article]
        for near in (row - 1, row + 1):
            if first <= near < first + count and near not in rows:
                rows[near] = [0.0, float(rank), 0.0]


def _around(seen: _Seen, row: int, unit: Unit) -> Around:
    built, article = seen.built, unit.article
    first, count = built.spans[article]
    at = row - first
    title = built.titles.get(article, "")
    return Around(title=title, titled=seen.holds(("title", article), title),
                  previous=seen.holds_row(row - 1) if at > 0 else None,
                  next=seen.holds_row(row + 1) if at + 1 < count else None,
                  paragraph=seen.holds_paragraph(article, unit.paragraph),
                  article=seen.holds(article, built.articles.get(article, "")),
                  position=at / (count - 1) if count > 1 else 0.0, paragraph_number=unit.paragraph)
