"""bot.answer.trees: gradient-boosted trees evaluated with numpy, on hand-built trees and against LightGBM."""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from conftest import REPO, answer_forest

from bot.answer.trees import HEAP_DEPTH, Forest, ForestError

Tree = dict[str, list[Any]]


def _leaf(value: float) -> Tree:
    return {"feature": [0], "threshold": [0.0], "left": [0], "right": [0], "value": [value]}


# feature 0 <= 0.5: -1, else 2
STUMP: Tree = {"feature": [0, 0, 0], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
               "value": [0.0, -1.0, 2.0]}
# feature 0 <= 0: 10 (a leaf at depth 1); else feature 1 <= 1: (feature 2 <= 2: 21, else 22) (depth 3),
# else 30 (depth 2)
DEEP: Tree = {"feature": [0, 0, 1, 2, 0, 0, 0], "threshold": [0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0],
              "left": [1, 1, 3, 5, 4, 5, 6], "right": [2, 1, 4, 6, 4, 5, 6],
              "value": [0.0, 10.0, 0.0, 0.0, 30.0, 21.0, 22.0]}


@pytest.mark.parametrize(("row", "score"), [([0.0], -1.0), ([0.5], -1.0), ([0.50001], 2.0), ([-3.0], -1.0),
                                            ([1e9], 2.0)])
def test_a_stump(row: list[float], score: float) -> None:
    assert answer_forest(STUMP, depth=1, features=1).score([row]).tolist() == [score]


@pytest.mark.parametrize(("row", "score"), [
    ([-1.0, 9.0, 9.0], 10.0),  # a leaf right under the root
    ([0.0, 9.0, 9.0], 10.0),  # equal to the threshold: the left child
    ([1.0, 0.0, 0.0], 21.0),
    ([1.0, 1.0, 2.0], 21.0),
    ([1.0, 0.0, 2.5], 22.0),
    ([1.0, 5.0, 0.0], 30.0),  # a leaf at depth 2
])
@pytest.mark.parametrize("depth", [3, 8])  # walking on past a leaf stays on it
def test_leaves_at_different_depths(row: list[float], score: float, depth: int) -> None:
    assert answer_forest(DEEP, depth=depth, features=3).score([row]).tolist() == [score]


def test_many_rows_are_scored_at_once() -> None:
    forest = answer_forest(DEEP, depth=3, features=3)
    rows = [[-1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 3.0], [1.0, 2.0, 0.0]]
    scores = forest.score(np.array(rows))
    assert scores.dtype == np.float64 and scores.tolist() == [10.0, 21.0, 22.0, 30.0]
    assert forest.score(np.zeros((0, 3))).tolist() == []


def test_lists_of_floats_score_as_their_array() -> None:
    forest = answer_forest(STUMP, DEEP, depth=3, base=0.1, features=3)
    rows = [[0.1 * i, 0.3 * i - 1.0, 1.0 / (i + 1)] for i in range(20)]
    assert forest.score(rows).tobytes() == forest.score(np.array(rows)).tobytes()
    with pytest.raises(ValueError):  # a ragged list is refused, not read end to end
        forest.score([[0.0, 1.0, 2.0], [0.0, 1.0]])


def test_several_trees_and_a_base_add_up() -> None:
    forest = answer_forest(STUMP, DEEP, _leaf(0.125), depth=3, base=0.25, features=3)
    rows = [[0.0, 0.0, 0.0], [1.0, 0.0, 3.0], [1.0, 4.0, 0.0]]
    assert forest.score(rows).tolist() == [-1.0 + 10.0 + 0.125 + 0.25, 2.0 + 22.0 + 0.375, 2.0 + 30.0 + 0.375]
    assert (forest.depth, forest.base, forest.features) == (3, 0.25, 3)


