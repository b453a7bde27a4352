"""Held-out figures: fit on one fold of every source, measure on the other's passages, both ways.

    python benchmarks/heldout.py            # needs `python benchmarks/fit_model.py dump` first
    python benchmarks/heldout.py --data DIR # episodes dumped elsewhere (fit_model.py dump --out DIR)
    python benchmarks/heldout.py --seed 1   # the fold models fitted with another LightGBM seed

For each fold k: ``fit_model.py fit --folds <other>`` writes a model that never saw fold k's
articles; ``score_rc.py --data`` then builds knowledge bases from fold k's passages only and asks
their questions through ``python -m bot ask --jsonl`` with that model (``UNIONBOT_MODEL``); the
union stories are also asked as six knowledge bases of one page each (8 stories in, 2 kept out: an
operator's first page, as the development set's seed page is); the paraphrase bench asks the
rewordings of fold k's curated pairs, ``unanswerable.py`` asks the questions written about fold k's
union stories that the stories leave open (of most of the stories, then of six pages of eight), and the
junk check asks 1,000 inputs from a seed fitting never drew from. Figures are printed per fold and averaged,
with each source's gain (right − COST × wrong, what the threshold maximises) and the open questions' refusal
over both folds. One fit's figures move by up to 0.013 with LightGBM's seed alone: compare changes over
a few ``--seed`` runs, and run them one after another (two at once on two cores took five times as long).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from benchmarks.fit_model import COST  # noqa: E402  (gain = right − COST × wrong)

SOURCES = ("cmrc-trial", "drcd-dev", "union")
KB_PASSAGES = 200  # at most, as score_rc.py's default; a small fold puts three quarters in, the rest out
ONE_PAGE = f"union, pages of {fit_data.PAGE}"  # knowledge of one page: its stories in, 2 kept out, seeds PAGES
PAGES = range(1, 7)
JUNK_SEED = 424242  # fitting draws junk from seeds 1000..13000
_OPEN = re.compile(r"unanswerable refused ([\d.]+) \(of (\d+)\)")
_LAST = re.compile(r"answer_accuracy=([\d.]+) wrong_rate=([\d.]+) refusal_accuracy=([\d.]+)")


def run(cmd: list[str], model: Path) -> str:
    env = os.environ | {"UNIONBOT_MODEL": str(model)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


def score(data: Path, model: Path, n_in: int, n_out: int, seed: int) -> tuple[float, ...]:
    """score_rc.py's right, wrong and refused for a knowledge base of ``n_in`` of the passages in ``data``."""
    out = run([sys.executable, str(fit_data.RC / "score_rc.py"), "--data", str(data), "--kb-passages", str(n_in),
               "--out-passages", str(n_out), "--seed", str(seed)], model)
    found = _LAST.search(out)
    assert found, out
    return tuple(map(float, found.groups()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE / ".fit", help="the dumped episodes (default benchmarks/.fit)")
    ap.add_argument("--models", type=Path, help="keep the two fold models here (model-without-K.json)")
    ap.add_argument("--seed", type=int, help="fit the fold models with this LightGBM seed (fit_model.py fit --seed): "
                    "a few seeds' figures show the fit's own noise")
    args = ap.parse_args()
    python = sys.executable
    figures: dict[str, list[tuple[float, ...]]] = {}
    open_refused: dict[str, float] = {}  # unanswerable.py's questions refused, and asked, over both folds
    open_asked: dict[str, int] = {}
    seeded = [] if args.seed is None else ["--seed", str(args.seed)]
    if args.models:
        args.models.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heldout.") as tmp:
        for k in (0, 1):
            model = (args.models or Path(tmp)) / f"model-without-{k}.json"
            run([python, str(HERE / "fit_model.py"), "fit", "--data", str(args.data), "--folds", str(1 - k),
                 "--out", str(model), *seeded], model)
            for source in SOURCES:
                data = Path(tmp) / f"{source}-{k}.jsonl"
                passages = fit_data.passages(source, k)
                data.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages), encoding="utf-8")
                articles = len({p.get("article", p["id"]) for p in passages})
                n_in = min(KB_PASSAGES, len(passages) * 3 // 4)
                n_out = min(56, articles - articles * 3 // 4 - 1)
                figures.setdefault(source, []).append(score(data, model, n_in, n_out, 1))
                print(f"fold {k} {source}: {figures[source][-1]}", flush=True)
            for page in PAGES:  # the union knowledge of an operator's first page
                union = Path(tmp) / f"union-{k}.jsonl"
                figures.setdefault(ONE_PAGE, []).append(score(union, model, fit_data.PAGE, 2, page))
            print(f"fold {k} {ONE_PAGE}: {figures[ONE_PAGE][-len(PAGES):]}", flush=True)
            out = run([python, str(HERE / "bench_paraphrase.py"), "--fold", str(k)], model)
            print(f"fold {k} paraphrases:\n{out}", flush=True)
            for pages in ([], ["--pages", str(len(PAGES))]):  # one knowledge base of most stories, then pages
                out = run([python, str(HERE / "unanswerable.py"), "--fold", str(k), *pages], model)
                print(f"fold {k} {out.strip()}", flush=True)
                found = _OPEN.search(out)
                assert found, out
                refused, asked = float(found.group(1)), int(found.group(2))
                where = "one page" if pages else "most stories"
                open_refused[where] = open_refused.get(where, 0.0) + refused * asked
                open_asked[where] = open_asked.get(where, 0) + asked
        out = run([python, str(HERE / "junk.py"), "--seed", str(JUNK_SEED), "--count", "1000", "--check"],
                  (args.models or Path(tmp)) / "model-without-1.json")
        print(out.strip().splitlines()[-1])
    for source, rows in figures.items():
        mean = [sum(r[i] for r in rows) / len(rows) for i in range(3)]
        print(f"held out, {source:18s}: answer_accuracy {mean[0]:.3f} wrong_rate {mean[1]:.3f} "
              f"refusal_accuracy {mean[2]:.3f} gain {mean[0] - COST * mean[1]:.3f}")
    for where, asked in open_asked.items():
        print(f"held out, open questions of {where}: refused {open_refused[where] / max(asked, 1):.3f} (of {asked})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
