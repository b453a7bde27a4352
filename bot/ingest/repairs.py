"""Repairs of print damage inside one article's body, each piece removed reported, nothing else lost.

- **Broken lines rejoined**: a line that does not end a sentence continues on the next one (print
  layout has no spaces between Chinese words, so the pieces are joined without one).
- **Doubled sentences kept once**: a complete sentence (it ends with 。！？!?；; or ……) of 12 or
  more characters printed twice in a row in one paragraph is a layout repeat; the second copy is
  set aside. A sentence that occurs once is never removed, even when it is part of a longer
  sentence, and neither is a sentence an author restates elsewhere (after other text, or at the
  start of the next paragraph).
- **Repeated fragments kept once**: the unfinished end of a paragraph (a run of clauses after the
  last complete sentence) that repeats earlier text of the article is set aside.
- **Truncated sentence marked**: an article whose last paragraph stops mid-sentence is kept and
  its last paragraph marked ``truncated``.
- **Radicals read as ideographs** (a whole page: :func:`radicals`): a PDF copy may print ⼯ (the
  Kangxi radical) for 工; each such character becomes its ideograph, one for one.
- **Emoji removed** (a whole page: :func:`pictographs`): a WeChat push dresses its titles, item numbers
  and link lists in pictographs (🏠 title, 🏮 01, 👇往期推荐); they say nothing a member asks about, and
  are set aside.
- **Hard-wrapped text unwrapped** (a whole page, before it is read line by line: :func:`unwrap`):
  text copied out of a PDF may break every line at the column's width; a full-width line that does
  not end a sentence goes on on the next line. Where the lines are of no one width (half-width
  digits and marks make them uneven) but the paragraphs open indented, a line goes on from the text
  line above it that stops mid-sentence, unless it is indented itself. A question title set over two
  lines at its comma is joined (:func:`questions`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.ingest.bylines import credit_byline, start_byline
from bot.ingest.lines import Kind, classify, page_date
from bot.ingest.sentences import CLAUSE, segments, terminated

WRAP_MAX = 45  # characters: wider lines are paragraphs a page lays out, not a PDF column's
WRAP_SHARE = 0.4  # of the lines of 10 characters or more that must be of the column's width
WRAP_LINES = 6
INDENT_BODY = 16  # characters: a line this long is a paragraph's (a title or a name is shorter)
INDENT_SHARE = 0.15  # of the long lines, indented: the page marks its paragraphs so
_INDENTS = frozenset("\u3000 \t")
_CONTINUES = re.compile(r"[\u4e00-\u9fff0-9０-９A-Za-z“‘\"《]")  # text, not a mark (▲, （下转…）, ■)
_WIDE = re.compile(r"[ \t\u3000]{3,}")  # a running header's fields
_FIELDS = re.compile(r"[ \t\u3000]{2,}")  # a page's date and editor lines: fields, not a column's text
QUESTION_MAX = 30  # characters: the 24 question titles with a comma on the paper sets have 28 at most
_QUESTION_HEAD = re.compile(r"[^。！？!?；;\s]{2,20}[，,]")
_QUESTION_TAIL = re.compile(r"[^。！？!?；;，,\s]{2,20}[？?]")
MIN_REPEAT = 12  # shorter repeats are ordinary phrases ("当一周工人"), not layout damage
MAX_FRAGMENT = 200  # a repeated layout fragment is a line or two, never longer
_HEADING_MAX = 30
_HEADING_BANNED = frozenset("。！？!?，,；;：:…")  # a section heading has no sentence inside it


@dataclass(frozen=True)
class BodyLine:
    """One line of an article's body: the lead after a byline, or a line of the page of some kind."""

    line: int
    text: str
    lead: bool = False
    kind: Kind = Kind.BODY

    @property
    def marked(self) -> bool:
        return self.kind is Kind.MARKED  # ★ / ■ / 一、: a section heading by its marker


@dataclass
class Block:
    """A paragraph being repaired; ``starts`` maps offsets in ``text`` to the lines they came from."""

    text: str
    heading: bool
    starts: list[tuple[int, int]]  # (offset, line), offsets ascending

    def line_at(self, offset: int) -> int:
        at = bisect.bisect_right([start for start, _ in self.starts], offset) - 1
        return self.starts[max(at, 0)][1]


