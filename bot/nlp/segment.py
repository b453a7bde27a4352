"""Word segmentation: jieba's dictionary tagger, made quick enough to run on every question.

jieba itself is kept (its dictionary, its tags, the knowledge base's names taught to it with
:func:`add_words`); what is replaced are the pure-Python steps a question pays for on every call,
each tested to give exactly jieba's result:

* :func:`tag_known` is ``jieba.posseg.lcut(text, HMM=False)`` without posseg's nested generators;
* :func:`_cuts` is jieba's best route (``get_DAG`` then ``calc``) in one pass without the DAG;
* the HMM that guesses unknown words (used when building the knowledge) is memoised.
"""

from __future__ import annotations

import functools
import importlib
import operator
import os
import re
from collections.abc import Iterable
from math import log
from pathlib import Path

import jieba
import jieba.posseg

# jieba's own pattern for the runs its tagger segments one at a time (see bot.nlp.text.blocks).
BLOCK: re.Pattern[str] = jieba.posseg.re_han_internal
NAME_FREQUENCY = 2000
# jieba.posseg.re_eng1 (one ASCII letter or digit) as a set: a block holds no newline for its $ to match.
_LATIN_CHAR = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def tag_known(text: str) -> list[tuple[str, str]]:
    """``jieba.posseg.lcut(text, HMM=False)`` as (word, tag) tuples: the same steps without its four
    nested generators and a ``pair`` object per word, which took half its time (tested against it)."""
    tagger, tokenizer = jieba.posseg.dt, jieba.dt
    tagger.makesure_userdict_loaded()  # the tags of words added since (add_words)
    tokenizer.check_initialized()
    tags, freq, logtotal = tagger.word_tag_tab, tokenizer.FREQ, log(tokenizer.total)
    out: list[tuple[str, str]] = []
    for block in BLOCK.split(text):
        if BLOCK.match(block):
            ends = _cuts(block, freq, logtotal)
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
                    out.append((word, tags.get(word, "x")))
                at = end
            if latin:
                out.append((latin, "eng"))
            continue
        for piece in jieba.posseg.re_skip_internal.split(block):
            if jieba.posseg.re_skip_internal.match(piece):
                out.append((piece, "x"))
                continue
            latin_piece = bool(jieba.posseg.re_eng.match(piece))
            out.extend((ch, "m" if jieba.posseg.re_num.match(ch) else "eng" if latin_piece else "x") for ch in piece)
    return out


def _cuts(block: str, freq: dict[str, int], logtotal: float) -> list[int]:
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


def _remember_guesses() -> None:
    """Memoise the HMM with which jieba's tagger guesses the words of a run of characters its
    dictionary lacks: ~0.7 ms a run, most of the cost of tagging a knowledge base, whose runs
    (names mostly) recur: 33k runs but 4.4k distinct ones in 10k pairs. jieba always passes its
    own fixed model tables, so the guess depends on the run alone: every result stays the same.
    """
    guess = importlib.import_module("jieba.posseg.viterbi").viterbi  # the original, even if re-run
    model = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)

    @functools.lru_cache(maxsize=1 << 16)
    def remembered(run: str) -> object:
        return guess(run, *model)

    def viterbi(run: str, *tables: object) -> object:
        # Runs are a few characters long: a long one is rare, and would make the memo big.
        if len(run) <= 16 and len(tables) == len(model) and all(map(operator.is_, tables, model)):
            return remembered(run)
        return guess(run, *tables)

    jieba.posseg.viterbi = viterbi


_remember_guesses()


def add_words(entries: Iterable[tuple[str, str]]) -> None:
    """Teach jieba the knowledge base's own names (word, part-of-speech)."""
    for word, flag in entries:
        # jieba adds the frequency to its running total on every call, so teaching a word it
        # already knows this well would shift all segmentation a little at each reload.
        if 2 <= len(word) <= 12 and (jieba.dt.FREQ.get(word) or 0) < NAME_FREQUENCY:
            jieba.add_word(word, freq=NAME_FREQUENCY, tag=flag)


def init_jieba(cache_dir: Path | None = None) -> None:
    """Load jieba's dictionary once, quietly, with its cache where we may write, and its table of
    word weights (jieba.analyse, 0.45 s), which a member's first question would wait for otherwise."""
    jieba.setLogLevel(60)
    directory = cache_dir or Path(os.environ.get("UNIONBOT_CACHE_DIR", Path.home() / ".cache" / "unionbot"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(directory)
    except OSError:
        pass  # read-only file system: jieba falls back to its own temp dir or no cache
    jieba.initialize()
    importlib.import_module("jieba.analyse")
