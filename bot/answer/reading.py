"""Reading a question: its key words with their weights, and what kind of answer it asks for.

Question words are found among the question's *words* (jieba's segmentation), never by character
offsets: 怎么上不了 asks "how" of 上不了, and 怎样为苹果账户充值 asks "how" of 充值. What the words
mean for ranking and confidence is not decided here: the reading only describes the question, and
the fitted model (:mod:`bot.answer.model`) weighs what it describes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.nlp.kinds import MEASURE, measure_class
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Segmenter
from bot.nlp.text import general_idf, is_cjk, known_word, squash, words

# What each question word asks for. A word jieba keeps whole with its measure (几位, 多少钱) is
# read by its first characters (see _ask_of).
ASKS: dict[str, str] = {
    **dict.fromkeys("谁 哪位 何人 什么人 哪些人 哪一位".split(), "person"),
    **dict.fromkeys("多少 几 第几 几何 多大 多高 多远 多重 多宽 多深 多厚 多快".split(), "number"),
    **dict.fromkeys("多久 多长时间 多长".split(), "duration"),
    **dict.fromkeys("什么时候 何时 哪年 哪一年 哪天 哪一天 几月 几号 几时 什么时间 哪月 何年 何月 何日 啥时候 啥时"
                    .split(), "time"),
    **dict.fromkeys("哪里 哪儿 在哪 何地 何处 什么地方 哪个地方 啥地方 哪些地方".split(), "place"),
    **dict.fromkeys("为什么 为何 为啥 干嘛 何故".split(), "reason"),
    **dict.fromkeys("怎么 怎样 如何 怎么样 咋 咋样 怎么办 咋办 怎么着 怎么弄 咋弄".split(), "how"),
    **dict.fromkeys("哪些 哪几".split(), "list"),
    **dict.fromkeys("哪个 哪家 哪种 哪类 哪条 哪所 哪座 哪项 哪 哪一 何种 哪一个 哪一家 哪一种 何者".split(), "which"),
    **dict.fromkeys("什么 啥 何 什么样 啥样 何事 何物 怎么回事 甚么".split(), "what"),
    **dict.fromkeys("干什么 做什么 干啥 做啥".split(), "role"),
    **dict.fromkeys("是否 吗 有没有 能不能 可不可以 是不是 会不会 要不要 么 能否 可否 有无".split(), "yesno"),
}
KINDS = ("person", "role", "number", "duration", "time", "place", "reason", "how", "list", "which", "what", "yesno",
         "none")
# A 什么 that asks for one of these asks what someone is or does (什么职务, 做什么工作).
ROLE_NOUNS = frozenset("职务 职位 身份 工作 岗位 职业 职称 头衔 行业".split())
# Key words ending in the noun of what is wanted (浙工缘 地点, 讲座 时间) ask as 在哪里 / 什么时候 ask.
TYPED: dict[str, str] = {**dict.fromkeys("地点 地址 位置".split(), "place"),
                         **dict.fromkeys("时间 日期".split(), "time"),
                         **dict.fromkeys("人数 数量 总数 金额 数额 面积".split(), "number")}
# A question that ends on one of these and a question mark asks for what would follow (…的原因是?, 又被称为?).
_CLOZE = {**dict.fromkeys("是 为 称为 称之为 被称为 叫 叫做 称作 以及 和 与 及 包括".split(), "what"),
          **dict.fromkeys("在 位于 于".split(), "place"), **dict.fromkeys("因为 是因为 由于".split(), "reason")}
_NAMED_BY = frozenset(("what", "which", "list", "role"))  # kinds whose question word a noun may follow
# A question word jieba keeps whole with its measure word, and sometimes with the noun after it: 几位,
# 多少度, 哪一部, 几份, 哪几个, 几本书 (not 几乎, 哪怕, 多少年来). Two-character measures are tried first.
_UNITS = ("小时", "分钟", "公里", "世纪", "年代", "年级", "月份", "点钟", "平方米",
          *"个位名次天年月号日人家种条项场岁户期批届元块些所座本册辆台件轮回趟套份张篇首部周幅副栋幢亩吨盒箱袋双把杯"
           "顿遍间层节门班组队支类款艘级例股路秒颗句盘道处笔成倍度分点边")
_MEASURED = re.compile(rf"^(第几|几|多少|哪一|哪几|哪些|哪)({'|'.join(_UNITS)})([\u3400-\u9fff]{{0,4}})$")
_LISTED = re.compile(r"^(哪些)()([\u3400-\u9fff]{1,4})$")  # 哪些项目: the noun follows 哪些 with no measure
_ANY = ("任", "无论", "不论", "不管")  # a question word after these means "any" (任何人, 无论如何)
_NOT_ASKED = frozenset("多少年来 几次三番 几经 几度 几分钟前 几何学".split())  # idioms, no question
_WHEN = frozenset("年 月 天 日 号 月份 世纪 年代 点 点钟".split())  # 哪年, 哪几天, 几点, 几月份: a time is asked
_MEASURED_KIND = {"些": "list", "边": "place"}  # 哪些, 哪边
_LONGEST_ASK = max(map(len, ASKS))
_TALLY = frozenset("一共 共 总共 共计 合计 总计 累计 大概 大约 约 有".split())  # words between a noun and its 多少
# Words that carry no content in a question: function words, courtesies, pronouns.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 把 被 给 对 都 也 还 要 会 能 可以 有 呢 啊 吧 呀 嘛 哦 之 其 该 这 那 个 这个 那个 着 过"
    " 又 就 请问 请 问 问下 一下 想 想问 知道 告诉 我 你 您 他 她 它 我们 你们 他们 咱们 大家 您好 你好 谢谢 麻烦"
    " 打扰 下 上 中 里 等 从 向 于 以 一 地 得".split()
)
_WORDLIKE = re.compile(r"[\u3400-\u9fff0-9a-z]")


@dataclass(frozen=True, slots=True)
class Query:
    """A question read once; every candidate is judged against the same reading."""

    text: str  # the question after typo repair
    folded: str  # squashed (see bot.nlp.text.squash)
    asks: str  # one of KINDS
    content: tuple[str, ...]  # the words that carry it, in order, each once
    weights: tuple[float, ...]  # their weights (general informativeness)
    core: str  # the folded question without its question words and stopwords
    names: tuple[str, ...] = ()  # content words the knowledge knows as names
    noun: str = ""  # the noun a 什么/哪个/哪些 asks for (什么荣誉 -> 荣誉; "" when none follows it)
    counted: tuple[str, str] = ("", "")  # what a 多少/几 counts: its measure's class and noun (几位劳模 -> 人, 劳模)

    @property
    def total(self) -> float:
        return sum(self.weights)

    def heaviest(self, count: int) -> list[int]:
        """The places in ``content`` of its ``count`` weightiest words, in the question's order."""
        return sorted(sorted(range(len(self.content)), key=lambda i: -self.weights[i])[:count])


