"""Page splitting: where each article starts, what its title block and byline are, what its body is.

An article starts at

1. a title block (1–3 short lines) directly above a byline that starts an article (``本报讯 …``, or a
   credit line such as ``记者 X`` between the title and the text);
2. a title block followed by text where a title may stand: at the top of the document, after page
   furniture (a new page), after an end mark, an editor's line or an end byline;
3. two or three short lines after a finished paragraph, followed by text (引题/主题/副题 without a
   byline), or one such line of HEADLINE_MIN characters or more (LEAD_HEADLINE_MIN above a news lead,
   ``5月18日，`` ``近日，``): a shorter single line there is a section heading of the article above (the
   longest seen in union pages has 13 characters);
4. a title running into its text (``标题——正文``, ``【标题】正文``, ``■标题　正文``) where a title may
   stand, after a column heading (a short line such as ``简讯`` above two or more of them) or after
   another such article;
5. a report's numbered news item (``1．X``, or ``一、X`` over a news lead) after a finished paragraph,
   a section's heading or an item's closing credit, and a title a contents box lists.

A column's name (``一线传真``, ``以案说法``) above a title block is set aside, and so is a short line
with nothing under it before page furniture (``本期导读`` above a contents box). A short line ending in
。 or ！ after a finished paragraph closes that article: no title of 330 union stories ends so.

An article ends where the next starts, at an end mark or editor's line, or at an end byline: a credit
line, names in brackets, or names alone after the last paragraph (or after a short closing
sentence, 让我们携起手来…！) when a title or nothing follows. A title block holds no signature.
Text that cannot belong to a titled article is set aside ("text before the first title"); text after
an article's end with no title of its own stays in that article, and a doubt says so.
"""

from __future__ import annotations

import re

from bot.ingest.accounting import Doubt, SetAside
from bot.ingest.blocks import BODY_STARTS, MAX_TITLE_LINES, NUMBERING, claims, listed, prepared
from bot.ingest.bylines import Byline, credit_byline, start_byline
from bot.ingest.cues import (
    COLUMN_MAX,
    ITEM_MARK,
    ITEM_NUMBER,
    closing,
    column_name,
    declares,
    label,
    long_title,
    news_item,
    news_lead,
    signature,
)
from bot.ingest.drafts import Draft, Split, Walk, add_text, aside, end_byline, open_dash, open_item
from bot.ingest.lines import ENDS_ARTICLE, SET_ASIDE, TITLE_LIKE, Kind, Unit
from bot.ingest.repairs import BodyLine

HEADLINE_MIN = 14  # characters: a lone short line after a finished paragraph titles a new article
# ... and one of 8 or more when a news lead follows it (5月18日，近日，): no section heading of our
# pages is followed by one; 118 of 330 union stories open so.
LEAD_HEADLINE_MIN = 8
_PART_NUMBER = re.compile(r"^[0-9０-９]{1,2}[ \u3000]")  # 02　从“歇脚点”到“娘家”: a feature's part, no title


def split_units(units: list[Unit]) -> Split:
    """The drafts of the articles in ``units`` (every line of a document), and what was set aside."""
    stream: list[Unit] = []
    stops: list[Kind | None] = []
    pending: Kind | None = None
    out = Split()
    units, out.listed = prepared(units)
    for unit in units:
        if unit.kind in SET_ASIDE:
            out.set_aside.append(SetAside(line=unit.line, reason=unit.kind.value, text=unit.text))
            if unit.kind is Kind.FURNITURE or unit.kind in ENDS_ARTICLE:
                pending = unit.kind if pending is None or unit.kind in ENDS_ARTICLE else pending
            continue
        stream.append(unit)
        stops.append(pending)
        pending = None
    stops.append(pending)  # what stops text after the last line, at stops[len(stream)]
    walk = Walk(stream=stream, stops=stops, claims=claims(stream, stops), out=out)
    i = 0
    while i < len(stream):
        i = _step(walk, i)
    if any(draft.byline for draft in out.drafts):
        out.doubts.extend(
            Doubt(draft.line, f"an article without a byline among articles with one: 《{draft.titles[0]}》 "
                              "(a title, or section headings of the article above?)")
            for draft in out.drafts if draft.mid_page and not draft.byline and not draft.end_bylines)
    return walk.out


