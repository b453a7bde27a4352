"""``python -m bot health``: prove that the bot can answer, for a container HEALTHCHECK or a probe.

The check loads the engine the way ``ask`` and ``run`` do (from the index cache when the knowledge
has not changed, so it is fast), asks a question taken from the knowledge itself (the first
generated Q&A pair, else the first curated one) and requires a cited answer. When the bot keeps a
question log (QUESTION_LOG_SALT is set), it also writes to it (a change of nothing, but a real
write: a read-only or full disk, or a PostgreSQL server gone, makes it fail). It prints one line:

* ``ok: answered '<question>' from 《title》 in N ms`` (exit 0);
* ``degraded: answered '<question>' from 《title》 in N ms, but the question log cannot be written
  (<why>)`` (exit 0: members are answered; the log is an accessory, so the container stays healthy
  and is not restarted for it; the bot logs the same fault, and admins see it in /stats);
* ``unhealthy: <why>`` (exit 1: the bot cannot answer).

With a read-only root file system the prebuilt cache directory cannot take a new index (e.g. after
the knowledge volume changed); the check then keeps its index in the temp directory so that
repeated checks stay fast, while jieba's dictionary still loads from the prebuilt cache.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.errors import BotError, KnowledgeError

if TYPE_CHECKING:
    from bot.core.answers import Answer

DEFAULT_KB = "knowledge"
NO_QUESTIONS = "unhealthy: the knowledge base in {kb} has no questions to test with"


def check_health(kb: Path, *, question_log: str | None = None) -> tuple[bool, str]:
    """``(healthy, one line)``: can the engine loaded from ``kb`` answer one of its own questions, and
    can the question log at ``question_log`` (a path or URL; None: no log) be written?"""
    started = time.perf_counter()
    try:
        from bot.answer.engine import Engine, fingerprint
        from bot.nlp.segment import init_jieba

        if not kb.is_dir():
            return False, f"unhealthy: the knowledge directory {kb} does not exist"
        configured = cache_dir()
        init_jieba(configured)  # the dictionary cache is prebuilt there (image build), even when read-only
        cache = _index_cache(configured, fingerprint(kb))
        engine = Engine.load(kb, cache_dir=cache)
        pairs = engine.knowledge.pairs
        probe = next((p for p in pairs if p.origin == "generated"), pairs[0] if pairs else None)
        if probe is None:
            return False, NO_QUESTIONS.format(kb=kb)
        answer = engine.ask(probe.question)
    except KnowledgeError as exc:
        first = exc.problems[0] if exc.problems else "invalid knowledge"
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        return False, f"unhealthy: invalid knowledge: {first}{more}"
    except (BotError, OSError) as exc:
        return False, f"unhealthy: {type(exc).__name__}: {exc}"
    except Exception as exc:  # a health check reports, it never crashes with a traceback
        return False, f"unhealthy: unexpected {type(exc).__name__}: {exc}"
    elapsed = round((time.perf_counter() - started) * 1000)
    if not answered_with_citation(answer):
        why = answer.reason or "no citation"
        return False, f"unhealthy: could not answer its own question '{probe.question}' ({why})"
    assert answer.source is not None
    answered = f"answered '{probe.question}' from 《{answer.source.title}》 in {elapsed} ms"
    trouble = log_problem(question_log) if question_log else None
    if trouble is not None:
        return True, f"degraded: {answered}, but the question log cannot be written ({trouble})"
    return True, f"ok: {answered}"


def log_problem(target: str) -> str | None:
    """Why the question log at ``target`` cannot be written, in one line; None when it can."""
    from bot.ops.qlog_db import open_backend

    try:
        db = open_backend(target)
    except BotError as exc:
        return " ".join(str(exc).split())
    try:
        db.execute("UPDATE schema_version SET version = version")  # written and committed, nothing changed
    except BotError as exc:
        return " ".join(str(exc).split())
    finally:
        db.close()
    return None


def question_log(env: Mapping[str, str]) -> str | None:
    """Where the bot keeps its question log, as ``run`` finds it; None when it keeps none."""
    from bot.ops.qlog import default_target

    return default_target(env) if env.get("QUESTION_LOG_SALT", "").strip() else None


def answered_with_citation(answer: Answer) -> bool:
    return bool(answer.answered and answer.text and answer.source is not None and answer.source.title)


def cache_dir() -> Path:
    """The engine's cache directory, as bot.index.cache finds it: ``UNIONBOT_CACHE_DIR`` or ~/.cache/unionbot."""
    return Path(os.environ.get("UNIONBOT_CACHE_DIR", Path.home() / ".cache" / "unionbot"))


def _index_cache(configured: Path, key: str) -> Path:
    """The configured cache when it has (or can take) this knowledge's index, else a temp one."""
    if (configured / f"kb-{key}.pickle").is_file() or _writable(configured):
        return configured
    return Path(tempfile.gettempdir()) / "unionbot-cache"


def _writable(directory: Path) -> bool:
    probe = directory / f".health-{os.getpid()}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def knowledge_dir(kb: str | None) -> Path:
    """``--kb`` when given (not the default), else ``KNOWLEDGE_DIR`` as ``run`` reads it, else knowledge/."""
    if kb and kb != DEFAULT_KB:
        return Path(kb)
    return Path(os.environ.get("KNOWLEDGE_DIR", "").strip() or DEFAULT_KB)


def cmd_health(args: argparse.Namespace) -> int:
    """Check that the bot can answer: ask one of the knowledge's own questions, require a cited answer.

    Prints `ok: answered '<question>' from 《title》 in N ms` (exit 0); `degraded: answered …, but the
    question log cannot be written (<why>)` (exit 0: members are still answered); or `unhealthy: <why>`
    (exit 1). Used as the container HEALTHCHECK. The knowledge directory is --kb, else $KNOWLEDGE_DIR, else
    knowledge/; the question log is checked when QUESTION_LOG_SALT is set (DATABASE_URL, else DATA_DIR).
    """
    healthy, line = check_health(knowledge_dir(getattr(args, "kb", None)), question_log=question_log(os.environ))
    print(line, flush=True)
    return 0 if healthy else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bot.ops.health [--kb DIR]``: the same check without the CLI dispatcher."""
    parser = argparse.ArgumentParser(prog="python -m bot.ops.health",
                                     description=(cmd_health.__doc__ or "").strip())
    parser.add_argument("--kb", default=DEFAULT_KB, metavar="DIR")
    return cmd_health(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
