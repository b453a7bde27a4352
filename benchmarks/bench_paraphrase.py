"""Curated pairs against members' rewordings: the engine beside bm25s (+ rapidfuzz) in one run.

    python benchmarks/bench_paraphrase.py                    # all 320 pairs, 960 rewordings
    python benchmarks/bench_paraphrase.py --fold 1           # only the pairs of fold 1 asked
    UNIONBOT_MODEL=/tmp/m0.json python benchmarks/bench_paraphrase.py --fold 1   # held out
    python benchmarks/bench_paraphrase.py --data pairs.jsonl   # another set of pairs (the shape below)

The knowledge base holds every pair of ``benchmarks/data/union_faq.jsonl`` (or ``--data``: JSON lines
with id, topic, question, alternatives, answer and paraphrases) as a curated pair (the answers as
articles' paragraphs). Each pair was reworded three times by someone who saw only what
it is about. Printed per system: top-1 (the first pair it proposes is the one meant, whatever its
confidence); for the engine also what a member gets at the fitted threshold: the pair meant (or a
sentence of the paragraph that holds its answer), or something else (wrong), or a refusal. bm25s
ranks the pairs' phrasings by jieba's words (a pair's best phrasing counts); "+ rapidfuzz" re-ranks
bm25s's top 10 by BM25 (relative to the best) plus rapidfuzz's ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402


def baselines(items: list[dict[str, Any]], asks: list[tuple[str, str]]) -> dict[str, float]:
    import bm25s
    import jieba
    from rapidfuzz import fuzz

    tokenizer = jieba.Tokenizer()
    phrasings = [(i["id"], p) for i in items for p in (i["question"], *i["alternatives"])]

    def tokens(text: str) -> list[str]:
        return [w for w in tokenizer.lcut(text) if w.strip() and w not in "？?，,。！!、 "]

    retriever = bm25s.BM25()
    retriever.index([tokens(p) for _, p in phrasings], show_progress=False)
    top1 = fused = 0
    for text, meant in asks:
        docs, scores = retriever.retrieve([tokens(text) or ["的"]], k=min(30, len(phrasings)), show_progress=False)
        ranked = [(float(s), phrasings[int(d)]) for d, s in zip(docs[0], scores[0], strict=True)]
        top1 += ranked[0][1][0] == meant
        best = ranked[0][0] or 1.0
        rerank = max(ranked[:10], key=lambda sp: sp[0] / best + fuzz.ratio(text, sp[1][1]) / 100.0)
        fused += rerank[1][0] == meant
    return {"bm25s": top1 / len(asks), "bm25s + rapidfuzz": fused / len(asks)}


def engine_figures(items: list[dict[str, Any]], asks: list[tuple[str, str]]) -> dict[str, float]:
    from bot.answer.engine import Engine

    with tempfile.TemporaryDirectory(prefix="bench.") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        curated = fit_data.faq_knowledge(items, seeds)
        from bot.knowledge.build import build_knowledge

        kb = Path(tmp) / "kb"
        build_knowledge(seeds, kb)
        (kb / "curated").mkdir(exist_ok=True)
        (kb / "curated" / "qa.yaml").write_text(curated, encoding="utf-8")
        engine = Engine.load(kb, cache_dir=Path(tmp) / "cache")
        ids = {row: p.id for row, p in enumerate(engine.knowledge.pairs)}
        # A sentence answer quoting the meant pair's own paragraph is its answer too.
        where = {p.id: (p.source.article, p.source.paragraph) for p in engine.knowledge.pairs}
        top1 = right = wrong = 0
        started = time.process_time()
        for text, meant in asks:
            look = engine.look(text)
            top1 += bool(look.curated) and ids[look.curated[0][1].pair] == meant
            answer = engine.ask(text, related=False)
            if answer.answered and answer.source is not None:
                if answer.pair_id == meant or (answer.source.article, answer.source.paragraph) == where[meant]:
                    right += 1
                else:
                    wrong += 1
        per = (time.process_time() - started) / len(asks) * 1000
    n = len(asks)
    return {"engine": top1 / n, "engine answered right": right / n, "engine answered wrong": wrong / n,
            "engine ms per question": per}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fold", type=int, choices=(0, 1), help="ask only the rewordings of this fold's pairs")
    ap.add_argument("--data", type=Path, default=fit_data.FAQ, help="pairs and rewordings (JSON lines as %(default)s)")
    args = ap.parse_args()
    items = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line.strip()]
    asks = [(text, i["id"]) for i in items if args.fold is None or fit_data.fold_of(i["id"]) == args.fold
            for text in i["paraphrases"]]
    print(f"{len(items)} curated pairs in the knowledge, {len(asks)} rewordings asked")
    figures = baselines(items, asks) | engine_figures(items, asks)
    for name, value in figures.items():
        print(f"  {name:24s} {value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
