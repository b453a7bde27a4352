"""bot.answer.reading: what a question asks for, read from its words (jieba's), never from character offsets.

Every question here is invented for these tests (none is from the evaluation set, nor about the seed
page): the reading does not depend on any knowledge base, so an empty :class:`Lexicon` is used.
"""

from __future__ import annotations

import pytest

from bot.answer.reading import ASKS, KINDS, Query, _known_runs, _split_unknown, read_query
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Segmenter, load_dictionary
from bot.nlp.text import general_idf, terms

EMPTY = Lexicon()


def _read(question: str, segmenter: Segmenter, lexicon: Lexicon = EMPTY) -> Query:
    return read_query(question, lexicon, segmenter)


def test_every_question_word_asks_a_known_kind() -> None:
    assert set(ASKS.values()) <= set(KINDS) and "none" in KINDS


# --- which kind a question asks for -----------------------------------------------------------------

@pytest.mark.parametrize(("question", "asks"), [
    ("怎么上不了", "how"),
    ("怎样为苹果账户充值", "how"),
    ("电脑坏了咋办", "how"),
    ("借书证如何办理", "how"),
    ("天空为啥是蓝的", "reason"),
    ("为什么要排队", "reason"),
    ("门票多少钱", "number"),  # jieba: 多少 / 钱
    ("家里有几位老人", "number"),  # jieba keeps 几位 whole: read by its first character
    ("比赛几月开始", "time"),
    ("长城是哪一年修建的", "time"),
    ("协会在哪一年代成立", "time"),  # jieba: 在/哪/一/年代; not 在哪, a place
    ("大楼在哪一时期修建", "which"),
    ("何时发货", "time"),
    ("要排多久", "duration"),
    ("需要多长时间", "duration"),
    ("图书馆在哪儿", "place"),
    ("你家在哪里", "place"),
    ("公园里有哪些花", "list"),
    ("哪家医院最近", "which"),
    ("这个协会是干什么的", "role"),
    ("他担任什么职务", "role"),  # 什么 + a role noun
    ("她在工厂做什么工作", "role"),
    ("公司获得过什么荣誉", "what"),
    ("谁发明了电话", "person"),
    ("哪位老师讲课", "person"),
    ("你会游泳吗", "yesno"),
    ("集邮协会 会费 标准", "none"),  # a keyword query asks nothing in particular
    ("春季运动会报名", "none"),
])
def test_the_kind_asked_for(segmenter: Segmenter, question: str, asks: str) -> None:
    assert _read(question, segmenter).asks == asks


@pytest.mark.parametrize(("question", "asks", "content"), [
    # jieba keeps a question word whole with its measure word, and sometimes with the noun after it
    ("合唱团印了几份节目单", "number", ("合唱团", "印", "节目单")),
    ("车队买了几辆车", "number", ("车队", "买", "车")),  # 几辆车: the noun 车 is a word of its own
    ("集邮展出了几幅作品", "number", ("集邮", "展出", "作品")),
    ("水温有多少度", "number", ("水温",)),
    ("图书馆几点开门", "time", ("图书馆", "开门")),  # 几点 asks a time, 几天 a count
    ("夏令营几月份报名", "time", ("夏令营", "报名")),
    ("合唱团哪几天排练", "time", ("合唱团", "排练")),
    ("哪几个队进了决赛", "list", ("队", "进", "决赛")),
    ("哪些项目可以报销", "list", ("项目", "报销")),  # 哪些 and its noun, with no measure between
    ("这是哪一部电影", "which", ("电影",)),
    ("停车场在哪边", "place", ("停车场",)),
    ("大桥何年建成", "time", ("大桥", "建成")),
    ("啥时候能报名", "time", ("报名",)),
    ("多少年来他一直坚持", "none", ("多少年来", "一直", "坚持")),  # an idiom, no question
])
def test_a_question_word_glued_to_its_measure(segmenter: Segmenter, question: str, asks: str,
                                              content: tuple[str, ...]) -> None:
    query = _read(question, segmenter)
    assert (query.asks, query.content) == (asks, content)



