"""bot.answer.model: the fitted numbers are data, read and checked from one file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, CoreKnowledge

import bot.answer.model
from bot.answer.engine import Engine, decision_features
from bot.answer.matcher import Evidence
from bot.answer.model import (
    CANDIDATE_FEATURES,
    DECISION_FEATURES,
    Model,
    ModelError,
    default_model,
    default_path,
    load_model,
    write_model,
)
from bot.cli import main
from bot.core.model import Unit

FIX = "rerun `python benchmarks/calibrate.py --write`, or restore the file from the release"


def test_the_package_model_fits_the_features_the_engine_computes() -> None:
    model = default_model()
    evidence = Evidence(coverage=1.0, local=1.0, similarity=0.0, type_ok=True, names_ok=True)
    assert tuple(evidence.features()) == CANDIDATE_FEATURES == tuple(model.candidate)
    unit = Unit("sentence", -1, "a1", 1, 1, "句子。", "句子。")
    assert tuple(decision_features([(0.9, unit)])) == DECISION_FEATURES == tuple(model.decision)
    assert 0.0 < model.threshold < 1.0
    assert {"by", "data", "date"} <= set(model.fitted)


def test_the_engine_answers_with_the_model_it_is_given(engine: Engine) -> None:
    assert engine.model == default_model() and engine.threshold == default_model().threshold
    model = Model(candidate=engine.model.candidate, decision=engine.model.decision, threshold=0.99,
                  fitted=engine.model.fitted)
    strict = Engine(engine._built, model=model)
    assert strict.threshold == 0.99 and not strict.ask("义乌市总工会现在的主席是谁").answered
    assert Engine(engine._built, model=model, threshold=0.5).ask("义乌市总工会现在的主席是谁").answered


def test_write_then_load_is_the_same_model(tmp_path: Path) -> None:
    write_model(default_model(), tmp_path / "model.json")
    assert load_model(tmp_path / "model.json") == default_model()
    assert (tmp_path / "model.json").read_text(encoding="utf-8") == default_path().read_text(encoding="utf-8")


def _edited(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_path().read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


WEIGHTS = dict(default_model().candidate)


@pytest.mark.parametrize(("data", "message"), [
    (_edited(format=2), "model format 2, this bot reads format 1"),
    (_edited(format=None), "model format None, this bot reads format 1"),
    (_edited(threshold=1.5), "'threshold' must be from 0 to 1, got 1.5"),
    (_edited(threshold="0.65"), "'threshold' must be a number, got \"0.65\""),
    (_edited(candidate={k: v for k, v in WEIGHTS.items() if k != "window"}),
     "'candidate' lacks the weight of 'window'"),
    (_edited(candidate={**WEIGHTS, "length": 1.0}), "'candidate' has an unknown feature 'length'"),
    (_edited(candidate={**WEIGHTS, "bias": None}), "'candidate.bias' must be a number, got null"),
    (_edited(candidate={**WEIGHTS, "bias": True}), "'candidate.bias' must be a number, got true"),
    (_edited(decision=[1.0, 2.0]), "'decision' must map feature names to weights"),
    (_edited(fitted=None), "'fitted' must note, as text, how and when the model was fitted"),
    (_edited(fitted={"by": "hand"}), "'fitted' lacks 'data' (how and when the model was fitted)"),
    (_edited(weights={}), "unknown key 'weights'"),
    ([], "a model file is a JSON object"),
])
def test_a_broken_model_file_is_one_clear_line(tmp_path: Path, data: object, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == f"{path}: {message}; {FIX}"


def test_a_model_file_that_is_not_json_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{\n  "format": 1,\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ModelError, match=rf"^{path}:3: not a JSON model file \(.*\); rerun"):
        load_model(path)
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path / "none.json")
    assert str(caught.value) == (f"{tmp_path / 'none.json'}: cannot read the model file (No such file or directory); "
                                 f"{FIX}")


@pytest.fixture
def broken_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_edited(threshold=2)), encoding="utf-8")
    monkeypatch.setattr(bot.answer.model, "default_path", lambda: path)
    default_model.cache_clear()
    yield path
    default_model.cache_clear()


def test_the_command_line_reports_a_broken_model_in_one_line(broken_model: Path, core_kb: CoreKnowledge,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(core_kb.kb), "义乌市总工会主席是谁"]) == 1
    assert capsys.readouterr().err == f"error: {broken_model}: 'threshold' must be from 0 to 1, got 2.0; {FIX}\n"


def test_help_and_readme_show_the_fitted_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    threshold = f"{default_model().threshold:g}"
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    assert f"(default: {threshold}, the fitted model's)" in " ".join(capsys.readouterr().out.split())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"The threshold ({threshold})" in readme and f"the fitted model's ({threshold})" in readme


def test_the_model_file_is_package_data() -> None:
    """Installed from a wheel (the image), the engine still finds it."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "model.json" in config["tool"]["setuptools"]["package-data"]["bot.answer"]
    assert default_path() == REPO / "bot" / "answer" / "model.json"
