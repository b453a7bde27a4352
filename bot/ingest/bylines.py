"""Bylines: who wrote an article and where it was filed, at its start or at its end.

At the start of an article a byline opens the first paragraph (its *lead* follows it on the same
line) or stands on its own line under the title:

- a dateline: ``本报讯``, ``本报杭州7月20日讯``, ``中工网讯``, ``浙江日报讯``, ``九江讯``, ``新华社北京7月20日电``,
  ``人民网7月20日电``, optionally followed by ``（记者 X 通讯员 Y）``, ``记者X 通讯员Y报道``, ``X报道``,
  ``记者X`` or a bare name (``本报讯 王敏 …``);
- without a dateline: ``记者X 通讯员Y报道``, ``通讯员X报道``, or credits in brackets before the lead
  (``（记者 X 实习生 Y）6月的…``; alone on its line such a bracket is an end credit).

At the end of an article the byline is a credit line (``记者 X``, ``□本报记者 X``, ``本报评论员``,
``(记者X)``, ``文/图 X``, ``文／X工会 Y``, ``（文：X 摄影：Y）``, an organisation's ``（X区总工会供稿）`` or
``（X市总工会 通讯员 Y）``, the writer's ``（作者单位：X工会）`` or ``（作者：X，Y主任）``, a union's signature
``（X市总工会 2023年4月25日）``), names in brackets (``（王和平 王公民）``), possibly at the end of the last
paragraph, or names alone on the last line. Whether a credit line or a line of names is a byline
depends on where it stands, which :mod:`bot.ingest.split` decides.

Names are 2–3 Chinese characters (a ``·`` part allowed), separated by spaces, ``、`` or ``，``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SP = r"[ \t\u3000\xa0]*"
_GAP = r"[ \t\u3000\xa0]+"
_AFTER = r"(?=[ \t\u3000\xa0]|$)"
_NOT_ROLE = r"(?!记者|通讯员)"  # a name never starts with a role word: the split of a byline stays unique
# A two-character name is often set out to three characters' width with a space (王　磊).
_NAME = rf"{_NOT_ROLE}(?:[{HAN}]{{2,3}}(?:·[{HAN}]{{1,6}})?|[{HAN}][ \u3000][{HAN}](?![{HAN}]))"
_ROLE = r"(?:记者|通讯员)"


def _listed(name: str, separator: str) -> str:
    """Up to six ``name``s, apart by ``separator`` (spaces around it allowed) or by spaces alone."""
    return rf"{name}(?:(?:{_SP}{separator}{_SP}|{_GAP}){name}){{0,5}}"


def _by_role(names: str) -> str:
    """Up to four role words (记者, 通讯员), each followed by its ``names``."""
    return rf"{_ROLE}{_SP}{names}(?:{_SP}{_ROLE}{_SP}{names}){{0,3}}"


_NAMES = _listed(_NAME, "[、，,]")
# Before a lead no "，" between names (it starts the lead), and no time word (近日 …) read as a name.
_LEAD_WORD = r"(?!近日|日前|昨日|今日|近期|目前|今年|去年|当天|连日|本周|上周|近来|日内)"
_BARE_NAME = rf"{_LEAD_WORD}{_NAME}"
_BARE_NAMES = _listed(_BARE_NAME, "、")
# A place alone may file a story (九江讯 …), only with a space or bracket after 讯: 简讯, 快讯 are words.
_SOURCE = rf"(?:本报|本刊|[{HAN}]{{1,8}}?(?:报|网|社|台)|[{HAN}]{{2,4}}(?<![简快资通喜短电])(?=讯[ \t\u3000（(]))"
_DATELINE = rf"(?P<source>{_SOURCE})[{HAN}]{{0,8}}?(?P<date>\d{{1,2}}月\d{{1,2}}日)?(?P<kind>讯|电)(?![息号员])"
# Before 报道 a name may be 1–4 characters: the closing 报道 already says these are names.
_REPORTED_NAME = rf"{_NOT_ROLE}[{HAN}]{{1,4}}(?:·[{HAN}]{{1,6}})?"
_REPORTED_NAMES = _listed(_REPORTED_NAME, "[、，,]")
_ROLE_NAMES = _by_role(_REPORTED_NAMES)
_BARE_ROLE_NAMES = _by_role(_BARE_NAMES)

_PREFIXED = re.compile(
    rf"^{_DATELINE}(?:{_SP}[（(](?P<bracketed>[^（()）\n]{{1,60}})[）)]"
    rf"|{_SP}(?P<reported>{_ROLE_NAMES}){_SP}报道(?:{_SP}[:：])?"
    rf"|{_SP}(?P<plain>{_REPORTED_NAMES})报道"
    rf"|{_SP}(?P<roles>{_BARE_ROLE_NAMES}){_AFTER}"
    rf"|{_GAP}(?P<names>{_BARE_NAMES}){_AFTER})?"
)
_UNPREFIXED = re.compile(rf"^(?P<reported>{_ROLE_NAMES}){_SP}报道")

# 记者/通讯员 stand right before a name (记者王五); any other role needs its separator (文：X, 文/图 X,
# 摄影 Y), or 文化研究, 图书馆 and 摄影比赛 would read as a role and a name.
# A news outlet may name itself before its reporter (新华社记者 X, 工人日报记者 X, 澜新闻记者 X), and the
# paper before its correspondent (本报通讯员 X, 本刊特约通讯员 X).
_CORRESPONDENT = r"(?:本报|本刊)?(?:特约)?通讯员"
_REPORTER_ROLE = (rf"(?:本报记者|本刊记者|特刊记者|特约记者|见习记者|[{HAN}]{{1,6}}?(?:社|报|网|台|新闻)记者|记者"
                  rf"|{_CORRESPONDENT}|实习生)")
_OTHER_ROLE = r"(?:作者|撰稿|执笔|供稿|文字|摄影|摄像|本刊编辑|文/图|文／图|图/文|图／文|文图|文|图)"
# The writer's unit may stand before the names (文／公司工会 宋雅琴); it is nobody's name.
_UNIT_WORD = (rf"[{HAN}]{{0,12}}(?:工会|公司|集团|中心|委员会|办公室|部|局|报社|经审办|办|处|课题组"
              r"|分厂|车间|中学|小学|学校|医院)")
_UNIT = rf"{_UNIT_WORD}{_GAP}"
_IS_UNIT = re.compile(rf"{_UNIT_WORD}")
SIGNED_DATE = r"\d{4}年\d{1,2}月\d{1,2}日"  # a notice's, after its union's name
# A notice's last sentence with its signature run on after it (…电话：0515-88312351。盐城市总工会 2024年8月26日):
# a narrow column's hard wrap leaves no line break between them.
_SIGNED_END = re.compile(rf"[。！!？?][”’」』]?{_SP}{_UNIT_WORD}{_SP}{SIGNED_DATE}$")
_ROLE_MARK = r"[:：/／｜|丨]"  # 文：X, 文/X, 文｜X
_CREDIT_PART = (rf"(?:{_REPORTER_ROLE}{_SP}[:：]?{_SP}|{_OTHER_ROLE}(?:{_SP}{_ROLE_MARK}{_SP}|{_GAP}))"
                rf"(?:(?:{_UNIT})?{_NAMES}|{_UNIT_WORD}(?![{HAN}]))")  # 图｜县总工会宣传教育部: a unit alone
_CREDITS = rf"{_CREDIT_PART}(?:{_SP}[,，;；]?{_SP}{_CREDIT_PART}){{0,3}}"
# An organisation's credit, in brackets only: (X区总工会供稿), (X市总工会 通讯员 Y).
_ORG_CREDITS = rf"[{HAN}]{{2,24}}?{_SP}(?:供稿|{_CREDITS})"
# A digest's item names the paper it comes from: (据X网), (摘自《X报》…), (《X报》5月7日), (中工网5月6日).
_SOURCE_NOTE = (rf"(?:据|摘自|转自|来源[:：])[^（()）\n]{{2,30}}|《[^》\n]{{2,12}}》{_SP}(?:\d{{1,2}}月\d{{1,2}}日)?"
                rf"|[{HAN}]{{2,10}}(?:网|报){_SP}\d{{1,2}}月\d{{1,2}}日")
# After a unit a name may have 4 characters (尼玛卓玛): the unit already says what follows.
_BRACKETED_CREDITS = (rf"[（(]{_SP}(?:{_CREDITS}|{_ORG_CREDITS}|{_UNIT_WORD}(?:{_GAP}{_REPORTED_NAMES})?"
                      rf"|[{HAN}]{{4,20}}{_GAP}{_NAME}"  # who the writer is, then the name: (X公司职工家属　王秀兰)
                      rf"|作者(?:单位)?{_SP}[:：][^（()）\n]{{2,40}}|{_UNIT_WORD}{_GAP}{SIGNED_DATE}|{_SOURCE_NOTE}){_SP}[）)]")
# A commentary is signed by the paper's commentator (本报评论员), named or not; some papers set a box
# or a circle before a byline (□本报记者 X, ○通讯员 X, □ X).
_COMMENTATOR = rf"(?:本报|特约)评论员(?:{_GAP}{_NAMES})?|评论员{_SP}{_NAMES}"
# A reader's letter is signed by the reader, after where the reader lives (青溪市　读者　罗晓岚); the
# answer by the lawyer, after the lawyer's firm (青溪律师事务所　律师　罗晓岚, X法律援助中心律师 罗晓岚).
_READER = (rf"(?:[{HAN}]{{2,12}}{_GAP}|[{HAN}]{{2,16}}?(?:中心|事务所|工作站)|(?:本报|本刊)?特约)?"
           rf"(?:读者|律师){_GAP}{_NAMES}")
# A digest's item names the paper it first ran in: ——原载《X报》2023年6月8日第2版.
_REPRINTED = r"[—－-]{1,2}(?:原载|转载自|转自|摘自)[^\n]{2,40}"
# A writer named by a field, whatever the name's shape: 作者：青溪日报记者 周航, 作者：集团工会宣教部.
_AUTHOR = rf"作者{_SP}[:：]{_SP}[^\s:：，。！？!?]{{2,20}}(?:{_GAP}[^\s:：，。！？!?]{{1,6}}){{0,3}}"
_CREDIT_LINE = re.compile(rf"^(?:[□■○●◎]{_SP})?(?:{_BRACKETED_CREDITS}|{_CREDITS}(?:{_SP}摄影报道)?|{_COMMENTATOR}"
                          rf"|{_READER}|{_REPRINTED}|{_AUTHOR})$"
                          rf"|^[□■○●◎]{_SP}(?:{_UNIT})?{_NAMES}$")
# Credits in brackets open an article only with its lead after them on the same line.
_BRACKETED_START = re.compile(rf"^[（(]{_SP}(?P<bracketed>{_CREDITS}){_SP}[）)](?={_SP}[^\s])")
_BRACKETED_NAMES = re.compile(rf"^[（(]{_SP}{_NAMES}{_SP}[）)]$")
# A notice is signed by its union, perhaps with the date (X市总工会 2024年8月26日); a story by its
# writer's unit and name (X供电公司　罗晓岚).
_NAMES_LINE = re.compile(rf"^(?:{_NAMES}|{_UNIT_WORD}(?:{_GAP}{SIGNED_DATE}|{_GAP}{_NAMES})?)$")
_END_OF_PARAGRAPH = re.compile(
    rf"(?<=[。！？!?…”’」』])(?P<credit>{_SP}(?:{_BRACKETED_CREDITS}|[（(]{_SP}{_NAMES}{_SP}(?:[/／]?{_SP}摄)?{_SP}[）)]))$")
# A one-character role (文, 图) only before its separator: names such as 张文华 hold those characters too.
_ROLE_SPLIT = re.compile(rf"(本报记者|本刊记者|特刊记者|特约记者|见习记者|记者|{_CORRESPONDENT}|实习生"
                         rf"|作者|撰稿|供稿|文字|摄影|摄像"
                         rf"|(?<![{HAN}])[文图](?:[/／][文图])?(?=[:：/／ \t\u3000]))")
_NAME_TOKEN = re.compile(_REPORTED_NAME)
_SPACED_NAME = re.compile(rf"(?<![{HAN}])([{HAN}])[ \u3000]([{HAN}])(?![{HAN}])")
_NAME_SEPARATORS = re.compile(r"[、，,:：/／()（）\s]+")


# A byline is short: the patterns only ever look at this many characters, so that a long line (a
# paragraph, or hostile input) costs no more than a short one.
MAX_BYLINE = 120


@dataclass(frozen=True)
class Byline:
    """A byline as written, the names it gives by role, and the lead text that follows it."""

    text: str
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    lead: str = ""


def start_byline(line: str) -> Byline | None:
    """The byline that opens ``line`` (with the rest of the line as its lead), or None."""
    head = line[:MAX_BYLINE]
    match = _PREFIXED.match(head)
    if match and match.group("kind") == "电" and not (match.group("date") or match.group("source").endswith("社")):
        match = None  # "…电" without a date is a word (充电, 来电), not a dateline
    match = match or _UNPREFIXED.match(head) or _BRACKETED_START.match(head)
    if match is None:
        return None
    groups = match.groupdict()
    roles = next((groups[g] for g in ("bracketed", "reported", "roles") if groups.get(g)), "")
    reporters, correspondents = names_by_role(roles)
    return Byline(text=match.group(0).strip(), reporters=reporters, correspondents=correspondents,
                  lead=line[match.end():].strip())


def credit_byline(line: str) -> Byline | None:
    """``line`` as a whole credit line (``记者 X``, ``（文：X 摄影：Y）``, ``文/图 X``), or None."""
    if len(line) > MAX_BYLINE or not _CREDIT_LINE.match(line):
        return None
    reporters, correspondents = names_by_role(line)
    return Byline(text=line, reporters=reporters, correspondents=correspondents)


def is_bracketed_names(line: str) -> bool:
    """``（王和平 王公民）``: names in brackets, an end-of-article byline wherever it stands."""
    return len(line) <= MAX_BYLINE and bool(_BRACKETED_NAMES.match(line))


def is_unit(line: str) -> bool:
    """Whether ``line`` is an organisation's name alone (青溪市总工会, 白沙集团工会委员会)."""
    return _IS_UNIT.fullmatch(line) is not None


