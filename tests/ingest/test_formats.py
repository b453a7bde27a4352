"""Reading seed files (bot/ingest/formats.py): text encodings, Markdown, web pages, Word documents."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from conftest import LAYOUT, SEED_NAME

from bot.core.errors import SeedError
from bot.core.model import Article
from bot.ingest.accounting import Doubt
from bot.ingest.formats import _page_title, is_skipped, read_document, read_seed
from bot.ingest.pages import parse_page, read_file


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("gb18030"),
        lambda text: text.encode("gbk"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.replace("\n", "\r").encode("gb18030"),
    ],
    ids=["utf-8-bom", "gb18030", "gbk", "crlf", "cr-gb18030"],
)
def test_encodings_give_the_same_articles(
    tmp_path: Path, seed_text: str, seed_articles: list[Article], encode: object
) -> None:
    path = tmp_path / SEED_NAME
    path.write_bytes(encode(seed_text))  # type: ignore[operator]
    text = read_seed(path)
    assert text == seed_text
    assert parse_page(text, file=SEED_NAME) == seed_articles


def _garbage() -> bytes:
    return random.Random(7).randbytes(4096)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the file is empty"),
        (b" \n\r\n\t  \n", "the file is empty"),
        ("\u3000\n\u3000".encode(), "the file is empty"),
        (b"\xef\xbb\xbf\n", "the file is empty"),
        (_garbage(), "not UTF-8 or GB18030 text; save it as UTF-8 and rebuild"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 or GB18030 text; save it as UTF-8 and rebuild"),
        ("本报讯 通讯员王敏报道".encode("utf-16"), "not UTF-8 or GB18030 text; save it as UTF-8 and rebuild"),
        ("标题\n本报讯 通讯员王敏报道".encode("utf-16-le"), "not UTF-8 or GB18030 text; save it as UTF-8 and rebuild"),
        (b"text\x00with a NUL", "not UTF-8 or GB18030 text; save it as UTF-8 and rebuild"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "bom-only", "random", "png", "utf-16", "utf-16-le", "nul"],
)
def test_bad_files_are_refused_with_one_clear_line(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(SeedError) as caught:
        read_seed(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_missing_file_is_a_seed_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(SeedError) as caught:
        read_seed(path)
    assert str(caught.value) == f"{path}: cannot be read (No such file or directory)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a.pdf", ".pdf files are not read; copy its text into a .txt file"),
        ("a.xlsx", ".xlsx files are not read; save it as .txt, .md, .docx, .doc or .html"),
        ("README", "files without an extension are not read; save it as .txt, .md, .docx, .doc or .html"),
    ],
)
def test_other_formats_get_one_line_naming_the_file(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"anything")
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(
    ("name", "skipped"),
    [(".~lock.a.docx#", True), ("~$a.docx", True), (".DS_Store", True), ("a.txt", False), ("a.pdf", False)],
)
def test_editor_lock_files_are_skipped(tmp_path: Path, name: str, skipped: bool) -> None:
    (tmp_path / name).write_bytes(b"x")
    assert is_skipped(tmp_path / name) is skipped
    assert is_skipped(tmp_path)  # a directory is no seed file


def test_markdown_marks_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# 标题\n\n> **本报讯** 通讯员王敏报道 近日，开会。\n\n## 小标题\n正文__强调__。\n", encoding="utf-8"
    )
    assert read_document(path).text == "标题\n\n本报讯 通讯员王敏报道 近日，开会。\n\n小标题\n正文强调。\n"


def test_markdown_italics_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("## 标题\n\n*青溪律师事务所律师 罗晓岚*\n\n正文说*重点*。\n\n* 列表一项\n3*4\n", encoding="utf-8")
    assert read_document(path).text == "标题\n\n青溪律师事务所律师 罗晓岚\n\n正文说重点。\n\n* 列表一项\n3*4\n"


@pytest.mark.parametrize(
    ("name", "title"),
    [("21_saved_page.html", "建德工会开展职工心理健康讲座"), ("22_saved_page_gbk.html", "普陀工会为渔民船员送法上船")],
)
def test_a_saved_web_page_gives_its_title_and_main_text(name: str, title: str) -> None:
    document = read_document(LAYOUT / name)
    lines = [line for line in document.text.split("\n") if line.strip()]
    assert lines[0] == title
    assert all("首页" not in line and "版权所有" not in line for line in lines)
    assert "首页 | 工会要闻 | 基层动态 | 维权服务" in document.outside


def test_a_web_page_outside_text_is_what_the_main_text_lacks() -> None:
    document = read_document(LAYOUT / "21_saved_page.html")
    assert document.outside == (
        "首页 | 工会要闻 | 基层动态 | 维权服务 当前位置：首页 > 基层动态 发布时间：2021-07-19 10:12 "
        "来源：建德市总工会 浏览次数：316 相关新闻 淳安工会举办职工登山比赛 桐庐工会为环卫工人送清凉"
    )


def test_a_web_page_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>空</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: no article text found in this web page; copy its text into a .txt file"


def test_a_word_document_gives_its_paragraphs_in_order() -> None:
    lines = read_document(LAYOUT / "24_two_articles.docx").text.split("\n")
    assert lines[0] == "上虞工会为新入职青工办集体入会仪式"
    assert lines[3:5] == ["", "柯桥工会开展纺织女工技能培训"]
    assert lines[-1] == "（文：傅佳 摄影：黄涛）"


def test_a_word_document_table_is_read_row_by_row(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("职工参训人数")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("工种", "人数"), ("电工", "120")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("以上数据截至6月底。")
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert read_document(path).text == "职工参训人数\n工种  人数\n电工  120\n以上数据截至6月底。"


@pytest.mark.parametrize("data", [b"not a zip file", b"PK\x03\x04broken"])
def test_a_broken_word_document_is_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: not a Word document that can be read (")
    assert str(caught.value).endswith("); save it again as .docx")


def test_a_zip_that_is_not_a_word_document_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: not a Word document that can be read (")


def test_text_files_keep_their_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("标题\r\n\r\n正文。".encode("gbk"))
    assert read_document(path).text == read_seed(path) == "标题\n\n正文。"
    assert read_document(path).outside == ""


@pytest.mark.parametrize(
    ("title", "visible", "page_title"),
    [
        ("职工书屋新添图书_工作动态_青溪区总工会", "首页 职工书屋新添图书 发布时间", "职工书屋新添图书"),
        ("职工书屋新添图书 | 青溪工会", "职工书屋新添图书 正文", "职工书屋新添图书"),
        ("职工书屋新添图书 - 青溪工会网", "职工书屋新添图书 正文", "职工书屋新添图书"),
        ("职工书屋新添图书_工作动态_青溪区总工会", "首页 正文", "职工书屋新添图书_工作动态_青溪区总工会"),  # not shown
        ("工会送清凉——夏日行动", "工会送清凉 正文", "工会送清凉——夏日行动"),  # a dash is the title's own
        ("劳模-工匠座谈会", "劳模 正文", "劳模-工匠座谈会"),
        ("书屋_青溪区总工会", "书屋 正文", "书屋_青溪区总工会"),  # too short to be the title alone
    ],
)
def test_a_page_title_loses_the_site_suffix_the_page_does_not_show(title: str, visible: str,
                                                                   page_title: str) -> None:
    assert _page_title(title, visible) == page_title


_MENU = " | ".join(f'<a href="/c{i}">栏目{i}</a>' for i in range(12))
_LINKS = "".join(f'<tr><td>·<a href="/n{i}">青溪工会第{i}条新闻</a></td></tr>' for i in range(8))
_TABLE_PAGE = f"""<html><head><meta charset="utf-8"><title>青溪纺织公司工会 - 新闻详细</title></head><body>
<table><tr><td>欢迎您，罗晓岚 | <a href="/oa">OA办公</a> | <a href="/out">退出</a></td></tr>
<tr><td>{_MENU}</td></tr></table>
<table><tr><td><table>{_LINKS}</table></td><td><table>
<tr><td>您的位置：<a href="/">首页</a> &gt;&gt; 新闻详细</td></tr>
<tr><td class="tit">青溪纺织公司工会为倒班职工设流动书架</td></tr>
<tr><td>　　去年起，青溪纺织公司工会在倒班宿舍设置流动书架4个，每月轮换图书一次。<br><br>
　　工会表示，今年还将增加书架2个。</td></tr></table></td></tr></table></body></html>"""


def test_a_page_whose_main_text_is_not_found_says_so(tmp_path: Path) -> None:
    path = tmp_path / "intranet.html"
    path.write_text(_TABLE_PAGE, encoding="utf-8")
    document = read_document(path)
    assert document.doubt.startswith("the page's main text was not found (")
    assert document.doubt.endswith("paste the article's own text into a .txt file instead")
    assert read_file(path).doubts[0] == Doubt(1, document.doubt)


@pytest.mark.parametrize("name", ["21_saved_page.html", "22_saved_page_gbk.html", "37_site_title.html"])
def test_a_page_whose_main_text_is_found_has_no_doubt(name: str) -> None:
    assert read_document(LAYOUT / name).doubt == ""



_ITEM = """<div class="item"><h2><a href="/n/{n}.html">{title}</a></h2>
<div class="meta">发布时间：2024-07-1{n} 08:50　来源：青溪县总工会</div>
<div class="content"><p>{text}</p><p>县总工会相关负责人表示，将持续做好服务职工工作。</p></div></div>"""
_ITEMS = [("青溪县总工会为环卫工人送清凉", "7月11日，青溪县总工会为全县320名环卫工人送去绿豆、白糖等防暑降温物资。"),
          ("白沙镇新建户外劳动者服务驿站", "近日，白沙镇3个户外劳动者服务驿站投入使用，配有冰箱和微波炉。"),
          ("青溪县86名外卖骑手集中入会", "7月13日，青溪县86名外卖骑手在县职工服务中心集中加入工会。")]
_LIST_PAGE = ("""<html><head><meta charset="utf-8"><title>工会动态_青溪县融媒体中心</title></head><body>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/gh">工会动态</a></li></ul><div class="list">"""
              + "".join(_ITEM.format(n=n, title=title, text=text) for n, (title, text) in enumerate(_ITEMS, start=1))
              + """</div><div class="footer">版权所有 青溪县融媒体中心</div></body></html>""")


