"""Chinese sentences: where they end, and whether a piece of text ends one.

A sentence ends after 。！？!?；; or ……; closing quotes and brackets stay with the sentence they close.
The cut is one forward scan without regular expressions, so it is linear on any input, however hostile.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bot.nlp.text import CLOSERS, unclosed

FINAL = frozenset("。！？!?；;")
CLAUSE = frozenset("，,、；;：:")


def split_sentences(text: str) -> tuple[str, ...]:
    """Chinese sentences of ``text``: cut after 。！？!?；; and ……, closing quotes stay attached."""
    return tuple(piece for raw in segments(text) if (piece := raw.strip()))


def segments(text: str) -> list[str]:
    """``text`` cut into raw sentence pieces (whitespace kept) that concatenate back to ``text``."""
    cuts = [0, *_cut_points(text)]
    if cuts[-1] != len(text):
        cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if a < b]


def _cut_points(text: str) -> Iterator[int]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in FINAL or (ch == "…" and i + 1 < n and text[i + 1] == "…"):
            i += 1
            while i < n and (text[i] in FINAL or text[i] in CLOSERS or text[i] == "…"):
                i += 1
            yield i
        else:
            i += 1


def terminated(text: str) -> bool:
    """Whether ``text`` ends a sentence (closing quotes and brackets after the stop allowed)."""
    core = unclosed(text)
    return bool(core) and (core[-1] in FINAL or core.endswith("……"))


def has_sentence_end(text: str) -> bool:
    """Whether a sentence ends somewhere inside ``text`` (not only at its end)."""
    return any(ch in FINAL for ch in text) or "……" in text
