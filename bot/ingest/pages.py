"""The seed-page parser: one raw newspaper page in, the articles on it out.

A seed page is text extracted from print layout, one layout line per line, with damage: paragraphs
broken across blank lines, sentences repeated, a paragraph of a neighbouring article, a page that
stops mid-sentence. An article is recognised by a block of 1–3 short title lines directly above a
byline (``本报讯 …报道``, ``记者…报道``, ``通讯员…报道``, ``本报讯（记者…）``); everything until the next
such block is its body. Text before the first article (a page header, the end of an article from
the previous page) has no title to cite, so it is not kept; only a page date found there is.
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from bot.core.errors import SeedError
from bot.core.model import Article, Paragraph, article_id

_FINAL = frozenset("。！？!?；;")
_CLOSERS = frozenset("”’」』）)》〉】")
_CLAUSE = frozenset("，,、；;：:")
_HEADING_BANNED = frozenset("。！？!?，,；;：:…")  # a section heading has no sentence inside it
_TITLE_BANNED = frozenset("。；;")
_TITLE_MAX = 40
_HEADING_MAX = 30
_MAX_TITLE_LINES = 3
_MIN_REPEAT = 12  # shorter repeats are ordinary phrases ("当一周工人"), not layout damage
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")

_SP = r"[ \t\u3000]*"
_ROLE = r"(?:记者|通讯员)"
_NOT_SENTENCE = r"[^。！？!?；;：:“”\"\n]"
_BYLINE = re.compile(
    rf"^(?:本报讯{_SP}[（(](?P<bracketed>{_ROLE}[^（()）\n]{{1,60}})[）)]"
    rf"|(?:本报讯{_SP})?(?P<roles>{_ROLE}{_NOT_SENTENCE}{{1,60}}?)报道"
    rf"|本报讯{_SP}(?P<plain>[^。！？!?；;：:“”\"，,\n]{{1,40}}?)报道)"
)
_DATE = re.compile(
    r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?$"
)
_NAME_SEPARATORS = re.compile(r"[、，,\s]+")


def read_seed(path: Path) -> str:
    """The text of a seed file (UTF-8, UTF-8 with BOM or GB18030), with ``\\n`` line ends."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SeedError(f"{path}: the file is empty")
    text = _decode(data)
    if text is None:
        raise SeedError(f"{path}: not UTF-8 or GB18030 text; save it as UTF-8 and rebuild")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedError(f"{path}: the file is empty")
    return text


def _decode(data: bytes) -> str | None:
    encodings = ("utf-8-sig",) if data.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 maps almost any byte string to *some* characters, so a successful decode proves
        # little: binary data betrays itself by control, private-use or unassigned characters.
        return text.removeprefix("\ufeff") if _looks_like_text(text) else None
    return None


def _looks_like_text(text: str) -> bool:
    return all(
        ch in _TEXT_CONTROLS or unicodedata.category(ch) not in {"Cc", "Co", "Cn", "Cs"} for ch in text
    )


def load_seeds(directory: Path) -> tuple[list[Article], list[str]]:
    """Parse every ``*.txt`` in ``directory`` (sorted); a bad file becomes a message, not a stop."""
    if not directory.is_dir():
        return [], [f"{directory}: no such seed directory"]
    articles: list[Article] = []
    errors: list[str] = []
    for path in sorted(directory.glob("*.txt")):
        if path.name.startswith(".") or not path.is_file():
            continue  # editor lock and backup files
        try:
            articles.extend(parse_page(read_seed(path), file=path.name))
        except SeedError as exc:
            errors.append(str(exc))
    return articles, errors


def split_sentences(text: str) -> tuple[str, ...]:
    """Chinese sentences of ``text``: cut after 。！？!?；; and ……, closing quotes stay attached."""
    return tuple(piece for raw in _segments(text) if (piece := raw.strip()))


def _segments(text: str) -> list[str]:
    """``text`` cut into raw sentence pieces (whitespace kept) that concatenate back to ``text``."""
    cuts = [0, *_cut_points(text)]
    if cuts[-1] != len(text):
        cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if a < b]


def _cut_points(text: str) -> Iterator[int]:
    # One forward scan, no regex: linear on any input, however hostile.
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _FINAL or (ch == "…" and i + 1 < n and text[i + 1] == "…"):
            i += 1
            while i < n and (text[i] in _FINAL or text[i] in _CLOSERS or text[i] == "…"):
                i += 1
            yield i
        else:
            i += 1


def _terminated(text: str) -> bool:
    core = text.rstrip().rstrip("".join(_CLOSERS))
    return bool(core) and (core[-1] in _FINAL or core.endswith("……"))


def parse_page(text: str, *, file: str) -> list[Article]:
    """The articles of one seed page, in page order; ``file`` is the seed file name."""
    units = [stripped for line in text.split("\n") if (stripped := line.strip())]
    bylines = [i for i, unit in enumerate(units) if _BYLINE.match(unit)]
    if not bylines:
        raise SeedError(
            f"{file}: no byline (本报讯 …报道 / 记者… / 通讯员…) found, so no article could be recognised"
        )
    starts = _article_starts(units, bylines)
    if not starts:
        raise SeedError(f"{file}: no title line above any byline, so no article could be recognised")
    date = _page_date(units[: starts[0][0]])
    articles: list[Article] = []
    seen_titles: dict[str, int] = {}
    for n, (top, byline_at) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(units)
        title = units[top]
        seen_titles[title] = seen_titles.get(title, 0) + 1
        # a second article with the same title on the page still needs its own stable id
        key = title if seen_titles[title] == 1 else f"{title}\n{seen_titles[title]}"
        article = _build_article(
            file, article_id(file, key), units[top : byline_at + 1], units[byline_at + 1 : end],
            ends_page=n + 1 == len(starts), date=date,
        )
        if article.paragraphs:
            articles.append(article)
    return articles


