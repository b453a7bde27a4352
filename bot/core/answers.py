"""The answer a member gets: what every front end (``ask``, ``chat``, Telegram) renders.

The engine (:mod:`bot.answer.engine`) produces :class:`Answer`; front ends only render it. Suggestion
ids fit in Telegram's 64-byte ``callback_data`` so that a "did you mean" button can carry one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    """Where an answer was taken from."""

    title: str
    byline: str
    article: str  # article id
    paragraph: int
    file: str  # seed file name

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "byline": self.byline, "article": self.article,
                "paragraph": self.paragraph, "file": self.file}


@dataclass(frozen=True)
class Suggestion:
    """A near miss offered as "did you mean": ``id`` is short (≤ 40 ASCII bytes)."""

    id: str
    question: str


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    answered: bool
    text: str = ""  # the article's own sentence(s), trimmed; "" when not answered
    source: Citation | None = None
    score: float = 0.0  # the fitted model's probability that the answer is right, 0..1
    matched: str | None = None  # the knowledge question (or sentence) that matched
    suggestions: tuple[Suggestion, ...] = field(default=())
    pair_id: str | None = None  # id of the matched pair or sentence locator
    paragraph_text: str = ""  # the whole source paragraph, for the "原文" button
    truncated: bool = False  # the source sentence was cut off by the page layout
    reason: str = ""  # why not answered: "empty", "chitchat", "not_covered", "unsure" or "broad"
    # With an "unsure" refusal: the paragraph the likeliest sentence stands in, offered to read (its
    # answer is there for most refused questions that have one: README, "Refusals that still help").
    passage: Citation | None = None
    # A follow-up answered after an earlier answer (bot.answer.followup): that answer's article id; None
    # when the question was answered (or refused) as read alone.
    follows: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The public ``ask --json`` / ``--jsonl`` object (a stable contract, see README)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "source": self.source.as_json() if self.source else None,
            "score": round(self.score, 4),
            "matched": self.matched,
            "suggestions": [s.question for s in self.suggestions],
            "passage": self.passage.as_json() if self.passage else None,
            "follows": self.follows,
        }
