"""bot.nlp.lexicon.Lexicon: pinyin typo repair, synonyms, names."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.nlp.lexicon import NAME_TAGS, PERSON_TAGS, Lexicon
from bot.nlp.segment import Segmenter
from bot.nlp.text import pinyin_keys, terms, words

TEXTS = [
    "杭州市总工会干部学校举办安全讲座",
    "金华市累计发放生活救助和助学救助",
    "工会会员参加交友活动",
    "如何在分选焊管时就能实现零工人操作",
    "劳模工匠大讲堂",
    "干部和职工一起参加",
]
SYNONYMS = [["劳模", "劳动模范"], ["疗休养", "疗养"], ["勞動獎章", "五一奖章"]]


@pytest.fixture(scope="module")
def lexicon(segmenter: Segmenter) -> Lexicon:
    bigrams = {t for text in TEXTS for t in terms(text)}  # what the index vocabulary would hold
    return Lexicon.build(TEXTS, segmenter=segmenter, synonyms=SYNONYMS, bigrams=bigrams)


@pytest.mark.parametrize(("typed", "meant"), [
    ("安全讲坐有几场", "安全讲座有几场"),
    ("生活就助发放了多少", "生活救助发放了多少"),
    ("公会会员", "工会会员"),
    ("杭州市总公会", "杭州市总工会"),
    ("安全講坐", "安全讲座"),  # traditional input is folded first
    ("助学就助和生活就助", "助学救助和生活救助"),
])
def test_homophone_typos_are_corrected(lexicon: Lexicon, segmenter: Segmenter, typed: str, meant: str) -> None:
    assert lexicon.correct(typed, segmenter) == meant


@pytest.mark.parametrize("text", [
    "讲座是线上的吗",  # 是线 sounds like 实现, which the lexicon knows: two real words side by side
    "他是线上参加的",
    "工会活动",
    "实现零工人操作",
    "劳模工匠",
    "今天天气怎么样",  # nothing known: nothing to correct to
    "第一期活动",  # 一期 is a real word; 一起 (known, same pinyin) is too common to be what was meant
    "哪个单位主办的",  # 位主 sounds like 为主, but it is the halves of 单位 and 主办
    "浙工缘活动的主办方是哪个单位",  # 方是 sounds like 方式: 是 is typed on purpose
])
def test_real_words_are_not_corrected(lexicon: Lexicon, segmenter: Segmenter, text: str) -> None:
    assert lexicon.correct(text, segmenter) == text


@pytest.mark.parametrize(("typed", "keep", "meant"), [
    ("一共几场", ("几",), "一共几场"),  # 共几 sounds like 共计, a word the knowledge has
    ("一共几场", (), "一共计场"),
    ("比赛几号办", ("几号",), "比赛几号办"),  # 号办 sounds like 好办
    ("比赛几号办", (), "比赛几好办"),
    ("安全讲坐有几场", ("几",), "安全讲座有几场"),  # a slip beside a kept word is still repaired
])
def test_kept_words_are_never_corrected(segmenter: Segmenter, typed: str, keep: tuple[str, ...], meant: str) -> None:
    texts = [*TEXTS, "共计发放救助金", "这件事好办"]
    lexicon = Lexicon.build(texts, segmenter=segmenter, bigrams={t for text in texts for t in terms(text)})
    assert lexicon.correct(typed, segmenter, keep=keep) == meant


def test_the_lexicon_knows_the_word_a_typo_is_not_corrected_to(lexicon: Lexicon) -> None:
    assert "实现" in lexicon.by_pinyin.values()


def test_correct_normalises(lexicon: Lexicon, segmenter: Segmenter) -> None:
    assert lexicon.correct("ＡＰＰ工會", segmenter) == "app工会"


def test_empty_lexicon_corrects_nothing(segmenter: Segmenter) -> None:
    assert Lexicon().correct("安全讲坐", segmenter) == "安全讲坐"


@pytest.mark.parametrize(("text", "extra"), [
    ("全国劳模有几位", ["劳动模范"]),
    ("劳动模范有几位", ["劳模"]),
    ("疗休养线路", ["疗养"]),
    ("疗养线路", ["疗休养"]),
    ("五一劳动奖章获得者", ["五一奖章"]),  # the group was written in traditional characters
    ("劳模和劳动模范", []),  # both already there
    ("工会活动", []),
])
def test_synonyms_expand_both_ways(lexicon: Lexicon, text: str, extra: list[str]) -> None:
    assert lexicon.expand(text) == extra


def test_synonym_groups_are_folded(lexicon: Lexicon) -> None:
    assert lexicon.synonyms["劳动奖章"] == ("劳动奖章", "五一奖章")
    assert lexicon.variants("劳模") == ("劳模", "劳动模范")
    assert lexicon.variants("劳动模范") == ("劳模", "劳动模范")
    assert lexicon.variants("工会") == ("工会",)


@pytest.mark.parametrize(("word", "flag", "expected"), [
    ("义乌市", "n", True),
    ("路桥区", "n", True),
    ("双林镇", "n", True),
    ("凉溪村", "n", True),
    ("桐屿街道", "n", True),
    ("杭州市总工会", "n", True),
    ("精芯科技公司", "n", True),
    ("2020年", "m", True),
    ("2018", "m", True),
    ("1999年", "m", True),
    ("冯晓川", "nr", True),  # jieba's name tags
    ("浙江", "ns", True),
    ("总工会", "n", False),  # a suffix alone is no name
    ("市总工会", "n", False),
    ("劳模", "n", False),
    ("讲座", "n", False),
    ("3000年", "m", False),
    ("100", "m", False),
    ("市", "ns", False),  # one character never
])
def test_is_name(lexicon: Lexicon, word: str, flag: str, expected: bool) -> None:
    assert lexicon.is_name(word, flag) is expected


def test_names_seen_in_the_texts(lexicon: Lexicon) -> None:
    assert {"杭州市", "金华市"} <= lexicon.names
    assert lexicon.is_name("金华市", "x")


def test_by_pinyin_prefers_the_commonest_word(segmenter: Segmenter) -> None:
    lexicon = Lexicon.build(["工会工会工会", "公会"], segmenter=segmenter, bigrams=["工会", "公会"])
    assert lexicon.by_pinyin["gong hui"] == "工会"


# Texts that share blocks (the runs between punctuation), as the knowledge base's do, with
# latin, digits, full-width and traditional forms, and names jieba does not know.
SHARING = [
    "冯晓川在杭州市总工会讲课，金华市总工会也派人来了。",
    "冯晓川在杭州市总工会讲课",
    "问：冯晓川2023年在哪里讲课？\n冯晓川去过哪里",
    "APP上线了，桐屿街道总工会app上线了",
    "ＡＰＰ上線了，金華市總工會",
]


def test_build_tags_each_block_once_to_the_same_effect(segmenter: Segmenter) -> None:
    counts: Counter[str] = Counter()
    names: set[str] = set()
    persons: set[str] = set()
    for text in SHARING * 2:  # text by text, as the lexicon was once built
        for word, flag in words(text, segmenter):
            if 2 <= len(word) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                counts[word] += 1
                if flag in NAME_TAGS or Lexicon().is_name(word, "x"):  # by its suffix
                    names.add(word)
                if flag in PERSON_TAGS and len(word) <= 4:
                    persons.add(word)
    by_pinyin: dict[str, str] = {}
    for word, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        for key in pinyin_keys(word):
            by_pinyin.setdefault(key, word)
    lexicon = Lexicon.build(SHARING * 2, segmenter=segmenter)
    assert "冯晓川" in lexicon.persons and "桐屿" in lexicon.names  # the HMM guessed them
    assert (lexicon.by_pinyin, lexicon.names, lexicon.persons) == (by_pinyin, frozenset(names), frozenset(persons))
