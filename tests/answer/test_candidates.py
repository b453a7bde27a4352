"""bot.answer.candidates: from the index's hits to distinct candidate sentences with their neighbours.

Over the seed knowledge plus one invented curated pair (``answer_built``, tests/conftest.py). The hits
are chosen here, by row, so that what gather() makes of them is known exactly; the question is a
generated pair's own, read from the knowledge (none is typed here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from rapidfuzz import fuzz

from bot.answer.candidates import Candidate, gather
from bot.answer.engine import Engine
from bot.answer.features import SENTENCE, asked
from bot.answer.reading import read_query
from bot.answer.tuning import NEIGHBOURED
from bot.core.model import Unit
from bot.index.units import pair_question, sentence_key

RETRIEVAL, RANK, PAIR_SIM = (SENTENCE.index(k) for k in ("retrieval", "rank", "pair_sim"))
ARTICLE_BEST, ARTICLE_COUNT = SENTENCE.index("article_best"), SENTENCE.index("article_count")


def _gather(engine: Engine, built: Any, question: str, hits: Sequence[tuple[int, float]]) -> dict[int, Candidate]:
    query = read_query(question, built.lexicon, engine.segmenter)
    triples = [(row, score, built.units[row]) for row, score in hits]  # as the index gives them, with their units
    out = gather(built, query, asked(query, built.lexicon, built.char_idf), triples)
    rows = [c.row for c in out]
    assert len(rows) == len(set(rows)), "a sentence is one candidate"
    for c in out:
        assert c.unit == built.units[c.row] and c.unit.kind == "sentence"
        assert len(c.features) == len(SENTENCE)
    return {c.row: c for c in out}


def _inner_pair(built: Any) -> tuple[int, Unit, int]:
    """A generated pair whose sentence has a sentence before and after it in its article: (row, pair, sentence)."""
    for row, unit in enumerate(built.units):
        if unit.kind != "pair" or unit.curated:
            continue
        sentence = built.sentence_rows.get(sentence_key(unit))
        first, count = built.spans[unit.article]
        if sentence is not None and first < sentence < first + count - 1:
            return row, unit, sentence
    raise AssertionError("the seed knowledge has no such pair")


def _curated_row(built: Any) -> int:
    return next(row for row, unit in enumerate(built.units) if unit.kind == "pair" and unit.curated)


def test_a_generated_pair_stands_for_its_sentence(answer_engine: Engine, answer_built: Any) -> None:
    row, pair, sentence = _inner_pair(answer_built)
    found = _gather(answer_engine, answer_built, pair_question(pair), [(row, 7.0)])
    assert set(found) == {sentence - 1, sentence, sentence + 1}  # the pair's sentence and its neighbours
    own = found[sentence].features
    assert (own[RETRIEVAL], own[RANK], own[PAIR_SIM]) == (1.0, 0.0, 1.0)  # asked as the pair asks it
    for near in (sentence - 1, sentence + 1):
        assert [found[near].features[i] for i in (RETRIEVAL, RANK, PAIR_SIM)] == [0.0, 1.0, 0.0]


def test_pair_similarity_is_to_the_pair_question(answer_engine: Engine, answer_built: Any) -> None:
    row, pair, sentence = _inner_pair(answer_built)
    question = pair_question(pair)[:-3] + "呢"  # a little reworded
    query = read_query(question, answer_built.lexicon, answer_engine.segmenter)
    found = _gather(answer_engine, answer_built, question, [(row, 7.0)])
    assert found[sentence].features[PAIR_SIM] == pytest.approx(fuzz.ratio(query.folded, pair.head) / 100.0)
    assert found[sentence].features[PAIR_SIM] < 1.0


def test_a_sentence_and_its_pair_are_one_candidate(answer_engine: Engine, answer_built: Any) -> None:
    row, pair, sentence = _inner_pair(answer_built)
    found = _gather(answer_engine, answer_built, pair_question(pair), [(sentence, 8.0), (row, 6.0)])
    features = found[sentence].features
    assert (features[RETRIEVAL], features[RANK], features[PAIR_SIM]) == (1.0, 0.0, 1.0)  # best of both
    found = _gather(answer_engine, answer_built, pair_question(pair), [(row, 8.0), (sentence, 2.0)])
    assert (found[sentence].features[RETRIEVAL], found[sentence].features[RANK]) == (1.0, 0.0)


def test_a_curated_pair_is_never_a_candidate(answer_engine: Engine, answer_built: Any) -> None:
    curated = _curated_row(answer_built)
    question = pair_question(answer_built.units[curated])
    assert _gather(answer_engine, answer_built, question, [(curated, 9.0)]) == {}
    _, _, sentence = _inner_pair(answer_built)
    found = _gather(answer_engine, answer_built, question, [(curated, 9.0), (sentence, 3.0)])
    assert curated not in found and sentence in found
    assert found[sentence].features[RETRIEVAL] == pytest.approx(3.0 / 9.0)  # relative to the question's best hit
    assert found[sentence].features[RANK] == 1.0


def test_no_hits_no_candidates(answer_engine: Engine, answer_built: Any) -> None:
    assert _gather(answer_engine, answer_built, "职工书屋", []) == {}


def _longest_article(built: Any) -> tuple[int, int]:
    return max(built.spans.values(), key=lambda span: span[1])


def test_only_the_likeliest_bring_their_neighbours(answer_engine: Engine, answer_built: Any) -> None:
    first, count = _longest_article(answer_built)
    rows = [first + 1 + 3 * i for i in range(NEIGHBOURED + 1)]  # far enough apart not to be neighbours
    assert rows[-1] + 1 < first + count
    hits = [(r, 10.0 - i) for i, r in enumerate(rows)]
    found = _gather(answer_engine, answer_built, "职工书屋", hits)
    expected = set(rows) | {r + d for r in rows[:NEIGHBOURED] for d in (-1, 1)}
    assert set(found) == expected
    assert all(found[r].features[RANK] == len(hits) for r in expected - set(rows))


def test_neighbours_stay_in_their_article(answer_engine: Engine, answer_built: Any) -> None:
    spans = sorted(answer_built.spans.values())
    (first, count), (after, _) = spans[0], spans[1]
    last = first + count - 1
    assert after == last + 1  # two articles side by side
    assert set(_gather(answer_engine, answer_built, "职工书屋", [(after, 5.0)])) == {after, after + 1}
    assert set(_gather(answer_engine, answer_built, "职工书屋", [(last, 5.0)])) == {last - 1, last}


def test_each_candidate_knows_its_article_best(answer_engine: Engine, answer_built: Any) -> None:
    spans = sorted(answer_built.spans.values())
    (one, _), (two, two_count) = spans[0], spans[1]
    hits = [(two + 1, 8.0), (one + 1, 4.0)]
    found = _gather(answer_engine, answer_built, "职工书屋", hits)
    for row, candidate in found.items():
        in_two = two <= row < two + two_count
        assert candidate.features[ARTICLE_BEST] == (1.0 if in_two else 0.5)
        assert candidate.features[ARTICLE_COUNT] == 3.0
