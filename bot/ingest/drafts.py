"""The state of a page's walk (:mod:`bot.ingest.split`) and the moves that change it: the drafts of
the articles found so far, what is set aside, and how a title, an item, a run-in title, a line of
text or an end byline is added. :mod:`bot.ingest.split` decides which move each line makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.accounting import Doubt, SetAside
from bot.ingest.bylines import Byline, credit_byline, split_end_byline
from bot.ingest.cues import ITEM_MARK
from bot.ingest.lines import TITLE_LIKE, Kind, Unit, dash_title, split_end_mark
from bot.ingest.repairs import BodyLine
from bot.ingest.sentences import terminated


@dataclass
class Draft:
    """An article as found on the page, before its body is repaired."""

    line: int
    titles: list[str]
    byline: Byline | None = None
    body: list[BodyLine] = field(default_factory=list)
    end_bylines: list[tuple[int, str]] = field(default_factory=list)
    dash: bool = False
    mid_page: bool = False  # started by short lines after a finished paragraph, not where a title must stand
    marked: bool = False  # an item of a column opened by its mark (■X): the next ■ title opens the next


@dataclass
class Split:
    """A page walked: its drafts in page order, what was set aside, the doubts, the listed titles."""

    drafts: list[Draft] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    listed: frozenset[str] = frozenset()  # the titles the page's contents boxes list (blocks.listed form)


@dataclass
class Walk:
    """Where the walk over a page's stream of lines stands (see :func:`bot.ingest.split.split_units`)."""

    stream: list[Unit]
    stops: list[Kind | None]  # the set-aside kind that stands just before each stream unit (and after the
    # last one), if it stops text
    claims: dict[int, int]  # first title line -> byline, for bylines with a title block above them
    out: Split = field(default_factory=Split)
    ended: bool = True  # a title may start here: top of the document, or the article above has ended

    @property
    def current(self) -> Draft | None:
        return self.out.drafts[-1] if self.out.drafts else None


def aside(walk: Walk, start: int, end: int) -> int:
    """Lines ``start`` to ``end`` set aside as short lines outside any article; returns ``end``."""
    for lone in walk.stream[start:end]:
        walk.out.set_aside.append(SetAside(line=lone.line, reason="short line outside any article", text=lone.text))
    return end


def open_item(walk: Walk, i: int, mark: re.Match[str] | None, reason: str) -> int:
    """An item titled by the line at ``i`` without its ``mark`` (set aside for ``reason``): a story a
    contents box lists (一、X, 01 X, or unnumbered), an item of a column marked by a symbol (◆X, after
    the column's name or an item that ended) or a report's numbered news item (1．X)."""
    unit = walk.stream[i]
    if mark is not None:
        walk.out.set_aside.append(SetAside(line=unit.line, reason=reason, text=mark.group(0)))
    walk.out.drafts.append(Draft(unit.line, [unit.text[mark.end():] if mark else unit.text],
                                 marked=mark is not None and ITEM_MARK.match(unit.text) is not None))
    walk.ended = False
    if i + 1 < len(walk.stream) and walk.stream[i + 1].kind is Kind.CREDIT:  # ■标题 / 文图／X: its byline
        walk.out.drafts[-1].byline = credit_byline(walk.stream[i + 1].text) or Byline(walk.stream[i + 1].text)
        return i + 2
    return i + 1


def open_dash(walk: Walk, i: int) -> int:
    """An article titled by the line at ``i`` that runs into its text (标题——正文, 【标题】正文)."""
    unit = walk.stream[i]
    parts = dash_title(unit.text)
    assert parts is not None
    title, dash, body = parts
    walk.out.drafts.append(Draft(unit.line, [title], body=[BodyLine(unit.line, body, lead=True)], dash=True))
    walk.out.set_aside.append(SetAside(line=unit.line, reason="dash after a run-in title", text=dash))
    walk.ended = False
    return i + 1


def end_byline(walk: Walk, i: int) -> int:
    """The line at ``i`` closes the current article as its end byline; the article has ended."""
    unit, draft = walk.stream[i], walk.current
    if draft is None:
        walk.out.set_aside.append(SetAside(line=unit.line, reason="text before the first title", text=unit.text))
    else:
        if draft.byline is not None or draft.end_bylines:
            draft = _split_at_heading(walk, draft)
        draft.end_bylines.append((unit.line, unit.text))
    walk.ended = True
    return i + 1


def _split_at_heading(walk: Walk, draft: Draft) -> Draft:
    """An article with a byline that gets another at its end: its last short line after a finished
    paragraph was the title of an article without a byline of its own, which this end byline closes."""
    for at in range(len(draft.body) - 2, 0, -1):
        line, before = draft.body[at], draft.body[at - 1]
        if line.kind in TITLE_LIKE and before.kind in (Kind.BODY, Kind.DASH) and terminated(before.text):
            tail = Draft(line.line, [line.text], body=draft.body[at + 1:])
            del draft.body[at:]
            walk.out.drafts.append(tail)
            return tail
    return draft


def add_text(walk: Walk, unit: Unit) -> None:
    """``unit`` as a line of the current article's text (or set aside, before the first title)."""
    draft = walk.current
    if draft is None:
        walk.out.set_aside.append(SetAside(line=unit.line, reason="text before the first title", text=unit.text))
        return
    if walk.ended:
        walk.out.doubts.append(Doubt(unit.line, f"text after the end of 《{draft.titles[0]}》 has no title of "
                                                "its own; it is kept in that article"))
        walk.ended = False
    if unit.kind is Kind.START:
        walk.out.doubts.append(Doubt(unit.line, f"a byline without a title above it; it is kept as text in "
                                                f"《{draft.titles[0]}》"))
    draft.body.append(BodyLine(unit.line, unit.text, kind=unit.kind))
    if split_end_byline(unit.text) or split_end_mark(unit.text):
        walk.ended = True  # a paragraph closed by （王和平） or （完） ends its article