def test_a_forest_from_its_stored_form() -> None:
    stored = {**STUMP, "roots": [0], "depth": 1, "base": 0.5}
    assert Forest.from_dict(stored, features=2).score([[0.0, 7.0], [1.0, 7.0]]).tolist() == [-0.5, 2.5]
    del stored["base"]  # optional: 0
    assert Forest.from_dict(stored, features=1).score([[1.0]]).tolist() == [2.0]


@pytest.mark.parametrize(("rows", "shape"), [
    ([0.0, 1.0, 2.0], "(3,)"),
    ([[0.0, 1.0]], "(1, 2)"),
    ([[0.0, 1.0, 2.0, 3.0]], "(1, 4)"),
    ([[[0.0, 1.0, 2.0]]], "(1, 1, 3)"),
])
def test_rows_of_the_wrong_shape(rows: Any, shape: str) -> None:
    with pytest.raises(ValueError) as caught:
        answer_forest(DEEP, depth=3, features=3).score(rows)
    assert str(caught.value) == f"want rows of 3 features, got shape {shape}"


def _nodes(**changes: Any) -> dict[str, Any]:
    return {**STUMP, "roots": [0], "depth": 1, "base": 0.0, "features": 1, **changes}


@pytest.mark.parametrize(("nodes", "message"), [
    (_nodes(threshold=[0.5, 0.0]), "node lists of different lengths, or no nodes"),
    (_nodes(value=[0.0, 1.0, 2.0, 3.0]), "node lists of different lengths, or no nodes"),
    (_nodes(feature=[], threshold=[], left=[], right=[], value=[], roots=[]),
     "node lists of different lengths, or no nodes"),
    (_nodes(feature=[1, 0, 0]), "a node tests a feature outside 0..0"),
    (_nodes(feature=[0, -1, 0]), "a node tests a feature outside 0..0"),
    (_nodes(feature=[3, 0, 0], features=3), "a node tests a feature outside 0..2"),
    (_nodes(left=[1, 1, 3]), "a node points outside the node list"),
    (_nodes(right=[-1, 1, 2]), "a node points outside the node list"),
    (_nodes(roots=[0, 3]), "a node points outside the node list"),
    (_nodes(roots=[-1]), "a node points outside the node list"),
    (_nodes(depth=0), "depth 0 is not in 1..64"),
    (_nodes(depth=65), "depth 65 is not in 1..64"),
])
def test_malformed_trees(nodes: dict[str, Any], message: str) -> None:
    with pytest.raises(ForestError) as caught:
        Forest(**nodes)
    assert str(caught.value) == message


@pytest.mark.parametrize(("data", "message"), [
    ({k: v for k, v in _nodes().items() if k != "roots"}, "missing or malformed tree field: 'roots'"),
    ({k: v for k, v in _nodes().items() if k != "depth"}, "missing or malformed tree field: 'depth'"),
    (_nodes(value=None), "missing or malformed tree field: object of type 'NoneType' has no len()"),
    ([1, 2, 3], "missing or malformed tree field: list indices must be integers or slices, not str"),
    (_nodes(depth=0), "depth 0 is not in 1..64"),
])
def test_malformed_stored_trees(data: Any, message: str) -> None:
    with pytest.raises(ForestError) as caught:
        Forest.from_dict(data, features=1)
    assert str(caught.value) == message


@pytest.mark.parametrize("field", [{"depth": "three"}, {"threshold": ["0.5x", 0.0, 0.0]}, {"base": "none"}])
def test_stored_trees_with_words_for_numbers(field: dict[str, Any]) -> None:
    with pytest.raises(ForestError, match=r"^missing or malformed tree field: "):
        Forest.from_dict(_nodes(**field), features=1)


# --- the same scores as LightGBM --------------------------------------------------------------------

