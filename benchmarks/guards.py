"""What the old hard guards would do today: right answers they would kill, wrong ones they would prevent.

    python benchmarks/guards.py          # after `python benchmarks/fit_model.py dump`

The engine has no vetoes: what the guards of the hand-written matcher looked at is evidence the fitted
model weighs. A guard earns a veto only if it removes more wrong answers than right ones, so each is
measured as a veto on top of the model, on held-out halves (each half ranked and decided by models
fitted on the other half: fit_model.held_out), at the threshold the bot answers from
(fit_model.BAYES). Printed per source: answers the veto would refuse that are right (killed) and
wrong (prevented; a must-refuse question answered counts).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_model as fm  # noqa: E402
from bot.answer.features import DECISION  # noqa: E402

AT = {name: i for i, name in enumerate(DECISION)}
GUARDS: dict[str, Callable[[list[float]], bool]] = {
    # the old matcher refused a candidate whose article lacks a name of the question (any key word here)
    "a key word the article lacks": lambda r: r[AT["missing_article_max"]] > 0,
    "a name the sentence and title lack": lambda r: 0 <= r[AT["names_found"]] < 1,
    "the noun 什么/哪个 asks for is missing": lambda r: r[AT["noun_found"]] == 0,
    "多少/几 but no number": lambda r: r[AT["asks_number"]] == 1 and r[AT["type_match"]] == 0,
    "谁 but no person": lambda r: r[AT["asks_person"]] == 1 and r[AT["type_match"]] == 0,
    "no question word and a key word missing": lambda r: r[AT["asks_none"]] == 1 and r[AT["cov"]] < 1,
}


def main() -> int:
    episodes = fm.load(HERE / ".fit", [0, 1])
    plain = [(s, e, q) for s, e, qs in episodes if s != "faq" for q in qs]
    a, b = fm.split(plain)
    view = fm.held_out((a, b), (fm.fit_ranker(a), fm.fit_ranker(b)), margin=3.0)
    rows, labels, sources = view.rows, np.array(view.labels), np.array(view.sources)
    probabilities = np.array(view.probabilities)
    threshold = fm.BAYES
    answered = probabilities >= threshold
    print(f"threshold {threshold:.2f} (held-out halves), answers: {int(answered.sum())}")
    for name, guard in GUARDS.items():
        vetoed = np.array([guard(r) for r in rows]) & answered
        parts = []
        for source in sorted(set(sources)):
            mine = vetoed & (sources == source)
            parts.append(f"{source} {int((mine & (labels == 1)).sum())}/{int((mine & (labels == 0)).sum())}")
        killed, prevented = int((vetoed & (labels == 1)).sum()), int((vetoed & (labels == 0)).sum())
        total = f"{killed} right killed / {prevented} wrong prevented"
        print(f"  {name:42s} {total:38s} ({', '.join(parts)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
