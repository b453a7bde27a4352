"""Fit the confidence model's weights and pick the answer threshold.

    python benchmarks/calibrate.py [tests/data/calibration.jsonl] [--kb knowledge] [--write]

Every candidate the index proposes for a labelled question becomes one example: its evidence
(coverage, local coverage, similarity, type match) and whether it is a right answer (its text
holds the expected facts and its article the expected title). A logistic regression on these
examples gives the model's ``candidate`` weights (stage 1). A second logistic stage, per question,
combines the best candidate's confidence with whether another candidate cites the same sentence and
how close a rival from another paragraph comes (``decision``); the threshold is the one that maximises
right answers minus twice the wrong ones (a confident wrong answer costs more than an honest "I don't
know"). ``--write`` writes all three, with a note of how and when, to the model file
(bot/answer/model.json, see bot.answer.model); no code is rewritten. The questions are our own
(tests/data/calibration.jsonl), never the evaluation set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answer.engine import Engine, decision_features
from bot.answer.matcher import Evidence
from bot.answer.model import CANDIDATE_FEATURES, DECISION_FEATURES, Model, default_path, write_model


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def right(case: dict[str, object], answer: str, title: str) -> bool:
    if case.get("none"):
        return False
    groups = case["has"]
    assert isinstance(groups, list)
    facts = all(any(fold(a) in fold(answer) for a in (g if isinstance(g, list) else [g])) for g in groups)
    titles = case["title"]
    assert isinstance(titles, list)
    return facts and any(fold(t) in fold(title) for t in titles)


def features(ev: Evidence) -> list[float]:
    return list(ev.features().values())


def examples(engine: Engine, cases: list[dict[str, object]]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    rows, labels, owner = [], [], []
    for i, case in enumerate(cases):
        for ev, unit in engine.evidence(engine.read(str(case["q"]))):
            if not ev.names_ok:
                continue
            article = engine.knowledge.articles[unit.article]
            rows.append(features(ev))
            labels.append(float(right(case, unit.answer, article.full_title + article.byline)))
            owner.append(i)
    return np.array(rows), np.array(labels), owner


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 0.01, steps: int = 20000) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        w -= 0.5 * grad
    return w


def best_candidates(engine: Engine, cases: list[dict[str, object]]) -> tuple[np.ndarray, np.ndarray]:
    """Stage 2 examples, one per question: its best candidate's corroboration and rivals."""
    rows, labels = [], []
    for case in cases:
        ranked = engine._rank(engine.read(str(case["q"])))
        if not ranked or ranked[0][0] <= 0:
            continue
        unit = ranked[0][1]
        article = engine.knowledge.articles[unit.article]
        rows.append(list(decision_features(ranked).values()))
        labels.append(float(right(case, unit.answer, article.full_title + article.byline)))
    return np.array(rows), np.array(labels)


def _stage(x: np.ndarray, y: np.ndarray, names: Sequence[str], label: str) -> tuple[dict[str, float], np.ndarray]:
    """Fit one logistic stage and print its weights; the weights (as stored: 2 decimals) and the fitted
    probabilities."""
    w = fit(x, y)
    weights = {n: round(float(v), 2) for n, v in zip(names, w, strict=True)}
    print(f"{label} =", weights)
    return weights, 1 / (1 + np.exp(-x @ w))


def best_threshold(p: np.ndarray, y: np.ndarray, questions: int) -> float:
    """The threshold of 0.30, 0.35 … 0.80 with the most right answers minus twice the wrong ones (the
    higher of equal ones: a refusal costs less than a wrong answer); prints the table."""
    print("threshold  right  wrong  refused  utility(right - 2*wrong)")
    best: tuple[int, float] | None = None
    for t in np.round(np.arange(0.3, 0.85, 0.05), 2):
        r = int(((p >= t) & (y == 1)).sum())
        wrong = int(((p >= t) & (y == 0)).sum())
        print(f"  {t:.2f}     {r:4d}  {wrong:4d}  {questions - r - wrong:6d}   {r - 2 * wrong}")
        if best is None or r - 2 * wrong >= best[0]:
            best = (r - 2 * wrong, float(t))
    assert best is not None
    return best[1]


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("questions", nargs="?", default="tests/data/calibration.jsonl")
    ap.add_argument("--kb", default="knowledge")
    ap.add_argument("--write", action="store_true",
                    help=f"write the fitted model (both stages and the threshold) to {default_path()}")
    args = ap.parse_args()
    cases = [json.loads(line) for line in Path(args.questions).read_text("utf-8").splitlines() if line.strip()]
    engine = Engine.load(Path(args.kb))
    x, y, _ = examples(engine, cases)
    candidate, p = _stage(x, y, CANDIDATE_FEATURES, "candidate (stage 1)")
    print("reliability (predicted → observed):")
    for lo in np.arange(0, 1, 0.2):
        sel = (p >= lo) & (p < lo + 0.2)
        if sel.any():
            print(f"  {lo:.1f}-{lo + 0.2:.1f}: n={int(sel.sum()):4d} observed={y[sel].mean():.2f}")
    # Stage 2 is fitted on the scores of the new stage 1 (which also chose the candidates weighed in full,
    # so a second run, on the candidates the new weights choose, may move the weights a little more).
    engine.model = replace(engine.model, candidate=candidate)
    x2, y2 = best_candidates(engine, cases)
    decision, p2 = _stage(x2, y2, DECISION_FEATURES, "decision (stage 2)")
    threshold = best_threshold(p2, y2, len(cases))
    answerable = sum(not c.get("none") for c in cases)
    fitted = {"by": "python benchmarks/calibrate.py --write (logistic regression, L2 0.01; threshold: the one of "
                    "0.30-0.80 that maximises right - 2 x wrong)",
              "data": f"{args.questions}: {answerable} answerable and {len(cases) - answerable} out-of-scope "
                      "questions of our own, never the evaluation set",
              "date": datetime.now(UTC).date().isoformat(), "note": f"fitted at commit {_commit() or 'unknown'}"}
    model = Model(candidate=candidate, decision=decision, threshold=threshold, fitted=fitted)
    print(f"threshold = {threshold:.2f}")
    if args.write:
        write_model(model, default_path())
        print(f"wrote {default_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
