"""Cues to where articles start and end on a page, read from one line and its kind: whether a
paragraph is finished, a short line closes an article (…好好干！”), a line is a notice's signature, a
newspaper column's name, a news lead (5月18日，近日，), a column item's mark (◆) or a report's numbered
news item (1．…). :mod:`bot.ingest.split` weighs them.

The column names are what Chinese papers, bulletins and magazines call their columns; each was met
in a page written blind (benchmarks/ingest_papers.py), and one above a title block is no title."""

from __future__ import annotations

import re

from bot.ingest.bylines import SIGNED_DATE, signed_end, split_end_byline, start_byline
from bot.ingest.lines import MARK_SYMBOLS, TITLE_MAX, Kind, Unit
from bot.ingest.sentences import CLAUSE, has_sentence_end, terminated
from bot.nlp.text import unclosed

COLUMN_MAX = 8  # characters of a column heading (简讯, 一线传真) above titles that run into their text
_NEWS_LEAD = re.compile(r"^(?:\d{1,2}月|近日|日前|近期|昨日|连日)")
# What newspapers call their columns; one above a title block is the column's name, not the title.
_COLUMN_WORDS = ("简讯", "快讯", "动态", "传真", "速递", "视点", "问答", "说法", "纵横", "聚焦", "之窗", "扫描",
                 "集锦", "短波", "播报", "一线", "剪影", "时评", "快评", "短评", "论坛", "风采", "贴士", "要目", "手记",
                 "来信", "特刊", "简报", "随笔", "采风", "信箱", "评论", "短讯", "之家", "研究", "卷首语", "评论员文章")
_DECLARED = frozenset("。！!")
_CLAUSED = frozenset("，,")
ITEM_MARK = re.compile(rf"^[{MARK_SYMBOLS}▲△]\s*")  # an item's symbol, not a number: 一、 heads a section
# 1．X, 一、X, 01 | X (a push's): an item's (or a title line's) number; 2.5万名 is no number 2
ITEM_NUMBER = re.compile(r"^(?:[0-9０-９]{1,2}[．.、](?![0-9０-９])|[一二三四五六七八九十]{1,3}、"
                         r"|[0-9０-９]{2}\s*[|｜丨])\s*")
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]")  # 一、 heads a speech's or a notice's part too
NEWS_ITEM_MIN = 12
_DATED = re.compile(rf"{SIGNED_DATE}$")


def unfinished(unit: Unit) -> bool:
    """A paragraph's line that stops mid-sentence (one closed by an end byline or by a notice's
    signature is finished)."""
    return unit.kind in (Kind.BODY, Kind.DASH) and not finished(unit)


def finished(unit: Unit) -> bool:
    if unit.kind is Kind.START:
        byline = start_byline(unit.text)
        return byline is not None and terminated(byline.lead)
    credited = split_end_byline(unit.text)  # …再接再厉。（X市总工会 2023年4月25日）: finished
    return unit.kind in (Kind.BODY, Kind.DASH) and (terminated(credited[0] if credited else unit.text)
                                                   or signed_end(unit.text))


def closing(unit: Unit) -> bool:
    """Whether an article may end after ``unit``: a finished paragraph, or a short closing sentence
    (让我们携起手来，…！ above a notice's signature)."""
    return finished(unit) or (unit.kind is Kind.SHORT and terminated(unit.text))


def declares(text: str) -> bool:
    """Whether ``text`` ends with 。 or ！ (closing quotes allowed): titles end in ？ at most."""
    return terminated(text) and unclosed(text)[-1:] in _DECLARED


def column_name(text: str) -> bool:
    """A newspaper column's name (简讯, 一线传真, 工会动态, 以案说法), as a title block's first line."""
    text = "".join(text.split())  # 简　讯, 工 作 简 报: set out with spaces
    return len(text) <= COLUMN_MAX and text.endswith(_COLUMN_WORDS)


def long_title(unit: Unit) -> bool:
    """The first line of a document, too long for a title line but no sentence: a long title."""
    text = unit.text
    return (unit.kind is Kind.BODY and len(text) <= 2 * TITLE_MAX and not has_sentence_end(text)
            and text[-1] not in CLAUSE)


def news_lead(unit: Unit) -> bool:
    return unit.kind is Kind.BODY and _NEWS_LEAD.match(unit.text) is not None


def signature(unit: Unit) -> bool:
    return unit.kind is Kind.NAMES and _DATED.search(unit.text) is not None


def label(text: str) -> bool:
    """A short line that is a label (本期导读): a line cut off mid-sentence (下一步，工会将) has a comma."""
    return not _CLAUSED.intersection(text)


def news_item(unit: Unit, after: Unit | None = None) -> bool:
    """``1．市总工会第十五次代表大会胜利召开``: a report's numbered news item, a headline (NEWS_ITEM_MIN
    characters or more, no comma) where section headings are short phrases (1.加强组织领导). Numbered
    一、 it is one only with a news lead under it (``after``): a speech's parts are headlines too
    (一、充分肯定过去一年的工作成绩), but their text opens with no date."""
    number = ITEM_NUMBER.match(unit.text)
    rest = unit.text[number.end():] if number else ""
    if _SECTION_NUMBER.match(unit.text) and (after is None or not news_lead(after)):
        return False
    return len(rest) >= NEWS_ITEM_MIN and label(rest)
