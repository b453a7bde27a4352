"""Seed files in, articles out: the façade of :mod:`bot.ingest` used by ``build`` and ``inspect``.

A document (see :mod:`bot.ingest.formats`) is read line by line: each line is classified
(:mod:`bot.ingest.lines`), the page is split into articles (:mod:`bot.ingest.split`), each article's
byline is read (:mod:`bot.ingest.bylines`) and its body repaired (:mod:`bot.ingest.repairs`). Nothing
is dropped silently: what is in no article is set aside with a reason (:mod:`bot.ingest.accounting`),
and doubtful splits are reported with their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from bot.core.errors import SeedError
from bot.core.model import Article, Paragraph, article_id
from bot.ingest.accounting import Doubt, Reading, SetAside
from bot.ingest.blocks import listed as listed_form
from bot.ingest.bylines import Byline, credit_byline, is_names, is_unit, split_end_byline, start_byline
from bot.ingest.cues import ITEM_NUMBER
from bot.ingest.drafts import Draft
from bot.ingest.formats import is_skipped, read_document
from bot.ingest.lines import SUBTITLE_DASHES, Kind, classify, page_date, split_end_mark
from bot.ingest.repairs import BodyLine, dedupe, despaced, questions, radicals, rejoin, unwrap
from bot.ingest.sentences import split_sentences, terminated
from bot.ingest.split import split_units

__all__ = ["SeedReport", "TitleBlock", "no_article", "parse_page", "read_file", "read_page", "read_seeds",
           "title_block"]

SHORT_ARTICLE = 30  # characters: an article of one paragraph shorter than this (a sentence) is doubtful
_DATED = frozenset({Kind.FURNITURE.value, Kind.DATELINE.value})
_RUNS_ON = frozenset("的之与和及对在为把向从将被让使")  # a title line ending so goes on on the next line
_UNION_ENDS = ("总工会", "工会委员会", "工会联合会", "公司", "集团")
_GOES_ON = frozenset("暨及")  # a title line starting so goes on from the line above (…启动“金秋助学” / 暨…行动)
_AUTHOR_FIELD = re.compile(r"(?:^|\s)作者\s*[:：]")
_FIELD_END = re.compile(r"[ \t\u3000]{2,}|[ \t\u3000]+(?=\S{1,6}[:：])")  # the next field, 浏览次数：…
_FIELD_MARK = frozenset(":：")
_FACT_LEAD = ("今年以来", "年内", "截至", "目前", "近年来", "去年以来", "此前")
_CREDIT_MARK = re.compile(r"[:：/／]")  # 文／X律师事务所律师　Y
# 作者：X工会宣教部
_CREDIT_LABEL = re.compile(r"^(?:作者|文|图|文/图|文／图|口述|整理|解答|撰稿|供稿|来源)\s*[:：/／｜|]")


@dataclass
class SeedReport:
    """Every seed file read: one Reading per file that gave articles, one error line per other file."""

    readings: list[Reading] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [article for reading in self.readings for article in reading.articles]


def read_seeds(directory: Path) -> SeedReport:
    """Read every seed file in ``directory`` (sorted); a bad file becomes an error line, not a stop."""
    report = SeedReport()
    if not directory.is_dir():
        report.errors.append(f"{directory}: no such seed directory")
        return report
    for path in sorted(directory.iterdir()):
        if is_skipped(path):
            continue
        try:
            reading = read_file(path)
        except SeedError as exc:
            report.errors.append(str(exc))
            continue
        if reading.articles:
            report.readings.append(reading)
        else:
            report.errors.append(no_article(path.name))
    return report


def no_article(file: str) -> str:
    """The error line of a file that holds no article."""
    return (f"{file}: no article found (an article starts with its title on a line of its own, then its text); "
            "nothing was built from this file")


def read_file(path: Path) -> Reading:
    """How one file reads (perhaps with no article in it); SeedError when it cannot be read."""
    document = read_document(path)
    reading = read_page(document.text, file=path.name, outside=document.outside)
    if document.doubt:
        return replace(reading, doubts=(Doubt(1, document.doubt), *reading.doubts))
    return reading


def parse_page(text: str, *, file: str) -> list[Article]:
    """The articles of one page of text, in page order; ``file`` is the seed file name."""
    return list(read_page(text, file=file).articles)


def read_page(text: str, *, file: str, outside: str = "") -> Reading:
    """How one document's text splits into articles, what is set aside and where the split is doubtful."""
    lines = [(number, despaced(line.rstrip())) for number, line in enumerate(radicals(text).split("\n"), start=1)
             if line.strip()]
    units = [classify(number, line) for number, line in questions(unwrap(lines))]  # a column's width holds its indent
    split = split_units(units)
    set_aside, doubts = list(split.set_aside), list(split.doubts)
    if outside.strip():
        set_aside.append(SetAside(line=0, reason="web page outside its main text", text=outside))
    first = split.drafts[0].line if split.drafts else len(units) + 1
    date = next((d for piece in set_aside if piece.reason in _DATED and piece.line < first
                 and (d := page_date(piece.text))), None)
    articles: list[Article] = []
    starts: list[int] = []
    seen: dict[str, int] = {}
    for draft in split.drafts:
        block = title_block(draft.titles, listed=split.listed)
        title = block.title
        seen[title] = seen.get(title, 0) + 1
        # a second article with the same title on the page still needs its own stable id
        key = title if seen[title] == 1 else f"{title}\n{seen[title]}"
        article = _article(file, article_id(file, key), draft, block, date, set_aside, doubts)
        if article is not None:  # (an article without text sets its title lines aside whole)
            set_aside.extend(_title_marks(draft))
            articles.append(article)
            starts.append(draft.line)
    return Reading(file=file, text=text, outside=outside, articles=tuple(articles), starts=tuple(starts),
                   set_aside=tuple(sorted(set_aside, key=lambda p: p.line)),
                   doubts=tuple(sorted(doubts, key=lambda d: d.line)))


