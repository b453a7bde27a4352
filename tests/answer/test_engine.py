"""bot.answer.engine.Engine over the knowledge built from seeds/: answers, refusals, citations, the cache.

The questions are our own (not the evaluation set). Articles are named by a fragment of their
title, so the tests read like the questions a member would ask.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CoreKnowledge

from bot.answer.engine import Engine, _cut_off, _joined
from bot.answer.reading import Query
from bot.answer.tuning import CARD_FLOOR, MAX_QUESTION, TWO_SENTENCES
from bot.core.answers import Answer
from bot.index.units import pair_question, sentence_key
from bot.nlp.orgs import names_union_first
from bot.nlp.text import member_like

REPO = Path(__file__).resolve().parents[2]

JINHUA = "关爱网"  # 吹响“冲锋号” ... 金华市总工会为全国文明城市创建贡献力量
LUQIAO = "缘聚古道凉溪"  # “浙工缘”青年职工交友活动走进路桥
HANGZHOU = "话安全"  # 杭州市总干校进企宣讲 邀劳模工匠 话安全
YIWU = "王晖平当选"  # 王晖平当选 义乌市总工会主席
NANXUN = "南浔"  # 3年培育40名 湖州南浔选拔 又红又专的标兵
JIANDE = "工会蓝"  # 灾后自救战 泛起“工会蓝”
FENGHUA = "体工会初心"  # 当一周工人 体工会初心
NANHU = "搬运工"  # 我们是家乡特产的搬运工


def _check_answered(answer: Answer, title: str, fact: str) -> None:
    assert answer.answered, (answer.question, answer.reason, answer.score)
    assert answer.source is not None
    assert title in answer.source.title, (answer.question, answer.source.title, answer.text)
    assert fact in answer.text, (answer.question, answer.text)


def _check_verbatim(engine: Engine, answer: Answer) -> None:
    """The answer quotes its article verbatim: a piece of the paragraph it cites, or two of the article's
    sentences in the article's order (the best one and a runner-up the ranker could hardly tell apart)."""
    assert answer.source is not None
    article = engine.knowledge.articles[answer.source.article]
    paragraph = article.paragraph(answer.source.paragraph)
    assert paragraph is not None
    assert answer.paragraph_text == paragraph.text
    if answer.text in paragraph.text:
        return
    body = "".join(p.text for p in article.paragraphs)
    splits = [k for k in range(1, len(answer.text))
              if 0 <= body.find(answer.text[:k]) < body.find(answer.text[k:])]
    assert splits, (answer.question, answer.text)


# --- answers ---------------------------------------------------------------------------------------

ANSWERED = [
    # plain questions
    ("首批有多少名工会机关干部当一周工人", FENGHUA, "12名"),
    ("企业工会监督组织覆盖率是多少", JINHUA, "93%"),
    ("浙工缘交友活动有多少名单身青年参加", LUQIAO, "60名"),
    ("建德市总工会志愿者去了哪里清理沙包", JIANDE, "农夫山泉"),
    ("南浔要用几年培育40名红色工匠", NANXUN, "三年"),
    ("谁讲了公交车安全案例", HANGZHOU, "孔胜东"),
    ("义乌市总工会代表大会是哪天召开的", YIWU, "7月10日"),
    ("哪位劳模讲了公交车安全", HANGZHOU, "孔胜东"),
    ("你好，请问王晖平当选了什么职务", YIWU, "主席"),
    # homophone typos from a pinyin keyboard
    ("安全讲坐一共举办了几场", HANGZHOU, "10场"),
    ("金华累计发放生活就助多少钱", JINHUA, "1061.36万元"),
    ("路桥区总公会主席是谁", LUQIAO, "应仲友"),
    ("凤桥水密桃什么时候上市", NANHU, "7月中旬"),
    ("建德市总工会组织了多少名志原者搬运沙包", JIANDE, "40余名"),
    ("金华2020年推荐了多少全国劳摸", JINHUA, "8人"),
    ("马爱方是谁", JINHUA, "马爱芳"),
    ("王辉平是谁", YIWU, "王晖平"),
    # traditional characters
    ("路橋區總工會主席是誰", LUQIAO, "应仲友"),
    ("鳳橋水蜜桃什麼時候上市", NANHU, "7月中旬"),
    ("王暉平當選了什麼", YIWU, "主席"),
    ("葛小青講了什麼內容", HANGZHOU, "电焊"),
    # full-width forms
    ("金华２０２０年推荐全国劳模多少人？", JINHUA, "8人"),
    ("杭工Ｅ家是什么", HANGZHOU, "杭工e家"),
    ("ＡＰＰ上安全讲座的点击量是多少", HANGZHOU, "30万次"),
]

# A name or a programme alone: the model is not sure what about it is asked (p about 0.6-0.8 at a
# threshold of about 0.8), so it may answer with the sentence that holds it or offer questions about it.
KEYWORDS_ALONE = [
    ("浙工缘", LUQIAO), ("浙工元", LUQIAO), ("孔胜东", HANGZHOU), ("王晖平", YIWU), ("马爱芳", JINHUA),
    ("红色工匠", NANXUN), ("万人清扫大行动", JIANDE),
]


# Questions of ANSWERED the shipped model misses, and why (strict: a refit that answers them says so).
KNOWN_MISSES = {
    "王暉平當選了什麼": "since numbers are matched whole (2026-12-06 refit): the ranker puts the sentence of "
                        "王晖平's report (题为《…》) above the one he was elected in, at p 0.77, so it is refused; "
                        "the two fold models give 0.81 and 0.76",
}


