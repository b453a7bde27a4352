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
the knowledge volume changed); the engine then keeps its index in this user's private directory in
the temp directory (see bot.core.cachedir), so that repeated checks stay fast.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
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
        from bot.answer.engine import Engine

        if not kb.is_dir():
            return False, f"unhealthy: the knowledge directory {kb} does not exist"
        engine = Engine.load(kb)
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


def knowledge_dir(kb: str | None) -> Path:
    """``--kb`` when given (not the default), else ``KNOWLEDGE_DIR`` as ``run`` reads it, else knowledge/."""
    if kb and kb != DEFAULT_KB:
        return Path(kb)
    return Path(os.environ.get("KNOWLEDGE_DIR", "").strip() or DEFAULT_KB)


def health(*, kb: str | None) -> int:
    """Print the one line of :func:`check_health` for ``--kb`` (see :func:`knowledge_dir`) and the question
    log the environment names (see :func:`question_log`); 0 when the bot can answer (degraded or not)."""
    healthy, line = check_health(knowledge_dir(kb), question_log=question_log(os.environ))
    print(line, flush=True)
    return 0 if healthy else 1