def test_a_list_page_s_items_keep_their_linked_titles(tmp_path: Path) -> None:
    """trafilatura leaves a heading that is one link out of the main text (the first item's may come
    after its text: only the later ones are asked for)."""
    path = tmp_path / "list.html"
    path.write_text(_LIST_PAGE, encoding="utf-8")
    text = read_document(path).text
    assert all(title in text for title, _ in _ITEMS[1:])


_PICTURED_PAGE = """<html><head><meta charset="utf-8"><title>白沙区86名外卖骑手“集体入会”_基层动态_青溪市总工会</title>
</head><body><div class="nav"><a href="/">首页</a> &gt; <a href="/jc/">基层动态</a></div><div class="article">
<h1>白沙区86名外卖骑手“集体入会”</h1><div class="content">
<p style="text-align:center"><img src="/u/rh01.jpg" alt=""></p><p style="text-align:center">入会仪式现场</p>
<p>7月13日，白沙区86名外卖骑手在区职工服务中心集中加入工会，领到了会员卡和“暖心包”。</p>
<p style="text-align:center"><img src="/u/rh02.jpg" alt=""></p>
<p>区总工会为每名入会骑手购买一份意外伤害保险，保额10万元。</p>
<p>区总工会相关负责人表示，下一步将推动平台企业与骑手代表开展协商。</p></div></div>
<div class="footer">版权所有 青溪市总工会</div></body></html>"""