@pytest.mark.parametrize(("question", "title", "fact"), [
    pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=f"known miss {KNOWN_MISSES[case[0]]}"))
    if case[0] in KNOWN_MISSES else case for case in ANSWERED])
def test_answers(engine: Engine, question: str, title: str, fact: str) -> None:
    answer = engine.ask(question)
    _check_answered(answer, title, fact)
    _check_verbatim(engine, answer)
    assert answer.reason == ""


@pytest.mark.parametrize(("question", "title"), KEYWORDS_ALONE)
def test_a_keyword_alone_is_answered_or_offered(engine: Engine, question: str, title: str) -> None:
    answer = engine.ask(question)
    name = engine.lexicon.correct(question, engine.segmenter)
    if answer.answered:
        _check_answered(answer, title, name)
        _check_verbatim(engine, answer)
    else:
        assert answer.reason == "unsure", answer.reason
        assert any(name in s.question for s in answer.suggestions), answer.suggestions


@pytest.mark.parametrize("related", [True, False])
def test_a_pair_s_question_with_a_homophone_typo_is_the_pair(engine: Engine, related: bool) -> None:
    """王辉平 is repaired to the knowledge's 王晖平 (same pinyin): the question is then a pair's, word for word."""
    typed, repaired = engine.ask("王辉平是谁", related=related), engine.ask("王晖平是谁", related=related)
    assert typed.answered and (typed.score, typed.pair_id, typed.text) == (1.0, repaired.pair_id, repaired.text)


def test_which_one_question_with_yi(engine: Engine) -> None:
    _check_answered(engine.ask("哪一位劳模讲了公交车安全"), HANGZHOU, "孔胜东")


