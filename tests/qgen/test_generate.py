"""Generated Q&A pairs: extractive, cited, deterministic, and generic beyond the seed page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.model import Article, Paragraph, QAPair, article_id, pair_id
from bot.ingest.pages import parse_page
from bot.nlp.orgs import tokens
from bot.qgen.generate import generate_pairs
from bot.qgen.patterns import QTY_RE, clause_run, name_at

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5287d6df03cc26e1.txt"
KINDS = ("quantity", "person", "role", "place", "organiser", "date", "programme", "summary")  # what the finders make
pytestmark = pytest.mark.usefixtures("segmenter")


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return parse_page(SEED.read_text(encoding="utf-8"), file=SEED.name)


@pytest.fixture(scope="module")
def pairs(articles: list[Article]) -> dict[str, list[QAPair]]:
    return {a.id: generate_pairs(a) for a in articles}


def _by_title(articles: list[Article], pairs: dict[str, list[QAPair]],
              title: str) -> tuple[Article, list[QAPair]]:
    article = next(a for a in articles if title in a.full_title)
    return article, pairs[article.id]


def _split(text: str) -> tuple[str, ...]:
    return tuple(s for s in re.split(r"(?<=[。！？；])", text) if s)


def _article(title: str, texts: list[str], subtitles: tuple[str, ...] = ()) -> Article:
    paragraphs = tuple(Paragraph(i, t, _split(t)) for i, t in enumerate(texts, start=1))
    return Article(id=article_id("invented.txt", title), file="invented.txt", title=title,
                   subtitles=subtitles, byline="本报讯 通讯员张明报道", reporters=(),
                   correspondents=("张明",), paragraphs=paragraphs)


INVENTED = _article("宁海职工比技能", [
    "近日，由宁海县总工会主办，宁海县人力社保局协办的“匠心宁海”职工技能大赛在宁海县职业教育中心举行。"
    "来自全县45家企业的320名职工参加了比赛。",
    "宁海县总工会党组书记、主席周建华在开幕式上表示，技能大赛是职工展示技艺的舞台。",
    "本次大赛共设置电工、焊工、数控车工等8个比赛项目，奖金总额达到15万元。",
    "5月20日，宁海县总工会还启动了“技能提升”行动计划，计划用三年时间培训职工5000人次。",
], subtitles=("“匠心宁海”职工技能大赛开赛",))


@pytest.mark.parametrize(("title", "minimum"), [
    ("冲锋号", 20), ("缘聚古道凉溪", 8), ("杭州市总干校", 8), ("王晖平当选", 8),
    ("湖州南浔", 8), ("灾后自救战", 6), ("当一周工人 体工会初心", 8), ("家乡特产的搬运工", 6),
])
def test_every_article_yields_pairs(articles: list[Article], pairs: dict[str, list[QAPair]], title: str,
                                    minimum: int) -> None:
    _, generated = _by_title(articles, pairs, title)
    assert len(generated) >= minimum


def test_answers_are_verbatim_and_cited(articles: list[Article], pairs: dict[str, list[QAPair]]) -> None:
    for article in articles:
        for pair in pairs[article.id]:
            paragraph = article.paragraph(pair.source.paragraph)
            assert paragraph is not None and paragraph.kind == "text", pair
            assert pair.source.article == article.id
            assert pair.answer in paragraph.text, pair
            assert pair.source.sentence is not None and 1 <= pair.source.sentence <= len(paragraph.sentences)
            sentence = paragraph.sentences[pair.source.sentence - 1].lstrip("”’")
            assert pair.answer in sentence or pair.answer.startswith(sentence), pair
            assert not (paragraph.truncated and pair.source.sentence == len(paragraph.sentences)), pair


def test_pairs_are_well_formed(articles: list[Article], pairs: dict[str, list[QAPair]]) -> None:
    for article in articles:
        questions = [p.question for p in pairs[article.id]]
        assert len(questions) == len(set(questions))
        for pair in pairs[article.id]:
            assert pair.question.endswith("？") and len(pair.question) >= 4
            assert pair.id == pair_id(article.id, pair.question)
            assert pair.kind in KINDS and pair.origin == "generated"
            assert len(pair.alternatives) <= 3 and pair.question not in pair.alternatives
            assert all(alt.endswith("？") for alt in pair.alternatives)


def test_ids_are_unique_across_the_page(pairs: dict[str, list[QAPair]]) -> None:
    ids = [p.id for group in pairs.values() for p in group]
    assert len(ids) == len(set(ids))


def test_generation_is_deterministic(articles: list[Article], pairs: dict[str, list[QAPair]]) -> None:
    tokens.cache_clear()
    assert {a.id: generate_pairs(a) for a in articles} == pairs


def test_one_summary_per_article(articles: list[Article], pairs: dict[str, list[QAPair]]) -> None:
    for article in articles:
        summaries = [p for p in pairs[article.id] if p.kind == "summary"]
        assert len(summaries) == 1
        assert summaries[0].question.endswith("》讲了什么？") and summaries[0].source.paragraph <= 2
        assert summaries[0] is pairs[article.id][0]


@pytest.mark.parametrize(("title", "kind", "in_question", "in_answer"), [
    ("冲锋号", "quantity", "《工会劳动法律监督意见书》", "317份"),
    ("冲锋号", "quantity", "劳动争议纠纷", "2607起"),
    ("冲锋号", "person", "马爱芳", "主任马爱芳"),
    ("冲锋号", "organiser", "孝心职工", "联合开展"),
    ("王晖平当选", "person", "王晖平", "主席"),
    ("王晖平当选", "role", "市总工会主席", "选举王晖平为义乌市总工会主席"),
    ("王晖平当选", "role", "义乌市总工会兼职副主席", "李二桥"),
    ("王晖平当选", "date", "第十八次代表大会", "7月10日"),
    ("缘聚古道凉溪", "programme", "浙工缘", "“浙工缘”青年职工交友活动"),
    ("缘聚古道凉溪", "organiser", "由谁主办", "由浙江省总工会主办"),
    ("缘聚古道凉溪", "place", "在哪里举行", "凉溪村文化礼堂"),
    ("缘聚古道凉溪", "role", "路桥区总工会主席是谁", "应仲友"),
    ("杭州市总干校", "person", "史文斌", "“阿斌师傅”史文斌"),
    ("杭州市总干校", "quantity", "举办多少场", "10场"),
    ("湖州南浔", "programme", "红色工匠", "“红色工匠”培育工作"),
    ("湖州南浔", "place", "浙江久立特种科技股份有限公司", "双林镇"),
    ("灾后自救战", "quantity", "组织了多少名志愿者", "40余名志愿者"),
    ("灾后自救战", "place", "前往哪里", "农夫山泉工厂"),
    ("当一周工人 体工会初心", "organiser", "当一周工人", "奉化区总工会组织开展"),
    ("当一周工人 体工会初心", "person", "戚仕张", "副主席戚仕张"),
    ("家乡特产的搬运工", "date", "凤桥水蜜桃集中上市期", "7月中旬"),
])
def test_expected_pairs(articles: list[Article], pairs: dict[str, list[QAPair]], title: str, kind: str,
                        in_question: str, in_answer: str) -> None:
    _, generated = _by_title(articles, pairs, title)
    found = [p for p in generated if p.kind == kind and in_question in p.question and in_answer in p.answer]
    assert found, [(p.kind, p.question) for p in generated]


def test_an_invented_article_gets_every_kind() -> None:
    generated = generate_pairs(INVENTED)
    assert {p.kind for p in generated} == set(KINDS), [(p.kind, p.question) for p in generated]
    questions = {p.question for p in generated}
    assert "什么是匠心宁海？" in questions
    assert "周建华是谁？" in questions and "宁海县总工会主席是谁？" in questions
    assert any("多少名职工" in q for q in questions)
    for pair in generated:
        paragraph = INVENTED.paragraph(pair.source.paragraph)
        assert paragraph is not None and pair.answer in paragraph.text


@pytest.mark.parametrize(("title", "text", "wrong_start"), [
    # The title's only place jieba finds is one character of a name (汾 of 汾州): no subject is better.
    ("汾州供电职工技能比武夺冠", "她带领团队研发创新成果23项，获得国家专利11项。", "汾"),
    # A dateline (临川讯) says where the news came from, not who acted.
    ("职工讨薪有了帮手", "临川讯 记者3月2日从临川市总工会获悉，自去年12月开展冬季行动以来，全市各级工会"
                         "共走访企业120家，帮助860名农民工追回工资1500万元。", "临川讯"),
])
def test_a_supplied_subject_is_no_fragment(title: str, text: str, wrong_start: str) -> None:
    questions = [p.question for p in generate_pairs(_article(title, [text]))]
    assert questions and not any(q.startswith(wrong_start) for q in questions), questions


def test_a_long_sentence_is_answered_with_its_clauses(articles: list[Article],
                                                       pairs: dict[str, list[QAPair]]) -> None:
    _, generated = _by_title(articles, pairs, "冲锋号")
    pair = next(p for p in generated if "317份" in p.answer and p.kind == "quantity")
    assert len(pair.answer) <= 80 and not pair.answer.endswith(("，", ","))


@pytest.mark.parametrize(("org", "asked"), [
    ("公司工会主席", False),  # which company's? every story of a company union would make it
    ("市总工会副主席", False),  # a city the story does not name
    ("工会主席", False),
    ("医院工会主席", False),
    ("恒通阀门公司工会主席", True),
    ("县教育工会主席", True),
])
def test_a_role_is_asked_of_a_named_organisation_only(org: str, asked: bool) -> None:
    article = _article("一家企业的职工书屋", [f"{org}林小燕介绍，书屋藏书2000余册。"])
    questions = [p.question for p in generate_pairs(article)]
    assert "林小燕是谁？" in questions
    assert (f"{org}是谁？" in questions) is asked, questions


@pytest.mark.parametrize(("sentence", "pos", "name"), [
    ("质检部责任工程师孙阔强和他的技术导师沈赞都在研讨", 8, "孙阔强"),
    ("质检部责任工程师孙阔强和他的技术导师沈赞都在研讨", 18, "沈赞"),
    ("作为“新员工”的宁波奉化区总工会副主席戚仕张还是成了", 19, "戚仕张"),
    ("工作不到两年的“工会新兵”洪银花有些兴奋地说道", 13, "洪银花"),
    ("市区联华连锁超市职工王阿姨说", 10, "王阿姨"),
    ("职工文明交通志愿服务项目落实到位", 2, None),
    ("区总工会工作人员介绍", 8, None),
    ("由总经理、工会主席和职工代表面对面交流", 9, None),  # 和 joins two nouns (jieba: a conjunction)
    ("工会主席和新当选的委员一起", 4, None),
    ("工会主席于春华介绍", 4, "于春华"),  # 于 is a preposition elsewhere, a surname here
])
def test_name_at(sentence: str, pos: int, name: str | None) -> None:
    assert name_at(sentence, pos) == name


@pytest.mark.parametrize(("text", "found"), [
    ("发放《工会劳动法律监督意见书》317份", "317份"),
    ("组织了40余名志愿者", "40余名"),
    ("协助生产额温枪1.7万余把", "1.7万余把"),
    ("企业工会监督组织覆盖率达到93%", "93%"),
    ("借力省总工会百场活动", "百场"),
    ("以全市百万职工为主力军", "百万"),
    ("即用三年时间", "三年"),
    ("义乌市总工会第十八次代表大会召开", None),
    ("给了我们单身职工一个很好的机会", None),
    ("2018年国测全国第一", None),
])
def test_quantity_pattern(text: str, found: str | None) -> None:
    m = QTY_RE.search(text)
    assert (m.group(0) if m else None) == found


@given(st.text(alphabet="金华市总工会发放份，,；。、1234567890", max_size=200), st.integers(0, 200),
       st.integers(0, 200))
def test_clause_run_is_verbatim(sentence: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(sentence)), min(b, len(sentence))))
    if start == len(sentence):
        return
    run = clause_run(sentence, start, max(end, start + 1))
    assert run in sentence


_WORDS = ["金华市", "总工会", "副主席", "王明", "发放", "317份", "“浙工缘”", "活动", "7月10日", "在",
          "举行", "由", "主办", "的", "，", ",", "、", "。", "；", "前往", "公园", "选举", "为", "主席",
          "组织开展", "余名", "志愿者"]


@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40), min_size=1, max_size=4))
def test_any_article_gives_verbatim_answers(paragraphs: list[list[str]]) -> None:
    article = _article("金华市总工会开展“浙工缘”活动", ["".join(words) for words in paragraphs])
    for pair in generate_pairs(article):
        paragraph = article.paragraph(pair.source.paragraph)
        assert paragraph is not None and pair.answer in paragraph.text
        assert pair.question.endswith("？")
