"""bot.answer.model: every fitted number is data, read from one file and checked, with one-line errors.

The bundled model.json is refitted from time to time: no test here depends on its trees or thresholds,
only on its format. The broken files are edits of a small valid model written here.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, CoreKnowledge, answer_stump

from bot.answer.features import DECISION, SENTENCE
from bot.answer.model import Model, ModelError, default_model, default_path, load_model
from bot.answer.pairs import PAIR
from bot.answer.trees import Forest
from bot.cli import main

FIX = "refit with `python benchmarks/fit_model.py fit`, or restore the file from the release"
LOG3 = math.log(3.0)


def _valid() -> dict[str, Any]:
    return {"format": 3, "sentence_features": list(SENTENCE), "decision_features": list(DECISION),
            "pair_features": list(PAIR), "ranker": answer_stump(SENTENCE.index("cov"), 0.0, 1.0),
            "decider": answer_stump(DECISION.index("top"), -LOG3, LOG3),
            "pairs": answer_stump(PAIR.index("ratio"), -LOG3, LOG3),
            "follow": answer_stump(DECISION.index("cov"), -LOG3, LOG3),
            "threshold": 0.6, "pair_threshold": 0.7, "second_margin": 1.5,
            "fitted": {"by": "tests/answer/test_model.py", "on": "2026-01-01", "questions": {"invented": 3}}}


def _edited(**changes: Any) -> dict[str, Any]:
    """A valid model with ``changes`` (None: the key removed)."""
    data = _valid()
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_valid_model_file(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path / "m.json", _valid()))
    assert (model.threshold, model.pair_threshold, model.second_margin) == (0.6, 0.7, 1.5)
    assert model.fitted == _valid()["fitted"]
    assert (model.ranker.features, model.decider.features, model.pairs.features, model.follow.features) == (
        len(SENTENCE), len(DECISION), len(PAIR), len(DECISION))
    row = [0.0] * len(DECISION)
    row[DECISION.index("top")] = 1.0
    assert model.probabilities(model.decider, [[0.0] * len(DECISION), row]) == pytest.approx([0.25, 0.75])
    assert model.probabilities(model.follow, [row]) == pytest.approx([0.25])  # it reads cov, not top


@pytest.mark.parametrize(("value", "probability"), [(1000.0, 1.0), (-1000.0, 0.0), (0.0, 0.5)])
def test_probabilities_of_extreme_scores(value: float, probability: float) -> None:
    forest = Forest(feature=[0], threshold=[0.0], left=[0], right=[0], value=[value], roots=[0], depth=1, base=0.0,
                    features=1)
    assert Model.probabilities(forest, [[0.0]]) == [pytest.approx(probability, abs=1e-15)]


def test_the_bundled_model_is_the_features_the_engine_computes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNIONBOT_MODEL", raising=False)
    assert default_path() == REPO / "bot" / "answer" / "model.json"
    data = json.loads(default_path().read_text(encoding="utf-8"))
    assert (tuple(data["sentence_features"]), tuple(data["decision_features"]), tuple(data["pair_features"])) == (
        SENTENCE, DECISION, PAIR)
    model = load_model(default_path())
    assert (model.ranker.features, model.decider.features, model.pairs.features, model.follow.features) == (
        len(SENTENCE), len(DECISION), len(PAIR), len(DECISION))
    assert 0.0 <= model.threshold <= 1.0 and 0.0 <= model.pair_threshold <= 1.0
    assert {"by", "on", "questions"} <= set(model.fitted)


def test_the_model_file_is_package_data() -> None:
    """Installed from a wheel (the image), the engine still finds it."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "model.json" in config["tool"]["setuptools"]["package-data"]["bot.answer"]


# --- broken files: one line each ---------------------------------------------------------------------

NOT_FEATURES = "are not the features this bot computes"
FITTED = "'fitted' must note by, on, questions (how and when it was fitted)"


