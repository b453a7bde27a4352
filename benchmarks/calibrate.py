"""Fit the confidence model's weights and pick the answer threshold.

    python benchmarks/calibrate.py [tests/data/calibration.jsonl] [--kb knowledge]

Every candidate the index proposes for a labelled question becomes one example: its evidence
(coverage, local coverage, similarity, type match) and whether it is a right answer (its text
holds the expected facts and its article the expected title). A logistic regression on these
examples gives ``matcher.WEIGHTS``; the threshold is the one that maximises right answers minus
twice the wrong ones (a confident wrong answer costs more than an honest "I don't know").
A second logistic stage, per question, combines the best candidate's confidence with whether another
candidate cites the same sentence and how close a rival from another paragraph comes (``engine.DECISION``).
The questions are our own (tests/data/calibration.jsonl), never the evaluation set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answer.engine import DECISION, Engine, decision_features
from bot.answer.matcher import WEIGHTS, Evidence


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


def _stage(x: np.ndarray, y: np.ndarray, current: dict[str, float], path: str, name: str, *,
           write: bool) -> np.ndarray:
    """Fit one logistic stage, print (and with --write, store) its weights; the fitted probabilities."""
    w = fit(x, y)
    weights = {n: round(float(v), 2) for n, v in zip(current, w, strict=True)}
    print(f"{name} =", weights)
    if write:
        _write(path, name, weights)
        current.update(weights)
    return 1 / (1 + np.exp(-x @ w))


def _write(path: str, name: str, values: dict[str, float]) -> None:
    """Replace ``NAME = {...}`` in a source file by the fitted values."""
    file = Path(__file__).resolve().parent.parent / path
    text = file.read_text("utf-8")
    body = "".join(f'    "{k}": {v},\n' for k, v in values.items())
    text, count = re.subn(rf"^{name} = \{{.*?\}}$", f"{name} = {{\n{body}}}", text, count=1, flags=re.S | re.M)
    assert count == 1, f"{name} not found in {path}"
    file.write_text(text, "utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("questions", nargs="?", default="tests/data/calibration.jsonl")
    ap.add_argument("--kb", default="knowledge")
    ap.add_argument("--write", action="store_true",
                    help="write the fitted weights into bot/answer/matcher.py (stage 1) "
                         "and bot/answer/engine.py (stage 2)")
    args = ap.parse_args()
    cases = [json.loads(line) for line in Path(args.questions).read_text("utf-8").splitlines() if line.strip()]
    engine = Engine.load(Path(args.kb))
    x, y, _ = examples(engine, cases)
    p = _stage(x, y, WEIGHTS, "bot/answer/matcher.py", "WEIGHTS", write=args.write)
    print("reliability (predicted → observed):")
    for lo in np.arange(0, 1, 0.2):
        sel = (p >= lo) & (p < lo + 0.2)
        if sel.any():
            print(f"  {lo:.1f}-{lo + 0.2:.1f}: n={int(sel.sum()):4d} observed={y[sel].mean():.2f}")
    x2, y2 = best_candidates(engine, cases)
    p2 = _stage(x2, y2, DECISION, "bot/answer/engine.py", "DECISION", write=args.write)
    print("threshold  right  wrong  refused  utility(right - 2*wrong)")
    for t in np.arange(0.3, 0.85, 0.05):
        r = int(((p2 >= t) & (y2 == 1)).sum())
        wrong = int(((p2 >= t) & (y2 == 0)).sum())
        print(f"  {t:.2f}     {r:4d}  {wrong:4d}  {len(cases) - r - wrong:6d}   {r - 2 * wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
