"""Questions about another time of an event (下一期, 明年, 上届…): what the veto of
:mod:`bot.answer.occasions` kills and prevents.

    python benchmarks/occasions.py                                   # the union stories and the held-out set
    python benchmarks/occasions.py --data benchmarks/data/union_fresh.jsonl

Every question (answerable, or one its story leaves open) that names another time is asked of
knowledge bases built from the stories as ``build`` builds them: 30 pages of 8 stories (an operator's
first page, where such questions meet their own story) and one of three quarters of the stories. Each
is answered with the veto and without it (``Engine.ask(occasions=False)``), and scored as the kit
scores (``score_rc.py``'s verdicts). Printed per file: answerable questions answered right with and
without it (right answers killed), and the questions to refuse that were answered (wrong answers
prevented). ``benchmarks/data/occasions.jsonl`` was written for this by someone who saw neither the
veto nor the other sets, after the veto was made: the held-out measure.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from bot.answer.model import default_model  # noqa: E402

FILES = [HERE / "data" / name for name in ("union_articles.jsonl", "union_fresh.jsonl", "occasions.jsonl")]
PAGES = 30
# Words naming another time, as a question may use them (the veto's own patterns are narrower).
_OTHER_TIME = re.compile(r"[上下][一1]?[届期场次轮批回任]|[上下]次|下回|明年|往届|前任")


def measure(path: Path) -> Counter[str]:
    kit = fit_data.score_rc()
    passages = kit.load_passages(path)
    kbs = [fit_data.pick(passages, fit_data.PAGE, 0, seed)[0] for seed in range(1, PAGES + 1)]
    kbs.append(fit_data.pick(passages, len(passages) * 3 // 4, 0, 1)[0])
    counts: Counter[str] = Counter()
    for kb in kbs:
        with fit_data.engine_of(kb, model=default_model()) as engine:
            for p in kb:
                for q in p.get("unanswerable", []):
                    if _OTHER_TIME.search(q["q"]):
                        counts["to refuse"] += 1
                        counts["answered, veto"] += engine.ask(q["q"], related=False).answered
                        counts["answered, no veto"] += engine.ask(q["q"], related=False, occasions=False).answered
                for q in p["qas"]:
                    if _OTHER_TIME.search(q["q"]) and kit.in_one_sentence(p["text"], q["gold"]):
                        counts["answerable"] += 1
                        truth: dict[str, Any] = {"kb": True, "title": p["title"], "gold": q["gold"]}
                        for veto, name in ((True, "veto"), (False, "no veto")):
                            said = kit.verdict(truth, engine.ask(q["q"], related=False, occasions=veto).as_json())
                            counts[f"right, {name}"] += said == "right"
                            counts[f"wrong, {name}"] += said.startswith("wrong")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append", help="stories with questions (union_fresh.jsonl's shape)")
    args = ap.parse_args()
    for path in args.data or [f for f in FILES if f.exists()]:
        c = measure(path)
        print(f"{path.name}: {c['answerable']} answerable asked, right {c['right, no veto']} -> {c['right, veto']} "
              f"(wrong {c['wrong, no veto']} -> {c['wrong, veto']}); {c['to refuse']} to refuse, answered "
              f"{c['answered, no veto']} -> {c['answered, veto']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
