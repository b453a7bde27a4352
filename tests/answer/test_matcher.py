"""bot.answer.matcher: the evidence and confidence for one candidate (reading a question: answer/test_question.py).

Uses the lexicon of the engine built from seeds/ (the ``engine`` fixture in conftest.py), so
questions are read exactly as the bot reads them.
"""

from __future__ import annotations

import pytest

from bot.answer.engine import Engine
from bot.answer.matcher import (
    Evidence,
    _share,
    confidence,
    coverage,
    credits,
    first_look,
    surroundings,
    weigh,
)
from bot.answer.model import default_model
from bot.answer.question import Query, read_query
from bot.core.model import Unit
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Segmenter
from bot.nlp.text import squash

WEIGHTS = default_model().candidate  # stage 1 of the fitted model


def _read(engine: Engine, question: str) -> Query:
    return engine.read(question)


def _sentence(text: str, article: str = "a1") -> Unit:
    return Unit("sentence", -1, article, 1, 1, text, text)


def _weigh(engine: Engine, question: str, answer: str, *, article: str | None = None,
           title: str = "") -> Evidence:
    article_text = squash(title + (answer if article is None else article))
    query = _read(engine, question)
    around = surroundings(query, context=squash(title), paragraph=squash(answer), article_text=article_text)
    return weigh(query, _sentence(answer), around, lexicon=engine.lexicon)


def test_a_number_must_stand_by_what_is_counted(engine: Engine) -> None:
    # "她和丈夫两个人" is a number, but no 号码: a phone number is not in the sentence.
    sentence = "市区联华连锁超市职工王阿姨说,她和丈夫两个人有空都会报名去参加。"
    assert not _weigh(engine, "王阿姨的电话号码是多少", sentence).type_ok
    assert _weigh(engine, "企业工会监督组织覆盖率是多少", "企业工会监督组织覆盖率达到93%。").type_ok


def test_a_sentence_without_the_kind_asked_for_does_not_answer(engine: Engine) -> None:
    sentence = "即用三年时间,在非公有企业中培育40名又红又专的“红色工匠”。"
    assert not _weigh(engine, "红色工匠有什么奖金", sentence).names_ok
    assert _weigh(engine, "红色工匠培育的是什么标兵", sentence + "打造一批非公企业红色技术标兵。").names_ok


def test_a_head_is_answered_by_any_office(engine: Engine) -> None:
    sentence = "嘉兴凤桥生态农场有限公司总经理陈慧春带领桃花源生态农场逆势而上。"
    assert _weigh(engine, "嘉兴凤桥生态农场的负责人是谁", sentence).names_ok


def test_a_vice_chairman_is_no_chairman(engine: Engine) -> None:
    sentence = "作为“新员工”的宁波奉化区总工会副主席戚仕张还是成了车间里工作速度最慢的“后进生”。"
    assert not _weigh(engine, "奉化区总工会主席叫什么", sentence).names_ok
    assert _weigh(engine, "奉化区总工会副主席是谁", sentence).names_ok


def test_a_thin_question_is_never_fully_covered(engine: Engine) -> None:
    # Only 退 is left of "我想退会怎么办"; one character found in 退却 must not look like an answer.
    query = _read(engine, "我想退会怎么办")
    assert coverage(query, squash("洪水慢慢退却")) < 0.6


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_full_partial_and_none(engine: Engine) -> None:
    query = _read(engine, "路桥区总工会主席是谁")
    assert coverage(query, squash("路桥区总工会党组书记、主席应仲友说道。")) == pytest.approx(1.0)
    partial = coverage(query, squash("路桥区总工会将会继续提升相关工作开展的质量"))
    assert 0.0 < partial < 1.0
    assert coverage(query, squash("凤桥水蜜桃是当地有名的特产")) == 0.0


def test_coverage_counts_synonyms(segmenter: Segmenter) -> None:
    lexicon = Lexicon.build([], segmenter=segmenter, synonyms=[["劳模", "劳动模范"]])
    query = read_query("劳动模范", lexicon, segmenter)
    assert coverage(query, squash("全国劳模8人")) == pytest.approx(1.0)


def test_coverage_credits_names_elsewhere_in_the_article(engine: Engine) -> None:
    query = _read(engine, "路桥区总工会主席是谁")
    alone = coverage(query, squash("主席应仲友说道"))
    with_article = coverage(query, squash("主席应仲友说道"), article_text=squash("路桥区总工会"))
    assert with_article > alone


def test_coverage_of_a_question_without_content_is_zero(engine: Engine) -> None:
    assert coverage(_read(engine, "是什么？"), "任何文字") == 0.0