def _fit_model() -> ModuleType:
    """benchmarks/fit_model.py, imported from its file (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("fit_model", REPO / "benchmarks" / "fit_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Dumped:
    """What forest() reads of a LightGBM booster: its dump_model()."""

    def __init__(self, *trees: dict[str, Any]) -> None:
        self._trees = trees

    def dump_model(self) -> dict[str, Any]:
        return {"tree_info": [{"tree_index": i, "tree_structure": t} for i, t in enumerate(self._trees)]}


def _split(feature: int, threshold: float, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    return {"split_feature": feature, "threshold": threshold, "decision_type": "<=", "left_child": left,
            "right_child": right}


def test_forest_converts_a_dump_with_a_lone_leaf_and_uneven_leaves() -> None:
    deep = _split(0, 0.0, {"leaf_value": 10.0},
                  _split(1, 1.0, _split(2, 2.0, {"leaf_value": 21.0}, {"leaf_value": 22.0}), {"leaf_value": 30.0}))
    stored = _fit_model().forest(_Dumped({"leaf_value": 0.5}, deep))
    assert stored["depth"] == 3 and len(stored["roots"]) == 2 and stored["base"] == 0.0
    forest = Forest.from_dict(stored, features=3)
    assert forest.score([[-1.0, 0.0, 0.0], [1.0, 0.0, 3.0], [1.0, 2.0, 0.0]]).tolist() == [10.5, 22.5, 30.5]


def test_forest_refuses_a_split_it_cannot_evaluate() -> None:
    categorical = {**_split(0, 1.0, {"leaf_value": 1.0}, {"leaf_value": 2.0}), "decision_type": "=="}
    with pytest.raises(ValueError, match=r"^unsupported split ==$"):
        _fit_model().forest(_Dumped(categorical))



def test_the_mean_of_forests_scores_their_mean() -> None:
    fm = _fit_model()
    one = fm.forest(_Dumped(_split(0, 0.0, {"leaf_value": 1.0}, {"leaf_value": 3.0}), {"leaf_value": 0.5}))
    two = fm.forest(_Dumped(_split(1, 1.0, _split(0, 2.0, {"leaf_value": -2.0}, {"leaf_value": 4.0}),
                                   {"leaf_value": 8.0})))
    rows = [[-1.0, 0.0], [1.0, 0.0], [1.0, 5.0], [3.0, 0.0]]
    scores = [Forest.from_dict(f, features=2).score(rows) for f in (one, two)]
    merged = Forest.from_dict(fm.mean([one, two]), features=2)
    np.testing.assert_allclose(merged.score(rows), (scores[0] + scores[1]) / 2)
    assert len(set(merged.score(rows).tolist())) == 4  # every tree's branches were taken

FEATURES = 6


def _data(seed: int, rows: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, FEATURES))
    x[:, 4] = rng.integers(0, 3, size=rows)  # a few distinct values, 0 among them (LightGBM's zero threshold)
    x[:, 5] = np.where(rng.random(rows) < 0.3, 0.0, x[:, 5])
    return x


def _lightgbm_model(kind: str) -> Any:
    lgb = pytest.importorskip("lightgbm")
    x = _data(1, 600)
    signal = x[:, 0] + x[:, 1] * x[:, 2] - 0.5 * x[:, 4] + (x[:, 5] == 0)
    common = {"n_estimators": 25, "num_leaves": 9, "learning_rate": 0.2, "min_child_samples": 5, "random_state": 3,
              "deterministic": True, "n_jobs": 1, "verbose": -1}
    if kind == "classifier":
        return lgb.LGBMClassifier(**common).fit(x, (signal > 0.3).astype(int))
    labels = np.digitize(signal, [-0.5, 0.5, 1.5])  # relevance 0..3
    return lgb.LGBMRanker(objective="lambdarank", **common).fit(x, labels, group=[20] * 30)


@pytest.mark.parametrize("kind", ["classifier", "ranker"])
def test_the_same_scores_as_lightgbm(kind: str) -> None:
    model = _lightgbm_model(kind)
    forest = Forest.from_dict(_fit_model().forest(model.booster_), features=FEATURES)
    rows = _data(2, 500)  # rows the trees never saw
    rows[:7, 4] = 0.0
    expected = model.booster_.predict(rows, raw_score=True)
    assert len(np.unique(expected)) > 10  # the trees split: a constant would compare equal too easily
    np.testing.assert_allclose(forest.score(rows), expected, rtol=0, atol=1e-9)



@pytest.mark.parametrize("name", ["ranker", "decider", "pairs"])
def test_the_heap_walk_scores_as_the_node_walk(name: str) -> None:
    from bot.answer.model import default_model

    forest = getattr(default_model(), name)
    assert forest._heap is not None  # the package's trees are shallow enough
    rng = np.random.default_rng(5)
    rows = rng.normal(0.0, 3.0, size=(40, forest.features))
    rows[rng.random(rows.shape) < 0.3] = 0.0  # on the thresholds of flags, counts and the like
    rows[rng.random(rows.shape) < 0.05] = np.nan
    heap = forest.score(rows)
    forest._heap = None
    assert heap.tobytes() == forest.score(rows).tobytes()


@pytest.mark.parametrize("depth", [3, HEAP_DEPTH, HEAP_DEPTH + 1])
def test_deep_and_shallow_walks_reach_the_same_leaves(depth: int) -> None:
    forest = answer_forest(STUMP, DEEP, _leaf(0.125), depth=depth, base=0.25, features=3)
    assert (forest._heap is None) == (depth > HEAP_DEPTH)
    rows = [[0.0, 0.0, 0.0], [1.0, 0.0, 3.0], [1.0, 4.0, 0.0]]
    assert forest.score(rows).tolist() == [-1.0 + 10.0 + 0.125 + 0.25, 2.0 + 22.0 + 0.375, 2.0 + 30.0 + 0.375]


# --- the fitting script's halves and threshold -------------------------------------------------------

def test_a_fit_on_one_fold_has_answerable_questions_in_both_halves() -> None:
    """A fold is cut by a hash of the article's key, which for CMRC and the union stories is its title:
    halves cut by the same unsalted hash put all of one fold's answerable questions in one half."""
    fm = _fit_model()
    titles = [t for t in (f"文章{i}" for i in range(200)) if fm.fit_data.fold_of(t) == 1][:40]
    asked = [("union", 0, fm.fit_data.Question(f"{t}问{j}", ["答"], t)) for t in titles for j in range(3)]
    halves = fm.split(asked)
    assert all(len({q.title for _, q in half}) >= 10 for half in halves)
    assert not {q.title for _, q in halves[0]} & {q.title for _, q in halves[1]}  # a passage stays in one half
    others = [{q.title for _, q in fm.split(asked, cut)[0]} for cut in range(1, fm.CUTS)]
    assert all(titles ^ {q.title for _, q in halves[0]} for titles in others)  # each cut its own way