class TitleBlock(NamedTuple):
    """A title block read: its lines above the main title (引题), the main title, its lines under it."""

    kickers: tuple[str, ...]
    title: str
    subtitles: tuple[str, ...]


def title_block(titles: list[str], *, listed: frozenset[str] = frozenset()) -> TitleBlock:
    """The main title of a title block and its other lines, in page order. The first line is the main
    title, unless a subtitle (——…) stands under a later line: then that line is, and the lines above
    it are kickers (引题: 两会代表话工会 / 让技能人才“有奔头” / ——访市人大代表…). Three lines with
    no dash are kicker, main title and subtitle (引题, 主题, 副题), as 22 of 22 such blocks on the
    paper sets of ``benchmarks/ingest_papers.py`` are; two are kicker and main title (:func:`_kicked`).
    Where the page's
    contents box lists one of the lines, or two lines run together (a title set over two lines), that
    is the main title, whatever its place (``listed``: the box's titles, :func:`blocks.listed` form).
    A line that ends on a word that cannot end a title (…建设的 / 实践与思考) runs on on the next. A
    title line's brackets (【…】) and item number (1. 一、) are no part of the title."""
    titles = [_bare(line) for line in titles]
    named = _listed_title(titles, listed)
    if named is not None:
        return named
    titles = _run_on(titles)
    dashed = next((i for i, line in enumerate(titles) if i >= 2 and line.startswith(SUBTITLE_DASHES)), None)
    middle = len(titles) == 3 and not titles[1].startswith(SUBTITLE_DASHES)  # 主题 / ——副题 / …: the first is
    main = dashed - 1 if dashed is not None else 1 if middle or _kicked(titles) else 0
    return TitleBlock(kickers=tuple(titles[:main]), title=titles[main], subtitles=tuple(titles[main + 1:]))


def _kicked(titles: list[str]) -> bool:
    """Two lines with no dash: a kicker (引题: 聚焦产业工人队伍建设改革, a column's name, a slogan) above
    the main title, as 56 of 63 such blocks on the paper sets are; unless the second line is the
    writer's name or credit that the byline search left in the block (父亲的扳手 / X中心　罗晓岚)."""
    if len(titles) != 2 or titles[1].startswith(SUBTITLE_DASHES):
        return False
    second = titles[1]
    if start_byline(second) or credit_byline(second) or is_names(second) or second.startswith(_FACT_LEAD):
        return False  # the writer, or a subtitle stating a fact (今年以来累计追回欠薪2.1亿元)
    return not (_CREDIT_LABEL.match(second) or (_CREDIT_MARK.search(second) and len(second.split()) > 1))


def _title_marks(draft: Draft) -> list[SetAside]:
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


def _run_on(titles: list[str]) -> list[str]:
    out: list[str] = []
    for line in titles:
        if out and (out[-1][-1:] in _RUNS_ON or line[:1] in _GOES_ON or _union(out[-1])):
            out[-1] += line
        else:
            out.append(line)
    return out


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


