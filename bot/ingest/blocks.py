"""Passes over a whole page before it is walked (:mod:`bot.ingest.split`), all run by
:func:`prepared`: which lines are running headers (:func:`running_heads`), a notice's signature
(:func:`signatures`), the list of its attachments (:func:`attachments`), a WeChat push's readers'
comments (:func:`comments`), which ▲ lines are a column's items rather than captions
(:func:`briefs`) and which titles a contents box lists (:func:`contents`); and which short lines above
a byline are its title block (:func:`claims`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from bot.ingest.bylines import is_unit, split_end_byline
from bot.ingest.cues import closing, column_name, declares, finished, long_title, unfinished
from bot.ingest.lines import CLOSING, LEADER, SUBTITLE_DASHES, TITLE_LIKE, Kind, Unit, is_title_line, page_date
from bot.ingest.sentences import FINAL

MAX_TITLE_LINES = 3
BODY_STARTS = frozenset({Kind.BODY, Kind.MARKED, Kind.DASH, Kind.CREDIT})
_CONTENTS_HEAD = re.compile(r"^[▼▽■□●◆◎★·]?(?:本期|本刊|本版|本周|本月|今日)?(?:要目|导读|目录|标题导航)[:：]?$"
                            r"|^本版标题[:：]?$")
_ENTRY_KINDS = frozenset({Kind.SHORT, Kind.NAMES, Kind.MARKED, Kind.FURNITURE})
MAX_ENTRIES = 20
_UNDER_TITLE = frozenset({Kind.BODY, Kind.START, Kind.CREDIT})
_COMMENTS_HEAD = re.compile(r"^(?:留言|精选留言|留言精选|热门留言|读者留言|评论|热门评论|全部评论|网友评论)"
                            r"(?:[ \t\u3000]*[0-9]+|[ \t\u3000]*[（(][0-9]+[）)])?$")
_LINKS_HEAD = re.compile(r"^[▼▽■□●◆◎★·]?(?:往期推荐|往期回顾|往期精彩|推荐阅读|相关阅读|延伸阅读|相关链接|猜你喜欢"
                         r"|相关推荐|热门推荐)"
                         r"[:：]?$")
_LINK = re.compile(r"^[●○◆◇▶►·•]\s*\S")
_BARE_DATE = re.compile(r"^\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?$")  # a link's date under it
_MAX_COMMENT_LINES = 60
_ATTACHED = re.compile(r"^[0-9０-９]{1,2}[.．、]\s*\S")
_PARTS = re.compile(r"[\u3000]+|[ \t]{2,}")
_RUNNING = 3  # times a short line is printed on a page to be a running header (a title and its contents entry: 2)
# How an entry or a story's title is numbered (一、, （二）, 01, ◎), and an entry's page (……3, 　04).
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]"
                       r"|[0-9０-９]{1,3}(?:[、.．]|[ \t\u3000]+)|[◎◆■●★▲▶►·•])\s*")
_PAGE_TAIL = re.compile(r"(?:[.·…]{2,}|[ \t\u3000]{2,}|\t)\s*[0-9]{1,3}$")


def briefs(units: list[Unit]) -> list[Unit]:
    """``units`` with ▲ lines that are items of a column read as marked titles, not captions: a
    title-like ▲ line with text under it, after a column's name or an item closed by its credit."""
    out = list(units)
    for i in range(1, len(units) - 1):
        unit, before, after = units[i], units[i - 1], units[i + 1]
        if unit.kind is Kind.CAPTION and unit.text[0] in "▲△" and is_title_line(unit.text[1:].strip()) \
                and after.kind is Kind.BODY and (column_name(before.text) or split_end_byline(before.text)):
            out[i] = replace(unit, kind=Kind.MARKED)
    return out


def prepared(units: list[Unit]) -> tuple[list[Unit], frozenset[str]]:
    """``units`` (every line of a page) after the passes below, and the titles its contents boxes list."""
    return contents(briefs(links(comments(attachments(signatures(running_heads(units)))))))


def signatures(units: list[Unit]) -> list[Unit]:
    """``units`` with a union's name alone above a date alone (a notice's signature) as its credit, and
    so the writer's line under a letter's close (此致 / 敬礼！ / 急诊科护士　X / 2025年3月18日)."""
    out = list(units)
    for i in range(1, len(units)):
        before, unit = units[i - 1], units[i]
        signed = (before.kind is Kind.NAMES and is_unit(before.text)) or (
            before.kind in TITLE_LIKE and i >= 2 and CLOSING.match(units[i - 2].text) is not None)
        if unit.kind is Kind.DATELINE and signed and page_date(unit.text):
            out[i - 1] = replace(before, kind=Kind.CREDIT)
    return out


