"""Word segmentation with jieba's dictionary, kept in objects we own.

jieba's dictionary (word counts and part-of-speech tags) is read once per process through jieba's
own API (:func:`load_dictionary`: a ``jieba.Tokenizer`` and a ``jieba.posseg.POSTokenizer`` of our
own, jieba's cache file in our cache directory) and never changed. A :class:`Segmenter` cuts text
with it: an engine's holds a private copy with the knowledge base's names added, a build's
(:func:`plain`) none. Nothing of jieba's globals is used or changed, so loading one knowledge base
never changes how another engine, or a build, cuts a text.

The cutting is jieba's own, redone without its generators and tested to give exactly the result
of ``jieba.posseg.POSTokenizer.lcut`` over the same dictionary:

* :meth:`Segmenter.known` is ``lcut(text, HMM=False)``: the dictionary's words only (questions);
* :meth:`Segmenter.guessed` is ``lcut(text, HMM=True)``: runs the dictionary lacks are guessed by
  jieba's HMM (``jieba.posseg.viterbi``), remembered per run: a knowledge base's unknown runs
  (names mostly) recur, 33k runs but 4.4k distinct ones in 10k pairs, and a guess takes ~0.7 ms;
* :func:`_cuts` is jieba's best route (``get_DAG`` then ``calc``) in one pass without the DAG.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import log
from pathlib import Path

import jieba
import jieba.posseg
from jieba.posseg.viterbi import viterbi

from bot.core.cachedir import cache_dirs

# jieba's own pattern for the runs its tagger segments one at a time (see bot.nlp.text.blocks).
BLOCK = jieba.posseg.re_han_internal
NAME_FREQUENCY = 2000  # what a knowledge base's name counts, as often as a common word
_SKIP, _ENG, _NUM = jieba.posseg.re_skip_internal, jieba.posseg.re_eng, jieba.posseg.re_num
_HAN_DETAIL, _SKIP_DETAIL = jieba.posseg.re_han_detail, jieba.posseg.re_skip_detail
# jieba.posseg.re_eng1 (one ASCII letter or digit) as a set: a block holds no newline for its $ to match.
_LATIN_CHAR = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_JIEBA_CACHE = "jieba.cache"  # the name jieba gives its dictionary cache
_MODEL = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
Tagged = list[tuple[str, str]]


@dataclass(frozen=True)
class Dictionary:
    """jieba's dictionary as jieba reads it; never changed (a :class:`Segmenter` copies what it adds to)."""

    frequencies: Mapping[str, int]  # word -> count; every prefix of a word is there too, with 0
    total: int  # the sum of the counts
    tags: Mapping[str, str]  # word -> part of speech


_loaded: list[Dictionary] = []
_loading = threading.Lock()


def load_dictionary(places: Sequence[Path] | None = None) -> Dictionary:
    """jieba's dictionary, read once per process (later calls return the same object).

    jieba keeps a cache of it (a marshal file, ~1 s quicker than its text file): it is read from, or
    written to, the first of ``places`` (safe cache directories, default :func:`cache_dirs`) that
    holds one, else the first writable one; never jieba's default, a fixed name in the shared /tmp.
    """
    with _loading:
        if not _loaded:
            _loaded.append(_read_dictionary(cache_dirs() if places is None else places))
        return _loaded[0]


def _read_dictionary(places: Sequence[Path]) -> Dictionary:
    jieba.setLogLevel(logging.CRITICAL + 10)  # jieba logs each load to stderr at DEBUG level
    tokenizer = jieba.Tokenizer()
    with contextlib.ExitStack() as stack:
        place = next((p for p in places if (p / _JIEBA_CACHE).is_file()), None)
        place = place or next((p for p in places if _writable(p)), None)
        # Nowhere to keep it: jieba writes it to a private directory that goes away after.
        tokenizer.tmp_dir = str(place or stack.enter_context(tempfile.TemporaryDirectory()))
        tokenizer.initialize()
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    return Dictionary(frequencies=tokenizer.FREQ, total=tokenizer.total, tags=tagger.word_tag_tab)


