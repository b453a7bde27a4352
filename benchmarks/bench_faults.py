"""Fault benchmark (issue #16): ``python -m bot run`` through four faults, before and after, side by side.

    .venv/bin/python benchmarks/bench_faults.py [--baseline REF] [--only unreadable slow log replicas]

Each scenario runs twice in this one run: with the code of ``--baseline`` (by default the merge base
with main: the code before the fixes, exported with ``git archive`` into a temporary directory) and
with this tree. The bot is the real ``python -m bot run`` in a child process, against the fake Bot
API (tests/fakebot.py) in this process; the failing stores are real (tests/failing_stores.py: a small
tmpfs, a throwaway PostgreSQL cluster; those scenarios are skipped, with the reason, without root or
PostgreSQL). Per scenario: questions answered / lost / answered twice, the bot's CPU seconds while the
scenario ran (/proc/<pid>/stat, all threads), the lines it logged meanwhile (of them ERROR or worse,
and traceback lines), and how it ended. The delays of the slow Bot API are real (2, 12 and 40 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from failing_stores import PgCluster, SmallDisk  # noqa: E402
from fakebot import FakeBotApi  # noqa: E402

from bot.ops.qlog_keeper import RETRY_EVERY  # noqa: E402

TOKEN = "123456:" + (string.ascii_letters + string.digits + "_-")[:35]
HOOK = "https://bot.example.org/tg/hook"
BAD_UPDATE = {"message": {"message_id": 900, "date": 1_700_000_000, "text": "会费怎么交？",
                          "chat": {"type": "private"}, "from": {"id": 99, "is_bot": False, "first_name": "x"}}}


@dataclass
class Code:
    name: str  # "before" or "after"
    root: Path  # where `python -m bot` is run (its bot/ package is the one imported)
    cache: Path


@dataclass
class Row:
    scenario: str
    code: str
    asked: int = 0
    answered: int = 0
    twice: int = 0
    cpu: float = 0.0
    lines: int = 0
    errors: int = 0
    traceback: int = 0
    end: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.asked - self.answered


class Bot:
    """One ``python -m bot run``; its stderr goes to a file, so that a flood never blocks it."""

    def __init__(self, code: Code, fake: FakeBotApi, kb: Path, log: Path, **env: str) -> None:
        self.code, self.fake, self.log = code, fake, log
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATA"))}
        self.env.pop("QUESTION_LOG_SALT", None)
        self.env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, KNOWLEDGE_DIR=str(kb),
                        UNIONBOT_CACHE_DIR=str(code.cache), PYTHONPATH=str(code.root), **env)
        self.proc: subprocess.Popen[bytes] | None = None
        self.mark = (0.0, 0)

    def start(self) -> Bot:
        with self.log.open("wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=self.code.root, env=self.env,
                                         stdout=subprocess.DEVNULL, stderr=err)
        return self

    def cpu(self) -> float:
        assert self.proc is not None
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def lines(self) -> list[str]:
        return self.log.read_text("utf-8", "replace").splitlines()

    def begin(self) -> None:
        """The scenario starts now: CPU and log lines are counted from here."""
        self.mark = (self.cpu(), len(self.lines()))

    def measure(self, row: Row) -> None:
        new = self.lines()[self.mark[1]:]
        row.cpu, row.lines = self.cpu() - self.mark[0], len(new)
        row.errors = sum(any(f" {level} " in line for level in ("ERROR", "CRITICAL")) for line in new)
        row.traceback = sum(line.startswith(("Traceback", "  File ")) for line in new)

    async def stop(self, row: Row) -> None:
        """SIGTERM; how it ended (exit code and seconds, or killed after 15 s)."""
        assert self.proc is not None
        if self.proc.poll() is not None:
            row.end = f"exited {self.proc.returncode} by itself"
            return
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        while self.proc.poll() is None and time.monotonic() - started < 15:
            await asyncio.sleep(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            row.end = "SIGTERM ignored: killed after 15 s"
        else:
            row.end = f"SIGTERM: exit {self.proc.returncode} in {time.monotonic() - started:.1f} s"

    def exited(self) -> bool:
        return self.proc is not None and self.proc.poll() is not None


async def started(bot: Bot, method: str = "getUpdates", timeout: float = 120) -> bool:
    """Until the bot polls (or sets its webhook); False if it exits first."""
    deadline = time.monotonic() + timeout
    while not bot.fake.calls_to(method):
        if bot.exited() or time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def answers(fake: FakeBotApi, members: Sequence[int], row: Row, *, wait: float) -> None:
    """Wait up to ``wait`` s for every member's answer (and a little longer for second copies); count them."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and not all(any(s.chat_id == m for s in fake.sent) for m in members):
        await asyncio.sleep(0.1)
    await asyncio.sleep(2.0)
    copies = [sum(s.chat_id == m for s in fake.sent) for m in members]
    row.asked += len(members)
    row.answered += sum(c > 0 for c in copies)
    row.twice += sum(c > 1 for c in copies)


