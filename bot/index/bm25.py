"""A BM25 inverted index over short texts, stored as flat numpy arrays.

Postings are kept per term as (document ids in ascending order, precomputed BM25 weights). A
query never scans the whole knowledge base: it scores the documents that contain its rarer terms
exactly (the postings of its common terms are probed with a binary search), and it takes in more
terms only while a document without any of those could still reach the top ``limit`` (MaxScore).
A few flat arrays pickle (with the rest of the engine's cache, bot.index.cache) and unpickle fast,
which is what makes loading a large knowledge base fast.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.nlp.text import terms

K1 = 1.2
B = 0.75
_DIRECT = 8192  # up to this many postings, a query scores all of them at once
_CHUNK = 20_000  # documents tokenised at a time while building
_DENSE = 1 << 18  # up to this many documents, many postings are summed in one slot per document
_SLACK = 1e-9  # float sums of a few dozen weights are exact to far better than this


def _kth(scores: npt.NDArray[np.float64], k: int) -> float:
    """The k-th largest score (-inf when there are fewer)."""
    if len(scores) < k:
        return -np.inf
    # Selecting from the front of the negated scores: numpy's introselect is many times slower
    # selecting near the end of an array full of equal values (the zeros of a dense pass). Array
    # methods rather than np.partition & co. here and below: those add a Python wrapper per call.
    negated = -scores
    negated.partition(k - 1)
    return -float(negated[k - 1])


class Bm25Index:
    """BM25 over documents given as texts; ``search`` returns (doc id, score) best first."""

    def __init__(self, vocabulary: dict[str, int], offsets: npt.NDArray[np.int64],
                 docs: npt.NDArray[np.int32], weights: npt.NDArray[np.float32], size: int) -> None:
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.docs = docs
        self.weights = weights
        self.size = size
        self._max_weights()

    @classmethod
    def build(cls, texts: Sequence[str]) -> Bm25Index:
        n = len(texts)
        ids: dict[str, int] = {}  # term -> provisional id (any order: renumbered sorted below)
        tokens = array("i")
        counts = array("q")
        for start in range(0, n, _CHUNK):  # the token strings of one chunk at a time in memory
            flat: list[str] = []
            for text in texts[start:start + _CHUNK]:
                found = terms(text)
                counts.append(len(found))
                flat += found
            new = dict.fromkeys(flat).keys() - ids.keys()
            ids.update(zip(new, range(len(ids), len(ids) + len(new)), strict=True))
            tokens.extend(map(ids.__getitem__, flat))
        words = sorted(ids)
        vocabulary = {term: i for i, term in enumerate(words)}
        rank = np.empty(len(ids), dtype=np.int64)
        rank[[ids[t] for t in words]] = np.arange(len(words), dtype=np.int64)
        per_doc = np.frombuffer(counts, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
        lengths = per_doc.astype(np.float32)
        average = float(lengths.mean()) if n else 1.0
        # One (term, document) key per token; sorting them groups the postings, documents ascending.
        keys = rank[np.frombuffer(tokens, dtype=np.int32)] * max(n, 1)
        keys += np.repeat(np.arange(n, dtype=np.int64), per_doc)
        keys, tf_counts = np.unique(keys, return_counts=True)
        term_of = keys // max(n, 1)
        docs = (keys % max(n, 1)).astype(np.int32)
        df = np.bincount(term_of, minlength=len(words))
        offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        tf = tf_counts.astype(np.float32)
        norm = tf + K1 * (1 - B + B * lengths[docs] / max(average, 1e-6))
        weights = (idf[term_of] * tf * (K1 + 1) / norm).astype(np.float32)
        return cls(vocabulary, offsets, docs, weights, n)

    def selective(self, query_terms: Sequence[str], *, budget: int) -> list[str]:
        """The rarest of ``query_terms`` whose postings add up to at most ``budget`` (the rarest one always).

        The commonest terms weigh least in BM25 and cost the most to score: in a large knowledge
        base 工会 is in half the documents. Leaving them out changes which documents are proposed
        only among those that share nothing rarer with the question.
        """
        found = [(t, i) for t in set(query_terms) if (i := self.vocabulary.get(t)) is not None]
        at = np.fromiter((i for _, i in found), dtype=np.int64, count=len(found))
        frequencies = (self.offsets[at + 1] - self.offsets[at]).tolist()  # one numpy call, not two per term
        known = sorted(zip(frequencies, (t for t, _ in found), strict=True))
        chosen: list[str] = []
        used = 0
        for df, term in known:
            if chosen and used + df > budget:
                break
            chosen.append(term)
            used += df
        return chosen

    def search(self, query_terms: Sequence[str], *, limit: int = 30) -> list[tuple[int, float]]:
        """The ``limit`` best documents for the terms (repeated terms count once), best first;
        equal scores go by document id."""
        if self.size == 0 or limit <= 0:
            return []
        found = {i for i in map(self.vocabulary.get, set(query_terms)) if i is not None}
        if not found:
            return []
        offsets = self.offsets
        # (postings, start, term), rarest first: every document's score adds its terms' weights
        # in this order, so documents with the same terms get bit-identical scores on any path.
        spans = sorted((int(offsets[i + 1] - offsets[i]), int(offsets[i]), i) for i in found)
        total = sum(n for n, _, _ in spans)
        if len(spans) == 1 and total > _DIRECT:
            return self._one_common_term(spans[0], limit)
        if total <= _DIRECT:
            return self._best(*self._score(spans, [], [], -np.inf, limit), limit)
        if self.size <= _DENSE and self.size <= 16 * total:
            return self._dense(spans, limit)
        # MaxScore: score exactly the documents that have one of the rarest terms; a document
        # with none of them scores at most the sum of the other terms' largest weights (rest).
        top = self._max_weights()
        rest = [0.0] * (len(spans) + 1)  # rest[j]: the best score without any of spans[:j]
        for j in range(len(spans) - 1, -1, -1):
            rest[j] = rest[j + 1] + float(top[spans[j][2]])
        j, scanned, floor = 0, 0, -np.inf  # floor: a score that ``limit`` documents reach
        while j < len(spans) and (j == 0 or scanned < limit):
            scanned += spans[j][0]
            j += 1
        while j < len(spans) and scanned * 4 <= total:
            docs, scores = self._score(spans[:j], spans[j:], rest[j:], floor, limit)
            floor = max(floor, _kth(scores, limit))
            if rest[j] * (1 + _SLACK) < floor:
                return self._best(docs, scores, limit)
            while j < len(spans) and rest[j] * (1 + _SLACK) >= floor:
                scanned += spans[j][0]
                j += 1
        return self._accumulate(spans, limit)

    def _one_common_term(self, span: tuple[int, int, int], limit: int) -> list[tuple[int, float]]:
        """The best documents for one term found in very many (a question whose rarest word is
        common: 多少, 工会), remembered: selecting them from 50k postings takes ~0.3 ms, and the
        common terms are few."""
        best: dict[tuple[int, int], list[tuple[int, float]]] = self.__dict__.setdefault("_common", {})
        key = (span[2], limit)
        found = best.get(key)
        if found is None:
            found = best[key] = self._best(*self._score([span], [], [], -np.inf, limit), limit)
        return list(found)

    def _score(self, scan: list[tuple[int, int, int]], probe: list[tuple[int, int, int]],
               bounds: list[float], floor: float, limit: int
               ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Scores of the documents in the postings of ``scan`` (spans), adding the weights of the
        ``probe`` terms they have, found by binary search. Before each probe, documents that
        cannot reach the best ``limit`` any more (``bounds[i]``: the most the remaining probes can
        add) are dropped; the scores of the others are exact."""
        if len(scan) == 1:
            n, a, _ = scan[0]
            docs = self.docs[a:a + n].astype(np.int64)
            scores = self.weights[a:a + n].astype(np.float64)
        else:
            ids = np.concatenate([self.docs[a:a + n] for n, a, _ in scan])
            weights = np.concatenate([self.weights[a:a + n] for n, a, _ in scan])
            # One stable sort groups each document's postings in the spans' order; summing each
            # group gives the same floats as accumulating per document (a third quicker than np.unique).
            order = ids.argsort(kind="stable")
            grouped = ids[order]
            first = np.empty(len(grouped), dtype=bool)
            first[0] = True
            np.not_equal(grouped[1:], grouped[:-1], out=first[1:])
            starts = np.flatnonzero(first)
            docs = grouped[starts].astype(np.int64)
            scores = np.add.reduceat(weights[order].astype(np.float64), starts)
        for (n, a, _), bound in zip(probe, bounds, strict=False):
            if len(docs) > 2 * limit:  # pruning a handful of documents costs more than it saves
                cut = max(floor, _kth(scores, limit))
                if cut > -np.inf:
                    keep = np.flatnonzero((scores + bound) * (1 + _SLACK) >= cut)
                    docs, scores = docs[keep], scores[keep]
            posting = self.docs[a:a + n]
            at = posting.searchsorted(docs)
            np.minimum(at, n - 1, out=at)
            hit = np.flatnonzero(posting[at] == docs)
            scores[hit] += self.weights[a + at[hit]]
        return docs, scores

    def _dense(self, spans: list[tuple[int, int, int]], limit: int) -> list[tuple[int, float]]:
        """One slot per document: cheapest when the postings are many for a small index."""
        ids = np.concatenate([self.docs[a:a + n] for n, a, _ in spans])
        weights = np.concatenate([self.weights[a:a + n] for n, a, _ in spans])
        totals = np.bincount(ids, weights=weights, minlength=self.size).astype(np.float64, copy=False)
        kth = _kth(totals, min(limit, self.size))
        keep = np.flatnonzero(totals >= kth) if kth > 0 else np.flatnonzero(totals)
        return self._best(keep.astype(np.int64), totals[keep], limit)

    def _accumulate(self, spans: list[tuple[int, int, int]], limit: int) -> list[tuple[int, float]]:
        """All postings of all terms, summed in a reused per-thread buffer: O(postings), with no
        pass over (or fresh allocation of) one slot per document."""
        ids = np.concatenate([self.docs[a:a + n] for n, a, _ in spans]).astype(np.intp)
        weights = np.concatenate([self.weights[a:a + n] for n, a, _ in spans]).astype(np.float64)
        local = self.__dict__.get("_local")
        if local is None:
            local = self._local = threading.local()
        buffer: npt.NDArray[np.float64] | None = getattr(local, "buffer", None)
        if buffer is None or len(buffer) != self.size:
            buffer = local.buffer = np.zeros(self.size, dtype=np.float64)
        try:
            np.add.at(buffer, ids, weights)  # in order, so each sum follows the spans' order
            totals = buffer[ids]
        finally:
            buffer[ids] = 0.0
        # A document appears once per query term it has, so the limit × terms best entries
        # hold at least ``limit`` distinct documents, and so the best ``limit`` of them.
        need = limit * len(spans)
        if need < len(ids):
            keep = totals >= _kth(totals, need)
            ids, totals = ids[keep], totals[keep]
        docs, first = np.unique(ids, return_index=True)
        return self._best(docs.astype(np.int64), totals[first], limit)

    @staticmethod
    def _best(docs: npt.NDArray[np.int64], scores: npt.NDArray[np.float64],
              limit: int) -> list[tuple[int, float]]:
        if len(docs) > limit:
            keep = np.flatnonzero(scores >= _kth(scores, limit))
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:limit]
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def _max_weights(self) -> npt.NDArray[np.float32]:
        """Each term's largest weight: the most a document can gain from it."""
        top: npt.NDArray[np.float32] | None = self.__dict__.get("_top")
        if top is None:
            top = np.zeros(len(self.offsets) - 1, dtype=np.float32)
            if len(self.weights):
                top = np.maximum.reduceat(self.weights, self.offsets[:-1]).astype(np.float32)
            self._top = top
        return top

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_local", "_common")}  # caches stay
