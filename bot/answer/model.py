"""The fitted model: every number that ranks candidates and decides whether to answer.

It is one data file, ``bot/answer/model.json``, written by ``benchmarks/fit_model.py`` and only
read here; no number in it is typed by hand. It holds three tree ensembles (:mod:`bot.answer.trees`):

* ``ranker`` scores each candidate sentence of a question (higher: more likely to hold the answer);
* ``decider`` turns the question's best candidates into the probability that the best is right;
* ``pairs`` gives the probability that a curated Q&A pair is the question asked;

with the thresholds chosen on held-out questions, and the names of the features each reads (checked
against :mod:`bot.answer.features`, so that a model fitted on other features is refused at start-up).
``UNIONBOT_MODEL`` names another model file (the fitting script uses it to measure a model it fitted
on part of the data).
"""

from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answer.features import DECISION, SENTENCE
from bot.answer.pairs import PAIR
from bot.answer.trees import Forest, ForestError
from bot.core.errors import BotError

FORMAT = 1
BUNDLED = Path(__file__).with_name("model.json")


class ModelError(BotError):
    """The model file is missing or not one this code can use."""


@dataclass(frozen=True)
class Model:
    ranker: Forest
    decider: Forest
    pairs: Forest
    threshold: float  # answer when the decider's probability reaches it
    pair_threshold: float  # answer with a curated pair when its probability reaches it
    second_margin: float  # quote the runner-up sentence too when its rank score is this close
    fitted: dict[str, Any]  # how, when and on what it was fitted (shown by `ask --help`)

    def probability(self, forest: Forest, rows: list[list[float]]) -> list[float]:
        return [1.0 / (1.0 + math.exp(-min(max(z, -40.0), 40.0))) for z in forest.score(rows).tolist()]


def model_path() -> Path:
    return Path(os.environ.get("UNIONBOT_MODEL") or BUNDLED)


@functools.cache
def load_model(path: Path | None = None) -> Model:
    """The model in ``path`` (default: :func:`model_path`); ModelError with the reason when unusable."""
    path = path or model_path()
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ModelError(f"{path}: not JSON ({exc}); refit with benchmarks/fit_model.py") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"{path}: model format {data.get('format') if isinstance(data, dict) else '?'}, "
                         f"this code reads format {FORMAT}; refit with benchmarks/fit_model.py")
    for key, names in (("sentence_features", SENTENCE), ("decision_features", DECISION), ("pair_features", PAIR)):
        if tuple(data.get(key) or ()) != names:
            raise ModelError(f"{path}: fitted on other {key.replace('_', ' ')} than this code computes; "
                             "refit with benchmarks/fit_model.py")
    try:
        return Model(Forest.from_dict(data["ranker"], features=len(SENTENCE)),
                     Forest.from_dict(data["decider"], features=len(DECISION)),
                     Forest.from_dict(data["pairs"], features=len(PAIR)),
                     _fraction(data, "threshold"), _fraction(data, "pair_threshold"),
                     float(data["second_margin"]), dict(data.get("fitted") or {}))
    except (ForestError, KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{path}: {exc}") from None


def _fraction(data: dict[str, Any], key: str) -> float:
    value = float(data[key])
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{key} {value} is not in 0..1")
    return value
