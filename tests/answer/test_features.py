"""bot.answer.features: the evidence for one candidate sentence, as the numbers the fitted model reads.

An invented question about a fruit shop, its words weighted by hand (苹果 6, 香蕉 3, 西瓜 3), so
that every share is a simple fraction; 芭蕉 is a synonym of 香蕉.
"""

from __future__ import annotations

import math

import pytest
from rapidfuzz.distance import LCSseq

from bot.answer.features import (
    DECISION,
    KEY_WORDS,
    RARE,
    SENTENCE,
    Around,
    Asked,
    Retrieved,
    asked,
    found,
    lcs,
    sentence_row,
)
from bot.answer.reading import KINDS, Query
from bot.nlp.kinds import MARKS, marks
from bot.nlp.lexicon import Lexicon
from bot.nlp.text import squash

BANANA = ("香蕉", "芭蕉")
LEXICON = Lexicon(synonyms=dict.fromkeys(BANANA, BANANA))
APPLE, BANANA_BIT, MELON = 1, 2, 4  # found() bits of the three words


def _query(content: tuple[str, ...] = ("苹果", "香蕉", "西瓜"), weights: tuple[float, ...] = (6.0, 3.0, 3.0), *,
           asks: str = "place", names: tuple[str, ...] = (), noun: str = "") -> Query:
    folded = "".join(content) + "在哪里买"
    return Query(text=folded, folded=folded, asks=asks, content=content, weights=weights, core="".join(content),
                 names=names, noun=noun)


def _asked(query: Query, lexicon: Lexicon = LEXICON) -> Asked:
    return asked(query, lexicon, {})


def _around(a: Asked, *, title: str = "水果店苹果促销", previous: str | None = "店里也卖西瓜",
            following: str | None = None, paragraph: str = "芭蕉今天打折",
            article: str = "水果店苹果促销芭蕉今天打折店里也卖西瓜", position: float = 0.5, number: int = 2) -> Around:
    return Around(title=title, titled=found(a, title), previous=None if previous is None else found(a, previous),
                  next=None if following is None else found(a, following), paragraph=found(a, paragraph),
                  article=found(a, article), position=position, paragraph_number=number)


def _seen(retrieval: float = 0.8, *, text: str = "", person: bool = False) -> Retrieved:
    return Retrieved(retrieval=retrieval, rank=4, pair_sim=0.3, marks=marks(text, squash(text), person=person),
                     article_best=1.0, article_count=5)


def _row(query: Query, text: str, a: Asked | None = None, around: Around | None = None,
         seen: Retrieved | None = None) -> dict[str, float]:
    a = a or _asked(query)
    around = around or _around(a)
    row = sentence_row(query, a, text, found(a, text), around, seen or _seen(text=text),
                       lcs(query, [text], [around.title])[0], shown=text)
    assert len(row) == len(SENTENCE) and all(math.isfinite(v) for v in row)
    return dict(zip(SENTENCE, row, strict=True))


def test_the_feature_names() -> None:
    assert len(set(SENTENCE)) == len(SENTENCE) and len(set(DECISION)) == len(DECISION)
    assert SENTENCE[-len(KINDS):] == tuple(f"asks_{k}" for k in KINDS) == DECISION[-len(KINDS):]
    assert set(MARKS) <= set(SENTENCE)


# --- which words a text holds ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "mask"), [
    ("苹果和西瓜", APPLE | MELON),
    ("芭蕉今天打折", BANANA_BIT),  # a synonym counts as the word
    ("香蕉芭蕉", BANANA_BIT),
    ("苹果香蕉西瓜", APPLE | BANANA_BIT | MELON),
    ("葡萄", 0),
    ("", 0),
])
def test_found(text: str, mask: int) -> None:
    assert found(_asked(_query()), text) == mask


@pytest.mark.parametrize(("text", "mask"), [
    ("发放96份", 1),
    ("共96.5万元", 2),
    ("增长10%", 4),
    ("帮扶7968人次", 0),  # 96 inside a longer number is not 96
    ("总分96.96分", 0),
    ("共196.5万元", 0),
    ("增长110%", 0),
    ("10%以上", 4),
    ("96.5%", 0),  # 96.5 and a percent sign: another number
])
def test_numbers_are_found_whole(text: str, mask: int) -> None:
    query = _query(("96", "96.5", "10%"), (4.0, 4.0, 4.0), asks="number")
    assert found(_asked(query), text) == mask


