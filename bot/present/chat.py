"""``chat``: the Telegram conversation in a terminal, for trying the bot without a token.

Same engine, same replies: an answer with its citation, or numbered suggestions that can be
picked by typing their number. ``/help``, ``/sources`` and ``/quit`` work as in Telegram.
"""

from __future__ import annotations

import time
from typing import TextIO

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.present.messages import say
from bot.present.render import plain, source_lines, topics
from bot.present.threads import Threads


def reply(engine: Engine, line: str, pending: tuple[str, ...],
          thread: Threads[int] | None = None) -> tuple[str, tuple[str, ...]]:
    """The terminal reply to one input line, and the suggestion ids a number may pick next; ``thread``
    holds the article of the last answer, after which a question is read as a follow-up."""
    text = line.strip()
    if text in ("/start", "/help"):
        examples = "\n".join(f"  · {q}" for q in engine.examples())
        body = "\n".join(f"  · {t}" for t in topics(engine.articles))
        return f"{say('welcome')}\n{body}\n{say('examples')}\n{examples}\n{say('help_usage')}", ()
    if text == "/sources":
        lines = source_lines(engine.articles)
        return say("sources", n=len(lines)) + "\n" + "\n".join(f"  · {s}" for s in lines), ()
    answer: Answer | None = None
    now = time.monotonic()
    if text.isdigit() and 1 <= int(text) <= len(pending):
        picked = pending[int(text) - 1]
        answer = engine.answer_id(picked, question=thread.chosen(0, picked, now) if thread else None)
    if answer is None:
        answer = engine.ask(text, after=thread.after(0, now) if thread else None)
    if thread is not None:
        thread.keep(0, answer, now)
    return plain(answer, topics=topics(engine.articles)), tuple(s.id for s in answer.suggestions)


def run_chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    stdout.write(reply(engine, "/start", ())[0] + "\n")
    pending: tuple[str, ...] = ()
    thread: Threads[int] = Threads()
    while True:
        if interactive:
            stdout.write("\n> ")
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in ("/quit", "/exit"):
            return 0
        if not line.strip():
            continue
        text, pending = reply(engine, line, pending, thread)
        stdout.write(text + "\n")
        stdout.flush()
