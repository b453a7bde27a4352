"""Questions written about a story the knowledge holds, which the story does not answer: refused?

    python benchmarks/unanswerable.py --fold 0        # union stories of fold 0, the package's model
    UNIONBOT_MODEL=/tmp/model-without-0.json python benchmarks/unanswerable.py --fold 0   # held out
    python benchmarks/unanswerable.py --data benchmarks/data/union_fresh.jsonl            # never fitted on
    python benchmarks/unanswerable.py --fold 0 --pages 6   # six knowledge bases of one page (8 stories)

Each union story has two such questions (``unanswerable``), written by someone who saw the story and
was asked for questions a member would plausibly ask of it that it leaves open (下一期什么时候办, 驿站
联系电话 of a story that names neither), as SQuAD 2.0's unanswerable questions are written. A knowledge
base is built from three quarters of the stories (about as many as ``heldout.py``'s hold), or with
``--pages N`` N knowledge bases of 8 stories each (an operator's first page, as the development set's
seed page is), and every question of its stories is asked: prints the share of the unanswerable ones
refused, and the right and wrong shares of the answerable ones (the kit's verdicts), so that a refusal
bought is seen beside its price.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from bot.answer.model import default_model  # noqa: E402

SEED = 1  # heldout.py's knowledge bases are picked with score_rc.py's default seed


def measure(kbs: list[list[dict[str, Any]]]) -> tuple[float, float, float, int, int]:
    """(unanswerable refused, answerable right, answerable wrong, unanswerable asked, answerable asked)."""
    kit = fit_data.score_rc()
    refused = unanswerable = right = wrong = answerable = 0
    for kb in kbs:
        with fit_data.engine_of(kb, model=default_model()) as engine:
            for p in kb:
                for q in p.get("unanswerable", []):
                    unanswerable += 1
                    refused += not engine.ask(q["q"], related=False).answered
                for q in p["qas"]:
                    if kit.in_one_sentence(p["text"], q["gold"]):
                        said = kit.verdict({"kb": True, "title": p["title"], "gold": q["gold"]},
                                           engine.ask(q["q"], related=False).as_json())
                        answerable += 1
                        right += said == "right"
                        wrong += said.startswith("wrong")
    return (refused / max(unanswerable, 1), right / max(answerable, 1), wrong / max(answerable, 1), unanswerable,
            answerable)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--fold", type=int, choices=(0, 1), help="the union stories of this fold")
    which.add_argument("--data", type=Path, help="stories in the same format (union_fresh.jsonl)")
    ap.add_argument("--pages", type=int, default=0, help="ask N knowledge bases of one page (8 stories) each, "
                    "picked with seeds 1..N, instead of one of three quarters of the stories")
    args = ap.parse_args()
    if args.data:
        passages, name = fit_data.score_rc().load_passages(args.data), args.data.name
    else:
        passages, name = fit_data.passages("union", args.fold), f"union fold {args.fold}"
    if args.pages:
        kbs = [fit_data.pick(passages, fit_data.PAGE, 0, seed)[0] for seed in range(1, args.pages + 1)]
        name += f", {args.pages} pages of {fit_data.PAGE}"
    else:
        kbs = [fit_data.pick(passages, len(passages) * 3 // 4, 0, SEED)[0]]
    refused, right, wrong, asked, answerable = measure(kbs)
    print(f"{name}: unanswerable refused {refused:.3f} (of {asked}); answerable right {right:.3f} "
          f"wrong {wrong:.3f} (of {answerable})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
