"""What the Telegram bot says, as pure functions of the engine and the member's text.

Nothing here touches Telegram: a :class:`Reply` is Telegram HTML cut into messages that fit,
plus a keyboard spec of :class:`Button` rows. :mod:`bot.telegram.handlers` only sends them, so every
reply can be tested without a bot, a network or an event loop.

Callback data (≤ 64 bytes, checked when a button is made)::

    s:<suggestion id>        answer this suggested question
    o:<article>#p<n>         show the whole source paragraph ("原文")
    f:+:<answer id>          👍 on an answer; f:-:<answer id> is 👎
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from html import escape, unescape

from bot.answer.engine import Engine
from bot.core.answers import Answer, Citation
from bot.present.messages import Lang, say
from bot.present.render import TELEGRAM_LIMIT, clip, html, passage_place, source_lines, topics

CALLBACK_LIMIT = 64  # bytes: Telegram rejects longer callback_data
INLINE_ID_LIMIT = 64  # bytes: InlineQueryResult.id
INLINE_RESULTS = 5
PASSAGE_TITLE = 16  # characters of a title on a button (a phone shows about this many)
_PARAGRAPH_REF = re.compile(r"^([A-Za-z0-9_-]{1,40})#p(\d{1,4})$")


@dataclass(frozen=True)
class Button:
    """One inline keyboard button; ``data`` is its callback_data."""

    text: str
    data: str

    def __post_init__(self) -> None:
        # A longer callback_data makes Telegram reject the whole message, so fail where it is made.
        if len(self.data.encode()) > CALLBACK_LIMIT:
            raise ValueError(f"callback_data over {CALLBACK_LIMIT} bytes: {self.data!r}")


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    """Messages to send in order (Telegram HTML); the keyboard goes under the last one."""

    parts: tuple[str, ...]
    keyboard: Keyboard = ()
    answer: Answer | None = field(default=None, compare=False)  # for the question log


@dataclass(frozen=True)
class Card:
    """One inline-mode result: shown as title + description, sends ``html`` when picked."""

    id: str
    title: str
    description: str
    html: str


def pick_language(code: str | None, default: Lang = "zh") -> Lang:
    """The reply language for a Telegram ``language_code``: en-*, zh-*, else ``default``."""
    code = (code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith("zh"):
        return "zh"
    return default


def respond(engine: Engine, text: str, lang: Lang, *, after: str | None = None) -> Reply:
    """The reply to a question typed by a member (``after``: the article of their last answer, see
    :mod:`bot.present.threads`)."""
    return answer_reply(engine.ask(text, related=False, after=after), lang, topics(engine.articles))


def answer_reply(answer: Answer, lang: Lang, topic_list: Sequence[str] = ()) -> Reply:
    """An answer with 原文/👍/👎 buttons, or a refusal with "did you mean" buttons (and the passage that
    may hold the answer, under them)."""
    if not answer.answered:
        rows = tuple((Button(s.question, f"s:{s.id}"),) for s in answer.suggestions[:3])
        if answer.passage is not None:
            where = passage_place(answer.passage, lang, width=PASSAGE_TITLE)
            rows += ((Button(say("passage_button", lang, where=where), f"o:{_paragraph_ref(answer.passage)}"),),)
        return Reply(parts=_split_plain_html(html(answer, lang, topics=topic_list)), keyboard=rows, answer=answer)
    keyboard: Keyboard = ()
    if answer.source is not None and answer.pair_id:
        ref = _paragraph_ref(answer.source)
        keyboard = ((Button(say("original", lang), f"o:{ref}"),
                     Button("👍", f"f:+:{answer.pair_id}"), Button("👎", f"f:-:{answer.pair_id}")),)
    return Reply(parts=answer_parts(answer, lang), keyboard=keyboard, answer=answer)


def answer_parts(answer: Answer, lang: Lang) -> tuple[str, ...]:
    """``render.html`` of an answered question, the answer text cut so every message fits."""
    full = html(answer, lang)
    if _units(full) <= TELEGRAM_LIMIT:
        return (full,)
    tail = _units(html(replace(answer, text=""), lang))
    pieces = plain_chunks(answer.text, TELEGRAM_LIMIT - tail)
    return (*(escape(p) for p in pieces[:-1]), html(replace(answer, text=pieces[-1]), lang))


def original_reply(engine: Engine, ref: str, lang: Lang) -> Reply:
    """The whole source paragraph behind an answer ("原文"), with its citation."""
    found = _paragraph(engine, ref)
    if found is None:
        return Reply((escape(say("gone", lang)),))
    citation, text, truncated = found
    answer = Answer(question="", answered=True, text=text, source=citation, score=1.0, truncated=truncated,
                    paragraph_text=text)
    return Reply(answer_parts(answer, lang), answer=answer)


def suggestion_reply(engine: Engine, suggestion_id: str, lang: Lang, *, question: str | None = None) -> Reply:
    """The answer behind a "did you mean" or example button (``question``: the broad question it was
    offered for as an article to choose from, see :meth:`Engine.answer_id` and :mod:`bot.present.threads`)."""
    answer = engine.answer_id(suggestion_id, question=question)
    if answer is None:
        return Reply((escape(say("gone", lang)),))
    return answer_reply(answer, lang)


def example_buttons(engine: Engine, count: int = 3) -> tuple[Button, ...]:
    """Buttons for /start: example questions whose answers can be fetched by id."""
    buttons: list[Button] = []
    for question in engine.examples(count):
        pair_id = engine.ask(question).pair_id
        if pair_id and engine.answer_id(pair_id) is not None:
            buttons.append(Button(question, f"s:{pair_id}"))
    return tuple(buttons)


def welcome_reply(engine: Engine, lang: Lang, examples: Sequence[Button]) -> Reply:
    """/start and /help: what the bot knows, how to ask, and example questions as buttons."""
    lines = [say("welcome", lang), *(f"• {t}" for t in topics(engine.articles)), say("help_usage", lang)]
    if examples:  # last, right above the buttons it introduces
        lines.append(say("examples", lang))
    text = "\n".join(lines)
    return Reply(tuple(escape(p) for p in plain_chunks(text, TELEGRAM_LIMIT)),
                 tuple((b,) for b in examples))


def sources_reply(engine: Engine, lang: Lang) -> Reply:
    """/sources: every article the bot answers from, with its date when known."""
    lines = source_lines(engine.articles)
    text = "\n".join([say("sources", lang, n=len(lines)), *(f"• {line}" for line in lines)])
    return Reply(tuple(escape(p) for p in plain_chunks(text, TELEGRAM_LIMIT)))


def inline_cards(engine: Engine, query: str, lang: Lang, examples: Sequence[Button] = ()) -> list[Card]:
    """Inline mode: up to five cited answers; for an empty query, the example answers."""
    if query.strip():
        answers = engine.search(query, limit=INLINE_RESULTS)
    else:
        found = (engine.answer_id(b.data.removeprefix("s:")) for b in examples)
        answers = [a for a in found if a is not None]
    return [_card(i, a, lang) for i, a in enumerate(answers[:INLINE_RESULTS])]


def _card(index: int, answer: Answer, lang: Lang) -> Card:
    parts = answer_parts(answer, lang)
    if len(parts) > 1:  # an inline result is one message: shorten the text, keep the citation
        parts = answer_parts(replace(answer, text=answer.text[:1000] + "…"), lang)
    card_id = f"{index}:{answer.pair_id or ''}".encode()[:INLINE_ID_LIMIT].decode("ascii", "ignore")
    title = answer.matched or answer.text
    return Card(id=card_id, title=_clip(title, 100), description=_clip(answer.text, 200), html=parts[0])


def addressed_question(text: str, username: str, reply_to_bot: bool) -> str | None:
    """In a group: the question when the bot is @mentioned or replied to, else None (ignore it)."""
    mention = re.compile(rf"(?<![A-Za-z0-9_@])@{re.escape(username)}(?![A-Za-z0-9_])", re.IGNORECASE)
    if mention.search(text):
        return mention.sub(" ", text).strip()
    return text if reply_to_bot else None


def parse_callback(data: str) -> tuple[str, str]:
    """Split callback data into (kind, value): ("s", id), ("o", ref), ("+"/"-", id) or ("", "")."""
    kind, _, value = data.partition(":")
    if kind == "f":
        vote, _, value = value.partition(":")
        return (vote, value) if vote in ("+", "-") and value else ("", "")
    return (kind, value) if kind in ("s", "o") and value else ("", "")


def cited_article(callback_data: Iterable[str]) -> str | None:
    """The article a bot's message quotes, read from its buttons' callback data (the 原文 button of an
    answer, or of a refusal's passage: ``o:<article>#p<n>``); None when it has no such button."""
    for data in callback_data:
        kind, value = parse_callback(data)
        match = _PARAGRAPH_REF.match(value) if kind == "o" else None
        if match:
            return match.group(1)
    return None


def plain_chunks(text: str, limit: int) -> list[str]:
    """Cut plain ``text`` into pieces whose escaped HTML is at most ``limit`` UTF-16 units.

    Pieces break at line ends where a line fits, else between characters; a piece that is only
    whitespace is dropped because Telegram refuses empty messages.
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        cost = _units(escape(line))
        if cost > limit:
            for ch in line:
                ch_cost = _units(escape(ch))
                if size + ch_cost > limit:
                    chunks.append("".join(current))
                    current, size = [], 0
                current.append(ch)
                size += ch_cost
            continue
        if size + cost > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += cost
    chunks.append("".join(current))
    return [c for c in chunks if c.strip()] or [" "]


def _split_plain_html(markup: str) -> tuple[str, ...]:
    """Split HTML that has no tags (only escaped text) without cutting an entity in half."""
    return tuple(escape(p) for p in plain_chunks(unescape(markup), TELEGRAM_LIMIT))


def _paragraph_ref(source: Citation) -> str:
    return f"{source.article}#p{source.paragraph}"


def _paragraph(engine: Engine, ref: str) -> tuple[Citation, str, bool] | None:
    match = _PARAGRAPH_REF.match(ref)
    article = engine.knowledge.articles.get(match.group(1)) if match else None
    if match is None or article is None:
        return None
    paragraph = article.paragraph(int(match.group(2)))
    if paragraph is None:
        return None
    citation = Citation(title=article.full_title, byline=article.byline, article=article.id,
                        paragraph=paragraph.number, file=article.file)
    return citation, paragraph.text, paragraph.truncated


def _clip(text: str, limit: int) -> str:
    return clip(" ".join(text.split()), limit)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