def ask(fake: FakeBotApi, members: Sequence[int], question: str) -> None:
    for member in members:
        fake.private_text(member, question)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------- the scenarios


async def unreadable(code: Code, kb: Path, work: Path, question: str) -> list[Row]:
    """Fault 1: one update PTB cannot read (a chat without id), then 10 questions; 10 s measured."""
    rows = []
    for mode in ("polling", "webhook"):
        row = Row(f"1 unreadable update ({mode})", code.name)
        async with FakeBotApi(TOKEN) as fake:
            port = free_port()
            env = {"WEBHOOK_URL": HOOK, "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port),
                   "WEBHOOK_SECRET_TOKEN": "s3cret"} if mode == "webhook" else {}
            bot = Bot(code, fake, kb, work / f"unreadable-{mode}-{code.name}.log", **env).start()
            if await started(bot, "setWebhook" if mode == "webhook" else "getUpdates"):
                if mode == "webhook":
                    fake.route_webhook([f"http://127.0.0.1:{port}/tg/hook"])
                bot.begin()
                polls = len(fake.calls_to("getUpdates"))
                fake.inject(BAD_UPDATE)
                ask(fake, range(5000, 5010), question)
                started_at = time.monotonic()
                await answers(fake, range(5000, 5010), row, wait=8)
                await asyncio.sleep(max(0.0, 10 - (time.monotonic() - started_at)))
                bot.measure(row)
                if mode == "polling":
                    row.notes.append(f"{(len(fake.calls_to('getUpdates')) - polls) / 10:.1f} polls/s")
                else:
                    row.notes.append(f"the bad update answered {[d.status for d in fake.deliveries][:1]}")
            await bot.stop(row)
        rows.append(row)
    return rows


async def slow(code: Code, kb: Path, work: Path, question: str) -> list[Row]:
    """Fault 2: sendMessage answering after 2, 12 and 40 s (real), one member each, at the same time."""
    rows = []
    async with FakeBotApi(TOKEN) as fake:
        bot = Bot(code, fake, kb, work / f"slow-{code.name}.log").start()
        if await started(bot):
            bot.begin()
            for n, seconds in enumerate((2, 12, 40)):
                fake.delay_next("sendMessage", seconds)
                fake.private_text(6000 + n, question)
                await fake.wait_for(lambda n=n: len(fake.faulted) > n,  # type: ignore[misc]  # mypy#15459: n=n
                                     timeout=30, what="the slow call")
            await asyncio.sleep(45)
            for n, seconds in enumerate((2, 12, 40)):
                row = Row(f"2 sendMessage delayed {seconds} s", code.name)
                await answers(fake, [6000 + n], row, wait=0)
                rows.append(row)
            bot.measure(rows[0])
            rows[0].notes.append("CPU and log lines: all three")
        await bot.stop(rows[0] if rows else Row("2", code.name))
    return rows


@dataclass
class Store:
    """A question log's store that fails for real: its settings, how to break it, how to mend it."""

    settings: dict[str, str]
    breaks: Callable[[], None]
    mends: Callable[[], object]  # PgCluster.start returns the cluster
    remove: Callable[[], None]


