"""What the bot tells its operators (admins), as pure functions: :mod:`bot.telegram.admin` only sends them.

Like :mod:`bot.present.replies` for members: a :class:`~bot.present.replies.Reply` is escaped Telegram HTML cut
into messages that fit; the wording is in :mod:`bot.present.messages`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from bot.ops.qlog import Group
from bot.ops.report import unanswered_csv
from bot.present.messages import Lang, say
from bot.present.render import TELEGRAM_LIMIT
from bot.present.replies import Reply, plain_chunks

ADMIN_COMMANDS = ("stats", "reload", "unanswered")  # in the command menu of the admins' private chats
UNANSWERED_DAYS = 30
UNANSWERED_SHOWN = 20  # groups listed in the message; the CSV has up to UNANSWERED_CSV
UNANSWERED_CSV = 100
VARIANTS_SHOWN = 5  # wordings listed per group in the message; the CSV has them all
PROBLEMS_SHOWN = 10  # knowledge problems listed to admins; `check` lists them all
CSV_NAME = "unanswered.csv"


def escaped_reply(text: str) -> Reply:
    """Plain ``text`` as escaped HTML messages of at most 4096 characters each."""
    return Reply(tuple(escape(part) for part in plain_chunks(text, TELEGRAM_LIMIT)))


def unanswered_reply(groups: Sequence[Group], lang: Lang, *, days: int = UNANSWERED_DAYS,
                     shown: int = UNANSWERED_SHOWN, titles: Mapping[str, str] | None = None) -> Reply:
    """/unanswered: the most asked groups of unanswered (or 👎) questions, most asked first; a follow-up's
    group says which article it was asked after (``titles``: article id -> title; the id when unknown)."""
    if not groups:
        return escaped_reply(say("unanswered_none", lang, days=days))
    lines = [say("unanswered", lang, days=days, shown=min(shown, len(groups)))]
    for rank, group in enumerate(groups[:shown], 1):
        lines.append(say("unanswered_item", lang, rank=rank, question=group.question, count=group.count))
        variants = list(group.variants[:VARIANTS_SHOWN])
        if len(group.variants) > VARIANTS_SHOWN:
            variants.append(say("unanswered_more", lang, n=len(group.variants) - VARIANTS_SHOWN))
        if variants:
            lines.append("    " + say("unanswered_variants", lang, variants=" | ".join(variants)))
        if group.thread:
            title = (titles or {}).get(group.thread, group.thread)
            lines.append("    " + say("unanswered_after", lang, title=title))
    return escaped_reply("\n".join(lines))


def unanswered_document(groups: Sequence[Group]) -> bytes:
    """The CSV attachment: :func:`bot.ops.report.unanswered_csv` in UTF-8 with a byte order mark,
    so that Excel (and WPS) show the Chinese instead of guessing a legacy encoding."""
    return unanswered_csv(groups).encode("utf-8-sig")


def unanswered_caption(groups: Sequence[Group], lang: Lang, *, days: int = UNANSWERED_DAYS) -> str:
    return escape(say("unanswered_csv", lang, days=days, n=len(groups)))


def reload_failed_reply(problems: Sequence[str], lang: Lang) -> Reply:
    """Knowledge that could not be loaded: ``file:line: message`` per problem, as ``check`` prints them."""
    lines = [say("reload_failed", lang, n=len(problems)), *problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(say("reload_more", lang, n=len(problems) - PROBLEMS_SHOWN))
    return escaped_reply("\n".join(lines))