def is_names(line: str) -> bool:
    """``王和平 王公民``: a line of names only; a byline only where an article ends."""
    return len(line) <= MAX_BYLINE and bool(_NAMES_LINE.match(line))


def signed_end(paragraph: str) -> bool:
    """Whether ``paragraph`` ends with its last sentence and a notice's signature after it."""
    return _SIGNED_END.search(paragraph, max(len(paragraph) - MAX_BYLINE, 0)) is not None


def split_end_byline(paragraph: str) -> tuple[str, str] | None:
    """(text, byline) when ``paragraph`` ends with a bracketed credit after its last sentence."""
    match = _END_OF_PARAGRAPH.search(paragraph, max(len(paragraph) - MAX_BYLINE, 0))
    if match is None or not paragraph[: match.start()].strip():
        return None
    return paragraph[: match.start()].rstrip(), match.group("credit").strip()


def names_by_role(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reporters, correspondents) named in ``text`` after 记者 / 通讯员; other roles name neither."""
    reporters: list[str] = []
    correspondents: list[str] = []
    parts = _ROLE_SPLIT.split(_SPACED_NAME.sub(r"\1\2", text))
    for role, names in zip(parts[1::2], parts[2::2], strict=True):
        target = reporters if role.endswith("记者") else correspondents if role.endswith("通讯员") else None
        if target is not None:
            target.extend(name for name in _NAME_SEPARATORS.split(names)
                          if _NAME_TOKEN.fullmatch(name) and not (len(name) > 2 and _IS_UNIT.fullmatch(name)))
    return tuple(reporters), tuple(correspondents)