def _step(walk: Walk, i: int) -> int:
    """Take the unit at ``i`` (and those that go with it); returns the index of the next one."""
    stream, unit = walk.stream, walk.stream[i]
    if walk.stops[i] in ENDS_ARTICLE:
        walk.ended = True
    open_here = walk.ended or walk.stops[i] is Kind.FURNITURE
    if i in walk.claims:
        return _open(walk, i, walk.claims[i])
    if walk.out.listed and unit.kind is not Kind.BODY and listed(unit.text) in walk.out.listed:
        return open_item(walk, i, NUMBERING.match(unit.text), "number before a title")
    if unit.kind is Kind.NAMES and not open_here and i > 0 and closing(stream[i - 1]) and _ends_here(walk, i + 1) \
            and not column_name(unit.text):
        return end_byline(walk, i)
    if unit.kind in (Kind.CREDIT, Kind.BRACKETED):
        return end_byline(walk, i)
    if unit.kind is Kind.SHORT and not open_here and i > 0 and closing(stream[i - 1]) and declares(unit.text):
        add_text(walk, unit)  # a short closing sentence (…好好干！”), not a title: no title of 330 ends so
        return i + 1
    if unit.kind in TITLE_LIKE:
        taken = _short_lines(walk, i, open_here=open_here)
        if taken is not None:
            return taken
    if unit.kind is Kind.MARKED and i + 1 < len(stream) and stream[i + 1].kind in (Kind.BODY, Kind.CREDIT) and (
            ((open_here or (walk.current is not None and walk.current.marked)) and ITEM_MARK.match(unit.text))
            or (news_item(unit, stream[i + 1]) and _item_may_open(walk, i))):
        return open_item(walk, i, ITEM_MARK.match(unit.text) or ITEM_NUMBER.match(unit.text), "mark before a title")
    if unit.kind is Kind.MARKED and walk.ended and walk.current is not None and walk.current.end_bylines:
        # 二、经验借鉴 after an item's closing credit heads the next items, not a part of that one
        walk.out.set_aside.append(SetAside(line=unit.line, reason="section heading between articles", text=unit.text))
        return i + 1
    if unit.kind is Kind.DASH and (open_here or (walk.current is not None and walk.current.dash)):
        return open_dash(walk, i)
    if i == 0 and len(stream) > 1 and long_title(unit):
        return _open(walk, i, None, end=i + 1)
    add_text(walk, unit)
    return i + 1


def _item_may_open(walk: Walk, i: int) -> bool:
    """Whether a numbered news item (1．X) may open an article at ``i``: where the one above has
    ended (its text closed, its source or credit given, or it announces what follows: …汇报如下：)
    or none has begun."""
    j = i - 1
    while j >= 0 and walk.stream[j].kind is Kind.MARKED:  # （一）组织建设 heads the items under it
        j -= 1
    return (walk.ended or walk.current is None or all(line.marked for line in walk.current.body) or j < 0
            or closing(walk.stream[j]) or walk.stream[j].text.endswith(("：", ":")))


