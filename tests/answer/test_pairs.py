"""bot.answer.pairs: the evidence that a member is asking a curated question (or one of its rewordings).

Questions and phrasings are invented; an empty lexicon is used unless synonyms are the point.
"""

from __future__ import annotations

import pytest

from bot.answer.features import Asked, asked
from bot.answer.pairs import PAIR, _asks_of, closest, pair_row
from bot.answer.reading import KINDS, Query, read_query
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Segmenter
from bot.nlp.text import squash

EMPTY = Lexicon()


def _reading(question: str, segmenter: Segmenter, lexicon: Lexicon = EMPTY) -> tuple[Query, Asked]:
    query = read_query(question, lexicon, segmenter)
    return query, asked(query, lexicon, {})


def _row(query: Query, a: Asked, phrasings: list[str], *, best_ratio: float | None = None,
         retrieval: float = 1.0, rank: int = 0) -> dict[str, float]:
    nearest = closest(query, phrasings)
    row = pair_row(query, a, phrasings, retrieval=retrieval, rank=rank, nearest=nearest,
                   best_ratio=nearest[0] if best_ratio is None else best_ratio)
    assert len(row) == len(PAIR)
    return dict(zip(PAIR, row, strict=True))


def test_the_pair_features_end_with_the_kind_asked() -> None:
    assert PAIR[-len(KINDS):] == tuple(f"asks_{kind}" for kind in KINDS)
    assert len(set(PAIR)) == len(PAIR)


@pytest.mark.parametrize("question", ["图书馆在哪儿？", "门票多少钱", "借书证如何办理", "谁发明了电话",
                                      "春季运动会报名", "你会游泳吗？", "这个协会是干什么的"])
def test_an_identical_phrasing(segmenter: Segmenter, question: str) -> None:
    query, a = _reading(question, segmenter)
    phrasing = squash(question)
    assert closest(query, ["下雨天运动会改期吗", phrasing]) == (1.0, phrasing)
    row = _row(query, a, ["下雨天运动会改期吗", phrasing], retrieval=0.75, rank=3)
    assert (row["retrieval"], row["rank"]) == (0.75, 3.0)
    assert (row["ratio"], row["ratio_gap"], row["lcs_phrasing"], row["length_ratio"]) == (1.0, 0.0, 1.0, 1.0)
    assert (row["cov"], row["chars"], row["same_asks"]) == (1.0, 1.0, 1.0)
    assert row["lcs_question"] == 1.0  # the question's key words, in order, are all in it
    assert row[f"asks_{query.asks}"] == 1.0 and sum(row[f"asks_{k}"] for k in KINDS) == 1.0
    assert row["q_words"] == len(query.content) and row["q_length"] == len(phrasing)


@pytest.mark.parametrize("question", [
    "比赛几月开始", "要排多久", "哪家医院最近", "哪位老师讲课", "长城是哪一年修建的", "为啥要排队", "电脑坏了咋办",
    "食堂什么时候开门",
    "食堂在哪",
    "他担任什么职务",
    "任何人都可以报名吗",
])
def test_an_identical_phrasing_asks_the_same(segmenter: Segmenter, question: str) -> None:
    query, a = _reading(question, segmenter)
    assert _row(query, a, [squash(question)])["same_asks"] == 1.0


def test_another_pair_nearer_the_question(segmenter: Segmenter) -> None:
    query, a = _reading("借书证如何办理", segmenter)
    nearest = closest(query, ["借书证丢了怎么补办", "借书证有什么用"])
    assert nearest[1] == "借书证丢了怎么补办" and 0.0 < nearest[0] < 1.0
    row = _row(query, a, ["借书证丢了怎么补办", "借书证有什么用"], best_ratio=1.0)
    assert row["ratio"] == nearest[0] and row["ratio_gap"] == pytest.approx(1.0 - nearest[0])
    assert row["same_asks"] == 1.0 and 0.0 < row["cov"] < 1.0


def test_a_synonym_in_a_phrasing_counts_as_the_word(segmenter: Segmenter) -> None:
    group = ("借书证", "阅览证")
    lexicon = Lexicon(synonyms=dict.fromkeys(group, group))
    query, a = _reading("借书证如何办理", segmenter, lexicon)
    assert _row(query, a, ["阅览证怎样办理"])["cov"] == 1.0
    query, a = _reading("借书证如何办理", segmenter)
    assert _row(query, a, ["阅览证怎样办理"])["cov"] < 1.0  # without the synonym it is missing


def test_nothing_in_common(segmenter: Segmenter) -> None:
    query, a = _reading("借书证如何办理", segmenter)
    row = _row(query, a, ["公园几点关门"])
    assert (row["cov"], row["chars"], row["bigrams_question"], row["bigrams_phrasing"], row["same_asks"]) == (
        0.0, 0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(("folded", "asks"), [
    ("主席是谁", "person"),
    ("谁是主席", "person"),
    ("门票多少钱", "number"),
    ("什么时候谁来", "time"),  # the first question word
    ("谁什么时候来", "person"),
    ("有哪些社团", "list"),  # 哪些, not 哪: the longer word where both start
    ("哪一年建成", "time"),
    ("怎么上不了", "how"),
    ("为啥要排队", "reason"),
    ("这个协会是干什么的", "role"),
    ("你会游泳吗", "yesno"),
    ("春季运动会", "none"),
    ("", "none"),
])
def test_asks_of(folded: str, asks: str) -> None:
    assert _asks_of(folded) == asks
