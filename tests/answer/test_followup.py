"""bot.answer.followup and ``Engine.ask(…, after=…)``: a question asked right after an answer, without
naming what it is about, is read about that answer's article, and answered so when the model's
follow-up decider is sure enough.

The questions are our own (not the evaluation set); articles are named by a fragment of their title.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answer.engine import Engine
from bot.answer.followup import follow, lead
from bot.answer.trees import Forest
from bot.answer.tuning import FOLLOW_WORDS
from bot.nlp.text import init_nlp

LUQIAO = "缘聚古道凉溪"  # “浙工缘”青年职工交友活动走进路桥
HANGZHOU = "话安全"  # 杭州市总干校进企宣讲 邀劳模工匠 话安全
FOLLOW_UP = "有多少人参加"  # fits several articles: refused when read alone


def article_id(engine: Engine, fragment: str) -> str:
    [found] = [a.id for a in engine.articles if fragment in a.full_title]
    return found


def test_a_follow_up_is_answered_from_the_article_before_it(engine: Engine) -> None:
    alone = engine.ask(FOLLOW_UP, related=False)
    assert not alone.answered and alone.follows is None
    after = article_id(engine, LUQIAO)
    answer = engine.ask(FOLLOW_UP, related=False, after=after)
    assert answer.answered, (answer.reason, answer.score)
    assert answer.source is not None and answer.source.article == after
    assert "60名" in answer.text
    assert answer.follows == after and answer.question == FOLLOW_UP
    assert answer.as_json()["follows"] == after


def test_a_question_answered_alone_is_answered_alone(engine: Engine) -> None:
    question = "路桥区总公会主席是谁"
    alone = engine.ask(question, related=False)
    assert alone.answered
    assert engine.ask(question, related=False, after=article_id(engine, HANGZHOU)) == alone


@pytest.mark.parametrize("question", [
    "拿了几项专利",  # the article has no 专利: read alone, and refused as alone
    "后天刮不刮风",
])
def test_what_the_article_before_does_not_hold_is_read_alone(engine: Engine, question: str) -> None:
    after = article_id(engine, LUQIAO)
    answer = engine.ask(question, related=False, after=after)
    assert answer == engine.ask(question, related=False)
    assert answer.follows is None


@pytest.mark.parametrize(("question", "reason"), [("你好", "chitchat"), ("", "empty"), ("123", "not_covered")])
def test_greetings_and_digits_are_no_follow_ups(engine: Engine, question: str, reason: str) -> None:
    answer = engine.ask(question, after=article_id(engine, LUQIAO))
    assert not answer.answered and answer.reason == reason and answer.follows is None


def test_an_unknown_article_is_no_thread(engine: Engine) -> None:
    assert engine.ask(FOLLOW_UP, related=False, after="a000000000") == engine.ask(FOLLOW_UP, related=False)


def test_lead_is_the_title_s_weightiest_words(engine: Engine) -> None:
    after = article_id(engine, LUQIAO)
    words = lead(engine._built, engine.segmenter, after)
    title = engine.knowledge.articles[after].title
    assert words and all(ch in title for ch in words)
    assert len(words) < len(title)
    assert FOLLOW_WORDS == 2
    assert lead(engine._built, engine.segmenter, "a000000000") == ""


def test_a_follow_up_is_read_after_the_title_in_its_article_only(engine: Engine) -> None:
    after = article_id(engine, LUQIAO)
    words = lead(engine._built, engine.segmenter, after)
    seen = engine.look_after(FOLLOW_UP, after)
    assert seen is not None and seen == follow(engine._built, engine.model, engine.segmenter, FOLLOW_UP, after, words)
    assert engine.look_after(FOLLOW_UP, "a000000000") is None
    assert seen.ranked and {c.unit.article for _, c in seen.ranked} == {after}
    assert seen.shown[0] is seen.ranked[0][1] and len(seen.decision) == engine.model.follow.features
    assert seen.query.text == engine.look(FOLLOW_UP).query.text and not seen.curated  # judged by its own words


def _sure(engine: Engine, value: float) -> Engine:
    """``engine``'s knowledge and model, with a follow-up decider that says ``value`` (as a score) always."""
    flat = Forest(feature=[0], threshold=[0.0], left=[0], right=[0], value=[value], roots=[0], depth=1, base=0.0,
                  features=engine.model.follow.features)
    return Engine(engine._built, model=replace(engine.model, follow=flat), dictionary=init_nlp())


def test_the_follow_up_decider_decides(engine: Engine) -> None:
    """Whatever the article holds, the follow-up decider alone says whether it answers (no hand-set test)."""
    after = article_id(engine, LUQIAO)
    never, always = _sure(engine, -10.0), _sure(engine, 10.0)
    assert never.ask(FOLLOW_UP, related=False, after=after) == never.ask(FOLLOW_UP, related=False)
    answer = always.ask("拿了几项专利", related=False, after=after)
    assert answer.answered and answer.follows == after and answer.score == pytest.approx(1.0, abs=1e-4)
    assert answer.source is not None and answer.source.article == after


def test_choosing_an_article_for_a_broad_question_answers_it_there(engine: Engine) -> None:
    """有多少人参加 alone is broad: articles to choose from; the button of 浙工缘 answers it about 浙工缘."""
    broad = engine.ask(FOLLOW_UP, related=False)
    assert broad.reason == "broad"
    after = article_id(engine, LUQIAO)
    picked = {}
    for s in broad.suggestions:
        pair = engine.answer_id(s.id)
        assert pair is not None and pair.source is not None and pair.follows is None
        picked[pair.source.article] = s.id
    chosen = engine.answer_id(picked[after], question=FOLLOW_UP)
    assert chosen is not None and chosen.follows == after and "60名" in chosen.text
    assert chosen.question == FOLLOW_UP


def test_choosing_an_article_that_does_not_hold_the_answer_presents_it(engine: Engine) -> None:
    broad = engine.ask(FOLLOW_UP, related=False)
    for s in broad.suggestions:
        assert engine.answer_id(s.id, question="拿了几项专利") == engine.answer_id(s.id)