@pytest.mark.parametrize(("question", "asks"), [
    ("这种瓷器的产地是?", "what"),  # a cloze: what would follow 是
    ("这座城市又被称为?", "what"),
    ("他离开的原因是因为?", "reason"),
    ("这家博物馆位于?", "place"),
    ("这家博物馆是新建的", "none"),  # 是 without a question mark asks nothing
    ("那头大象今年多大", "number"),
    ("这座山有多高?", "number"),
    ("门票能否退", "yesno"),
    ("图书馆的名字是甚么", "what"),  # 甚么, the older form of 什么
    ("集邮协会 会员 数量", "number"),  # key words ending in the noun of what is wanted
])
def test_questions_without_a_modern_question_word(segmenter: Segmenter, question: str, asks: str) -> None:
    assert _read(question, segmenter).asks == asks


@pytest.mark.parametrize(("question", "asks"), [
    ("谁能参加比赛吗", "person"),
    ("有多少人报名吗", "number"),
    ("你知道他住在哪里吗", "place"),
    ("是不是谁都能报名", "person"),  # a yes/no word first, then the word that decides
])
def test_a_yes_no_word_gives_way_to_another_question_word(segmenter: Segmenter, question: str, asks: str) -> None:
    assert _read(question, segmenter).asks == asks


@pytest.mark.parametrize(("question", "asks"), [
    ("食堂什么时候开门", "time"),
    ("博物馆在哪", "place"),
    ("运动会哪年举办", "time"),
    ("运动会哪天开幕", "time"),
])
def test_question_words_jieba_cuts_in_two(segmenter: Segmenter, question: str, asks: str) -> None:
    assert _read(question, segmenter).asks == asks


@pytest.mark.parametrize(("question", "asks"), [
    ("几乎每天都加班", "none"),
    ("哪怕下雨也要去吗", "yesno"),
    ("任何人都可以报名吗", "yesno"),  # 何 inside 任何 is no question word
    ("如何办理", "how"),
])
def test_words_that_merely_begin_like_a_question_word(segmenter: Segmenter, question: str, asks: str) -> None:
    assert _read(question, segmenter).asks == asks


# --- the words that carry the question -------------------------------------------------------------

@pytest.mark.parametrize(("question", "content", "not_content"), [
    ("怎么上不了", ("不了",), ("上不", "怎么")),  # never the two characters after 怎么
    ("怎样为苹果账户充值", ("苹果", "账户", "充值"), ("为苹", "怎样")),
    ("电脑坏了咋办", ("电脑", "坏"), ("咋办", "了")),
    ("天空为啥是蓝的", ("天空", "蓝"), ("为啥", "是", "的")),
    ("请问一下图书馆在哪儿", ("图书馆",), ("请问", "一下", "在", "哪儿")),
])
def test_content_words_are_whole_words_without_question_or_stop_words(
        segmenter: Segmenter, question: str, content: tuple[str, ...], not_content: tuple[str, ...]) -> None:
    query = _read(question, segmenter)
    assert set(content) <= set(query.content)
    assert not set(not_content) & set(query.content)


def test_content_words_are_weighted_once_each_in_order(segmenter: Segmenter) -> None:
    query = _read("苹果和香蕉，苹果多少钱", segmenter)
    assert query.content == ("苹果", "香蕉", "钱")
    assert query.weights == tuple(general_idf(w) for w in query.content)
    assert query.total == pytest.approx(sum(query.weights))
    assert query.core == "苹果香蕉苹果钱"  # the folded question without its question and stop words


def test_the_question_is_folded_and_repaired_first(segmenter: Segmenter) -> None:
    query = _read("圖書館在哪兒？", segmenter)  # traditional characters, full-width punctuation
    assert query.text == "图书馆在哪儿?" and query.folded == "图书馆在哪儿"
    assert query.asks == "place" and query.content == ("图书馆",)


