"""A fitted ensemble of decision trees, evaluated with numpy (no learning library at run time).

The fitting script (``benchmarks/fit_model.py``) trains gradient-boosted trees offline and stores
every node of every tree in flat lists: the feature a node tests, its threshold, its two children
(node numbers in the same lists) and, for a leaf, its value. A leaf is its own child on both sides,
so walking ``depth`` steps from the roots lands every row on a leaf whatever its depth; the score is
the sum of the leaves reached, plus the model's base score.

A forest of shallow trees is walked in a second layout made from the first when loading: each tree
as a complete binary tree in heap order (node p's children at 2p + 1 and 2p + 2), every place the
copy of the node the walk would be at there. The children are then worked out instead of looked up,
one gather a level fewer, and the walk visits the same nodes, so the scores are the same floats.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

HEAP_DEPTH = 10  # deepest trees walked in heap order (2 ** (depth + 1) - 1 places a tree)


class ForestError(ValueError):
    """The stored trees are not well formed (raised while loading, never while answering)."""


class Forest:
    """Gradient-boosted trees: :meth:`score` gives the raw sum (a logit for a classifier)."""

    def __init__(self, *, feature: Sequence[int], threshold: Sequence[float], left: Sequence[int],
                 right: Sequence[int], value: Sequence[float], roots: Sequence[int], depth: int,
                 base: float, features: int) -> None:
        n = len(feature)
        if not (len(threshold) == len(left) == len(right) == len(value) == n) or n == 0:
            raise ForestError("node lists of different lengths, or no nodes")
        self._feature = np.asarray(feature, dtype=np.intp)
        self._threshold = np.asarray(threshold, dtype=np.float64)
        self._value = np.asarray(value, dtype=np.float64)
        self._roots = np.asarray(roots, dtype=np.intp)
        left_, right_ = np.asarray(left, dtype=np.intp), np.asarray(right, dtype=np.intp)
        if (self._feature >= features).any() or (self._feature < 0).any():
            raise ForestError(f"a node tests a feature outside 0..{features - 1}")
        for children in (left_, right_, self._roots):
            if (children < 0).any() or (children >= n).any():
                raise ForestError("a node points outside the node list")
        # Node i's children side by side: child[2i] (feature <= threshold) and child[2i + 1] (above).
        self._child = np.stack([left_, right_], axis=1).ravel()
        if not 0 < depth <= 64:
            raise ForestError(f"depth {depth} is not in 1..64")
        self.depth = depth
        self.base = float(base)
        self.features = features
        self._heap = self._heap_order() if depth <= HEAP_DEPTH else None

    def _heap_order(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64], int]:
        """Feature, threshold and value of each place of each tree in heap order, and a tree's size."""
        left, right = self._child[0::2], self._child[1::2]
        levels = [self._roots[:, None]]  # per tree, the nodes at each place of one level
        for _ in range(self.depth):
            above = levels[-1]
            levels.append(np.stack([left[above], right[above]], axis=-1).reshape(len(self._roots), -1))
        nodes = np.concatenate(levels, axis=1)
        return self._feature[nodes].ravel(), self._threshold[nodes].ravel(), self._value[nodes].ravel(), nodes.shape[1]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, features: int) -> Forest:
        try:
            return cls(feature=data["feature"], threshold=data["threshold"], left=data["left"],
                       right=data["right"], value=data["value"], roots=data["roots"], depth=int(data["depth"]),
                       base=float(data.get("base", 0.0)), features=features)
        except ForestError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise ForestError(f"missing or malformed tree field: {exc}") from None

    def score(self, rows: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The ensemble's raw score of each row (rows × features).

        Every tree of every row walks one level at a time, all at once, through flat arrays (one
        gather per step: 1-D gathers cost a fraction of 2-D fancy indexing, and this is on every
        question's path)."""
        x = _matrix(rows, self.features)
        if x.ndim != 2 or x.shape[1] != self.features:
            raise ValueError(f"want rows of {self.features} features, got shape {x.shape}")
        count, trees = len(x), len(self._roots)
        flat = x.ravel()
        row_start = np.repeat(np.arange(count) * self.features, trees)
        if self._heap is None:
            at = np.tile(self._roots, count)
            for _ in range(self.depth):
                above = flat[row_start + self._feature[at]] > self._threshold[at]
                at = self._child[2 * at + above]
            deep: npt.NDArray[np.float64] = self._value[at].reshape(count, trees).sum(axis=1) + self.base
            return deep
        feature, threshold, value, size = self._heap
        at = np.tile(np.arange(trees) * size, count)  # each (row, tree) at its tree's root
        shift = 1 - at  # place p of the tree starting at s: its children at 2(s + p) + shift (+ 1)
        cell = np.empty_like(at)
        for _ in range(self.depth):  # take(): a sixth fewer instructions than indexing
            np.add(row_start, feature.take(at), out=cell)
            above = flat.take(cell) > threshold.take(at)
            at *= 2
            at += shift
            at += above
        total: npt.NDArray[np.float64] = value.take(at).reshape(count, trees).sum(axis=1) + self.base
        return total


def _matrix(rows: npt.ArrayLike, features: int) -> npt.NDArray[np.float64]:
    """``rows`` as a float array. The engine's rows are lists of floats: read end to end with a known
    count, they convert a quarter quicker than through np.asarray (which works out their shape)."""
    if isinstance(rows, list) and rows and all(type(row) is list and len(row) == features for row in rows):
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=len(rows) * features)
        return flat.reshape(len(rows), features)
    return np.asarray(rows, dtype=np.float64)
