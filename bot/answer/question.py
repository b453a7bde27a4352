"""Reading a question: its key words and their weights, its names, and what kind of answer it wants.

Every candidate of a question (a few dozen) is judged against the same reading, so all that can
be worked out from the question alone, down to the pattern where its answer can stand and the
probes for each word, is worked out here once, into a :class:`Query`. It is kept apart from
:mod:`bot.answer.matcher`, which scores candidates, because the many tables of question words are
about how Chinese asks, not about how an answer is judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.slots import MEASURES, MONEY, NUMBER, CountedSlot, Slot, measured
from bot.answer.tuning import ATTRIBUTE_WEIGHT, MAX_CONTENT, MIN_CONTENT
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Segmenter
from bot.nlp.text import STOPWORDS, general_idf, is_cjk, known_word, squash, words

# Nouns that name what is asked about rather than the answer ("是什么职务" is answered by
# "副主席", which never says 职务), so a candidate that lacks them loses little.
ATTRIBUTE_WORDS = frozenset(
    "职务 职位 身份 工作 外号 绰号 称号 名字 名称 题目 标题 内容 颜色 时间 地点 地方 日期 数量 人数 金额 方式 形式"
    " 原因 目的 意义 作用 情况 结果 特点 主题 规模 目标 荣誉 措施 办法 经验 单位 部门 职业 岗位 东西 事情 事 问题"
    " 环节 项目 模式 成绩 名次 多久 多长 分别 一共 总共 共 大概 主要 具体 哪些 那些 这次 此次 本次".split()
)
_HOW = re.compile(r"(?:怎么|怎样|如何)(?!样|回事|办)([\u4e00-\u9fff]{1,2})")
_MEASURE = re.compile(rf"(?:几|多少)([{MEASURES}])")
_ASKING = re.compile(rf"^(?:几|多少|第几|哪)[{MEASURES}]?$")
_COUNTED = re.compile(r"(?:多少|几)([\u4e00-\u9fff]{2})")
_COUNTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2})(?:是|有|为|达到|达|共|一共|总共)?多少\W*$")
_WH = re.compile(r"谁|哪|什么|多少|几|怎么|怎样|如何|为什么|为何|何时|多久|多长")
_ROLE = re.compile(r"主席|书记|主任|经理|工程师|师傅|工作者|干部|职工|员工|工人|记者|通讯员|劳模|工匠|会长|校长|队长|组长"  # noqa: E501
                   r"|委员|代表|人员|负责人|董事长|院长|局长|部长|处长|科长|志愿者|导师|成员")
_SAME_MEASURE = {"人": "人名位", "名": "人名位", "位": "人名位", "个": "个只件", "次": "次场", "场": "场次"}
_ROLE_NAME = re.compile(r"(?:主席|书记|主任|经理|工程师|师傅|劳模|工匠|会长|校长|队长|组长)[\u4e00-\u9fff]{2,3}")
_AGENT = re.compile(r"工会|政府|市委|区委|县委|党委|公司|部门|单位|协会|学校|志愿者|干部|职工")
_PERSONISH = re.compile(_ROLE_NAME.pattern + "|" + _AGENT.pattern)

_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"什么时候|哪天|哪一天|哪年|哪一年|何时|几月|几号|什么时间|日期")),
    # "没有多少区别" says "hardly any"; it asks for no number.
    ("quantity", re.compile(rf"(?<!没有)(?<!没)多少|几[{MEASURES}]|第几|几次|比例|百分之几")),
    ("role", re.compile(r"什么职务|什么职位|担任什么|干什么的|做什么的|做什么工作|什么身份|什么工作")),
    # "主席叫什么" asks for a person as much as "主席是谁" does.
    ("person", re.compile(r"谁|哪一?位|什么人|哪些人|(?:主席|书记|主任|经理|负责人|会长|校长|院长|厂长|站长|局长|部长|"
                          r"队长|组长)(?:的名字|的姓名)?(?:叫什么|姓什么|是哪个)")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|哪个[镇市区县村省单位公司企业地方]|哪家|哪些单位|哪两个")),
    ("duration", re.compile(r"多久|多长时间|多长")),
    ("colour", re.compile(r"什么颜色|啥颜色|哪种颜色|什么色")),
    # "X怎么评价Y" is answered by what X said, which rarely repeats 评价 (checked before "list").
    ("opinion", re.compile(r"(?:怎么|怎样|如何)(?:评价|看待|看|形容|认为|说|讲|表示)"
                           r"|(?:说|表示|认为|谈到)了?[^，,。？?]{0,20}?(?:什么|哪些|啥)")),
    ("list", re.compile(r"哪些|哪几")),  # after person and place: 哪些人, 哪些单位 ask for those
)
_ANSWERS = {
    "date": re.compile(r"\d+月|\d+日|\d{4}年|年初|年底|月初|月底|中旬|上旬|下旬|周[一二三四五六日]"),
    "quantity": re.compile(rf"\d|{NUMBER}+[{MEASURES}万千百余多]|首位|第一|首批|唯一"),
    "place": re.compile(r"[省市区县镇乡村街道巷园厂司校堂馆]|公司|单位|企业|工会|超市|中心|基地|农场"),
    "duration": re.compile(rf"{NUMBER}+(?:\.\d+)?[余多]?个?(?:年|月|周|星期|天|小时|分钟)|半年|多年|数年"),
    # Several items listed: "A、B、C等活动", "“A”“B”等环节", "A、B和C".
    # Quoted names side by side are a list only when 等 closes it ("以“A”“B”为主题" names a theme).
    "list": re.compile(r"、[^，,。；;、]{1,24}?(?:等|和|及)|”“[^，,。；;]{0,40}?等|”、“|、[^，,。；;、]{1,15}、"),
    # What someone said: a quotation, or a speech verb that opens what was said ("X说道。" says nothing).
    "opinion": re.compile(r"“|(?:说|表示|认为|称|道|坦言|指出|介绍)[，,：:]"),
}
_COLOURS = "红橙黄绿青蓝紫黑白灰粉棕"
# Courtesies around a question ("你好，请问…", "麻烦问一下") and ways of asking "what to do" ask nothing.
_POLITE = frozenset("你好 您好 谢谢 感谢 麻烦 打扰 请教 劳驾 问问 想问 怎么办 咋办 怎么做 怎么弄 该怎么".split())
_KIND_ASKED = frozenset("什么 哪种 哪类 何种 啥 哪个 哪家 哪条 哪所 哪座 哪位 哪一个 哪一家 哪一位".split())
_WH_PREFIX = re.compile(r"^(?:哪些|哪个|哪家|哪种|哪类|什么|多少)")
_MONEY = re.compile(r"(?:多少|几)块?钱|多少(?:万|亿)?元|多少资金|多少经费|多少金额")
_WORDLIKE = re.compile(r"[\u4e00-\u9fff0-9a-z]")
# "做了什么": the verb only says an action is asked for; it is a question word, not a key word.
_LIGHT_VERB = re.compile(r"(?:做|干|搞)(?=了?(?:什么|哪些|啥))")
# "负责人是谁" is answered by whatever office the article gives (总经理, 主任, 站长...).
HEAD_WORDS = frozenset("负责人 领导 带头人 一把手 掌门人 当家人".split())
OFFICES = ("负责人", "董事长", "总经理", "经理", "主任", "主席", "书记", "厂长", "校长", "院长", "站长", "所长",
           "社长", "馆长", "会长", "局长", "部长", "处长", "科长", "队长", "组长", "理事长", "村主任")


Probe = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Query:
    """A question read once: folded text, weighted content words, names, what kind of answer it wants."""

    text: str
    folded: str
    content: tuple[tuple[str, float], ...]
    names: tuple[str, ...]
    qtype: str | None
    measure: str | None  # the counting unit asked for: 几位 -> 位
    focus: str | None  # who/where questions: the word asked about (台州市总工会主席是谁 -> 主席)
    how: str | None  # the verb of a how-question: 怎么办理 -> 办理
    counted: str | None = None  # what 多少 counts when no unit is given: 多少单身青年 -> 单身
    open_ended: bool = False  # no question word ("南湖区总工会的电话"): every key word must be found
    kind: str | None = None  # the noun a 什么/哪个 asks for: 有什么奖金 -> 奖金, 在哪条街 -> 街
    # Worked out once per question, because every candidate is probed with them:
    probes: tuple[Probe, ...] = ()  # per content word: its variants, and its bigrams when long
    slot: Slot | None = None  # where the kind of answer asked for can stand
    focus_probe: Probe = ((), ())
    kind_probe: Probe = ((), ())
    weights: tuple[float, ...] = ()  # the content words' weights
    total: float = 0.0  # their sum
    heaviest: tuple[str, ...] = ()  # the two weightiest content words (where to look without a slot)


def compile_slots() -> None:
    """Compile every counting unit's slot (~50 ms for all): at start-up, not when the first question
    that counts in a unit comes (~1 ms each, which a member would wait for)."""
    for unit in MEASURES:
        measured(_SAME_MEASURE.get(unit, unit))


def read_query(text: str, lexicon: Lexicon, segmenter: Segmenter) -> Query:
    """``text`` read in the words of the knowledge base (``lexicon``) as the engine cuts them (``segmenter``)."""
    corrected = lexicon.correct(text, segmenter)
    content, names, verbs, kind = _content_words(corrected, lexicon, segmenter)
    content = _heaviest(content, MAX_CONTENT)
    qtype = next((name for name, asks in _ASKS if asks.search(corrected)), None)
    asked_unit = _MEASURE.search(corrected)
    measure = asked_unit.group(1) if asked_unit else None
    how = _HOW.search(corrected)
    # An opinion is asked for by its verb (怎么评价) but answered by what was said.
    how_verb = how.group(1) if how and how.group(1) not in STOPWORDS and qtype != "opinion" else None
    focus = None
    if qtype in ("person", "role", "place"):
        nouns = [(w, x) for w, x in content if w not in verbs]  # "去支援了哪家企业" asks about no 支援
        focus = _focus(corrected, nouns, names if qtype == "role" else [])
    counted = _counted(corrected) if qtype == "quantity" and not measure else None
    weights = tuple(w for _, w in content)
    # A question left with single characters only ("我想退会怎么办" keeps 退) says too little to be
    # fully covered: any longer word can hold them (退却).
    thin = all(len(word) == 1 for word, _ in content)
    return Query(text=corrected, folded=squash(corrected), content=tuple(content), names=tuple(names), qtype=qtype,
                 measure=measure, focus=focus, how=how_verb, counted=counted, open_ended=not _WH.search(corrected),
                 kind=kind, probes=tuple(probe(word, lexicon) for word, _ in content),
                 slot=_slot_pattern(qtype, measure, counted, corrected, content),
                 focus_probe=_focus_probe(focus, lexicon), kind_probe=_focus_probe(kind, lexicon), weights=weights,
                 total=max(sum(weights), MIN_CONTENT) if thin else sum(weights),
                 heaviest=tuple(word for word, _ in sorted(content, key=lambda ww: -ww[1])[:2]))


def _content_words(text: str, lexicon: Lexicon,
                   segmenter: Segmenter) -> tuple[list[tuple[str, float]], list[str], set[str], str | None]:
    """The weighted words that carry the question, the names and the verbs among them, and the noun
    a 什么 asks for (什么奖金 -> 奖金; None when there is none, or it only names an attribute)."""
    content: list[tuple[str, float]] = []
    names: list[str] = []
    verbs: set[str] = set()
    kind = None
    light = {m.start() for m in _LIGHT_VERB.finditer(text)}
    at, previous = 0, ""
    for token, flag in _split_unknown(words(text, segmenter, guess=False), lexicon):
        at = text.find(token, at)
        if previous in _KIND_ASKED and flag.startswith("n") and token not in ATTRIBUTE_WORDS:
            kind = token
        previous = token
        # jieba keeps "哪些地方" whole: the question word goes, the noun (an attribute) stays.
        word = _WH_PREFIX.sub("", token) if len(token) > 2 else token
        if (at in light and len(word) == 1) or not word:
            continue
        if word in STOPWORDS or word in _POLITE or _ASKING.match(word) or not _WORDLIKE.search(word):
            continue
        content.append((word, general_idf(word) * (ATTRIBUTE_WEIGHT if word in ATTRIBUTE_WORDS else 1.0)))
        if lexicon.is_name(word, flag) and word not in ATTRIBUTE_WORDS:
            names.append(word)
        if flag.startswith("v") and flag != "vn":
            verbs.add(word)
    return content, names, verbs, kind


def _heaviest(content: list[tuple[str, float]], count: int) -> list[tuple[str, float]]:
    """The ``count`` weightiest words of ``content``, in their order (the first of equal ones)."""
    if len(content) <= count:
        return content
    keep = sorted(sorted(range(len(content)), key=lambda i: -content[i][1])[:count])
    return [content[i] for i in keep]


def _counted(text: str) -> str | None:
    """What 多少 counts when no unit follows it: 多少单身青年 -> 单身; 多少钱 -> 钱; 覆盖率是多少 -> 盖率
    (the end of the noun before it: the answer puts its number right after it, "覆盖率达到93%")."""
    if _MONEY.search(text):
        return "钱"
    counted = _COUNTED.search(text) or _COUNTED_BEFORE.search(text)
    return counted.group(1) if counted else None


def _focus_probe(focus: str | None, lexicon: Lexicon) -> Probe:
    if focus is None:
        return (), ()
    if focus in HEAD_WORDS:
        return OFFICES, ()
    return probe(focus, lexicon)


def probe(word: str, lexicon: Lexicon) -> Probe:
    """What to look for in a text to credit ``word``: any variant, or most bigrams of a long word."""
    grams = tuple(word[i:i + 2] for i in range(len(word) - 1)) if len(word) >= 3 else ()
    return lexicon.variants(word), grams


def _split_unknown(pairs: list[tuple[str, str]], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Split a run jieba glued together ("当的") into characters unless the knowledge knows it.

    An unknown word gets the highest weight; a segmentation accident must not.
    """
    out: list[tuple[str, str]] = []
    for word, flag in pairs:
        if len(word) > 1 and is_cjk(word) and not known_word(word) and not lexicon.knows(word):
            out.extend((ch, "x") for ch in word)
        else:
            out.append((word, flag))
    return out