@pytest.mark.parametrize("question", [
    "杭州市总工会现任主席是哪位",  # the article is about Hangzhou's union school but names no chairman
    "浙江省总工会有几位副主席",
    "2025年浙工缘活动在哪里举办",  # a year no article mentions, of an article that holds the rest
    "上海市总工会开展了什么活动",  # a place no article mentions
    "绍兴的浙工缘活动有多少人参加",
    "丽水市总工会开展了什么安全讲座",
    pytest.param("江苏省总工会主办了什么活动", marks=pytest.mark.xfail(strict=True, reason=(
        "known miss: answered from 由浙江省总工会主办 at p 0.85 (0.82, 0.76-0.77 by earlier fits): 江苏省 is "
        "a name the knowledge lacks, but it shares 江 and 省 with 浙江省, and the rest is the article's"))),
    "张三丰是谁",  # a person no article mentions
    "李明是哪个单位的",
])
def test_what_no_article_mentions_is_refused(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered, (answer.text, answer.score)
    assert answer.text == "" and answer.source is None
    assert answer.reason in ("not_covered", "unsure", "broad")


# --- reading the articles ------------------------------------------------------------------------

def test_what_the_speaker_said_is_answered(engine: Engine) -> None:
    answer = engine.ask("应仲友说路桥区总工会接下来要做什么")
    _check_answered(answer, LUQIAO, "交友联谊平台")
    _check_verbatim(engine, answer)


def test_he_and_she_are_read_as_the_person_named_before(engine: Engine) -> None:
    unit = next(u for u in engine.units if u.kind == "sentence" and u.text.startswith("作为首批第二小组成员"))
    assert "许炳" not in unit.answer and "许炳" in unit.folded  # matched as naming him, quoted verbatim


def test_the_people_the_generator_found_are_names(engine: Engine) -> None:
    assert "洪银花" in engine.lexicon.names and "洪银花" in engine.lexicon.persons
    assert not {"文明", "洪水"} & engine.lexicon.persons  # jieba's guesses at people are not taken


def test_an_article_is_about_its_union_even_when_the_title_is_not(engine: Engine) -> None:
    article = next(a for a in engine.articles if JIANDE in a.full_title)
    assert "建德市总工会" not in article.full_title and "建德市总工会" in engine._built.titles[article.id]


@pytest.mark.parametrize(("question", "title", "fact"), [
    pytest.param("桃花源生态农场的负责人是谁", NANHU, "陈慧春", marks=pytest.mark.xfail(strict=True, reason=(
        "known miss since numbers are matched whole (2026-12-06 refit): the right sentence (嘉兴凤桥生态农场"
        "…总经理…陈慧春: the question's farm is named otherwise there) at p 0.75; fold models 0.67 and 0.80"))),
    ("洪银花在哪条装配线", FENGHUA, "腿部部件装配线"),
    ("志愿者去江滨公园带了哪些工具", JIANDE, "铁锹"),
    ("胡国飞说工会干部要秉持哪几颗心", FENGHUA, "热心"),
])
def test_answers_that_need_the_reading(engine: Engine, question: str, title: str, fact: str) -> None:
    answer = engine.ask(question)
    _check_answered(answer, title, fact)
    _check_verbatim(engine, answer)


@pytest.mark.parametrize("question", [
    "奉化区总工会主席叫什么",  # the article names its vice-chairmen only
    "红色工匠有什么奖金",  # the article never speaks of money (the model of e4801d9 answered at p 0.79)
    "我想退会怎么办",
])
def test_reading_refuses(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered, (answer.text, answer.score)


# --- refusals --------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["", "   ", "\t\n", "？？？", "。。。", "!!!", "\u200b"])
def test_empty(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert (answer.answered, answer.reason, answer.suggestions) == (False, "empty", ())


@pytest.mark.parametrize("question", [
    "你好", "您好！", "HELLO", "Hi!", "ｈｅｌｌｏ", "谢谢", "好的谢谢", "再见！", "在吗？", "早上好～",
    "你叫什么？", "你能做什么", "嗯", "晚安",
])
def test_chitchat(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert (answer.answered, answer.reason, answer.suggestions) == (False, "chitchat", ())


@pytest.mark.parametrize("question", ["谢谢你", "谢谢啦", "哈哈哈"])
def test_chitchat_with_particles(engine: Engine, question: str) -> None:
    assert engine.ask(question).reason == "chitchat"


@pytest.mark.parametrize("question", [
    "asdfgh", "zxcvbnm", "123", "的的的的", "今天天气怎么样", "明天股市会涨吗", "工会会费交多少",
    "如何申请困难职工帮扶",
])
def test_nonsense_and_off_topic_are_not_answered(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.reason in ("not_covered", "unsure")
    assert answer.text == "" and answer.source is None


@pytest.mark.parametrize("question", ["1", "2", "3", "8"])
def test_bare_numbers_are_not_answered(engine: Engine, question: str) -> None:
    assert not engine.ask(question).answered


def test_refusal_reasons_are_the_documented_ones(engine: Engine) -> None:
    for question in ("", "你好", "asdfgh", "工会会费交多少", "浙工缘", "工会有什么活动"):
        answer = engine.ask(question)
        assert answer.reason in ({""} if answer.answered else {"empty", "chitchat", "not_covered", "unsure", "broad"})


# --- suggestions -----------------------------------------------------------------------------------

SUGGESTING = ["王晖平是谁", "工会会费交多少", "金华帮扶了多少人次", "浙工缘",
              "杭州市总干校安全讲座举办了几场", "南湖区总工会副主席是谁", "劳模"]


@pytest.mark.parametrize("question", SUGGESTING)
def test_suggestions_are_few_short_and_resolvable(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert len(answer.suggestions) <= 3
    assert len({s.id for s in answer.suggestions}) == len(answer.suggestions)
    for suggestion in answer.suggestions:
        assert suggestion.id.isascii() and len(suggestion.id.encode()) <= 40, suggestion.id
        assert suggestion.question != answer.matched
        picked = engine.answer_id(suggestion.id)
        assert picked is not None and picked.answered
        assert picked.matched == suggestion.question
        assert picked.source is not None


def test_some_questions_do_suggest(engine: Engine) -> None:
    assert sum(bool(engine.ask(q).suggestions) for q in SUGGESTING) >= 4


def test_unsure_answers_offer_suggestions(engine: Engine) -> None:
    answer = engine.ask("杭州市总干校安全讲座举办了几场")
    if answer.answered:  # good enough to answer now: then it must be the right one
        _check_answered(answer, HANGZHOU, "10场")
    else:
        assert answer.reason == "unsure" and answer.suggestions


def test_unsure_refusals_offer_the_likeliest_passage(engine: Engine) -> None:
    strict = Engine(engine._built, threshold=0.99)
    answer = strict.ask("杭州市总干校安全讲座举办了几场")
    assert not answer.answered and answer.passage is not None
    article = strict.knowledge.articles[answer.passage.article]
    paragraph = article.paragraph(answer.passage.paragraph)
    assert paragraph is not None and "10场" in paragraph.text  # the answer is in the passage offered
    assert answer.passage.title == article.full_title


@pytest.mark.parametrize("question", ["zxcvbnm", "后天要带伞吗", "你好", ""])
def test_hopeless_refusals_offer_no_passage(engine: Engine, question: str) -> None:
    assert engine.ask(question).passage is None


def test_answers_offer_no_passage(engine: Engine) -> None:
    answer = engine.ask("王晖平当选了义乌市总工会什么职务")
    assert answer.answered and answer.passage is None


def _held(query: Query, question: str) -> float:
    return sum(w for word, w in zip(query.content, query.weights, strict=True) if word in question)


def test_a_sentence_is_suggested_by_its_question_nearest_the_members(engine: Engine) -> None:
    """A sentence yields several questions (a person's, a term's); a refusal offers the one that holds
    most of what was asked, not the first made."""
    built, moved = engine._built, 0
    for row in range(len(built.units)):
        pair = built.units[row]
        if pair.kind != "pair" or pair.curated or not member_like(pair_question(pair)):
            continue
        sentence_row = built.sentence_rows.get(sentence_key(pair))
        if sentence_row is None:  # made from the title or the whole article ("…讲了什么？")
            continue
        query = engine.look(pair_question(pair)).query
        chosen = engine.offers.pair_of(built.units[sentence_row], query)
        assert chosen is not None and member_like(pair_question(chosen))
        assert _held(query, pair_question(chosen)) >= _held(query, pair_question(pair)), pair_question(pair)
        moved += chosen.pair != built.units[built.by_sentence.get(sentence_key(pair)) or 0].pair
    assert moved >= 5  # it matters on the seed page: that many questions would get another sentence's first


def test_answer_id_of_an_unknown_id(engine: Engine) -> None:
    assert engine.answer_id("no-such-id") is None
    assert engine.answer_id("") is None


def test_every_pair_resolves_by_its_id_and_quotes_its_paragraph(engine: Engine) -> None:
    assert len(engine.knowledge.pairs) > 50
    for pair in engine.knowledge.pairs:
        sid = pair.id if pair.id.isascii() and len(pair.id) <= 40 else None
        if sid is None:
            continue
        answer = engine.answer_id(sid)
        assert answer is not None and answer.answered and answer.score == 1.0
        assert answer.matched == pair.question
        _check_verbatim(engine, answer)


# --- curated and hidden pairs ----------------------------------------------------------------------

CURATED_QUESTION = "路桥区总工会的主席叫什么名字？"
CURATED_ANSWER = "路桥区总工会党组书记、主席应仲友"
HIDDEN_QUESTION = "孔胜东是谁？"
MASCOT_QUESTION = "工会吉祥物叫什么名字？"  # words no article contains: only the curated pair knows them


@pytest.fixture(scope="module")
def custom(engine: Engine, core_kb: CoreKnowledge, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed knowledge plus a curated pair (whose alternative repeats a generated question) and a
    hidden generated pair."""
    kb = tmp_path_factory.mktemp("custom") / "knowledge"
    shutil.copytree(core_kb.kb, kb)
    luqiao = next(a for a in engine.articles if LUQIAO in a.full_title)
    paragraph = next(p.number for p in luqiao.paragraphs if CURATED_ANSWER in p.text)
    (kb / "curated" / "qa.yaml").write_text(
        "version: 1\nqa:\n"
        "- id: c-luqiao\n"
        f"  question: {CURATED_QUESTION}\n"
        "  alternatives: [路桥区总工会主席是谁？]\n"
        f"  answer: {CURATED_ANSWER}\n"
        f"  source: {{article: {luqiao.id}, paragraph: {paragraph}}}\n"
        "- id: c-mascot\n"
        f"  question: {MASCOT_QUESTION}\n"
        "  answer: 工会的吉祥物叫“小蓝”。\n"
        f"  source: {{article: {luqiao.id}, paragraph: 1}}\n", encoding="utf-8")
    (kb / "curated" / "overrides.yaml").write_text(
        f"version: 1\nhide:\n- {_hidden_id(engine)}\noverride: []\n", encoding="utf-8")
    return Engine.load(kb, cache_dir=core_kb.cache)


def _hidden_id(engine: Engine) -> str:
    return next(p.id for p in engine.knowledge.pairs if p.question == HIDDEN_QUESTION)


def test_generated_pair_asks_the_same_question(engine: Engine) -> None:
    answer = engine.ask("路桥区总工会主席是谁？")
    assert answer.matched == "路桥区总工会主席是谁？"  # the generated pair wins without curation


@pytest.mark.parametrize("question", ["路桥区总工会主席是谁？", "路桥区总工会主席是谁", CURATED_QUESTION])
def test_curated_pair_outranks_generated(custom: Engine, question: str) -> None:
    answer = custom.ask(question)
    assert answer.answered
    assert answer.pair_id == "c-luqiao"
    assert answer.text == CURATED_ANSWER
    assert answer.matched == CURATED_QUESTION
    assert answer.source is not None and LUQIAO in answer.source.title
    _check_verbatim(custom, answer)


@pytest.mark.parametrize("question", [MASCOT_QUESTION, "工会吉祥物叫什么名字", "工會吉祥物叫什麼名字？"])
def test_curated_question_asked_as_written_is_answered(custom: Engine, question: str) -> None:
    answer = custom.ask(question)
    assert (answer.answered, answer.pair_id, answer.score) == (True, "c-mascot", 1.0)


def test_hidden_pair_is_never_returned(engine: Engine, custom: Engine) -> None:
    hidden = _hidden_id(engine)
    assert hidden not in {p.id for p in custom.knowledge.pairs}
    assert custom.answer_id(hidden) is None
    for question in ("孔胜东是谁", "孔胜东", HIDDEN_QUESTION, "全国劳模孔胜东讲了什么", "劳模工匠大讲堂"):
        answer = custom.ask(question)
        assert answer.pair_id != hidden and answer.matched != HIDDEN_QUESTION
        assert hidden not in {s.id for s in answer.suggestions}
        assert HIDDEN_QUESTION not in {s.question for s in answer.suggestions}
        assert all(a.pair_id != hidden for a in custom.search(question, limit=10))
    # The article may still answer from its own sentence (never from the hidden pair).
    answer = custom.ask("孔胜东是谁")
    if answer.answered:
        _check_answered(answer, HANGZHOU, "孔胜东")


@pytest.mark.parametrize("question", ["工会的吉祥物是什么", "吉祥物叫啥名字", "工会吉祥物的名字"])
def test_a_reworded_curated_question_gets_its_pair(custom: Engine, question: str) -> None:
    answer = custom.ask(question)
    assert (answer.answered, answer.pair_id) == (True, "c-mascot"), (answer.reason, answer.score)
    assert answer.text == "工会的吉祥物叫“小蓝”。"


def test_a_curated_pair_is_not_given_to_another_question(custom: Engine) -> None:
    for question in ("拉萨有几家职工书屋", "工会会费交多少", "王晖平是谁"):
        assert custom.ask(question).pair_id not in ("c-mascot", "c-luqiao")


# --- answer fields ---------------------------------------------------------------------------------

ALL_QUESTIONS = [q for q, _, _ in ANSWERED] + SUGGESTING + ["", "你好", "asdfgh", "拉萨有几家职工书屋"]


def test_citation_fields_are_filled(engine: Engine) -> None:
    for question, _, _ in ANSWERED:
        answer = engine.ask(question)
        src = answer.source
        if not answer.answered:
            continue
        assert src is not None
        article = engine.knowledge.articles[src.article]
        assert src.title == article.full_title and src.title
        assert src.byline == article.byline and src.byline
        paragraph = article.paragraph(src.paragraph)
        assert paragraph is not None and paragraph.kind == "text"
        assert src.file == article.file and (REPO / "seeds" / src.file).is_file()
        assert answer.matched
        assert answer.pair_id


def test_scores_are_probabilities(engine: Engine) -> None:
    for question in ALL_QUESTIONS:
        answer = engine.ask(question)
        assert 0.0 <= answer.score <= 1.0
        if answer.answered:
            assert answer.score >= engine.threshold


def test_unanswered_answers_carry_no_text(engine: Engine) -> None:
    for question in ALL_QUESTIONS:
        answer = engine.ask(question)
        if not answer.answered:
            assert (answer.text, answer.source, answer.matched) == ("", None, None)


def test_ask_is_deterministic(engine: Engine) -> None:
    for question in ("王晖平是谁", "安全讲坐一共举办了几场", "工会会费交多少"):
        assert engine.ask(question) == engine.ask(question)


def test_long_questions_are_cut(engine: Engine) -> None:
    answer = engine.ask("王晖平是谁" + "？" * 5000)
    assert len(answer.question) <= MAX_QUESTION
    assert answer.answered
    huge = engine.ask("啊" * 5000)
    assert 0.0 <= huge.score <= 1.0


def test_threshold_decides(core_kb: CoreKnowledge, engine: Engine) -> None:
    strict = Engine.load(core_kb.kb, threshold=0.99, cache_dir=core_kb.cache)
    answer = strict.ask("首批有多少名工会机关干部当一周工人")
    assert not answer.answered and answer.reason in ("unsure", "broad") and answer.suggestions
    assert engine.ask("首批有多少名工会机关干部当一周工人").answered


# --- search ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("limit", [1, 3, 5, 10])
@pytest.mark.parametrize("question", ["劳模", "工会", "王晖平是谁", "浙工缘", "安全讲座"])
def test_search(engine: Engine, question: str, limit: int) -> None:
    results = engine.search(question, limit=limit)
    assert len(results) <= limit
    assert all(a.answered and a.source is not None for a in results)
    if results and results[0].score < CARD_FLOOR:  # a broad query browses its articles' summaries
        assert len({a.source.article for a in results if a.source}) == len(results)
        assert all(a.matched and a.matched.startswith("《") for a in results)  # "《…》讲了什么？"
    places = [(a.source.article, a.source.paragraph) for a in results if a.source]
    assert len(set(places)) == len(places)
    scores = [a.score for a in results]
    assert scores == sorted(scores, reverse=True)
    for answer in results:
        _check_verbatim(engine, answer)


def test_search_finds_something_for_a_good_question(engine: Engine) -> None:
    assert engine.search("首批有多少名工会机关干部当一周工人", limit=3)
    assert len(engine.search("劳模孔胜东讲了什么", limit=3)) >= 1


@pytest.mark.parametrize("question", ["", "asdfgh", "拉萨有几家职工书屋"])
def test_search_finds_nothing(engine: Engine, question: str) -> None:
    assert engine.search(question, limit=5) == []


# --- examples --------------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 3, 5])
def test_examples_are_answered_questions(engine: Engine, count: int) -> None:
    examples = engine.examples(count)
    assert 1 <= len(examples) <= count
    assert len(set(examples)) == len(examples)
    for question in examples:
        assert engine.ask(question).answered, question


# --- what is quoted and shown -----------------------------------------------------------------------

def test_an_answer_quotes_at_most_two_sentences_of_one_article(engine: Engine) -> None:
    for question, _, _ in ANSWERED:
        answer = engine.ask(question)
        if answer.answered and answer.pair_id and "#p" in answer.pair_id:  # a sentence answer
            _check_verbatim(engine, answer)
            assert len(answer.text) <= max(TWO_SENTENCES, max(map(len, _sentences(engine, answer))))


@pytest.mark.parametrize(("answers", "text"), [
    (["甲说得好。", "乙也来了。"], "甲说得好。乙也来了。"),
    (["“好。”乙表示,很开心。", "乙表示,很开心。"], "“好。”乙表示,很开心。"),  # a quotation holds its speaker's sentence
    (["乙表示,很开心。", "“好。”乙表示,很开心。"], "“好。”乙表示,很开心。"),
    (["同一句。", "同一句。"], "同一句。"),
])
def test_joined_says_each_sentence_once(answers: list[str], text: str) -> None:
    assert _joined(answers) == text


def test_no_answer_repeats_a_sentence(engine: Engine) -> None:
    # A quotation is one unit with the sentence naming its speaker, and that sentence is a unit of its
    # own: quoted together as best and runner-up, it was said twice.
    # Each sentence asked as it stands finds itself and its look-alikes (a quotation's two units).
    engine = Engine(engine._built, threshold=0.0)
    asked = [s[:MAX_QUESTION] for a in engine.knowledge.articles.values() for p in a.paragraphs for s in p.sentences]
    for question in asked:
        answer = engine.ask(question)
        for sentence in _sentences(engine, answer) if answer.answered and answer.source else []:
            assert answer.text.count(sentence) == 1, (question, answer.text)


def _sentences(engine: Engine, answer: Answer) -> list[str]:
    assert answer.source is not None
    article = engine.knowledge.articles[answer.source.article]
    return [s for p in article.paragraphs for s in p.sentences if s in answer.text]


@pytest.mark.parametrize("question", [*SUGGESTING, "工会有什么活动", "劳模"])
def test_suggestions_read_as_a_member_would_ask(engine: Engine, question: str) -> None:
    for suggestion in engine.ask(question).suggestions:
        assert member_like(suggestion.question), suggestion.question


@pytest.mark.parametrize("count", [3, 8])
def test_examples_read_as_a_member_would_ask(engine: Engine, count: int) -> None:
    assert all(member_like(q) for q in engine.examples(count))


def test_examples_name_the_union_when_an_article_has_such_a_question(engine: Engine) -> None:
    examples = engine.examples(len(engine.articles))  # one quantity question per article, where it has one
    for article in engine.articles:
        shown = [p.question for p in engine.knowledge.pairs if p.source.article == article.id
                 and p.kind == "quantity" and member_like(p.question)]
        if any(names_union_first(q) for q in shown):
            assert any(q in examples and names_union_first(q) for q in shown), (article.title, shown)


@pytest.mark.parametrize(("question", "title"), [
    ("金华 文明城市 得分", JINHUA), ("浙工缘 地点", LUQIAO), ("红色工匠 培育 人数", NANXUN),
])
def test_keyword_queries_are_answered_or_offered(engine: Engine, question: str, title: str) -> None:
    """Key words are answered from the article that holds them all, or questions about it are offered."""
    answer = engine.ask(question)
    if answer.answered:
        assert answer.source is not None and title in answer.source.title
        _check_verbatim(engine, answer)
    else:
        assert answer.reason == "unsure" and answer.suggestions, (answer.reason, answer.score)


def test_a_broad_question_offers_the_articles_that_answer_it(engine: Engine) -> None:
    answer = engine.ask("工会有什么活动")
    assert not answer.answered and answer.reason == "broad", (answer.reason, answer.text)
    assert 2 <= len(answer.suggestions) <= 3
    for suggestion in answer.suggestions:
        chosen = engine.answer_id(suggestion.id)
        assert chosen is not None and chosen.answered and chosen.source is not None
        assert suggestion.question.startswith("《") and suggestion.question.endswith("讲了什么？")
    assert len({s.question for s in answer.suggestions}) == len(answer.suggestions)


def test_junk_is_refused(engine: Engine) -> None:
    import sys

    sys.path.insert(0, str(REPO))
    from benchmarks import junk

    answered = [q for q in junk.generate(20260101, 140) if engine.ask(q).answered]
    assert answered == []


# --- cache -------------------------------------------------------------------------------------------

def _copy(core_kb: CoreKnowledge, tmp_path: Path) -> tuple[Path, Path]:
    kb = tmp_path / "knowledge"
    shutil.copytree(core_kb.kb, kb)
    return kb, tmp_path / "cache"


def _no_build(*_: object, **__: object) -> None:
    raise AssertionError("the index was rebuilt although the cache holds it")


def test_cache_hit_and_invalidation(core_kb: CoreKnowledge, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """One copy of the knowledge walks through the cache's life (each rebuild costs a second)."""
    kb, cache = _copy(core_kb, tmp_path)
    first = Engine.load(kb, cache_dir=cache)
    assert len(list(cache.glob("kb-*"))) == 1
    with monkeypatch.context() as patched:
        patched.setattr("bot.index.cache.build", _no_build)  # where load_built looks it up
        # the same files: a cache hit, with the same answers
        second = Engine.load(kb, cache_dir=cache)
        for question in ("王晖平是谁", "安全讲坐一共举办了几场", "asdfgh", "工会会费交多少"):
            assert second.ask(question) == first.ask(question)
        # a changed file: rebuilt
        synonyms = kb / "curated" / "synonyms.yaml"
        original = synonyms.read_text(encoding="utf-8")
        synonyms.write_text(original + "- [讲座, 讲堂]\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="rebuilt"):
            Engine.load(kb, cache_dir=cache)
        # a new file: rebuilt
        synonyms.write_text(original, encoding="utf-8")
        assert Engine.load(kb, cache_dir=cache).knowledge.synonyms == first.knowledge.synonyms  # hit again
        (kb / "curated" / "more.yaml").write_text("version: 1\nsynonyms:\n- [讲座, 讲堂]\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="rebuilt"):
            Engine.load(kb, cache_dir=cache)
    changed = Engine.load(kb, cache_dir=cache)
    assert ("讲座", "讲堂") in changed.knowledge.synonyms
    assert len(list(cache.glob("kb-*"))) == 2
    # an unreadable cache file is rebuilt, not an error
    for path in cache.glob("kb-*"):
        path.write_bytes(b"not a pickle")
    assert Engine.load(kb, cache_dir=cache).ask("王晖平是谁").answered


def test_reload_of_edited_article_text(engine: Engine, core_kb: CoreKnowledge, tmp_path: Path) -> None:
    assert engine.ask("王晖平是谁").answered  # the old text is now in the process-wide caches
    kb, cache = _copy(core_kb, tmp_path)
    for path in (kb / "generated").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("王晖平", "王晖明"), encoding="utf-8")
    edited = Engine.load(kb, cache_dir=cache)
    _check_answered(edited.ask("王晖明是谁"), "义乌市总工会主席", "王晖明")


def test_engines_over_different_knowledge_segment_independently(engine: Engine, core_kb: CoreKnowledge,
                                                                tmp_path: Path) -> None:
    """Each engine cuts with its own copy of jieba's dictionary and its knowledge's names: loading
    another knowledge base changes nothing for the engine already answering."""
    questions = ["王晖平是谁", "王晖明是谁", "路桥区总工会党组书记是谁", "安全讲坐一共举办了几场"]
    before = [(engine.segmenter.known(q), engine.ask(q)) for q in questions]
    kb, cache = _copy(core_kb, tmp_path)
    for path in (kb / "generated").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("王晖平", "王晖明"), encoding="utf-8")
    other = Engine.load(kb, cache_dir=cache)
    assert "王晖明" in other.lexicon.names and "王晖明" not in engine.lexicon.names
    assert ("王晖明", "nz") in other.segmenter.known("王晖明是谁")
    assert ("王晖明", "nz") not in engine.segmenter.known("王晖明是谁")
    assert [(engine.segmenter.known(q), engine.ask(q)) for q in questions] == before


def test_related_false_gives_the_same_answer_without_other_questions(engine: Engine) -> None:
    pair = engine.knowledge.pairs[0]
    for question in (pair.question, "劳模工匠大讲堂讲了什么"):
        full, bare = engine.ask(question), engine.ask(question, related=False)
        assert (bare.answered, bare.text, bare.source) == (full.answered, full.text, full.source)
        assert bare.score == full.score
        assert bare.suggestions == () or not bare.answered
    assert engine.ask(pair.question).suggestions  # beside an exact answer, other questions are offered


def test_the_answering_core_imports_no_telegram(core_kb: CoreKnowledge) -> None:
    """``ask``, ``chat`` and the bot share one answering path: loading and asking it must not pull in
    python-telegram-bot (in a fresh process: this one has imported it for other tests)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from bot.answer.engine import Engine; "
            f"e = Engine.load(Path({str(core_kb.kb)!r}), cache_dir=Path({str(core_kb.cache)!r})); "
            "e.ask('工会'); print(sorted(m for m in sys.modules if m.split('.')[0] == 'telegram'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                          env={**os.environ, "UNIONBOT_CACHE_DIR": str(core_kb.cache)})
    assert done.stdout.strip() == "[]"


def test_an_answer_that_quotes_a_cut_off_sentence_says_so(engine: Engine) -> None:
    article = next(a for a in engine.articles if any(p.truncated for p in a.paragraphs))
    paragraph = next(p for p in article.paragraphs if p.truncated)
    units = [u for u in engine.units if u.kind == "sentence" and u.article == article.id
             and u.paragraph == paragraph.number]
    assert [_cut_off(article, u) for u in units] == [u.answer.endswith(paragraph.sentences[-1]) for u in units]
    assert any(_cut_off(article, u) for u in units)
    last = next(u for u in units if _cut_off(article, u))
    assert engine._cited("?", (last,), 1.0).truncated and engine._pair_answer(last, "?", 1.0).truncated


# --- stories of our own beside the seed page -------------------------------------------------------

OWN_SEEDS = {
    # written as questions and answers, each its own line
    "qa.txt": """职工疗休养怎么报名？市总工会一问一答
本报讯（记者 林晓）今年的职工疗休养活动开始报名。记者就报名的几个问题采访了市总工会职工服务部。
问：哪些职工可以报名？
答：在本市工会登记的在职会员，连续工作满三年的，均可报名。
问：疗休养去哪里？
答：今年安排在千岛湖和莫干山两处基地，每期五天。
问：费用怎么算？
答：食宿和交通费用由市总工会承担，职工个人不需缴费。
""",
    # two stories of one union, each naming one of its vice-chairs: both make 海宁市总工会副主席是谁？
    "books.txt": """海宁市总工会评出12家示范职工书屋
本报讯（通讯员 陈立）近日，海宁市总工会公布了今年的示范职工书屋名单。
海宁市总工会副主席沈晓红介绍，今年共评出示范书屋12家，每家补助图书经费1万元。
""",
    # a contest that says nothing of its next time, and a course that does (bot.answer.vetoes)
    "contest.txt": """青溪市第五届职工叉车技能比武落幕
本报讯（记者 罗晓岚）10月18日，青溪市第五届职工叉车技能比武在市物流园落幕，来自26家企业的58名叉车司机参赛。
经过理论考试和实际操作两轮角逐，青溪港务集团的周立新获得第一名，被授予“青溪市技术能手”称号。
""",
    "course.txt": """白沙县第三期电工技能培训班结业
本报讯（通讯员 卢晓鸥）9月26日，白沙县总工会第三期电工技能培训班在县职工服务中心结业，45名学员取得证书。
县总工会表示，第四期培训班将于11月15日开班，报名截至11月5日。
""",
    # a hotline without its number, and stations counted, not named (bot.answer.vetoes)
    "hotline.txt": """白沙区总工会开通职工心理援助热线
本报讯（通讯员 卢晓鸥）近日，白沙区总工会开通职工心理援助热线，职工可拨打区总工会心理援助热线预约免费心理咨询。
区总工会还在全区设立了12个职工心理服务站，每个服务站配备2名心理咨询师。
""",
    "badminton.txt": """海宁市职工羽毛球赛开幕
本报讯（记者 何平）10月8日，海宁市职工羽毛球赛在市体育馆开幕，来自42家单位的300余名职工参赛。
海宁市总工会副主席王建国表示，比赛为期三天，设男女单打、双打和混合团体5个项目。
""",
}


@pytest.fixture(scope="module")
def own(core_kb: CoreKnowledge, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed page plus :data:`OWN_SEEDS`, built as an operator builds them."""
    from bot.knowledge.build import build_knowledge

    root = tmp_path_factory.mktemp("own")
    shutil.copytree(REPO / "seeds", root / "seeds")
    for name, text in OWN_SEEDS.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    build_knowledge(root / "seeds", root / "knowledge")
    return Engine.load(root / "knowledge", cache_dir=root / "cache")


def test_an_interview_question_is_answered_by_its_answer(own: Engine) -> None:
    # The words are the question's ("问：疗休养去哪里？", paragraph 4), the fact is the next line's:
    # the two are read as one sentence, cited where the answer is.
    answer = own.ask("疗休养去哪里")
    _check_answered(answer, "疗休养", "千岛湖和莫干山")
    assert answer.text.startswith("问：疗休养去哪里？答：")
    assert answer.source is not None and answer.source.paragraph == 5


@pytest.mark.parametrize("related", [True, False])
def test_a_question_several_stories_make_is_not_looked_up(own: Engine, related: bool) -> None:
    made = [p for p in own.knowledge.pairs if p.question == "海宁市总工会副主席是谁？"]
    assert len({p.source.article for p in made}) == 2
    answer = own.ask("海宁市总工会副主席是谁", related=related)  # which one? the member is asked to choose
    assert (answer.answered, answer.reason) == (False, "broad"), answer.text
    assert sorted(s.question for s in answer.suggestions) == ["《海宁市总工会评出12家示范职工书屋》讲了什么？",
                                                              "《海宁市职工羽毛球赛开幕》讲了什么？"]
    answer = own.ask("沈晓红是谁", related=related)  # one story makes this one: it stays a lookup
    assert (answer.answered, answer.score, answer.matched) == (True, 1.0, "沈晓红是谁？")


def test_a_programme_two_stories_explain_offers_both(engine: Engine) -> None:
    # Both stories of the seed page about 当一周工人 make the pair 什么是当一周工人？ from their own
    # sentences: neither is looked up, and the two stories are offered (no other key word is shared).
    made = {p.source.article for p in engine.knowledge.pairs if p.question == "什么是当一周工人？"}
    answer = engine.ask("什么是当一周工人？")
    assert (answer.answered, answer.reason, len(made)) == (False, "broad", 2)
    offered = [s.question for s in answer.suggestions]
    assert len(offered) == 2 and all(q.startswith("《") and q.endswith("》讲了什么？") for q in offered)
    chosen = [engine.answer_id(s.id) for s in answer.suggestions]
    assert {a.source.article for a in chosen if a is not None and a.source is not None} == made


@pytest.mark.parametrize("related", [True, False])
def test_a_generated_question_is_looked_up_only_where_the_ranker_agrees(core_kb: CoreKnowledge, related: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine.load(core_kb.kb, cache_dir=core_kb.cache)  # its own: look is replaced below
    pair = next(p for p in engine.knowledge.pairs if p.kind == "person")
    assert (engine.ask(pair.question, related=related).score, engine.ask(pair.question).matched) == (1.0, pair.question)
    # Were another story's sentence the ranker's first, the question fits that story too: the model judges.
    seen = engine.look(pair.question)
    others = [r for r in seen.ranked if r[1].unit.article != pair.source.article]
    monkeypatch.setattr(engine, "look", lambda question: replace(seen, ranked=others))
    answer = engine.ask(pair.question, related=related)
    assert answer.score != 1.0 and answer.matched != pair.question


def test_a_question_about_another_time_needs_a_sentence_that_speaks_of_one(own: Engine) -> None:
    # The contest's story tells this year's winner and date, not the next contest's: answering 下一届 with
    # them would be a confident wrong answer. The course's story tells its next term: that is answered.
    asked = "叉车技能比武下一届什么时候举办"
    assert own.ask(asked, vetoes=False).answered  # what the veto stops
    answer = own.ask(asked)
    assert not answer.answered and answer.reason == "unsure", answer.text
    _check_answered(own.ask("电工技能培训班下一期什么时候开班"), "电工技能培训班", "11月15日")
    # inline, the contest's sentences are no cards either (the stories holding the words alike are browsed,
    # here none), while its own question finds them
    assert not any("周立新" in card.text or "10月18日" in card.text for card in own.search(asked))
    assert any("周立新" in card.text for card in own.search("叉车技能比武谁得了第一名"))


def test_a_list_the_story_does_not_give_is_refused(own: Engine) -> None:
    # The hotline's story counts its stations without naming them: the sentence that counts them would be
    # quoted without the vetoes. (Its missing number is refused by the model already: test_vetoes.)
    asked = "12个心理服务站都在哪些地方"
    assert own.ask(asked, vetoes=False).answered
    answer = own.ask(asked)
    assert not answer.answered and answer.reason == "unsure", answer.text