def is_heading(text: str) -> bool:
    return len(text) <= _HEADING_MAX and not _HEADING_BANNED.intersection(text) and text[-1] not in CLAUSE


def rejoin(lines: list[BodyLine]) -> list[Block]:
    """Paragraphs from body lines: a line that does not end a sentence continues on the next."""
    blocks: list[Block] = []
    buffer: Block | None = None
    for i, unit in enumerate(lines):
        last = i + 1 == len(lines)
        if not unit.lead and not last and (unit.marked or is_heading(unit.text)):
            if buffer:
                blocks.append(buffer)
                buffer = None
            blocks.append(Block(text=unit.text, heading=True, starts=[(0, unit.line)]))
        elif buffer and not terminated(buffer.text):
            buffer.starts.append((len(buffer.text), unit.line))
            buffer.text += unit.text
        else:
            if buffer:
                blocks.append(buffer)
            buffer = Block(text=unit.text, heading=False, starts=[(0, unit.line)])
    if buffer:
        blocks.append(buffer)
    return blocks


def dedupe(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """Blocks without layout repeats, and the (line, text) of every piece removed."""
    earlier = ""
    kept_blocks: list[Block] = []
    removed: list[tuple[int, str]] = []
    for block in blocks:
        if block.heading:
            kept_blocks.append(block)
            continue
        kept, starts, offset, previous = "", [], 0, ""
        for raw in segments(block.text):
            core = raw.strip()
            if len(core) >= MIN_REPEAT and terminated(core) and core == previous:
                removed.append((block.line_at(offset + raw.find(core)), core))
            else:
                starts.extend(_moved(block, offset, len(raw), len(kept)))
                kept += raw
                previous = core
            offset += len(raw)
        text = kept.strip()
        repaired = Block(text=text, heading=False, starts=_shift(starts, len(kept) - len(kept.lstrip())))
        if text and not terminated(text):
            cut = _repeated_tail(text, earlier)
            if cut is not None:
                removed.append((repaired.line_at(cut), text[cut:].strip()))
                repaired.text = text[:cut].rstrip()
        if repaired.text:
            kept_blocks.append(repaired)
            earlier += repaired.text + "\n"
    return kept_blocks, removed


def _moved(block: Block, offset: int, length: int, to: int) -> list[tuple[int, int]]:
    """The line starts of ``block.text[offset:offset + length]`` once that piece stands at ``to``."""
    inside = [(to + start - offset, line) for start, line in block.starts if offset < start < offset + length]
    return [(to, block.line_at(offset)), *inside]


def _shift(starts: list[tuple[int, int]], by: int) -> list[tuple[int, int]]:
    return [(max(offset - by, 0), line) for offset, line in starts] or [(0, 0)]


def _repeated_tail(text: str, earlier: str) -> int | None:
    """Where the longest run of trailing clauses of an unfinished sentence that repeats earlier text starts."""
    last = segments(text)[-1]
    start = len(text) - len(last)
    positions = [start] + [start + i + 1 for i, ch in enumerate(last[:-1]) if ch in CLAUSE]
    for position in (p for p in positions if len(text) - p <= MAX_FRAGMENT):
        tail = text[position:].strip()
        if len(tail) >= MIN_REPEAT and (tail in earlier or tail in text[:position]):
            return position
    return None


def _indented(lines: list[tuple[int, str]]) -> bool:
    """Whether a page marks its paragraphs by indent and is hard-wrapped: of its long lines, some
    are indented and some stop mid-sentence."""
    long = [text for _, text in lines if len(text.strip()) >= INDENT_BODY]
    indented = sum(text[:1] in _INDENTS for text in long)
    cut = sum(not terminated(text) for text in long)
    return min(indented, cut) >= WRAP_LINES and indented >= INDENT_SHARE * len(long)


def _unwrap_indented(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``lines`` stripped, a line joined to the one above it when it is not indented, nothing stands
    between them and the line above is long and stops mid-sentence (a PDF column's lines, whatever
    their width: half-width digits and marks make them uneven)."""
    out: list[tuple[int, str]] = []
    last, body = (-1, ""), False  # body: the line above is a paragraph's (indented, or under one)
    for number, raw in lines:
        text = raw.strip()
        under, texty = number == last[0] + 1, _CONTINUES.match(text) is not None and not _WIDE.search(text)
        dated = start_byline(text) is not None  # 本报讯（记者 X）…: a paragraph opens
        credit = dated or credit_byline(text) is not None
        goes_on = (under and body and texty and not credit and raw[:1] not in _INDENTS
                   and len(last[1].strip()) >= INDENT_BODY and not terminated(last[1]))
        if goes_on and out:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
        opens = (raw[:1] in _INDENTS or dated) and len(text) >= INDENT_BODY
        body = texty and (opens or (under and body and not credit))
        last = (number, raw)
    return out


def despaced(line: str) -> str:
    """``line`` without the spaces of a title set out letter by letter (一 堂 别 开 生 面 的 安 全 课):
    four characters or more, each apart from the next by one space."""
    stripped = line.strip()
    if _LETTER_SPACED.match(stripped):
        return line[:len(line) - len(line.lstrip())] + "".join(stripped.split())
    return line


def radicals(text: str) -> str:
    """``text`` with each Kangxi radical a PDF copy printed for an ideograph (⼯⼈ for 工人) as that
    ideograph (Unicode's compatibility mapping): members search in ideographs, and both look alike."""
    return text.translate(_RADICALS)


def pictographs(text: str) -> tuple[str, str]:
    """``text`` without its emoji (see _EMOJI), and the emoji it had, in page order."""
    return _EMOJI.sub("", text), "".join(_EMOJI.findall(text))


# The pictographs of the supplementary planes (🏠 👇 🥟, flags, keycaps' parts), and the selectors that
# dress a character as one. Not the marks of the basic plane: ★ ■ ▶ mark section headings (lines.MARK_SYMBOLS).
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\uFE0F\u20E3]")
_LETTER_SPACED = re.compile(r"^[\u4e00-\u9fff“”](?:[ \u3000][\u4e00-\u9fff“”]){3,}$")
_RADICALS = {cp: ideograph for cp in range(0x2E80, 0x2FE0)
             if len(ideograph := unicodedata.normalize("NFKC", chr(cp))) == 1 and ideograph != chr(cp)}


def questions(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``lines`` with a question title set over two lines at its comma joined (试用期内被辞退， /
    能要求经济补偿吗？): a short line ending on a comma, right above a short one that ends the question."""
    out: list[tuple[int, str]] = []
    for number, text in lines:
        if out and out[-1][0] + 1 == number and _QUESTION_HEAD.fullmatch(out[-1][1]) \
                and _QUESTION_TAIL.fullmatch(text) and len(out[-1][1]) + len(text) <= QUESTION_MAX:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
    return out


def unwrap(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``lines`` (number, text with its indent, right-stripped; no blank ones) stripped, with
    hard-wrapped ones joined: when most lines are about one width (the PDF column's, a paragraph's
    indent included), a line of that width that does not end a sentence goes on on the next line,
    unless the next opens on a byline (本报讯…: a title as wide as the column stands above it) or the
    line is the page's own (its fields set apart by spaces, or its date line: 2024年9月12日　星期四…);
    else, on a page whose paragraphs open indented, by paragraph (:func:`_unwrap_indented`). Lines of
    a page that is not hard-wrapped come back as they were, stripped."""
    stripped = [(number, text.strip()) for number, text in lines]
    widths = Counter(len(text) for _, text in lines if len(text) >= 10)
    if not widths:
        return stripped
    width = max(widths, key=lambda w: (widths[w] + widths[w - 1], w))
    full = widths[width] + widths[width - 1]
    if width > WRAP_MAX or full < max(WRAP_LINES, WRAP_SHARE * sum(widths.values())):
        return _unwrap_indented(lines) if _indented(lines) else stripped
    out: list[tuple[int, str]] = []
    carry = False
    for (number, text), (_, raw) in zip(stripped, lines, strict=True):
        if carry and start_byline(text) is None:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
        carry = (len(raw) >= width - 1 and not terminated(text) and not _FIELDS.search(text)
                 and not (page_date(text) and classify(number, text).kind is Kind.FURNITURE))
    return out
