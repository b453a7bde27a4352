"""bot.nlp.text: the folding every comparison goes through, tokenisation and homophone keys."""

from __future__ import annotations

import pytest

from bot.nlp.text import content_words, normalize, pinyin_key, squash, terms

pytestmark = pytest.mark.usefixtures("core_jieba")


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


@pytest.mark.parametrize(("question", "kept", "dropped"), [
    ("义乌市总工会主席是谁？", ["主席"], ["是", "谁"]),
    ("凤桥水蜜桃什么时候上市？", ["水蜜桃"], ["什么时候", "什么", "时候"]),
    ("请问安全讲座一共有多少场？", ["讲座"], ["请问", "多少", "有"]),
    ("浙工缘活动在哪里举行呢", ["举行"], ["哪里", "在", "呢"]),
])
def test_content_words_drop_question_words(question: str, kept: list[str], dropped: list[str]) -> None:
    words = content_words(question)
    assert all(w in words for w in kept), words
    assert not any(w in words for w in dropped), words


def test_content_words_of_a_bare_question_are_empty() -> None:
    assert content_words("是什么？") == []


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
