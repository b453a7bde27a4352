"""Title blocks: which line of the lines above an article's text is its main title.

A title block is the one to three lines (引题, 主题, 副题) that :mod:`bot.ingest.split` found above
an article's byline or text. :func:`title_block` picks the main title and keeps the others as
kickers (above) and subtitles (under); a title set over two lines is joined first (:func:`_run_on`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.ingest.accounting import SetAside
from bot.ingest.blocks import listed as listed_form
from bot.ingest.bylines import Byline, credit_byline, is_names, is_unit, start_byline
from bot.ingest.cues import ITEM_NUMBER
from bot.ingest.drafts import Draft
from bot.ingest.lines import SUBTITLE_DASHES
from bot.nlp.segment import plain
from bot.nlp.text import CLOSERS

__all__ = ["TitleBlock", "title_block", "title_credit", "title_marks", "title_width"]

_RUNS_ON = frozenset("的之与和及对在为把向从将被让使赴于")  # a title line ending so goes on on the next line
_UNION_ENDS = ("总工会", "工会委员会", "工会联合会", "公司", "集团")
_CONGRESSES = ("职代会", "工代会", "代表大会", "委员会")  # a congress: its sitting (第三次会议) goes on
_GOES_ON = frozenset("暨及")  # a title line starting so goes on from the line above (…启动“金秋助学” / 暨…行动)
_FACT_LEAD = ("今年以来", "年内", "截至", "目前", "近年来", "去年以来", "此前")
_CREDIT_MARK = re.compile(r"[:：/／]")  # 文／X律师事务所律师　Y
# 作者：X工会宣教部
_CREDIT_LABEL = re.compile(r"^(?:作者|文|图|文/图|文／图|口述|整理|解答|撰稿|供稿|来源)\s*[:：/／｜|]")
# A title set over two lines (_broken). Lengths in characters: the line above a wrapped title is at
# least _WRAPPED long (职工心声, 特稿: a column's name is shorter); a short rest is at most _REST under
# a line of at least _FULL.
_WRAPPED, _REST, _FULL = 6, 6, 8
_SPACED = re.compile(r"[ \t\u3000]")
_GAP = re.compile(r"[ \t\u3000]+")
_CLAUSE_OPENERS = frozenset("vdpc")  # jieba's tags of a verb, an adverb, a preposition, a conjunction
_CAUSATIVE = frozenset({"让", "使"})
_FIELD_MARKS = frozenset(":：")
_CLOSING = ("？", "?", "！", "!")
_PUBLISHERS = ("报", "编辑部", "课题组", "评论员")
_OPENING = "“‘「『（(《〈【"  # the marks bot.nlp.text.CLOSERS close
_CLAUSE_MARKS = frozenset("，。、；：,;:")
# An official document's title (关于开展…活动的通知) names its kind last: a line opening on 关于 without
# it goes on to the line that ends on it.
_DOCUMENT_KINDS = ("通知", "决定", "决议", "意见", "通报", "公告", "通告", "报告", "方案", "办法", "规定", "细则",
                   "批复", "函", "倡议书", "提示", "请示", "纪要")
# A page whose titles a narrow column wrapped (title_width): this many blocks break a line at one width.
_WIDTH_BLOCKS, _WIDTH_LEAST = 3, 8


class TitleBlock(NamedTuple):
    """A title block read: its lines above the main title (引题), the main title, its lines under it."""

    kickers: tuple[str, ...]
    title: str
    subtitles: tuple[str, ...]


def title_block(titles: list[str], *, listed: frozenset[str] = frozenset(), width: int | None = None) -> TitleBlock:
    """The main title of a title block and its other lines, in page order. The first line is the main
    title, unless a subtitle (——…) stands under a later line: then that line is, and the lines above
    it are kickers (引题: 两会代表话工会 / 让技能人才“有奔头” / ——访市人大代表…). Three lines with
    no dash are kicker, main title and subtitle (引题, 主题, 副题), as 22 of 22 such blocks on the
    paper sets of ``benchmarks/ingest_papers.py`` are; two are kicker and main title (:func:`_kicked`).
    Where the page's
    contents box lists one of the lines, or two lines run together (a title set over two lines), that
    is the main title, whatever its place (``listed``: the box's titles, :func:`blocks.listed` form).
    A line that ends on a word that cannot end a title (…建设的 / 实践与思考) runs on on the next, and
    so does a title a narrow column set over two lines (:func:`_broken`), and a line as wide as the
    page's titles are wrapped at (``width``, :func:`title_width`). A title line's brackets (【…】) and
    item number (1. 一、) are no part of the title."""
    titles = [_bare(line) for line in titles]
    named = _listed_title(titles, listed)
    if named is not None:
        return named
    titles = _run_on(titles, width)
    dashed = next((i for i, line in enumerate(titles) if i >= 2 and line.startswith(SUBTITLE_DASHES)), None)
    middle = len(titles) == 3 and not titles[1].startswith(SUBTITLE_DASHES)  # 主题 / ——副题 / …: the first is
    main = dashed - 1 if dashed is not None else 1 if middle or _kicked(titles) else 0
    return TitleBlock(kickers=tuple(titles[:main]), title=titles[main], subtitles=tuple(titles[main + 1:]))


def title_credit(title: str) -> tuple[str, Byline] | None:
    """A title whose byline stands on its line after it, apart (“两节”送温暖活动启动　本报记者 X; an
    e-paper's title row), split in two; None when the line ends on no credit."""
    for gap in _GAP.finditer(title):
        head, tail = title[:gap.start()], title[gap.end():]
        if len(head) >= _WRAPPED and (byline := credit_byline(tail)):
            return head, byline
    return None


def title_width(blocks: list[list[str]]) -> int | None:
    """The width a narrow column wrapped a page's titles at, if it did: the length of the lines that
    go on in a next line of their block in at least _WIDTH_BLOCKS blocks, when no title line on the
    page is longer (at 14 characters: 铜陵市总工会经费审计问题整改 / 到位 追回违规支出38.7万 / 元). Titles
    a page sets whole vary in length; a kicker as long as every other kicker and no title longer is
    not seen on the paper sets. None when the page gives no such width."""
    lengths = [len(line.strip()) for block in blocks for line in block]
    if not lengths:
        return None
    widest = max(lengths)
    wrapped = sum(1 for block in blocks if len(block) > 1 and len(block[0].strip()) == widest)
    return widest if widest >= _WIDTH_LEAST and wrapped >= _WIDTH_BLOCKS else None


def _kicked(titles: list[str]) -> bool:
    """Two lines with no dash: a kicker (引题: 聚焦产业工人队伍建设改革, a column's name, a slogan) above
    the main title, as 56 of 63 such blocks on the paper sets are; unless the second line is the
    writer's name or credit that the byline search left in the block (父亲的扳手 / X中心　罗晓岚)."""
    if len(titles) != 2 or titles[1].startswith(SUBTITLE_DASHES):
        return False
    second = titles[1]
    if start_byline(second) or credit_byline(second) or is_names(second) or second.startswith(_FACT_LEAD) \
            or _figures_under(titles[0], second):
        return False  # the writer, or a subtitle stating a fact (今年以来累计追回欠薪2.1亿元; 投入…万元，覆盖…)
    return not (_CREDIT_LABEL.match(second) or (_CREDIT_MARK.search(second) and len(second.split()) > 1))


def _figures_under(above: str, line: str) -> bool:
    """Whether ``line`` is a clause of figures (计划投入专项资金1860万元，覆盖一线职工15万人次), a subtitle's,
    under a line that is none."""
    return _counts(line) and not _counts(above)


def _counts(line: str) -> bool:
    """A clause of figures: a comma and a digit."""
    return "，" in line and any(ch.isdigit() for ch in line)


def title_marks(draft: Draft) -> list[SetAside]:
    """What :func:`_bare` takes off the title lines (【】, 1.), set aside: every character is accounted for."""
    marks = []
    for line in draft.titles:
        bare = _bare(line)
        if bare != line:
            at = line.index(bare)
            marks.append(SetAside(line=draft.line, reason="marks around a title",
                                  text=(line[:at] + line[at + len(bare):]).strip()))
    return marks


def _bare(line: str) -> str:
    """A title line without its brackets (【市总工会召开推进会】) or its item number (1.城关镇…)."""
    if line.startswith("【") and line.endswith("】") and "】" not in line[1:-1] and line[1:-1].strip():
        line = line[1:-1].strip()
    number = ITEM_NUMBER.match(line)
    return line[number.end():] if number and len(line) > number.end() else line


def _run_on(titles: list[str], width: int | None) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(titles):
        full = i > 0 and len(titles[i - 1].strip()) == width and not line.startswith(SUBTITLE_DASHES)
        if out and (full or out[-1][-1:] in _RUNS_ON or line[:1] in _GOES_ON or _union(out[-1])
                    or _session(out[-1], line) or _broken(out[-1], line)):
            out[-1] += line
        else:
            out.append(line)
    return out


def _broken(above: str, line: str) -> bool:
    """Whether ``line`` is the rest of a title set over two lines (a narrow column wraps its titles),
    not a title of its own under a kicker. Measured in ``benchmarks/ingest_papers.py`` (README,
    "Pages of publications nobody tuned on"), on sets taught and on sets written after the rule.

    * The break falls inside quotation marks or brackets (…：“吊装 / 一姐”的…), or before a mark
      that closes them or a clause (”坚守大堤): no title line starts there.
    * Or the two lines are an official document's title (关于开展…“最美职工” / 推荐评选活动的通知): one
      that opens on 关于 ends on the kind of document it is.
    * Or a word runs on from the line above into it (新就业形 / 态劳动者: the column ended mid-word;
      a two-part title's space above does not matter), unless it is a writer's name (…暖到心坎上 /
      周子明 reads 上周) or a subtitle's clause of figures (…专项行动 / 计划投入…1860万元，覆盖…).
    * Or the line opens on what no headline opens on, a verb, an adverb, a preposition or a conjunction
      (石门冲矿区十二个职工书屋 / 完成提质改造; 让每一份辛劳 / 都被看见), under a line that is a
      noun phrase (a kicker states something: 聚焦产业工人队伍建设改革). A causative 让/使 does open
      a headline (两会代表话工会 / 让技能人才有奔头), and a line with a colon is one (…：穿梭街巷的“热心肠”).
    * Or the line is a short rest under a long line (全省百万职工技能大赛 / 芦汀赛区开赛): a column's
      name above a title is short, and a title is seldom this short. Not a writer's name (吴迪, but
      升级 is a word), a union's, a paper's or a credit (青禾日报, 本刊编辑部), which the byline
      search may leave in a block.
    """
    if _inside_marks(above, line) or _document(above, line):
        return True
    if _crosses(above, line) and not _named(line) and not _figures_under(above, line):
        return True  # (a two-part title's halves are set apart by a space: 到位 追回违规支出38.7万 / 元)
    if len(above) < _WRAPPED or _SPACED.search(above.strip()) or "·" in above:
        return False  # a column's name or a two-part slogan (服务职工 法援先行)
    if _opens_clause(line) and not _FIELD_MARKS.intersection(line) and not _has_verb(above):
        return True
    return (len(line) <= _REST and len(above) >= _FULL and not line.endswith(_CLOSING)
            and not _credit(line))


def _inside_marks(above: str, line: str) -> bool:
    """Whether the line break falls inside quotation marks or brackets (…“职工抗洪突击队 / ”坚守大堤),
    or before a mark that closes a clause (，。、): no title line starts there."""
    opened = sum(above.count(mark) for mark in _OPENING) > sum(above.count(mark) for mark in CLOSERS)
    return opened or line[:1] in CLOSERS or line[:1] in _CLAUSE_MARKS


def _document(above: str, line: str) -> bool:
    """Whether two lines are an official document's title set over two lines (关于开展2024年度“最美职工”
    / 推荐评选活动的通知), its issuer perhaps before 关于 (X市总工会关于开展… / …的通知)."""
    issuer, about, _ = above.partition("关于")
    return (bool(about) and (not issuer or is_unit(issuer)) and not above.endswith(_DOCUMENT_KINDS)
            and line.endswith(_DOCUMENT_KINDS))


def _has_verb(text: str) -> bool:
    return any(tag == "v" for _, tag in plain().known(text))


def _opens_clause(line: str) -> bool:
    words = plain().guessed(line)  # guessed: a place the dictionary lacks (安川市) is one word, not 安 (v) + …
    return bool(words) and words[0][0] not in _CAUSATIVE and words[0][1] in _CLAUSE_OPENERS


def _crosses(above: str, line: str) -> bool:
    """Whether a word runs on from ``above`` into ``line`` (新就业形 / 态劳动者: a column ends mid-word)."""
    at = 0
    for word, _ in plain().known(above + line):
        if at < len(above) < at + len(word):
            return True
        at += len(word)
    return False


def _credit(line: str) -> bool:
    return bool(_named(line) or is_unit(line) or start_byline(line) or credit_byline(line)
                or line.endswith(_PUBLISHERS))


def _named(line: str) -> bool:
    """Whether a short line of names (bylines.is_names) reads as people's names (罗晓岚; 林　川 and
    罗晓岚 王敏 set apart), not as words (升级, 球赛)."""
    return is_names(line) and (bool(_SPACED.search(line.strip()))
                               or any(tag.startswith("nr") for _, tag in plain().guessed(line)))


def _session(above: str, line: str) -> bool:
    """A congress above the sitting it held (东陵港务集团第五届职代会 / 第三次会议召开): one title."""
    return above.endswith(_CONGRESSES) and line.startswith("第")


def _union(line: str) -> bool:
    """A union's or a firm's name alone (南岗区总工会): no title ends there; the next line goes on."""
    return is_unit(line) and line.endswith(_UNION_ENDS)


def _listed_title(titles: list[str], listed: frozenset[str]) -> TitleBlock | None:
    if not listed or len(titles) < 2:
        return None
    for i, line in enumerate(titles):
        if listed_form(line) in listed:
            return TitleBlock(kickers=tuple(titles[:i]), title=line, subtitles=tuple(titles[i + 1:]))
        if i + 1 < len(titles) and listed_form(line + titles[i + 1]) in listed:
            return TitleBlock(kickers=tuple(titles[:i]), title=line + titles[i + 1], subtitles=tuple(titles[i + 2:]))
    return None