def _short_lines(walk: Walk, i: int, *, open_here: bool) -> int | None:
    """The run of short lines at ``i`` as a title block, a column's name or a label set aside (the index
    after what was taken), or None: they are text of the article above (a section heading)."""
    stream, unit = walk.stream, walk.stream[i]
    end = _title_run(walk, i)
    after_paragraph = i > 0 and closing(stream[i - 1])
    if after_paragraph and walk.stops[end] is not None and all(label(u.text) for u in stream[i:end]) \
            and not (end == i + 1 and len(unit.text) >= HEADLINE_MIN and end < len(stream)
                     and stream[end].kind is Kind.BODY):
        return aside(walk, i, end)  # 本期导读 above a contents box: a label of the page, no heading
    # (a headline above a label of its text, 案例二：X / 【基本案情】 / text, is a title)
    # A column's heading: a column's name above items (一线传真 / 南塘镇为环卫工人送冬衣), or any short line
    # above two or more titles running into their text.
    items = end - i >= 2 or end in walk.claims or (end < len(stream) and stream[end].kind in (Kind.MARKED, Kind.DASH))
    if ((items and column_name(unit.text)) or (end == i + 1 and len(unit.text) <= COLUMN_MAX and _column(walk, end))) \
            and (open_here or after_paragraph):
        walk.out.set_aside.append(SetAside(line=unit.line, reason="column heading", text=unit.text))
        walk.ended = True
        return i + 1
    headline = end - i >= 2 or (len(unit.text) >= HEADLINE_MIN and not _PART_NUMBER.match(unit.text)) or (
        end < len(stream) and len(unit.text) >= LEAD_HEADLINE_MIN and news_lead(stream[end]))
    # A title stands right above its text: the lines of a masthead at the top (工 作 简 报 / 第5期 / …) are
    # apart from it, unless a byline follows (a news app's title, its time and buttons, 作者：X). Further
    # down a page's controls may come between: 【字体：大 中 小】.
    if end < len(stream) and stream[end].kind in BODY_STARTS and walk.stops[end] not in ENDS_ARTICLE \
            and (walk.stops[end] is None or i > 0 or stream[end].kind is Kind.CREDIT) and (
            open_here or (after_paragraph and headline)):
        _open(walk, i, end if stream[end].kind is Kind.CREDIT else None, end=end)
        walk.out.drafts[-1].mid_page = not open_here
        return end + (stream[end].kind is Kind.CREDIT)
    if open_here and (end == len(stream) or walk.stops[end] is not None or end in walk.claims):
        return aside(walk, i, end)
    return None


def _column(walk: Walk, i: int) -> bool:
    """Whether titles running into their text with a dash follow at ``i``: two or more, a column."""
    kinds = [unit.kind for unit in walk.stream[i:i + 2]]
    return kinds == [Kind.DASH, Kind.DASH] and walk.stops[i + 1] is None


def _title_run(walk: Walk, i: int) -> int:
    end = i
    # A title block holds no signature (X市总工会 2024年7月8日): it ends the article above.
    while (end < len(walk.stream) and walk.stream[end].kind in TITLE_LIKE
           and (end == i or (walk.stops[end] is None and end not in walk.claims and not signature(walk.stream[end])))):
        end += 1
    return end


def _ends_here(walk: Walk, i: int) -> bool:
    """Whether an article ends before ``i``: nothing follows, a stop, a byline's title, or a new title."""
    if i >= len(walk.stream) or walk.stops[i] is not None or i in walk.claims:
        return True
    end = _title_run(walk, i)
    return end > i and end < len(walk.stream) and walk.stream[end].kind in BODY_STARTS


def _open(walk: Walk, top: int, byline_at: int | None, *, end: int | None = None) -> int:
    """A new article: title lines ``top`` up to the byline (or ``end``), then the byline's lead."""
    stream = walk.stream
    last = byline_at if byline_at is not None else end
    assert last is not None
    titles = [unit.text for unit in stream[top:last]]
    extra = len(titles) - MAX_TITLE_LINES
    aside(walk, top, top + max(extra, 0))
    draft = Draft(stream[top + max(extra, 0)].line, titles[max(extra, 0):])
    walk.out.doubts.extend(Doubt(unit.line, f"a title longer than a sentence ({len(unit.text)} characters)")
                           for unit in stream[top:last] if unit.kind is Kind.BODY)
    walk.out.drafts.append(draft)
    walk.ended = False
    if byline_at is None:
        if len(draft.titles) >= 2 and stream[last - 1].kind is Kind.NAMES and draft.titles[-2].startswith("——"):
            draft.titles.pop()  # 讲话标题 / ——在…上的讲话 / 周立新: the speaker's name under the subtitle
            draft.byline = Byline(stream[last - 1].text)
        return last
    unit = stream[byline_at]
    # a credit the page's passes made (a notice's signature) may be no credit line: it stays as written
    draft.byline = (start_byline(unit.text) if unit.kind is Kind.START else credit_byline(unit.text)) \
        or Byline(unit.text)
    if draft.byline and draft.byline.lead:
        draft.body.append(BodyLine(unit.line, draft.byline.lead, lead=True))
    return byline_at + 1
