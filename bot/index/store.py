"""Compact tables for the engine's cache, quick to load and turned into objects only when asked.

Unpickling a 100k-pair knowledge base as objects took 2.3 s (170k candidate units, 100k pairs,
each a dataclass instance). The same data as a few numpy columns and long strings loads in a
fifth of that; a question then builds the few dozen objects it looks at.

* :class:`Strings`: a column of strings (one string, offsets).
* :class:`Lookup`: string keys -> int, as sorted 64-bit hashes (callers confirm a hit).
* :class:`UnitTable`: the engine's candidate units, a read-only sequence of :class:`Unit`.
* :class:`PairTable`: the knowledge's Q&A pairs, a read-only sequence of :class:`QAPair`.
* :class:`LazyArticles`: articles by id, each unpickled when first used.
"""

from __future__ import annotations

import hashlib
import pickle
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, fields
from typing import Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

from bot.core.model import Article, Origin, Paragraph, QAPair, Source, Unit

T = TypeVar("T")


class _Rows(Sequence[T]):
    """A read-only sequence whose items are made from their stored row when asked for."""

    def _row(self, i: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...
    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        if type(i) is int and 0 <= i < len(self):  # the common case first: a question looks up dozens
            return self._row(i)
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self)))]
        at = i + len(self) if i < 0 else i
        if not 0 <= at < len(self):
            raise IndexError(i)
        return self._row(at)

    def __iter__(self) -> Iterator[T]:
        return (self._row(i) for i in range(len(self)))


class Strings(_Rows[str]):
    """An immutable column of strings stored end to end as one string.

    One string rather than a UTF-8 blob: a question reads some 90 rows, and decoding them took 6 %
    of its time, where slicing a string is a copy. The cost moves to the load, which decodes the
    whole column once (0.12 s for the 35 million characters of a 100k-pair knowledge base), and
    it takes less memory (two bytes a Chinese character, not three; four if any character is
    outside the BMP).
    """

    def __init__(self, values: Iterable[str]) -> None:
        values = list(values)
        self._text = "".join(values)
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(v) for v in values], out=offsets[1:])
        self._offsets = offsets.tolist()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _row(self, i: int) -> str:
        return self._text[self._offsets[i]:self._offsets[i + 1]]

    def __getstate__(self) -> tuple[str, npt.NDArray[np.int64]]:
        # Offsets pickle as one array (a list of ints would be a million small objects) ...
        return self._text, np.array(self._offsets, dtype=np.int64)

    def __setstate__(self, state: tuple[str, npt.NDArray[np.int64]]) -> None:
        # ... and become a list again: indexing a list is 5 times quicker than a numpy array.
        self._text, offsets = state
        self._offsets = offsets.tolist()


class _Tuples:
    """A column of tuples of strings (a pair's alternatives, its tags)."""

    def __init__(self, rows: Iterable[tuple[str, ...]]) -> None:
        rows = list(rows)
        self._items = Strings(item for row in rows for item in row)
        self._starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in rows], out=self._starts[1:])

    def __getitem__(self, i: int) -> tuple[str, ...]:
        return tuple(self._items[j] for j in range(int(self._starts[i]), int(self._starts[i + 1])))


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little", signed=True)


class Lookup:
    """A map from strings to ints. A hash collision can return another key's value: confirm it."""

    def __init__(self, items: Mapping[str, int]) -> None:
        hashes = np.fromiter((_hash(k) for k in items), dtype=np.int64, count=len(items))
        values = np.fromiter(items.values(), dtype=np.int64, count=len(items))
        order = np.argsort(hashes, kind="stable")
        self._hashes: npt.NDArray[np.int64] = hashes[order]
        self._values: npt.NDArray[np.int64] = values[order]

    def get(self, key: str) -> int | None:
        h = _hash(key)
        at = int(self._hashes.searchsorted(h))
        if at < len(self._hashes) and self._hashes[at] == h:
            return int(self._values[at])
        return None

    def __len__(self) -> int:
        return len(self._hashes)


_PAIR, _CURATED, _PERSON = 1, 2, 4
_NINE = struct.Struct("=9i")  # a UnitTable row (native int32, as numpy stores it)