def _writable(directory: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


class Segmenter:
    """Cuts text into tagged words with a :class:`Dictionary` and ``names``, (word, tag) pairs that it
    adds to it as ``jieba.Tokenizer.add_word(word, NAME_FREQUENCY, tag)`` would (to a copy)."""

    def __init__(self, dictionary: Dictionary, names: Iterable[tuple[str, str]] = ()) -> None:
        known = dictionary.frequencies
        added: dict[str, str] = {}
        for word, flag in names:
            # A word jieba already knows this well keeps its count (add_word would add to the total
            # again, and shift every cut a little).
            if 2 <= len(word) <= 12 and word not in added and (known.get(word) or 0) < NAME_FREQUENCY:
                added[word] = flag
        self._frequencies, self._tags = known, dictionary.tags
        if added:
            frequencies, tags = dict(known), dict(dictionary.tags)
            for word, flag in added.items():
                frequencies[word] = NAME_FREQUENCY
                tags[word] = flag
                for end in range(1, len(word)):
                    frequencies.setdefault(word[:end], 0)
            self._frequencies, self._tags = frequencies, tags
        # add_word adds a word's count to the total, even over a count the word had.
        self._logtotal = log(dictionary.total + NAME_FREQUENCY * len(added))

    def frequency(self, word: str) -> int:
        """How often the dictionary saw ``word`` (0 when it is not a word there)."""
        return self._frequencies.get(word) or 0

    def known(self, text: str) -> Tagged:
        """``lcut(text, HMM=False)`` as (word, tag) tuples, without posseg's four nested generators and
        a ``pair`` object per word, which took half its time."""
        return self._tag(text, self._known_block)

    def guessed(self, text: str) -> Tagged:
        """``lcut(text, HMM=True)`` as (word, tag) tuples: runs of single characters that the
        dictionary does not hold as a word are cut and tagged by jieba's HMM."""
        return self._tag(text, self._guessed_block)

    def _tag(self, text: str, tag_block: Callable[[str, list[int], Tagged], None]) -> Tagged:
        """The blocks of ``text`` (runs of CJK, latin, digits) by ``tag_block``, given their best route."""
        out: Tagged = []
        for block in BLOCK.split(text):
            if BLOCK.match(block):
                tag_block(block, _cuts(block, self._frequencies, self._logtotal), out)
            else:
                _outside(block, out)
        return out

    def _known_block(self, block: str, ends: list[int], out: Tagged) -> None:
        at, latin = 0, ""
        while at < len(block):
            end = ends[at] + 1
            word = block[at:end]
            if word in _LATIN_CHAR:
                latin += word  # runs of latin letters and digits are one word
            else:
                if latin:
                    out.append((latin, "eng"))
                    latin = ""
                out.append((word, self._tags.get(word, "x")))
            at = end
        if latin:
            out.append((latin, "eng"))

    def _guessed_block(self, block: str, ends: list[int], out: Tagged) -> None:
        at, run = 0, ""
        while at < len(block):
            end = ends[at] + 1
            if end - at == 1:
                run += block[at]  # a character on its own: maybe part of a word the dictionary lacks
            else:
                if run:
                    self._unknown(run, out)
                    run = ""
                word = block[at:end]
                out.append((word, self._tags.get(word, "x")))
            at = end
        if run:
            self._unknown(run, out)

    def _unknown(self, run: str, out: Tagged) -> None:
        """A run of characters that the best route cut one by one."""
        if len(run) == 1:
            out.append((run, self._tags.get(run, "x")))
        elif not self._frequencies.get(run):
            out.extend(_detail(run) if len(run) <= 16 else _detail.__wrapped__(run))  # a long run is rare
        else:
            out.extend((ch, self._tags.get(ch, "x")) for ch in run)


def _outside(piece: str, out: Tagged) -> None:
    """What jieba's tagger makes of the text between its blocks: spaces, punctuation, symbols."""
    for part in _SKIP.split(piece):
        if _SKIP.match(part):
            out.append((part, "x"))
            continue
        latin = bool(_ENG.match(part))
        out.extend((ch, "m" if _NUM.match(ch) else "eng" if latin else "x") for ch in part)


@functools.lru_cache(maxsize=1 << 16)
def _detail(run: str) -> tuple[tuple[str, str], ...]:
    """How jieba's tagger cuts a run of unknown characters: Chinese by its HMM, numbers and latin
    words whole. The result depends on the run alone (jieba's model tables are fixed), so it is kept."""
    out: list[tuple[str, str]] = []
    for part in _HAN_DETAIL.split(run):
        if _HAN_DETAIL.match(part):
            out.extend(_hmm(part))
        else:
            out.extend((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x")
                       for x in _SKIP_DETAIL.split(part) if x)
    return tuple(out)


def _hmm(run: str) -> list[tuple[str, str]]:
    """jieba's HMM guess of the words of a run of Chinese characters (``POSTokenizer.__cut``)."""
    _, states = viterbi(run, *_MODEL)
    out: list[tuple[str, str]] = []
    begin = after = 0
    for i, (position, flag) in enumerate(states):
        if position == "B":
            begin = i
        elif position == "E":
            out.append((run[begin:i + 1], flag))
            after = i + 1
        elif position == "S":
            out.append((run[i], flag))
            after = i + 1
    if after < len(run):
        out.append((run[after:], states[after][1]))
    return out


def _cuts(block: str, freq: Mapping[str, int], logtotal: float) -> list[int]:
    """Where the word that starts at each character of ``block`` ends on jieba's most probable route.

    ``jieba.Tokenizer.calc(block, get_DAG(block), route)`` does the same in two passes and builds
    every candidate word twice; here each is built and looked up once (1.7x quicker). The scores
    are the same floats, summed in jieba's order, and a tie goes to the longer word, as in jieba.
    """
    n = len(block)
    score = [0.0] * (n + 1)
    ends = list(range(n))
    for i in range(n - 1, -1, -1):
        best, j, frag = None, i, block[i]
        # The dictionary holds every prefix of its words (frequency 0): a miss ends the words from i.
        while (f := freq.get(frag)) is not None:
            if f:
                s = log(f) - logtotal + score[j + 1]
                if best is None or s >= best:
                    best, ends[i] = s, j
            j += 1
            if j == n:
                break
            frag = block[i:j + 1]
        # No word starts here: the character alone, with frequency 1, as jieba scores it.
        score[i] = -logtotal + score[i + 1] if best is None else best
    return ends


@functools.cache
def plain() -> Segmenter:
    """The segmenter of jieba's own dictionary, without any knowledge base's names: the one builds
    use (generated questions, the index's lexicon), so that a build cuts the same in any process.
    It changes nothing, so one serves them all."""
    return Segmenter(load_dictionary())