def test_found_without_the_synonym() -> None:
    assert found(_asked(_query(), Lexicon()), "芭蕉今天打折") == 0


def test_shares_and_heaviest_of_every_mask() -> None:
    weights = (6.0, 3.0, 1.5, 9.0)
    a = _asked(_query(("苹果", "香蕉", "西瓜", "葡萄"), weights))
    assert a.total == sum(weights) and len(a.shares) == len(a.heaviest) == 2 ** len(weights)
    for mask in range(2 ** len(weights)):
        held = [w for i, w in enumerate(weights) if mask >> i & 1]
        assert a.shares[mask] == pytest.approx(sum(held) / sum(weights))
        assert a.heaviest[mask] == pytest.approx(max(held, default=0.0) / RARE)
        # Exactly the floats the model was fitted on: the words' shares added in the question's order.
        exact = 0.0
        for w in held:
            exact += w / sum(weights)
        assert a.shares[mask] == exact and a.heaviest[mask] == max(held, default=0.0) / RARE


def test_a_long_question_is_probed_by_its_heaviest_words_in_order() -> None:
    words = tuple("甲乙丙丁戊己庚辛壬癸子丑")
    weights = tuple(float(w) for w in (1, 9, 2, 8, 3, 7, 4, 6, 5, 10, 11, 0.5))
    a = _asked(_query(tuple(w * 2 for w in words), weights))
    kept = sorted(sorted(range(len(words)), key=lambda i: -weights[i])[:KEY_WORDS])
    assert len(a.probed) == KEY_WORDS < len(words)
    assert a.probed == tuple((words[i] * 2, 1 << n) for n, i in enumerate(kept))
    assert a.total == sum(weights[i] for i in kept)


def test_what_is_asked() -> None:
    names = Lexicon(names=frozenset({"苹果"}), synonyms=LEXICON.synonyms)
    a = asked(_query(asks="list", noun="香蕉"), names, {"苹": 2.0})
    assert a.kind == tuple(float(k == "list") for k in KINDS)
    assert a.noun == BANANA and a.length == len("苹果香蕉西瓜在哪里买")
    assert a.unknown == pytest.approx(0.5)  # 香蕉 and 西瓜 (half the weight) are unknown to this knowledge
    assert dict(a.chars) == {"苹": 2.0, "果": RARE, "香": RARE, "蕉": RARE, "西": RARE, "瓜": RARE}
    assert a.bigrams == frozenset({"苹果", "果香", "香蕉", "蕉西", "西瓜"})


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_in_and_around_the_sentence() -> None:
    row = _row(_query(), "芭蕉今天打折")
    assert row["cov"] == 0.25  # 香蕉 (as 芭蕉): 3 of 12
    assert row["cov_title"] == 0.5  # 苹果
    assert row["cov_with_title"] == 0.75
    assert row["cov_residual"] == 0.5  # of what the title does not say (香蕉, 西瓜), the sentence says half
    assert (row["cov_prev"], row["cov_next"]) == (0.25, 0.0)  # 西瓜 before it; it is the last sentence
    assert row["cov_paragraph"] == 0.75 and row["cov_article"] == 1.0
    assert row["missing_max"] == 3.0 / RARE  # 西瓜 is missing from the sentence and its title
    assert row["missing_article_max"] == 0.0


def test_coverage_when_the_title_holds_every_word() -> None:
    a = _asked(_query())
    row = _row(_query(), "芭蕉今天打折", a, _around(a, title="苹果香蕉西瓜大卖场"))
    assert row["cov_title"] == row["cov_with_title"] == 1.0
    assert row["cov_residual"] == row["cov"] == 0.25  # nothing left for the sentence: its own share


def test_coverage_of_an_article_without_the_words() -> None:
    a = _asked(_query())
    around = _around(a, title="通知", previous=None, following="明天休息", paragraph="通知", article="通知明天休息")
    row = _row(_query(), "今天营业", a, around)
    assert [row[k] for k in ("cov", "cov_title", "cov_prev", "cov_next", "cov_paragraph", "cov_article")] == [0.0] * 6
    assert row["missing_max"] == row["missing_article_max"] == 6.0 / RARE


# --- wording, place, kinds ------------------------------------------------------------------------