def _article_starts(units: list[str], bylines: list[int]) -> list[tuple[int, int]]:
    """(first title line, byline) of each article: a byline with short title lines right above it."""
    starts: list[tuple[int, int]] = []
    floor = 0
    for at in bylines:
        top = at
        while top > floor and at - top < _MAX_TITLE_LINES and _is_title_line(units[top - 1]):
            top -= 1
        if top < at:
            starts.append((top, at))
            floor = at + 1
    return starts


def _is_title_line(unit: str) -> bool:
    return (
        len(unit) <= _TITLE_MAX
        and not _TITLE_BANNED.intersection(unit)
        and unit[-1] not in _CLAUSE
        and not _BYLINE.match(unit)
        and not _DATE.match(unit)
    )


def _is_heading(unit: str) -> bool:
    return len(unit) <= _HEADING_MAX and not _HEADING_BANNED.intersection(unit) and unit[-1] not in _CLAUSE


def _page_date(header: list[str]) -> str | None:
    for unit in header:
        if match := _DATE.match(unit):
            try:
                return dt.date(*(int(part) for part in match.groups())).isoformat()
            except ValueError:
                continue
    return None


def _build_article(
    file: str, article: str, head: list[str], body: list[str], *, ends_page: bool, date: str | None
) -> Article:
    """One article from its head (title lines, then the byline line) and its body lines."""
    *title_lines, byline_unit = head
    match = _BYLINE.match(byline_unit)
    assert match is not None  # only byline units start an article
    lead = byline_unit[match.end() :].strip()
    reporters, correspondents = _names(match.group("bracketed") or match.group("roles") or "")
    blocks = _dedupe(_repair([lead, *body] if lead else body, has_lead=bool(lead)))
    paragraphs = [
        Paragraph(
            number=number,
            text=text,
            sentences=(text,) if heading else split_sentences(text),
            kind="heading" if heading else "text",
            truncated=ends_page and number == len(blocks) and not heading and not _terminated(text),
        )
        for number, (text, heading) in enumerate(blocks, start=1)
    ]
    return Article(
        id=article,
        file=file,
        title=title_lines[0],
        subtitles=tuple(title_lines[1:]),
        byline=match.group(0).strip(),
        reporters=reporters,
        correspondents=correspondents,
        paragraphs=tuple(paragraphs),
        date=date,
    )


def _names(roles: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    reporters: list[str] = []
    correspondents: list[str] = []
    parts = re.split(f"({_ROLE})", roles)
    for role, names in zip(parts[1::2], parts[2::2], strict=True):
        target = reporters if role == "记者" else correspondents
        target.extend(name for name in _NAME_SEPARATORS.split(names) if name)
    return tuple(reporters), tuple(correspondents)


def _repair(units: list[str], *, has_lead: bool) -> list[tuple[str, bool]]:
    """Paragraphs as (text, is_heading): a line that does not end a sentence continues on the next."""
    blocks: list[tuple[str, bool]] = []
    buffer = ""
    for i, unit in enumerate(units):
        is_lead = has_lead and i == 0
        if not is_lead and i + 1 < len(units) and _is_heading(unit):
            if buffer:
                blocks.append((buffer, False))
                buffer = ""
            blocks.append((unit, True))
        elif buffer and not _terminated(buffer):
            buffer += unit  # print layout has no spaces between Chinese words
        else:
            if buffer:
                blocks.append((buffer, False))
            buffer = unit
    if buffer:
        blocks.append((buffer, False))
    return blocks


def _dedupe(blocks: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Drop sentences, and dangling clause runs, that the layout repeated from earlier in the article."""
    earlier = ""
    kept_blocks: list[tuple[str, bool]] = []
    for text, heading in blocks:
        if heading:
            kept_blocks.append((text, heading))
            continue
        kept = ""
        for raw in _segments(text):
            core = raw.strip()
            if len(core) >= _MIN_REPEAT and (core in earlier or core in kept):
                continue
            kept += raw
        kept = kept.strip()
        if kept and not _terminated(kept):
            kept = _drop_repeated_tail(kept, earlier)
        if kept:
            kept_blocks.append((kept, False))
            earlier += kept + "\n"
    return kept_blocks


def _drop_repeated_tail(text: str, earlier: str) -> str:
    """Remove the longest run of trailing clauses of an unfinished sentence that repeats earlier text."""
    last = _segments(text)[-1]
    start = len(text) - len(last)
    positions = [start] + [start + i + 1 for i, ch in enumerate(last[:-1]) if ch in _CLAUSE]
    for position in positions:
        tail = text[position:].strip()
        if len(tail) >= _MIN_REPEAT and (tail in earlier or tail in text[:position]):
            return text[:position].rstrip()
    return text
