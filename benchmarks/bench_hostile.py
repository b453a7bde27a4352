"""Worst-case inputs: how long the whole answer path takes for hostile 4,096-character messages.

For each kind of input (the rows of tests/telegram/test_hostile.py's WORST, and a few more), times
``engine.ask`` and ``bot.present.replies.respond`` (engine + layout + HTML, what a handler runs in its
worker thread) against a plain 20-character question as the baseline, and prints a markdown table:
median and worst of ``--repeat`` runs, and the ratio to the baseline's median. No test asserts
these numbers; they show whether a member can make the bot slow with one message.

A second table does the same for what ``build`` runs on an operator's file: sentence splitting of
4,096-character runs of marks (against splitting the first seed page) and question generation over
the first seed page's articles (each run with jieba's token cache cleared).

    .venv/bin/python benchmarks/bench_hostile.py                 # knowledge/ of the repository
    .venv/bin/python benchmarks/bench_hostile.py --kb DIR --repeat 50
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answer.engine import Engine  # noqa: E402
from bot.ingest.pages import parse_page  # noqa: E402
from bot.ingest.sentences import split_sentences  # noqa: E402
from bot.nlp.orgs import tokens  # noqa: E402
from bot.present.replies import respond  # noqa: E402
from bot.qgen.generate import generate_pairs  # noqa: E402

LIMIT = 4096
INPUTS: dict[str, str] = {
    "Chinese, one word repeated": ("劳模" * LIMIT)[:LIMIT],
    "Chinese, a question repeated": ("工会会员怎么入会" * LIMIT)[:LIMIT],
    # rare characters jieba does not know: its HMM tagger (posseg) spends milliseconds on each one
    "Chinese, distinct characters": "".join(chr(0x4E00 + (i * 7919) % 20902) for i in range(LIMIT)),
    "Chinese, distinct, 20 characters": "".join(chr(0x4E00 + (i * 7919) % 20902) for i in range(20)),
    "emoji": "😀" * LIMIT,
    "emoji ZWJ sequences": ("👨‍👩‍👧‍👦" * LIMIT)[:LIMIT],
    "combining marks": "a" + "\u0301" * (LIMIT - 1),
    "RTL override + Chinese": ("\u202e劳模" * LIMIT)[:LIMIT],
    "zero-width spaces": "\u200b" * LIMIT,
    "lone surrogates": "\ud800" * LIMIT,
    "HTML": ("<b>&amp;</b>" * LIMIT)[:LIMIT],
    "Markdown": ("*劳模* _工会_ `x` [a](b) " * LIMIT)[:LIMIT],
    "SQL": ("'; DROP TABLE questions; --" * LIMIT)[:LIMIT],
    "digits": "1" * LIMIT,
    "ASCII words": ("union member fee how to pay " * LIMIT)[:LIMIT],
    "one long line of spaces": " " * LIMIT,
    "newlines": "\n" * LIMIT,
}

SEED = ROOT / "seeds" / "000_5287d6df03cc26e1.txt"
MARKS: dict[str, str] = {  # runs of the marks a sentence ends with (tests/ingest/test_sentences.py's)
    "stops": "。" * LIMIT,
    "ellipses": "…" * LIMIT,
    "closing quotes": "”" * LIMIT,
    "stop, quote": "。”" * (LIMIT // 2),
    "no stop": "工" * LIMIT,
    "single ellipses": "…工" * (LIMIT // 2),
}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", default=str(ROOT / "knowledge"), help="knowledge directory")
    parser.add_argument("--repeat", type=int, default=20, help="runs per input (default: 20)")
    args = parser.parse_args()

    engine = Engine.load(Path(args.kb))
    examples = engine.examples(30)
    baseline = max(examples, key=lambda q: (min(len(q), 20), -len(q)))[:20]  # a plain question of ~20 characters
    engine.ask(baseline)  # warm up (jieba, caches)
    rows: list[tuple[str, int, list[float], list[float]]] = [
        (f"baseline: {baseline!r}", len(baseline), timed(lambda: engine.ask(baseline), args.repeat),
         timed(lambda: respond(engine, baseline, "zh"), args.repeat))]
    for name, text in INPUTS.items():
        rows.append((name, len(text), timed(functools.partial(engine.ask, text), args.repeat),
                     timed(functools.partial(respond, engine, text, "zh"), args.repeat)))

    base = statistics.median(rows[0][3])
    print(f"{len(engine.knowledge.pairs)} Q&A pairs, {args.repeat} runs per input; times in ms\n")
    print("| input | chars | ask median | ask worst | respond median | respond worst | × baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, chars, ask, reply in rows:
        print(f"| {name} | {chars} | {statistics.median(ask):.2f} | {max(ask):.2f} | "
              f"{statistics.median(reply):.2f} | {max(reply):.2f} | {statistics.median(reply) / base:.1f} |")
    build_table(args.repeat)
    return 0


def build_table(repeat: int) -> None:
    """What ``build`` spends on hostile seed text, against splitting the first seed page."""
    page = SEED.read_text(encoding="utf-8")
    articles = parse_page(page, file=SEED.name)

    def generate() -> None:
        tokens.cache_clear()
        for article in articles:
            generate_pairs(article)

    rows = [("baseline: split_sentences, the first seed page", len(page), timed(lambda: split_sentences(page), repeat))]
    rows += [(f"split_sentences, {name}", len(text), timed(functools.partial(split_sentences, text), repeat))
             for name, text in MARKS.items()]
    rows.append((f"generate_pairs, the first seed page's {len(articles)} articles", len(page), timed(generate, repeat)))
    base = statistics.median(rows[0][2])
    print("\n| build step | chars | median | worst | × baseline |")
    print("|---|---:|---:|---:|---:|")
    for name, chars, runs in rows:
        median = statistics.median(runs)
        print(f"| {name} | {chars} | {median:.2f} | {max(runs):.2f} | {median / base:.1f} |")


if __name__ == "__main__":
    raise SystemExit(main())
