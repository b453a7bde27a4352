"""Retrieval recall: how often the sentence that answers a question is among its candidates at all.

    python benchmarks/recall.py                      # the kit's two sets and the union stories, 200 passages each
    python benchmarks/recall.py --data benchmarks/data/union_fresh.jsonl   # another set of that format
    python benchmarks/recall.py --candidates 16,32   # the index's hits per question (the engine's first)

The ranker can only pick a sentence the index proposed. For each set a knowledge base is built from
passages of it (``score_rc.py``'s pages, seed 1), and each answerable question (its gold answer inside
one sentence, as the kit asks) is searched as the engine searches (``bot.answer.look.searched``: the terms of
the question and of its synonyms, at most ``POSTINGS`` postings), keeping the engine's ``CANDIDATES`` hits
and, in the same run, other numbers of hits. A question is found when one of its candidates (the
distinct sentences behind the hits and their neighbours, ``candidates.gather``) is of the passage's
article and holds a gold string. No model is involved: candidates come before ranking.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from benchmarks.fit_model import fold_text as fold  # noqa: E402  (how fitting labels an answer right)
from bot.answer.candidates import gather  # noqa: E402
from bot.answer.features import asked  # noqa: E402
from bot.answer.look import searched  # noqa: E402
from bot.answer.reading import read_query  # noqa: E402
from bot.answer.tuning import CANDIDATES, MAX_ANALYSED  # noqa: E402


def candidates(engine: Any, question: str, sizes: list[int]) -> dict[int, list[Any]]:
    """The candidate units of ``question`` for each number of hits in ``sizes``."""
    built = engine._built
    query = read_query(question[:MAX_ANALYSED], built.lexicon, engine.segmenter)
    a = asked(query, built.lexicon, built.char_idf)
    probe = searched(built, query)
    found = {}
    for size in sizes:
        hits = [(row, score, built.units[row]) for row, score in built.index.search(probe, limit=size)]
        found[size] = [c.unit for c in gather(built, query, a, hits)]
    return found


def measure(items: list[dict[str, Any]], size: int, sizes: list[int]) -> dict[int, list[int]]:
    """Per number of hits: questions found, candidates proposed, questions asked."""
    kit = fit_data.score_rc()
    kb, _ = fit_data.pick(items, size, 0, 1)
    counts = {n: [0, 0, 0] for n in sizes}
    with fit_data.engine_of(kb) as engine:
        title_of = {a.id: a.title for a in engine.articles}
        for p in kb:
            for q in p["qas"]:
                if not kit.in_one_sentence(p["text"], q["gold"]):
                    continue
                gold = [fold(g) for g in q["gold"]]
                for n, units in candidates(engine, q["q"], sizes).items():
                    hit = any(title_of.get(u.article) == p["title"] and any(g in fold(u.text) for g in gold)
                              for u in units)
                    counts[n][0] += hit
                    counts[n][1] += len(units)
                    counts[n][2] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passages", type=int, default=200, help="passages in each knowledge base (200)")
    ap.add_argument("--candidates", default=f"{CANDIDATES},24,32",
                    help=f"numbers of hits, the engine's first (default {CANDIDATES},24,32)")
    ap.add_argument("--data", type=Path, action="append", help="a passages file (score_rc.py's format) instead")
    args = ap.parse_args()
    sets = {path.stem: fit_data.score_rc().load_passages(path) for path in args.data} if args.data else \
        {source: fit_data.passages(source, None) for source in fit_data.SOURCES}
    for name, items in sets.items():
        sizes = [int(n) for n in args.candidates.split(",")]
        counts = measure(items, args.passages, sizes)
        line = "  ".join(f"{n} hits: {c[0] / c[2]:.3f} ({c[1] / c[2]:.1f} sentences)" for n, c in counts.items())
        print(f"{name:12s} {counts[sizes[0]][2]:4d} questions found with  {line}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
