"""Questions about a story the knowledge holds, whose answer it does not: are they refused?

    python benchmarks/gutted.py --fold 0                        # the package's model (or UNIONBOT_MODEL)
    UNIONBOT_MODEL=/tmp/model-without-0.json python benchmarks/gutted.py --fold 0

Members ask such questions more than any other kind the bot must refuse (下一场在哪办 of a story about
this one, 多少钱一斤 of a story that names no price), and the reading-comprehension kit never asks
them: its questions to refuse are about passages left out, on other topics. Here a knowledge base is
built from a fold's passages (each source as ``heldout.py`` builds it), a share of them
(``SHARE``) without the sentences that answer one of their questions (``fit_data.gut``);
those questions must be refused, the others of the same passages answered. Prints, per source, the
share of gutted questions refused and the right and wrong shares of the rest. Fit the model on the
other fold to measure it held out (``heldout.py`` does).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from bot.answer.model import default_model  # noqa: E402

SOURCES = ("cmrc-trial", "drcd-dev", "union")
KB_PASSAGES = 200
SEED = 7  # not one of fitting's episodes' seeds
SHARE = 0.4  # of the passages lose an answer (see fit_data.gut)


def measure(source: str, fold: int) -> tuple[float, float, float, int]:
    """(gutted refused, right, wrong, gutted asked) for one source's knowledge base of fold ``fold``."""
    kit = fit_data.score_rc()
    passages = fit_data.passages(source, fold)
    kb, _ = fit_data.pick(passages, min(KB_PASSAGES, len(passages) * 3 // 4), 0, SEED)
    rng = random.Random(f"{source}.{fold}.{SEED}")
    told = [fit_data.gut(p, rng) if rng.random() < SHARE else p for p in kb]
    with fit_data.engine_of(told, model=default_model()) as engine:
        refused = gutted = right = wrong = answerable = 0
        for p, whole in zip(told, kb, strict=True):
            for q in p["qas"]:
                said = kit.verdict({"kb": True, "title": p["title"], "gold": q["gold"]},
                                   engine.ask(q["q"], related=False).as_json())
                if kit.in_one_sentence(p["text"], q["gold"]):
                    answerable += 1
                    right += said == "right"
                    wrong += said.startswith("wrong")
                elif p is not whole and kit.in_one_sentence(whole["text"], q["gold"]):
                    gutted += 1
                    refused += said == "refused"
    return refused / max(gutted, 1), right / max(answerable, 1), wrong / max(answerable, 1), gutted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fold", type=int, choices=(0, 1), required=True, help="whose passages to build and ask")
    args = ap.parse_args()
    for source in SOURCES:
        refused, right, wrong, gutted = measure(source, args.fold)
        print(f"fold {args.fold} {source:10s}: gutted questions refused {refused:.3f} (of {gutted}); "
              f"the others right {right:.3f} wrong {wrong:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