class UnitTable(_Rows[Unit]):
    """Candidate units as one row of ints and one string record each (its texts end to end).

    A sentence's text is its answer, so only pairs store theirs; one record per unit, because a
    question looks at 40 of them.
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self._articles = sorted({u.article for u in units})
        number = {a: i for i, a in enumerate(self._articles)}
        rows, records = [], []
        for u in units:
            if u.kind == "pair":
                parts = (u.answer, u.answer_folded, u.text, u.folded, u.head)
            else:  # a sentence's folded text is its folded answer, and maybe who "他" is (see engine)
                assert u.folded.startswith(u.answer_folded) and u.text == u.answer and not u.head, u
                parts = (u.answer, u.answer_folded, "", u.folded[len(u.answer_folded):], "")
            flags = (_PAIR if u.kind == "pair" else 0) | (_CURATED if u.curated else 0) | (_PERSON if u.person else 0)
            rows.append((number[u.article], u.pair, u.paragraph, u.sentence, flags, *(len(p) for p in parts[:4])))
            records.append("".join(parts))
        self._ints = np.array(rows, dtype=np.int32).reshape(len(units), 9)
        self._records = Strings(records)

    def __len__(self) -> int:
        return len(self._ints)

    def _row(self, i: int) -> Unit:
        # Read through the array's buffer: indexing numpy for a row of Python ints costs twice as much.
        # (numpy's stubs declare an array a buffer only from Python 3.12 on.)
        row = _NINE.unpack_from(self._ints, i * _NINE.size)  # type: ignore[arg-type]
        article, pair, paragraph, sentence, flags, a, b, c, d = row
        record = self._records._row(i)
        # The decoder of __init__'s rows, in Unit's field order (kind, pair, article, paragraph, sentence,
        # text, answer, curated, person, folded, head, answer_folded): built with _make, because naming the
        # fields would cost 0.7 us a unit, and a question builds dozens.
        if not flags & _PAIR:  # answer, then its folded text, which the rest of the folded text follows
            answer = record[:a]
            return Unit._make(("sentence", pair, self._articles[article], paragraph, sentence, answer, answer,
                               bool(flags & _CURATED), bool(flags & _PERSON), record[a:], "", record[a:a + b]))
        at = a + b
        return Unit._make(("pair", pair, self._articles[article], paragraph, sentence, record[at:at + c], record[:a],
                           bool(flags & _CURATED), bool(flags & _PERSON), record[at + c:at + c + d],
                           record[at + c + d:], record[a:at]))


    def folded(self, i: int) -> str:
        """Unit ``i``'s folded text alone (what a question looks for in a neighbouring sentence)."""
        row = _NINE.unpack_from(self._ints, i * _NINE.size)  # type: ignore[arg-type]
        record = self._records._row(i)
        if not row[4] & _PAIR:
            return record[row[5]:]
        at = row[5] + row[6] + row[7]
        return record[at:at + row[8]]


class PairTable(_Rows[QAPair]):
    """Q&A pairs as a row of ints and one string record each; ``table[i]`` equals the stored pair."""

    def __init__(self, pairs: Sequence[QAPair]) -> None:
        self._articles = sorted({p.source.article for p in pairs})
        number = {a: i for i, a in enumerate(self._articles)}
        self._ints = np.array([(number[p.source.article], p.source.paragraph,
                                -1 if p.source.sentence is None else p.source.sentence, p.origin == "curated",
                                len(p.id), len(p.question), len(p.answer)) for p in pairs],
                              dtype=np.int32).reshape(len(pairs), 7)
        self._records = Strings(p.id + p.question + p.answer + p.kind for p in pairs)
        self._alternatives = _Tuples(p.alternatives for p in pairs)
        self._tags = _Tuples(p.tags for p in pairs)

    def __len__(self) -> int:
        return len(self._ints)

    def _row(self, i: int) -> QAPair:
        article, paragraph, sentence, curated, a, b, c = self._ints[i].tolist()
        record = self._records._row(i)
        origin: Origin = "curated" if curated else "generated"
        source = Source(article=self._articles[article], paragraph=paragraph,
                        sentence=None if sentence < 0 else sentence)
        return QAPair(id=record[:a], question=record[a:a + b], answer=record[a + b:a + b + c], source=source,
                      alternatives=self._alternatives[i], tags=self._tags[i], origin=origin, kind=record[a + b + c:])

    def pair_id(self, i: int) -> str:
        """``table[i].id``, without building the pair."""
        return self._records._row(i)[:self._ints[i, 4]]


class LazyArticles(Mapping[str, Article]):
    """Articles by id, each kept pickled as plain tuples: a question cites one of 2,000 articles.

    Tuples, because unpickling an article's twenty-odd paragraph dataclasses took 0.4 ms, and
    building them from tuples takes a fifth of that.
    """

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._pickled = {aid: pickle.dumps(astuple(a), protocol=pickle.HIGHEST_PROTOCOL)
                         for aid, a in articles.items()}
        self._loaded: dict[str, Article] = {}

    def __getitem__(self, aid: str) -> Article:
        article = self._loaded.get(aid)
        if article is None:
            fields = pickle.loads(self._pickled[aid])  # our own cache file, like the rest of it
            article = self._loaded[aid] = _article(fields)
        return article

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)

    def __getstate__(self) -> dict[str, bytes]:
        return self._pickled

    def __setstate__(self, state: dict[str, bytes]) -> None:
        self._pickled = state
        self._loaded = {}


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def _article(values: tuple[Any, ...]) -> Article:
    """The article whose ``dataclasses.astuple`` is ``values``."""
    named = dict(zip(_ARTICLE_FIELDS, values, strict=True))
    named["paragraphs"] = tuple(Paragraph(*p) for p in named["paragraphs"])
    return Article(**named)