def test_a_caption_under_a_picture_is_no_text(tmp_path: Path) -> None:
    """A caption under a picture is left out of the main text (it had run on into the title above it);
    a paragraph after a picture that is a sentence stays."""
    path = tmp_path / "pictured.html"
    path.write_text(_PICTURED_PAGE, encoding="utf-8")
    text = read_document(path).text
    assert "入会仪式现场" not in text
    assert "区总工会为每名入会骑手购买一份意外伤害保险，保额10万元。" in text
    assert [a.title for a in read_file(path).articles] == ["白沙区86名外卖骑手“集体入会”"]



def _archived(html: bytes, *, charset: str | None, encoding: str) -> bytes:
    """A page saved as one file: Chrome's (quoted-printable, no charset in the part's header) or IE's and
    360's (base64, the charset in the header)."""
    import base64
    import quopri

    body = quopri.encodestring(html) if encoding == "quoted-printable" else base64.encodebytes(html)
    kind = "text/html" + (f'; charset="{charset}"' if charset else "")
    return (b"From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/related; type="text/html"; boundary="----B--x"\r\n\r\n'
            b"------B--x\r\nContent-Type: " + kind.encode() + b"\r\nContent-Transfer-Encoding: "
            + encoding.encode() + b"\r\nContent-Location: http://gh.example.cn/a.html\r\n\r\n" + body
            + b"\r\n------B--x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + b"iVBORw0KGgo=\r\n------B--x--\r\n")


@pytest.mark.parametrize(
    ("name", "charset", "encoding", "suffix"),
    [("21_saved_page.html", None, "quoted-printable", ".mhtml"), ("22_saved_page_gbk.html", "gbk", "base64", ".mht"),
     ("21_saved_page.html", "utf-8", "base64", ".mht"), ("39_table_layout.html", "gb2312", "quoted-printable", ".mht")],
)
def test_a_page_saved_as_one_file_reads_as_the_page(tmp_path: Path, name: str, charset: str | None, encoding: str,
                                                     suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_bytes(_archived((LAYOUT / name).read_bytes(), charset=charset, encoding=encoding))
    assert read_document(path).text == read_document(LAYOUT / name).text
    assert [a.title for a in read_file(path).articles] == [a.title for a in read_file(LAYOUT / name).articles]


def test_a_single_file_page_without_a_page_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.mht"
    path.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello\r\n")
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: no web page found in this file; "
                                 'save the page again as "Web page, HTML only" (.html)')
