"""The fitted model: every number that ranks candidates and decides whether to answer, kept as data.

``model.json`` beside this file is written by ``benchmarks/fit_model.py`` and only read here; no
number in it is typed by hand (hand-set numbers are in :mod:`bot.answer.tuning`). It holds four
ensembles of decision trees (:mod:`bot.answer.trees`):

* ``ranker`` scores each candidate sentence of a question (higher: likelier to hold the answer);
* ``decider`` gives the probability that the answer the best candidates make is right;
* ``follow`` gives it for a follow-up (:mod:`bot.answer.followup`): the candidates of one article, the
  one the member's last answer came from;
* ``pairs`` gives the probability that a curated Q&A pair is the question asked;

with ``threshold`` and ``pair_threshold`` (the probabilities needed to answer), ``second_margin``
(how close the runner-up's rank score must come to be quoted too), the names of the features each
ensemble reads (checked against :mod:`bot.answer.features` and :mod:`bot.answer.pairs`, so that a
model fitted on other features is refused at start-up), ``format`` and ``fitted`` (how, when, on what).

``UNIONBOT_MODEL`` names another model file: the fitting script measures a model fitted on part of
the data that way. This module imports nothing heavy, so that settings and ``--help`` can show the
threshold.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answer.trees import Forest, ForestError
from bot.core.errors import BotError

FORMAT = 3  # 3: a follow-up decider too; 2: tree ensembles (1 held the weights of two logistic stages)
FILE = "model.json"
FITTED_KEYS = ("by", "on", "questions")  # at least: what fitted it, when, on how many questions
_FIX = "refit with `python benchmarks/fit_model.py fit`, or restore the file from the release"


class ModelError(BotError):
    """The model file is missing or malformed (one line: the file, what is wrong, what to do)."""


@dataclass(frozen=True)
class Model:
    """The fitted ensembles and thresholds."""

    ranker: Forest
    decider: Forest
    pairs: Forest
    follow: Forest  # the decider of a follow-up (its article's candidates only)
    threshold: float  # answer when the decider's probability reaches it
    pair_threshold: float  # answer with a curated pair when its probability reaches it
    second_margin: float  # quote the runner-up sentence too when its rank score is this close
    fitted: dict[str, Any]  # how, when and on what it was fitted

    @staticmethod
    def probabilities(forest: Forest, rows: list[list[float]]) -> list[float]:
        """A classifier ensemble's probability for each row (the logistic of its score)."""
        return [1.0 / (1.0 + math.exp(-min(max(z, -40.0), 40.0))) for z in forest.score(rows).tolist()]


def default_path() -> Path:
    """``UNIONBOT_MODEL`` when set, else the package's own model file."""
    return Path(os.environ.get("UNIONBOT_MODEL") or str(importlib.resources.files("bot.answer") / FILE))


@functools.cache
def default_model() -> Model:
    """The model of :func:`default_path`, read once."""
    return load_model(default_path())


def load_model(path: Path) -> Model:
    """The model in ``path``, checked: raises :class:`ModelError` with one line when it is not usable."""
    from bot.answer.features import DECISION, SENTENCE
    from bot.answer.pairs import PAIR

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
    for key, names in (("sentence_features", SENTENCE), ("decision_features", DECISION), ("pair_features", PAIR)):
        if tuple(data.get(key) or ()) != names:
            raise ModelError(f"{path}: '{key}' are not the features this bot computes; {_FIX}")
    fitted = data.get("fitted")
    if not isinstance(fitted, dict) or any(not fitted.get(k) for k in FITTED_KEYS):
        raise ModelError(f"{path}: 'fitted' must note {', '.join(FITTED_KEYS)} (how and when it was fitted); {_FIX}")
    try:
        return Model(ranker=Forest.from_dict(data["ranker"], features=len(SENTENCE)),
                     decider=Forest.from_dict(data["decider"], features=len(DECISION)),
                     pairs=Forest.from_dict(data["pairs"], features=len(PAIR)),
                     follow=Forest.from_dict(data["follow"], features=len(DECISION)),
                     threshold=_fraction(path, data, "threshold"),
                     pair_threshold=_fraction(path, data, "pair_threshold"),
                     second_margin=_number(path, data, "second_margin"), fitted=dict(fitted))
    except ForestError as exc:
        raise ModelError(f"{path}: {exc}; {_FIX}") from None
    except KeyError as exc:
        raise ModelError(f"{path}: lacks {exc}; {_FIX}") from None


def _number(path: Path, data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{path}: '{key}' must be a number, got {json.dumps(value)}; {_FIX}")
    return float(value)


def _fraction(path: Path, data: dict[str, Any], key: str) -> float:
    value = _number(path, data, key)
    if not 0.0 <= value <= 1.0:
        raise ModelError(f"{path}: '{key}' must be from 0 to 1, got {value}; {_FIX}")
    return value
