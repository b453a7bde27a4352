"""bot.nlp.orgs: the union organisation and place a text names, and what an article is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.model import Article
from bot.ingest.pages import parse_page
from bot.nlp.orgs import Context, article_context, citable_sentences, names_union_first, org_mentions

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5287d6df03cc26e1.txt"
pytestmark = pytest.mark.usefixtures("segmenter")


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return parse_page(SEED.read_text(encoding="utf-8"), file=SEED.name)


@pytest.mark.parametrize(("context", "text", "resolved"), [
    (Context("南湖工会", "南湖"), "区总工会副主席", "南湖区总工会副主席"),
    (Context("建德市总工会", "建德市"), "市总工会志愿者", "建德市总工会志愿者"),
    (Context("浙江省总工会", "浙江省"), "市总工会", "市总工会"),
    (Context("", ""), "区总工会", "区总工会"),
    (Context("义乌市总工会", "义乌市"), "义乌市总工会主席", "义乌市总工会主席"),
])
def test_context_resolves_abbreviated_unions(context: Context, text: str, resolved: str) -> None:
    assert context.resolve(text) == resolved


@pytest.mark.parametrize(("title", "org"), [
    ("冲锋号", "金华市总工会"), ("王晖平当选", "义乌市总工会"), ("灾后自救战", "建德市总工会"),
    ("家乡特产的搬运工", "南湖工会"), ("湖州南浔", ""),
])
def test_article_context(articles: list[Article], title: str, org: str) -> None:
    article = next(a for a in articles if title in a.full_title)
    assert article_context(article).org == org


@pytest.mark.parametrize(("text", "found"), [
    ("路桥区总工会党组书记、主席应仲友", [("路桥区总工会", "路桥区")]),
    ("由浙江省总工会主办，台州市总工会、路桥区总工会联合协办", [("浙江省总工会", "浙江省"), ("台州市总工会", "台州市"),
                                                  ("路桥区总工会", "路桥区")]),
    ("市总工会干部学校举办讲座", [("市总工会干部学校", "")]),
    ("职工参加活动", []),
])
def test_org_mentions(text: str, found: list[tuple[str, str]]) -> None:
    assert org_mentions(text) == found


def test_citable_sentences_leave_out_headings_short_and_cut_off_sentences(articles: list[Article]) -> None:
    for article in articles:
        for paragraph, sentence, text in citable_sentences(article):
            para = article.paragraph(paragraph)
            assert para is not None and para.kind == "text" and len(text) >= 6
            assert text == para.sentences[sentence - 1]
            assert not (para.truncated and sentence == len(para.sentences))


@pytest.mark.parametrize(("text", "named"), [
    ("路桥区总工会举办了多少场活动？", True),
    ("宁海县总工会女职工委员会主任叫什么？", True),
    ("首批多少名工会干部进入企业？", False),  # 工会 is no organisation with its place here
    ("市总工会协助了多少家企业？", False),  # no place: which city?
    ("有多少名路桥区总工会志愿者？", False),  # named, but not first
])
def test_names_union_first(text: str, named: bool) -> None:
    assert names_union_first(text) is named
