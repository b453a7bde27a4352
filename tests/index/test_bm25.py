"""bot.index.bm25.Bm25Index: ranking, every accumulation path of ``search``, persistence.

``search`` is checked against a plain-Python BM25 written here from the formula (K1, B from the
module), on corpora shaped to take each path: few postings scored directly, many postings
accumulated densely (``len(ids) * 16 > size`` in the first version, ``* 4`` since), and more
postings than one direct pass allows (the MaxScore path, which probes common terms).
"""

from __future__ import annotations

import math
import pickle
import random
from collections import Counter
from collections.abc import Sequence

import pytest

from bot.index.bm25 import K1, B, Bm25Index
from bot.nlp.text import terms

SMALL = ["union alpha", "union beta", "union gamma", "rare delta", "工会 劳模 活动", "工会 活动"]


class Reference:
    """Plain-Python BM25 over ``texts``, from the formula; documents are counted once."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.counts = [Counter(terms(t)) for t in texts]
        self.lengths = [sum(c.values()) for c in self.counts]
        self.n = len(texts)
        self.average = sum(self.lengths) / self.n if self.n else 1.0
        self.postings: dict[str, list[int]] = {}
        for doc, c in enumerate(self.counts):
            for term in c:
                self.postings.setdefault(term, []).append(doc)

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        out: dict[int, float] = {}
        for term in set(query):
            docs = self.postings.get(term, [])
            if not docs:
                continue
            idf = math.log(1.0 + (self.n - len(docs) + 0.5) / (len(docs) + 0.5))
            for doc in docs:
                tf = self.counts[doc][term]
                norm = tf + K1 * (1 - B + B * self.lengths[doc] / max(self.average, 1e-6))
                out[doc] = out.get(doc, 0.0) + idf * tf * (K1 + 1) / norm
        return out

    def ranked(self, query: Sequence[str]) -> list[tuple[int, float]]:
        """Every matching document with its score, best first, ties by id."""
        return sorted(self.scores(query).items(), key=lambda kv: (-kv[1], kv[0]))


def _df(index: Bm25Index, term: str) -> int:
    """How many documents have ``term``: the length of its postings."""
    i = index.vocabulary.get(term)
    return 0 if i is None else int(index.offsets[i + 1] - index.offsets[i])


def _corpus(size: int, seed: int, *, every: dict[str, int]) -> list[str]:
    """``size`` documents of random filler; term ``t`` goes into every ``every[t]``-th document,
    1-3 times, so lengths and term frequencies vary and scores rarely tie."""
    rnd = random.Random(seed)
    texts = []
    for i in range(size):
        words = [f"w{rnd.randrange(300)}" for _ in range(rnd.randrange(1, 10))]
        for term, step in every.items():
            if i % step == 0:
                words += [term] * rnd.randrange(1, 4)
        rnd.shuffle(words)
        texts.append(" ".join(words))
    return texts


# 2000 documents: `sparse` has 100 postings (100 * 16 <= 2000), `dense` 400 (400 * 16 > 2000).
MEDIUM = _corpus(2000, 7, every={"sparse": 20, "dense": 5, "extra": 40})
# 10000 documents: `common` is in all of them, more postings than one direct pass (8192) takes.
LARGE = _corpus(10000, 11, every={"common": 1, "half": 2, "rare": 97, "odd": 331})


REFERENCE = {"small": Reference(SMALL), "medium": Reference(MEDIUM), "large": Reference(LARGE)}


@pytest.fixture(scope="module")
def small() -> Bm25Index:
    return Bm25Index.build(SMALL)


@pytest.fixture(scope="module")
def medium() -> Bm25Index:
    return Bm25Index.build(MEDIUM)


@pytest.fixture(scope="module")
def large() -> Bm25Index:
    return Bm25Index.build(LARGE)


def test_rarer_matching_term_ranks_first(small: Bm25Index) -> None:
    ranked = small.search(["union", "rare"])
    assert ranked[0][0] == SMALL.index("rare delta")
    assert {d for d, _ in ranked} == {0, 1, 2, 3}


def test_rarer_term_wins_in_chinese(small: Bm25Index) -> None:
    assert [d for d, _ in small.search(terms("工会劳模"))] == [4, 5]


def test_more_matching_terms_rank_higher(small: Bm25Index) -> None:
    ranked = small.search(["union", "alpha"])
    assert ranked[0][0] == 0
    assert ranked[0][1] > ranked[1][1]


def test_term_frequency_counts() -> None:
    index = Bm25Index.build(["rare rare other", "rare other other"])
    ranked = index.search(["rare"])
    assert [d for d, _ in ranked] == [0, 1]
    assert ranked[0][1] > ranked[1][1] > 0


def test_scores_match_the_formula(small: Bm25Index) -> None:
    for query in (["union"], ["union", "rare"], terms("工会劳模活动")):
        got = small.search(query, limit=100)
        want = REFERENCE["small"].ranked(query)
        assert [d for d, _ in got] == [d for d, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)


@pytest.mark.parametrize("index_name", ["small", "medium", "large"])
def test_repeated_query_terms_count_once(index_name: str, request: pytest.FixtureRequest) -> None:
    index: Bm25Index = request.getfixturevalue(index_name)
    for query in (["union", "rare"], ["sparse", "dense"], ["common", "rare"]):
        assert index.search(query * 3, limit=10) == index.search(query, limit=10)


@pytest.mark.parametrize("query", [["nothing"], [], ["UNION"], ["uni"], ["工"]])
def test_unknown_terms_give_nothing(small: Bm25Index, query: list[str]) -> None:
    assert small.search(query) == []


def test_unknown_terms_are_ignored_next_to_known_ones(small: Bm25Index) -> None:
    assert small.search(["rare", "nothing"]) == small.search(["rare"])


def test_empty_index() -> None:
    index = Bm25Index.build([])
    assert index.size == 0
    assert index.search(["union"]) == []
    assert _df(index, "union") == 0


def test_documents_without_terms() -> None:
    index = Bm25Index.build(["", "，。", "union"])
    assert [d for d, _ in index.search(["union"])] == [2]


def test_document_frequency(small: Bm25Index, large: Bm25Index) -> None:
    assert _df(small, "union") == 3
    assert _df(small, "rare") == 1
    assert _df(small, "工会") == 2
    assert _df(small, "nothing") == 0
    assert _df(large, "common") == 10000
    assert _df(large, "rare") == len(range(0, 10000, 97))


def test_corpora_exercise_the_sparse_dense_and_large_paths(medium: Bm25Index, large: Bm25Index) -> None:
    assert _df(medium, "sparse") * 16 <= medium.size  # sparse accumulation
    assert _df(medium, "dense") * 16 > medium.size  # dense accumulation
    assert _df(large, "common") > 8192  # more than one direct pass


MEDIUM_QUERIES = [["sparse"], ["dense"], ["sparse", "extra"], ["dense", "sparse"], ["dense", "extra", "w3"],
                  ["w1", "w2", "w3", "w4", "sparse"]]
LARGE_QUERIES = [["common"], ["common", "rare"], ["half", "odd"], ["common", "half", "rare", "odd"],
                 ["rare"], ["w5", "common"], ["w7", "w8", "half"]]


def _check_top(index: Bm25Index, ref: Reference, query: list[str], limit: int) -> None:
    every = ref.ranked(query)
    want = every[:limit]
    got = index.search(query, limit=limit)
    assert len(got) == min(limit, len(want))
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)
    # Ids must agree except where two documents' scores are equal to float precision.
    for (d_got, s_got), (d_want, _) in zip(got, want, strict=True):
        if d_got != d_want:
            assert dict(every)[d_got] == pytest.approx(s_got, rel=1e-5)


@pytest.mark.parametrize("query", MEDIUM_QUERIES)
@pytest.mark.parametrize("limit", [1, 5, 30, 500])
def test_limit_keeps_the_best_medium(medium: Bm25Index, query: list[str], limit: int) -> None:
    _check_top(medium, REFERENCE["medium"], query, limit)


@pytest.mark.parametrize("query", LARGE_QUERIES)
@pytest.mark.parametrize("limit", [1, 40])
def test_limit_keeps_the_best_large(large: Bm25Index, query: list[str], limit: int) -> None:
    _check_top(large, REFERENCE["large"], query, limit)


def test_scores_are_sorted_best_first_ties_by_id(medium: Bm25Index, large: Bm25Index) -> None:
    for ranked in (medium.search(["sparse", "dense"], limit=10**6), large.search(["common", "rare"], limit=300)):
        keys = [(-score, doc) for doc, score in ranked]
        assert keys == sorted(keys)


def test_equal_scores_go_by_document_id() -> None:
    index = Bm25Index.build(["x union"] * 50 + ["y"])
    assert [d for d, _ in index.search(["union"], limit=10)] == list(range(10))


@pytest.mark.parametrize("limit", [1, 30, 150])
def test_results_only_contain_matching_documents(medium: Bm25Index, limit: int) -> None:
    ranked = medium.search(["sparse"], limit=limit)
    assert {d for d, _ in ranked} <= set(REFERENCE["medium"].scores(["sparse"]))
    assert all(score > 0 for _, score in ranked)


def test_dense_accumulation_never_pads_with_non_matching_documents() -> None:
    # 20 documents hold both terms: 40 postings > limit 30, and 40 * 16 > 100 documents. The first
    # version padded the result with 10 documents scored 0.0 here.
    index = Bm25Index.build([f"alpha beta doc{i}" if i < 20 else f"gamma doc{i}" for i in range(100)])
    ranked = index.search(["alpha", "beta"], limit=30)
    assert {d for d, _ in ranked} == set(range(20))
    assert all(score > 0 for _, score in ranked)


@pytest.mark.parametrize("limit", [0, -1])
def test_no_results_for_a_non_positive_limit(small: Bm25Index, limit: int) -> None:
    assert small.search(["union"], limit=limit) == []


@pytest.mark.parametrize(("budget", "kept"), [
    (0, ["r"]),  # the rarest term always stays
    (1, ["r"]),
    (3, ["r", "m"]),
    (10, ["r", "m", "c"]),
])
def test_selective_keeps_the_rarest_terms_within_the_budget(budget: int, kept: list[str]) -> None:
    index = Bm25Index.build(["c m r", "c m", "c", "c", "c"])
    assert index.selective(["c", "m", "r", "r", "unknown"], budget=budget) == kept


def test_a_common_term_alone_is_remembered_not_pickled(large: Bm25Index) -> None:
    first = large.search(["common"], limit=40)
    first.clear()  # the caller's list, not the remembered one
    again = large.search(["common"], limit=40)
    assert again == _fresh(large).search(["common"], limit=40) and len(again) == 40
    assert "_common" not in pickle.loads(pickle.dumps(large)).__dict__


def _fresh(index: Bm25Index) -> Bm25Index:
    return Bm25Index(index.vocabulary, index.offsets, index.docs, index.weights, index.size)