def store(cause: str) -> Store:
    if cause == "PostgreSQL":
        pg = PgCluster().start()
        return Store({"DATABASE_URL": pg.database()}, pg.stop, pg.start, pg.remove)
    disk = SmallDisk(256 * 1024)
    breaks, mends = (disk.fill, disk.free) if cause == "full disk" else (disk.read_only, disk.writable)
    return Store({"DATA_DIR": str(disk.path / "data")}, breaks, mends, disk.remove)


async def log_fault(code: Code, kb: Path, work: Path, question: str, cause: str, when: str) -> Row:
    """Fault 3: the question log's store fails for real; 10 questions while it is broken, 5 as soon as it is
    mended and 5 more once the log has had time to try again (RETRY_EVERY)."""
    row, failing = Row(f"3 {cause} {when}", code.name), store(cause)
    try:
        if when == "at start":
            failing.breaks()
        async with FakeBotApi(TOKEN) as fake:
            bot = Bot(code, fake, kb, work / f"log-{cause}-{when}-{code.name}.log".replace(" ", "-"),
                      QUESTION_LOG_SALT="pepper", **failing.settings).start()
            if not await started(bot):
                row.asked, row.end = 20, f"exited {bot.proc.returncode if bot.proc else '?'} at start"
                bot.measure(row)
                return row
            if when == "while running":
                ask(fake, range(7000, 7005), question)
                await answers(fake, range(7000, 7005), Row("warm-up", code.name), wait=15)
                failing.breaks()
                bot.begin()
            else:
                bot.mark = (bot.cpu(), 0)  # the log lines of the start, when the store already failed
            # 10 questions while broken; 5 right after mending; 5 once the log has tried again (answers() waits 2 s)
            for members, mend_first, pause in ((range(7100, 7110), False, 0.0), (range(7200, 7205), True, 0.0),
                                               (range(7300, 7305), False, RETRY_EVERY - 1)):
                if mend_first:
                    failing.mends()
                await asyncio.sleep(pause)
                ask(fake, members, question)
                await answers(fake, members, row, wait=20)
            bot.measure(row)
            await bot.stop(row)
        row.notes.append(f"logged after mending: {logged(failing.settings, range(7200, 7205))}/5 at once, "
                         f"{logged(failing.settings, range(7300, 7305))}/5 {RETRY_EVERY + 1:g} s later")
    finally:
        failing.remove()
    return row


def logged(target: dict[str, str], members: range) -> int | str:
    """How many of ``members``' questions the log holds (it stores a salted hash per member)."""
    from bot.ops.qlog import SqlQuestionLog, hash_user

    where = target.get("DATABASE_URL") or str(Path(target["DATA_DIR"]) / "questions.sqlite3")
    try:
        log = SqlQuestionLog.open(where, salt=None)
    except Exception as exc:
        return f"? ({type(exc).__name__})"
    try:
        hashes = {hash_user(m, "pepper") for m in members}
        return sum(str(h) in hashes for (h,) in log.db.query("SELECT user_hash FROM questions"))
    finally:
        log.close()


async def replicas(code: Code, kb: Path, work: Path, question: str) -> list[Row]:
    """Fault 4: two webhook replicas without WEBHOOK_SECRET_TOKEN behind a round-robin proxy, 20 questions;
    then a scanner's 50 forged POSTs."""
    row, scan = Row("4 two replicas, no secret set", code.name), Row("4 50 forged POSTs", code.name)
    async with FakeBotApi(TOKEN) as fake:
        ports = [free_port(), free_port()]
        bots = [Bot(code, fake, kb, work / f"replica{n}-{code.name}.log", WEBHOOK_URL=HOOK,
                    WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port)).start() for n, port in enumerate(ports)]
        deadline = time.monotonic() + 120
        while len(fake.calls_to("setWebhook")) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)
        fake.route_webhook([f"http://127.0.0.1:{port}/tg/hook" for port in ports])
        for bot in bots:
            bot.begin()
        ask(fake, range(8000, 8020), question)
        await answers(fake, range(8000, 8020), row, wait=20)
        row.notes.append(f"{sum(d.status == 403 for d in fake.deliveries)} POSTs refused (403)")
        for bot in bots:
            part = Row("", "")
            bot.measure(part)
            row.cpu, row.lines, row.errors = row.cpu + part.cpu, row.lines + part.lines, row.errors + part.errors
        bots[0].begin()
        async with aiohttp.ClientSession() as http:
            for n in range(50):
                headers = {"X-Telegram-Bot-Api-Secret-Token": f"guess{n}"} if n % 2 else {}
                async with http.post(f"http://127.0.0.1:{ports[0]}/tg/hook", json={"update_id": n},
                                     headers=headers) as response:
                    await response.read()
        await asyncio.sleep(0.5)
        bots[0].measure(scan)
        scan.notes.append("answered: not applicable")
        for bot in bots:
            await bot.stop(row)
    return [row, scan]


