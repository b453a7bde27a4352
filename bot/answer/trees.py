"""A fitted ensemble of decision trees, evaluated with numpy (no learning library at run time).

The fitting script (``benchmarks/fit_model.py``) trains gradient-boosted trees offline and stores
every node of every tree in flat lists: the feature a node tests, its threshold, its two children
(node numbers in the same lists) and, for a leaf, its value. A leaf is its own child on both sides,
so walking ``depth`` steps from the roots lands every row on a leaf whatever its depth; the score is
the sum of the leaves reached, plus the model's base score.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt


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
        at = np.tile(self._roots, count)
        row_start = np.repeat(np.arange(count) * self.features, trees)
        for _ in range(self.depth):
            above = flat[row_start + self._feature[at]] > self._threshold[at]
            at = self._child[2 * at + above]
        total: npt.NDArray[np.float64] = self._value[at].reshape(count, trees).sum(axis=1) + self.base
        return total


def _matrix(rows: npt.ArrayLike, features: int) -> npt.NDArray[np.float64]:
    """``rows`` as a float array. The engine's rows are lists of floats: read end to end with a known
    count, they convert a quarter quicker than through np.asarray (which works out their shape)."""
    if isinstance(rows, list) and rows and all(type(row) is list and len(row) == features for row in rows):
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=len(rows) * features)
        return flat.reshape(len(rows), features)
    return np.asarray(rows, dtype=np.float64)
