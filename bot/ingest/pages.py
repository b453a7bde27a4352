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

from bot.core.errors import SeedError
from bot.core.model import Article, Paragraph, article_id
from bot.ingest.accounting import Doubt, Reading, SetAside
from bot.ingest.bylines import Byline, credit_byline, split_end_byline
from bot.ingest.drafts import Draft
from bot.ingest.formats import is_skipped, read_document
from bot.ingest.lines import Kind, classify, page_date, split_end_mark
from bot.ingest.repairs import BodyLine, dedupe, despaced, pictographs, questions, radicals, rejoin, unwrap
from bot.ingest.sentences import split_sentences, terminated
from bot.ingest.split import split_units
from bot.ingest.titles import TitleBlock, title_block, title_credit, title_marks, title_width

__all__ = ["SeedReport", "no_article", "parse_page", "read_file", "read_page", "read_seeds"]

SHORT_ARTICLE = 30  # characters: an article of one paragraph shorter than this (a sentence) is doubtful
_DATED = frozenset({Kind.FURNITURE.value, Kind.DATELINE.value})
_AUTHOR_FIELD = re.compile(r"(?:^|\s)作者\s*[:：]")
_BARE = re.compile(r"^[\u4e00-\u9fff]{0,6}[报刊台网社]讯$")  # 本报讯, X日报讯: a dateline that names nobody
_FIELD_END = re.compile(r"[ \t\u3000]{2,}|[ \t\u3000]+(?=\S{1,6}[:：])")  # the next field, 浏览次数：…
_FIELD_MARK = frozenset(":：")


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
    text = radicals(text)  # one character for one: line numbers and the account hold (see accounting)
    plain, emoji = pictographs(text)
    lines = [(number, despaced(line.rstrip())) for number, line in enumerate(plain.split("\n"), start=1)
             if line.strip()]
    units = [classify(number, line) for number, line in questions(unwrap(lines))]  # a column's width holds its indent
    split = split_units(units)
    set_aside, doubts = list(split.set_aside), list(split.doubts)
    if outside.strip():
        set_aside.append(SetAside(line=0, reason="web page outside its main text", text=outside))
    if emoji:
        set_aside.append(SetAside(line=0, reason="emoji", text=emoji))
    first = split.drafts[0].line if split.drafts else len(units) + 1
    date = next((d for piece in set_aside if piece.reason in _DATED and piece.line < first
                 and (d := page_date(piece.text))), None)
    articles: list[Article] = []
    starts: list[int] = []
    seen: dict[str, int] = {}
    width = title_width([draft.titles for draft in split.drafts])
    for draft in split.drafts:
        block = title_block(draft.titles, listed=split.listed, width=width)
        if draft.byline is None and (credited := title_credit(block.title)):
            block, draft = block._replace(title=credited[0]), replace(draft, byline=credited[1])
        title = block.title
        seen[title] = seen.get(title, 0) + 1
        # a second article with the same title on the page still needs its own stable id
        key = title if seen[title] == 1 else f"{title}\n{seen[title]}"
        article = _article(file, article_id(file, key), draft, block, date, set_aside, doubts)
        if article is not None:  # (an article without text sets its title lines aside whole)
            set_aside.extend(title_marks(draft))
            articles.append(article)
            starts.append(draft.line)
    return Reading(file=file, text=text, outside=outside, articles=tuple(articles), starts=tuple(starts),
                   set_aside=tuple(sorted(set_aside, key=lambda p: p.line)),
                   doubts=tuple(sorted(doubts, key=lambda d: d.line)))


def _article(file: str, identifier: str, draft: Draft, block: TitleBlock, date: str | None,
             set_aside: list[SetAside], doubts: list[Doubt]) -> Article | None:
    title = block.title
    body, end_bylines = _end_of_body(draft, set_aside)
    byline = draft.byline or (None if end_bylines else _meta_author(draft, set_aside))
    if end_bylines and (byline is None or _BARE.match(byline.text)):
        _, text = end_bylines.pop(0)
        credit = credit_byline(text) or Byline(text)
        # 本报讯 … （记者 X）: the end credit names the writers the dateline did not
        byline = credit if byline is None else replace(credit, text=f"{byline.text} {credit.text}", lead=byline.lead)
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
