"""A BM25 inverted index over short texts, stored as flat numpy arrays.

Postings are kept per term as (document ids, precomputed BM25 weights), so a query is one
``np.bincount`` over the postings of its few terms plus a partial sort: no Python loop over
documents, and no scan of the whole knowledge base. The arrays save to and load from one
``.npz`` file, which is what makes loading a large knowledge base fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.text import terms

K1 = 1.2
B = 0.75


class Bm25Index:
    """BM25 over documents given as texts; ``search`` returns (doc id, score) best first."""

    def __init__(self, vocabulary: dict[str, int], offsets: npt.NDArray[np.int64],
                 docs: npt.NDArray[np.int32], weights: npt.NDArray[np.float32], size: int) -> None:
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.docs = docs
        self.weights = weights
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> Bm25Index:
        counts = [Counter(terms(text)) for text in texts]
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        average = float(lengths.mean()) if len(texts) else 1.0
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc, counter in enumerate(counts):
            for term, tf in counter.items():
                postings.setdefault(term, []).append((doc, tf))
        vocabulary = {term: i for i, term in enumerate(sorted(postings))}
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        doc_parts: list[npt.NDArray[np.int32]] = []
        weight_parts: list[npt.NDArray[np.float32]] = []
        n = len(texts)
        for term, i in vocabulary.items():
            plist = postings[term]
            ids = np.fromiter((d for d, _ in plist), dtype=np.int32, count=len(plist))
            tf = np.fromiter((t for _, t in plist), dtype=np.float32, count=len(plist))
            idf = np.log(1.0 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            norm = tf + K1 * (1 - B + B * lengths[ids] / max(average, 1e-6))
            doc_parts.append(ids)
            weight_parts.append((idf * tf * (K1 + 1) / norm).astype(np.float32))
            offsets[i + 1] = offsets[i] + len(plist)
        docs = np.concatenate(doc_parts) if doc_parts else np.zeros(0, dtype=np.int32)
        weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, dtype=np.float32)
        return cls(vocabulary, offsets, docs, weights, n)

    def document_frequency(self, term: str) -> int:
        i = self.vocabulary.get(term)
        return 0 if i is None else int(self.offsets[i + 1] - self.offsets[i])

    def search(self, query_terms: Sequence[str], *, limit: int = 30) -> list[tuple[int, float]]:
        """The ``limit`` best documents for the terms (repeated terms count once)."""
        spans = []
        for term in set(query_terms):
            i = self.vocabulary.get(term)
            if i is not None:
                spans.append((int(self.offsets[i]), int(self.offsets[i + 1])))
        if not spans or self.size == 0:
            return []
        ids = np.concatenate([self.docs[a:b] for a, b in spans])
        weights = np.concatenate([self.weights[a:b] for a, b in spans])
        if len(ids) <= limit:
            scores: dict[int, float] = {}
            for d, w in zip(ids.tolist(), weights.tolist(), strict=True):
                scores[d] = scores.get(d, 0.0) + w
            return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ids) * 16 > self.size:  # dense accumulation is cheaper than sorting many postings
            totals = np.bincount(ids, weights=weights, minlength=self.size)
            unique = np.arange(self.size)
        else:
            unique, inverse = np.unique(ids, return_inverse=True)
            totals = np.bincount(inverse, weights=weights)
        k = min(limit, len(unique))
        top = np.argpartition(-totals, k - 1)[:k]
        order = sorted(top.tolist(), key=lambda j: (-totals[j], int(unique[j])))
        return [(int(unique[j]), float(totals[j])) for j in order]

    def save(self, path: Path) -> None:
        vocab = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__), dtype=object)
        np.savez(path, vocab=vocab.astype(str), offsets=self.offsets, docs=self.docs,
                 weights=self.weights, size=np.array([self.size]))

    @classmethod
    def load(cls, path: Path) -> Bm25Index:
        with np.load(path, allow_pickle=False) as data:
            vocab = data["vocab"].tolist()
            return cls({t: i for i, t in enumerate(vocab)}, data["offsets"], data["docs"],
                       data["weights"], int(data["size"][0]))
