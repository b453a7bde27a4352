"""What the vetoes of :mod:`bot.answer.vetoes` kill and prevent: questions about another time of an
event (下一期, 明年, 上届…), questions for a list (哪些, 哪几个, 都有啥) and for a telephone number.

    python benchmarks/vetoes.py                                   # the union stories and the held-out sets
    python benchmarks/vetoes.py --data benchmarks/data/union_fresh.jsonl

Every question of each kind (answerable, or one its story leaves open) is asked of knowledge bases built
from the stories as ``build`` builds them: 30 pages of 8 stories (an operator's first page, where such
questions meet their own story) and one of three quarters of the stories. Each is answered with the
vetoes and without them (``Engine.ask(vetoes=False)``) and scored as the kit scores (``score_rc.py``'s
verdicts). Printed per file and kind: answerable questions answered right with and without (right
answers killed), and questions to refuse that were answered (wrong answers prevented). Held out:
``benchmarks/data/occasions.jsonl`` and ``lists.jsonl``, each written for its veto after the veto was made,
by someone who saw neither the veto nor the other sets; their ordinary open questions (a telephone number
not given…) were written before the telephone veto, which was chosen on the union stories.
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
from bot.answer.vetoes import asks_list  # noqa: E402

FILES = [HERE / "data" / name for name in ("union_articles.jsonl", "union_fresh.jsonl", "occasions.jsonl",
                                            "lists.jsonl")]
PAGES = 30
# Words naming another time, as a question may use them (the veto's own patterns are narrower).
_OTHER_TIME = re.compile(r"[上下][一1]?[届期场次轮批回任]|[上下]次|下回|明年|往届|前任")
_PHONE = re.compile(r"电话|热线|号码|手机号|联系方式")
_COUNTS = re.compile(r"(?:多少|几)[个件次名条位通人对万千百]|(?:多少|几)\S{0,4}(?:电话|热线|号码)")


def kind_of(engine: Any, question: str) -> str | None:
    """"another time", "list", "phone" or None: which veto's kind of question ``question`` is."""
    if _OTHER_TIME.search(question):
        return "another time"
    if asks_list(engine.look(question).query):
        return "list"
    return "phone" if _PHONE.search(question) and not _COUNTS.search(question) else None


def measure(path: Path) -> Counter[tuple[str, str]]:
    kit = fit_data.score_rc()
    passages = kit.load_passages(path)
    kbs = [fit_data.pick(passages, fit_data.PAGE, 0, seed)[0] for seed in range(1, PAGES + 1)]
    kbs.append(fit_data.pick(passages, len(passages) * 3 // 4, 0, 1)[0])
    counts: Counter[tuple[str, str]] = Counter()
    for kb in kbs:
        with fit_data.engine_of(kb, model=default_model()) as engine:
            for p in kb:
                for q in p.get("unanswerable", []):
                    if kind := kind_of(engine, q["q"]):
                        counts[kind, "to refuse"] += 1
                        for veto, name in ((True, "veto"), (False, "no veto")):
                            counts[kind, f"answered, {name}"] += engine.ask(q["q"], related=False, vetoes=veto).answered
                for q in p["qas"]:
                    if (kind := kind_of(engine, q["q"])) and kit.in_one_sentence(p["text"], q["gold"]):
                        counts[kind, "answerable"] += 1
                        truth: dict[str, Any] = {"kb": True, "title": p["title"], "gold": q["gold"]}
                        for veto, name in ((True, "veto"), (False, "no veto")):
                            said = kit.verdict(truth, engine.ask(q["q"], related=False, vetoes=veto).as_json())
                            counts[kind, f"right, {name}"] += said == "right"
                            counts[kind, f"wrong, {name}"] += said.startswith("wrong")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append", help="stories with questions (union_fresh.jsonl's shape)")
    args = ap.parse_args()
    for path in args.data or [f for f in FILES if f.exists()]:
        c = measure(path)
        for kind in ("another time", "list", "phone"):
            print(f"{path.name}, {kind}: {c[kind, 'answerable']} answerable asked, right "
                  f"{c[kind, 'right, no veto']} -> {c[kind, 'right, veto']} "
                  f"(wrong {c[kind, 'wrong, no veto']} -> {c[kind, 'wrong, veto']}); "
                  f"{c[kind, 'to refuse']} to refuse, answered {c[kind, 'answered, no veto']} -> "
                  f"{c[kind, 'answered, veto']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