def test_a_follow_up_stays_in_the_half_of_the_story_it_was_asked_after() -> None:
    """The follow-up decider's rows are ranked by the other half's ranker: one that never saw that story."""
    fm = _fit_model()
    titles = [f"文章{i}" for i in range(60)]
    plain = [("union", 0, fm.fit_data.Question(f"{t}问", ["答"], t)) for t in titles]
    follow = [("union", 0, fm.fit_data.Question("几点开门", [], "", unanswerable=True, after=t)) for t in titles]
    for cut in range(fm.CUTS):
        halves, follows = fm.split(plain, cut), fm.split(follow, cut)
        assert [{q.title for _, q in h} for h in halves] == [{q.after for _, q in h} for h in follows]


def test_follow_ups_of_an_episode() -> None:
    """Each question after its story; a gutted one and an open one after it, to refuse; and some after another."""
    import random

    fm = _fit_model()
    Q = fm.fit_data.Question
    whole = {"id": "a", "title": "青溪工会举办技能比武", "text": "青溪工会日前举办技能比武。共有120名职工参赛。",
             "qas": [{"id": "a1", "q": "多少人参赛", "gold": ["120名"]},
                     {"id": "a2", "q": "谁办的", "gold": ["青溪工会"]}],
             "unanswerable": [{"id": "a3", "q": "奖金多少"}]}
    gutted = {**whole, "text": "青溪工会日前举办技能比武。"}
    other = {"id": "b", "title": "白沙工会送清凉", "text": "白沙工会送出绿豆汤300份。",
             "qas": [{"id": "b1", "q": "送了多少份", "gold": ["300份"]}]}
    # (seed 3 asks one of them after another story)
    asked = fm.fit_data.follow_ups([gutted, other], [whole, other], random.Random(3))
    mine = [q for q in asked if q.after == whole["title"]]
    assert Q("谁办的", ["青溪工会"], whole["title"], after=whole["title"]) in mine
    assert Q("多少人参赛", ["120名"], "", gutted=True, after=whole["title"]) in mine
    assert Q("奖金多少", [], "", unanswerable=True, after=whole["title"]) in mine
    assert Q("送了多少份", ["300份"], other["title"], after=other["title"]) in asked
    elsewhere = [q for q in asked if q.after and not q.title and not q.gutted and not q.unanswerable]
    own = {x["q"]: p["title"] for p in (whole, other) for x in p["qas"]}
    assert elsewhere and all(q.after != own[q.question] for q in elsewhere)