def _article(file: str, identifier: str, draft: Draft, block: TitleBlock, date: str | None,
             set_aside: list[SetAside], doubts: list[Doubt]) -> Article | None:
    title = block.title
    body, end_bylines = _end_of_body(draft, set_aside)
    byline = draft.byline or (None if end_bylines else _meta_author(draft, set_aside))
    if byline is None and end_bylines:
        line, text = end_bylines.pop(0)
        byline = credit_byline(text) or Byline(text)
    for line, text in end_bylines:
        set_aside.append(SetAside(line=line, reason="second byline", text=text))
        doubts.append(Doubt(line, f"two bylines in one article 《{title}》: {byline.text if byline else ''} / {text}"))
    blocks, removed = dedupe(rejoin(body))
    set_aside.extend(SetAside(line=line, reason="repeated by the layout", text=text) for line, text in removed)
    if not blocks:
        head = [*draft.titles, byline.text if byline else ""]
        set_aside.append(SetAside(line=draft.line, reason="title without text",
                                  text=" ".join(part for part in head if part)))
        doubts.append(Doubt(draft.line, f"《{title}》 has a title but no text"))
        return None
    paragraphs = tuple(
        Paragraph(number=number, text=block.text,
                  sentences=(block.text,) if block.heading else split_sentences(block.text),
                  kind="heading" if block.heading else "text",
                  truncated=number == len(blocks) and not block.heading and not terminated(block.text))
        for number, block in enumerate(blocks, start=1))
    if len(paragraphs) == 1 and len(paragraphs[0].text) < SHORT_ARTICLE:
        doubts.append(Doubt(draft.line, f"an article of one short paragraph ({len(paragraphs[0].text)} "
                                        f"characters): 《{title}》"))
    return Article(id=identifier, file=file, kickers=block.kickers, title=title, subtitles=block.subtitles,
                   byline=byline.text if byline else "", reporters=byline.reporters if byline else (),
                   correspondents=byline.correspondents if byline else (), paragraphs=paragraphs,
                   date=_dateline(draft, set_aside) or date)


def _end_of_body(draft: Draft, set_aside: list[SetAside]) -> tuple[list[BodyLine], list[tuple[int, str]]]:
    """The body without an end mark or a bracketed byline closing its last line, and the end bylines."""
    body, end_bylines = list(draft.body), list(draft.end_bylines)
    if not body:
        return body, end_bylines
    last = body[-1]
    text = last.text
    if mark := split_end_mark(text):
        text = mark[0]
        set_aside.append(SetAside(line=last.line, reason=Kind.END_MARK.value, text=mark[1]))
    if credit := split_end_byline(text):
        text = credit[0]
        end_bylines.insert(0, (last.line, credit[1]))
    body[-1] = BodyLine(last.line, text, lead=last.lead, kind=last.kind)
    return body, end_bylines


def _meta_author(draft: Draft, set_aside: list[SetAside]) -> Byline | None:
    """The writer a web page's line about the article names (发布时间：X　来源：Y　作者：杨　帆　浏览…),
    taken out of that line, which stays set aside without it."""
    first = draft.body[0].line if draft.body else draft.line
    for at, piece in _datelines(set_aside, draft.line, first):
        found = _AUTHOR_FIELD.search(piece.text)
        if found:
            name = _FIELD_END.split(piece.text[found.end():].strip(), maxsplit=1)[0]
            if 2 <= len("".join(name.split())) <= 12 and not _FIELD_MARK.intersection(name):
                end = piece.text.index(name, found.end()) + len(name)
                set_aside[at] = replace(piece, text=piece.text[:found.start()] + piece.text[end:])
                return Byline(piece.text[found.start():end].strip())
    return None


def _dateline(draft: Draft, set_aside: list[SetAside]) -> str | None:
    """The date of a dateline inside the article (a web page's 发布时间 under its title)."""
    last = draft.body[-1].line if draft.body else draft.line
    return next((d for _, piece in _datelines(set_aside, draft.line, last) if (d := page_date(piece.text))), None)


def _datelines(set_aside: list[SetAside], first: int, last: int) -> Iterator[tuple[int, SetAside]]:
    """The datelines set aside between lines ``first`` and ``last``, with their place in ``set_aside``."""
    return ((at, piece) for at, piece in enumerate(set_aside)
            if piece.reason == Kind.DATELINE.value and first <= piece.line <= last)
