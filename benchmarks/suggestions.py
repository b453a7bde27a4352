"""Refusals that still help: of the answerable questions the bot refuses, how many have the answer
one tap away (a "did you mean" suggestion whose pair quotes a gold answer, or the passage offered with
the refusal, "📄 原文", holding one)? And how many questions to refuse are offered a passage anyway.

    python benchmarks/suggestions.py                  # cmrc-trial, drcd-dev, union stories

Each set is asked through ``score_rc.py --keep`` (its defaults; the union stories 100 in, 40 out),
then every suggestion shown with a refusal is looked up in the knowledge it was made from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.fit_model import fold_text as fold  # noqa: E402  (how fitting labels an answer right)
from bot.answer.engine import Engine  # noqa: E402
from bot.nlp.text import init_nlp, squash  # noqa: E402

KIT = HERE.parent.parent / "shared" / "eval" / "rc" / "score_rc.py"
SETS = {"cmrc-trial": ["--set", "cmrc-trial"], "drcd-dev": ["--set", "drcd-dev"],
        "union": ["--data", str(HERE / "data" / "union_articles.jsonl"),
                  "--kb-passages", "100", "--out-passages", "40"]}


def measure(keep: Path, rows: list[dict[str, Any]]) -> tuple[int, int, int, int, int]:
    """Of ``rows`` (the kit's answers.jsonl): refused answerable questions; those with the answer among
    the suggestions; ... as the first; ... in the passage offered with the refusal; ... in either."""
    engine = Engine.load(keep / "kb")
    refused = [row for row in rows if row["kb"] and row["verdict"] == "refused"]
    tap = first = passage = either = 0
    for row in refused:
        gold = [fold(g) for g in row["gold"] if fold(g)]
        hits = []
        for question in row["bot"]["suggestions"]:
            pair = engine.offers.exact(squash(question))
            hits.append(pair is not None and any(g in fold(pair.answer) for g in gold))
        place = row["bot"].get("passage")
        article = engine.knowledge.articles.get(place["article"]) if place else None
        paragraph = article.paragraph(place["paragraph"]) if article and place else None
        read = paragraph is not None and any(g in fold(paragraph.text) for g in gold)
        tap += any(hits)
        first += bool(hits and hits[0])
        passage += read
        either += any(hits) or read
    return len(refused), tap, first, passage, either


def offered(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Questions to refuse (about passages left out), and those refused with a passage offered anyway."""
    out = [row for row in rows if not row["kb"]]
    return len(out), sum(1 for row in out if row["bot"].get("passage"))


def main() -> int:
    init_nlp()
    for name, args in SETS.items():
        with tempfile.TemporaryDirectory(prefix="suggest.") as tmp:
            keep = Path(tmp) / "run"
            subprocess.run([sys.executable, str(KIT), *args, "--cmd", f"{sys.executable} -m bot", "--keep", str(keep)],
                           check=True, capture_output=True)
            rows = [json.loads(line) for line in (keep / "answers.jsonl").read_text("utf-8").splitlines()]
            refused, tap, first, passage, either = measure(keep, rows)
            outside, pointed = offered(rows)
        share = either / max(refused, 1)
        print(f"{name:11s} refused answerable {refused:4d}: answer one tap away {either:4d} ({share:.3f});"
              f" in a suggestion {tap:4d} (the first {first:4d}), in the passage offered {passage:4d};"
              f" questions to refuse offered a passage {pointed} of {outside}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