def test_wording_of_the_question_itself() -> None:
    row = _row(_query(), "苹果香蕉西瓜")
    assert (row["chars"], row["chars_residual"], row["lcs"], row["lcs_title"]) == (1.0, 1.0, 1.0, 1.0)
    assert row["residue"] == 0.0  # nothing of it is left out of the question (log1p(0))


def test_wording_of_another_sentence() -> None:
    a = asked(_query(), LEXICON, {"苹": 1.0, "果": 1.0})  # 苹果 common, the other characters rare
    row = _row(_query(), "西瓜切开卖", a)
    assert row["chars"] == pytest.approx(2 * RARE / (2 + 4 * RARE))  # 西 and 瓜 of 苹果香蕉西瓜
    assert row["chars_residual"] == pytest.approx(0.5)  # of 香蕉西瓜, which the title lacks
    assert row["lcs"] == pytest.approx(2 / 6) and row["lcs_title"] == pytest.approx(4 / 6)  # the title has 苹果
    assert row["residue"] == pytest.approx(math.log1p(len("西瓜切开卖") - 2))


def test_where_it_stands_and_how_it_was_found() -> None:
    a = _asked(_query())
    text = "苹果在第1排货架"
    row = _row(_query(), text, a, _around(a, position=0.0, number=3), _seen(0.0, text=text))
    assert (row["retrieval"], row["rank"], row["pair_sim"], row["retrieved"]) == (0.0, 4.0, 0.3, 0.0)
    assert (row["position"], row["first"], row["paragraph"]) == (0.0, 1.0, 3.0)
    assert (row["article_best"], row["article_count"]) == (1.0, 5.0)
    assert row["length"] == pytest.approx(math.log1p(len(text)))
    assert (row["has_number"], row["has_place"], row["has_time"]) == (1.0, 0.0, 0.0)
    assert (row["q_words"], row["q_length"], row["q_unknown"]) == (3.0, len("苹果香蕉西瓜在哪里买"), 1.0)
    assert row["asks_place"] == 1.0 and sum(row[f"asks_{k}"] for k in KINDS) == 1.0
    assert _row(_query(), text, a, seen=_seen(0.5, text=text))["retrieved"] == 1.0


@pytest.mark.parametrize(("asks", "text", "person", "match"), [
    ("place", "苹果产自烟台市", False, 1.0),
    ("place", "苹果很甜", False, 0.0),
    ("number", "苹果每斤8元", False, 1.0),
    ("person", "苹果由老王种植", True, 1.0),
    ("person", "苹果由老王种植", False, 0.0),
])
def test_type_match_reads_the_sentence_marks(asks: str, text: str, person: bool, match: float) -> None:
    query = _query(asks=asks)
    assert _row(query, squash(text), seen=_seen(text=text, person=person))["type_match"] == match


@pytest.mark.parametrize(("names", "text", "title", "share"), [
    ((), "苹果很甜", "水果店", -1.0),
    (("烟台", "栖霞"), "苹果产自烟台", "水果店", 0.5),
    (("烟台", "栖霞"), "苹果产自烟台", "栖霞苹果节", 1.0),
    (("烟台",), "苹果很甜", "水果店", 0.0),
])
def test_names_found(names: tuple[str, ...], text: str, title: str, share: float) -> None:
    query = _query(names=names)
    a = _asked(query)
    assert _row(query, text, a, _around(a, title=title))["names_found"] == share


@pytest.mark.parametrize(("noun", "text", "value"), [
    ("", "苹果很甜", -1.0),
    ("香蕉", "芭蕉很甜", 1.0),  # its synonym
    ("香蕉", "苹果很甜", 0.0),
])
def test_noun_found(noun: str, text: str, value: float) -> None:
    assert _row(_query(asks="what", noun=noun), text)["noun_found"] == value


@pytest.mark.parametrize(("texts", "titles"), [
    (["苹果在哪里买", "西瓜和香蕉", "", "水果店苹果促销"], ["水果店", "", "苹果", "苹果西瓜"]),
    (["a" * 70 + "苹果香蕉西瓜" * 12], ["西瓜" * 40]),  # longer than a 64-bit word, either way round
    ([], []),
])
def test_lcs_of_all_candidates_at_once_is_each_ones(texts: list[str], titles: list[str]) -> None:
    query = _query()
    assert lcs(query, texts, titles) == [
        (LCSseq.similarity(query.core, text), LCSseq.similarity(query.core, title + text),
         LCSseq.similarity(query.folded, text)) for text, title in zip(texts, titles, strict=True)]