def running_heads(units: list[Unit]) -> list[Unit]:
    """``units`` with a short line printed three times or more on one page (a PDF's running header, a
    site's name above each article it copies) as page furniture, and so a short line one of whose
    parts apart by wide spaces is (调查研究　　　左江工运, 左江工运　2024年第2期): no title is printed
    three times."""
    parts = [_PARTS.split(unit.text.strip()) if unit.kind in TITLE_LIKE else [] for unit in units]
    counts = Counter(part for line in parts for part in dict.fromkeys(line) if part)
    return [replace(unit, kind=Kind.FURNITURE) if any(counts[part] >= _RUNNING for part in line) else unit
            for unit, line in zip(units, parts, strict=True)]


def attachments(units: list[Unit]) -> list[Unit]:
    """``units`` with the numbered lines under a notice's 附件：1.X (2.Y, 3.Z) as its note too."""
    return _listed_under(units, lambda unit: unit.kind is Kind.NOTE and unit.text.startswith("附件"),
                         lambda i: _ATTACHED.match(units[i].text) is not None, Kind.NOTE)


def _listed_under(units: list[Unit], head: Callable[[Unit], bool], item: Callable[[int], bool],
                  kind: Kind) -> list[Unit]:
    """``units`` with the lines right under a ``head`` line that are ``item`` s (by index) as ``kind``."""
    out, listing = list(units), False
    for i, unit in enumerate(units):
        if listing and item(i):
            out[i] = replace(unit, kind=kind)
        else:
            listing = head(unit)
    return out


def comments(units: list[Unit]) -> list[Unit]:
    """``units`` with a WeChat push's readers' comments (精选留言 and what follows it, up to the
    push's counts, 写留言 or 已无更多数据, or to the next push's title, which its account line
    follows) as page furniture: names, comments, likes and the author's replies."""
    out = list(units)
    for i, unit in enumerate(units):
        if not _COMMENTS_HEAD.match(unit.text):
            continue
        end = i
        for j in range(i + 1, min(i + 1 + _MAX_COMMENT_LINES, len(units))):
            if j + 1 < len(units) and units[j + 1].kind is Kind.DATELINE:
                break  # the next push's title
            end = j
            if (units[j].kind is Kind.FURNITURE and units[j].text.startswith(("阅读", "写留言", "已无更多"))) \
                    or units[j].text.startswith(("查看更多", "查看全部", "展开更多", "展开全部")):
                break  # the push's counts, or a site's link to the rest of the comments (查看更多评论＞)
        for j in range(i, end + 1):
            out[j] = replace(units[j], kind=Kind.FURNITURE)
    return out


def links(units: list[Unit]) -> list[Unit]:
    """``units`` with the marked entries under a push's or a site's 往期推荐 (相关阅读, …): links to
    other articles, page furniture (● 关于开展X的通知 is no article here)."""

    def entry(i: int) -> bool:
        unit = units[i]
        marked = _LINK.match(unit.text) is not None and is_title_line(unit.text)
        # an unmarked entry is a title-like line above furniture (its source and count: X · 2.1万阅读) or
        # above its date alone (2024-06-10; an article's own line has its time and source too)
        bare = unit.kind in TITLE_LIKE and i + 1 < len(units) and (
            units[i + 1].kind is Kind.FURNITURE or _dated(units[i + 1]))
        return marked or bare or unit.kind is Kind.FURNITURE or _dated(unit)

    return _listed_under(units, lambda unit: _LINKS_HEAD.match(unit.text) is not None, entry, Kind.FURNITURE)


def _dated(unit: Unit) -> bool:
    return unit.kind is Kind.DATELINE and _BARE_DATE.match(unit.text) is not None


