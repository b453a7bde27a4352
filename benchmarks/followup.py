"""Follow-up questions (``Engine.ask(…, after=…)``, :mod:`bot.answer.followup`): what a member gains
by asking right after an answer, and what it costs.

    python benchmarks/followup.py --data benchmarks/data/union_fresh.jsonl
    python benchmarks/followup.py --data benchmarks/data/union_fresh3.jsonl --pages 5
    python benchmarks/followup.py --set cmrc-trial
    python benchmarks/followup.py --data benchmarks/data/union_fresh.jsonl --speed   # and how long it takes

All stories of the file go into one knowledge base (or, with ``--pages N``, N knowledge bases of 8
stories, an operator's first page), written as ``score_rc.py`` writes them. Every question of a story
(in one sentence, by the kit's rule) is asked three ways:

- ``alone``: as ``ask`` asks it;
- ``after its story``: after an answer from its own story, as a member asks the next question;
- ``after another``: after an answer from another story of the knowledge (picked with a fixed seed),
  as a member asks about something else; right is an answer from its own story, as alone.

- ``broad, story chosen``: refused alone with articles to choose from (reason ``broad``) among which
  is its story, and that one chosen (``Engine.answer_id(…, question=…)``, as the button does);

and the questions a story leaves open (``unanswerable``, when the file has them) alone, after their
story and with their story chosen: they must be refused. Verdicts are the kit's (right: a gold string
in an answer from the story); a chosen article that does not hold the answer is presented by its own
"what is it about" pair, which counts as refused.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from bot.answer.model import default_model  # noqa: E402

SEED = 1
KIT_FILES = {"cmrc-trial": "cmrc2018_trial.jsonl", "drcd-dev": "drcd_dev.jsonl"}


def ask_all(kb: list[dict[str, Any]], counts: collections.Counter[str]) -> None:
    """Ask ``kb``'s questions every way into ``counts`` ("way verdict" -> number)."""
    kit, rng = fit_data.score_rc(), random.Random(SEED)
    with fit_data.engine_of(kb, model=default_model()) as engine:
        ids = {a.title: a.id for a in engine.articles}
        for p in kb:
            own = ids[p["title"]]
            for q in p["qas"]:
                if not kit.in_one_sentence(p["text"], q["gold"]):
                    continue
                other = ids[rng.choice([o for o in kb if o is not p])["title"]]
                row = {"kb": True, "title": p["title"], "gold": q["gold"]}
                for way, after in (("alone", None), ("after its story", own), ("after another", other)):
                    said = kit.verdict(row, engine.ask(q["q"], related=False, after=after).as_json())
                    counts[f"{way} {said.split('_')[0]}"] += 1
                chosen = _chosen(engine, q["q"], own)
                if chosen is not None:
                    said = kit.verdict(row, chosen.as_json()) if chosen.follows else "refused"
                    counts[f"broad, story chosen {said.split('_')[0]}"] += 1
            for q in p.get("unanswerable", []):
                for way, after in (("open, alone", None), ("open, after its story", own)):
                    answered = engine.ask(q["q"], related=False, after=after).answered
                    counts[f"{way} {'wrong' if answered else 'refused'}"] += 1
                chosen = _chosen(engine, q["q"], own)
                if chosen is not None:
                    counts[f"open, broad, story chosen {'wrong' if chosen.follows else 'refused'}"] += 1


def _chosen(engine: Any, question: str, own: str) -> Any:
    """What a member gets who asked ``question``, was offered articles to choose from (reason broad) and
    chose its story; None when it was not so (not broad, or its story not among the choices)."""
    alone = engine.ask(question, related=False)
    if alone.reason != "broad":
        return None
    for suggestion in alone.suggestions:
        answer = engine.answer_id(suggestion.id, question=question)
        if answer is not None and answer.source is not None and answer.source.article == own:
            return answer
    return None


def speed(kb: list[dict[str, Any]], runs: int = 3) -> list[str]:
    """p50 / p99 of a question asked alone and after its story's answer, in the same run (the alone
    figure is the baseline: a follow-up is read twice when the first reading refuses it)."""
    lines = []
    with fit_data.engine_of(kb, model=default_model()) as engine:
        ids = {a.title: a.id for a in engine.articles}
        asked = [(q["q"], ids[p["title"]]) for p in kb for q in p["qas"]]
        for way, follow in (("alone", False), ("after its story", True)):
            times = []
            for _ in range(runs):
                for question, own in asked:
                    start = time.perf_counter()
                    engine.ask(question, related=False, after=own if follow else None)
                    times.append(time.perf_counter() - start)
            times.sort()
            lines.append(f"{way:26} p50 {1000 * times[len(times) // 2]:.2f} ms  "
                         f"p99 {1000 * times[int(len(times) * 0.99)]:.2f} ms  ({len(times)} questions)")
    return lines


def report(counts: collections.Counter[str]) -> list[str]:
    lines = []
    for way in ("alone", "after its story", "after another", "broad, story chosen",
                "open, alone", "open, after its story", "open, broad, story chosen"):
        n = sum(v for k, v in counts.items() if k.startswith(way + " "))
        if n:
            shares = "  ".join(f"{v} {counts[f'{way} {v}'] / n:.3f}" for v in ("right", "wrong", "refused"))
            lines.append(f"{way:26} {shares}  (of {n})")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--data", type=Path, help="stories in score_rc.py's format (union_fresh.jsonl)")
    which.add_argument("--set", choices=tuple(KIT_FILES), help="one of the kit's sets (its first 200 passages)")
    ap.add_argument("--pages", type=int, default=0, help="N knowledge bases of one page (8 stories), seeds 1..N")
    ap.add_argument("--speed", action="store_true", help="also time the questions alone and after their story")
    args = ap.parse_args()
    kit = fit_data.score_rc()
    if args.data:
        passages = kit.load_passages(args.data)
    else:
        passages = kit.load_passages(fit_data.RC / "data" / KIT_FILES[args.set])[:200]
    kbs = ([fit_data.pick(passages, fit_data.PAGE, 0, seed)[0] for seed in range(1, args.pages + 1)]
           if args.pages else [passages])
    counts: collections.Counter[str] = collections.Counter()
    for kb in kbs:
        ask_all(kb, counts)
    print(f"{args.data.name if args.data else args.set}: {len(kbs)} knowledge base(s) of "
          f"{', '.join(str(len(kb)) for kb in kbs)} stories")
    print("\n".join(report(counts)))
    if args.speed:
        print("\n".join(speed(kbs[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