def test_the_shipped_threshold_is_where_a_calibrated_answer_pays() -> None:
    from bot.answer.model import default_model

    fm = _fit_model()
    assert fm.COST / (1 + fm.COST) == fm.BAYES
    assert default_model().threshold == pytest.approx(fm.BAYES)


def test_a_gutted_story_loses_the_sentences_that_answer_one_question() -> None:
    """benchmarks/gutted.py's knowledge: the story stays, the asked fact goes (from every sentence)."""
    import random

    fm = _fit_model()
    passage = {"id": "p", "title": "青溪工会举办技能比武", "text": "青溪工会日前举办技能比武。共有120名职工参赛。"
               "比武设焊工和电工两个项目。参赛的120名职工来自30家企业。",
               "qas": [{"id": "q1", "q": "多少名职工参赛", "gold": ["120名"]}]}
    gutted = fm.fit_data.gut(passage, random.Random(2))
    assert gutted["text"] == "青溪工会日前举办技能比武。比武设焊工和电工两个项目。"
    assert gutted["title"] == passage["title"] and passage["text"].endswith("30家企业。")  # a copy


def test_a_share_of_the_stories_is_asked_a_question_written_to_be_left_open() -> None:
    """fit_data.unanswerable: one of a story's written unanswerable questions, for about ``share`` of the
    stories that have them; none for a story without, and none at share 0 (every row of fit_model.PLAN's
    now)."""
    import random

    fm = _fit_model()
    stories = [{"id": f"p{i}", "unanswerable": [{"id": f"p{i}_N{n}", "q": f"问{i}{end}"}
                                                for n, end in enumerate("甲乙")]}
               for i in range(400)] + [{"id": "x"}, {"id": "y", "unanswerable": []}]
    asked = fm.fit_data.unanswerable(stories, random.Random(1), share=0.5)
    assert abs(len(asked) / 400 - 0.5) < 0.08
    assert len({q[1:-1] for q in asked}) == len(asked)  # at most one question a story
    assert {q[-1] for q in asked} == {"甲", "乙"}
    assert fm.fit_data.unanswerable(stories, random.Random(1), share=0.5) == asked  # the episode's seed decides
    assert fm.fit_data.unanswerable(stories, random.Random(1), share=0.0) == []


@pytest.mark.parametrize("seed", [None, 7])
def test_a_seed_reaches_lightgbm_and_only_when_given(seed: int | None) -> None:
    """fit_model.py fit --seed: other seeds' fits of the same data measure the fit's own noise."""
    fm = _fit_model()
    for params in (fm.RANKER, fm.CLASSIFIER):
        seeded = fm.seeded(params, seed)
        assert seeded.get("random_state") == seed and "random_state" not in params
        assert {k: v for k, v in seeded.items() if k != "random_state"} == params