def _measured(word: str) -> re.Match[str] | None:
    """A question word glued to its measure (几份: 几, 份, "") and maybe a noun (几本书: 几, 本, 书)."""
    if word in _NOT_ASKED or word in ASKS:
        return None
    return _LISTED.match(word) or _MEASURED.match(word)


# A pure function of the word, asked of every token two or three times a question (read_query first
# looks whether any token asks, then reads them; _counted looks again): a word's answer is kept.
@functools.lru_cache(maxsize=16384)
def _ask_of(word: str) -> str | None:
    kind = ASKS.get(word)
    if kind is not None:
        return kind
    measured = _measured(word)
    if measured is None or measured.group(3):
        return None
    stem, unit = measured.group(1), measured.group(2)
    if unit in _WHEN and (stem.startswith("哪") or unit not in ("年", "月", "天", "日")):
        return "time"  # 哪年, 哪几天, 几点, 几号; but 几年, 几天 count
    if stem in ("哪几", "哪些"):
        return "list"
    if stem.startswith("哪"):
        return _MEASURED_KIND.get(unit, "which")
    return "number"


def _which_one(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tokens, with the 一 jieba cut off 哪 put back: 哪/一部分 and 哪/一/时期 ask 哪一 of 部分, 时期,
    and 哪/一/年代 is one question word, a time (not 在哪, a place). A question word of 哪 and its
    measure (哪/一个) is left to _joined."""
    out: list[tuple[str, str]] = []
    for word, flag in tokens:
        after_one = _ask_of("哪一" + word) if out[-2:] == [("哪", "r"), ("一", "m")] else "apart"
        if after_one == "time":
            out[-2:] = [("哪一" + word, "r")]
        elif after_one is None:
            out[-2:] = [("哪一", "r"), (word, flag)]
        elif (out and out[-1][0] == "哪" and len(word) > 2 and word[0] == "一" and _ask_of("哪" + word) is None
              and known_word(word[1:])):
            out[-1:] = [("哪一", "r"), (word[1:], "n")]
        else:
            out.append((word, flag))
    return out


def _apart(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tokens, with a noun jieba glued to a question word's measure (几本书, 哪些项目) its own word."""
    out: list[tuple[str, str]] = []
    for word, flag in tokens:
        measured = _measured(word)
        if measured is not None and measured.group(3):
            out += [(measured.group(1) + measured.group(2), "r"), (measured.group(3), "n")]
        else:
            out.append((word, flag))
    return out


def _joined(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tokens, with a question word jieba cut into pieces (什么/时候, 在/哪, 哪/一年) put together again."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2):
            word = "".join(w for w, _ in tokens[i:i + n])
            if i + n <= len(tokens) and len(word) <= _LONGEST_ASK and _ask_of(word) is not None:
                out.append((word, "r"))
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _unglued(tokens: list[tuple[str, str]], segmenter: Segmenter) -> list[tuple[str, str]]:
    """The tokens, with the first question word jieba glued to a neighbour inside one of its own words
    cut out (什么游戏, 哪一方面, 何原因, 由谁来, 加多少, 前几次); asked only when no token is a question
    word, so that 几乎, 哪怕, 何况 are never read as one."""
    for at, (word, _) in enumerate(tokens):
        cut = _glued_ask(word)
        if cut is not None:
            before, piece, after = cut
            parts = [*words(before, segmenter, guess=False), (piece, "r"), *words(after, segmenter, guess=False)]
            return [*tokens[:at], *parts, *tokens[at + 1:]]
    return tokens


def _glued_ask(word: str) -> tuple[str, str, str] | None:
    """(before, question word, after) of the longest question word inside ``word``, first from the left;
    one character counts only as 谁, or before a word of its own (何/原因, not 何/况); after 任 or 无论
    it asks nothing (任何人, 无论如何)."""
    if word in _NOT_ASKED:
        return None
    for start in range(len(word)):
        for end in range(len(word), start, -1):
            piece, before, after = word[start:end], word[:start], word[end:]
            if piece == word or _ask_of(piece) is None or before.endswith(_ANY):
                continue
            if len(piece) > 1 or piece == "谁" or (not before and len(after) > 1 and known_word(after)):
                return before, piece, after
    return None


def read_query(text: str, lexicon: Lexicon, segmenter: Segmenter) -> Query:
    """``text`` read in the words of the knowledge base (``lexicon``; typos repaired first) as the engine
    cuts them (``segmenter``)."""
    corrected = lexicon.correct(text, segmenter, keep=ASKS)
    tokens = _glued(_apart(_joined(_which_one(_split_unknown(words(corrected, segmenter, guess=False), lexicon)))),
                    lexicon)
    if not any(_ask_of(word) for word, _ in tokens):
        tokens = _unglued(tokens, segmenter)
    asks = "none"
    content: dict[str, float] = {}
    names: list[str] = []
    core: list[str] = []
    noun, last = "", ""
    for word, flag in tokens:
        kind = _ask_of(word)
        if kind is not None:
            # The first question word decides, but a trailing 吗 only when there is no other.
            asks = kind if asks in ("none", "yesno") else asks
            last = kind
            continue
        if last in _NAMED_BY and not noun and (flag.startswith("n") or flag == "vn"):
            noun = word
        if flag not in ("m", "q", "mq"):  # 哪一种气候: the noun comes after the measure
            last = ""
        if word in STOPWORDS or not _WORDLIKE.search(word):
            continue
        core.append(word)
        if word not in content:
            content[word] = general_idf(word)
            if lexicon.is_name(word, flag):
                names.append(word)
    if asks == "what" and noun in ROLE_NOUNS:
        asks = "role"
    if asks == "none" and tokens and text.rstrip()[-1:] in "?？" and tokens[-1][0] in _CLOZE:
        asks = _CLOZE[tokens[-1][0]]
    counted = _counted(tokens) if asks == "number" else ("", "")
    if asks == "none" and core and core.count(core[-1]) == 1 and core[-1] in TYPED and set(content) - TYPED.keys():
        typed = core.pop()  # the noun names the kind asked, as a question word would, and is not asked of
        asks = TYPED[typed]
        del content[typed]
        names = [n for n in names if n != typed]
        counted = _typed_count(typed)
    return Query(text=corrected, folded=squash(corrected), asks=asks, content=tuple(content),
                 weights=tuple(content.values()), core=squash("".join(core)), names=tuple(names),
                 noun=noun, counted=counted)


def _typed_count(typed: str) -> tuple[str, str]:
    """What a typed noun counts, as 多少 before it would (劳模 人数 counts people, as 多少人 does); nothing
    for a noun that names no measure (数量, 面积)."""
    measure, noun = _counted([("多少", "m"), (typed, "n")])
    return (measure, noun) if measure else ("", "")


def _counted(tokens: list[tuple[str, str]]) -> tuple[str, str]:
    """The class of the measure word (bot.nlp.kinds.measure_class) and the noun a count is asked of:
    几位劳模 -> (人, 劳模), 几个骑手 -> (个, 骑手), 多少钱 and 多少元 -> (元, ""), 人数 -> (人, ""), jieba's
    本书 in 多少本书 -> (本, 书)."""
    measure, noun = _counted_words(tokens)
    if noun == "钱" or (len(noun) == 2 and noun[1] == "数"):
        measure, noun = noun[0], ""
    elif not measure and len(noun) > 1 and MEASURE.match(noun):
        measure, noun = noun[0], noun[1:]
    return measure_class(measure), noun


def _counted_words(tokens: list[tuple[str, str]]) -> tuple[str, str]:
    """The measure word and the noun a count is asked of, as written: 几位劳模 -> (位, 劳模), 多少钱 ->
    ("", 钱); the word before when the question word ends it (会员一共有多少 -> ("", 会员))."""
    at = next((i for i, (word, _) in enumerate(tokens) if _ask_of(word) == "number"), None)
    if at is None:  # 人数 as the last key word
        return "", ""
    measured = _measured(tokens[at][0])
    measure = measured.group(2) if measured else ""
    after = [word for word, _ in tokens[at + 1:at + 3] if _WORDLIKE.search(word) and _ask_of(word) is None]
    if not measure and after and _ask_of("几" + after[0]) == "number":
        measure = after.pop(0)
    if after and after[0] not in STOPWORDS:
        return measure, after[0]
    if measure:
        return measure, ""
    before = [word for word, _ in tokens[:at] if _WORDLIKE.search(word) and word not in STOPWORDS
              and word not in _TALLY]
    return "", before[-1] if before else ""


def _glued(tokens: list[tuple[str, str]], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Runs of single characters that the knowledge holds together are one word: a name jieba does not
    know ("浙工缘" cut 浙/工/缘) must weigh as the name it is, not as three common characters."""
    out: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for token in [*tokens, ("", "")]:
        word = token[0]
        if len(word) == 1 and is_cjk(word) and word not in STOPWORDS and _ask_of(word) is None:
            run.append(token)
            continue
        out.extend(_known_runs(run, lexicon))
        run = []
        if word:
            out.append(token)
    return out


def _known_runs(run: list[tuple[str, str]], lexicon: Lexicon) -> list[tuple[str, str]]:
    """``run`` with each longest stretch the knowledge knows joined, left to right (年/浙/工/缘 -> 年, 浙工缘)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(run):
        j = next((j for j in range(len(run), i + 1, -1) if lexicon.knows("".join(w for w, _ in run[i:j]))), i + 1)
        out.append(("".join(w for w, _ in run[i:j]), "nz") if j > i + 1 else run[i])
        i = j
    return out


def _split_unknown(pairs: list[tuple[str, str]], lexicon: Lexicon) -> list[tuple[str, str]]:
    """A run jieba glued together that neither general Chinese nor the knowledge knows ("企亱") is
    read as its characters: a segmentation accident must not become the question's rarest word."""
    out: list[tuple[str, str]] = []
    for word, flag in pairs:
        if len(word) > 1 and is_cjk(word) and not known_word(word) and not lexicon.knows(word):
            out.extend((ch, "x") for ch in word)
        else:
            out.append((word, flag))
    return out