# --- evidence and confidence ------------------------------------------------------------------------

def test_a_name_the_article_does_not_mention_blocks_the_answer(engine: Engine) -> None:
    sentence = "大会选举王晖平为义乌市总工会主席。"
    good = _weigh(engine, "义乌市总工会主席是谁", sentence)
    assert good.names_ok and confidence(good, WEIGHTS) > 0.3
    other_city = _weigh(engine, "温州市总工会主席是谁", sentence)
    assert not other_city.names_ok
    assert confidence(other_city, WEIGHTS) == 0.0
    other_year = _weigh(engine, "2019年推荐了多少全国劳模", "2020年推荐全国劳模8人。")
    assert confidence(other_year, WEIGHTS) == 0.0


def test_who_question_needs_the_organisation_in_the_sentence(engine: Engine) -> None:
    # The article names 台州市总工会, but the chairman in this sentence is another union's.
    article = "台州市总工会、路桥区总工会联合协办。路桥区总工会党组书记、主席应仲友说道。"
    evidence = _weigh(engine, "台州市总工会主席是谁", "路桥区总工会党组书记、主席应仲友说道。", article=article)
    assert not evidence.names_ok


def test_how_question_needs_its_verb(engine: Engine) -> None:
    evidence = _weigh(engine, "怎么报名参加浙工缘活动", "“浙工缘”青年职工交友活动在凉溪村文化礼堂举行。")
    assert not evidence.names_ok


@pytest.mark.parametrize(("question", "answer", "ok"), [
    ("首批有几位工会干部", "首批12名工会机关干部分4个小组分别进入企业。", True),
    ("安全讲座办了几场", "该系列讲座共举办10场。", True),
    ("安全讲座有几位劳模", "该系列讲座共举办10场。", False),
    ("凤桥水蜜桃什么时候上市", "7月中旬是凤桥水蜜桃集中上市期。", True),
    ("凤桥水蜜桃什么时候上市", "凤桥水蜜桃是当地有名的特产。", False),
    ("应仲友担任什么职务", "路桥区总工会党组书记、主席应仲友说道。", True),
    ("浙工缘活动在哪里举行", "活动在路桥区桐屿街道凉溪村文化礼堂举行。", True),
    ("交友活动设置了哪些环节", "本次活动共设置了“缘来是你”“幸福花开”“夏日物语”等环节。", True),
    ("志愿者带了哪些工具", "带上扫把、铁锹等工具,前往江滨公园。", True),
    ("工会干部要秉持哪几颗心", "要秉持一颗学习的热心、吃苦的决心、服务的初心。", True),
    ("讲座有哪些主题", "讲座以“安全生产”“安全知识”为主题。", False),  # quoted side by side: one theme
    ("洪银花做工会工作多久了", "工作不到两年的“工会新兵”洪银花有些兴奋地说道。", True),
    ("工作人员戴什么颜色的帽子", "现场工作人员都戴着红帽子。", True),
    ("工作人员戴什么颜色的帽子", "现场工作人员都戴着帽子。", False),
    ("施老怎么评价金华", "困难职工施老动情地说,生活在金华,心里感到十分温暖。", True),
    ("应仲友说了什么", "路桥区总工会党组书记、主席应仲友说道。", False),  # who spoke, not what was said
    ("新安江水电站是哪一年建成的", "近日,建德市新安江水电站第一次9孔泄洪。", False),  # 近日 says no year
    ("金华从哪一年开始创建文明城市", "自2014年金华正式启动全国文明城市创建以来。", True),
    ("义乌市总工会代表大会是哪天召开的", "7月10日,义乌市总工会第十八次代表大会召开。", True),
    ("义乌市总工会代表大会是哪天召开的", "近日,义乌市总工会第十八次代表大会召开。", False),
])
def test_type_of_answer(engine: Engine, question: str, answer: str, ok: bool) -> None:
    assert _weigh(engine, question, answer).type_ok is ok


def test_local_coverage_does_not_reward_repeating_the_title(engine: Engine) -> None:
    # Both sentences sit under the same title; the one that answers has the rest of the question.
    title = "杭州市总干校进企宣讲 邀劳模工匠 话安全"
    repeats = _weigh(engine, "杭州市总干校的讲座办了几场", "市总干校网站刊登了安全系列讲座的相关内容,点击量达30万次。",
                     title=title)
    answers = _weigh(engine, "杭州市总干校的讲座办了几场", "该系列讲座共举办10场。", title=title)
    assert answers.local > repeats.local


