"""Lexicons, regular expressions and small text helpers for :mod:`bot.qgen.generate`.

Everything here is generic to Chinese union news, never to one page: role words, surnames, the shape
of numbers, dates, organisations and quoted programme names. Answers must stay verbatim, so the
helpers return offsets into the sentence and :func:`clause_run` cuts the answer from the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlp.orgs import CJK, PLACE_SUFFIX, org_mentions, tokens

ANSWER_MAX = 80  # longer sentences are answered with the clause run that holds the fact
CLAUSE_END = re.compile(r"[，,；;：:]|——")
BOUNDARY = set("，,。；;：:！？!?“”\"‘’《》（）()、…— \u3000")

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
    "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
    "司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商"
    "刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝洪封蔺植"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒")
HONORIFICS = ("阿姨", "师傅", "大姐", "大哥", "老师", "老")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


OFFICES = _words(
    "党组书记 党委书记 党支部书记 副书记 书记 副主席 主席 副主任 主任 副总经理 总经理 经理 董事长 副会长 会长"
    " 副局长 局长 副校长 校长 院长 厂长 副部长 部长 处长 科长 队长 组长 班长 秘书长 负责人 站长 所长 社长"
    " 理事长 总工程师 馆长 村主任 主委")
OCCUPATIONS = _words(
    "责任工程师 工程师 技师 记者 通讯员 全国劳模 省劳模 市劳模 劳模 工匠 工作人员 工会工作者 工会干部 职工"
    " 员工 干部 获得者 老师 教师 医生 护士 导师 志愿者 代表 委员 专家 技术骨干 工人 驾驶员 快递员 外卖员")
# Longest first so that 党组书记 wins over 书记 and 副主席 over 主席 in the alternation.
ROLE_WORDS = tuple(sorted(set(OFFICES + OCCUPATIONS), key=len, reverse=True))
_ROLE_MOD = r"(?:常务|挂职|兼职|专职|执行|驻会)?"
ROLE_RE = re.compile(_ROLE_MOD + "(?:" + "|".join(ROLE_WORDS) + ")")
ROLE_END_RE = re.compile("(?:" + _ROLE_MOD + "(?:" + "|".join(ROLE_WORDS) + "))$")
# Words that end a name: what people do right after being named in a news story.
NAME_FOLLOWERS = _words(
    "说 表示 介绍 感慨 带队 为 和 与 等 在 都 也 还 代表 作 通过 全面 详细 耐心 第一 一起 指出 强调 讲解 认为"
    " 称 告诉 坦言 有些 动情 的 了解 当选 担任 出任 任 是 则 就 向 对 被 将 正 带领 主持 参加 出席 致辞 讲话"
    " 发言 回忆 笑着")
DESC_LEAD_RE = re.compile(r"^(?:\d{4}年|由|作为|邀请|选举|据|是|为|和|与|及|让|被|向|对|给|在|从|当|以|"
                          r"其中|同时|还有|请|经|有|其|该|原|现任|现|曾任|曾|如|像|即|并)+")

_COUNT_UNITS = _words(
    "元 人次 次 名 人 位 个 份 场 起 户 把 家 项 所 支 批 期 届 分 条 篇 件 台 辆 吨 佳 强 平方米 公里 小时"
    " 天 毫米 岁")
# A leading 一 is an article ("一名年轻工会干部"), not a quantity, so Chinese numerals never start with it;
# a numeral right after 第 or another numeral is an ordinal ("第十八次").
QTY_RE = re.compile(
    r"(?P<num>(?<![\d.])\d+(?:\.\d+)?|(?<![第一两二三四五六七八九十百千])[两二三四五六七八九十百千][一两二三四五六七八九十百千]{0,3})"
    r"(?P<mag>万|亿)?(?P<approx>余|多)?"
    rf"(?P<unit>%|％|(?:{'|'.join(_COUNT_UNITS)})|年(?=时间|内|间|行动|计划)|(?=职工|会员|群众|党员|工人))"
)
# Counts that read naturally before their noun: "发放了多少份《…》".
REORDER_UNITS = frozenset("份个起名场次户把家项位支所条篇件台辆批")
# Only ranks that a verb places ("排名首位", "荣获第一名"); "全国第一的城市" is a description.
RANK_RE = re.compile(r"(?:排名|位列|位居|名列|排在|荣获|获得|获)"
                     r"(?P<rank>第[一二三四五六七八九十\d]+名?|首位|榜首)(?!的)")
_DAY = r"\d{1,2}月(?!份)(?:\d{1,2}[日号])?(?:上旬|中旬|下旬|初|底|末)?"
DATE_RE = re.compile(rf"(?:\d{{4}}年(?:{_DAY})?|(?:今年|去年)?{_DAY})(?:上午|下午|晚上|傍晚|早上|中午)?"
                     r"(?!来|以来|间|起的)")
QUOTE_RE = re.compile(r"“(?P<name>[^“”，,。！？!?：:；;…]{2,20})”")
PROGRAMME_KIND_RE = re.compile(
    r"(?![为是])[^，,。；;：:“”]{0,8}?(?P<kind>培育工作|行动计划|活动|讲座|培训|大赛|论坛|工作|计划|项目|行动|工程|平台|"
    r"品牌|讲堂|评选|竞赛|比赛|培育|服务|办法|机制|制度|模式|公众号|APP|app)")
KIND_IN_NAME_RE = re.compile(r"(?:活动|计划|项目|行动|工程|平台|讲堂|竞赛|比赛|评选)$")
PLACE_WORDS_RE = re.compile(r"(?:村|镇|街道|区|市|县|巷|公园|工厂|农场|公司|礼堂|中心|广场|基地|学校|车间|"
                            r"社区|园区|医院|大厦|酒店|会堂|剧院|体育馆|展馆|纪念馆|博物馆|大楼|码头|港|站)$")
VAGUE_PREFIX_RE = re.compile(r"^(?:同时|并且|并|还|也是|也|而且|另外|此外|随后|其中|据统计|不过|但是|但|即|"
                             r"这是|其次|首先|最后|然后|根据|按照)+")
LEAD_ADVERBIAL_RE = re.compile(r"^(?:为了?|在|随着|由于|因为|根据|按照|针对|围绕|面对|通过|经过)")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause; the end includes the clause's delimiter."""
    spans, start = [], 0
    for m in CLAUSE_END.finditer(sentence):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def clause_at(sentence: str, pos: int) -> tuple[int, int]:
    for start, end in clauses(sentence):
        if start <= pos < end:
            return start, end
    return 0, len(sentence)