@pytest.mark.parametrize(("data", "message"), [
    ([], "a model file is a JSON object"),
    ("model", "a model file is a JSON object"),
    (_edited(format=2), "model format 2, this bot reads format 3"),
    (_edited(format="3"), "model format '3', this bot reads format 3"),
    (_edited(format=None), "model format None, this bot reads format 3"),
    (_edited(sentence_features=list(reversed(SENTENCE))), f"'sentence_features' {NOT_FEATURES}"),
    (_edited(sentence_features=None), f"'sentence_features' {NOT_FEATURES}"),
    (_edited(decision_features=list(DECISION[:-1])), f"'decision_features' {NOT_FEATURES}"),
    (_edited(pair_features=[*PAIR, "extra"]), f"'pair_features' {NOT_FEATURES}"),
    (_edited(fitted=None), FITTED),
    (_edited(fitted="by hand"), FITTED),
    (_edited(fitted={"by": "someone", "on": "2026-01-01"}), FITTED),
    (_edited(fitted={"by": "", "on": "2026-01-01", "questions": 3}), FITTED),
    (_edited(threshold=1.5), "'threshold' must be from 0 to 1, got 1.5"),
    (_edited(pair_threshold=-0.25), "'pair_threshold' must be from 0 to 1, got -0.25"),
    (_edited(threshold="0.6"), "'threshold' must be a number, got \"0.6\""),
    (_edited(threshold=True), "'threshold' must be a number, got true"),
    (_edited(pair_threshold=None), "'pair_threshold' must be a number, got null"),
    (_edited(second_margin=[1]), "'second_margin' must be a number, got [1]"),
    (_edited(ranker=None), "lacks 'ranker'"),
    (_edited(pairs=None), "lacks 'pairs'"),
    (_edited(follow=None), "lacks 'follow'"),
    (_edited(follow=answer_stump(len(DECISION), 0.0, 1.0)), f"a node tests a feature outside 0..{len(DECISION) - 1}"),
    (_edited(decider={**answer_stump(0, 0.0, 1.0), "value": None}),
     "missing or malformed tree field: object of type 'NoneType' has no len()"),
    (_edited(ranker={k: v for k, v in answer_stump(0, 0.0, 1.0).items() if k != "value"}),
     "missing or malformed tree field: 'value'"),
    (_edited(ranker=answer_stump(len(SENTENCE), 0.0, 1.0)), f"a node tests a feature outside 0..{len(SENTENCE) - 1}"),
    (_edited(pairs=answer_stump(len(PAIR), 0.0, 1.0)), f"a node tests a feature outside 0..{len(PAIR) - 1}"),
    (_edited(decider={**answer_stump(0, 0.0, 1.0), "left": [5, 1, 2]}), "a node points outside the node list"),
    (_edited(decider={**answer_stump(0, 0.0, 1.0), "depth": 0}), "depth 0 is not in 1..64"),
])
def test_a_broken_model_file_is_one_clear_line(tmp_path: Path, data: object, message: str) -> None:
    path = _write(tmp_path / "model.json", data)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == f"{path}: {message}; {FIX}"


def test_a_model_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{\n  "format": 3,\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == (f"{path}:3: not a JSON model file (Expecting property name enclosed in double quotes: "
                                 f"line 3 column 3 (char 19)); {FIX}")


def test_a_model_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(b"\xff{}")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == (f"{path}: not a JSON model file ('utf-8' codec can't decode byte 0xff in position 0: "
                                 f"invalid start byte); {FIX}")


@pytest.mark.parametrize(("name", "why"), [("none.json", "No such file or directory"), (".", "Is a directory")])
def test_a_model_file_that_cannot_be_read(tmp_path: Path, name: str, why: str) -> None:
    path = tmp_path / name
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == f"{path}: cannot read the model file ({why}); {FIX}"


def test_a_tree_with_a_word_for_its_depth_is_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "model.json", _edited(ranker={**answer_stump(0, 0.0, 1.0), "depth": "three"}))
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value).startswith(f"{path}: ") and str(caught.value).endswith(f"; {FIX}")


# --- which file: UNIONBOT_MODEL -------------------------------------------------------------------

@pytest.fixture
def fresh_default() -> Iterator[None]:
    """default_model() is read once per process: forget it before and after the test."""
    default_model.cache_clear()
    yield
    default_model.cache_clear()


@pytest.mark.usefixtures("fresh_default")
def test_unionbot_model_names_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "other.json", _edited(threshold=0.125))
    monkeypatch.setenv("UNIONBOT_MODEL", str(path))
    assert default_path() == path
    model = default_model()
    assert model.threshold == 0.125 and default_model() is model  # read once
    monkeypatch.setenv("UNIONBOT_MODEL", "")  # empty: unset
    assert default_path() == REPO / "bot" / "answer" / "model.json"


@pytest.mark.usefixtures("fresh_default")
def test_a_broken_unionbot_model_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "broken.json", _edited(second_margin="wide"))
    monkeypatch.setenv("UNIONBOT_MODEL", str(path))
    with pytest.raises(ModelError) as caught:
        default_model()
    assert str(caught.value) == f"{path}: 'second_margin' must be a number, got \"wide\"; {FIX}"


@pytest.mark.usefixtures("fresh_default")
def test_the_command_line_reports_a_broken_model_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             core_kb: CoreKnowledge,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "broken.json", _edited(threshold=2))
    monkeypatch.setenv("UNIONBOT_MODEL", str(path))
    monkeypatch.setenv("UNIONBOT_CACHE_DIR", str(core_kb.cache))
    assert main(["ask", "--kb", str(core_kb.kb), "春季运动会在哪里举行"]) == 1
    assert capsys.readouterr().err == f"error: {path}: 'threshold' must be from 0 to 1, got 2.0; {FIX}\n"
