"""What ``inspect`` prints for a file (bot/ingest/describe.py): articles, set-aside pieces, doubts, figures."""

from __future__ import annotations

from conftest import LAYOUT

from bot.ingest.describe import describe
from bot.ingest.pages import read_file, read_page

DOUBTFUL = """\
doubtful.txt: 3 articles, 1 piece set aside, 3 doubts
  1. line 1  《关于组织开展全市职工职业技能竞赛暨第六届职工技术运动会有关情况的通报和下一步工作安排》
     byline: (none) · 1 paragraph · 今年市总工会组织职工职业技能竞赛项目28个，参赛…
  2. line 5  《工会主席接待日制度化》
     byline: 本报讯 通讯员方敏报道 · 2 paragraphs · 每月15日，市总工会主席在职工服务中心接待来访职…
  3. line 13  《新春慰问》
     byline: (none) · 1 paragraph · 慰问困难职工50户。
  set aside:
    line 11  second byline: （记者 卢阳）
  doubts:
    doubtful.txt:1: a title longer than a sentence (42 characters)
    doubtful.txt:11: two bylines in one article 《工会主席接待日制度化》: 本报讯 通讯员方敏报道 / （记者 卢阳）
    doubtful.txt:13: an article of one short paragraph (10 characters): 《新春慰问》
  characters: 185 in the file = 179 in articles + 6 set aside (100.0 % accounted for)"""


def test_describe_a_doubtful_page() -> None:
    assert "\n".join(describe(read_file(LAYOUT / "35_doubtful.txt"), "doubtful.txt")) == DOUBTFUL


def test_describe_subtitles_headings_and_set_aside() -> None:
    page = ("第3版\n\n稳岗留工在行动\n青溪工会推出十项举措\n——覆盖职工十万人\n\n本报讯 通讯员王敏报道\n\n★ 小标题\n\n"
            "正文第一句，" + "很长" * 8 + "的一句话。\n")
    assert describe(read_page(page, file="p.txt"), "seeds/p.txt") == [
        "seeds/p.txt: 1 article, 1 piece set aside, 0 doubts",
        "  1. line 3  稳岗留工在行动 / 《青溪工会推出十项举措》 / ——覆盖职工十万人",
        "     byline: 本报讯 通讯员王敏报道 · 2 paragraphs (1 heading) · 正文第一句，" + "很长" * 8 + "的一…",
        "  set aside:",
        "    line 1  page furniture: 第3版",
        "  characters: 70 in the file = 67 in articles + 3 set aside (100.0 % accounted for)",
    ]


def test_describe_a_file_without_articles() -> None:
    assert describe(read_page("图为职工书屋一角。\n", file="p.txt"), "p.txt") == [
        "p.txt: 0 articles, 1 piece set aside, 0 doubts",
        "  set aside:",
        "    line 1  photo caption: 图为职工书屋一角。",
        "  characters: 9 in the file = 0 in articles + 9 set aside (100.0 % accounted for)",
    ]