@pytest.mark.parametrize(("question", "asks", "content"), [
    ("合唱比赛 地点", "place", ("合唱", "比赛")),  # key words ending in the noun of what is wanted
    ("春季运动会 时间", "time", ("春季", "运动会")),
    ("读书会的日期", "time", ("读书会",)),
    ("志愿者 人数", "number", ("志愿者",)),
    ("图书馆 地址", "place", ("图书馆",)),
    ("地点", "none", ("地点",)),  # nothing else asked: the noun is all there is
    ("时间 地点", "none", ("时间", "地点")),  # a second typed noun is what is asked of
    ("地点 合唱比赛", "none", ("地点", "合唱", "比赛")),  # only a last noun names the kind
    ("合唱比赛地点在哪里", "place", ("合唱", "比赛", "地点")),  # a question word decides; the noun stays
    ("比赛 时间 时间", "none", ("比赛", "时间")),  # asked of twice: a word of the question
])
def test_a_typed_noun_at_the_end_of_key_words_asks_its_kind(
        segmenter: Segmenter, question: str, asks: str, content: tuple[str, ...]) -> None:
    query = _read(question, segmenter)
    assert (query.asks, query.content) == (asks, content)


def test_a_typed_noun_leaves_the_core(segmenter: Segmenter) -> None:
    assert _read("合唱比赛 地点", segmenter).core == "合唱比赛"


@pytest.mark.parametrize(("question", "noun"), [
    ("公司获得过什么荣誉", "荣誉"),
    ("他担任什么职务", "职务"),
    ("哪家医院最近", "医院"),
    ("这是哪一种动物", "动物"),  # after the measure 一种
    ("他来自哪个国家", "国家"),
    ("学校有哪些社团", "社团"),
    ("谁发明了电话", ""),  # 谁 asks for a person, not for a noun
    ("门票多少钱", ""),
])
def test_the_noun_a_question_word_asks_for(segmenter: Segmenter, question: str, noun: str) -> None:
    assert _read(question, segmenter).noun == noun


@pytest.mark.parametrize(("question", "noun"), [
    ("培训重点在哪一方面", "方面"),  # jieba keeps 哪一方面 whole
    ("大楼哪一部分最先完工", "部分"),  # jieba cuts 哪/一部分
    ("他在哪一时期出国", "时期"),
    ("互助保障在哪一环节审核", "环节"),
])
def test_the_one_of_which_one_is_no_word(segmenter: Segmenter, question: str, noun: str) -> None:
    read = _read(question, segmenter)
    assert (read.asks, read.noun) == ("which", noun)
    assert noun in read.content and "一" + noun not in read.content


@pytest.mark.parametrize(("question", "counted"), [
    ("合唱团请了几位指挥", ("人", "指挥")),  # jieba keeps 几位 whole; 位 counts as 人 (5名 answers it)
    ("合唱团有多少个声部", ("个", "声部")),
    ("门票多少钱", ("元", "")),  # 多少钱 is answered in 元
    ("报名人数有多少", ("人", "")),  # 人数 counts 人
    ("图书室有多少本书", ("本", "书")),  # jieba's 本书: the measure 本 (6800册 answers it) and 书
    ("团员一共有多少", ("", "团员")),  # the question word last: the noun before it
    ("合唱团有几个", ("个", "")),
    ("合唱团哪一年成立", ("", "")),  # not a count
    ("车队买了几辆车", ("辆", "车")),  # jieba's 几辆车: the measure and the noun
    ("乐队排练几个月了", ("个", "月")),
    ("合唱比赛 人数", ("人", "")),  # a typed 人数 counts people, as 多少人 does
    ("合唱比赛 数量", ("", "")),  # 数量 names no measure: no count to look for
])
def test_what_a_count_counts(segmenter: Segmenter, question: str, counted: tuple[str, str]) -> None:
    assert _read(question, segmenter).counted == counted


