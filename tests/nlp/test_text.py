"""bot.nlp.text: the folding every comparison goes through, tokenisation and homophone keys."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import jieba.analyse
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from bot.nlp.text import (
    _idf_table,
    _simplifier,
    _t2s_entries,
    general_idf,
    member_like,
    normalize,
    pinyin_key,
    squash,
    terms,
    to_simplified,
)


@pytest.mark.parametrize(("raw", "folded"), [
    # NFKC: full-width letters, digits, punctuation and the ideographic space become half-width
    ("ＡＰＰ１２３", "app123"),
    ("杭工ｅ家", "杭工e家"),
    ("多少？！", "多少?!"),
    ("工会\u3000活动", "工会 活动"),
    # case
    ("Hello APP", "hello app"),
    # zero-width, bidi and soft-hyphen characters vanish (they must not split a word)
    ("义乌\u200b市", "义乌市"),
    ("浙\u200d工\u200c缘", "浙工缘"),
    ("\ufeff工会", "工会"),
    ("工\u202e会\u202c", "工会"),
    ("劳\u2066模\u2069", "劳模"),
    ("劳\u00ad模", "劳模"),
    # control characters become spaces
    ("工会\x00主席", "工会 主席"),
    ("工会\t主席\n", "工会 主席 "),
    ("工会\x7f主席", "工会 主席"),
    # traditional -> simplified
    ("義烏市總工會", "义乌市总工会"),
    ("路橋區總工會主席是誰", "路桥区总工会主席是谁"),
    ("勞模", "劳模"),
    # Chinese numerals directly before a counting unit become digits
    ("三年", "3年"),
    ("百场", "100场"),
    ("十五个", "15个"),
    ("二十三人", "23人"),
    ("一百二十名", "120名"),
    ("两位劳模", "2位劳模"),
    ("二〇二〇年", "2020年"),
    ("十二月", "12月"),
    # ... and nowhere else
    ("统一", "统一"),
    ("一线", "一线"),
    ("第一次", "第一次"),
    ("三服务", "三服务"),
    ("十佳", "十佳"),
    ("万人清扫", "万人清扫"),
])
def test_normalize(raw: str, folded: str) -> None:
    assert normalize(raw) == folded


def test_normalize_is_idempotent() -> None:
    text = "義烏市總工會ＡＰＰ三年\u200b百场"
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(("raw", "squashed"), [
    ("义乌市 总工会，主席？", "义乌市总工会主席"),
    ("“浙工缘”青年职工", "浙工缘青年职工"),
    ("1061.36万元", "106136万元"),
    ("a_b-c", "abc"),
    ("  ？！。  ", ""),
    ("義烏 市", "义乌市"),
])
def test_squash(raw: str, squashed: str) -> None:
    assert squash(raw) == squashed


@pytest.mark.parametrize(("text", "expected"), [
    ("浙工缘", ["浙工", "工缘"]),
    ("缘", ["缘"]),
    ("工会 劳模", ["工会", "劳模"]),
    ("累计发放1061.36万元", ["累计", "计发", "发放", "1061.36", "万元"]),
    ("杭工E家APP", ["杭工", "e", "家", "app"]),
    ("2020年", ["2020", "年"]),
    ("三年", ["3", "年"]),
    ("義烏", ["义乌"]),
    ("，。？", []),
    ("", []),
])
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_terms_keep_decimal_numbers_whole() -> None:
    assert "1061.36" in terms("生活救助1061.36万元")
    assert "409.95" in terms("助学救助409.95万元")


@pytest.mark.parametrize(("typed", "meant"), [
    ("公会", "工会"),
    ("讲坐", "讲座"),
    ("就助", "救助"),
    ("水密桃", "水蜜桃"),
    ("勞模", "劳模"),
])
def test_pinyin_key_equal_for_homophones(typed: str, meant: str) -> None:
    assert pinyin_key(typed) == pinyin_key(meant)


@pytest.mark.parametrize(("one", "other"), [("工会", "劳模"), ("讲座", "讲话"), ("救助", "帮扶")])
def test_pinyin_key_differs_for_different_sounds(one: str, other: str) -> None:
    assert pinyin_key(one) != pinyin_key(other)


def test_pinyin_key_is_toneless_and_spaced() -> None:
    assert pinyin_key("工会") == "gong hui"


# --- traditional to simplified --------------------------------------------------------------------

_OPENCC = OpenCC("t2s")


def test_the_trigger_characters_are_those_opencc_changes() -> None:
    """What to_simplified skips: a character is a trigger exactly when OpenCC's t2s changes it."""
    chars = {key for key, _ in _t2s_entries() if len(key) == 1}
    assert len(chars) > 3000
    assert {c for c in chars if _OPENCC.convert(c) != c} == _simplifier().chars