# ---------------------------------------------------------------- running and printing


def checkout(ref: str, into: Path) -> Path:
    """The package as it was at ``ref``, in ``into`` (git archive: no worktree, no checkout)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "bot"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def table(rows: Sequence[Row]) -> str:
    head = ("scenario", "code", "answered", "lost", "twice", "CPU s", "log lines", "ERROR+", "traceback lines",
            "end", "notes")
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.scenario, r.code, f"{r.answered}/{r.asked}", str(r.lost), str(r.twice), f"{r.cpu:.2f}",
                 str(r.lines), str(r.errors), str(r.traceback), r.end, "; ".join(r.notes)]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


async def main(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    ref = args.baseline or subprocess.run(["git", "-C", str(REPO), "merge-base", "HEAD", "main"], check=True,
                                          capture_output=True, text=True).stdout.strip()
    before = checkout(ref, work / "before")
    codes = [Code("before", before, work / "cache-before"), Code("after", REPO, work / "cache-after")]
    from bot.answer.engine import Engine

    engine = Engine.load(args.kb, cache_dir=work / "cache-probe")
    question = next(q for q in engine.examples(5) if engine.ask(q).answered)
    print(f"baseline {ref[:10]} (before) vs this tree (after); question {question!r}; logs in {work}", flush=True)
    scenarios: list[tuple[str, Callable[[Code], Awaitable[list[Row]]]]] = [
        ("unreadable", lambda c: unreadable(c, args.kb, work, question)),
        ("slow", lambda c: slow(c, args.kb, work, question)),
        ("replicas", lambda c: replicas(c, args.kb, work, question)),
    ]
    stores = [why for why in (SmallDisk.unavailable(), PgCluster.unavailable()) if why]
    for cause, when in (("read-only DATA_DIR", "at start"), ("full disk", "at start"), ("full disk", "while running"),
                        ("PostgreSQL", "at start"), ("PostgreSQL", "while running")):
        blocked = SmallDisk.unavailable() if cause != "PostgreSQL" else PgCluster.unavailable()
        if blocked:
            print(f"skipped: 3 {cause} {when}: {blocked}")
            continue
        scenarios.append(("log", lambda c, cause=cause, when=when: _one(  # type: ignore[misc]  # mypy#15459
            log_fault(c, args.kb, work, question, cause, when))))
    rows: list[Row] = []
    for name, run in scenarios:
        if args.only and name not in args.only:
            continue
        for code in codes:
            found = await run(code)
            for row in found:
                print(f"  {row.scenario} [{row.code}]: {row.answered}/{row.asked} answered, {row.twice} twice, "
                      f"CPU {row.cpu:.2f} s, {row.lines} log lines; {row.end}", flush=True)
            rows += found
    print()
    print(table(rows))
    if stores:
        print("\nnot measured here: " + "; ".join(stores))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


async def _one(row: Awaitable[Row]) -> list[Row]:
    return [await row]


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--baseline", default=None, help="git ref of the code before (default: merge base with main)")
    p.add_argument("--only", nargs="*", choices=("unreadable", "slow", "log", "replicas"), default=None)
    p.add_argument("--kb", type=Path, default=REPO / "knowledge")
    p.add_argument("--keep", action="store_true", help="keep the bots' logs (the directory is printed)")
    return p.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