@pytest.mark.parametrize(("question", "asks", "content"), [
    ("这场演出由谁来指挥", "person", ("这场", "演出", "由", "来", "指挥")),  # jieba: 由谁来
    ("这首歌是什么歌曲", "what", ("首歌", "歌曲")),  # a question word jieba cut apart is found as before
    ("合唱团在哪一方面最出色", "which", ("合唱团", "方面", "最出色")),  # jieba: 哪一方面
    ("演出因何原因推迟", "what", ("演出", "因", "原因", "推迟")),  # jieba: 何原因
    ("门票加多少", "number", ("门票", "加")),  # jieba: 加多少
    ("每月前几次免费", "number", ("每月", "前", "免费")),  # jieba: 前几次
    ("任何人都可以报名", "none", ("任何人", "报名")),  # 何人 after 任 asks nothing
    ("无论如何要参加", "none", ("无论如何", "参加")),
    ("几乎每天都排练", "none", ("几乎", "每天", "排练")),  # one character only before a word: not 几/乎
    ("哪怕下雨也演出", "none", ("哪怕", "下雨", "演出")),
    ("几何学课程", "none", ("几何学", "课程")),
])
def test_a_question_word_glued_into_a_word_is_found(segmenter: Segmenter, question: str, asks: str,
                                                    content: tuple[str, ...]) -> None:
    query = _read(question, segmenter)
    assert (query.asks, query.content) == (asks, content)


@pytest.mark.parametrize(("question", "asks"), [
    ("读书角一共几家", "number"),  # 共几 sounds like 共计, which the knowledge has
    ("读书节几号办", "time"),  # 号办 sounds like 好办
])
def test_typo_repair_keeps_the_question_word(segmenter: Segmenter, question: str, asks: str) -> None:
    texts = ["全市共计建成读书角", "这件事好办"]
    lexicon = Lexicon.build(texts, segmenter=segmenter, bigrams={t for text in texts for t in terms(text)})
    query = _read(question, segmenter, lexicon)
    assert query.asks == asks and query.text == question


# --- names, and runs nobody knows ---------------------------------------------------------------------

def test_names_the_knowledge_knows(segmenter: Segmenter) -> None:
    names = ("星光合唱团", "梧桐镇")
    lexicon = Lexicon(names=frozenset(names))
    named = Segmenter(load_dictionary(), names=[(n, "nz") for n in names])
    query = read_query("星光合唱团在梧桐镇演出了几场", lexicon, named)
    assert query.names == names and query.asks == "number"
    assert set(names) <= set(query.content)
    assert "演出" in query.content and "演出" not in query.names


@pytest.mark.parametrize(("junk", "chars"), [
    ("企亱", ("企", "亱")),
    ("亄义", ("亄", "义")),
])
def test_junk_is_read_as_its_characters(segmenter: Segmenter, junk: str, chars: tuple[str, ...]) -> None:
    query = _read(junk, segmenter)
    assert query.content == chars and query.asks == "none"


@pytest.mark.parametrize(("word", "lexicon", "split"), [
    ("企亱", EMPTY, True),  # a run neither general Chinese nor the knowledge knows
    ("苹果", EMPTY, False),  # general Chinese knows it
    ("亄义会", Lexicon(names=frozenset({"亄义会"})), False),  # the knowledge knows it
    ("abc", EMPTY, False),  # not CJK
    ("亄", EMPTY, False),  # one character already
])
def test_split_unknown(word: str, lexicon: Lexicon, split: bool) -> None:
    expected = [(ch, "x") for ch in word] if split else [(word, "n")]
    assert _split_unknown([(word, "n")], lexicon) == expected


# --- questions fit to be shown to a member ------------------------------------------------------------

@pytest.mark.parametrize(("run", "joined"), [
    ("年星河缘", ["年", "星河缘"]),  # the longest stretch the knowledge holds, wherever it starts
    ("星河缘", ["星河缘"]),
    ("年月", ["年", "月"]),  # nothing known: the characters stay as they are
])
def test_known_runs_join_what_the_knowledge_holds(run: str, joined: list[str]) -> None:
    lexicon = Lexicon(names=frozenset({"星河缘"}))
    assert [w for w, _ in _known_runs([(ch, "n") for ch in run], lexicon)] == joined
