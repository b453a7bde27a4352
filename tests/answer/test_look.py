"""bot.answer.look: what the engine finds for a question before it decides, and what an answer would quote.

Candidates for shown() and decision_row() are built by hand; look() runs over the seed knowledge
plus one invented curated pair with a hand-made model (``answer_engine``, tests/conftest.py), so
that nothing here depends on the fitted model.json.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import CURATED_ALSO, CURATED_ASK, CURATED_SAYS

from bot.answer.candidates import Candidate
from bot.answer.engine import Engine
from bot.answer.features import DECISION, SENTENCE, Asked
from bot.answer.look import decision_row, look, shown, within
from bot.answer.pairs import PAIR
from bot.answer.reading import KINDS
from bot.answer.tuning import TWO_SENTENCES
from bot.core.model import Unit


def _candidate(article: str, n: int, answer: str = "句子。", features: list[float] | None = None) -> Candidate:
    unit = Unit("sentence", -1, article, 1, n, answer, answer)
    return Candidate(row=100 + n, unit=unit, features=features or [0.0] * len(SENTENCE))


A1, A2, A3, B1 = _candidate("a", 1), _candidate("a", 2), _candidate("a", 3), _candidate("b", 1)


@pytest.mark.parametrize(("ranked", "quoted"), [
    ([], ()),
    ([(5.0, A1)], (A1,)),
    ([(5.0, A1), (4.5, A2)], (A1, A2)),  # same article, close: both
    ([(5.0, A2), (4.5, A1)], (A2, A1)),  # best first (the engine puts them in reading order)
    ([(5.0, A1), (4.0, A2)], (A1, A2)),  # exactly the margin
    ([(5.0, A1), (3.99, A2)], (A1,)),  # the ranker tells them apart
    ([(5.0, A1), (4.9, B1)], (A1,)),  # another article
    ([(5.0, A1), (4.9, B1), (4.8, A2)], (A1,)),  # only the runner-up is ever quoted
    ([(5.0, A1), (4.9, A2), (4.8, A3)], (A1, A2)),
])
def test_shown(ranked: list[tuple[float, Candidate]], quoted: tuple[Candidate, ...]) -> None:
    assert shown(ranked, 1.0) == quoted


@pytest.mark.parametrize(("length", "both"), [(TWO_SENTENCES, True), (TWO_SENTENCES + 1, False)])
def test_shown_only_while_short(length: int, both: bool) -> None:
    first, second = _candidate("a", 1, "甲" * (length // 2)), _candidate("a", 2, "乙" * (length - length // 2))
    assert shown([(5.0, first), (4.9, second)], 1.0) == ((first, second) if both else (first,))


def test_shown_with_no_margin_needs_a_tie() -> None:
    assert shown([(5.0, A1), (5.0, A2)], 0.0) == (A1, A2)
    assert shown([(5.0, A1), (4.999, A2)], 0.0) == (A1,)


# --- the decider's row ----------------------------------------------------------------------------

KIND = tuple(float(k == "number") for k in KINDS)
# What the decider reads of the ranked list as a whole; the rest (but the kinds) is the best candidate's own.
OF_THE_LIST = ("top", "margin", "second", "same_article_second", "articles_top5", "article_mass", "spread",
               "two_shown", "bm25", "kb_articles", "exclusive", "rivals")


def _asked() -> Asked:
    return Asked(probed=(), numbers=(), weights=(), total=0.0, shares=(0.0,), heaviest=(0.0,), chars=(), char_total=0.0,
                 bigrams=frozenset(), kind=KIND, length=5.0, unknown=0.0, strangers=0.0, noun=())


def _decision(ranked: list[tuple[float, Candidate]], *, two: bool = False, bm25: float = 0.0,
              articles: int = 0) -> dict[str, float]:
    row = decision_row(ranked, _asked(), two=two, bm25=bm25, articles=articles)
    assert len(row) == len(DECISION)
    return dict(zip(DECISION, row, strict=True))


def test_no_candidates_no_decision_row() -> None:
    assert decision_row([], _asked(), two=False, bm25=0.0, articles=8) == []


def test_the_decision_row() -> None:
    best = _candidate("a", 1, features=[float(i) for i in range(len(SENTENCE))])
    ranked = [(3.0, best), (1.5, A2), (1.0, B1), (0.5, _candidate("c", 1)), (0.2, A3), (0.1, _candidate("d", 1))]
    got = _decision(ranked, two=True)
    assert (got["top"], got["margin"], got["second"], got["same_article_second"]) == (3.0, 1.5, 1.5, 1.0)
    assert got["articles_top5"] == 3.0  # a, b and c (d is sixth)
    weights = [math.exp(score - 3.0) for score, _ in ranked]
    assert got["spread"] == pytest.approx(sum(weights))
    assert got["article_mass"] == pytest.approx((weights[0] + weights[1] + weights[4]) / sum(weights))  # a's
    assert got["two_shown"] == 1.0 and _decision(ranked)["two_shown"] == 0.0
    assert got["bm25"] == 0.0 and _decision(ranked, bm25=math.e - 1)["bm25"] == pytest.approx(1.0)  # log1p
    assert _decision(ranked, articles=0)["kb_articles"] == 0.0
    assert _decision(ranked, articles=8)["kb_articles"] == pytest.approx(math.log(9))
    for name in DECISION[:-len(KINDS)]:
        if name not in OF_THE_LIST:
            assert got[name] == SENTENCE.index(name), name  # the best candidate's own feature
    assert tuple(got[f"asks_{k}"] for k in KINDS) == KIND


def test_the_decision_row_of_one_candidate() -> None:
    got = _decision([(2.0, A1)])
    assert [got[k] for k in OF_THE_LIST] == [2.0, 10.0, -8.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_the_runner_up_from_another_article() -> None:
    got = _decision([(2.0, A1), (1.75, B1)])
    assert (got["margin"], got["same_article_second"], got["articles_top5"]) == (0.25, 0.0, 2.0)
    assert got["article_mass"] == pytest.approx(1.0 / (1.0 + math.exp(-0.25)))


# --- look() over the seed knowledge ---------------------------------------------------------------

def _look(engine: Engine, question: str) -> Any:
    return look(engine._built, engine.model, engine.segmenter, question)


@pytest.mark.parametrize("question", ["xyzzy plugh", "？？？"])
def test_nothing_found(answer_engine: Engine, question: str) -> None:
    seen = _look(answer_engine, question)
    assert (seen.ranked, seen.curated, seen.pair_rows, seen.decision, seen.shown) == ([], [], [], [], ())


@pytest.mark.parametrize("question", ["金华 文明城市 测评", "义乌市总工会 代表大会", "杭州 安全 宣讲 企业"])
def test_what_look_finds(answer_engine: Engine, question: str) -> None:
    seen = _look(answer_engine, question)
    assert seen.ranked, question
    scores = [score for score, _ in seen.ranked]
    assert scores == sorted(scores, reverse=True)
    model = answer_engine.model
    assert scores == model.ranker.score([c.features for _, c in seen.ranked]).tolist()
    rows = [c.row for _, c in seen.ranked]
    assert len(rows) == len(set(rows)) and all(c.unit.kind == "sentence" for _, c in seen.ranked)
    assert seen.shown == shown(seen.ranked, model.second_margin) and seen.shown[0] is seen.ranked[0][1]
    assert seen.decision == decision_row(seen.ranked, seen.asked, two=len(seen.shown) == 2, bm25=seen.bm25,
                                         articles=len(answer_engine.knowledge.articles))
    assert seen.bm25 > 0
    assert len(seen.decision) == len(DECISION)
    assert seen.query.text and seen.asked.kind == tuple(float(seen.query.asks == k) for k in KINDS)


def test_within_one_article(answer_engine: Engine) -> None:
    """A follow-up's reading: the article's sentences the index proposes for the question read after words
    that name the article, judged by the question's own words."""
    seen = _look(answer_engine, "杭州 安全 宣讲 企业 金华 文明城市")
    articles = [c.unit.article for _, c in seen.ranked]
    second = next(a for a in articles if a != articles[0])  # not the best's article
    built, model = answer_engine._built, answer_engine.model
    led = "杭州 安全 宣讲 企业 金华 文明城市 有多少人"
    got = within(built, model, answer_engine.segmenter, "有多少人", second, led=led)
    assert got.ranked and {c.unit.article for _, c in got.ranked} == {second}
    assert [s for s, _ in got.ranked] == sorted((s for s, _ in got.ranked), reverse=True)
    assert got.query.text == _look(answer_engine, "有多少人").query.text  # the member's own words
    assert got.shown == shown(got.ranked, model.second_margin) and (got.curated, got.pair_rows) == ([], [])
    assert got.decision == decision_row(got.ranked, got.asked, two=len(got.shown) == 2, bm25=got.bm25,
                                        articles=len(answer_engine.knowledge.articles))
    assert within(built, model, answer_engine.segmenter, "有多少人", "a000000000", led="有多少人").ranked == []


@pytest.mark.parametrize("question", [CURATED_ASK, CURATED_ALSO, "周末职工书屋开放吗"])
def test_a_curated_pair_is_judged_apart(answer_engine: Engine, question: str) -> None:
    seen = _look(answer_engine, question)
    assert seen.curated and all(unit.curated for _, unit in seen.curated)
    probability, unit = seen.curated[0]
    assert unit.answer == CURATED_SAYS and 0.5 < probability < 1.0  # the pairs stump: ratio above 0.5
    assert {id(u) for _, u in seen.pair_rows} == {id(u) for _, u in seen.curated}
    assert all(len(row) == len(PAIR) for row, _ in seen.pair_rows)
    assert all(not c.unit.curated for _, c in seen.ranked)
    assert answer_engine.ask(question).text == CURATED_SAYS
