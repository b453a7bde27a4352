"""Rendering an :class:`~bot.core.answers.Answer` as plain text (terminal) or Telegram HTML.

Both renderings say the same things in the same order: the answer, then the citation line
(《title》 · byline · paragraph), then suggestions. In HTML every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.core.answers import Answer, Citation
from bot.core.model import Article
from bot.present.messages import Lang, say

TELEGRAM_LIMIT = 4096
# An "unsure" answer without suggestions is worded as not covered (see _refusal), so it lists topics too.
_LISTS_TOPICS = ("not_covered", "unsure")


def citation_line(answer: Answer, lang: Lang) -> str:
    if answer.source is None:
        return ""
    src = answer.source
    parts = [f"《{src.title}》", src.byline, say("paragraph", lang, n=src.paragraph)]
    return " · ".join(p for p in parts if p)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def passage_place(source: Citation, lang: Lang, *, width: int = 0) -> str:
    """《title》 · paragraph of a passage offered with a refusal (the title cut to ``width`` if > 0)."""
    title = clip(source.title, width) if width else source.title
    return f"《{title}》 · {say('paragraph', lang, n=source.paragraph)}"


def plain(answer: Answer, lang: Lang = "zh", *, topics: Sequence[str] = ()) -> str:
    """The reply as terminal text; suggestions are numbered so a person can pick one."""
    if answer.answered:
        lines = [answer.text + (say("truncated", lang) if answer.truncated else ""),
                 f"—— {say('cite', lang)}：{citation_line(answer, lang)}"]
        return "\n".join(lines)
    lines = [_refusal(answer, lang)]
    if answer.suggestions:
        lines += [f"  {i}. {s.question}" for i, s in enumerate(answer.suggestions, 1)]
    if answer.passage is not None:
        lines.append("  " + say("passage", lang, where=passage_place(answer.passage, lang)))
    if _lists_topics(answer):
        lines += [f"  · {t}" for t in topics]
    return "\n".join(lines)


def html(answer: Answer, lang: Lang = "zh", *, topics: Sequence[str] = ()) -> str:
    """The reply as Telegram HTML (suggestions and a passage go in buttons, not in the text)."""
    if answer.answered:
        body = escape(answer.text) + (escape(say("truncated", lang)) if answer.truncated else "")
        return f"{body}\n\n<i>{escape(say('cite', lang))}：{escape(citation_line(answer, lang))}</i>"
    text = escape(_refusal(answer, lang))
    if _lists_topics(answer):
        text += "\n" + "\n".join(f"• {escape(t)}" for t in topics)
    return text


def _lists_topics(answer: Answer) -> bool:
    """A refusal with nothing nearer to offer (no suggestion, no passage) lists what the bot knows."""
    return not answer.suggestions and answer.passage is None and answer.reason in _LISTS_TOPICS


def _refusal(answer: Answer, lang: Lang) -> str:
    if answer.suggestions:
        return say("broad" if answer.reason == "broad" else "unsure", lang)
    if answer.passage is not None:
        return say("unsure_passage", lang)
    if answer.reason in ("chitchat", "empty"):
        return say(answer.reason, lang)
    return say("not_covered", lang)


def topics(articles: Sequence[Article]) -> list[str]:
    """One line per article: what the bot can answer about."""
    return [a.title for a in articles]


def source_lines(articles: Sequence[Article]) -> list[str]:
    return [f"《{a.full_title}》" + (f"（{a.date}）" if a.date else "") for a in articles]
