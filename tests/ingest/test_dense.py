"""bot.ingest.dense: the article of a page laid out with tables, where trafilatura finds none.

The pages are made up here in the shapes such sites take (a title cell above a date line, the title
inside the article's own cell, a GB2312 page without a charset); benchmarks/ingest_fresh.py measures
the same code on saved pages of union sites.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.dense import _reads_as_title, dense_article, shown_title
from bot.ingest.formats import read_document

PARAGRAPHS = ("　　5月12日，南屿港务公司工会在码头举办第三届叉车技能比武，32名叉车司机参加。",
              "　　比武设理论考试和实操两个环节，实操包括定点停车、叉取托盘和绕桩行驶。",
              "　　经过激烈角逐，装卸二队的林志强获得第一名，将被推荐参加市级比赛。")
TITLE = "南屿港务公司工会举办叉车技能比武 32名司机同场竞技"
SIDEBAR = "".join(f'<tr><td>·<a href="/n{i}">南屿港务公司工会第{i}期职工夜校开课</a></td></tr>' for i in range(6))
MENU = " | ".join(f'<a href="/c{i}">栏目{i}</a>' for i in range(10))


def _page(article: str, *, charset: str = '<meta charset="utf-8">') -> str:
    return f"""<html><head>{charset}<title>南屿港务公司工会 - 内容页</title>
<script>var t = "脚本里的句子。不算。也不算。";</script></head><body>
<table><tr><td>{MENU}</td></tr></table>
<table><tr><td width="200"><table>{SIDEBAR}</table></td><td>{article}</td></tr></table>
<table><tr><td>版权所有：南屿港务公司工会 建议使用1024×768分辨率浏览本站。</td></tr></table></body></html>"""


TITLE_CELL = f"""<table><tr><td>当前位置：<a href="/">首页</a> &gt;&gt; 工会动态</td></tr>
<tr><td align="center"><font size="4"><b>{TITLE}</b></font></td></tr>
<tr><td align="center">来源：公司工会　作者：陈晓　发布时间：2023-05-13　浏览次数：215 【打印】【关闭】</td></tr>
<tr><td class="text">{"<br><br>".join(PARAGRAPHS)}</td></tr></table>"""
ONE_CELL = f"""<p align="center"><b>{TITLE}</b></p><p>发布时间：2023-05-13 16:20</p>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}"""
WANTED = (TITLE, "\n".join(p.strip("　") for p in PARAGRAPHS))


@pytest.mark.parametrize("article", [TITLE_CELL, ONE_CELL], ids=["title cell above", "title in the article's cell"])
def test_the_article_is_the_block_holding_the_sentences(article: str) -> None:
    assert dense_article(_page(article).encode()) == WANTED


def test_a_gb2312_page_without_a_charset_is_read() -> None:
    assert dense_article(_page(TITLE_CELL, charset="").encode("gb18030")) == WANTED


@pytest.mark.parametrize(("article", "why"), [
    ("<p>只有一句话。</p><p>还有一句。</p>", "two sentences are no article"),
    ("<p>来源：公司工会</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS), "no line above reads as a title"),
])
def test_no_article_is_made_up(article: str, why: str) -> None:
    assert dense_article(_page(article).encode()) is None, why


@pytest.mark.parametrize(("line", "title"), [
    (TITLE, True),
    ("对话“大国工匠”叶海军：把误差控制在0.001毫米", True),  # a colon of the title's own
    ("来源：公司工会　发布时间：2023-05-13", False),
    ("发布部门：公司工会 发布人：黄丽 点击：734 [打印] [关闭]", False),
    ("您的位置：首页 >> 工会动态 >> 新闻详细", False),
    ("首页 | 工会动态 | 职工之家", False),
    ("2025-03-18 18:30", False),  # a date, no words
    ("·南屿港务公司工会第1期职工夜校开课", False),  # a link list's entry
    ("工会动态", False),  # a menu entry: too short
    ("比武设理论考试和实操两个环节。", False),  # a sentence
])
def test_a_title_is_told_from_page_furniture(line: str, title: bool) -> None:
    assert _reads_as_title(line) is title


def test_a_table_page_is_read_without_doubt(tmp_path: Path) -> None:
    path = tmp_path / "intranet.html"
    path.write_text(_page(TITLE_CELL), encoding="utf-8")
    document = read_document(path)
    assert document.doubt == ""
    assert document.text == f"{WANTED[0]}\n\n{WANTED[1]}"
    assert "栏目1" in document.outside and "版权所有" in document.outside


@pytest.mark.parametrize(("title", "article", "shown"), [
    ("南屿港务公司工会", TITLE_CELL, TITLE),  # <title> holds only the site's name: the line above the text
    (TITLE, TITLE_CELL, TITLE),
    ("南屿港务公司工会", "".join(f"<p>{p}</p>" for p in PARAGRAPHS), "南屿港务公司工会"),  # nothing above reads as one
])
def test_the_title_shown_above_the_text_stands_for_a_site_name(title: str, article: str, shown: str) -> None:
    assert shown_title(_page(article).encode(), title, WANTED[1]) == shown