def clause_run(sentence: str, start: int, end: int, limit: int = ANSWER_MAX) -> str:
    """The whole sentence when short, else the clauses around [start, end) grown up to ``limit``.

    Growing leftwards first keeps the subject and the time, which usually come before the fact.
    """
    if len(sentence) <= limit:
        return sentence.strip()
    spans = clauses(sentence)
    first = next((i for i, (a, b) in enumerate(spans) if b > start), len(spans) - 1)
    last = next((i for i, (a, b) in enumerate(spans) if b >= end), len(spans) - 1)
    while first > 0 and spans[last][1] - spans[first - 1][0] <= limit:
        first -= 1
    while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= limit:
        last += 1
    text = sentence[spans[first][0]:spans[last][1]]
    if last + 1 < len(spans):
        text = text.rstrip("，,；;：:—")
    return text.strip()


def is_surname_start(text: str) -> bool:
    return bool(text) and (text[0] in SURNAMES or text.startswith(COMPOUND_SURNAMES))


def name_at(sentence: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (2–3 characters, or 2–4 with a compound surname), or None.

    jieba's ``nr`` tag decides the length when its token starts here; otherwise the name is the
    longest candidate that is followed by punctuation or a word that typically follows a name.
    """
    rest = sentence[pos:pos + 6]
    honorific = re.match(rf"([{CJK}])(?:{'|'.join(HONORIFICS)})|小([{CJK}])", rest)
    if honorific and (honorific.group(1) or honorific.group(2) or "") in SURNAMES and _ends_name(
            sentence, pos + honorific.end()):
        return honorific.group(0)
    if not is_surname_start(rest):
        return None
    for word, flag, start in tokens(sentence):
        if start == pos and flag == "c" and len(word) == 1:
            return None  # 和 of "工会主席和职工代表" joins two nouns: it is no surname there
        if (start == pos and flag.startswith("nr") and 2 <= len(word) <= 4 and re.fullmatch(f"[{CJK}]+", word)
                and _ends_name(sentence, pos + len(word))):
            return word
    longest = 4 if rest.startswith(COMPOUND_SURNAMES) else 3
    # Shortest first: in "沈赞都在" the 都 is an adverb after a two-character name.
    for size in range(2, longest + 1):
        if re.fullmatch(f"[{CJK}]{{{size}}}", rest[:size]) and _ends_name(sentence, pos + size):
            return rest[:size]
    return None


def _ends_name(sentence: str, pos: int) -> bool:
    return pos >= len(sentence) or sentence[pos] in BOUNDARY or sentence.startswith(NAME_FOLLOWERS, pos)


def noun_chunk(text: str) -> str:
    """The leading noun phrase of ``text`` (its subject), or "" when it starts with anything else."""
    chunk_end = 0
    for word, flag, start in tokens(text):
        nounish = flag[:1] in ("n", "m", "q", "j", "b") or (flag in ("ng", "vn") and start > 0)
        if nounish or word in PLACE_SUFFIX:
            if flag[:1] in ("m", "q") and start == 0 and not re.match(r"\d", word):
                return ""
            chunk_end = start + len(word)
            continue
        break
    return text[:chunk_end]


def starts_with_verb(text: str) -> bool:
    toks = [t for t in tokens(text) if t[1][:1] not in ("d",) and t[1] not in ("ad", "a")]
    return bool(toks) and toks[0][1].startswith("v") and toks[0][0] not in ("来自", "是", "有")


def clean_question(text: str) -> str:
    """A question as a person would type it: no curly quotes, no lead-in connective, one ？ at the end."""
    text = re.sub(r"[“”‘’\"]", "", text).strip(" ，,；;：:。")
    text = VAGUE_PREFIX_RE.sub("", text)
    text = text.rstrip("？?")
    return text + "？" if text else ""


@dataclass(frozen=True)
class Spot:
    """A sentence that may answer questions: paragraph number, 1-based sentence number, text."""

    paragraph: int
    sentence: int
    text: str


@dataclass(frozen=True)
class Fact:
    """A question found in a sentence; the answer is cut from ``spot.text`` around [start, end)."""

    kind: str
    question: str
    spot: Spot
    start: int
    end: int
    alternatives: tuple[str, ...] = ()
    detail: str = ""  # programmes: the kind word after the name (活动, 计划, 公众号…)


def segments(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of a sentence between clause marks and 、, outside quotes and 《》."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in "“《‘":
            depth += 1
        elif ch in "”》’":
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch == "、" or CLAUSE_END.match(ch)):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if b > a]


def quoted(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quoted name or a 《title》 (a name, not a statement of fact).

    Quoted speech is longer or has punctuation inside; its facts count.
    """
    spans = [m.span() for m in QUOTE_RE.finditer(sentence)] + [m.span() for m in _BOOK_RE.finditer(sentence)]
    return any(a < pos < b for a, b in spans)


_BOOK_RE = re.compile(r"《[^《》]*》")
_COUNT_PREFIX_RE = re.compile(r"^(?:\d+(?:\.\d+)?|[两二三四五六七八九十百千]+)(?:万|亿)?(?:余|多)?"
                              r"[名个位人批支]")


def strip_count(text: str) -> str:
    """"30余名工会志愿者" → "工会志愿者": a subject without its head count."""
    return _COUNT_PREFIX_RE.sub("", text)


def leading_org(text: str) -> str:
    """The union organisation ``text`` starts with ("奉化区总工会组织…" → "奉化区总工会"), or ""."""
    for org, _ in org_mentions(text):
        if text.startswith(org):
            return org
    return ""


def lead_verb(text: str) -> tuple[int, int] | None:
    """Span of the verb(s) that open ``text`` after adverbs (有效化解 → 化解), or None."""
    span: tuple[int, int] | None = None
    for word, flag, start in tokens(text):
        if span is None and (flag[:1] == "d" or flag in ("ad", "a")):
            continue
        if flag.startswith("v") and flag != "vn":
            span = (span[0] if span else start, start + len(word))
            continue
        break
    return span
