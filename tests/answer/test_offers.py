"""bot.answer.offers: what the engine offers besides an answer, over the seed knowledge."""

from __future__ import annotations

from bot.answer.engine import Engine
from bot.index.cache import SHARED
from bot.nlp.text import squash


def test_a_phrasing_is_one_pair_or_shared_by_several_articles(engine: Engine) -> None:
    offers, shared = engine.offers, 0
    for pair in engine.knowledge.pairs:
        folded = squash(pair.question)
        found = offers.exact(folded)
        if engine.offers.built.exact.get(folded) == SHARED:
            shared += 1
            assert found is None
            assert len({p.source.article for p in engine.knowledge.pairs if squash(p.question) == folded}) > 1
        else:
            assert found is not None and folded in map(squash, found.text.split("\n"))
    assert shared == 4  # 什么是当一周工人？ and 什么是当一周工人、体工会初心？, each made by both stories


def test_a_sentence_pairs_are_the_pairs_made_from_it(engine: Engine) -> None:
    for unit in engine.units:
        if unit.kind != "sentence":
            continue
        made = [u.pair for u in engine.offers.pairs(unit)]
        expected = [i for i, p in enumerate(engine.knowledge.pairs)
                    if (p.source.article, p.source.paragraph, p.source.sentence or 0)
                    == (unit.article, unit.paragraph, unit.sentence)]
        assert made == expected, unit.answer
