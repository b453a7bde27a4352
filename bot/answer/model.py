"""The fitted confidence model: numbers learnt from data, kept as data in ``model.json`` beside this file.

``benchmarks/calibrate.py --write`` fits them on our own labelled questions and writes the file; the
engine reads it (:func:`default_model`). Nothing else writes numbers that were fitted: hand-set ones
are in :mod:`bot.answer.tuning`. The file holds:

* ``candidate``: the weights of stage 1, a logistic model of whether one candidate answers the
  question, on its evidence (:meth:`bot.answer.matcher.Evidence.features`);
* ``decision``: the weights of stage 2, a logistic model of whether the best candidate is right, on
  the question's ranking (:func:`bot.answer.engine.decision_features`);
* ``threshold``: the stage-2 score needed to answer (below it the bot offers suggestions);
* ``format`` (this module reads :data:`FORMAT`) and ``fitted``, a note of how and when.

This module imports nothing heavy, so that settings and the command line can show the threshold.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.errors import BotError

FORMAT = 1
FILE = "model.json"
CANDIDATE_FEATURES = ("bias", "coverage", "local", "paragraph", "similarity", "type", "type_local", "pair",
                      "retrieval", "window")
DECISION_FEATURES = ("bias", "top", "agree", "rival")
FITTED_KEYS = ("by", "data", "date")  # at least: what fitted it, on which questions, when
_FIX = "rerun `python benchmarks/calibrate.py --write`, or restore the file from the release"


class ModelError(BotError):
    """The model file is missing or malformed (one line: the file, what is wrong, what to do)."""


@dataclass(frozen=True)
class Model:
    """The two stages' weights (by feature name) and the threshold, as fitted."""

    candidate: Mapping[str, float]
    decision: Mapping[str, float]
    threshold: float
    fitted: Mapping[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "fitted": dict(self.fitted), "candidate": dict(self.candidate),
                "decision": dict(self.decision), "threshold": self.threshold}


def default_path() -> Path:
    """Where the package's own model file is (inside the installed package, or this source tree)."""
    return Path(str(importlib.resources.files("bot.answer") / FILE))


@functools.cache
def default_model() -> Model:
    """The package's model, read once."""
    return load_model(default_path())


def load_model(path: Path) -> Model:
    """The model in ``path``, checked: raises :class:`ModelError` with one line when it is not usable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc.strerror or exc}); {_FIX}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ModelError(f"{path}{where}: not a JSON model file ({exc}); {_FIX}") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: a model file is a JSON object; {_FIX}")
    if data.get("format") != FORMAT:
        raise ModelError(f"{path}: model format {data.get('format')!r}, this bot reads format {FORMAT}; {_FIX}")
    unknown = sorted(set(data) - {"format", "fitted", "candidate", "decision", "threshold"})
    if unknown:
        raise ModelError(f"{path}: unknown key {unknown[0]!r}; {_FIX}")
    threshold = _number(path, "threshold", data.get("threshold"))
    if not 0.0 <= threshold <= 1.0:
        raise ModelError(f"{path}: 'threshold' must be from 0 to 1, got {threshold}; {_FIX}")
    return Model(candidate=_weights(path, "candidate", data.get("candidate"), CANDIDATE_FEATURES),
                 decision=_weights(path, "decision", data.get("decision"), DECISION_FEATURES),
                 threshold=threshold, fitted=_fitted(path, data.get("fitted")))


def _weights(path: Path, key: str, value: object, names: tuple[str, ...]) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ModelError(f"{path}: '{key}' must map feature names to weights; {_FIX}")
    if set(value) != set(names):
        missing, extra = sorted(set(names) - set(value)), sorted(set(value) - set(names))
        what = f"lacks the weight of {missing[0]!r}" if missing else f"has an unknown feature {extra[0]!r}"
        raise ModelError(f"{path}: '{key}' {what}; {_FIX}")
    return {name: _number(path, f"{key}.{name}", value[name]) for name in names}


def _number(path: Path, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{path}: '{key}' must be a number, got {json.dumps(value)}; {_FIX}")
    return float(value)


def _fitted(path: Path, value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ModelError(f"{path}: 'fitted' must note, as text, how and when the model was fitted; {_FIX}")
    missing = [k for k in FITTED_KEYS if not value.get(k)]
    if missing:
        raise ModelError(f"{path}: 'fitted' lacks {missing[0]!r} (how and when the model was fitted); {_FIX}")
    return dict(value)


def write_model(model: Model, path: Path) -> None:
    """Write ``model`` to ``path`` (whole, or not at all)."""
    text = json.dumps(model.as_json(), ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
