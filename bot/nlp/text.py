"""Text normalisation and tokenisation shared by indexing and querying.

Everything that is compared goes through :func:`normalize` first, so that full-width forms,
traditional characters, case, zero-width characters and Chinese numerals before a unit never
decide whether a question matches. Shown text is never normalised: answers quote the article.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opencc import OpenCC
from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from bot.nlp.segment import BLOCK, Dictionary, Segmenter, load_dictionary

# Closing quotes and brackets: they stay with the sentence they close (bot.ingest.sentences), after its mark.
CLOSERS = frozenset("”’」』）)》〉】")
_CLOSING = "".join(CLOSERS)
# Zero-width and bidi controls survive NFKC; they must not split or hide words.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PUNCT_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Only numerals directly before a counting unit are converted: 三年 → 3年, but 统一 and 一线 stay.
_CN_NUMBER = re.compile(r"(?<![第哪])([零〇一二两三四五六七八九十百千]{1,6})(?=[年个人名份场次月日天位户元岁期批届家项条])")  # noqa: E501
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9]+(?:\.[0-9]+)?|[a-z]+")

STOPWORDS = frozenset(
    "哪一位 哪一个 哪一天 哪一年 哪一家 哪一种 什么 多少 几 几个 几次 几份 几位 几名 第几 第几次 哪 哪里 哪儿 哪个 哪些 哪位 哪家 哪天 哪年 哪一年 哪两个 谁 是 的 了 吗 呢 啊 吧 呀 么"  # noqa: E501
    " 怎么 怎么样 怎样 如何 为什么 为何 请问 一下 有 有没有 在 和 与 及 把 被 给 对 都 也 还 要 会 能 可以 什么时候"
    " 时候 干什么 做什么 是什么 什么样 怎么说 说 讲 讲了 我 你 他 她 它 我们 你们 他们 这 那 个 这个 那个 之 地 得 着 过"  # noqa: E501
    " 又 就 呢 嘛 哦 吗 啥 哪些 请 告诉 知道 想 问 问下 一 多 些 其 该 从 向 于 以 等 中 上 下 后 前 里 时 年 月 日".split()  # noqa: E501
)


def unclosed(text: str) -> str:
    """``text`` without the whitespace and closing quotes and brackets at its end: what its last mark is."""
    return text.rstrip().rstrip(_CLOSING)


def init_nlp(places: Sequence[Path] | None = None) -> Dictionary:
    """The one start-up step of the language tools: jieba's dictionary (its cache in the first of
    ``places``, see :func:`bot.nlp.segment.load_dictionary`), its word weights and OpenCC's
    conversion, so that no question waits for them. Later calls return at once."""
    dictionary = load_dictionary(places)
    _idf_table()
    _simplifier()
    return dictionary


@dataclass(frozen=True)
class _Simplifier:
    """OpenCC's t2s conversion, and what can make it change a text: a character it maps to another
    one, or a phrase it maps to another phrase although none of its characters is such a character
    (反覆 → 反复)."""

    opencc: OpenCC
    chars: frozenset[str]
    phrases: re.Pattern[str]


@functools.cache
def _simplifier() -> _Simplifier:
    changing_chars: set[str] = set()
    changing_phrases: list[str] = []
    for key, value in _t2s_entries():
        if value.split(" ")[0] == key:
            continue
        if len(key) == 1:
            changing_chars.add(key)
        else:
            changing_phrases.append(key)
    phrases = sorted((p for p in changing_phrases if changing_chars.isdisjoint(p)), key=len, reverse=True)
    return _Simplifier(opencc=OpenCC("t2s"), chars=frozenset(changing_chars),
                       phrases=re.compile("|".join(map(re.escape, phrases)) or "(?!)"))


def _t2s_entries() -> Iterator[tuple[str, str]]:
    """(text, its conversions) of every entry of the dictionaries that OpenCC's t2s configuration
    names: the package's config and dictionary files, in OpenCC's documented formats."""
    package = importlib.resources.files("opencc")
    config = json.loads((package / "config" / "t2s.json").read_text(encoding="utf-8"))
    for step in config["conversion_chain"]:
        for name in _dictionary_files(step["dict"]):
            for line in (package / "dictionary" / name).read_text(encoding="utf-8").splitlines():
                key, value = line.strip().split("\t")
                yield key, value


def _dictionary_files(spec: dict[str, Any]) -> list[str]:
    if spec["type"] == "group":
        return [name for inner in spec["dicts"] for name in _dictionary_files(inner)]
    return [spec["file"]]


def to_simplified(text: str) -> str:
    # OpenCC's pure-Python conversion costs ~150 µs a sentence; almost every text is simplified
    # already, and a text with no trigger comes back unchanged, so skip it then (same result).
    t2s = _simplifier()
    if t2s.chars.isdisjoint(text) and not t2s.phrases.search(text):
        return text
    return str(t2s.opencc.convert(text))


def _cn_to_int(numeral: str) -> int | None:
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if current and numeral[0] not in _CN_UNITS else _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _numerals(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        value = _cn_to_int(m.group(1))
        return m.group(1) if value is None else str(value)

    return _CN_NUMBER.sub(repl, text)


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold ``text`` for comparison: NFKC, no invisibles, lower case, simplified, numerals."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text)).lower()
    return _numerals(to_simplified(text))


def squash(text: str) -> str:
    """``normalize`` without spaces and punctuation: the form used for substring tests."""
    return _PUNCT_SPACE.sub("", normalize(text))


# Here, below the index, because the cache marks every pair by member_like once, at build time.
MEMBER_LENGTH = 24  # characters (punctuation aside): a longer generated question is a sentence with a hole
_POINTING = re.compile(r"^(?:该|这|此|其|他|她|它|那|本|上述|以上)")
# A sentence with a hole shows itself in two ways. It starts where the sentence's clause did, on a
# modal or co-verb whose subject stayed behind (要把…多少毫米…, 由多少名职工组成…, 借力…多少场…); a
# question word right after it is a member's (在哪里报名, 由谁主办). Or the sentence's other numbers
# follow the hole (哪一年推荐全国劳模8人, 分别补助多少元和2000元). A number before it may only narrow
# the question down (2019年…几名, 24小时开放的站点有多少个, 第108个护士节是哪天). Measured on the
# generated questions of the seed page and two union knowledge bases of 78 and 101 stories (README,
# "What the seventh session changed").
_CLAUSE_START = re.compile(r"^(?:要|将|把|被|让|使|由|对|向|为了|用|以|通过|借力|借助|在|从|给)(?!哪|什么|谁|何)")
# Digits as written (normalize makes 一次性 1次性); 什么是12351 asks what a name with digits is.
_NUMBER_AFTER_HOLE = re.compile(r"^(?!什么是).*?(?:多少|几|哪|什么|谁).*\d")


def member_like(question: str) -> bool:
    """Whether a generated question reads as a member would ask it, so that it may be shown (a
    suggestion, a button, an example): short, not about "it" (该系列讲座…: which series?), and not a
    sentence with a hole (see _CLAUSE_START)."""
    folded = squash(question)
    return (0 < len(folded) <= MEMBER_LENGTH and not _POINTING.match(folded)
            and not _CLAUSE_START.match(folded) and not _NUMBER_AFTER_HOLE.match(question.strip()))


def terms(text: str) -> list[str]:
    """Index terms: CJK character bigrams (a lone character stays a unigram), numbers, latin words.

    Bigrams need no dictionary, so names and programmes jieba does not know still match.
    """
    out: list[str] = []
    for token in _TOKEN.findall(normalize(text)):
        # A token is a CJK run exactly when its first character is not ASCII (see _TOKEN).
        if len(token) > 1 and token[0] >= "\u3400":
            out.extend(map(operator.add, token, token[1:]))  # its bigrams
        else:
            out.append(token)
    return out


def cjk_runs(text: str) -> Iterator[str]:
    return (m.group(0) for m in _CJK.finditer(text))


def words(text: str, segmenter: Segmenter, *, guess: bool = True) -> list[tuple[str, str]]:
    """``(word, part-of-speech)`` pairs of normalised text, punctuation dropped (jieba's tagger).

    ``guess=False`` skips the HMM that guesses unknown words: a question needs only the words the
    dictionary (and the knowledge base's own names) holds, and the HMM costs ~6 ms per unknown
    character, a denial of service in a message of rare characters.
    """
    return tag(normalize(text), segmenter, guess=guess)


def tag(folded: str, segmenter: Segmenter, *, guess: bool = True) -> list[tuple[str, str]]:
    """:func:`words` of text that is normalised already (such as one of its :func:`blocks`)."""
    pairs = segmenter.guessed(folded) if guess else segmenter.known(folded)
    return [(w, flag) for w, flag in pairs if _TOKEN.search(w)]


def blocks(text: str) -> list[str]:
    """The runs of normalised ``text`` (CJK, latin, digits) that jieba's tagger cuts each on its own.

    Outside them it yields single characters only, so a text's words of two or more characters
    are exactly those of its blocks: a block that recurs in many texts need be tagged only once.
    """
    return list(BLOCK.findall(normalize(text)))


@functools.cache
def _readings(ch: str) -> tuple[str, ...]:
    """A character's toneless readings, commonest first (pypinyin's table); itself when it has none."""
    value = pinyin_dict.get(ord(ch))
    if value is None:
        return (ch,)
    return tuple(dict.fromkeys("".join(c for c in unicodedata.normalize("NFD", r) if c.isascii())
                               for r in value.split(",")))


def pinyin_key(word: str) -> str:
    """Toneless pinyin: homophones typed with a pinyin keyboard (公会/工会) share a key.

    Each character is read by its commonest reading: a per-character table lookup, because a
    question probes dozens of windows (pypinyin's phrase-aware conversion took ~60 µs each).
    """
    return " ".join(syllables(word))


def syllables(text: str) -> list[str]:
    """Each character's commonest toneless reading: ``" ".join`` of a slice is that slice's :func:`pinyin_key`."""
    return [_readings(ch)[0] for ch in text]


def pinyin_keys(word: str) -> list[str]:
    """The keys a known word is found by: its reading in context (银行: yin hang) and :func:`pinyin_key`."""
    return list(dict.fromkeys((" ".join(lazy_pinyin(word)), pinyin_key(word))))


def general_idf(word: str) -> float:
    """How informative a word is in general Chinese (jieba's IDF table), for weighting coverage."""
    table = _idf_table()
    value = table.get(word)
    if value is None:
        return 10.0 if len(word) > 1 else 6.0
    return float(min(max(value, 2.0), 12.0))


def known_word(word: str) -> bool:
    """Whether general Chinese knows ``word`` (it is in jieba's IDF table)."""
    return word in _idf_table()


def is_cjk(text: str) -> bool:
    return bool(_CJK.fullmatch(text))


@functools.cache
def _idf_table() -> dict[str, float]:
    """jieba's IDF table, read from the file ``jieba.analyse`` reads (``word idf`` per line): importing
    that module would load it into jieba's own globals, and a second time here."""
    text = (importlib.resources.files("jieba") / "analyse" / "idf.txt").read_text(encoding="utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        word, value = line.strip().split(" ")
        table[word] = float(value)
    return table
