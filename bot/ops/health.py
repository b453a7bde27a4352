"""``python -m bot health``: prove that the bot can answer, for a container HEALTHCHECK or a probe.

The check loads the engine the way ``ask`` and ``run`` do (from the index cache when the knowledge
has not changed, so it is fast), asks a question taken from the knowledge itself (the first
generated Q&A pair, else the first curated one) and requires a cited answer. It prints one line,
``ok: answered '<question>' from 《title》 in N ms`` or ``unhealthy: <why>``, and exits 0 or 1.

With a read-only root file system the prebuilt cache directory cannot take a new index (e.g. after
the knowledge volume changed); the engine then keeps its index in this user's private directory in
the temp directory (see bot.core.cachedir), so that repeated checks stay fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.errors import BotError, KnowledgeError

if TYPE_CHECKING:
    from bot.core.answers import Answer

DEFAULT_KB = "knowledge"
NO_QUESTIONS = "unhealthy: the knowledge base in {kb} has no questions to test with"


def check_health(kb: Path) -> tuple[bool, str]:
    """``(healthy, one line)``: can the engine loaded from ``kb`` answer one of its own questions?"""
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
    return True, f"ok: answered '{probe.question}' from 《{answer.source.title}》 in {elapsed} ms"


def answered_with_citation(answer: Answer) -> bool:
    return bool(answer.answered and answer.text and answer.source is not None and answer.source.title)


def knowledge_dir(kb: str | None) -> Path:
    """``--kb`` when given (not the default), else ``KNOWLEDGE_DIR`` as ``run`` reads it, else knowledge/."""
    if kb and kb != DEFAULT_KB:
        return Path(kb)
    return Path(os.environ.get("KNOWLEDGE_DIR", "").strip() or DEFAULT_KB)


def health(*, kb: str | None) -> int:
    """Print the one line of :func:`check_health` for ``--kb`` (see :func:`knowledge_dir`); 0 when healthy."""
    healthy, line = check_health(knowledge_dir(kb))
    print(line, flush=True)
    return 0 if healthy else 1
