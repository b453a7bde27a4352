"""What the knowledge base knows about words: its vocabulary, names, synonyms and homophones.

Built once from the knowledge base (and persisted with the index). It lets the answering core
repair pinyin-input typos (讲坐 → 讲座: same toneless pinyin, and 讲坐 never occurs in the
knowledge), expand operator synonyms, and tell which words of a question are names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from bot.nlp.segment import Segmenter
from bot.nlp.text import blocks, cjk_runs, general_idf, normalize, pinyin_keys, squash, syllables, tag

NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
PERSON_TAGS = frozenset({"nr", "nrfg"})
# Places and organisations by their suffix, so a name jieba does not know is still a name.
_NAME_SUFFIX = re.compile(r"^(?![总市区县省])[\u4e00-\u9fff]{2,8}(省|市|区|县|镇|乡|街道|村|公司|集团|工会|学校|医院|大学)$")  # noqa: E501
_YEAR = re.compile(r"^(19|20)\d\d年?$")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_COMMON = 50  # jieba dictionary frequency of a common word (单位 17532; 会主, a fragment, 2)
_PARTICLES = frozenset("是的了吗呢吧")  # typed on purpose, never a homophone slip


def _plausible_slip(typed: str, word: str, segmenter: Segmenter) -> bool:
    # When what was typed is itself a real word (一期), only correct it to a specific, much
    # commoner word of the knowledge (公会 → 工会), never to a function word (一期 → 一起).
    typed_freq = segmenter.frequency(typed)
    if not typed_freq:
        return True
    return general_idf(word) >= 7.0 and segmenter.frequency(word) >= 5 * typed_freq


def _kept(run: str, keep: Collection[str]) -> list[bool]:
    """Which characters of ``run`` belong to one of the words ``keep``."""
    kept = [False] * len(run)
    for word in keep:
        at = run.find(word)
        while at >= 0:
            kept[at:at + len(word)] = [True] * len(word)
            at = run.find(word, at + 1)
    return kept


def _one_slip(typed: str, word: str) -> bool:
    # A pinyin typo swaps one character of a word for a homophone (讲坐/讲座); a window that
    # shares no character with the word (是线/实现) is two real words side by side.
    same = sum(a == b for a, b in zip(typed, word, strict=True))
    return same >= max(1, len(word) - 1) if len(word) <= 3 else same >= 2


@dataclass
class Lexicon:
    """Vocabulary facts used to read a question in the knowledge base's own words."""

    bigrams: frozenset[str] = frozenset()
    by_pinyin: dict[str, str] = field(default_factory=dict)  # toneless pinyin -> commonest word
    names: frozenset[str] = frozenset()  # person, place and organisation names seen in articles
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word -> its whole group
    persons: frozenset[str] = frozenset()  # names jieba reads as people

    @classmethod
    def build(cls, texts: Iterable[str], *, segmenter: Segmenter, synonyms: Sequence[Sequence[str]] = (),
              bigrams: Iterable[str] = ()) -> Lexicon:
        counts: Counter[str] = Counter()
        names: set[str] = set()
        persons: set[str] = set()
        # The knowledge repeats itself (questions are made from sentences, articles share phrases)
        # and tagging costs ~2 ms a sentence: tag each distinct block once, count it as often as it
        # occurs. jieba cuts a block regardless of its neighbours, so the counts are the same.
        for block, times in Counter(b for text in texts for b in blocks(text)).items():
            for word, flag in tag(block, segmenter):
                if 2 <= len(word) <= 6 and _HAN.fullmatch(word):
                    counts[word] += times
                    if flag in NAME_TAGS or _NAME_SUFFIX.match(word):
                        names.add(word)
                    if flag in PERSON_TAGS and len(word) <= 4:
                        persons.add(word)
        by_pinyin: dict[str, str] = {}
        for word, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            for key in pinyin_keys(word):  # a typed 银航 is read yin hang: so is 银行, besides yin xing
                by_pinyin.setdefault(key, word)
        groups = {}
        for group in synonyms:
            folded = tuple(dict.fromkeys(squash(w) for w in group if squash(w)))
            for word in folded:
                groups[word] = folded
        return cls(bigrams=frozenset(bigrams), by_pinyin=by_pinyin, names=frozenset(names), synonyms=groups,
                   persons=frozenset(persons))

    def correct(self, text: str, segmenter: Segmenter, *, keep: Collection[str] = ()) -> str:
        """Replace runs the knowledge never contains by a known word that sounds the same
        (``segmenter``: how common a word is, as the engine reads questions), never touching a
        character of the words in ``keep`` (question words: 一共几家 is not a slip for 共计, nor
        几号办 for 好办)."""
        text = normalize(text)
        for run in set(cjk_runs(text)):
            fixed = self._correct_run(run, segmenter, keep)
            if fixed != run:
                text = text.replace(run, fixed)
        return text

    def _correct_run(self, run: str, segmenter: Segmenter, keep: Collection[str]) -> str:
        # unknown[j]: the knowledge never has run[j:j+2]; a window is known (see _known) when it spans none.
        unknown = [run[j:j + 2] not in self.bigrams for j in range(len(run) - 1)]
        if not any(unknown):
            return run  # most questions: nothing to repair, and no window to look up
        kept = _kept(run, keep)
        sounds = syllables(run)  # a window's pinyin_key, read once for the whole run
        out, i = [], 0
        while i < len(run):
            for size in (4, 3, 2):
                if i + size > len(run) or not any(unknown[i:i + size - 1]) or any(kept[i:i + size]):
                    continue
                window = run[i:i + size]
                word = self.by_pinyin.get(" ".join(sounds[i:i + size]))  # rarest condition first: most end here
                if word is not None and len(word) == size and _one_slip(window, word) \
                        and not self._straddles(run, i, size, segmenter) and _plausible_slip(window, word, segmenter):
                    out.append(word)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _straddles(self, run: str, i: int, size: int, segmenter: Segmenter) -> bool:
        """Whether the window run[i:i+size] cuts through a real word the knowledge uses.

        "哪个单位主办" holds the unknown window 位主 (it sounds like 为主), but 单位 and 主办 are
        words on either side of it: the window is two words' halves, not a typo.
        """
        if run[i] in _PARTICLES or run[i + size - 1] in _PARTICLES:
            return True  # "主办方是" is not a slip for 方式: 是 is typed on purpose
        # The words of two or three characters that would end inside the window or start inside it.
        edges = [run[i - n:i + 1] for n in (1, 2) if i >= n]
        edges += [run[i + size - 1:i + size + n] for n in (1, 2) if i + size + n <= len(run)]
        return any(segmenter.frequency(w) >= _COMMON and self._known(w) for w in edges)

    def _known(self, window: str) -> bool:
        # A window is known when every bigram of it occurs somewhere in the knowledge.
        return all(window[j:j + 2] in self.bigrams for j in range(len(window) - 1))

    def expand(self, text: str) -> list[str]:
        """Other members of the synonym groups whose words occur in ``text``."""
        folded = squash(text)
        extra: list[str] = []
        for word, group in self.synonyms.items():
            if word in folded:
                extra.extend(w for w in group if w != word and w not in folded)
        return list(dict.fromkeys(extra))

    def knows(self, word: str) -> bool:
        """Whether the knowledge contains ``word`` (every bigram of it occurs somewhere)."""
        return word in self.names or self._known(word)

    def is_name(self, word: str, flag: str) -> bool:
        if len(word) < 2:
            return False
        return (word in self.names or flag in NAME_TAGS or bool(_NAME_SUFFIX.match(word))
                or bool(_YEAR.match(word)))

    def variants(self, word: str) -> tuple[str, ...]:
        """The word and its synonyms: any of them in a text means the text has the word."""
        return self.synonyms.get(word, (word,))
