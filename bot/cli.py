"""``python -m bot``: the one entry point. Each command is a function whose docstring is its help.

Library errors become one readable line here (``file:line: what is wrong``) and an exit code:
0 success, 1 invalid knowledge or seeds, 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.core.errors import BotError, ConfigError, KnowledgeError

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


def command(fn: Command) -> Command:
    COMMANDS[fn.__name__.removeprefix("cmd_")] = fn
    return fn


@command
def cmd_build(args: argparse.Namespace) -> int:
    """Build knowledge/generated/ from the seed files in seeds/: articles and generated Q&A pairs.

    Seed files: .txt or .md (UTF-8 or GB18030), .docx or .doc, or .html (.mht) saved from a browser. Prints the
    pairs each article yields and every piece of text set aside (file:line, reason), and warns
    (`warning: file:line: why`) where the split into articles is doubtful. A bad seed file is
    reported and skipped (its previous generated file is kept); the other files still build.
    Exit 1 if any seed failed.
    """
    from bot.knowledge.build import build_knowledge

    report = build_knowledge(Path(args.seeds), Path(args.kb))
    for line in report.lines:
        print(line)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if report.errors else 0


@command
def cmd_inspect(args: argparse.Namespace) -> int:
    """Show how seed files are read, without building: articles, what was set aside, doubtful splits.

    For each FILE: per article the line where it starts, its title (with its kickers and subtitles), byline,
    number of paragraphs and first words; then each piece of text set aside, with its line and
    reason; then the doubts (`file:line: why`); then how many characters are in articles and
    set aside. Exit 1 if a file cannot be read or holds no article.
    """
    from bot.core.errors import SeedError
    from bot.ingest.describe import describe
    from bot.ingest.pages import no_article, read_file

    status = 0
    for name in args.file:
        try:
            reading = read_file(Path(name))
        except SeedError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        print("\n".join(describe(reading, name)), flush=True)
        if not reading.articles:
            print(f"error: {no_article(name)}", file=sys.stderr)
            status = 1
    return status


@command
def cmd_check(args: argparse.Namespace) -> int:
    """Validate every knowledge file; print one `file:line: message` per problem (exit 1) or a summary."""
    from bot.knowledge.load import check_knowledge

    problems, summaries = check_knowledge(Path(args.kb))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    for line in summaries:
        print(line)
    return 0


@command
def cmd_ask(args: argparse.Namespace) -> int:
    """Answer questions: given as arguments, or one per stdin line with --jsonl (one JSON object per line).

    With --after ARTICLE each question is asked as a member asks right after an answer from that article
    (its id, an answer's source.article): one refused when read alone is read as a follow-up about it.
    """
    engine = _engine(args)
    after = args.after
    if after is not None and after not in engine.knowledge.articles:
        raise ConfigError(f"ask: --after {after}: no such article (an answer's source.article names one)")
    if args.jsonl:
        for line in sys.stdin:
            print(_json_line(engine.ask(line.rstrip("\r\n"), after=after).as_json()), flush=True)
        return 0
    if not args.question:
        raise ConfigError("ask: give a question, or --jsonl to read questions from stdin")
    from bot.present.render import plain, topics

    for question in args.question:
        answer = engine.ask(question, after=after)
        if args.json:
            print(_json_line(answer.as_json()), flush=True)
        else:
            print(plain(answer, topics=topics(engine.articles)), flush=True)
    return 0


def _json_line(obj: object) -> str:
    """One JSON object on one line, even for readers that split at U+2028/U+2029/U+0085."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


@command
def cmd_chat(args: argparse.Namespace) -> int:
    """Talk to the bot in this terminal: same answers, citations and suggestions as in Telegram."""
    from bot.present.chat import run_chat

    return run_chat(_engine(args), sys.stdin, sys.stdout)


@command
def cmd_run(args: argparse.Namespace) -> int:
    """Run the Telegram bot (long polling, or webhook when WEBHOOK_URL is set); settings from the environment."""
    from bot.telegram.app import run_bot

    # python-telegram-bot's own switch to its next major's time spans (RetryAfter.retry_after as a
    # timedelta). Without it every flood wait (429) logs a deprecation warning, and nothing here reads
    # those values as numbers. A deployer's own setting wins.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    return run_bot(kb=args.kb)


@command
def cmd_health(args: argparse.Namespace) -> int:
    """Check that the bot can answer: ask one of the knowledge's own questions, require a cited answer.

    Prints `ok: answered '<question>' from 《title》 in N ms` (exit 0); `degraded: answered …, but the
    question log cannot be written (<why>)` (exit 0: members are still answered); or `unhealthy: <why>`
    (exit 1). Used as the container HEALTHCHECK. The knowledge directory is --kb, else $KNOWLEDGE_DIR, else
    knowledge/; the question log is checked when QUESTION_LOG_SALT is set (DATABASE_URL, else DATA_DIR).
    """
    from bot.ops.health import health

    return health(kb=args.kb)


@command
def cmd_report(args: argparse.Namespace) -> int:
    """Write the questions the bot could not answer (or that got 👎), grouped, as a Q&A stub to fill in.

    The stub has the curated Q&A format with empty answers and, as comments, the closest article
    sentences. Fill in answer and source, then move it into knowledge/curated/ and run check.
    The log is --db, else $DATABASE_URL, else $DATA_DIR/questions.sqlite3 (DATA_DIR: data).
    """
    from bot.ops.report import report

    return report(kb=Path(args.kb), days=args.days, out=Path(args.out) if args.out else None, db=args.db)


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from bot.answer.engine import Engine

    return Engine.load(Path(args.kb), threshold=args.threshold)  # None: the fitted model's


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m bot",
        description="Union Q&A bot: answers members' questions from the union's news articles, with citations.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, fn in COMMANDS.items():
        doc = (fn.__doc__ or "").strip()
        p = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--kb", default="knowledge", metavar="DIR", help="knowledge directory (default: knowledge)")
        _options(name, p)
    return top


def _options(name: str, p: argparse.ArgumentParser) -> None:
    if name == "build":
        p.add_argument("--seeds", default="seeds", metavar="DIR", help="seed files (default: seeds)")
    if name == "inspect":
        p.add_argument("file", nargs="+", metavar="FILE", help="seed file(s) to read")
    if name in ("ask", "chat"):
        p.add_argument("--threshold", type=float, default=None,
                       help=f"confidence needed to answer, 0..1 (default: {_fitted_threshold()})")
    if name == "report":
        p.add_argument("--days", type=int, default=30, metavar="N", help="look back N days (default: 30)")
        p.add_argument("--out", default=None, metavar="FILE.yaml", help="write the stub here (default: print it)")
        p.add_argument("--db", default=None, metavar="PATH",
                       help="question log: SQLite file or postgresql:// URL "
                            "(default: $DATABASE_URL, else $DATA_DIR/questions.sqlite3)")
    if name == "ask":
        p.add_argument("question", nargs="*", help="question(s) to answer")
        mode = p.add_mutually_exclusive_group()
        mode.add_argument("--json", action="store_true", help="one JSON object per question")
        mode.add_argument("--jsonl", action="store_true", help="read questions from stdin, one per line")
        p.add_argument("--after", default=None, metavar="ARTICLE",
                       help="ask as a follow-up to an answer from this article (its id: source.article)")


def _fitted_threshold() -> str:
    """The fitted model's threshold, as --help shows it (a broken model file is reported when it is used)."""
    from bot.answer.model import ModelError, default_model

    try:
        return f"{default_model().threshold:g}, the fitted model's"
    except ModelError:
        return "the fitted model's, bot/answer/model.json"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing more to say
        sys.stderr.close()
        return 0
