"""Load benchmark: the union bot beside a bare python-telegram-bot echo bot, same fake Bot API.

    .venv/bin/python benchmarks/bench_telegram.py [--members 100] [--questions 2000]
        [--concurrency 1 8 32 true] [--kb knowledge] [--pool pairs|own] [--engine thread|inline] [--rate-limiter]

The fake server (tests/fakebot.py) runs in this process; each bot runs in a child process that
long-polls it, so the bot's CPU time (/proc/<pid>/stat, all threads) is its own. ``--members``
simulated members each ask, wait for the reply, and ask again, until ``--questions`` are
answered. Latency is from putting the update in the fake's queue to the bot's sendMessage
arriving there. The rate limiter is off by default: the fake enforces no flood limits, and
AIORateLimiter would cap every run at Telegram's 30 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import string
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from fakebot import FakeBotApi  # noqa: E402

TOKEN = "123456:" + (string.ascii_letters + string.digits + "_-")[:35]
OFF_TOPIC = ["明天天气怎么样", "你好", "how do I reset my password", "食堂几点开门", "工资什么时候发",
             "量子力学是什么", "谢谢", "会费怎么交", "<b>劳模</b> & 工匠", "劳模" * 300]


class BenchFake(FakeBotApi):
    """The strict fake, plus a future per member resolved when the bot sends that member a message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.waiting: dict[int, asyncio.Future[float]] = {}

    def _store(self, chat: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        msg = super()._store(chat, *args, **kwargs)
        future = self.waiting.pop(chat["id"], None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return msg


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its threads, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def questions(kb: Path, kind: str) -> list[str]:
    """``pairs``: the knowledge's own questions (as buttons and suggestions send them) and some off
    topic; ``own``: members' questions about other union stories (benchmarks/data/union_articles.jsonl),
    worded unlike any pair, so every one is searched."""
    from bot.knowledge.load import load_knowledge

    if kind == "own":
        lines = (REPO / "benchmarks" / "data" / "union_articles.jsonl").read_text("utf-8").splitlines()
        return [q["q"] for line in lines if line.strip() for q in json.loads(line)["qas"]]
    pool = [p.question for p in load_knowledge(kb).pairs]
    return pool + OFF_TOPIC * max(1, len(pool) // 40)


async def member(fake: BenchFake, user: int, asks: list[str], latencies: list[float]) -> int:
    answered = 0
    for text in asks:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        fake.waiting[user] = future
        sent_at = time.perf_counter()
        fake.private_text(user, text)
        try:
            latencies.append(await asyncio.wait_for(future, 60) - sent_at)
            answered += 1
        except TimeoutError:
            fake.waiting.pop(user, None)
    return answered


async def _started(fake: BenchFake, child: asyncio.subprocess.Process, kind: str) -> None:
    """Until the bot polls; a bot that dies first (e.g. an import error) ends the benchmark."""
    polling = asyncio.ensure_future(fake.wait_for_call("getUpdates", timeout=300))
    exited = asyncio.ensure_future(child.wait())
    await asyncio.wait({polling, exited}, return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        polling.cancel()
        raise SystemExit(f"the {kind} bot exited with code {child.returncode} before polling")
    exited.cancel()
    polling.result()


async def run_one(kind: str, concurrency: str, args: argparse.Namespace, pool: list[str]) -> dict[str, Any]:
    async with BenchFake(TOKEN) as fake:
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--child", kind, "--concurrency", concurrency, "--kb", str(args.kb),
            "--engine", args.engine, "--base-url", fake.base_url, *(["--rate-limiter"] if args.rate_limiter else []),
            cwd=REPO)
        try:
            await _started(fake, child, kind)
            users = list(range(1000, 1000 + args.members))
            await asyncio.gather(*(member(fake, u, [pool[i % len(pool)]], []) for i, u in enumerate(users)))
            per_member = [[pool[(u * 7 + i * 13) % len(pool)] for i in range(args.questions // args.members)]
                          for u in range(args.members)]
            latencies: list[float] = []
            cpu0, t0 = cpu_seconds(child.pid), time.perf_counter()
            counts = await asyncio.gather(*(member(fake, u, q, latencies) for u, q in zip(users, per_member,
                                                                                          strict=True)))
            wall, cpu = time.perf_counter() - t0, cpu_seconds(child.pid) - cpu0
            rejected = len(fake.rejected)
        finally:
            if child.returncode is None:
                child.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(child.wait(), 30)
    answered = sum(counts)
    latencies.sort()
    return {"bot": kind, "concurrency": concurrency, "asked": sum(map(len, per_member)), "answered": answered,
            "rejected": rejected, "exit": code, "wall_s": wall, "per_s": answered / wall,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "cpu_ms": 1000 * cpu / max(answered, 1)}


# ---------------------------------------------------------------- child processes: the bots


def child(kind: str, concurrency: str, base_url: str, kb: Path, engine_mode: str, rate_limiter: bool) -> int:
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    level: int | bool = True if concurrency == "true" else int(concurrency)
    if kind == "echo":
        async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.message is not None and update.message.text is not None
            await update.message.reply_text(update.message.text)

        builder = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(level)
        if rate_limiter:
            from telegram.ext import AIORateLimiter
            # the limiter changes the builder's type (ExtBot[None] to ExtBot[int]); builder keeps the first
            builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
        app: Any = builder.build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
    else:
        from dataclasses import replace

        from bot.answer.engine import Engine
        from bot.ops.settings import Settings
        from bot.telegram import handlers
        from bot.telegram.app import build_application

        if engine_mode == "inline":
            async def direct(fn: Any, *a: Any, **kw: Any) -> Any:
                return fn(*a, **kw)
            handlers.engine_call = direct
        settings = replace(Settings(token=TOKEN, api_base_url=base_url, rate_limit_per_minute=0),
                           concurrent_updates=level)
        app = build_application(settings, Engine.load(kb), **({} if rate_limiter else {"rate_limiter": None}))
    app.run_polling(allowed_updates=[Update.MESSAGE], poll_interval=0)
    return 0


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = ("bot", "concurrency", "answered", "rejected", "per_s", "p50_ms", "p99_ms", "cpu_ms")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["bot"], r["concurrency"], f'{r["answered"]}/{r["asked"]}', str(r["rejected"]),
                 f'{r["per_s"]:.0f}', f'{r["p50_ms"]:.1f}', f'{r["p99_ms"]:.1f}', f'{r["cpu_ms"]:.2f}']
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    pool = questions(args.kb, args.pool)
    rows = []
    for concurrency in args.concurrency:
        for kind in ("echo", "union"):
            row = await run_one(kind, concurrency, args, pool)
            print(f"  {kind:5} concurrency={concurrency:4}: {row['answered']}/{row['asked']} answered, "
                  f"p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, CPU {row['cpu_ms']:.2f} ms/question",
                  flush=True)
            rows.append(row)
    print()
    print(table(rows))
    for concurrency in args.concurrency:
        echo, union = (next(r for r in rows if r["bot"] == k and r["concurrency"] == concurrency)
                       for k in ("echo", "union"))
        print(f"concurrency {concurrency}: union/echo CPU per update = {union['cpu_ms'] / echo['cpu_ms']:.1f}x")


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=100)
    p.add_argument("--questions", type=int, default=2000)
    p.add_argument("--concurrency", nargs="+", default=["1", "8", "32", "true"])
    p.add_argument("--kb", type=Path, default=REPO / "knowledge")
    p.add_argument("--pool", choices=("pairs", "own"), default="pairs",
                   help="pairs: the knowledge's questions + off topic; own: benchmarks/data/union_articles.jsonl's")
    p.add_argument("--engine", choices=("thread", "inline"), default="thread",
                   help="run engine calls in a worker thread (as shipped) or directly on the loop")
    p.add_argument("--rate-limiter", action="store_true", help="keep AIORateLimiter on (Telegram's 30 msg/s)")
    p.add_argument("--child", choices=("echo", "union"), help=argparse.SUPPRESS)
    p.add_argument("--base-url", help=argparse.SUPPRESS)
    return p.parse_args(argv)


if __name__ == "__main__":
    ARGS = parse()
    if ARGS.child:
        sys.exit(child(ARGS.child, ARGS.concurrency[0], ARGS.base_url, ARGS.kb, ARGS.engine, ARGS.rate_limiter))
    asyncio.run(main(ARGS))
