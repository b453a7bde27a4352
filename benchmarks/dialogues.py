"""Conversations: a member asks about a story, then asks on as members do, and the bot keeps a thread
(:mod:`bot.present.threads`, as the Telegram bot and ``chat`` keep one). Is each turn answered rightly?

    python benchmarks/dialogues.py --data benchmarks/data/union_dialogues.jsonl

Each line of the file is a story in ``score_rc.py``'s format (id, title, text) with a ``dialogue``: the
turns one member types in one chat, in order, each ``{"q", "gold"}`` (``gold``: answer strings, or null
when the story does not answer it: it must be refused) and, for a turn that switches to another story of
the file, ``"about"``: that story's id. All stories go into one knowledge base (written as the kit writes
them) and every dialogue is asked twice: each turn alone, and in one conversation with a thread. Verdicts
are the kit's (right: a gold string in an answer from the story the turn is about), by kind of turn:
the first, a follow-up on the same story, one the story leaves open, a switch to another story, and a
follow-up after the switch.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import fit_data  # noqa: E402
from bot.answer.model import default_model  # noqa: E402
from bot.present.threads import Threads  # noqa: E402

KINDS = ("first", "follow-up", "left open", "switch", "after the switch")


def load(path: Path) -> list[dict[str, Any]]:
    """The stories of ``path``; a bad line raises ValueError ``file:line: what is wrong``."""
    stories = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            story = json.loads(line)
            assert all(isinstance(story[k], str) for k in ("id", "title", "text"))
            assert all(isinstance(t["q"], str) and (t["gold"] is None or isinstance(t["gold"], list))
                       for t in story["dialogue"])
        except (ValueError, KeyError, TypeError, AssertionError):
            raise ValueError(f"{path}:{n}: not a story with id, title, text and a dialogue of q/gold turns") from None
        stories.append(story)
    return stories


def kinds(dialogue: list[dict[str, Any]], own: str) -> list[str]:
    """The kind of each turn (see KINDS)."""
    out, about = [], own
    for i, turn in enumerate(dialogue):
        target = turn.get("about", own)
        if i == 0:
            out.append("first")
        elif turn["gold"] is None:
            out.append("left open")
        elif target != about:
            out.append("switch")
        else:
            out.append("after the switch" if target != own else "follow-up")
        about = target
    return out


def converse(stories: list[dict[str, Any]]) -> collections.Counter[str]:
    """Ask every dialogue alone and in a conversation: "way kind verdict" -> turns."""
    kit, counts = fit_data.score_rc(), collections.Counter[str]()
    titles = {s["id"]: s["title"] for s in stories}
    with fit_data.engine_of(stories, model=default_model()) as engine:
        for story in stories:
            thread: Threads[int] = Threads()
            for n, (turn, kind) in enumerate(zip(story["dialogue"], kinds(story["dialogue"], story["id"]),
                                                 strict=True)):
                row = {"kb": turn["gold"] is not None, "title": titles[turn.get("about", story["id"])],
                       "gold": turn["gold"] or []}
                alone = engine.ask(turn["q"], related=False)
                talked = engine.ask(turn["q"], related=False, after=thread.after(0, float(n)))
                thread.keep(0, talked, float(n))
                for way, answer in (("alone", alone), ("in a conversation", talked)):
                    said = kit.verdict(row, answer.as_json())
                    counts[f"{way}|{kind}|{'wrong' if said.startswith(('wrong', 'answered')) else said}"] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="stories with dialogues (union_dialogues.jsonl)")
    args = ap.parse_args()
    try:
        stories = load(args.data)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = converse(stories)
    print(f"{args.data.name}: {len(stories)} stories, {sum(len(s['dialogue']) for s in stories)} turns, "
          "one knowledge base; right / wrong / refused (turns)")
    for kind in KINDS:
        for way in ("alone", "in a conversation"):
            n = sum(counts[f"{way}|{kind}|{v}"] for v in ("right", "wrong", "refused"))
            if n:
                print(f"{kind:17} {way:18} " + "  ".join(f"{v} {counts[f'{way}|{kind}|{v}'] / n:.3f}"
                                                       for v in ("right", "wrong", "refused")) + f"  ({n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