def _focus(text: str, content: list[tuple[str, float]], names: list[str]) -> str | None:
    wh = _WH.search(text)
    if wh is None:
        return None
    named = [w for w in names if w in text[:wh.start()]]
    if named:
        return named[-1]
    nouns = [w for w, _ in content if len(w) >= 2 and w not in ATTRIBUTE_WORDS]
    before = [w for w in nouns if w in text[:wh.start()]]
    if before:
        return before[-1]
    return next((w for w in nouns if w in text[wh.end():]), None)


def _slot_pattern(qtype: str | None, measure: str | None, counted: str | None, text: str,
                  content: list[tuple[str, float]]) -> Slot | None:
    """Where in a candidate the kind of answer asked for can stand (a number with 位 for 几位)."""
    if qtype == "role":
        return _ROLE
    if qtype == "person":  # "是谁号召的" may be answered by an organisation
        return _PERSONISH
    if qtype == "quantity" and measure:
        return measured(_SAME_MEASURE.get(measure, measure))
    if qtype == "date":
        return _date_slot(text)
    if qtype == "colour":
        # "戴什么颜色的帽子" is answered by "红帽子": a colour, or a colour character before the noun.
        nouns = "|".join(re.escape(w) for w, _ in content if w not in ATTRIBUTE_WORDS)
        return re.compile(rf"[{_COLOURS}]色" + (rf"|[{_COLOURS}](?:色的?)?(?:{nouns})" if nouns else ""))
    if qtype == "quantity" and counted:
        if counted[0] == "钱":
            return MONEY
        return CountedSlot(counted)
    return _ANSWERS.get(qtype or "")


_YEAR_ASKED = re.compile(r"哪一?年|几几年|什么年份|哪个年份")
_DAY_ASKED = re.compile(r"哪一?天|几号|几月几[日号]")
_YEAR_SLOT = re.compile(r"\d{4}年|今年|去年|前年|明年")
_DAY_SLOT = re.compile(rf"{NUMBER}+[日号]|今天|昨天|当天|周[一二三四五六日]|星期[一二三四五六日天]")


def _date_slot(text: str) -> re.Pattern[str]:
    """A year answers 哪一年 and a day 哪天; "近日" or "今年3月" does not say which."""
    if _YEAR_ASKED.search(text):
        return _YEAR_SLOT
    if _DAY_ASKED.search(text):
        return _DAY_SLOT
    return _ANSWERS["date"]
