"""Keyword queries, held out: questions of passages the model never saw, typed as members type them.

    python benchmarks/keywords.py --fold 0      # with UNIONBOT_MODEL a model fitted without fold 0

For each source a knowledge base is built from fold k's passages (as ``heldout.py`` does: three quarters
of them, at most 200). Every answerable question whose reading asks for a place, a time or a count of
people is asked three ways: as written; as its key words only (``fit_data.keyword_form``: 金华 文明城市
得分); and as its key words followed by the noun a member adds for what is wanted (浙工缘 地点, 讲座
时间, 劳模 人数). Right / wrong / refused are counted per way, as ``score_rc.py`` counts them (right: the
passage's article cited and a gold string in the answer: the kit's own ``verdict``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402

WAYS = ("written", "keywords", "typed")
# The noun a member types for the kind asked; a count is typed as 人数 only when people are counted.
NOUNS = {"place": "地点", "time": "时间", "number": "人数"}
_OUTCOMES = ("right", "wrong", "refused")  # the kit's verdicts, its two kinds of wrong as one
_PEOPLE = ("多少人", "几人", "几位", "多少位", "几名", "多少名")


def typed_noun(question: str, kind: str) -> str:
    """The noun for ``kind`` ("" when a member would not type one: a count of things, not people)."""
    if kind == "number" and not any(p in question for p in _PEOPLE):
        return ""
    return NOUNS.get(kind, "")


def episode(job: tuple[str, int]) -> dict[str, list[int]]:
    """Right / wrong / refused per way for one source's fold."""
    source, fold_no = job
    kit = fit_data.score_rc()
    items = fit_data.passages(source, fold_no)
    kb, _ = fit_data.pick(items, min(200, len(items) * 3 // 4), 0, 1)
    counts = {way: [0, 0, 0] for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="keywords.") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        kit.write_seeds(kb, seeds, "byline")
        engine = fit_data.engine_over(Path(tmp), seeds)
        for p in kb:
            for q in p["qas"]:
                if not kit.in_one_sentence(p["text"], q["gold"]):
                    continue
                query = engine.look(q["q"]).query
                noun = typed_noun(q["q"], query.asks)
                if not noun:
                    continue
                plain = fit_data.keyword_form(query)
                asked = {"kb": True, "title": p["title"], "gold": q["gold"]}
                for way, text in zip(WAYS, (q["q"], plain, f"{plain} {noun}"), strict=True):
                    said = kit.verdict(asked, engine.ask(text, related=False).as_json())
                    counts[way][_OUTCOMES.index("wrong" if said.startswith("wrong") else said)] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fold", type=int, required=True, help="the fold asked (the model must not have seen it)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    jobs = [(source, args.fold) for source in fit_data.SOURCES]
    with multiprocessing.get_context("spawn").Pool(args.jobs, maxtasksperchild=1) as pool:
        results = pool.map(episode, jobs)
    for (source, _), counts in zip(jobs, results, strict=True):
        n = sum(counts["written"])
        line = "  ".join(f"{way} {c[0]}/{c[1]}/{c[2]}" for way, c in counts.items())
        print(f"fold {args.fold} {source:10s} ({n} questions; right/wrong/refused)  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