def test_the_title_counts_in_every_window(engine: Engine) -> None:
    question, sentence = "金华帮扶了多少人次", "据统计,近三年来,累计发放助学救助409.95万元,帮扶7968人次;"
    assert _weigh(engine, question, sentence, title="金华市总工会").window > _weigh(engine, question, sentence).window


def test_confidence_is_a_probability_that_grows_with_evidence() -> None:
    low = Evidence(coverage=0.2, local=0.1, similarity=0.0, type_ok=False, names_ok=True, paragraph=0.2)
    high = Evidence(coverage=1.0, local=1.0, similarity=0.9, type_ok=True, names_ok=True, paragraph=1.0, pair=True)
    assert 0.0 < confidence(low, WEIGHTS) < confidence(high, WEIGHTS) < 1.0
    for field in ("coverage", "local", "paragraph", "similarity"):
        base = Evidence(0.5, 0.5, 0.5, True, True, 0.5)
        more = base._replace(**{field: 0.9})
        assert confidence(more, WEIGHTS) > confidence(base, WEIGHTS), field
    typed, untyped = Evidence(1.0, 1.0, 1.0, True, True, 1.0), Evidence(1.0, 1.0, 1.0, False, True, 1.0)
    assert confidence(typed, WEIGHTS) > confidence(untyped, WEIGHTS)


def test_no_confidence_without_names() -> None:
    assert confidence(Evidence(1.0, 1.0, 1.0, True, False, 1.0, True), WEIGHTS) == 0.0


def test_pair_similarity_uses_its_question(engine: Engine) -> None:
    unit = Unit("pair", 0, "a1", 1, 1, "路桥区总工会主席是谁？\n谁是路桥区总工会主席？", "主席应仲友说道。")
    query = _read(engine, "路桥区总工会主席是谁？")
    around = surroundings(query, context="", paragraph="", article_text=squash("路桥区总工会主席应仲友"))
    evidence = weigh(query, unit, around, lexicon=engine.lexicon)
    assert evidence.pair and evidence.similarity == pytest.approx(1.0)


_LECTURES = "杭州市总干校进企宣讲 邀劳模工匠 话安全"


@pytest.mark.parametrize(("question", "answer", "title"), [
    ("杭州安全讲座请了几位劳模工匠", "10位劳模工匠用自己几十年的经验,讲解了安全知识。", _LECTURES),
    ("杭州安全讲座请了几位劳模工匠", "宣讲活动以“劳模工匠大讲堂”为依托。", _LECTURES),
    ("金华工会开展了哪些帮扶活动", "深入困难职工家庭,开展送温暖、金秋助学等帮扶活动。", "金华市总工会"),
    ("路桥区总工会主席是谁", "主席应仲友说道。", ""),
    ("你好", "主席应仲友说道。", ""),  # no key word at all
])
def test_first_look_is_the_cheap_part_of_the_confidence_model(engine: Engine, question: str, answer: str,
                                                              title: str) -> None:
    query = _read(engine, question)
    unit = _sentence(answer)
    around = surroundings(query, context=squash(title), paragraph=squash(answer), article_text=squash(title + answer))
    look = first_look(query, unit, around.context_credits, 0.5, WEIGHTS)
    evidence = weigh(query, unit, around, lexicon=engine.lexicon)
    # The same local coverage and answer type as weigh finds on its own, so weigh may reuse them.
    assert (look.local, look.type_ok) == (evidence.local, evidence.type_ok)
    assert weigh(query, unit, around, lexicon=engine.lexicon, look=look) == evidence
    typed = float(evidence.type_ok)
    expected = (WEIGHTS["coverage"] * _share(query, tuple(map(max, look.mine, around.context_credits)))
                + WEIGHTS["local"] * look.local + WEIGHTS["type"] * typed + WEIGHTS["type_local"] * typed * look.local
                + WEIGHTS["retrieval"] * 0.5)
    assert look.logit == pytest.approx(expected)


def test_first_look_prefers_the_candidate_that_holds_the_kind_of_answer(engine: Engine) -> None:
    # Both sentences hold every key word (the title holds them all): only the count tells them apart.
    query = _read(engine, "杭州安全讲座请了几位劳模工匠")
    title = credits(query, squash(_LECTURES))
    counted = first_look(query, _sentence("10位劳模工匠用自己几十年的经验,讲解了安全知识。"), title, 0.5, WEIGHTS)
    other = first_look(query, _sentence("宣讲活动以“劳模工匠大讲堂”为依托,邀请劳模工匠送上安全讲座。"), title, 0.5,
                       WEIGHTS)
    assert counted.logit > other.logit
