"""Accounting (bot/ingest/accounting.py): every character of an input is in an article or set aside."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Article, Paragraph
from bot.ingest.accounting import Reading, SetAside, account, article_characters, characters
from bot.ingest.pages import read_page
from bot.nlp.segment import Segmenter


def _reading(text: str, articles: tuple[Article, ...], set_aside: tuple[SetAside, ...], outside: str = "") -> Reading:
    return Reading("p.txt", text, outside, articles, tuple(1 for _ in articles), set_aside, ())


ARTICLE = Article(
    id="a1",
    file="p.txt",
    title="标题",
    subtitles=("副题",),
    byline="记者 王五",
    reporters=("王五",),
    correspondents=(),
    paragraphs=(Paragraph(1, "正文。", ("正文。",)),),
)


def test_characters_are_the_non_whitespace_ones() -> None:
    assert characters(" 工\u3000会\n，\t") == Counter("工会，")
    assert article_characters(ARTICLE) == Counter("标题副题记者王五正文。")


def test_a_complete_account() -> None:
    counts = account(
        _reading("标题\n副题\n记者 王五\n正文。\n第3版", (ARTICLE,), (SetAside(5, "page furniture", "第3版"),))
    )
    assert (counts.total, counts.in_articles, counts.set_aside, counts.complete) == (14, 11, 3, True)


def test_a_lost_character_is_missing_and_an_invented_one_extra() -> None:
    counts = account(_reading("标题\n副题\n记者 王五\n正文。！", (ARTICLE,), (SetAside(0, "x", "？"),)))
    assert (counts.missing, counts.extra, counts.complete) == (Counter("！"), Counter("？"), False)


def test_a_web_page_outside_text_counts_as_input() -> None:
    counts = account(
        _reading("标题\n副题\n记者 王五\n正文。", (ARTICLE,), (SetAside(0, "web page", "首页"),), outside="首页")
    )
    assert (counts.total, counts.complete) == (13, True)


_LINES = st.sampled_from(
    [
        "工会法律援助进工地",
        "稳岗留工",
        "周文斌",
        "（王和平 王公民）",
        "记者 吴晓峰",
        "文/图 俞佳",
        "（完）",
        "责任编辑：李文",
        "第3版",
        "2021年6月1日 星期二",
        "发布时间：2021-05-20",
        "图为师徒结对现场。",
        "数据来源：省统计局",
        "★ 技能提升",
        "一、职工服务",
        "本报讯 通讯员王敏报道 近日，市总工会举办活动。",
        "新华社北京7月20日电（记者 王梓涵）记者20日获悉。",
        "本报讯 记者何佳",
        "职工踊跃参加，",
        "活动共吸引职工三百余人次参加。",
        "活动共吸引职工三百余人次参加。活动共吸引职工三百余人次参加。",
        "简讯",
        "甲消息——市总工会近日举办活动，职工踊跃参加。",
        "大家都很满意。（王和平）",
        "大家都很满意。（完）",
        "增强员工安全意识，筑牢安全防护、",
        "增强员工安全意识，筑牢安全防护、燃气安全知识。",
        "【青溪区建成首个骑手友好社区】",  # marks a title loses, set aside
        "2.县人民医院工会举办义诊活动",
        "青溪市总工会",  # a notice's signature above its date
        "2024年3月15日",
        "　　市总工会近日举办活动，职工踊跃参加，来自全市各行业的",  # an indented, hard-wrapped paragraph
        "选手参加了比赛，比赛设理论和实操两个环节，最终评出一等奖",
        "发布时间：2024-05-22 17:30:02  来源：办公室  作者：罗 岚  浏览次数：11",  # a web page's writer
        "往期推荐",
        "● 青溪工会召开全委会",
        "",
    ]
)


@settings(max_examples=300)
@given(st.lists(_LINES, min_size=1, max_size=30))
def test_any_page_of_these_lines_is_fully_accounted_for(segmenter: Segmenter, page: list[str]) -> None:
    # ``segmenter``: jieba's dictionary (title blocks are read with it) loaded before the first example
    counts = account(read_page("\n".join(page), file="p.txt"))
    assert counts.complete, (counts.missing, counts.extra)