def claims(stream: list[Unit], stops: list[Kind | None]) -> dict[int, int]:
    """First title line -> byline, for each byline with short lines directly above it."""
    claims: dict[int, int] = {}
    floor = 0
    for at, unit in enumerate(stream):
        text_follows = at + 1 < len(stream) and stream[at + 1].kind in BODY_STARTS | {Kind.SHORT}
        if not (unit.kind is Kind.START or (unit.kind is Kind.CREDIT and text_follows)):
            continue  # a credit line with no text under it ends an article; it starts none
        top = at
        while (top > floor and at - top < MAX_TITLE_LINES and stream[top - 1].kind in TITLE_LIKE
               and stops[top] is None):
            top -= 1
        if top < at - 1 and column_name(stream[top].text):
            top += 1  # 江川时评 / 让工匠精神在一线落地生根 / □ X: the column's name is no kicker
        if top < at - 1 and stream[top].kind is Kind.NAMES and top > 0 and finished(stream[top - 1]):
            top += 1  # names after a finished paragraph end the article above
        while top < at - 1 and top > 0 and closing(stream[top - 1]) and stream[top].kind is Kind.SHORT \
                and declares(stream[top].text):
            top += 1  # so does a short closing sentence (…好好干！”): it is no kicker
        while top < at - 1 and top > 0 and unfinished(stream[top - 1]):
            top += 1  # a line after a sentence cut mid-way continues that sentence; it is no kicker
        if top == at > floor and long_title(stream[at - 1]) and (at == 1 or not unfinished(stream[at - 2])):
            top -= 1  # a title too long for a title line, but no sentence: a long title (a doubt says so)
        if top < at:
            claims[top] = at
            floor = at + 1
    return claims


def listed(text: str) -> str:
    """A contents entry or a title as the contents box lists it: unnumbered, without its page, unspaced."""
    return "".join(_PAGE_TAIL.sub("", NUMBERING.sub("", text)).split())


def _entries(units: list[Unit], first: int) -> list[int]:
    """The entries of the contents box whose head is above ``first``."""
    entries: list[int] = []
    seen: set[str] = set()
    for j in range(first, min(first + MAX_ENTRIES, len(units))):
        entry = units[j]
        # the box ends at a line that is no entry, at a story's title (text, a byline or a ——subtitle
        # under it), or a repeat
        under = units[j + 1] if j + 1 < len(units) else None
        if entry.kind not in _ENTRY_KINDS or FINAL.intersection(entry.text) or listed(entry.text) in seen \
                or (under is not None and (under.kind in _UNDER_TITLE or _subtitle(under.text))):
            break
        entries.append(j)
        seen.add(listed(entry.text))
    numbered = [k for k, j in enumerate(entries) if _numbered(units[j].text)]
    if len(numbered) >= 2 and numbered[0] <= 1:
        # Entries marked alike (◆ X ……1版, 1. X): unmarked lines after the last are the first story's
        # title block (引题 / 主题 set over two lines), not entries.
        del entries[numbered[-1] + 1:]
    return entries


def _numbered(text: str) -> bool:
    """A contents entry with its number or its page (1. X, ◆ X ……1版, X　04)."""
    return NUMBERING.match(text) is not None or _PAGE_TAIL.search(text) is not None


def _subtitle(text: str) -> bool:
    """A story's subtitle (——访…), not an entry's second line (——访…………本刊记者 X)."""
    return text.startswith(SUBTITLE_DASHES) and LEADER.search(text) is None


def contents(units: list[Unit]) -> tuple[list[Unit], frozenset[str]]:
    """``units`` with each contents box (本期要目 and its entries) as page furniture, and the titles the
    boxes list: a story whose title line says the same is a story, whatever its numbering (一、X, 01)."""
    out, titles, columns = list(units), set(), set()
    for i, unit in enumerate(units):
        if not _CONTENTS_HEAD.match("".join(unit.text.split()).strip("【】[]")):
            continue
        entries = _entries(units, i + 1)
        if len(entries) >= 2:
            titles |= {listed(units[j].text) for j in entries}
            for j in (i, *entries):
                out[j] = replace(units[j], kind=Kind.FURNITURE)
            numbered = [j for j in entries if _numbered(units[j].text)]
            if len(numbered) >= 2:  # where stories have a number or a page, a bare entry is a column's name
                columns |= {listed(units[j].text) for j in entries if j not in numbered}
    titles -= columns
    for j, unit in enumerate(out):  # the column's name above its stories is no title
        if unit.kind in TITLE_LIKE and listed(unit.text) in columns:
            out[j] = replace(unit, kind=Kind.FURNITURE)
    return out, frozenset(title for title in titles if len(title) >= 4 and not column_name(title))  # 基层动态: a column