def test_a_text_without_triggers_is_one_opencc_leaves_alone() -> None:
    """Every entry of OpenCC's dictionaries that to_simplified would skip comes back unchanged (反覆 does not)."""
    t2s = _simplifier()
    skipped = [key for key, _ in _t2s_entries() if t2s.chars.isdisjoint(key) and not t2s.phrases.search(key)]
    assert "彷徨" in skipped  # entries that map to themselves
    assert [k for k in skipped if _OPENCC.convert(k) != k] == []
    assert t2s.phrases.search("反覆") and to_simplified("反覆") == "反复"


_TRIGGERS = "".join(sorted(_simplifier().chars))[::97] + "反覆乾坤工会劳模职工義烏總abc，。 "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TRIGGERS, max_size=30))
def test_to_simplified_is_opencc(text: str) -> None:
    assert to_simplified(text) == _OPENCC.convert(text)


def test_to_simplified_is_opencc_on_the_knowledge() -> None:
    from bot.knowledge.load import load_knowledge

    kb = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    texts = [s for a in kb.articles.values() for p in a.paragraphs for s in p.sentences]
    traditional = OpenCC("s2t")
    for text in texts + [traditional.convert(t) for t in texts[:30]] + ["義烏市總工會", "反覆"]:
        assert to_simplified(text) == _OPENCC.convert(text), text


def test_the_word_weights_are_jiebas() -> None:
    assert _idf_table() == jieba.analyse.default_tfidf.idf_freq
    assert general_idf("工会") == pytest.approx(min(max(jieba.analyse.default_tfidf.idf_freq["工会"], 2.0), 12.0))
    assert (importlib.resources.files("jieba") / "analyse" / "idf.txt").is_file()


@pytest.mark.parametrize(("question", "shown"), [
    ("公园几点开门？", True),
    ("春季运动会在哪里举行？", True),
    ("星光合唱团团长是谁", True),
    ("春" * 24, True),  # 24 characters: still short enough
    ("该系列展览共展出多少幅作品？", False),  # about "it": which series?
    ("其主要成员有哪些？", False),
    ("上述比赛在哪里举行？", False),
    ("它是什么", False),
    ("他叫什么名字", False),
    ("要把长度不到多少厘米的木条钉进五十厘米宽的松木画框里面呢？", False),  # a sentence with a hole
    ("春" * 25, False),
    ("由多少名队员组成合唱团的低音声部？", False),  # the clause's start: its subject stayed in the sentence
    ("在第几届艺术节到来之际？", False),
    ("在哪里报名合唱团？", True),  # a member's own start: 在 and the question word
    ("由谁主办春季运动会？", True),
    ("合唱团哪一年演出了12场？", False),  # another fact of the sentence copied along after the hole
    ("分别奖励多少元和300元？", False),
    ("2019年合唱团招了几名团员？", True),  # a number before the question word narrows it down
    ("什么是12355热线？", True),  # a name with digits, asked what it is
    ("第3届艺术节在哪天开幕？", True),  # a number before the question word only narrows it down
    ("合唱团可申请多少元一次性补贴？", True),  # 一次性 is no number copied along
    ("", False),
    ("？？！", False),
])
def test_member_like(question: str, shown: bool) -> None:
    assert member_like(question) is shown
