"""What the question log shows people: the curator's report, the CSV export and the stats chart.

``python -m bot report`` turns the questions the bot could not answer (or that got 👎) into a
curated Q&A stub (``knowledge/curated/*.yaml`` format) with empty answers to fill in and, as
comments, the article sentences the engine finds closest. The stub is deliberately not valid
knowledge until someone writes the answers: a guessed answer must never reach a member.
"""

from __future__ import annotations

import csv
import io
import math
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import numpy as np
import yaml

from bot.core.answers import Answer
from bot.core.errors import ConfigError
from bot.core.model import Knowledge
from bot.ops.qlog import Day, Group, QuestionLog, SqlQuestionLog, default_target

REPORT_LIMIT = 100  # question groups in one report: more than a curator fills in at a sitting
COMMENT_TEXT = 80  # characters of a suggested source sentence shown in its comment
HEADER = """\
# 会员问过、机器人没能回答（或被点了👎）的问题，最近 {days} 天，由 python -m bot report 于 {day} 生成。
# 按被问的次数排序，相近的问法已归为一组（alternatives）。
#
# 怎样使用：
#   1. 逐条填写 answer（最好直接摘抄原文），并把 source 改成答案出处的文章编号和段落号；
#      每条下面的注释列出了可能的出处，可以从中选一条。
#   2. 不需要回答的条目整条删掉；可以把 question 和 alternatives 改成更通顺的说法。
#   3. 把文件移到 knowledge/curated/ 下，运行 python -m bot check，没有报错即可生效。
# 注意：answer 为空时这个文件不是有效的知识文件，check 会报错，这是为了防止把没写答案的问题交给机器人。
"""


class SearchEngine(Protocol):
    """What the report needs from :class:`bot.answer.engine.Engine`."""

    knowledge: Knowledge

    def search(self, question: str, *, limit: int = 5) -> list[Answer]: ...

    def ask(self, question: str) -> Answer: ...

    def answer_id(self, suggestion_id: str) -> Answer | None: ...


def unanswered_csv(groups: Sequence[Group]) -> str:
    """Groups as CSV (``count,question,variants,after``; variants joined with `` | ``; after: the article
    id a follow-up was asked after, or empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["count", "question", "variants", "after"])
    for group in groups:
        writer.writerow([group.count, group.question, " | ".join(group.variants), group.thread or ""])
    return out.getvalue()


def stats_chart_png(daily: Sequence[Day]) -> bytes | None:
    """Questions per day (bars) and answered rate (line) as a PNG; None without matplotlib."""
    try:
        from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
        from matplotlib.ticker import MaxNLocator  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    # Figure without pyplot: no global state, safe in a worker thread of the bot.
    figure = Figure(figsize=(8, 4), dpi=100, layout="constrained")
    bars = figure.add_subplot()
    days = np.array([d.date for d in daily], dtype="datetime64[D]")
    bars.bar(days, [d.questions for d in daily], color="#4c72b0")
    bars.set_ylabel("questions per day")
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    rate = bars.twinx()
    # A day without questions has no rate: a gap in the line, not a drop to 0 %.
    rate.plot(days, [d.answered_rate * 100 if d.questions else math.nan for d in daily],
              color="#dd8452", marker="o")
    rate.set_ylim(0, 100)
    rate.set_ylabel("answered %")
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_report(log: QuestionLog, engine: SearchEngine, *, days: int, out: Path | None,
                 now: datetime | None = None, limit: int = REPORT_LIMIT) -> str:
    """The stub for the unanswered questions of the last ``days``; also written to ``out`` if given."""
    when = now or datetime.now(UTC)
    groups = log.unanswered(days=days, limit=limit, now=when)
    stamp = when.strftime("%Y%m%d")
    entries = [_entry(f"todo-{stamp}-{n:03d}", group, engine) for n, group in enumerate(groups, 1)]
    text = HEADER.format(days=days, day=when.date().isoformat()) + "\nversion: 1\n"
    text += ("qa:\n" + "".join(entries)) if entries else "qa: []\n"
    if out is not None:
        _write(out, text)
    return text


def _entry(identifier: str, group: Group, engine: SearchEngine) -> str:
    entry = {"id": identifier, "question": group.question, "alternatives": list(group.variants),
             "answer": "", "source": {"article": "", "paragraph": 0}, "tags": []}
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=1_000_000)
    # A follow-up (几点开门) is about the article its members had just been answered from: it is named,
    # and its title helps find the sentences that may answer it.
    article = engine.knowledge.articles.get(group.thread) if group.thread else None
    title = article.title if article is not None else ""
    # Two suggested pairs may quote the same sentence: list it once.
    hints = list(dict.fromkeys(_hint(answer) for answer in _sources(engine, f"{title} {group.question}".strip())))
    if hints:
        hints.insert(0, "  # 可能的出处（选一条填进 source）：")
    else:
        hints = ["  # 没有找到相近的原文：这个问题可能不在文章里，可以删掉这一条。"]
    lines = body.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  source:"))
    lines[at:at] = hints
    asked = f"# 问了 {group.count} 次"
    if group.thread:
        asked += f"，是会员读完文章 {group.thread}" + (f"《{title}》" if title else "") + " 的回答后接着问的"
    return asked + "\n" + "\n".join(lines) + "\n"


def _sources(engine: SearchEngine, question: str) -> list[Answer]:
    found = engine.search(question, limit=3)
    if found:
        return found
    near = (engine.answer_id(s.id) for s in engine.ask(question).suggestions)
    return [answer for answer in near if answer is not None and answer.source is not None]


def _hint(answer: Answer) -> str:
    assert answer.source is not None  # search and answer_id only return cited answers
    text = " ".join(answer.text.split())
    text = text if len(text) <= COMMENT_TEXT else text[:COMMENT_TEXT - 1] + "…"
    where = f"{{article: {answer.source.article}, paragraph: {answer.source.paragraph}}}"
    return f"  #   {where}  《{answer.source.title}》 {text}"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(f"report: cannot write {path}: {exc.strerror or exc}") from None


def report(*, kb: Path, days: int, out: Path | None, db: str | None) -> int:
    """``python -m bot report``: the stub of the last ``days``' unanswered questions of the log ``db``
    (else $DATABASE_URL, else $DATA_DIR/questions.sqlite3), written to ``out`` or printed; the answers'
    hints come from the knowledge in ``kb``."""
    from bot.answer.engine import Engine

    if days < 1:
        raise ConfigError("report: --days must be at least 1")
    target = db or default_target(os.environ)
    if "://" not in target and not Path(target).is_file():
        raise ConfigError(f"report: no question log at {target} (run the bot first, or give --db)")
    log = SqlQuestionLog.open(target, salt=None)
    try:
        text = write_report(log, Engine.load(kb), days=days, out=out)
    finally:
        log.close()
    if out is None:
        sys.stdout.write(text)
    else:
        count = sum(line.startswith("- id: ") for line in text.splitlines())
        print(f"{out}: {count} question group(s) to answer")
    return 0
